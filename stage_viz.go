package idrecog

import (
	"context"
	"errors"
	"fmt"
	"image"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/viz"
)

// VIZ is what the visual-zone stage gets: the upright geometry the MRZ
// stage found, the parsed MRZ, and the request's country and idType.
type VIZ struct {
	Country, IDType string
	MRZ             *mrz.Result
	Reading         *fields.MRZReading
	Now             time.Time
	// MRZSide is the side the MRZ was read on. "back" (a TD1 card) means
	// Reading's geometry is the back's, and Back is that image: the stage
	// reads the back's visual zone with it and finds the front itself.
	MRZSide string
	Back    image.Image
}

// VIZStage reads the visual-zone fields (issue date, authority, place of
// birth, the printed names and dates) and merges them into out: raw keys the
// MRZ did not give, empty summary values, and review reasons when the
// printed page disagrees with the MRZ.
type VIZStage interface {
	ReadVIZ(ctx context.Context, img image.Image, in VIZ, out *fields.Output) error
}

// vizStage is the default VIZStage: the document's template from package
// doctype, read by Tesseract through a client pool.
type vizStage struct {
	pool *ocr.Pool
	find docread.FindFunc // finds a card's front when its MRZ is on the back
}

func newVIZStage(workers int) *vizStage {
	pool := ocr.NewPool(workers)
	return &vizStage{pool: pool, find: defaultFinder(pool)}
}

// Close closes the Tesseract clients; no read may be running.
func (s *vizStage) Close() error { return s.pool.Close() }

// ReadVIZ implements VIZStage. A document without a template is left as the
// MRZ gave it.
func (s *vizStage) ReadVIZ(ctx context.Context, img image.Image, in VIZ, out *fields.Output) error {
	tmpl, ok := doctype.Lookup(in.Country, in.IDType, in.MRZ.Format.String())
	if !ok {
		return nil
	}
	fromMRZ := make(map[string]bool, len(out.Raw))
	for k := range out.Raw {
		fromMRZ[k] = true
	}
	opt := &viz.Options{Now: in.Now, MRZ: in.MRZ}
	reading := in.Reading
	if in.MRZSide == "back" && in.Back != nil {
		// The back's own visual zone (issue date, authority...) lies above
		// its MRZ, whose geometry places it; what it asks for review
		// concerns the back.
		if bt, ok := doctype.Default().LookupSide(in.Country, in.IDType, in.MRZ.Format.String(), "back"); ok {
			bfs, err := viz.ReadWith(ctx, in.Back, in.Reading, bt, s.pool, opt)
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			if err == nil {
				n := len(out.Reasons)
				viz.Merge(out, bfs, bt, in.MRZ)
				out.BackReasons = append(out.BackReasons, out.Reasons[n:]...)
				out.Reasons = out.Reasons[:n]
			}
		}
	}
	if in.MRZSide == "back" {
		// The MRZ geometry is the back's; find the front on its own.
		if s.find == nil {
			return errNoFinder
		}
		g, err := s.find(ctx, img, tmpl.Size)
		if err != nil {
			return err
		}
		reading = g.Reading()
		// raw.rotate describes the upload, the front: once the front is
		// found, its rotation replaces the back's, which says nothing
		// about how the front was photographed.
		out.Rotate = reading.Rotate
		var zone ocr.Text
		zopt := *opt
		zopt.ZoneText = &zone
		fs, err := viz.ReadWith(ctx, img, reading, tmpl, s.pool, &zopt)
		if err != nil {
			return err
		}
		fs = licenceRows(fs, zone, tmpl, reading, in.MRZ, in.Now)
		if fitness(tmpl, fs) < 0.5 {
			// Few required fields read: the finder may have taken the
			// card upside down (which way is up is read from a few text
			// strips); the card turned by 180° is read too and the
			// better reading kept.
			if fg, ferr := docfind.Flip(g); ferr == nil {
				var fzone ocr.Text
				fopt := *opt
				fopt.ZoneText = &fzone
				ffs, ferr := viz.ReadWith(ctx, img, fg.Reading(), tmpl, s.pool, &fopt)
				if ferr == nil {
					ffs = licenceRows(ffs, fzone, tmpl, fg.Reading(), in.MRZ, in.Now)
				}
				if ferr == nil && frontScore(tmpl, ffs, out, in.MRZ, fromMRZ) > frontScore(tmpl, fs, out, in.MRZ, fromMRZ) {
					reading, fs = fg.Reading(), ffs
					out.Rotate = reading.Rotate
				}
			}
		}
		return s.mergeFront(ctx, img, in, tmpl, reading, fs, nil, nil, opt, out, fromMRZ)
	}
	var pre *templateRead
	if generic, ok := doctype.Default().Generic(in.MRZ.Format.String(), "front"); ok && generic != tmpl {
		if fit := viz.LayoutFit(img, reading, tmpl); fit < minLayoutFit {
			// The country's template does not fit this page's layout (most
			// of its required fields' regions hold no value line where it
			// expects one: a newer series, a specimen): the generic ICAO
			// template is read first, and the country's only when the
			// generic one reads poorly too and at least one of its
			// required fields fits.
			g := &templateRead{tmpl: generic}
			gopt := *opt
			gopt.ZoneText = &g.zone
			gfs, gerr := viz.ReadWith(ctx, img, reading, generic, s.pool, &gopt)
			if err := ctx.Err(); err != nil {
				return err
			}
			if gerr == nil {
				g.fs = gfs
				if fitness(generic, gfs) >= genericFitEnough || fit <= noLayoutFit {
					return s.mergeFront(ctx, img, in, generic, reading, gfs, &g.zone, nil, opt, out, fromMRZ)
				}
				pre = g
			}
		}
	}
	var zone ocr.Text
	fopt := *opt
	fopt.ZoneText = &zone
	fs, err := viz.ReadWith(ctx, img, reading, tmpl, s.pool, &fopt)
	if err != nil {
		return err
	}
	return s.mergeFront(ctx, img, in, tmpl, reading, fs, &zone, pre, opt, out, fromMRZ)
}

