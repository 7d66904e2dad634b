package bench

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/synth"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadSynth(t *testing.T) {
	td1 := synth.Truth{
		File: "0002.jpg", BackFile: "0002-back.jpg", IssuingCountry: "UTO", IDType: "government_id",
		Level: "photo", Format: "TD1",
		MRZ:  []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
		View: synth.View{Rotate: "90"},
		Expected: synth.Expected{
			OCR:          idrecog.OCR{LastName: "ERIKSSON", Gender: "F"},
			DocumentType: "government_id",
		},
		Fields: map[string]synth.Field{
			"surname": {Value: "ERIKSSON", Quad: box(1, 2, 3, 4), OriginalQuad: box(10, 20, 30, 40), Side: "front"},
			"sex":     {Value: "F/F", Normalized: "F"},
		},
	}
	b, err := json.Marshal(td1)
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"0002.json":  string(b),
		"0001.json":  `{"file":"0001.png","issuingCountry":"UTO","idType":"passport","mrz":["A","B"],"rotate":"180"}`,
		"other.json": `[1,2,3]`,
		"meta.json":  `{"seed":7}`,
	})
	docs, kind, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if kind != KindSynth || len(docs) != 2 {
		t.Fatalf("kind %q, %d docs; want synth, 2", kind, len(docs))
	}
	d0, d1 := docs[0], docs[1]
	if d0.ID != "0001" || d0.Rotate != "180" || d0.Back != "" || d0.OCR["full_mrz"] != "A\nB" || d0.OCR["mrz_line2"] != "B" {
		t.Errorf("doc 0001 = %+v", d0)
	}
	if d1.Back != filepath.Join(dir, "0002-back.jpg") || d1.Rotate != "90" || d1.Level != "photo" || d1.MRZFormat != "TD1" {
		t.Errorf("doc 0002 = %+v", d1)
	}
	if _, ok := d1.OCR["ocr_version"]; ok {
		t.Error("empty ocr_version kept")
	}
	if d1.DocumentType != "government_id" || d1.Raw["sex"].Normalized != "F" || d1.Raw["sex"].OriginalQuad != nil {
		t.Errorf("doc 0002 document type %q, sex %+v", d1.DocumentType, d1.Raw["sex"])
	}
	if d1.OCR["mrz_line3"] != "ERIKSSON<<ANNA<MARIA<<<<<<<<<<" || d1.OCR["ocr_gender"] != "F" || len(d1.OCR) != 6 {
		t.Errorf("doc 0002 ocr = %v", d1.OCR)
	}
	if q := d1.Raw["surname"].OriginalQuad; q == nil || *q != box(10, 20, 30, 40) || d1.Raw["surname"].Side != "front" {
		t.Errorf("surname = %+v", d1.Raw["surname"])
	}
}

func TestLoadDev(t *testing.T) {
	dir := writeFiles(t, map[string]string{"truth.json": `[
		{"file":"b.jpg","issuingCountry":"FRA","idType":"government_id","mrz_format":"FRENCH_ID (2x36, pre-2021)",
		 "mrz":["L1","L2"],"fields":{"lastName":"BERTHIER","placeOfBirth":"PARIS","height":"1M70","issueDate":""}},
		{"file":"a.jpg","issuingCountry":"UTO","idType":"passport","mrz_format":"TD3","mrz":["X","Y"],"fields":{}}]`})
	docs, kind, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if kind != KindDev || len(docs) != 2 || docs[0].ID != "a.jpg" {
		t.Fatalf("kind %q docs %+v", kind, docs)
	}
	b := docs[1]
	if b.MRZFormat != "FRENCH_ID" || b.OCR["ocr_lastName"] != "BERTHIER" || b.Raw["place_of_birth"].Value != "PARIS" {
		t.Errorf("doc b = %+v", b)
	}
	if len(b.OCR) != 4 || len(b.Raw) != 1 { // lastName + full_mrz + 2 lines; height and empty issueDate dropped
		t.Errorf("doc b ocr %v raw %v", b.OCR, b.Raw)
	}
	if b.Front != filepath.Join(dir, "b.jpg") {
		t.Errorf("front = %q", b.Front)
	}
}

