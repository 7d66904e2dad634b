package idrecog

import (
	"context"
	"encoding/base64"
	"errors"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/viz"
)

var (
	frenchDL = []string{"D1FRA13AA000026181231MARTIN<<9"}
	swissDL  = []string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MUSTER<<HANS<PETER<<<<<<<<<<<<"}
	utoTD3   = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
)

// licenceSides is a fake MRZ stage that can look for given formats: like
// sides, it tells the front (48 px wide) from the back; a format-restricted
// read answers only lines of the formats asked for. formatsCalls counts
// those reads.
type licenceSides struct {
	sides
	formatsCalls *int
}

func (s licenceSides) ReadMRZFormats(ctx context.Context, img image.Image, fs ...mrz.Format) (*fields.MRZReading, error) {
	if s.formatsCalls != nil {
		*s.formatsCalls++
	}
	rd, err := s.ReadMRZ(ctx, img)
	if err != nil {
		return nil, err
	}
	p, perr := mrz.Parse(rd.Lines, nil)
	if perr != nil {
		return nil, fields.ErrNoMRZ
	}
	for _, f := range fs {
		if p.Format == f {
			return rd, nil
		}
	}
	return nil, fields.ErrNoMRZ
}

func licenceRequest(country string, back bool) Request {
	req := Request{IDImage: base64.StdEncoding.EncodeToString(frontPNG), IssuingCountry: country, IDType: "drivers_license"}
	if back {
		req.IDBackImage = base64.StdEncoding.EncodeToString(backPNG)
	}
	return req
}

func TestLicenceFormat(t *testing.T) {
	for _, c := range []struct {
		country, idType string
		want            mrz.Format
		ok              bool
	}{
		{"FRA", "drivers_license", mrz.FrenchDL, true},
		{"CHE", "drivers_license", mrz.SwissDL, true},
		{"LIE", "drivers_license", mrz.SwissDL, true},
		{"DEU", "drivers_license", mrz.FormatUnknown, false},
		{"USA", "drivers_license", mrz.FormatUnknown, false},
		{"FRA", "government_id", mrz.FormatUnknown, false},
		{"FRA", "passport", mrz.FormatUnknown, false},
	} {
		got, ok := licenceFormat(c.country, c.idType)
		if got != c.want || ok != c.ok {
			t.Errorf("licenceFormat(%s, %s) = %v, %v; want %v, %v", c.country, c.idType, got, ok, c.want, c.ok)
		}
	}
}

// TestRecognizeLicence reads the licences through a fake format-aware stage
// (MRZ only): the MRZ on the back when one is sent, else on the front; the
// response carries the licence's MRZ, summary and licence number.
func TestRecognizeLicence(t *testing.T) {
	for _, c := range []struct {
		name      string
		country   string
		stage     sides
		back      bool
		side      string
		number    string
		licence   string
		last      string
		birth     string
		expiry    string
		reviewBck bool
		reason    string
	}{
		{"FR back", "FRA", sides{back: frenchDL}, true, "back", "13AA00002", "13AA00002", "MARTIN", "", "2018-12-31", false, ""},
		{"FR front only", "FRA", sides{front: frenchDL}, false, "front", "13AA00002", "13AA00002", "MARTIN", "", "2018-12-31", false, ""},
		{"FR back without MRZ, front with", "FRA", sides{front: frenchDL}, true, "front", "13AA00002", "13AA00002", "MARTIN", "", "2018-12-31", false, ""},
		{"CH back", "CHE", sides{back: swissDL}, true, "back", "AAA001", "305142128097", "MUSTER", "1980-01-26", "", false, ""},
		{"CH licence sent as LIE", "LIE", sides{back: swissDL}, true, "back", "AAA001", "305142128097", "MUSTER", "1980-01-26", "", true, "differs from issuingCountry LIE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := 0
			r := newTest(t, Options{MRZ: licenceSides{c.stage, &n}, Diagnostics: true})
			resp, err := r.Recognize(context.Background(), licenceRequest(c.country, c.back))
			if err != nil {
				t.Fatal(err)
			}
			res := resp.Result
			o := res.Data.OCR
			want := frenchDL
			if c.country != "FRA" {
				want = swissDL
			}
			if o.FullMRZ != strings.Join(want, "\n") || o.MRZLine1 != want[0] {
				t.Errorf("full_mrz %q, mrz_line1 %q", o.FullMRZ, o.MRZLine1)
			}
			if o.Number != c.number || o.LastName != c.last || o.BirthDate != c.birth || o.ExpireDate != c.expiry {
				t.Errorf("summary %+v", o)
			}
			if got := res.Data.Raw.Fields["license_number"].Value; got != c.licence {
				t.Errorf("license_number %q, want %q", got, c.licence)
			}
			if res.DocumentType != "drivers_license" {
				t.Errorf("document_type %q", res.DocumentType)
			}
			if side := resp.Diagnostics.MRZ.(map[string]any)["side"]; side != c.side {
				t.Errorf("MRZ side %v, want %s", side, c.side)
			}
			if res.ReviewBack != (c.reviewBck && c.side == "back") {
				t.Errorf("review_back %v (%v)", res.ReviewBack, resp.Diagnostics.ReviewReasons)
			}
			// MRZ only: the front's visual zone is not read, so a back
			// MRZ leaves the front to review.
			if c.side == "back" && !res.ReviewFront {
				t.Errorf("review_front false, want true: the front was not read")
			}
			if c.reason != "" && !strings.Contains(strings.Join(resp.Diagnostics.ReviewReasons, "; "), c.reason) {
				t.Errorf("reasons %v, want %q", resp.Diagnostics.ReviewReasons, c.reason)
			}
			if n == 0 {
				t.Errorf("the stage was never asked for the licence's format")
			}
		})
	}
}

