package fields

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// Raw field keys produced from an MRZ.
const (
	KeyDocumentCode   = "document_code"
	KeyIssuingState   = "issuing_state"
	KeyNumber         = "number"
	KeySurname        = "surname"
	KeyGivenNames     = "given_names"
	KeyNationality    = "nationality"
	KeyBirthDate      = "birth_date"
	KeyExpiryDate     = "expiry_date"
	KeySex            = "sex"
	KeyPersonalNumber = "personal_number"
	KeyMRZ            = "mrz"
	// TruncatedNameScore caps the score of MRZ names that fill their
	// field and so may be truncated (ICAO 9303 Part 3 §4.6).
	TruncatedNameScore = 70
	KeyMRZLine         = "mrz_line" // + 1, 2 or 3: one MRZ line
)

// FromMRZ maps a parsed MRZ, and the stage reading it came from, onto the
// contract's fields. reading may be nil (text only: no scores, no
// coordinates).
//
// Decisions, following the contract and the dev ground truth:
//   - ocr_firstName holds all given names ("ANNA MARIA"); the MRZ does not
//     say which given name is a middle name, so ocr_middleName stays empty.
//   - ocr_fullName is the given names then the surname, single spaces.
//   - ocr_gender is M, F or X; an unspecified MRZ sex ('<') is X, as the
//     visual zone prints it.
//   - ocr_nationality is the MRZ nationality, with Germany's "D" given as
//     DEU (ISO alpha-3); the raw nationality keeps the MRZ's "D".
//   - ocr_identityNumber is the personal number: TD3 optional data (line 2,
//     29-42); TD1 the line 2 optional data if present (e.g. a Belgian
//     national register number) else the line 1 optional data (e.g. a
//     Spanish DNI number); TD2 its optional data. Visas, the French ID card
//     and driving licences have none.
//   - raw date values are YYYY-MM-DD when the date is valid, else the six
//     characters as printed.
//   - a field's score is 100 × the lowest probability of its characters
//     (including its check digit): a value is only as sure as its least
//     sure character. Without per-character probabilities it is the
//     reading's overall score; without a reading, 0.
//   - accepted: number, dates and personal number by their check digits
//     (dates also by being real dates); nationality and issuing state by
//     being known codes; mrz by every check digit and the structure. In a
//     reading the reader reports ambiguous (another reading satisfies the
//     same check digits), a check digit over a character under
//     AmbiguousSureP does not count: that field, and mrz, are not
//     accepted.
func FromMRZ(parsed *mrz.Result, reading *MRZReading) Output {
	var out Output
	if parsed == nil {
		return out
	}
	m := mapper{parsed: parsed, reading: reading, out: &out}
	out.Raw = make(map[string]Field)
	if reading != nil {
		out.Rotate = reading.Rotate
	}
	out.Kind = Kind(parsed)

	checks := make(map[string]*mrz.Check, len(parsed.Checks))
	for i := range parsed.Checks {
		checks[parsed.Checks[i].Field] = &parsed.Checks[i]
	}
	checkOK := func(name string) *bool {
		c := checks[name]
		if c == nil {
			return nil
		}
		return boolp(c.Valid)
	}
	dateOK := func(checkName string, d mrz.Date) *bool {
		ok := d.Valid
		if c := checks[checkName]; c != nil {
			ok = ok && c.Valid
		}
		return &ok
	}

	m.add(KeyDocumentCode, strings.Trim(parsed.DocumentCode, "<"), nil, []string{"documentCode"}, "")
	m.add(KeyIssuingState, parsed.IssuingState, countryOK(parsed.IssuingState), []string{"issuingState"}, "")
	m.add(KeyNumber, parsed.DocumentNumber, checkOK("documentNumber"), []string{"documentNumber"}, "documentNumber")
	m.add(KeySurname, parsed.Surname, nil, []string{"surname", "primaryIdentifier", "name"}, "")
	m.add(KeyGivenNames, parsed.GivenNames, nil, []string{"givenNames", "secondaryIdentifier", "name"}, "")
	if parsed.NameTruncated {
		// A name that fills its field may have been cut by the issuer: the
		// characters read are right, but the value may not be the whole
		// name, so it is not reported as fully trustworthy.
		for _, k := range []string{KeySurname, KeyGivenNames} {
			if f, ok := m.out.Raw[k]; ok && f.Score > TruncatedNameScore {
				f.Score = TruncatedNameScore
				m.out.Raw[k] = f
			}
		}
	}
	if parsed.Format != mrz.FrenchID { // the French card's nationality is implied, not printed
		m.add(KeyNationality, parsed.Nationality, countryOK(parsed.Nationality), []string{"nationality"}, "")
	}
	m.add(KeyBirthDate, dateValue(parsed.BirthDate), dateOK("birthDate", parsed.BirthDate), []string{"birthDate"}, "birthDate")
	m.add(KeyExpiryDate, dateValue(parsed.ExpiryDate), dateOK("expiryDate", parsed.ExpiryDate), []string{"expiryDate"}, "expiryDate")
	m.add(KeySex, parsed.Sex, nil, []string{"sex"}, "")
	pn, pnField := personalNumber(parsed)
	if pn != "" {
		var acc *bool
		check := ""
		if parsed.Format == mrz.TD3 {
			acc, check = checkOK("optionalData"), "optionalData"
		}
		m.add(KeyPersonalNumber, pn, acc, []string{pnField}, check)
	}
	m.addMRZ()

	out.Summary = summary(parsed, pn)
	m.review()
	return out
}

