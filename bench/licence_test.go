package bench

import (
	"strings"
	"testing"

	"github.com/idrecog/idrecog/synth"
)

// TestLicenceCorpus loads a synthetic corpus of the driving licences with an
// MRZ (frdl, chdl) and scores answers: the MRZ (one line of 30, or 9/30/30)
// and the summary keys the MRZ gives are truth, a perfect answer reads
// right, a wrong MRZ reported without review is a false accept, and the
// per-format rows appear.
func TestLicenceCorpus(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteCorpus(dir, synth.Options{Seed: 4, Types: synth.DLTypes, Level: synth.LevelClean}, 2); err != nil {
		t.Skipf("generator: %v", err)
	}
	docs, kind, err := LoadDir(dir)
	if err != nil || kind != KindSynth || len(docs) != 2 {
		t.Fatalf("LoadDir: %d docs, kind %q, %v", len(docs), kind, err)
	}
	wantLines := map[string]int{"frdl": 1, "chdl": 3}
	for _, d := range docs {
		if len(d.MRZ) != wantLines[d.Type] || d.Back == "" || d.IDType != "drivers_license" || d.DocumentType != "drivers_license" {
			t.Errorf("%s (%s): MRZ %q back %q idType %q", d.ID, d.Type, d.MRZ, d.Back, d.IDType)
		}
		if d.OCR["full_mrz"] != strings.Join(d.MRZ, "\n") || d.OCR["mrz_line1"] != d.MRZ[0] || d.OCR["ocr_number"] == "" || d.OCR["ocr_lastName"] == "" {
			t.Errorf("%s: ocr truth %v", d.ID, d.OCR)
		}
		if _, ok := d.OCR["mrz_line2"]; ok != (d.Type == "chdl") {
			t.Errorf("%s: mrz_line2 in the truth: %v", d.ID, ok)
		}
		if d.Raw["license_number"].Value == "" || d.Raw["mrz_line1"].Side != "back" {
			t.Errorf("%s: raw truth %v", d.ID, d.Raw)
		}
	}
	var scores []DocScore
	for i := range docs {
		resp := perfectResponse(&docs[i])
		o := &resp.Result.Data.OCR
		o.FullMRZ = docs[i].OCR["full_mrz"]
		o.MRZLine1, o.MRZLine2, o.MRZLine3 = docs[i].OCR["mrz_line1"], docs[i].OCR["mrz_line2"], docs[i].OCR["mrz_line3"]
		s := Score(&docs[i], &Outcome{Response: resp}, nil)
		if !s.HasMRZ || !s.MRZExact || !s.MRZChecksOK || !s.ReadRight || len(s.OCRWrong) != 0 {
			t.Errorf("%s: perfect answer scored %+v", docs[i].ID, s)
		}
		scores = append(scores, s)
	}
	// The French licence answered with one MRZ character wrong and no
	// review: a false accept.
	fr := 0
	if docs[0].Type != "frdl" {
		fr = 1
	}
	bad := perfectResponse(&docs[fr])
	line := []byte(docs[fr].MRZ[0])
	line[7] = map[bool]byte{true: 'A', false: 'B'}[line[7] != 'A']
	bad.Result.Data.OCR.FullMRZ = string(line)
	bad.Result.Data.OCR.MRZLine1 = string(line)
	s := Score(&docs[fr], &Outcome{Response: bad}, nil)
	if s.MRZExact || !s.MRZFalseAcc || s.MRZChecksOK || s.ReadRight {
		t.Errorf("wrong MRZ scored %+v", s)
	}
	scores[fr] = s
	names := map[string]bool{}
	a := Aggregate(scores)
	for _, m := range a.Metrics() {
		names[m.Name] = true
	}
	for _, n := range []string{"mrz.exact", "format.FRENCH_DL.mrz_exact", "format.SWISS_DL.mrz_exact", "type.frdl.read_right", "ocr.full_mrz", "raw.license_number"} {
		if !names[n] {
			t.Errorf("no metric %s", n)
		}
	}
}
