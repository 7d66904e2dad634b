package bench

import (
	"errors"
	"fmt"
	"github.com/idrecog/idrecog/fields"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// Outcome is what one recognition of one document produced.
type Outcome struct {
	Response *idrecog.Response // nil on error or panic
	Err      error             // the error returned, nil on success
	Panic    string            // the recovered panic value, "" when none
	Latency  time.Duration     // wall time of the Recognize call
}

// ScoreOptions tunes Score. A nil *ScoreOptions means the defaults.
type ScoreOptions struct {
	// Threshold is the score at or above which a raw field counts as
	// reported confident (default 80). Thresholds overrides it per raw key.
	Threshold  int
	Thresholds map[string]int

	// MRZValid reports whether MRZ lines pass every check digit; nil means
	// the lines are checked with package mrz.
	MRZValid func(lines []string) bool
}

func (o *ScoreOptions) threshold(key string) int {
	if o != nil {
		if t, ok := o.Thresholds[key]; ok {
			return t
		}
		if o.Threshold > 0 {
			return o.Threshold
		}
	}
	return 80
}

func (o *ScoreOptions) mrzValid(lines []string) bool {
	if o != nil && o.MRZValid != nil {
		return o.MRZValid(lines)
	}
	return mrzChecksPass(lines)
}

// DocScore is the per-document verdict of Score.
type DocScore struct {
	ID        string  `json:"id"`
	Level     string  `json:"level,omitempty"`
	Type      string  `json:"type,omitempty"`   // the synthetic document type
	Format    string  `json:"format,omitempty"` // the true MRZ format
	Code      int     `json:"code,omitempty"`   // contract error code; 0 success, -1 non-contract error, -2 panic
	Panic     string  `json:"panic,omitempty"`
	LatencyMS float64 `json:"latencyMs"`

	HasMRZ      bool      `json:"hasMrz"`                // the truth has an MRZ
	MRZRead     []string  `json:"mrzRead,omitempty"`     // MRZ lines reported
	MRZExact    bool      `json:"mrzExact"`              // every line equal
	MRZEdits    int       `json:"mrzEdits"`              // edit distance summed over lines
	MRZChars    int       `json:"mrzChars"`              // characters in the true MRZ
	MRZChecksOK bool      `json:"mrzChecksOk"`           // the reported MRZ passes every check digit
	MRZFalseAcc bool      `json:"mrzFalseAccept"`        // wrong MRZ with review_front false
	OCROK       []string  `json:"-"`                     // ocr keys read right
	OCRWrong    []string  `json:"ocrWrong,omitempty"`    // ocr keys read wrong
	OCRFalseAcc []string  `json:"ocrFalseAcc,omitempty"` // wrong ocr keys with review_front false
	RawOK       []string  `json:"-"`                     // raw keys read right
	RawWrong    []string  `json:"rawWrong,omitempty"`    // raw keys read wrong or missing
	RawFalseAcc []string  `json:"rawFalseAcc,omitempty"` // wrong raw keys accepted or scored ≥ threshold, not merely transliterated
	IoU         []float64 `json:"iou,omitempty"`         // per raw key with a quad in both truth and response
	IoUKeys     []string  `json:"iouKeys,omitempty"`     // the raw key of each IoU
	MRZIoU      *float64  `json:"mrzIou,omitempty"`      // the raw "mrz" quad against the true MRZ lines' outline
	RotateKnown bool      `json:"-"`
	RotateOK    bool      `json:"rotateOk"`
	ReadRight   bool      `json:"readRight"` // success, MRZ exact and every expected ocr key right
	ReviewFront bool      `json:"reviewFront"`
	ReviewBack  bool      `json:"reviewBack"`
	Reasons     []string  `json:"reviewReasons,omitempty"` // from the response's diagnostics, when asked for
	HasBack     bool      `json:"hasBack"`
}

// Score compares one outcome with its document's truth.
func Score(d *Doc, o *Outcome, opt *ScoreOptions) DocScore {
	s := DocScore{
		ID:          d.ID,
		Level:       d.Level,
		Type:        d.Type,
		Format:      d.MRZFormat,
		Panic:       o.Panic,
		LatencyMS:   float64(o.Latency.Microseconds()) / 1000,
		HasMRZ:      len(d.MRZ) > 0,
		RotateKnown: d.Rotate != "",
		HasBack:     d.Back != "",
	}
	switch {
	case o.Panic != "":
		s.Code = -2
	case o.Err != nil:
		var e *idrecog.Error
		if errors.As(o.Err, &e) {
			s.Code = e.Code
		} else {
			s.Code = -1
		}
	case o.Response == nil || o.Response.Result == nil:
		s.Code = -1
	}
	var res *idrecog.Result
	if s.Code == 0 {
		res = o.Response.Result
		s.ReviewFront, s.ReviewBack = res.ReviewFront, res.ReviewBack
		if dg := o.Response.Diagnostics; dg != nil {
			s.Reasons = dg.ReviewReasons
		}
	}

	// MRZ.
	for _, l := range d.MRZ {
		s.MRZChars += len(l)
	}
	if res != nil && res.Data.OCR.FullMRZ != "" {
		s.MRZRead = strings.Split(res.Data.OCR.FullMRZ, "\n")
		s.MRZChecksOK = opt.mrzValid(s.MRZRead)
	}
	if s.HasMRZ {
		s.MRZEdits = linesDistance(d.MRZ, s.MRZRead)
		s.MRZExact = s.MRZEdits == 0 && len(s.MRZRead) == len(d.MRZ)
		s.MRZFalseAcc = res != nil && !s.MRZExact && len(s.MRZRead) > 0 && !res.ReviewFront
	}

	// Flat summary.
	var got map[string]string
	if res != nil {
		got = ocrMap(&res.Data.OCR)
	}
	for _, k := range sortedKeys(d.OCR) {
		if sameValue(got[k], d.OCR[k]) {
			s.OCROK = append(s.OCROK, k)
			continue
		}
		s.OCRWrong = append(s.OCRWrong, k)
		if res != nil && got[k] != "" && !res.ReviewFront && !sameName(got[k], d.OCR[k]) {
			s.OCRFalseAcc = append(s.OCRFalseAcc, k)
		}
	}

	// Raw fields and their boxes.
	var raw map[string]idrecog.RawField
	if res != nil {
		raw = res.Data.Raw.Fields
	}
	for _, k := range sortedKeys(d.Raw) {
		t := d.Raw[k]
		f, ok := raw[k]
		if t.OriginalQuad != nil && ok && f.OriginalCoordinates != nil {
			s.IoU = append(s.IoU, geometry.IoU(*t.OriginalQuad, coordsQuad(f.OriginalCoordinates)))
			s.IoUKeys = append(s.IoUKeys, k)
		}
		if t.Value == "" {
			continue
		}
		if ok && t.matches(f.Value) {
			s.RawOK = append(s.RawOK, k)
			continue
		}
		s.RawWrong = append(s.RawWrong, k)
		if ok && f.Value != "" && !t.sameName(f.Value) &&
			((f.Accepted != nil && *f.Accepted) || f.Score >= opt.threshold(k)) {
			s.RawFalseAcc = append(s.RawFalseAcc, k)
		}
	}

	if q, ok := mrzOutline(d); ok && raw["mrz"].OriginalCoordinates != nil {
		v := geometry.IoU(q, coordsQuad(raw["mrz"].OriginalCoordinates))
		s.MRZIoU = &v
	}

	if res != nil && s.RotateKnown {
		s.RotateOK = res.Data.Raw.Rotate == d.Rotate
	}
	s.ReadRight = res != nil && (!s.HasMRZ || s.MRZExact) && len(s.OCRWrong) == 0
	return s
}

// mrzOutline returns the quad around the true MRZ lines (raw truth keys
// mrz_line1, mrz_line2, ...): the first line's top corners and the last
// line's bottom corners.
func mrzOutline(d *Doc) (geometry.Quad, bool) {
	first, ok := d.Raw["mrz_line1"]
	if !ok || first.OriginalQuad == nil {
		return geometry.Quad{}, false
	}
	last := first
	for i := 2; ; i++ {
		l, ok := d.Raw["mrz_line"+strconv.Itoa(i)]
		if !ok || l.OriginalQuad == nil {
			break
		}
		last = l
	}
	f, l := first.OriginalQuad, last.OriginalQuad
	return geometry.Quad{f[0], f[1], l[2], l[3]}, true
}

// matches reports whether a raw value read is right: equal to the printed
// value, to its normalised form (dates, sex), or, for a field printed in two
// forms separated by "/" (the ICAO habit for bilingual zones: "ЖУКОВ/ZHUKOV",
// "РОССИЯ/RUS") and without a normalised form, to one of the two.
func (t RawTruth) matches(got string) bool {
	if sameValue(got, t.Value) || t.Normalized != "" && sameValue(got, t.Normalized) {
		return true
	}
	if t.Normalized == "" && strings.TrimSpace(got) != "" {
		if parts := strings.Split(t.Value, "/"); len(parts) == 2 {
			return sameValue(got, parts[0]) || sameValue(got, parts[1])
		}
	}
	return false
}

// sameName reports whether got equals the printed value in the MRZ alphabet
// (ICAO transliteration: ANAÏS and ANAIS, O'NEILL and ONEILL, ЖУКОВ and
// ZHUKOV): not an exact read, but no misread either, so no false accept.
func (t RawTruth) sameName(got string) bool {
	if sameName(got, t.Value) {
		return true
	}
	if parts := strings.Split(t.Value, "/"); len(parts) == 2 && t.Normalized == "" {
		return sameName(got, parts[0]) || sameName(got, parts[1])
	}
	return false
}

// sameName applies to names only: values with digits or MRZ fillers are
// compared exactly (transliteration drops digits).
func sameName(got, want string) bool {
	if strings.ContainsAny(got+want, "0123456789<") {
		return false
	}
	g := mrz.Transliterate(got)
	return g != "" && g == mrz.Transliterate(want)
}

// sameValue is the field comparison: exact after trimming outer spaces.
func sameValue(got, want string) bool {
	return strings.TrimSpace(got) == strings.TrimSpace(want)
}

// ocrMap returns the flat summary as a key → value map.
func ocrMap(o *idrecog.OCR) map[string]string {
	return map[string]string{
		"ocr_fullName": o.FullName, "ocr_firstName": o.FirstName, "ocr_middleName": o.MiddleName,
		"ocr_lastName": o.LastName, "ocr_gender": o.Gender, "ocr_nationality": o.Nationality,
		"ocr_birthDate": o.BirthDate, "ocr_identityNumber": o.IdentityNumber, "ocr_issueDate": o.IssueDate,
		"ocr_expireDate": o.ExpireDate, "ocr_version": o.Version, "ocr_number": o.Number,
		"full_mrz": o.FullMRZ, "mrz_line1": o.MRZLine1, "mrz_line2": o.MRZLine2, "mrz_line3": o.MRZLine3,
	}
}

// linesDistance is the edit distance between two MRZs, line by line; a
// missing or extra line costs its length.
func linesDistance(want, got []string) int {
	n := 0
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		n += fields.EditDistance(w, g)
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Rate is a count of successes out of N trials.
type Rate struct {
	OK   int     `json:"ok"`
	N    int     `json:"n"`
	Rate float64 `json:"rate"` // OK/N, 0 when N is 0
}

func (r *Rate) add(ok bool) {
	r.N++
	if ok {
		r.OK++
	}
	r.Rate = float64(r.OK) / float64(r.N)
}

func (r Rate) String() string {
	if r.N == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*r.Rate, r.OK, r.N)
}

// Accuracy is the aggregate of a run's document scores.
type Accuracy struct {
	Docs int `json:"docs"`

	MRZ struct {
		Exact        Rate    `json:"exact"`        // documents whose MRZ was read exactly
		Edits        int     `json:"edits"`        // edit distance summed
		Chars        int     `json:"chars"`        // true MRZ characters
		CER          float64 `json:"cer"`          // Edits/Chars
		ChecksPass   Rate    `json:"checksPass"`   // reads (non-empty MRZ reported) passing every check digit
		FalseAccepts Rate    `json:"falseAccepts"` // wrong MRZ with review_front=false, over documents with an MRZ
	} `json:"mrz"`

	OCR map[string]Rate `json:"ocr"` // per ocr key, over documents whose truth has it
	Raw map[string]Rate `json:"raw"` // per raw key, over documents whose truth has it

	FalseAccepts struct {
		OCR Rate           `json:"ocr"` // wrong non-empty ocr values with review_front=false, over expected ocr values
		Raw Rate           `json:"raw"` // wrong raw values accepted or scored ≥ threshold, over expected raw values
		Key map[string]int `json:"byKey,omitempty"`
	} `json:"falseAccepts"`

	Boxes struct {
		N       int     `json:"n"`       // field quads compared
		MeanIoU float64 `json:"meanIoU"` // mean IoU in original coordinates
		IoU50   Rate    `json:"iou50"`   // quads with IoU ≥ 0.5
		// Key breaks MeanIoU down by raw key.
		Key map[string]KeyIoU `json:"byKey,omitempty"`

		// The raw "mrz" quad against the outline of the true MRZ lines.
		MRZN       int     `json:"mrzN"`
		MRZMeanIoU float64 `json:"mrzMeanIoU"`
	} `json:"boxes"`
	Rotate Rate `json:"rotate"` // raw.rotate equal to the truth

	Review struct {
		FrontNuisance Rate `json:"frontNuisance"` // review_front on documents read right
		FrontMiss     Rate `json:"frontMiss"`     // no review_front on documents read wrong
		BackNuisance  Rate `json:"backNuisance"`  // same for review_back, documents sent with a back
		BackMiss      Rate `json:"backMiss"`
	} `json:"review"`

	ReadRight Rate `json:"readRight"` // documents answered with MRZ and every expected ocr value right

	// Levels breaks the document-level figures down by synthetic level
	// (clean, photo, hard); documents without a level are left out.
	Levels map[string]LevelAccuracy `json:"levels,omitempty"`
	// Formats does the same by true MRZ format (TD1, TD3, FRENCH_ID...).
	Formats map[string]LevelAccuracy `json:"formats,omitempty"`
	// Types does the same by synthetic document type (td3, usdl, korrc...),
	// with the raw fields' exact-match rate: documents without an MRZ are
	// measured by their fields.
	Types map[string]LevelAccuracy `json:"types,omitempty"`

	Success Rate           `json:"success"` // documents answered without error
	Errors  map[string]int `json:"errors"`  // "ok", contract codes, "other", "panic"
	Crashes int            `json:"crashes"` // recovered panics
}

// KeyIoU is the mean IoU of one raw key's quads over N documents.
type KeyIoU struct {
	N    int     `json:"n"`
	Mean float64 `json:"mean"`
}

// LevelAccuracy is the document-level accuracy of one synthetic level.
type LevelAccuracy struct {
	Success   Rate `json:"success"`
	MRZExact  Rate `json:"mrzExact"`
	ReadRight Rate `json:"readRight"`
	Raw       Rate `json:"raw"` // raw fields read right, over every expected raw field
}

// Aggregate sums document scores into an Accuracy.
func Aggregate(scores []DocScore) Accuracy {
	var a Accuracy
	a.Docs = len(scores)
	a.OCR = map[string]Rate{}
	a.Raw = map[string]Rate{}
	a.Errors = map[string]int{}
	a.FalseAccepts.Key = map[string]int{}
	var iouSum, mrzIoUSum float64
	for i := range scores {
		s := &scores[i]
		a.Errors[codeName(s.Code)]++
		a.Success.add(s.Code == 0)
		a.ReadRight.add(s.ReadRight)
		if s.Level != "" {
			a.Levels = addGroup(a.Levels, s.Level, s)
		}
		if s.Format != "" {
			a.Formats = addGroup(a.Formats, s.Format, s)
		}
		if s.Type != "" {
			a.Types = addGroup(a.Types, s.Type, s)
		}
		if s.Code == -2 {
			a.Crashes++
		}
		if s.HasMRZ {
			a.MRZ.Exact.add(s.MRZExact)
			a.MRZ.Edits += s.MRZEdits
			a.MRZ.Chars += s.MRZChars
			a.MRZ.FalseAccepts.add(s.MRZFalseAcc)
		}
		if len(s.MRZRead) > 0 {
			a.MRZ.ChecksPass.add(s.MRZChecksOK)
		}
		fa := map[string]bool{}
		for _, k := range s.OCRFalseAcc {
			fa[k] = true
			a.FalseAccepts.Key[k]++
		}
		for _, k := range s.OCROK {
			addRate(a.OCR, k, true)
			a.FalseAccepts.OCR.add(false)
		}
		for _, k := range s.OCRWrong {
			addRate(a.OCR, k, false)
			a.FalseAccepts.OCR.add(fa[k])
		}
		fa = map[string]bool{}
		for _, k := range s.RawFalseAcc {
			fa[k] = true
			a.FalseAccepts.Key["raw."+k]++
		}
		for _, k := range s.RawOK {
			addRate(a.Raw, k, true)
			a.FalseAccepts.Raw.add(false)
		}
		for _, k := range s.RawWrong {
			addRate(a.Raw, k, false)
			a.FalseAccepts.Raw.add(fa[k])
		}
		if s.MRZIoU != nil {
			a.Boxes.MRZN++
			mrzIoUSum += *s.MRZIoU
		}
		for i, v := range s.IoU {
			a.Boxes.N++
			iouSum += v
			a.Boxes.IoU50.add(v >= 0.5)
			if i < len(s.IoUKeys) {
				if a.Boxes.Key == nil {
					a.Boxes.Key = map[string]KeyIoU{}
				}
				k := a.Boxes.Key[s.IoUKeys[i]]
				k.Mean = (k.Mean*float64(k.N) + v) / float64(k.N+1)
				k.N++
				a.Boxes.Key[s.IoUKeys[i]] = k
			}
		}
		if s.RotateKnown && s.Code == 0 {
			a.Rotate.add(s.RotateOK)
		} else if s.RotateKnown {
			a.Rotate.add(false)
		}
		if s.Code == 0 {
			if s.ReadRight {
				a.Review.FrontNuisance.add(s.ReviewFront)
			} else {
				a.Review.FrontMiss.add(!s.ReviewFront)
			}
			if s.HasBack {
				if s.ReadRight {
					a.Review.BackNuisance.add(s.ReviewBack)
				} else {
					a.Review.BackMiss.add(!s.ReviewBack)
				}
			}
		}
	}
	if a.MRZ.Chars > 0 {
		a.MRZ.CER = float64(a.MRZ.Edits) / float64(a.MRZ.Chars)
	}
	if a.Boxes.N > 0 {
		a.Boxes.MeanIoU = iouSum / float64(a.Boxes.N)
	}
	if a.Boxes.MRZN > 0 {
		a.Boxes.MRZMeanIoU = mrzIoUSum / float64(a.Boxes.MRZN)
	}
	return a
}

func addGroup(m map[string]LevelAccuracy, k string, s *DocScore) map[string]LevelAccuracy {
	if m == nil {
		m = map[string]LevelAccuracy{}
	}
	l := m[k]
	l.Success.add(s.Code == 0)
	l.ReadRight.add(s.ReadRight)
	if s.HasMRZ {
		l.MRZExact.add(s.MRZExact)
	}
	for range s.RawOK {
		l.Raw.add(true)
	}
	for range s.RawWrong {
		l.Raw.add(false)
	}
	m[k] = l
	return m
}

func addRate(m map[string]Rate, k string, ok bool) {
	r := m[k]
	r.add(ok)
	m[k] = r
}

func codeName(code int) string {
	switch code {
	case 0:
		return "ok"
	case -1:
		return "other"
	case -2:
		return "panic"
	}
	return strconv.Itoa(code)
}

// Metric is one accuracy figure in a flat, comparable form.
type Metric struct {
	Name         string  `json:"name"`
	Value        float64 `json:"value"`
	N            int     `json:"n"`            // trials behind the figure
	HigherBetter bool    `json:"higherBetter"` // direction of improvement
}

// Metrics flattens a into named figures in a stable order: the keys used by
// the golden comparison and the baseline deltas. Figures with no trials are
// left out.
func (a *Accuracy) Metrics() []Metric {
	var ms []Metric
	rate := func(name string, r Rate, higher bool) {
		if r.N > 0 {
			ms = append(ms, Metric{name, r.Rate, r.N, higher})
		}
	}
	rate("success", a.Success, true)
	rate("doc.read_right", a.ReadRight, true)
	for _, k := range sortedKeys(a.Levels) {
		l := a.Levels[k]
		rate("level."+k+".success", l.Success, true)
		rate("level."+k+".mrz_exact", l.MRZExact, true)
		rate("level."+k+".read_right", l.ReadRight, true)
	}
	for _, k := range sortedKeys(a.Formats) {
		l := a.Formats[k]
		rate("format."+k+".success", l.Success, true)
		rate("format."+k+".mrz_exact", l.MRZExact, true)
	}
	for _, k := range sortedKeys(a.Types) {
		l := a.Types[k]
		rate("type."+k+".success", l.Success, true)
		rate("type."+k+".mrz_exact", l.MRZExact, true)
		rate("type."+k+".read_right", l.ReadRight, true)
		rate("type."+k+".raw", l.Raw, true)
	}
	rate("mrz.exact", a.MRZ.Exact, true)
	if a.MRZ.Chars > 0 {
		ms = append(ms, Metric{"mrz.cer", a.MRZ.CER, a.MRZ.Chars, false})
	}
	rate("mrz.checks_pass", a.MRZ.ChecksPass, true)
	rate("mrz.false_accept", a.MRZ.FalseAccepts, false)
	for _, k := range sortedKeys(a.OCR) {
		rate("ocr."+k, a.OCR[k], true)
	}
	for _, k := range sortedKeys(a.Raw) {
		rate("raw."+k, a.Raw[k], true)
	}
	rate("false_accept.ocr", a.FalseAccepts.OCR, false)
	rate("false_accept.raw", a.FalseAccepts.Raw, false)
	if a.Boxes.N > 0 {
		ms = append(ms, Metric{"boxes.mean_iou", a.Boxes.MeanIoU, a.Boxes.N, true})
	}
	rate("boxes.iou50", a.Boxes.IoU50, true)
	if a.Boxes.MRZN > 0 {
		ms = append(ms, Metric{"boxes.mrz_mean_iou", a.Boxes.MRZMeanIoU, a.Boxes.MRZN, true})
	}
	rate("rotate", a.Rotate, true)
	rate("review.front_nuisance", a.Review.FrontNuisance, false)
	rate("review.front_miss", a.Review.FrontMiss, false)
	rate("review.back_nuisance", a.Review.BackNuisance, false)
	rate("review.back_miss", a.Review.BackMiss, false)
	ms = append(ms, Metric{"crashes", float64(a.Crashes), a.Docs, false})
	return ms
}

// Regression is a metric that got worse than its reference by more than the
// tolerance.
type Regression struct {
	Name       string
	Want, Got  float64
	Missing    bool // the metric is in the reference but not in the run
	Difference float64
}

func (r Regression) String() string {
	if r.Missing {
		return fmt.Sprintf("%s: missing (reference %.4f)", r.Name, r.Want)
	}
	return fmt.Sprintf("%s: %.4f, reference %.4f (worse by %.4f)", r.Name, r.Got, r.Want, r.Difference)
}

// Compare returns the metrics of got that are worse than those of ref by
// more than tol (an absolute difference; crashes tolerate none).
// Improvements and metrics new in got are not regressions.
func Compare(ref, got []Metric, tol float64) []Regression {
	cur := map[string]Metric{}
	for _, m := range got {
		cur[m.Name] = m
	}
	var regs []Regression
	for _, r := range ref {
		g, ok := cur[r.Name]
		if !ok {
			regs = append(regs, Regression{Name: r.Name, Want: r.Value, Missing: true})
			continue
		}
		worse := r.Value - g.Value
		if !r.HigherBetter {
			worse = -worse
		}
		t := tol
		if r.Name == "crashes" {
			t = 0
		}
		if worse > t+1e-12 {
			regs = append(regs, Regression{Name: r.Name, Want: r.Value, Got: g.Value, Difference: worse})
		}
	}
	return regs
}
