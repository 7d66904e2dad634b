// Package docread reads documents without a machine-readable zone — US and
// Canadian driving licences (PDF417 AAMVA barcode on the back), Korean
// resident registration cards and licences, Aadhaar and PAN cards, vehicle
// registration certificates — and, for any country/type pair without a
// template, reads the page generically (every text line with its quad and
// score, captioned key–value pairs).
//
// A Reader handles one family of documents; readers are registered in one
// ordered table and the first that claims a (country, idType) pair reads it.
// The generic reader is the last resort.
package docread

import (
	"context"
	"errors"
	"image"
	"sync"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// Input is one document to read: the request's country and idType, the
// decoded front and the optional back (nil when none was sent).
type Input struct {
	Country, IDType string
	Front, Back     image.Image
	Now             time.Time
}

// Side is the review verdict on one side of the document.
type Side struct {
	Review  bool
	Reasons []string
}

// Result is what a reader found.
type Result struct {
	// Out holds the raw fields (keys per template: name, number, address,
	// birth_date, license_number...), the ocr_* summary, the front's
	// rotation, and Kind, the idType the document was read as.
	Out fields.Output
	// Front and Back say whether a person should look at each side and
	// why; Back is zero when no back was sent.
	Front, Back Side
	// Reader names what read the document: "aamva", "template:<name>" or
	// "generic".
	Reader string
	// Diagnostics is free-form detail for the optional diagnostics object.
	Diagnostics map[string]any
}

// Geometry is where a document lies in an upload: its canonical (upright,
// 300 dpi) size, the map from canonical pixels to upload pixels, the
// clockwise rotation that brings the upload upright, and the document's
// corners in the upload (TL, TR, BR, BL of the upright document).
type Geometry struct {
	DocSize    image.Point
	DocToImage geometry.Homography
	Rotate     int
	Quad       geometry.Quad
	// Score is the finder's confidence, 0-1.
	Score float64
}

// Reading returns g as the document geometry the viz package reads
// templates with (a reading without MRZ lines).
func (g *Geometry) Reading() *fields.MRZReading {
	return &fields.MRZReading{DocSize: g.DocSize, DocToImage: g.DocToImage, Rotate: g.Rotate}
}

// FindFunc finds a document of the given canonical size (aspect ratio) in
// img and decides which way is up.
type FindFunc func(ctx context.Context, img image.Image, size image.Point) (*Geometry, error)

// Env is what the readers share: the Tesseract pool and the document
// finder. Both are safe for concurrent use.
type Env struct {
	OCR  ocr.Engine
	Find FindFunc
}

// A Reader reads one family of documents.
type Reader interface {
	Read(ctx context.Context, env *Env, in Input) (*Result, error)
}

// Errors a reader returns; the recognizer maps them to the contract's codes.
var (
	// ErrNotThisDocument: the front is not the declared kind of document (1011).
	ErrNotThisDocument = errors.New("docread: the front is not the declared document")
	// ErrNotThisBack: the back is not this document's back (1012).
	ErrNotThisBack = errors.New("docread: the back is not this document's back")
	// ErrNothingRead: no document could be analysed in the image (1009).
	ErrNothingRead = errors.New("docread: no document found")
)

type entry struct {
	name  string
	match func(country, idType string) bool
	r     Reader
}

var (
	mu      sync.RWMutex
	readers []entry
)

// Register adds a reader for the (country, idType) pairs match accepts.
// Readers registered first are tried first.
func Register(name string, match func(country, idType string) bool, r Reader) {
	mu.Lock()
	defer mu.Unlock()
	readers = append(readers, entry{name, match, r})
}

// Lookup returns the reader for (country, idType) and its name, or false
// when only the generic reader applies.
func Lookup(country, idType string) (Reader, string, bool) {
	mu.RLock()
	defer mu.RUnlock()
	for _, e := range readers {
		if e.match(country, idType) {
			return e.r, e.name, true
		}
	}
	return nil, "", false
}
