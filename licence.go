package idrecog

import (
	"context"
	"errors"
	"fmt"
	"image"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
)

// MRZFormatStage is implemented by MRZ stages that can look for MRZs of
// given formats only. The recognizer uses it for the driving licences that
// carry an MRZ (the French 2013 model, FrenchDL; the Swiss and Liechtenstein
// licences, SwissDL): their one line of 30, or lines of 9/30/30, are looked
// for where a passport or ID-card MRZ would not be. Errors are as for
// MRZStage.ReadMRZ (fields.ErrNoMRZ when none of the formats is found).
type MRZFormatStage interface {
	ReadMRZFormats(ctx context.Context, img image.Image, formats ...mrz.Format) (*fields.MRZReading, error)
}

// errFormatsUnsupported is returned for an MRZ stage (Options.MRZ) that
// does not implement MRZFormatStage: it cannot look for given formats only.
var errFormatsUnsupported = errors.New("the MRZ stage cannot read given formats only")

// licenceFormat returns the MRZ format of the driving licence a request
// declares: FrenchDL for drivers_license FRA, SwissDL for CHE and LIE.
func licenceFormat(country, idType string) (mrz.Format, bool) {
	if idType != IDTypeDriversLicense {
		return mrz.FormatUnknown, false
	}
	switch country {
	case "FRA":
		return mrz.FrenchDL, true
	case "CHE", "LIE":
		return mrz.SwissDL, true
	}
	return mrz.FormatUnknown, false
}

// readLicenceMRZ reads the MRZ of a driving licence of format f: on the back
// when one was sent (the licences print it at the bottom of the back), else
// or when the back has none, on the front. It returns the reading, the side
// it was read on and that side's image; fields.ErrNoMRZ (wrapped) when
// neither side has one or the stage cannot look for f, a 1003 error when the
// context ended, a 1013 error when the back cannot be decoded.
func (r *Recognizer) readLicenceMRZ(ctx context.Context, j *job, front image.Image, f mrz.Format) (*fields.MRZReading, string, image.Image, error) {
	st, ok := r.opt.MRZ.(MRZFormatStage)
	if !ok {
		return nil, "", nil, fmt.Errorf("%w: %w", fields.ErrNoMRZ, errFormatsUnsupported)
	}
	read := func(img image.Image) (*fields.MRZReading, error) {
		rd, err := st.ReadMRZFormats(ctx, img, f)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, &Error{Status: http.StatusBadRequest, Code: CodeProcessFailed, Detail: ctxErr.Error(), Err: ctxErr}
		}
		if err != nil && !errors.Is(err, fields.ErrNoMRZ) {
			// Whatever else went wrong, the licence is read as before.
			err = fmt.Errorf("%w: %w", fields.ErrNoMRZ, err)
		}
		if err == nil && (rd == nil || len(rd.Lines) == 0) {
			err = fields.ErrNoMRZ
		}
		if err == nil {
			if p, perr := mrz.Parse(rd.Lines, nil); perr != nil || p.Format != f {
				// A stage that ignored the restriction: not this licence's MRZ.
				err = fields.ErrNoMRZ
			}
		}
		return rd, err
	}
	if j.back.present() {
		back, err := j.back.decode()
		if err != nil {
			return nil, "", nil, err
		}
		rd, err := read(back)
		if err == nil {
			return rd, "back", back, nil
		}
		if errors.Is(err, ErrProcessFailed) {
			return nil, "", nil, err
		}
	}
	rd, err := read(front)
	if err == nil {
		return rd, "front", front, nil
	}
	return nil, "", nil, err
}

