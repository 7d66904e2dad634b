package idrecog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestErrorMessageAndJSON(t *testing.T) {
	tests := []struct {
		err  *Error
		msg  string
		json string
	}{
		{NewError(CodeIDImageRequired, ""), "idImage is required", `{"errorCode":1005,"message":"idImage is required"}`},
		{NewError(CodeInvalidImage, `base64 must not start with "data:image/png;base64,"`),
			`Invalid image format: base64 must not start with "data:image/png;base64,"`,
			`{"errorCode":1013,"message":"Invalid image format: base64 must not start with \"data:image/png;base64,\""}`},
		{NewError(CodeInvalidInputs, ""), "invalid inputs : missing fields", `{"errorCode":1015,"message":"invalid inputs : missing fields"}`},
		{NewError(4242, ""), "error", `{"errorCode":4242,"message":"error"}`},
	}
	for _, tt := range tests {
		if got := tt.err.Message(); got != tt.msg {
			t.Errorf("Message() = %q, want %q", got, tt.msg)
		}
		if got := tt.err.Error(); got != "idrecog: "+tt.msg {
			t.Errorf("Error() = %q", got)
		}
		b, err := json.Marshal(tt.err)
		if err != nil || string(b) != tt.json {
			t.Errorf("json = %s, %v; want %s", b, err, tt.json)
		}
		if tt.err.Status != 400 {
			t.Errorf("Status = %d, want 400", tt.err.Status)
		}
	}
}

func TestErrorIsAsUnwrap(t *testing.T) {
	err := fmt.Errorf("outer: %w", NewError(CodeInvalidImage, "truncated"))
	if !errors.Is(err, ErrInvalidImage) {
		t.Error("errors.Is(wrapped 1013, ErrInvalidImage) = false")
	}
	if errors.Is(err, ErrIDImageRequired) {
		t.Error("errors.Is(1013, ErrIDImageRequired) = true")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalidImage || e.Detail != "truncated" {
		t.Errorf("errors.As = %+v", e)
	}
	w := wrapError(CodeProcessFailed, context.Canceled)
	if !errors.Is(w, context.Canceled) || !errors.Is(w, ErrProcessFailed) {
		t.Errorf("wrapError(1003, Canceled) does not match both the code and the cause")
	}
	if w.Message() != "Fail to process data: context canceled" {
		t.Errorf("wrapError message = %q", w.Message())
	}
}
