package idrecog

import (
	"context"
	"errors"
	"fmt"
	"image"
	"net/http"
	"strings"

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

// errFormatsUnsupported is returned by a stage that cannot restrict its
// search to given formats (the MRZ reader predates it).
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
	var want string
	switch p.Format {
	case mrz.FrenchDL:
		want = p.DocumentNumber
	case mrz.SwissDL:
		want = strings.Trim(p.OptionalData1, "<") + strings.Trim(p.OptionalData2, "<")
	default:
		return nil
	}
	want = strings.ReplaceAll(want, "<", "")
	if want == "" {
		return nil
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
		return nil
	}
	squeeze := strings.NewReplacer(" ", "", "-", "", ".", "", "<", "")
	if squeeze.Replace(got.Value) == want {
		return nil
	}
	why := fmt.Sprintf("visual zone: license_number: visual zone %q, MRZ %q", got.Value, want)
	got.Score = min(got.Score, fields.ReviewScore-1)
	no := false
	got.Accepted = &no
	out.Raw["license_number"] = got
	out.Reasons = append(out.Reasons, why)
	out.Review = true
	return []string{why}
}