// licenceChecks completes the response of a driving licence read by its
// MRZ: raw license_number is the licence number the card prints in field 5
// (FR: the MRZ's document number; CH/LI: the MRZ's PIN and version, an
// unconfirmed reading of the layout); when the visual zone read field 5 too,
// the two must agree, and a disagreement asks for review of the front. It
// returns the reasons it adds to out.Reasons.
func licenceChecks(out *fields.Output, p *mrz.Result) []string {
	var reasons []string
	if p.Format == mrz.FrenchDL {
		reasons = append(reasons, licenceBirthCheck(out, p)...)
	}
	var want string
	switch p.Format {
	case mrz.FrenchDL:
		want = p.DocumentNumber
	case mrz.SwissDL:
		want = strings.Trim(p.OptionalData1, "<") + strings.Trim(p.OptionalData2, "<")
	default:
		return reasons
	}
	want = strings.ReplaceAll(want, "<", "")
	if want == "" {
		return reasons
	}
	got, printed := out.Raw["license_number"]
	if !printed || got.Value == "" {
		// Not read on the front: the MRZ gives it, with the score (and,
		// on the French card, the box) of the MRZ characters it comes from.
		var f fields.Field
		if p.Format == mrz.FrenchDL {
			src := out.Raw[fields.KeyNumber]
			f = fields.Field{Score: src.Score, Accepted: src.Accepted, Quad: src.Quad, ImageQuad: src.ImageQuad}
		} else {
			f.Score = out.Raw[fields.KeyMRZLine+"2"].Score
		}
		f.Value = want
		out.Raw["license_number"] = f
		return reasons
	}
	squeeze := strings.NewReplacer(" ", "", "-", "", ".", "", "<", "")
	if squeeze.Replace(got.Value) == want {
		return reasons
	}
	if !licenceNumberShape[p.Format].MatchString(squeeze.Replace(got.Value)) {
		// Not a licence number at all (a field number, part of a
		// signature): a misread, not a contradiction; the MRZ's stands.
		out.Raw["license_number"] = fields.Field{Value: want, Score: min(got.Score, out.Raw[fields.KeyMRZ].Score)}
		out.Notes = append(out.Notes, fmt.Sprintf("license_number %q read on the front is not a licence number; the MRZ's is given", got.Value))
		return reasons
	}
	why := fmt.Sprintf("visual zone: license_number: visual zone %q, MRZ %q", got.Value, want)
	got.Score = min(got.Score, fields.ReviewScore-1)
	no := false
	got.Accepted = &no
	out.Raw["license_number"] = got
	out.Reasons = append(out.Reasons, why)
	out.Review = true
	return append(reasons, why)
}

// licenceNumberShape is what field 5 looks like on each licence (as its
// template's pattern says): FR two digits, two letters, five digits; CH/LI
// twelve digits.
var licenceNumberShape = map[mrz.Format]*regexp.Regexp{
	mrz.FrenchDL: regexp.MustCompile(`^[0-9]{2}[A-Z]{2}[0-9]{5}$`),
	mrz.SwissDL:  regexp.MustCompile(`^[0-9]{12}$`),
}

// minLicenceAge is the youngest age at which a driving licence is issued
// (category AM in France: 14).
const minLicenceAge = 14

// licenceBirthCheck distrusts a French licence's birth date read on the
// front (the MRZ has none) that makes the holder younger than minLicenceAge
// on the issue date (the front's, else the MRZ date less its 15 years of
// validity): the date is misread or another field's.
func licenceBirthCheck(out *fields.Output, p *mrz.Result) []string {
	b, ok := out.Raw[fields.KeyBirthDate]
	if !ok {
		return nil
	}
	birth, err := time.Parse("2006-01-02", b.Value)
	if err != nil {
		return nil
	}
	var issue time.Time
	if f, ok := out.Raw["issue_date"]; ok {
		issue, _ = time.Parse("2006-01-02", f.Value)
	}
	if issue.IsZero() && p.ExpiryDate.Valid {
		issue = time.Date(p.ExpiryDate.Year, time.Month(p.ExpiryDate.Month), p.ExpiryDate.Day, 0, 0, 0, 0, time.UTC).AddDate(-15, 0, 1)
	}
	if issue.IsZero() || !birth.AddDate(minLicenceAge, 0, 0).After(issue) {
		return nil
	}
	why := fmt.Sprintf("visual zone: birth_date %s read, the holder would be under %d on the issue date %s", b.Value, minLicenceAge, issue.Format("2006-01-02"))
	b.Score = min(b.Score, fields.ReviewScore-1)
	no := false
	b.Accepted = &no
	out.Raw[fields.KeyBirthDate] = b
	if out.Summary.BirthDate == b.Value {
		out.Summary.BirthDate = ""
	}
	out.Reasons = append(out.Reasons, why)
	out.Review = true
	return []string{why}
}

// licenceConfirmation is one MRZ field of a driving licence that the
// front's visual zone read the same: key is the front's raw key, field the
// MRZ field (mrz.Result.Field) whose characters it confirms, score the
// front's score for the value. cols are the MRZ columns (on the field's
// line) the front confirms: every column of the field, but for the letter
// a transliteration adds (the E of MUELLER, which a front read MULLER for
// MÜLLER does not show).
type licenceConfirmation struct {
	key, field string
	score      int
	cols       []int
}

// mrzWords writes a name with single spaces between its components, as the
// summary does ("SAINT<EX" and "SAINT EX" both give "SAINT EX").
func mrzWords(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "<", " ")), " ")
}