// TestRecognizeLicenceErrors: documents that are not the declared licence
// get the contract's codes, as before the licences were read by their MRZ.
func TestRecognizeLicenceErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		opt    Options
		req    Request
		code   int
		detail string
	}{
		{"passport sent as drivers_license FRA", Options{MRZ: licenceSides{sides: sides{front: utoTD3}}}, licenceRequest("FRA", false), CodeRecognizeFailed, "passport"},
		{"passport with a back sent as drivers_license CHE", Options{MRZ: licenceSides{sides: sides{front: utoTD3}}}, licenceRequest("CHE", true), CodeRecognizeFailed, "passport"},
		{"no MRZ anywhere", Options{MRZ: licenceSides{}}, licenceRequest("FRA", true), CodeAnalyzeFailed, "no machine-readable zone"},
		{"undecodable back", Options{MRZ: licenceSides{sides: sides{front: frenchDL}}},
			Request{IDImage: base64.StdEncoding.EncodeToString(frontPNG), IDBackImage: base64.StdEncoding.EncodeToString([]byte("not an image at all")), IssuingCountry: "FRA", IDType: "drivers_license"},
			CodeInvalidImage, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newTest(t, c.opt)
			resp, err := r.Recognize(context.Background(), c.req)
			checkError(t, resp, err, c.code, c.detail)
		})
	}
}

// TestRecognizeLicenceOldStage: a stage that cannot restrict its formats
// reads the licence as before (the front, then the back, all formats).
func TestRecognizeLicenceOldStage(t *testing.T) {
	r := newTest(t, Options{MRZ: sides{back: frenchDL}})
	resp, err := r.Recognize(context.Background(), licenceRequest("FRA", true))
	if err != nil {
		t.Fatal(err)
	}
	if o := resp.Result.Data.OCR; o.FullMRZ != frenchDL[0] || resp.Result.Data.Raw.Fields["license_number"].Value != "13AA00002" {
		t.Errorf("got %+v", o)
	}
}

// TestRecognizeLicenceCanceled: a context that ends during the licence's
// MRZ read is 1003, not a fallback.
func TestRecognizeLicenceCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stage := licenceSides{sides: sides{back: frenchDL}}
	r := newTest(t, Options{MRZ: cancelStage{stage, cancel}})
	resp, err := r.Recognize(ctx, licenceRequest("FRA", true))
	var e *Error
	if resp != nil || !errors.As(err, &e) || e.Code != CodeProcessFailed {
		t.Fatalf("got %v, %v; want 1003", resp, err)
	}
}

// cancelStage cancels the context on its first format-restricted read.
type cancelStage struct {
	licenceSides
	cancel context.CancelFunc
}

func (c cancelStage) ReadMRZFormats(ctx context.Context, img image.Image, fs ...mrz.Format) (*fields.MRZReading, error) {
	c.cancel()
	return c.licenceSides.ReadMRZFormats(ctx, img, fs...)
}

