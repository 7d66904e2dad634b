package docread

import (
	"image"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/ocr"
)

// col lays bracketed reads down a column at x, one row every 90 px.
func col(x int, reads ...string) []codeWord {
	var out []codeWord
	for i, r := range reads {
		out = append(out, codeWord{text: r, box: image.Rect(x, 200+90*i, x+40, 225+90*i)})
	}
	return out
}

func TestAssignCodes(t *testing.T) {
	want := map[string]bool{}
	for _, c := range []string{"A", "B", "C.1.1", "C.1.2", "C.1.3", "D.1", "D.2", "D.3", "E", "F.1", "G", "H", "I", "J", "P.1", "P.2", "P.3", "R", "S.1"} {
		want[c] = true
	}
	tests := []struct {
		name  string
		words []codeWord
		codes []string
	}{
		{"exact reads", col(80, "(A)", "(B)", "(C.1.1)"), []string{"A", "B", "C.1.1"}},
		{"misread letters put back", col(80, "(8)", "(A)", "(0.3)"), []string{"B", "A", "D.3"}},
		{"gap filled in order", col(1560, "(F.1)", "(S)", "(H)", "()", "(9)", "(P2)", "(P.2)", "(R3)", "(R)", "(S.1)"),
			[]string{"F.1", "G", "H", "I", "J", "P.1", "P.2", "P.3", "R", "S.1"}},
		{"a code read twice is placed by order", col(80, "(C.1.2)", "(C.2.3)", "(D.2)", "(0.2)", "(D.3)"),
			[]string{"C.1.2", "C.1.3", "D.1", "D.2", "D.3"}},
		{"not a code", col(80, "(CZE)"), []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := assignCodes(tt.words, want)
			for i, w := range got {
				if w.code != tt.codes[i] {
					t.Errorf("word %d %q: code %q, want %q", i, w.text, w.code, tt.codes[i])
				}
			}
		})
	}
}

func TestMergeReads(t *testing.T) {
	a := ocr.Text{Lines: []ocr.Line{{Value: "성명 정동철", Box: image.Rect(0, 200, 300, 240)}}}
	b := ocr.Text{Lines: []ocr.Line{
		{Value: "13-21-382730-90", Box: image.Rect(300, 120, 600, 160)},
		{Value: "정동철", Box: image.Rect(60, 200, 300, 238)},
		{Value: " ", Box: image.Rect(0, 0, 10, 10)},
	}}
	got, n := mergeReads(a, b)
	if n != 1 || len(got.Lines) != 2 || got.Lines[0].Value != "13-21-382730-90" {
		t.Errorf("mergeReads: %d added, lines %+v", n, got.Lines)
	}
	if len(a.Lines) != 1 {
		t.Error("mergeReads changed its input")
	}
}

func TestHangulStart(t *testing.T) {
	for in, want := range map[string]string{
		"(= fz - 광주광역시 북구 올림픽로 235": "광주광역시 북구 올림픽로 235",
		"서울특별시 종로구\n105동 (x)":       "서울특별시 종로구\n105동 (x)",
		"Seoul 12":                  "Seoul 12",
		"":                          "",
	} {
		if got := hangulStart(in); got != want {
			t.Errorf("hangulStart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKoreanOffice(t *testing.T) {
	for v, want := range map[string]bool{
		"서울특별시 종로구청장":   true,
		"경기도남부경찰청장":     true,
		"충청 북도경찰청":      true,
		"인천광역시 APTA EE": false,
		"충남지방경찰청전 112":  false,
		"":              false,
	} {
		if got := koreanOffice(v); got != want {
			t.Errorf("koreanOffice(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestCapDiacritics(t *testing.T) {
	sr := &sideRead{fields: map[string]readField{
		"surname":                 {f: doctype.Field{Key: "surname", Kind: doctype.KindName}, value: "PROCHAZKOVA", score: 93},
		"address":                 {f: doctype.Field{Key: "address", Kind: doctype.KindAddress}, value: "Husova 20", score: 94},
		"registration_number":     {f: doctype.Field{Key: "registration_number", Kind: doctype.KindText, Whitelist: "ABC0123"}, value: "8YL 5681", score: 91},
		"first_registration_date": {f: doctype.Field{Key: "first_registration_date", Kind: doctype.KindDate}, value: "2024-02-24", score: 96},
		"name":                    {f: doctype.Field{Key: "name", Kind: doctype.KindName, Lang: "kor"}, value: "홍길동", score: 90},
	}}
	capDiacritics(sr)
	for k, want := range map[string]int{"surname": fields.ReviewScore - 1, "address": 70, "registration_number": 91, "first_registration_date": 96, "name": 90} {
		if got := sr.fields[k].score; got != want {
			t.Errorf("%s: score %d, want %d", k, got, want)
		}
	}
	if len(sr.review) != 1 || !strings.Contains(sr.review[0], "surname") {
		t.Errorf("review reasons %q, want one naming surname", sr.review)
	}
}

func FuzzAssignCodes(f *testing.F) {
	f.Add("(8)", "(A)", "(C,11)", 80, 1560)
	f.Add("()", "(P2)", "(P.2)", 80, 80)
	f.Add("(0", "{R)", "(CZE)", 0, 0)
	want := map[string]bool{"A": true, "B": true, "C.1.1": true, "I": true, "J": true, "P.1": true, "P.2": true, "R": true}
	f.Fuzz(func(t *testing.T, a, b, c string, x1, x2 int) {
		x1, x2 = x1%3000, x2%3000
		ws := []codeWord{
			{text: a, box: image.Rect(x1, 200, x1+40, 225)},
			{text: b, box: image.Rect(x2, 290, x2+40, 315)},
			{text: c, box: image.Rect(x1, 380, x1+40, 405)},
		}
		seen := map[string]bool{}
		for _, w := range assignCodes(ws, want) {
			if w.code == "" {
				continue
			}
			if seen[w.code] {
				t.Fatalf("code %s given twice: %+v", w.code, ws)
			}
			seen[w.code] = true
		}
	})
}
