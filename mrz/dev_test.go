package mrz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// devDir finds shared/datasets/dev beside the module root.
func devDir(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Skip(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "datasets", "dev")
	if _, err := os.Stat(filepath.Join(d, "truth.json")); err != nil {
		t.Skip("shared/datasets/dev/truth.json not available")
	}
	return d
}

func TestDevTruth(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(devDir(t), "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth []struct {
		File   string            `json:"file"`
		MRZ    []string          `json:"mrz"`
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth) == 0 {
		t.Fatal("no entries")
	}
	for _, e := range truth {
		t.Run(e.File, func(t *testing.T) {
			r, err := Parse(e.MRZ, refNow)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Valid {
				t.Errorf("not valid: %v", r.Errors)
			}
			got := map[string]string{
				"lastName": r.Surname, "firstName": r.GivenNames, "number": r.DocumentNumber,
				"nationality": r.Nationality, "gender": r.Sex,
				"birthDate": r.BirthDate.String(), "expireDate": r.ExpiryDate.String(),
			}
			if r.Format == TD3 {
				got["identityNumber"] = r.OptionalData1
			}
			for k, g := range got {
				want, ok := e.Fields[k]
				if !ok {
					continue
				}
				if g != want {
					t.Errorf("%s = %q, want %q", k, g, want)
				}
			}
		})
	}
}