func TestLoadBad(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"empty", map[string]string{}, "no truth.json"},
		{"dev syntax", map[string]string{"truth.json": `[{`}, "truth.json"},
		{"dev no file", map[string]string{"truth.json": `[{"idType":"passport"}]`}, "entry 0 has no file"},
		{"synth syntax", map[string]string{"0001.json": `{"file":`}, "0001.json"},
		{"synth rotate", map[string]string{"0001.json": `{"file":"a.png","rotate":[1]}`}, "rotate"},
		{"synth quad", map[string]string{"0001.json": `{"file":"a.png","fields":{"x":{"value":"1","originalQuad":[[1,2]]}}}`}, "0001.json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			docs, _, err := LoadDir(writeFiles(t, c.files))
			if err == nil || !strings.Contains(err.Error(), c.want) || docs != nil {
				t.Errorf("LoadDir = %d docs, %v; want no docs and an error containing %q", len(docs), err, c.want)
			}
		})
	}
	if _, _, err := LoadDir(writeFiles(t, nil)); !errors.Is(err, ErrNoTruth) {
		t.Errorf("empty dir: %v, want ErrNoTruth", err)
	}
}

// TestLoadSharedDev reads the real dev set when it is there.
func TestLoadSharedDev(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "datasets", "dev")
	if _, err := os.Stat(filepath.Join(dir, "truth.json")); err != nil {
		t.Skip("dev set absent:", err)
	}
	docs, kind, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if kind != KindDev || len(docs) < 4 {
		t.Fatalf("kind %q, %d docs", kind, len(docs))
	}
	for _, d := range docs {
		if _, err := os.Stat(d.Front); err != nil {
			t.Errorf("%s: %v", d.ID, err)
		}
		if len(d.MRZ) == 0 || d.OCR["ocr_lastName"] == "" || d.OCR["full_mrz"] == "" {
			t.Errorf("%s: truth incomplete: %+v", d.ID, d)
		}
	}
}

// FuzzParseTruth feeds arbitrary bytes to both truth parsers: they may
// refuse, never panic, and a parsed document always names its image.
func FuzzParseTruth(f *testing.F) {
	f.Add([]byte(`{"file":"0001.png","issuingCountry":"UTO","idType":"passport","mrz":["A","B"],"rotate":"180"}`))
	f.Add([]byte(`{"file":"a.jpg","fields":{"x":{"value":"1","originalQuad":[{"X":1,"Y":2},{"X":3,"Y":2},{"X":3,"Y":4},{"X":1,"Y":4}]}}}`))
	f.Add([]byte(`[{"file":"a.jpg","mrz_format":"TD3 x","mrz":["X"],"rotate":90,"fields":{"lastName":"A","placeOfBirth":"B"}}]`))
	if b, err := os.ReadFile(filepath.Join("..", "..", "shared", "datasets", "dev", "truth.json")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, err := parseSynthTruth("dir", "id", b); err == nil && d != nil && d.Front == "" {
			t.Errorf("synth truth without a front: %+v", d)
		}
		docs, err := parseDevTruth("dir", b)
		if err != nil && docs != nil {
			t.Errorf("dev truth: documents and an error")
		}
		for _, d := range docs {
			if d.Front == "" || d.OCR == nil {
				t.Errorf("dev doc %+v", d)
			}
		}
	})
}

func TestFingerprint(t *testing.T) {
	docs := fakeCorpus(t, "right", "wrong")
	a, err := Fingerprint(docs)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := Fingerprint(docs); b != a {
		t.Errorf("fingerprint not stable: %s, %s", a, b)
	}
	if err := os.WriteFile(docs[1].Front, []byte("wronger"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _ := Fingerprint(docs); b == a {
		t.Error("fingerprint unchanged after an image changed")
	}
	c, _ := Fingerprint(docs)
	docs[0].OCR["ocr_lastName"] = "OTHER"
	if d, _ := Fingerprint(docs); d == c {
		t.Error("fingerprint unchanged after the truth changed")
	}
	docs[0].Front += ".absent"
	if _, err := Fingerprint(docs); err == nil {
		t.Error("fingerprint of a missing image: no error")
	}
}