func TestLicenceChecks(t *testing.T) {
	fr, _ := mrz.Parse(frenchDL, nil)
	ch, _ := mrz.Parse(swissDL, nil)
	for _, c := range []struct {
		name    string
		p       *mrz.Result
		printed string // license_number read on the front, "" when not
		want    string
		review  bool
	}{
		{"FR from the MRZ", fr, "", "13AA00002", false},
		{"FR front agrees", fr, "13AA00002", "13AA00002", false},
		{"FR front agrees with spaces", fr, "13 AA 00002", "13 AA 00002", false},
		{"FR front disagrees", fr, "13AA00003", "13AA00003", true},
		{"FR front not a licence number", fr, "7", "13AA00002", false},
		{"CH front not a licence number", ch, "EWN84", "305142128097", false},
		{"CH from the MRZ", ch, "", "305142128097", false},
		{"CH front agrees", ch, "305142128097", "305142128097", false},
		{"CH front disagrees", ch, "305142128098", "305142128098", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := fields.FromMRZ(c.p, nil)
			if c.printed != "" {
				out.Raw["license_number"] = fields.Field{Value: c.printed, Score: 95}
			}
			why := licenceChecks(&out, c.p)
			f := out.Raw["license_number"]
			if f.Value != c.want {
				t.Errorf("license_number %q, want %q", f.Value, c.want)
			}
			if (len(why) > 0) != c.review || out.Review != c.review {
				t.Errorf("reasons %v, review %v; want review %v", why, out.Review, c.review)
			}
			if c.review && (f.Score >= fields.ReviewScore || f.Accepted == nil || *f.Accepted) {
				t.Errorf("disagreeing license_number still trusted: %+v", f)
			}
		})
	}
	tdr, _ := mrz.Parse(utoTD3, nil)
	out := fields.FromMRZ(tdr, nil)
	if why := licenceChecks(&out, tdr); why != nil || out.Raw["license_number"].Value != "" {
		t.Errorf("a passport got a license_number: %v %+v", why, out.Raw["license_number"])
	}
}

// TestRecognizeLicenceStageError: a stage error on the licence's own read
// is no new error: the licence is read as before.
func TestRecognizeLicenceStageError(t *testing.T) {
	r := newTest(t, Options{MRZ: failingFormats{sides{back: frenchDL}}})
	resp, err := r.Recognize(context.Background(), licenceRequest("FRA", true))
	if err != nil {
		t.Fatal(err)
	}
	if o := resp.Result.Data.OCR; o.FullMRZ != frenchDL[0] {
		t.Errorf("got %+v", o)
	}
}

// failingFormats fails every format-restricted read.
type failingFormats struct{ sides }

func (failingFormats) ReadMRZFormats(context.Context, image.Image, ...mrz.Format) (*fields.MRZReading, error) {
	return nil, errors.New("boom")
}

// TestLicenceRows fills the fields a licence front's zone read left without
// their (missed) field numbers, by row order, without taking one date for
// another.
func TestLicenceRows(t *testing.T) {
	tmpl, ok := doctype.Lookup("FRA", "drivers_license", "FRENCH_DL")
	if !ok {
		t.Fatal("no FRENCH_DL template")
	}
	rd := &fields.MRZReading{DocSize: tmpl.Size, DocToImage: geometry.Identity}
	line := func(v string, x, y, h int) ocr.Line {
		return ocr.Line{Value: v, Score: 95, Height: h, Box: image.Rect(x, y, x+12*len(v), y+h)}
	}
	zone := ocr.Text{Lines: []ocr.Line{
		line("MARTIN", 380, 160, 24), line("1", 350, 168, 14),
		line("PAUL PIERRE", 380, 215, 24),
		line("26/01/1980", 380, 270, 24), line("LYON 3E (69)", 610, 270, 24), line("3.", 350, 278, 14),
		line("16/09/2014", 392, 325, 24), line("15/09/2029", 712, 325, 24), line("4b.", 672, 333, 14),
		line("PREFECTURE DU RHONE", 392, 380, 24),
		line("14AB12345", 380, 435, 24),
	}}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	values := func(fs []viz.Field) map[string]string {
		m := map[string]string{}
		for _, f := range fs {
			m[f.Key] = f.Value
		}
		return m
	}
	got := values(licenceRows(nil, zone, tmpl, rd, nil, now))
	want := map[string]string{"surname": "MARTIN", "given_names": "PAUL PIERRE", "birth_date": "1980-01-26", "issue_date": "2014-09-16",
		"expiry_date": "2029-09-15", "authority": "PREFECTURE DU RHONE", "license_number": "14AB12345"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("all by rows: %s = %q, want %q (%v)", k, got[k], v, got)
		}
	}
	// The issue date not read, the expiry date found by its caption: the
	// expiry is not taken for the issue date.
	zone.Lines = append(zone.Lines[:6:6], zone.Lines[7:]...)
	fs := []viz.Field{{Key: "expiry_date", Value: "2029-09-15", Score: 95, Trusted: true}}
	got = values(licenceRows(fs, zone, tmpl, rd, nil, now))
	if got["issue_date"] != "" || got["birth_date"] != "1980-01-26" || got["expiry_date"] != "2029-09-15" {
		t.Errorf("issue date missing: got %v", got)
	}
	// A stray row (an overprint) between the surname and the birth date:
	// the MRZ surname finds the names' rows; without an MRZ, no names.
	zone.Lines = append([]ocr.Line{line("SPECIMEN", 380, 110, 24)}, zone.Lines...)
	zone.Lines = append(zone.Lines, line("ZZ TOP", 380, 245, 24))
	fr, _ := mrz.Parse(frenchDL, nil)
	got = values(licenceRows(nil, zone, tmpl, rd, fr, now))
	if got["surname"] != "MARTIN" || got["given_names"] != "PAUL PIERRE" {
		t.Errorf("anchored on the MRZ surname: got %v", got)
	}
	if got = values(licenceRows(nil, zone, tmpl, rd, nil, now)); got["surname"] != "" || got["given_names"] != "" {
		t.Errorf("no MRZ, four rows above the birth date: got %v", got)
	}
	// Not a licence template: nothing added.
	td3, _ := doctype.Lookup("UTO", "passport", "TD3")
	if fs := licenceRows(nil, zone, td3, rd, nil, now); len(fs) != 0 {
		t.Errorf("TD3 template: %v", fs)
	}
}