// alignName matches the MRZ name field m (as printed, '<' between its
// components and as filler) against t, the front's reading transliterated
// (mrz.Transliterate), character by character. The front's eng model reads
// MÜLLER as MULLER, which the MRZ spells MUELLER (or MULLER): an E after
// A, O or U, or an A after A (Å), that t lacks is skipped, unconfirmed.
// Any other difference, or a front name longer than m when m is not
// truncated, fails. It returns the offsets in m that t confirms (the
// trailing filler too when t ends where the name does).
func alignName(m, t string, truncated bool) ([]int, bool) {
	name := strings.TrimRight(m, "<")
	if name == "" || t == "" {
		return nil, false
	}
	var cols []int
	j := 0
	for i := 0; i < len(name); i++ {
		if j < len(t) && name[i] == t[j] {
			cols = append(cols, i)
			j++
			continue
		}
		if i > 0 && ((name[i] == 'E' && strings.IndexByte("AOU", name[i-1]) >= 0) || (name[i] == 'A' && name[i-1] == 'A')) &&
			len(cols) > 0 && cols[len(cols)-1] == i-1 {
			continue // a transliteration's second letter, which the front lacks
		}
		return nil, false
	}
	if j < len(t) {
		// The front's name goes on: only a name the MRZ cut may.
		if !truncated || len(name) < len(m) {
			return nil, false
		}
		return cols, true
	}
	for i := len(name); i < len(m); i++ {
		cols = append(cols, i) // the filler after the whole name
	}
	return cols, true
}

// licenceConfirmations returns the MRZ fields of licence p that front (the
// front's trusted values, fields.Output.Front) reads the same: SWISS_DL the
// surname, the given names and the birth date; FRENCH_DL the licence
// number (field 5), the expiry date (4b) and the surname, whose 8 MRZ
// places must begin the front's surname. Names are compared after ICAO
// transliteration, letter for letter (alignName): a truncated MRZ name is
// confirmed by a front name it begins, and the E of an umlaut the MRZ
// spells out (MUELLER) is left unconfirmed when the front dropped the
// umlaut (MULLER). A value the front did not read, or read otherwise,
// confirms nothing.
func licenceConfirmations(front map[string]fields.Field, p *mrz.Result) []licenceConfirmation {
	if p == nil || len(front) == 0 {
		return nil
	}
	var out []licenceConfirmation
	// same returns the confirmed offsets in the field's printed text raw.
	add := func(key, field string, same func(v, raw string) ([]int, bool)) {
		f, ok := front[key]
		if !ok || f.Value == "" {
			return
		}
		mf, ok := p.Field(field)
		if !ok || mf.Line < 0 || mf.Line >= len(p.Lines) || mf.Start < 0 || mf.End > len(p.Lines[mf.Line]) || mf.End <= mf.Start {
			return
		}
		offs, ok := same(f.Value, p.Lines[mf.Line][mf.Start:mf.End])
		if !ok || len(offs) == 0 {
			return
		}
		c := licenceConfirmation{key: key, field: field, score: min(max(f.Score, 0), 100)}
		for _, o := range offs {
			c.cols = append(c.cols, mf.Start+o)
		}
		out = append(out, c)
	}
	all := func(raw string) []int {
		cols := make([]int, len(raw))
		for i := range cols {
			cols[i] = i
		}
		return cols
	}
	name := func(truncated bool) func(v, raw string) ([]int, bool) {
		return func(v, raw string) ([]int, bool) { return alignName(raw, mrz.Transliterate(v), truncated) }
	}
	date := func(d mrz.Date) func(v, raw string) ([]int, bool) {
		return func(v, raw string) ([]int, bool) { return all(raw), d.Valid && v == d.String() }
	}
	switch p.Format {
	case mrz.SwissDL:
		add("surname", "surname", name(p.NameTruncated && strings.Trim(p.GivenNames, "<") == ""))
		add("given_names", "givenNames", name(p.NameTruncated))
		add("birth_date", "birthDate", date(p.BirthDate))
	case mrz.FrenchDL:
		squeeze := strings.NewReplacer(" ", "", "-", "", ".", "", "<", "")
		add("license_number", "documentNumber", func(v, raw string) ([]int, bool) {
			n := squeeze.Replace(p.DocumentNumber)
			return all(raw), n != "" && squeeze.Replace(v) == n
		})
		add("expiry_date", "expiryDate", date(p.ExpiryDate))
		add("surname", "surname", name(p.NameTruncated))
	}
	return out
}