// Kind returns the kind of document an MRZ belongs to, as an idType value:
// passport (TD3), visa (MRV-A, MRV-B), government_id (TD1, TD2, the French
// ID card) or drivers_license (the Swiss and French licences); "" when the
// format is unknown. Whether a TD1/TD2 card is a residence permit cannot be
// told from the MRZ alone (codes such as IR are national practice).
func Kind(r *mrz.Result) string {
	switch r.Format {
	case mrz.TD3:
		return "passport"
	case mrz.MRVA, mrz.MRVB:
		return "visa"
	case mrz.TD1, mrz.TD2, mrz.FrenchID:
		return "government_id"
	case mrz.SwissDL, mrz.FrenchDL:
		return "drivers_license"
	}
	return ""
}

// ISOCountry returns the ISO 3166-1 alpha-3 form of an MRZ country code:
// Germany's "D" (printed "D<<") becomes "DEU"; other codes are returned
// without filler.
func ISOCountry(code string) string {
	code = strings.TrimRight(strings.ToUpper(strings.TrimSpace(code)), "<")
	if code == "D" {
		return "DEU"
	}
	return code
}

// SameIssuer reports whether an MRZ issuing state denotes the request's
// issuingCountry (Germany's "D" matches "DEU").
func SameIssuer(mrzCode, requestCountry string) bool {
	return ISOCountry(mrzCode) == strings.ToUpper(strings.TrimSpace(requestCountry))
}

// personalNumber returns the identity number a document carries besides its
// number, and the name of the MRZ field it comes from.
func personalNumber(r *mrz.Result) (string, string) {
	clean := func(s string) string { return strings.TrimSpace(strings.Trim(s, "<")) }
	switch r.Format {
	case mrz.TD3, mrz.TD2:
		return clean(r.OptionalData1), "optionalData1"
	case mrz.TD1:
		if v := clean(r.OptionalData2); v != "" {
			return v, "optionalData2"
		}
		return clean(r.OptionalData1), "optionalData1"
	}
	return "", ""
}

func summary(r *mrz.Result, personal string) Summary {
	given, sur := squash(r.GivenNames), squash(r.Surname)
	s := Summary{
		FullName:       strings.TrimSpace(given + " " + sur),
		FirstName:      given,
		LastName:       sur,
		Gender:         r.Sex,
		BirthDate:      r.BirthDate.String(),
		ExpireDate:     r.ExpiryDate.String(),
		IdentityNumber: personal,
		Number:         r.DocumentNumber,
		FullMRZ:        strings.Join(r.Lines, "\n"),
		MRZLines:       append([]string(nil), r.Lines...),
	}
	if r.Nationality != "" {
		s.Nationality = ISOCountry(r.Nationality)
	}
	return s
}

// squash collapses runs of spaces (and '<' fillers) to single spaces.
func squash(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "<", " ")), " ")
}

func dateValue(d mrz.Date) string {
	if d.Valid {
		return d.String()
	}
	return d.Raw
}

func countryOK(code string) *bool {
	if code == "" {
		return nil
	}
	return boolp(mrz.IsCountryCode(code))
}

func boolp(b bool) *bool { return &b }

// mapper builds an Output's raw fields from one parsed MRZ and its reading.
type mapper struct {
	parsed  *mrz.Result
	reading *MRZReading
	out     *Output
	// doubtedCheck is set when a check-digit field was not accepted
	// because its characters are doubted (see doubted).
	doubtedCheck bool
}

// cell is one MRZ character position (0-based line and column).
type cell struct{ line, col int }

