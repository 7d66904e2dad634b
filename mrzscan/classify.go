package mrzscan

import (
	"image"

	"github.com/idrecog/idrecog/mrz"
)

// Classifier recognises one MRZ character cell (see package ocrb for the cell
// convention: width one pitch, height 1.6 pitches, glyph centred, dark on
// light). It returns the best candidates sorted by decreasing probability and
// must be safe for concurrent use.
type Classifier interface {
	Classify(cell *image.Gray) []mrz.Candidate
}