// confirmedProb is the probability that a character an MRZ reading gives
// with probability p is right when the front, read independently with
// confidence score, prints the same value: the value is wrong only if both
// readings are wrong (and wrong alike), 1 − (1 − p)(1 − score/100). It is
// never below p.
func confirmedProb(p float64, score int) float64 {
	if p != p || p < 0 { // NaN: the reader gave none
		p = 0
	}
	return max(p, 1-(1-min(p, 1))*(1-float64(score)/100))
}

// licenceConfirm raises the scores of the MRZ fields of a driving licence
// that the front read the same (licenceConfirmations): their characters'
// probabilities become confirmedProb of the MRZ's and the front's, the MRZ
// fields are scored again from them (fields.FromMRZ) and each raw field the
// MRZ gave keeps the larger score. On the Swiss licence (no check digits)
// the reading is no longer ambiguous when every character it doubts (under
// fields.AmbiguousSureP) lies in a confirmed field; on either licence
// when the reader's runner-up reading differs from it only in confirmed
// characters. The MRZ's review reasons
// (out.Reasons[:nMRZ]) that the new scoring no longer gives are dropped; a
// disagreement is left to the cross-check as before. On the French licence
// a front surname that the MRZ's 8 letters begin becomes the surname
// (licenceFullSurname). It returns the number of MRZ reasons left.
func licenceConfirm(out *fields.Output, p *mrz.Result, reading *fields.MRZReading, nMRZ int) int {
	if p == nil || reading == nil || (p.Format != mrz.SwissDL && p.Format != mrz.FrenchDL) {
		return nMRZ
	}
	confs := licenceConfirmations(out.Front, p)
	if len(confs) > 0 && len(reading.CharProb) == len(p.Lines) {
		nMRZ = confirmMRZ(out, p, reading, confs, nMRZ)
	}
	licenceFullSurname(out, p)
	return nMRZ
}

// confirmMRZ applies confs to out; see licenceConfirm.
func confirmMRZ(out *fields.Output, p *mrz.Result, reading *fields.MRZReading, confs []licenceConfirmation, nMRZ int) int {
	rd := *reading
	rd.CharProb = make([][]float64, len(reading.CharProb))
	confirmed := make([][]bool, len(reading.CharProb))
	for i, l := range reading.CharProb {
		rd.CharProb[i] = append([]float64(nil), l...)
		confirmed[i] = make([]bool, len(l))
	}
	var notes []string
	for _, c := range confs {
		f, _ := p.Field(c.field)
		if f.Line < 0 || f.Line >= len(rd.CharProb) {
			continue
		}
		for _, col := range c.cols {
			if col >= 0 && col < len(rd.CharProb[f.Line]) {
				rd.CharProb[f.Line][col] = confirmedProb(rd.CharProb[f.Line][col], c.score)
				confirmed[f.Line][col] = true
			}
		}
		notes = append(notes, fmt.Sprintf("%s: the front reads the MRZ's value (front score %d)", c.key, c.score))
	}
	// A field is confirmed whole when every character of it the reader
	// doubts is confirmed.
	whole := map[string]bool{}
	for _, c := range confs {
		f, _ := p.Field(c.field)
		if f.Line < 0 || f.Line >= len(reading.CharProb) {
			continue
		}
		ok := true
		for col := max(f.Start, 0); col < f.End && col < len(reading.CharProb[f.Line]); col++ {
			if pr := reading.CharProb[f.Line][col]; !(pr >= fields.AmbiguousSureP) && !confirmed[f.Line][col] {
				ok = false
			}
		}
		if ok {
			whole[mrzFieldKey[c.field]] = true
		}
	}
	if rd.Ambiguous && p.Format == mrz.SwissDL {
		doubtOutside := false
		for i, l := range reading.CharProb {
			for col, pr := range l {
				if !(pr >= fields.AmbiguousSureP) && !confirmed[i][col] {
					doubtOutside = true
				}
			}
		}
		if !doubtOutside {
			rd.Ambiguous = false
			notes = append(notes, "every character the MRZ reading doubts is in a field the front confirms: not ambiguous")
		}
	}
	if ru := runnerUp(reading); rd.Ambiguous && len(ru) == len(p.Lines) {
		// The rival reading that also satisfies the check digits differs
		// only where the front reads this reading's characters: the front
		// rules it out.
		differs, ruled := false, true
		for i, l := range p.Lines {
			if len(ru[i]) != len(l) || i >= len(confirmed) || len(confirmed[i]) != len(l) {
				ruled = false
				break
			}
			for col := range len(l) {
				if ru[i][col] != l[col] {
					differs = true
					ruled = ruled && confirmed[i][col]
				}
			}
		}
		if differs && ruled {
			rd.Ambiguous = false
			notes = append(notes, fmt.Sprintf("the MRZ's runner-up reading %q differs only where the front confirms this one: not ambiguous", strings.Join(ru, "/")))
		}
	}
	again := fields.FromMRZ(p, &rd)
	scores := map[string]int{}
	for k, f := range again.Raw {
		scores[k] = f.Score
	}
	if rd.Ambiguous {
		// The reading stays ambiguous over a character outside the
		// confirmed fields; a field confirmed whole is no longer in
		// doubt, and it is scored by its own characters alone.
		sure := rd
		sure.Ambiguous = false
		for k, f := range fields.FromMRZ(p, &sure).Raw {
			if whole[k] {
				scores[k] = max(scores[k], f.Score)
			}
		}
	}
	for k, sc := range scores {
		if f, ok := out.Raw[k]; ok && f.Value == again.Raw[k].Value && sc > f.Score {
			f.Score = sc
			out.Raw[k] = f
		}
	}
	// The MRZ's reasons the new scoring still gives stay, in order.
	still := map[string]int{}
	for _, why := range again.Reasons {
		if k, _, ok := strings.Cut(why, " scores "); ok && whole[k] && scores[k] >= fields.ReviewScore {
			continue
		}
		still[why]++
	}
	var kept []string
	for _, why := range out.Reasons[:nMRZ] {
		if still[why] > 0 {
			still[why]--
			kept = append(kept, why)
		}
	}
	n := len(kept)
	out.Reasons = append(kept, out.Reasons[nMRZ:]...)
	out.Review = len(out.Reasons) > 0
	out.Notes = append(out.Notes, notes...)
	return n
}

