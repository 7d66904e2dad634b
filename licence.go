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
