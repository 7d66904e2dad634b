package idrecog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"io"
)

// Request is a recognition request. Its JSON form is the contract's request
// body; Go callers may instead set the raw-bytes or image fields, which take
// precedence over the base64 strings.
type Request struct {
	IDImage        string `json:"idImage,omitempty"`        // front, base64 without a data: prefix
	IssuingCountry string `json:"issuingCountry,omitempty"` // ISO 3166-1 alpha-3 or ICAO special code
	IDType         string `json:"idType,omitempty"`         // government_id, passport, ...
	IDBackImage    string `json:"idBackImage,omitempty"`    // back, base64
	CallbackURL    string `json:"callbackUrl,omitempty"`    // set: asynchronous

	FrontBytes []byte      `json:"-"` // encoded front image (JPEG, PNG, ...)
	BackBytes  []byte      `json:"-"` // encoded back image
	Front      image.Image `json:"-"` // already decoded front
	Back       image.Image `json:"-"` // already decoded back
}

// Response is the contract's successful response.
type Response struct {
	APIType       string       `json:"apiType"`
	TransactionID string       `json:"transactionId"`
	Result        *Result      `json:"result,omitempty"`
	Diagnostics   *Diagnostics `json:"diagnostics,omitempty"`
}

// Result is the "result" object of a response.
type Result struct {
	Data         Data   `json:"data"`
	ReviewFront  bool   `json:"review_front"`
	ReviewBack   bool   `json:"review_back"`
	DocumentType string `json:"document_type"`
}

// Data holds the raw per-field readings and the flat ocr summary.
type Data struct {
	Raw Raw `json:"raw"`
	OCR OCR `json:"ocr"`
}

// Raw maps raw field keys (name, number, surname, birth_date, ...) to their
// readings. The "rotate" key is carried separately and always present.
type Raw struct {
	Fields map[string]RawField
	Rotate string // "0", "90", "180" or "270"
}

// RawField is one field as read from the document.
type RawField struct {
	Value               string       `json:"value"`
	Score               int          `json:"score"`
	Accepted            *bool        `json:"accepted,omitempty"`
	Coordinates         *Coordinates `json:"coordinates,omitempty"`
	OriginalCoordinates *Coordinates `json:"original_coordinates,omitempty"`
}

// Coordinates are the four corners of a field: first top-left, second
// top-right, third bottom-right, fourth bottom-left on the upright document.
type Coordinates struct {
	First  Corner `json:"first"`
	Second Corner `json:"second"`
	Third  Corner `json:"third"`
	Fourth Corner `json:"fourth"`
}

// Corner is an integer pixel position.
type Corner struct {
	X int `json:"x"`
	Y int `json:"y"`
}

// OCR is the flat summary; every key is always present.
type OCR struct {
	FullName       string `json:"ocr_fullName"`
	FirstName      string `json:"ocr_firstName"`
	MiddleName     string `json:"ocr_middleName"`
	LastName       string `json:"ocr_lastName"`
	Gender         string `json:"ocr_gender"`
	Nationality    string `json:"ocr_nationality"`
	BirthDate      string `json:"ocr_birthDate"`
	IdentityNumber string `json:"ocr_identityNumber"`
	IssueDate      string `json:"ocr_issueDate"`
	ExpireDate     string `json:"ocr_expireDate"`
	Version        string `json:"ocr_version"`
	Number         string `json:"ocr_number"`
	FullMRZ        string `json:"full_mrz"`
	MRZLine1       string `json:"mrz_line1"`
	MRZLine2       string `json:"mrz_line2"`
	MRZLine3       string `json:"mrz_line3,omitempty"` // only for three-line (TD1) MRZs
}

// Diagnostics carries what the contract does not: why review was asked,
// check-digit detail, image quality, timings. Present only when
// Options.Diagnostics is set.
type Diagnostics struct {
	ReviewReasons []string `json:"reviewReasons,omitempty"`
	MRZ           any      `json:"mrz,omitempty"`
	// Reader names what read a document without an MRZ: "aamva",
	// "template:<name>" or "generic"; Document is its detail.
	Reader    string             `json:"reader,omitempty"`
	Document  map[string]any     `json:"document,omitempty"`
	Quality   map[string]any     `json:"quality,omitempty"`
	TimingsMS map[string]float64 `json:"timingsMs,omitempty"`
	Notes     []string           `json:"notes,omitempty"`
}

// APIType is the value of every response's apiType.
const APIType = "id_recognition"

// MarshalJSON writes the field map and "rotate":{"value":"…"} as one object
// with sorted keys. Rotate defaults to "0". '<' and '>' (MRZ fillers) are
// not escaped here; the enclosing encoder's SetEscapeHTML decides.
func (r Raw) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(r.Fields)+1)
	for k, v := range r.Fields {
		m[k] = v
	}
	rot := r.Rotate
	if rot == "" {
		rot = "0"
	}
	m["rotate"] = struct {
		Value string `json:"value"`
	}{rot}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// UnmarshalJSON reads what MarshalJSON writes: "rotate" goes to Rotate,
// every other key to Fields.
func (r *Raw) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	r.Fields = make(map[string]RawField, len(m))
	r.Rotate = ""
	for k, v := range m {
		if k == "rotate" {
			var rot struct {
				Value string `json:"value"`
			}
			if err := json.Unmarshal(v, &rot); err != nil {
				return fmt.Errorf("idrecog: raw.rotate: %w", err)
			}
			r.Rotate = rot.Value
			continue
		}
		var f RawField
		if err := json.Unmarshal(v, &f); err != nil {
			return fmt.Errorf("idrecog: raw.%s: %w", k, err)
		}
		r.Fields[k] = f
	}
	return nil
}

// WriteJSON writes v (a *Response or an *Error) as indented JSON without
// HTML escaping, so that MRZ fillers stay '<'.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