// runnerUp returns the MRZ reader's second reading (the MRZ stage's
// "mrz_runner_up" diagnostic), nil when it gave none.
func runnerUp(rd *fields.MRZReading) []string {
	switch v := rd.Diagnostics["mrz_runner_up"].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			out = append(out, s)
		}
		return out
	}
	return nil
}

// mrzFieldKey is the raw key (fields.FromMRZ) of each MRZ field a licence's
// front can confirm.
var mrzFieldKey = map[string]string{
	"surname": fields.KeySurname, "givenNames": fields.KeyGivenNames, "birthDate": fields.KeyBirthDate,
	"documentNumber": fields.KeyNumber, "expiryDate": fields.KeyExpiryDate,
}

// licenceFullSurname reports the front's full surname on a French licence
// whose MRZ surname fills its 8 places (and so may be cut): when the
// front's surname (field 1) transliterates to a name the MRZ's 8 letters
// begin, it is the surname (raw surname with the front's box and score,
// ocr_lastName, ocr_fullName). A front that did not read it leaves the 8
// letters, scored at most fields.TruncatedNameScore, as they are.
func licenceFullSurname(out *fields.Output, p *mrz.Result) {
	if p.Format != mrz.FrenchDL || !p.NameTruncated {
		return
	}
	f, ok := out.Front["surname"]
	if !ok {
		return
	}
	m := strings.ReplaceAll(mrzWords(p.Surname), " ", "<")
	t := mrz.Transliterate(f.Value)
	if m == "" || !strings.HasPrefix(t, m) {
		return
	}
	full, cut := mrzWords(t), mrzWords(p.Surname)
	raw := out.Raw[fields.KeySurname]
	raw.Value = full
	raw.Score = max(raw.Score, min(max(f.Score, 0), 100))
	if full != cut {
		raw.Score = min(max(f.Score, 0), 100)
	}
	raw.Quad, raw.ImageQuad = f.Quad, f.ImageQuad
	out.Raw[fields.KeySurname] = raw
	s := &out.Summary
	if s.LastName == cut {
		s.LastName = full
	}
	switch {
	case s.FullName == cut:
		s.FullName = full
	case strings.HasSuffix(s.FullName, " "+cut):
		s.FullName = strings.TrimSuffix(s.FullName, cut) + full
	}
	for i, n := range out.Notes {
		if strings.HasPrefix(n, "the MRZ name may be truncated") {
			out.Notes = append(out.Notes[:i:i], out.Notes[i+1:]...)
			break
		}
	}
	out.Notes = append(out.Notes, fmt.Sprintf("surname: the front's %q, which the MRZ's 8 places %q begin", full, cut))
}
