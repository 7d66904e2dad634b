package bench

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
)

var (
	td3 = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	td3Bad = []string{ // one character wrong in the document number
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C86UTO7408122F1204159ZE184226B<<<<<10",
	}
)

// checksByTable stands in for package mrz: only td3 passes.
func checksByTable(lines []string) bool { return reflect.DeepEqual(lines, td3) }

var scoreOpt = &ScoreOptions{MRZValid: checksByTable}

func passportDoc() *Doc {
	q := box(100, 100, 300, 140)
	return &Doc{
		ID: "0001", Front: "0001.jpg", IssuingCountry: "UTO", IDType: "passport",
		MRZ: td3,
		OCR: map[string]string{
			"ocr_lastName": "ERIKSSON", "ocr_number": "L898902C3", "ocr_birthDate": "1974-08-12",
			"full_mrz": strings.Join(td3, "\n"), "mrz_line1": td3[0], "mrz_line2": td3[1],
		},
		Raw: map[string]RawTruth{
			"surname": {Value: "ERIKSSON", OriginalQuad: &q},
			"number":  {Value: "L898902C3"},
		},
		Rotate: "90",
	}
}

// box is the axis-aligned quad from (x0, y0) to (x1, y1).
func box(x0, y0, x1, y1 float64) geometry.Quad {
	return geometry.Quad{geometry.Pt(x0, y0), geometry.Pt(x1, y0), geometry.Pt(x1, y1), geometry.Pt(x0, y1)}
}

func accepted(b bool) *bool { return &b }

func coords(q geometry.Quad) *idrecog.Coordinates {
	c := func(p geometry.Point) idrecog.Corner {
		return idrecog.Corner{X: int(math.Round(p.X)), Y: int(math.Round(p.Y))}
	}
	return &idrecog.Coordinates{First: c(q[0]), Second: c(q[1]), Third: c(q[2]), Fourth: c(q[3])}
}

// response builds a response reading mrz, number and surname as given.
func response(mrz []string, number, surname string, review bool) *idrecog.Response {
	q := box(100, 100, 300, 140)
	r := &idrecog.Response{APIType: "id_recognition", Result: &idrecog.Result{ReviewFront: review, DocumentType: "passport"}}
	d := &r.Result.Data
	d.OCR = idrecog.OCR{
		LastName: surname, Number: number, BirthDate: "1974-08-12",
		FullMRZ: strings.Join(mrz, "\n"), MRZLine1: mrz[0], MRZLine2: mrz[1],
	}
	d.Raw.Rotate = "90"
	d.Raw.Fields = map[string]idrecog.RawField{
		"surname": {Value: surname, Score: 95, Coordinates: coords(q), OriginalCoordinates: coords(q)},
		"number":  {Value: number, Score: 60, Accepted: accepted(true)},
	}
	return r
}

func TestScoreRightRead(t *testing.T) {
	s := Score(passportDoc(), &Outcome{Response: response(td3, "L898902C3", "ERIKSSON", false)}, scoreOpt)
	if !s.MRZExact || s.MRZEdits != 0 || !s.MRZChecksOK || s.MRZFalseAcc {
		t.Errorf("MRZ verdict = exact %v edits %d checks %v falseAcc %v, want exact, 0, checks pass, no false accept",
			s.MRZExact, s.MRZEdits, s.MRZChecksOK, s.MRZFalseAcc)
	}
	if len(s.OCRWrong) != 0 || len(s.RawWrong) != 0 || !s.ReadRight || !s.RotateOK {
		t.Errorf("ocrWrong %v rawWrong %v readRight %v rotateOK %v, want all right", s.OCRWrong, s.RawWrong, s.ReadRight, s.RotateOK)
	}
	if len(s.IoU) != 1 || math.Abs(s.IoU[0]-1) > 1e-9 {
		t.Errorf("IoU = %v, want [1]", s.IoU)
	}
	if s.MRZChars != 88 {
		t.Errorf("MRZChars = %d, want 88", s.MRZChars)
	}
}

func TestScoreReviewReasons(t *testing.T) {
	resp := response(td3, "L898902C3", "ERIKSSON", true)
	resp.Diagnostics = &idrecog.Diagnostics{ReviewReasons: []string{"issue date missing"}}
	s := Score(passportDoc(), &Outcome{Response: resp}, scoreOpt)
	if !reflect.DeepEqual(s.Reasons, []string{"issue date missing"}) {
		t.Errorf("Reasons = %v", s.Reasons)
	}
}

