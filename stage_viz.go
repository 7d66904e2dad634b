package idrecog

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
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
	opt := &viz.Options{Now: in.Now}
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
	}
	fs, err := viz.ReadWith(ctx, img, reading, tmpl, s.pool, opt)
	if err != nil {
		return err
	}
	// A country's own template fits its real documents; when most of its
	// required fields do not read, the document is laid out otherwise (a
	// newer series, a specimen), and the generic ICAO template, which
	// searches captions instead of fixed boxes, is tried too.
	if generic, ok := doctype.Default().Generic(in.MRZ.Format.String(), "front"); ok && generic != tmpl && fitness(tmpl, fs) < 0.5 {
		gfs, gerr := viz.ReadWith(ctx, img, reading, generic, s.pool, opt)
		if gerr == nil && fitness(generic, gfs) > fitness(tmpl, fs) {
			tmpl, fs = generic, gfs
		}
	}
	viz.Merge(out, fs, tmpl, in.MRZ)
	if in.MRZSide == "back" && fitness(tmpl, fs) >= 0.5 {
		// raw.rotate describes the upload, the front: once the front is
		// found and mostly read, its rotation replaces the back's.
		out.Rotate = reading.Rotate
	}
	if in.MRZSide == "back" && fitness(tmpl, fs) < 1 {
		// Merge does not miss a required field the MRZ gave; on a front
		// found on its own, a missing one may mean it is not this card's
		// front, so the front is not taken as verified.
		return fmt.Errorf("the front found shows %d of %d required fields", requiredRead(tmpl, fs), required(tmpl))
	}
	return nil
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
