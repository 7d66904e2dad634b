package idrecog

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestRawJSON(t *testing.T) {
	yes := true
	raw := Raw{Fields: map[string]RawField{
		"surname": {Value: "ERIKSSON", Score: 97},
		"mrz":     {Value: "P<UTO", Score: 90, Accepted: &yes},
		"number": {Value: "L898902C3", Score: 95, Accepted: &yes,
			Coordinates: &Coordinates{Corner{1, 2}, Corner{3, 2}, Corner{3, 4}, Corner{1, 4}}},
	}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // json.Marshal would write '<' as \u003c
	if err := enc.Encode(raw); err != nil {
		t.Fatal(err)
	}
	b := bytes.TrimSpace(buf.Bytes())
	want := `{"mrz":{"value":"P<UTO","score":90,"accepted":true},` +
		`"number":{"value":"L898902C3","score":95,"accepted":true,"coordinates":{"first":{"x":1,"y":2},"second":{"x":3,"y":2},"third":{"x":3,"y":4},"fourth":{"x":1,"y":4}}},` +
		`"rotate":{"value":"0"},"surname":{"value":"ERIKSSON","score":97}}`
	if string(b) != want {
		t.Errorf("Marshal:\n got %s\nwant %s", b, want)
	}
	for i := 0; i < 20; i++ { // map order must not leak into the output
		if again, _ := json.Marshal(raw); string(again) != strings.ReplaceAll(string(b), "<", `\u003c`) {
			t.Fatal("Raw JSON is not deterministic")
		}
	}
	var back Raw
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	raw.Rotate = "0"
	if !reflect.DeepEqual(back, raw) {
		t.Errorf("round trip = %+v, want %+v", back, raw)
	}
	for _, bad := range []string{`[]`, `{"rotate":{"value":90}}`, `{"number":{"score":"high"}}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestOCRKeysAlwaysPresent(t *testing.T) {
	b, err := json.Marshal(OCR{})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	keys := "ocr_fullName ocr_firstName ocr_middleName ocr_lastName ocr_gender ocr_nationality ocr_birthDate " +
		"ocr_identityNumber ocr_issueDate ocr_expireDate ocr_version ocr_number full_mrz mrz_line1 mrz_line2"
	for _, k := range strings.Fields(keys) {
		if _, ok := m[k]; !ok {
			t.Errorf("empty OCR lacks %s", k)
		}
	}
	if len(m) != 15 {
		t.Errorf("empty OCR has %d keys, want 15 (mrz_line3 only for TD1): %v", len(m), m)
	}
}