func TestScoreWrongMRZ(t *testing.T) {
	// One wrong character, reported with review_front=false: a false accept
	// of the MRZ and of the document number (its raw field is accepted).
	s := Score(passportDoc(), &Outcome{Response: response(td3Bad, "L898902C8", "ERIKSSON", false)}, scoreOpt)
	if s.MRZExact || s.MRZEdits != 1 || s.MRZChecksOK || !s.MRZFalseAcc {
		t.Errorf("MRZ verdict = exact %v edits %d checks %v falseAcc %v, want wrong, 1 edit, checks fail, false accept",
			s.MRZExact, s.MRZEdits, s.MRZChecksOK, s.MRZFalseAcc)
	}
	if want := []string{"full_mrz", "mrz_line2", "ocr_number"}; !reflect.DeepEqual(s.OCRWrong, want) {
		t.Errorf("OCRWrong = %v, want %v", s.OCRWrong, want)
	}
	if !reflect.DeepEqual(s.OCRFalseAcc, s.OCRWrong) {
		t.Errorf("OCRFalseAcc = %v, want every wrong key (review_front is false)", s.OCRFalseAcc)
	}
	if want := []string{"number"}; !reflect.DeepEqual(s.RawWrong, want) || !reflect.DeepEqual(s.RawFalseAcc, want) {
		t.Errorf("RawWrong %v RawFalseAcc %v, want [number] for both (accepted: true)", s.RawWrong, s.RawFalseAcc)
	}
	if s.ReadRight {
		t.Error("ReadRight = true for a wrong MRZ")
	}

	// The same read with review_front=true is no false accept of the MRZ or
	// the summary, but the raw number still is: it says accepted.
	s = Score(passportDoc(), &Outcome{Response: response(td3Bad, "L898902C8", "ERIKSSON", true)}, scoreOpt)
	if s.MRZFalseAcc || len(s.OCRFalseAcc) != 0 {
		t.Errorf("with review_front: MRZFalseAcc %v OCRFalseAcc %v, want none", s.MRZFalseAcc, s.OCRFalseAcc)
	}
	if len(s.RawFalseAcc) != 1 {
		t.Errorf("with review_front: RawFalseAcc = %v, want [number]", s.RawFalseAcc)
	}
}

func TestScoreRawThreshold(t *testing.T) {
	// Wrong surname scored 95: a false accept at the default threshold 80,
	// not at a threshold of 96.
	resp := response(td3, "L898902C3", "ERIKSON", true)
	s := Score(passportDoc(), &Outcome{Response: resp}, scoreOpt)
	if want := []string{"surname"}; !reflect.DeepEqual(s.RawFalseAcc, want) {
		t.Errorf("RawFalseAcc = %v, want %v", s.RawFalseAcc, want)
	}
	opt := &ScoreOptions{MRZValid: checksByTable, Thresholds: map[string]int{"surname": 96}}
	if s := Score(passportDoc(), &Outcome{Response: resp}, opt); len(s.RawFalseAcc) != 0 {
		t.Errorf("threshold 96: RawFalseAcc = %v, want none", s.RawFalseAcc)
	}
	// A wrong value with a low score and no accepted flag is no false accept.
	f := resp.Result.Data.Raw.Fields["surname"]
	f.Score = 40
	resp.Result.Data.Raw.Fields["surname"] = f
	if s := Score(passportDoc(), &Outcome{Response: resp}, scoreOpt); len(s.RawFalseAcc) != 0 {
		t.Errorf("score 40: RawFalseAcc = %v, want none", s.RawFalseAcc)
	}
}