// add records a raw field: value, validity, and — from the MRZ field found
// under the first of names, plus the check digit named check — its score
// and outline. Empty values are left out.
func (m *mapper) add(key, value string, accepted *bool, names []string, check string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	var cells []cell
	var span *mrz.Field
	for _, n := range names {
		if f, ok := m.parsed.Field(n); ok && f.End > f.Start {
			span = &f
			break
		}
	}
	if span != nil {
		// The outline covers the value, not the filler after it.
		if line := m.lineOf(span.Line); span.End <= len(line) {
			for span.End > span.Start+1 && line[span.End-1] == '<' {
				span.End--
			}
		}
		for c := span.Start; c < span.End; c++ {
			cells = append(cells, cell{span.Line, c})
		}
	}
	if check != "" {
		for _, c := range m.parsed.Checks {
			if c.Field == check {
				cells = append(cells, cell{c.Line, c.Pos})
			}
		}
	}
	if check != "" && accepted != nil && *accepted && m.doubted(cells) {
		// The check digit holds, but on characters the reader doubts in a
		// reading it reports ambiguous: another reading satisfies the same
		// check, so the digit chose between them rather than confirming
		// this value. That is not validation.
		accepted = boolp(false)
		m.doubtedCheck = true
	}
	f := Field{Value: value, Score: m.score(cells), Accepted: accepted}
	if span != nil {
		f.Quad, f.ImageQuad = m.outline(span.Line, span.Start, span.Line, span.End-1)
	}
	m.out.Raw[key] = f
}

func (m *mapper) lineOf(i int) string {
	if i < 0 || i >= len(m.parsed.Lines) {
		return ""
	}
	return m.parsed.Lines[i]
}

// addMRZ records the whole zone as the "mrz" field.
func (m *mapper) addMRZ() {
	lines := m.parsed.Lines
	if len(lines) == 0 {
		return
	}
	var cells []cell
	for l, s := range lines {
		for c := range s {
			cells = append(cells, cell{l, c})
		}
	}
	last := len(lines) - 1
	f := Field{Value: strings.Join(lines, "\n"), Score: m.score(cells), Accepted: boolp(m.parsed.Valid && !m.doubtedCheck)}
	f.Quad, f.ImageQuad = m.outline(0, 0, last, len(lines[last])-1)
	m.out.Raw[KeyMRZ] = f
	// Each line on its own too, with its own box: mrz_line1, mrz_line2...
	for l, s := range lines {
		if s == "" {
			continue
		}
		cells = cells[:0]
		for c := range s {
			cells = append(cells, cell{l, c})
		}
		lf := Field{Value: s, Score: m.score(cells)}
		lf.Quad, lf.ImageQuad = m.outline(l, 0, l, len(s)-1)
		m.out.Raw[KeyMRZLine+strconv.Itoa(l+1)] = lf
	}
}

// score is 100 × the lowest character probability over cells; see FromMRZ.
func (m *mapper) score(cells []cell) int {
	if m.reading == nil {
		return 0
	}
	lo, ok := m.lowest(cells)
	if !ok || len(cells) == 0 {
		return clampScore(m.reading.Score)
	}
	score := clampScore(int(math.Round(100 * math.Max(lo, 0))))
	if m.reading.Ambiguous && lo < AmbiguousSureP {
		// The reader doubts the reading as a whole (a name letter the
		// glyph rendering or a close rival disputes, another reading that
		// also satisfies the check digits): a field holding one of its
		// weaker characters scores no more than the reading.
		score = min(score, clampScore(m.reading.Score))
	}
	return score
}

// lowest returns the lowest probability the reading gives the characters
// of cells (1 for none; NaN counts as 0), and false when it has no
// probability for one of them.
func (m *mapper) lowest(cells []cell) (float64, bool) {
	probs := m.reading.CharProb
	if len(probs) != len(m.parsed.Lines) {
		return 0, false
	}
	lo := 1.0
	for _, c := range cells {
		if c.line >= len(probs) || c.col >= len(probs[c.line]) {
			return 0, false
		}
		p := probs[c.line][c.col]
		if math.IsNaN(p) {
			p = 0
		}
		lo = math.Min(lo, p)
	}
	return lo, true
}

// doubted reports whether, in a reading the reader reports ambiguous, one
// of cells holds a character under AmbiguousSureP.
func (m *mapper) doubted(cells []cell) bool {
	if m.reading == nil || !m.reading.Ambiguous {
		return false
	}
	lo, ok := m.lowest(cells)
	return !ok || lo < AmbiguousSureP // no per-character evidence: the whole reading is in doubt
}

// AmbiguousSureP is the character probability under which, in a reading
// the reader reports ambiguous, a field holding that character scores no
// more than the reading itself (mrzscan doubts such readings over their
// weak name letters, under P 0.95).
const AmbiguousSureP = 0.95

func clampScore(s int) int { return min(max(s, 0), 100) }

