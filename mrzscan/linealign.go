package mrzscan

import (
	"context"
	"image"
	"math"
)

// Every line of an MRZ starts at the same distance from the document's
// edge and holds as many characters as the others, so in a rectified band
// the lines' first cells line up and so do their last ones: exactly when
// the band's homography is right, along a straight slanted edge when it
// missed some shear. A line cut a whole pitch early or late (a speck of
// background taken for its first glyph, or a faint first glyph lost) breaks
// that line-up at both ends by a pitch. Its reading may still be valid:
// the name line of a TD1 card carries no check digit.

// alignMin and alignMax bound, in pitches, the departure from the line-up
// (the second difference of three lines' ends) that reads as one line cut
// a pitch off: the true ends of synthetic hard cards depart by at most a
// tenth of a pitch.
const (
	alignMin = 0.6
	alignMax = 1.4
)

// alignLoss is how much lower (in nats) the decoder's log probability of a
// reading with a line moved back into the line-up may be than that of the
// reading it replaces: the geometry is the stronger witness, the glyphs of
// a line a pitch off read as surely as the right ones.
const alignLoss = 3.0

// misaligned returns the pitches (−1 or +1) by which an outer line of a
// three-line cut (cells) must move to line up with the others, or 0 when
// the lines line up or depart otherwise (a middle line a pitch off departs
// by two, a line re-spaced only at one end).
func misaligned(cells [][]image.Rectangle) int {
	if len(cells) != 3 {
		return 0
	}
	var x0, x1 [3]float64
	pitch := 0.0
	for k, row := range cells {
		n := len(row)
		if n < 4 || n != len(cells[0]) {
			return 0
		}
		x0[k], x1[k] = float64(row[0].Min.X), float64(row[n-1].Max.X)
		pitch += (x1[k] - x0[k]) / float64(3*n)
	}
	if pitch <= 0 {
		return 0
	}
	dl := (x0[0] - 2*x0[1] + x0[2]) / pitch
	dr := (x1[0] - 2*x1[1] + x1[2]) / pitch
	in := func(d float64) bool { return math.Abs(d) >= alignMin && math.Abs(d) <= alignMax }
	if !in(dl) || !in(dr) || (dl > 0) != (dr > 0) {
		return 0
	}
	if dl > 0 {
		return -1
	}
	return 1
}

// realign re-reads a three-line reading whose first or last line is cut a
// whole pitch off the line-up of the others (misaligned) with that line
// moved back by a pitch, and returns the re-read that is valid in the same
// format and loses at most alignLoss of log probability (the likelier of
// the two outer lines' moves); best itself otherwise. A reading it changed
// is disputed.
func (r *Reader) realign(ctx context.Context, best *attempt) *attempt {
	if best == nil || !best.valid || best.cut || best.rb == nil {
		return best
	}
	d := misaligned(best.cells)
	if d == 0 {
		return best
	}
	out, floor := best, logProb(best)-alignLoss
	for _, k := range []int{2, 0} {
		if ctx.Err() != nil {
			break
		}
		// A whole-line move of one pitch keeps the cells' boundaries, so
		// recutRow needs no ink profile.
		row := recutRow(best.cells[k], nil, lineMove{float64(d), float64(d)}, best.rb.gray.Rect)
		if row == nil {
			continue
		}
		cells := make([][]image.Rectangle, len(best.cells))
		copy(cells, best.cells)
		cells[k] = row
		a := r.readBand(best.rb, cells)
		if a == nil || !a.valid || a.cut || a.format != best.format || !nameFits(a.format, a.lines) {
			continue
		}
		if lp := logProb(a); lp >= floor {
			out, floor = a, lp
		}
	}
	if out != best {
		out.disputed = true
	}
	return out
}
