package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

type mrzOut struct {
	Format string            `json:"format"`
	Valid  bool              `json:"valid"`
	Fields map[string]any    `json:"fields"`
	Checks []json.RawMessage `json:"checks"`
	Error  string            `json:"error"`
}

func runMRZText(t *testing.T, args []string, stdin string) (int, []mrzOut) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"mrz"}, args...), strings.NewReader(stdin), &out, &errb)
	var res []mrzOut
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if line == "" {
			continue
		}
		var o mrzOut
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		res = append(res, o)
	}
	return code, res
}

func TestMRZCommandArgs(t *testing.T) {
	code, res := runMRZText(t, []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, "")
	if code != 0 || len(res) != 1 {
		t.Fatalf("exit %d, %d results", code, len(res))
	}
	r := res[0]
	if r.Format != "TD3" || !r.Valid || r.Fields["birthDate"] != "1974-08-12" || r.Fields["givenNames"] != "ANNA MARIA" || len(r.Checks) != 5 {
		t.Errorf("got %+v", r)
	}
}

func TestMRZCommandStdinKeepsGoing(t *testing.T) {
	in := "not an mrz\n" +
		"I<UTOD231458907<<<<<<<<<<<<<<<|7408122F1204159UTO<<<<<<<<<<<6|ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n" +
		// one broken check digit (birth date 2 → 3): still parsed, not valid
		"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<|D231458907UTO7408123F1204159<<<<<<<6\n"
	_, res := runMRZText(t, nil, in)
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	if res[0].Valid || res[0].Error == "" {
		t.Errorf("garbage: %+v", res[0])
	}
	if res[1].Format != "TD1" || !res[1].Valid {
		t.Errorf("TD1: %+v", res[1])
	}
	if res[2].Format != "TD2" || res[2].Valid || res[2].Fields["surname"] != "ERIKSSON" {
		t.Errorf("broken TD2: %+v", res[2])
	}
}

func TestMRZCommandJSONL(t *testing.T) {
	_, res := runMRZText(t, []string{"-jsonl"}, `["IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<","9409923102854CORINNE<<<<<<<6512068F4"]`+"\n")
	if len(res) != 1 || res[0].Format != "FRENCH_ID" || !res[0].Valid {
		t.Errorf("got %+v", res)
	}
}
