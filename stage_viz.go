package idrecog

import (
	"context"
	"image"
	"time"

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
type vizStage struct{ pool *ocr.Pool }

func newVIZStage(workers int) *vizStage { return &vizStage{pool: ocr.NewPool(workers)} }

// Close closes the Tesseract clients; no read may be running.
func (s *vizStage) Close() error { return s.pool.Close() }

// ReadVIZ implements VIZStage. A document without a template is left as the
// MRZ gave it.
func (s *vizStage) ReadVIZ(ctx context.Context, img image.Image, in VIZ, out *fields.Output) error {
	tmpl, ok := doctype.Lookup(in.Country, in.IDType, in.MRZ.Format.String())
	if !ok {
		return nil
	}
	fs, err := viz.ReadWith(ctx, img, in.Reading, tmpl, s.pool, &viz.Options{Now: in.Now})
	if err != nil {
		return err
	}
	viz.Merge(out, fs, tmpl, in.MRZ)
	return nil
}
