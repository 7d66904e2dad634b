package bench

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/synth"
)

// perfectResponse answers document d exactly as its truth says.
func perfectResponse(d *Doc) *idrecog.Response {
	r := &idrecog.Response{APIType: "id_recognition", Result: &idrecog.Result{DocumentType: d.DocumentType}}
	o := &r.Result.Data.OCR
	set := map[string]*string{
		"ocr_fullName": &o.FullName, "ocr_firstName": &o.FirstName, "ocr_middleName": &o.MiddleName,
		"ocr_lastName": &o.LastName, "ocr_gender": &o.Gender, "ocr_nationality": &o.Nationality,
		"ocr_birthDate": &o.BirthDate, "ocr_identityNumber": &o.IdentityNumber, "ocr_issueDate": &o.IssueDate,
		"ocr_expireDate": &o.ExpireDate, "ocr_version": &o.Version, "ocr_number": &o.Number,
	}
	for k, v := range d.OCR {
		if p := set[k]; p != nil {
			*p = v
		}
	}
	r.Result.Data.Raw.Rotate = d.Rotate
	r.Result.Data.Raw.Fields = map[string]idrecog.RawField{}
	for k, t := range d.Raw {
		f := idrecog.RawField{Value: t.Value, Score: 90}
		if t.OriginalQuad != nil {
			f.OriginalCoordinates = coords(*t.OriginalQuad)
		}
		r.Result.Data.Raw.Fields[k] = f
	}
	return r
}

// TestOtherDocuments loads a synthetic corpus of documents without an MRZ
// and scores perfect and imperfect answers: no MRZ metric may count them,
// their fields are scored, and the per-type rows appear.
func TestOtherDocuments(t *testing.T) {
	dir := t.TempDir()
	types := []string{"korrc", "aadhaar", "usdl"}
	if err := synth.WriteCorpus(dir, synth.Options{Seed: 4, Types: types}, len(types)); err != nil {
		t.Fatal(err)
	}
	docs, kind, err := LoadDir(dir)
	if err != nil || kind != KindSynth || len(docs) != 3 {
		t.Fatalf("LoadDir: %d docs, kind %q, %v", len(docs), kind, err)
	}
	for _, d := range docs {
		if len(d.MRZ) != 0 || d.MRZFormat != "" || d.Type == "" {
			t.Errorf("%s: MRZ %q format %q type %q", d.ID, d.MRZ, d.MRZFormat, d.Type)
		}
		if _, ok := d.Raw["pdf417"]; ok {
			t.Errorf("%s: the barcode payload is scored as a raw field", d.ID)
		}
		if d.OCR["ocr_number"] == "" || d.OCR["full_mrz"] != "" {
			t.Errorf("%s: ocr truth %v", d.ID, d.OCR)
		}
		if d.Type == "usdl" && (d.Back == "" || filepath.Base(d.Back) != d.ID+"-back.jpg") {
			t.Errorf("%s: back %q", d.ID, d.Back)
		}
	}
	var scores []DocScore
	for i := range docs {
		s := Score(&docs[i], &Outcome{Response: perfectResponse(&docs[i])}, nil)
		if s.HasMRZ || !s.ReadRight || len(s.RawWrong) != 0 || len(s.OCRWrong) != 0 {
			t.Errorf("%s: perfect answer scored %+v", docs[i].ID, s)
		}
		scores = append(scores, s)
	}
	// The Korean card answered with a wrong number, confidently.
	bad := perfectResponse(&docs[0])
	f := bad.Result.Data.Raw.Fields["number"]
	f.Value = strings.Replace(f.Value, "-", "-9", 1)[:len(f.Value)]
	f.Accepted = accepted(true)
	bad.Result.Data.Raw.Fields["number"] = f
	s := Score(&docs[0], &Outcome{Response: bad}, nil)
	if len(s.RawWrong) != 1 || s.RawWrong[0] != "number" || len(s.RawFalseAcc) != 1 {
		t.Errorf("wrong number: raw wrong %v, false accepts %v", s.RawWrong, s.RawFalseAcc)
	}
	scores[0] = s
	a := Aggregate(scores)
	if a.MRZ.Exact.N != 0 || a.MRZ.FalseAccepts.N != 0 {
		t.Errorf("MRZ metrics counted documents without an MRZ: %+v", a.MRZ)
	}
	if len(a.Types) != 3 || a.Types["aadhaar"].ReadRight.Rate != 1 || a.Types["korrc"].Raw.Rate >= 1 || a.Types["korrc"].Raw.N == 0 {
		t.Errorf("per-type accuracy %+v", a.Types)
	}
	names := map[string]bool{}
	for _, m := range a.Metrics() {
		names[m.Name] = true
	}
	for _, n := range []string{"type.korrc.raw", "type.usdl.read_right", "type.aadhaar.success", "raw.number", "ocr.ocr_number"} {
		if !names[n] {
			t.Errorf("no metric %s", n)
		}
	}
	if names["mrz.exact"] || names["type.korrc.mrz_exact"] {
		t.Errorf("MRZ metrics reported for a corpus without MRZs")
	}
}
