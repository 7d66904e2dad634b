package idrecog

import (
	"encoding/json"
	"net/http"
)

// Error is a contract error: an HTTP status, the contract's errorCode and a
// message made of the code's fixed text plus an optional detail. Use
// errors.As to get one out of any error the package returns.
type Error struct {
	Status int    // HTTP status, 400 for every contract code
	Code   int    // the contract's errorCode
	Detail string // optional, appended to the fixed text after ": "
	Err    error  // optional cause, for errors.Is/As through Unwrap; not shown in JSON
}

// Contract error codes.
const (
	CodeWorkspaceUnavailable = 1001
	CodeProcessFailed        = 1003
	CodeIDImageRequired      = 1005
	CodeCountryRequired      = 1006
	CodeAnalyzeFailed        = 1009
	CodeCallbackRequired     = 1010
	CodeRecognizeFailed      = 1011
	CodeBackFailed           = 1012
	CodeInvalidImage         = 1013
	CodeIDTypeRequired       = 1014
	CodeInvalidInputs        = 1015
)

var codeText = map[int]string{
	CodeWorkspaceUnavailable: "Workspace is unavailable",
	CodeProcessFailed:        "Fail to process data",
	CodeIDImageRequired:      "idImage is required",
	CodeCountryRequired:      "issuingCountry is required",
	CodeAnalyzeFailed:        "Fail to analyze data",
	CodeCallbackRequired:     "callbackUrl is required",
	CodeRecognizeFailed:      "Fail to recognize idCard",
	CodeBackFailed:           "Fail to recognize back of an idCard",
	CodeInvalidImage:         "Invalid image format",
	CodeIDTypeRequired:       "idType is required",
	CodeInvalidInputs:        "invalid inputs : missing fields",
}

// NewError returns the contract error for code with an optional detail.
func NewError(code int, detail string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Detail: detail}
}

// wrapError returns the contract error for code whose detail is the text of
// cause and which unwraps to cause.
func wrapError(code int, cause error) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Detail: cause.Error(), Err: cause}
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Message is the fixed text of the code, followed by ": detail" if any.
func (e *Error) Message() string {
	msg := codeText[e.Code]
	if msg == "" {
		msg = "error"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *Error) Error() string { return "idrecog: " + e.Message() }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, ErrInvalidImage) works whatever the detail.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// MarshalJSON gives {"errorCode":1005,"message":"idImage is required"}.
func (e *Error) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code    int    `json:"errorCode"`
		Message string `json:"message"`
	}{e.Code, e.Message()})
}

// Sentinels for errors.Is; the errors returned carry their own detail.
var (
	ErrWorkspaceUnavailable = NewError(CodeWorkspaceUnavailable, "")
	ErrProcessFailed        = NewError(CodeProcessFailed, "")
	ErrIDImageRequired      = NewError(CodeIDImageRequired, "")
	ErrCountryRequired      = NewError(CodeCountryRequired, "")
	ErrAnalyzeFailed        = NewError(CodeAnalyzeFailed, "")
	ErrCallbackRequired     = NewError(CodeCallbackRequired, "")
	ErrRecognizeFailed      = NewError(CodeRecognizeFailed, "")
	ErrBackFailed           = NewError(CodeBackFailed, "")
	ErrInvalidImage         = NewError(CodeInvalidImage, "")
	ErrIDTypeRequired       = NewError(CodeIDTypeRequired, "")
	ErrInvalidInputs        = NewError(CodeInvalidInputs, "")
)
