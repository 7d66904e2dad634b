// Package fields turns stage readings (the MRZ, visual-zone regions) into the
// contract's raw fields and flat ocr_* summary, and cross-checks them.
// Pure Go: builds with CGO_ENABLED=0.
package fields

import (
	"image"

	"github.com/idrecog/idrecog/geometry"
)

// MRZReading is what the MRZ stage hands to the rest of the pipeline: plain
// data, no C memory.
type MRZReading struct {
	Lines     []string    // decoded MRZ lines, upper case, '<' filler
	CharProb  [][]float64 // per line, per character: probability of the chosen character
	Score     int         // 0-100 confidence in the whole read
	Ambiguous bool        // the check digits did not single out one reading

	// Rotate is the clockwise rotation, 0, 90, 180 or 270, applied to the
	// upload to bring it upright (the contract's raw.rotate).
	Rotate int

	// DocSize is the canonical (normalised) document size in pixels, and
	// DocToImage maps canonical document pixels to the upload's pixels.
	DocSize    image.Point
	DocToImage geometry.Homography

	// CharQuads holds, per line and character, the character cell in
	// canonical document pixels.
	CharQuads [][]geometry.Quad

	// Diagnostics is free-form detail for the optional diagnostics object.
	Diagnostics map[string]any
}
