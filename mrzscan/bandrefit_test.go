package mrzscan_test

import "testing"

// TestForeshortenedBandRefit reads a hard synthetic photo taken at a
// slant: seed 5252 #386, a TD2 whose rectified pitch shrank from 26 to 16
// pixels along the lines. Cut on the foreshortened grid, the glyphs at the
// far end were squeezed and slanted, and the I of KAZI, with its serifs,
// read as a Z at 0.999: a valid reading of score 85, returned as sure (a
// false accept). The band is now warped again on a homography fitted to
// its cells (bandrefit.go), and the MRZ reads exactly.
func TestForeshortenedBandRefit(t *testing.T) {
	readSynthCases(t, []synthCase{{5252, 386, true}})
}
