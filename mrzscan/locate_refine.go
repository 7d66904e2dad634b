package mrzscan

import (
	"context"
	"image"
	"slices"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// endShifts are the moves, in pitches, of a band's end or corner that
// refine tries.
var endShifts = []float64{-0.4, 0.4}

// refine re-reads the band of a doubtful reading (one that fails its check
// digits, or a valid one with a character of P < 0.5) with its line ends
// moved by a fraction of a pitch (endMoves), and returns the best reading
// found (best itself when no move reads better); it stops at the first
// valid reading without such a character. Under blur the line ends found
// from the ink can be off by a third of a pitch, enough to cut every cell
// across two glyphs; the reading that decodes best tells which ends are
// right. Only moves that improve the rank are kept, end by end.
func (r *Reader) refine(ctx context.Context, gray gocv.Mat, best *attempt) *attempt {
	if best == nil || best.rb == nil || (best.valid && best.minP >= 0.5) {
		return best
	}
	rb0 := best.rb
	// Corner shifts: left-top, right-top, right-bottom, left-bottom (the
	// first and last lines' ends), in pitches.
	var cur [4]float64
	moves := endMoves(best)
	for _, m := range moves {
		if ctx.Err() != nil || (best.valid && best.minP >= 0.5) {
			break
		}
		a, try, err := r.readShifted(gray, rb0, cur, m)
		if err != nil {
			continue
		}
		if a != nil && a.rank() > best.rank() {
			best, cur = a, try
		}
	}
	return r.refinePitch(ctx, gray, best, rb0, cur)
}

// readShifted reads band rb0 with its corners moved by cur + m (pitches,
// as in shifted) and returns the reading and the corner shifts it used.
func (r *Reader) readShifted(gray gocv.Mat, rb0 *rectBand, cur, m [4]float64) (*attempt, [4]float64, error) {
	var try [4]float64
	for c := range try {
		try[c] = cur[c] + m[c]
	}
	rb, err := rb0.shifted(gray, try)
	if err != nil {
		return nil, try, err
	}
	return r.readBand(rb, rb.segment()), try, nil
}

// maxPitchSteps is how many whole pitches refinePitch moves one end or
// line at most.
const maxPitchSteps = 3

// refinePitch re-reads a reading that refine left failing its check
// digits with line ends moved by whole pitches (pitchMoves), added to the
// corner shifts cur of band rb0 that refine kept. A line's ink can end a pitch or more from its first or last
// character: a faint first character is missed, a mark, the signature or
// the card's edge beyond the fillers is taken for part of the line. Cut
// between such ends, a line reads shifted by a cell, or its cells drift
// (a 44-cell grid stretched over 46 pitches). A move that ranks higher is
// kept and repeated (up to maxPitchSteps pitches). A reading these moves
// changed is disputed: chosen among cuts a pitch apart by the classifier's
// confidence, it is a guess to review, never a confident answer.
func (r *Reader) refinePitch(ctx context.Context, gray gocv.Mat, best *attempt, rb0 *rectBand, cur [4]float64) *attempt {
	if best == nil || best.rb == nil || best.valid {
		return best
	}
	first := best
	for _, m := range pitchMoves(best) {
		for step := 0; step < maxPitchSteps; step++ {
			if ctx.Err() != nil || (best.valid && best.minP >= 0.5) {
				break
			}
			a, try, err := r.readShifted(gray, rb0, cur, m)
			if err != nil {
				break
			}
			if a == nil || a.rank() <= best.rank() || illegible(a.meanLogP) {
				// An illegible reading (the line cut into garbage) can
				// still pass its check digits: it must not lead the walk.
				break
			}
			best, cur = a, try
		}
	}
	if best != first && !slices.Equal(best.lines, first.lines) {
		best.disputed = true
	}
	return best
}

// pitchMoves lists the whole-pitch corner shifts refinePitch tries for
// reading a (corners as in shifted), both ways: the first and the last line
// shifted by a cell, each end of the band, each corner alone. Only a
// reading that fails its check digits tries them: among valid readings
// the classifier's confidence chose a line shifted by a cell (names carry
// no check digit) over the right one.
func pitchMoves(a *attempt) [][4]float64 {
	if a.valid {
		return nil
	}
	var moves [][4]float64
	add := func(corners ...int) {
		for _, d := range []float64{-1, 1} {
			var m [4]float64
			for _, c := range corners {
				m[c] = d
			}
			moves = append(moves, m)
		}
	}
	multi := a.rb.nLines > 1
	add(0, 1) // first line shifted
	if multi {
		add(2, 3) // last line shifted
	}
	add(0, 3) // left end
	add(1, 2) // right end
	if multi {
		for c := 0; c < 4; c++ {
			add(c)
		}
	}
	return moves
}

// shifted warps the band again from the full-resolution image with the
// first line's ends moved by d[0] (left) and d[1] (right) pitches and the
// last line's by d[3] (left) and d[2] (right).
func (rb *rectBand) shifted(gray gocv.Mat, d [4]float64) (*rectBand, error) {
	y0 := rectPad + 0.8*rectPitch
	yL := y0 + float64(rb.nLines-1)*rb.linePitch
	if rb.nLines == 1 {
		yL = y0 + rectPitch
	}
	x0, x1 := rectMargin, rectMargin+float64(rb.n)*rectPitch
	dst := geometry.Quad{geometry.Pt(x0, y0), geometry.Pt(x1, y0), geometry.Pt(x1, yL), geometry.Pt(x0, yL)}
	src := geometry.Quad{
		geometry.Pt(x0+d[0]*rectPitch, y0), geometry.Pt(x1+d[1]*rectPitch, y0),
		geometry.Pt(x1+d[2]*rectPitch, yL), geometry.Pt(x0+d[3]*rectPitch, yL),
	}
	a, err := geometry.FromQuads(dst, src)
	if err != nil {
		return nil, err
	}
	out := *rb
	out.blur = blurMemo{} // a new band image
	out.toImage = rb.toImage.Mul(a)
	m := gocv.NewMat()
	defer m.Close()
	if err := warpInto(gray, &m, out.toImage, image.Pt(rb.w, rb.h)); err != nil {
		return nil, err
	}
	out.ink, _ = inkOf(m, 0.95*rectPitch)
	out.gray = image.NewGray(image.Rect(0, 0, rb.w, rb.h))
	copy(out.gray.Pix, m.ToBytes())
	return &out, nil
}

// endMoves lists the corner shifts refine tries for reading a. A reading
// that fails its check digits tries each end of the band, then each corner
// alone. A valid reading with a weak character (P < 0.5) near a line end
// tries only that line's end: a stroke crossing the line there (the French
// ID's signature) can lengthen the line's ink by up to half a pitch, which
// shifts its last cells. (Trying every move on every valid but weak
// reading as well read a few more right but doubled the median time on
// hard photos.)
func endMoves(a *attempt) [][4]float64 {
	var moves [][4]float64
	add := func(corners ...int) {
		for _, d := range endShifts {
			var m [4]float64
			for _, c := range corners {
				m[c] = d
			}
			moves = append(moves, m)
		}
	}
	if !a.valid {
		add(0, 3) // left end
		add(1, 2) // right end
		if a.rb.nLines > 1 {
			for c := 0; c < 4; c++ {
				add(c)
			}
		}
		return moves
	}
	// The weakest character.
	wk, wi, wp := -1, 0, 1.0
	for k, row := range a.charProb {
		for i, p := range row {
			if p < wp {
				wk, wi, wp = k, i, p
			}
		}
	}
	const near = 6 // characters from a line end
	if wk < 0 || wp >= 0.5 {
		return nil
	}
	last := a.rb.nLines - 1
	switch {
	case wi >= a.rb.n-near && wk == 0 && last > 0:
		add(1)
	case wi >= a.rb.n-near && wk == last && last > 0:
		add(2)
	case wi >= a.rb.n-near:
		add(1, 2)
	case wi < near && wk == 0 && last > 0:
		add(0)
	case wi < near && wk == last && last > 0:
		add(3)
	case wi < near:
		add(0, 3)
	}
	return moves
}