// outline returns the quad from the top-left of cell (l0, c0) to the
// bottom-right of cell (l1, c1), in document and in upload pixels. On one
// line the corners are the end cells' corners; over several lines (whose
// lengths may differ, as on the Swiss licence) the top-right corner completes
// the parallelogram of the other three. nil, nil when the reading has no
// cell geometry for those positions.
func (m *mapper) outline(l0, c0, l1, c1 int) (*geometry.Quad, *geometry.Quad) {
	if m.reading == nil {
		return nil, nil
	}
	q := m.reading.CharQuads
	at := func(l, c int) (geometry.Quad, bool) {
		if l < 0 || l >= len(q) || c < 0 || c >= len(q[l]) {
			return geometry.Quad{}, false
		}
		return q[l][c], true
	}
	topLeft, ok1 := at(l0, c0)
	bottomLeft, ok2 := at(l1, c0)
	bottomRight, ok3 := at(l1, c1)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil
	}
	doc := geometry.Quad{topLeft[0], {}, bottomRight[2], bottomLeft[3]}
	if l0 == l1 {
		doc[1] = bottomRight[1]
	} else {
		doc[1] = bottomRight[2].Add(topLeft[0].Sub(bottomLeft[3]))
	}
	for _, p := range doc {
		if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
			return nil, nil
		}
	}
	if m.reading.DocToImage == (geometry.Homography{}) {
		return &doc, nil
	}
	img := m.reading.DocToImage.ApplyQuad(doc)
	return &doc, &img
}

// review fills the verdict: a failed check digit or invalid field, an
// ambiguous reading, a missing required field or a field scoring below
// ReviewScore asks for review.
func (m *mapper) review() {
	o, r := m.out, m.parsed
	for _, c := range r.Checks {
		if !c.Valid {
			o.Reasons = append(o.Reasons, fmt.Sprintf("%s check digit fails at line %d column %d: printed %q, computed %q",
				c.Field, c.Line+1, c.Pos+1, c.Got, c.Want))
		}
	}
	for _, err := range r.Errors {
		if _, isCheck := err.(*mrz.CheckDigitError); isCheck && len(r.Checks) > 0 {
			continue // reported from Checks above
		}
		o.Reasons = append(o.Reasons, err.Error())
	}
	if !r.Valid && len(o.Reasons) == 0 {
		o.Reasons = append(o.Reasons, "the machine-readable zone is not valid")
	}
	if m.reading != nil && m.reading.Ambiguous {
		if r.Format == mrz.SwissDL {
			// No check digit: ambiguous means a doubtful character.
			o.Reasons = append(o.Reasons, "the MRZ reading is ambiguous: it has no check digits and a character is doubtful")
		} else {
			o.Reasons = append(o.Reasons, "the MRZ reading is ambiguous: another reading also satisfies the check digits")
		}
	}
	for _, key := range []string{KeyNumber, KeySurname} {
		if _, ok := o.Raw[key]; !ok {
			o.Reasons = append(o.Reasons, "required field "+key+" is missing")
		}
	}
	if m.reading != nil {
		for _, key := range sortedKeys(o.Raw) {
			if s := o.Raw[key].Score; s < ReviewScore {
				o.Reasons = append(o.Reasons, fmt.Sprintf("%s scores %d, below %d", key, s, ReviewScore))
			}
		}
	}
	if h := m.charHeight(); h > 0 && h < MinCharHeight {
		o.Reasons = append(o.Reasons, fmt.Sprintf("the MRZ characters are %.0f px tall in the upload, below %d: the photo is too small to trust", h, MinCharHeight))
	}
	if r.NameTruncated {
		o.Notes = append(o.Notes, "the MRZ name may be truncated (it fills its field)")
	}
	o.Review = len(o.Reasons) > 0
}

// charHeight is the median height, in upload pixels, of the MRZ character
// cells (0 when the reading has no geometry).
func (m *mapper) charHeight() float64 {
	r := m.reading
	if r == nil || r.DocToImage == (geometry.Homography{}) {
		return 0
	}
	var hs []float64
	for _, line := range r.CharQuads {
		for _, q := range line {
			q = r.DocToImage.ApplyQuad(q)
			top, bottom := q[0].Add(q[1]).Mul(0.5), q[3].Add(q[2]).Mul(0.5)
			if h := top.Dist(bottom); !math.IsNaN(h) && !math.IsInf(h, 0) {
				hs = append(hs, h)
			}
		}
	}
	if len(hs) == 0 {
		return 0
	}
	sort.Float64s(hs)
	return hs[len(hs)/2]
}

func sortedKeys(m map[string]Field) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