// minLayoutFit is the viz.LayoutFit below which a country's template is
// taken not to fit the page and the generic template is read first.
const minLayoutFit = 0.5

// noLayoutFit is the viz.LayoutFit at or below which a country's template
// is not read at all after the generic one: none of its required fields'
// regions holds a value line where it expects one, and such a template,
// read field by field (dozens of Tesseract calls), has not read better
// than the generic one (synthetic UTO passports of seeds 11 and 977, photo
// level: read on 3 of 28 pages, fitness 0-0.2 against the generic's
// 0.25-0.5; the dev set's specimens all fit, 0.67-1; docs/speed.md).
const noLayoutFit = 0

// genericFitEnough is the share of its required fields the generic
// template must read, when read first, for the country's template not to
// be read at all.
const genericFitEnough = 0.75

// templateRead is one template's reading of the front: its fields and the
// zone's text lines.
type templateRead struct {
	tmpl *doctype.Template
	fs   []viz.Field
	zone ocr.Text
}

// mergeFront merges fs, the front's visual zone read with tmpl at
// reading's geometry, into out; a poorly read specific template is
// replaced by the generic one when that reads better. zone, when not nil,
// holds the text lines that read found in tmpl's zone (template px);
// generic, when not nil, is the generic template's reading already made.
func (s *vizStage) mergeFront(ctx context.Context, img image.Image, in VIZ, tmpl *doctype.Template, reading *fields.MRZReading,
	fs []viz.Field, zone *ocr.Text, generic *templateRead, opt *viz.Options, out *fields.Output, fromMRZ map[string]bool) error {
	// A country's own template fits its real documents; when most of its
	// required fields do not read, the document is laid out otherwise (a
	// newer series, a specimen), and the generic ICAO template, which
	// searches captions instead of fixed boxes, is tried too.
	if gt, ok := doctype.Default().Generic(in.MRZ.Format.String(), "front"); ok && gt != tmpl && fitness(tmpl, fs) < 0.5 {
		if generic == nil || generic.tmpl != gt {
			generic = &templateRead{tmpl: gt}
			gopt := *opt
			gopt.ZoneText = &generic.zone
			gfs, gerr := viz.ReadWith(ctx, img, reading, gt, s.pool, &gopt)
			if gerr != nil {
				generic = nil
			} else {
				generic.fs = gfs
			}
		}
		if generic != nil && fitness(gt, generic.fs) > fitness(tmpl, fs) {
			tmpl, fs, zone = gt, generic.fs, &generic.zone
		}
	}
	keepLicenceFront(out, tmpl, fs)
	viz.Merge(out, fs, tmpl, in.MRZ)
	placed := placePrinted(out, fs, in.MRZ, fromMRZ)
	// The MRZ's fields the template did not find printed are looked for
	// in the whole page; a TD1 card's front has no MRZ, so its whole
	// page is read.
	keys := map[string]bool{}
	for _, k := range locatable {
		if _, ok := out.Raw[k]; ok && fromMRZ[k] && !placed[k] {
			keys[k] = true
		}
	}
	if len(keys) > 0 {
		var mrzTop *geometry.Quad
		if l1, ok := out.Raw["mrz_line1"]; ok && in.MRZSide != "back" {
			mrzTop = l1.Quad
		}
		var pre ocr.Text
		if zone != nil && len(zone.Lines) > 0 && reading.DocSize.X > 0 && reading.DocSize.Y > 0 {
			// The zone's reads, in locate's page pixels.
			pre = scaleText(*zone, locateScale*float64(reading.DocSize.X)/float64(tmpl.Size.X),
				locateScale*float64(reading.DocSize.Y)/float64(tmpl.Size.Y))
		}
		if _, err := locateMRZFields(ctx, s.pool, img, reading, in.MRZ, out, keys, placed, mrzTop, pre, in.Now); err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if in.MRZSide == "back" && fitness(tmpl, fs) < 1 {
		// Merge does not miss a required field the MRZ gave; on a front
		// found on its own, a missing one may mean it is not this card's
		// front, so the front is not taken as verified.
		return fmt.Errorf("the front found shows %d of %d required fields", requiredRead(tmpl, fs), required(tmpl))
	}
	return nil
}

// placePrinted moves the boxes of the raw fields the MRZ gave (surname,
// number, birth_date…) onto the printed field of the visual zone when the
// visual zone read the same value there: a raw field is the document's
// printed field, and its MRZ value keeps its check digits but not its
// place in the MRZ line. A field the visual zone did not read, or read
// otherwise, keeps the box of its MRZ characters.
func placePrinted(out *fields.Output, fs []viz.Field, r *mrz.Result, fromMRZ map[string]bool) map[string]bool {
	placed := map[string]bool{}
	for _, f := range fs {
		got, ok := out.Raw[f.Key]
		if !ok || !fromMRZ[f.Key] || f.Value == "" || !agrees(f, got.Value, r) {
			continue
		}
		q, oq := f.Quad, f.OriginalQuad
		got.Quad, got.ImageQuad = &q, &oq
		out.Raw[f.Key] = got
		placed[f.Key] = true
	}
	return placed
}

// agrees reports whether the visual-zone field f says what the MRZ r says;
// mrzValue is the raw value the MRZ gave under f's key.
func agrees(f viz.Field, mrzValue string, r *mrz.Result) bool {
	switch f.Key {
	case "surname", "given_names", "birth_date", "expiry_date", "number", "sex":
	case "nationality":
		if len(f.Value) != 3 {
			// A nationality printed in words (UTOPIAN) is not compared
			// with the MRZ's code; a trusted read is taken as placed.
			return f.Trusted
		}
	default:
		// A key CrossCheck does not compare (personal_number): the same
		// characters, spacing and fillers aside.
		squeeze := strings.NewReplacer(" ", "", "<", "", "-", "")
		return squeeze.Replace(f.Value) == squeeze.Replace(mrzValue)
	}
	for _, d := range doctype.CrossCheck(map[string]string{f.Key: f.Value}, r) {
		if d.Key == f.Key && !d.Soft {
			return false
		}
	}
	return true
}

func required(tmpl *doctype.Template) int {
	n := 0
	for _, f := range tmpl.Fields {
		if f.Required {
			n++
		}
	}
	return n
}

func requiredRead(tmpl *doctype.Template, fs []viz.Field) int {
	return required(tmpl) - len(viz.Missing(tmpl, fs))
}

var errNoFinder = errors.New("no document finder for a front whose MRZ is on the back")

// fitness is the share of tmpl's required fields that read trusted.
func fitness(tmpl *doctype.Template, fs []viz.Field) float64 {
	req := required(tmpl)
	if req == 0 {
		return 1
	}
	return float64(requiredRead(tmpl, fs)) / float64(req)
}

// frontScore scores a reading fs of a card's front found on its own, to
// choose between it and the card turned by 180°: each required field read
// trusted with a value plausible for its kind counts 1, and each field whose
// value agrees with the one the MRZ gave counts 2 more. Tesseract's junk on
// an upside-down card may read trusted (a one-letter "name"), but is neither
// plausible nor the MRZ's.
func frontScore(tmpl *doctype.Template, fs []viz.Field, out *fields.Output, r *mrz.Result, fromMRZ map[string]bool) int {
	kinds := make(map[string]doctype.Field, len(tmpl.Fields))
	for _, f := range tmpl.Fields {
		kinds[f.Key] = f
	}
	n := 0
	for _, f := range fs {
		tf, ok := kinds[f.Key]
		if !ok || f.Value == "" {
			continue
		}
		if f.Trusted && tf.Required && plausible(tf, f.Value) {
			n++
		}
		if got, ok := out.Raw[f.Key]; ok && fromMRZ[f.Key] && got.Value != "" && plausible(tf, f.Value) && agrees(f, got.Value, r) {
			n += 2
		}
	}
	return n
}

// plausible reports whether v, a normalised value of template field f, is
// one such a field may hold: a name or text of at least two letters, a
// date that parses, a number of at least two letters or digits matching
// the field's pattern when it has one.
func plausible(f doctype.Field, v string) bool {
	letters, digits := 0, 0
	for _, c := range v {
		switch {
		case unicode.IsLetter(c):
			letters++
		case unicode.IsDigit(c):
			digits++
		}
	}
	switch f.Kind {
	case doctype.KindName, doctype.KindText, doctype.KindAddress:
		return letters >= 2
	case doctype.KindDate:
		_, err := time.Parse("2006-01-02", v)
		return err == nil
	case doctype.KindNumber:
		if letters+digits < 2 {
			return false
		}
		if f.Pattern != "" {
			re, err := regexp.Compile(f.Pattern)
			return err == nil && re.MatchString(v)
		}
		return true
	}
	return letters+digits > 0
}