func TestScoreError(t *testing.T) {
	err := idrecog.NewError(idrecog.CodeAnalyzeFailed, "no document")
	s := Score(passportDoc(), &Outcome{Err: err}, scoreOpt)
	if s.Code != 1009 || s.MRZExact || s.MRZEdits != 88 || s.ReadRight || len(s.OCRWrong) != 6 || len(s.RawWrong) != 2 {
		t.Errorf("error outcome: code %d exact %v edits %d readRight %v ocrWrong %v rawWrong %v",
			s.Code, s.MRZExact, s.MRZEdits, s.ReadRight, s.OCRWrong, s.RawWrong)
	}
	if s.MRZFalseAcc || len(s.OCRFalseAcc)+len(s.RawFalseAcc) != 0 {
		t.Error("an error counted as a false accept")
	}
	if s := Score(passportDoc(), &Outcome{Err: errors.New("boom")}, scoreOpt); s.Code != -1 {
		t.Errorf("non-contract error: code %d, want -1", s.Code)
	}
	if s := Score(passportDoc(), &Outcome{Panic: "boom"}, scoreOpt); s.Code != -2 {
		t.Errorf("panic: code %d, want -2", s.Code)
	}
}

func TestIoUOffset(t *testing.T) {
	resp := response(td3, "L898902C3", "ERIKSSON", false)
	f := resp.Result.Data.Raw.Fields["surname"]
	// Shifted right by half its width: intersection 100×40, union 300×40.
	f.OriginalCoordinates = coords(box(200, 100, 400, 140))
	resp.Result.Data.Raw.Fields["surname"] = f
	s := Score(passportDoc(), &Outcome{Response: resp}, scoreOpt)
	if len(s.IoU) != 1 || math.Abs(s.IoU[0]-1.0/3) > 1e-9 {
		t.Errorf("IoU = %v, want [1/3]", s.IoU)
	}
	if len(s.IoUKeys) != 1 || s.IoUKeys[0] != "surname" {
		t.Errorf("IoUKeys = %v, want [surname]", s.IoUKeys)
	}
	a := Aggregate([]DocScore{s, Score(passportDoc(), &Outcome{Response: response(td3, "L898902C3", "ERIKSSON", false)}, scoreOpt)})
	if k := a.Boxes.Key["surname"]; k.N != 2 || math.Abs(k.Mean-2.0/3) > 1e-9 {
		t.Errorf("surname IoU by key = %+v, want n 2 mean 2/3", k)
	}
}

func TestLinesDistance(t *testing.T) {
	if got := linesDistance(td3, td3[:1]); got != 44 {
		t.Errorf("linesDistance with a missing line = %d, want 44", got)
	}
	if got := linesDistance(td3[:1], td3); got != 44 {
		t.Errorf("linesDistance with an extra line = %d, want 44", got)
	}
}

func TestAggregate(t *testing.T) {
	doc := passportDoc()
	outs := []Outcome{
		{Response: response(td3, "L898902C3", "ERIKSSON", false)},    // right, no review
		{Response: response(td3, "L898902C3", "ERIKSSON", true)},     // right, nuisance review
		{Response: response(td3Bad, "L898902C8", "ERIKSSON", false)}, // wrong, missed review, false accepts
		{Err: idrecog.NewError(idrecog.CodeRecognizeFailed, "")},     // error
		{Panic: "boom"}, // crash
	}
	scores := make([]DocScore, len(outs))
	for i := range outs {
		scores[i] = Score(doc, &outs[i], scoreOpt)
	}
	scores[0].Level, scores[2].Level = "clean", "hard"
	scores[0].Format, scores[1].Format, scores[2].Format = "TD3", "TD3", "TD1"
	a := Aggregate(scores)
	check := func(name string, got Rate, ok, n int) {
		t.Helper()
		if got.OK != ok || got.N != n {
			t.Errorf("%s = %d/%d, want %d/%d", name, got.OK, got.N, ok, n)
		}
	}
	check("mrz exact", a.MRZ.Exact, 2, 5)
	check("mrz checks pass", a.MRZ.ChecksPass, 2, 3)
	check("mrz false accepts", a.MRZ.FalseAccepts, 1, 5)
	if want := float64(1+88+88) / float64(5*88); math.Abs(a.MRZ.CER-want) > 1e-12 {
		t.Errorf("CER = %v, want %v", a.MRZ.CER, want)
	}
	check("ocr_number", a.OCR["ocr_number"], 2, 5)
	check("ocr_lastName", a.OCR["ocr_lastName"], 3, 5)
	check("raw number", a.Raw["number"], 2, 5)
	check("ocr false accepts", a.FalseAccepts.OCR, 3, 30) // full_mrz, mrz_line2, ocr_number of doc 3
	check("raw false accepts", a.FalseAccepts.Raw, 1, 10)
	check("rotate", a.Rotate, 3, 5)
	check("front nuisance", a.Review.FrontNuisance, 1, 2)
	check("front miss", a.Review.FrontMiss, 1, 1)
	check("success", a.Success, 3, 5)
	check("read right", a.ReadRight, 2, 5)
	check("clean read right", a.Levels["clean"].ReadRight, 1, 1)
	check("hard mrz exact", a.Levels["hard"].MRZExact, 0, 1)
	check("TD3 mrz exact", a.Formats["TD3"].MRZExact, 2, 2)
	check("TD1 success", a.Formats["TD1"].Success, 1, 1)
	if len(a.Levels) != 2 || len(a.Formats) != 2 {
		t.Errorf("levels = %v, formats %v; want clean and hard, TD3 and TD1", a.Levels, a.Formats)
	}
	if a.Crashes != 1 || a.Errors["panic"] != 1 || a.Errors["1011"] != 1 || a.Errors["ok"] != 3 {
		t.Errorf("crashes %d errors %v", a.Crashes, a.Errors)
	}
	if a.Boxes.N != 3 || math.Abs(a.Boxes.MeanIoU-1) > 1e-9 {
		t.Errorf("boxes n %d mean %v, want 3, 1", a.Boxes.N, a.Boxes.MeanIoU)
	}
	if a.FalseAccepts.Key["ocr_number"] != 1 || a.FalseAccepts.Key["raw.number"] != 1 {
		t.Errorf("false accepts by key = %v", a.FalseAccepts.Key)
	}
}