// TestLicenceBirthCheck: a French licence's front birth date that makes the
// holder a child on the issue date is not trusted and asks for review.
func TestLicenceBirthCheck(t *testing.T) {
	fr, _ := mrz.Parse(frenchDL, nil) // MRZ date 2018-12-31: issued 2004-01-01 by its 15 years
	for _, c := range []struct {
		name, birth, issue string
		review             bool
	}{
		{"adult at issue", "1980-01-26", "2013-09-16", false},
		{"child at front issue", "2010-03-06", "2013-09-16", true},
		{"child at MRZ-derived issue", "1995-03-06", "", true},
		{"adult at MRZ-derived issue", "1975-03-06", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := fields.FromMRZ(fr, nil)
			out.Raw["birth_date"] = fields.Field{Value: c.birth, Score: 95, Accepted: boolp(true)}
			out.Summary.BirthDate = c.birth
			if c.issue != "" {
				out.Raw["issue_date"] = fields.Field{Value: c.issue, Score: 95}
			}
			why := licenceChecks(&out, fr)
			b := out.Raw["birth_date"]
			if (len(why) > 0) != c.review || (c.review && (*b.Accepted || b.Score >= fields.ReviewScore || out.Summary.BirthDate != "")) {
				t.Errorf("reasons %v, birth %+v, summary %q", why, b, out.Summary.BirthDate)
			}
		})
	}
}

func boolp(b bool) *bool { return &b }

// FuzzLicenceRows feeds the row reader arbitrary zone lines: it must never
// panic, and what it adds must be fields of the template.
func FuzzLicenceRows(f *testing.F) {
	f.Add("MARTIN\nPAUL\n26/01/1980\n16/09/2014 15/09/2029\nPREFECTURE\n14AB12345", 24, 40)
	f.Add("1\n\n\n3.\n4b", 0, 0)
	f.Add("01/01/2000\n01/01/2000\n01/01/2000\n01/01/2000", -5, 3)
	tmpl, ok := doctype.Lookup("CHE", "drivers_license", "SWISS_DL")
	if !ok {
		f.Fatal("no SWISS_DL template")
	}
	ch, _ := mrz.Parse(swissDL, nil)
	rd := &fields.MRZReading{DocSize: tmpl.Size, DocToImage: geometry.Identity}
	keys := map[string]bool{}
	for _, tf := range tmpl.Fields {
		keys[tf.Key] = true
	}
	f.Fuzz(func(t *testing.T, text string, h, step int) {
		var zone ocr.Text
		for i, v := range strings.Split(text, "\n") {
			zone.Lines = append(zone.Lines, ocr.Line{Value: v, Score: 90, Height: h, Box: image.Rect(380, 100+i*step, 380+10*len(v), 100+i*step+h)})
		}
		for _, fl := range licenceRows(nil, zone, tmpl, rd, ch, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
			if !keys[fl.Key] || fl.Score > rowOrderScore {
				t.Errorf("added %+v", fl)
			}
		}
	})
}
