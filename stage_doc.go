package idrecog

import (
	"context"
	"image"
	"time"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/ocr"
)

// Document is what the document stage gets for a document read without an
// MRZ: the request's country and idType and the decoded sides (Back nil
// when none was sent).
type Document struct {
	Country, IDType string
	Front, Back     image.Image
	Now             time.Time
}

// DocumentStage reads documents that carry no machine-readable zone (driving
// licences, Korean, Indian cards, vehicle registration certificates) and,
// for pairs without a template, any document generically. It returns
// docread.ErrNotThisDocument (1011), docread.ErrNotThisBack (1012) or
// docread.ErrNothingRead (1009), possibly wrapped. Implementations must be
// safe for concurrent use.
type DocumentStage interface {
	ReadDocument(ctx context.Context, in Document) (*docread.Result, error)
}

// docStage is the default DocumentStage: the docread reader registered for
// the pair, else docread.Generic, sharing a Tesseract pool.
type docStage struct {
	env  docread.Env
	pool *ocr.Pool // owned: closed by Close; nil when shared
}

// newDocStage returns the default document stage. With a nil pool it makes
// (and owns) one of workers clients.
func newDocStage(pool *ocr.Pool, workers int) *docStage {
	s := &docStage{}
	if pool == nil {
		pool = ocr.NewPool(workers)
		s.pool = pool
	}
	s.env = docread.Env{OCR: pool, Find: defaultFinder(pool)}
	return s
}

// Close closes the pool the stage owns.
func (s *docStage) Close() error {
	if s.pool == nil {
		return nil
	}
	return s.pool.Close()
}

// ReadDocument implements DocumentStage.
func (s *docStage) ReadDocument(ctx context.Context, in Document) (*docread.Result, error) {
	rd, _, ok := docread.Lookup(in.Country, in.IDType)
	if !ok {
		rd = docread.Generic
	}
	return rd.Read(ctx, &s.env, docread.Input{Country: in.Country, IDType: in.IDType, Front: in.Front, Back: in.Back, Now: in.Now})
}