func TestCompare(t *testing.T) {
	ref := []Metric{
		{Name: "mrz.exact", Value: 0.80, N: 10, HigherBetter: true},
		{Name: "mrz.cer", Value: 0.02, N: 880, HigherBetter: false},
		{Name: "ocr.ocr_number", Value: 0.50, N: 10, HigherBetter: true},
		{Name: "crashes", Value: 0, N: 10, HigherBetter: false},
	}
	got := []Metric{
		{Name: "mrz.exact", Value: 0.70, N: 10, HigherBetter: true},     // worse
		{Name: "mrz.cer", Value: 0.01, N: 880, HigherBetter: false},     // better
		{Name: "crashes", Value: 1, N: 10, HigherBetter: false},         // worse, no tolerance
		{Name: "ocr.ocr_gender", Value: 0.1, N: 10, HigherBetter: true}, // new
	}
	regs := Compare(ref, got, 0.05)
	var names []string
	for _, r := range regs {
		names = append(names, r.Name)
	}
	if want := []string{"mrz.exact", "ocr.ocr_number", "crashes"}; !reflect.DeepEqual(names, want) {
		t.Errorf("regressions = %v, want %v", names, want)
	}
	if !regs[1].Missing {
		t.Error("ocr.ocr_number not reported missing")
	}
	if regs := Compare(ref, ref, 0); len(regs) != 0 {
		t.Errorf("identical metrics regress: %v", regs)
	}
	// Within tolerance.
	got = []Metric{{Name: "mrz.exact", Value: 0.79, N: 10, HigherBetter: true}}
	if regs := Compare(ref[:1], got, 0.02); len(regs) != 0 {
		t.Errorf("0.01 drop with tolerance 0.02 regresses: %v", regs)
	}
}

func TestMetricsSkipEmpty(t *testing.T) {
	a := Aggregate(nil)
	ms := a.Metrics()
	if len(ms) != 1 || ms[0].Name != "crashes" {
		t.Errorf("metrics of nothing = %v, want only crashes", ms)
	}
}

func TestScoreRawNormalized(t *testing.T) {
	d := passportDoc()
	d.Raw = map[string]RawTruth{"birth_date": {Value: "12 AUG 74", Normalized: "1974-08-12"}}
	for _, c := range []struct {
		got  string
		want bool
	}{{"12 AUG 74", true}, {"1974-08-12", true}, {"1974-08-13", false}, {"", false}} {
		resp := response(td3, "L898902C3", "ERIKSSON", false)
		resp.Result.Data.Raw.Fields["birth_date"] = idrecog.RawField{Value: c.got, Score: 90}
		s := Score(d, &Outcome{Response: resp}, scoreOpt)
		if ok := len(s.RawOK) == 1; ok != c.want {
			t.Errorf("birth_date %q: right = %v, want %v", c.got, ok, c.want)
		}
	}
}

