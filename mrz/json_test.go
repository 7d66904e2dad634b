package mrz

import (
	"encoding/json"
	"testing"
)

func TestAppendJSON(t *testing.T) {
	r, err := Parse(specimens[0].lines, refNow)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Format string           `json:"format"`
		Valid  bool             `json:"valid"`
		Lines  []string         `json:"lines"`
		Fields map[string]any   `json:"fields"`
		Checks []map[string]any `json:"checks"`
		Corr   []map[string]any `json:"corrections"`
		Errors []string         `json:"errors"`
	}
	b, _ := json.Marshal(r)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	if got.Format != "TD3" || !got.Valid || len(got.Lines) != 2 || got.Lines[0] != specimens[0].lines[0] {
		t.Errorf("header wrong: %s", b)
	}
	for k, v := range map[string]string{"documentCode": "P", "issuingState": "UTO", "documentNumber": "L898902C3",
		"optionalData1": "ZE184226B", "birthDate": "1974-08-12", "birthDateRaw": "740812", "sex": "F",
		"expiryDate": "2012-04-15", "expiryDateRaw": "120415", "nationality": "UTO", "surname": "ERIKSSON", "givenNames": "ANNA MARIA"} {
		if got.Fields[k] != v {
			t.Errorf("fields[%s] = %v, want %q", k, got.Fields[k], v)
		}
	}
	if len(got.Checks) != 5 || got.Checks[4]["field"] != "composite" || got.Checks[4]["valid"] != true {
		t.Errorf("checks %v", got.Checks)
	}

	b = AppendJSON(nil, []string{"not \"an\" mrz\x01\xff"}, nil, ErrNotMRZ)
	var bad map[string]any
	if err := json.Unmarshal(b, &bad); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	if bad["valid"] != false || bad["error"] != ErrNotMRZ.Error() {
		t.Errorf("error object %s", b)
	}
}

func TestAppendJSONErrorsAndCorrections(t *testing.T) {
	r, err := Parse([]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C37UTO74O8122F1204159ZE184226B<<<<<10"}, refNow)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Valid  bool             `json:"valid"`
		Checks []map[string]any `json:"checks"`
		Corr   []map[string]any `json:"corrections"`
		Errors []string         `json:"errors"`
	}
	b := AppendJSON(nil, nil, r, nil)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	if got.Valid || len(got.Errors) == 0 || len(got.Corr) != 1 || got.Corr[0]["from"] != "O" || got.Corr[0]["to"] != "0" {
		t.Errorf("%s", b)
	}
	if got.Checks[0]["field"] != "documentNumber" || got.Checks[0]["valid"] != false || got.Checks[0]["got"] != "7" || got.Checks[0]["want"] != "6" {
		t.Errorf("checks %v", got.Checks)
	}
}