func TestRawTruthMatches(t *testing.T) {
	for _, c := range []struct {
		truth RawTruth
		got   string
		want  bool
	}{
		{RawTruth{Value: "ZENITH"}, "ZENITH", true},
		{RawTruth{Value: "ZENITH"}, " ZENITH ", true},
		{RawTruth{Value: "ZENITH"}, "ZENlTH", false},
		{RawTruth{Value: "ЖУКОВ/ZHUKOV"}, "ZHUKOV", true},
		{RawTruth{Value: "ЖУКОВ/ZHUKOV"}, "ЖУКОВ", true},
		{RawTruth{Value: "ЖУКОВ/ZHUKOV"}, "ЖУКОВ/ZHUKOV", true},
		{RawTruth{Value: "ЖУКОВ/ZHUKOV"}, "ZHUK", false},
		{RawTruth{Value: "ЖУКОВ/ZHUKOV"}, "", false},
		{RawTruth{Value: "A/B/C"}, "B", false},
		{RawTruth{Value: "F/F", Normalized: "F"}, "F", true},
		{RawTruth{Value: "12/08/74", Normalized: "1974-08-12"}, "12", false},
		{RawTruth{Value: "12 AUG/AOUT 74", Normalized: "1974-08-12"}, "AOUT 74", false},
	} {
		if got := c.truth.matches(c.got); got != c.want {
			t.Errorf("%+v matches %q = %v, want %v", c.truth, c.got, got, c.want)
		}
	}
}

func TestScoreMRZBox(t *testing.T) {
	d := passportDoc()
	l1, l2 := box(80, 840, 1400, 890), box(80, 915, 1400, 965)
	d.Raw["mrz_line1"] = RawTruth{Value: td3[0], OriginalQuad: &l1}
	d.Raw["mrz_line2"] = RawTruth{Value: td3[1], OriginalQuad: &l2}
	resp := response(td3, "L898902C3", "ERIKSSON", false)
	// The reported MRZ box covers the left half of the two lines.
	resp.Result.Data.Raw.Fields["mrz"] = idrecog.RawField{Value: strings.Join(td3, "\n"), OriginalCoordinates: coords(box(80, 840, 740, 965))}
	s := Score(d, &Outcome{Response: resp}, scoreOpt)
	if s.MRZIoU == nil || math.Abs(*s.MRZIoU-0.5) > 1e-9 {
		t.Fatalf("MRZIoU = %v, want 0.5", s.MRZIoU)
	}
	a := Aggregate([]DocScore{s, Score(passportDoc(), &Outcome{Response: resp}, scoreOpt)})
	if a.Boxes.MRZN != 1 || math.Abs(a.Boxes.MRZMeanIoU-0.5) > 1e-9 {
		t.Errorf("aggregate MRZ box: n %d mean %v, want 1, 0.5", a.Boxes.MRZN, a.Boxes.MRZMeanIoU)
	}
}

func TestScoreTransliterationNoFalseAccept(t *testing.T) {
	d := passportDoc()
	d.Raw = map[string]RawTruth{
		"surname":     {Value: "O'NEILL"},
		"given_names": {Value: "ANAÏS"},
		"name":        {Value: "ЖУКОВ/ZHUKOV"},
		"nationality": {Value: "UTO"},
	}
	resp := response(td3, "L898902C3", "ERIKSSON", false)
	resp.Result.Data.Raw.Fields = map[string]idrecog.RawField{
		"surname":     {Value: "ONEILL", Score: 99},
		"given_names": {Value: "ANAIS", Score: 99},
		"name":        {Value: "ZHUKOB", Score: 99}, // a misread
		"nationality": {Value: "UT0", Score: 99},    // a misread
	}
	s := Score(d, &Outcome{Response: resp}, scoreOpt)
	if want := []string{"given_names", "name", "nationality", "surname"}; !reflect.DeepEqual(s.RawWrong, want) {
		t.Errorf("RawWrong = %v, want %v (transliterated values are not exact)", s.RawWrong, want)
	}
	if want := []string{"name", "nationality"}; !reflect.DeepEqual(s.RawFalseAcc, want) {
		t.Errorf("RawFalseAcc = %v, want %v (only misreads)", s.RawFalseAcc, want)
	}
}
