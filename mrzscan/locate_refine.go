package mrzscan

import (
	"context"
	"image"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// endShifts are the moves, in pitches, of a band's left or right end that
// refine tries (one end at a time, all lines together, then each end of
// the first and of the last line alone).
var endShifts = []float64{-0.4, 0.4}

// refine re-reads the band of a doubtful reading (one that fails its check
// digits) with its line ends moved by a fraction of a pitch, and returns the
// best reading found (best itself when no move reads better); it stops at
// the first reading that is not doubtful. Under blur the line ends found
// from the ink can be off by a third of a pitch, enough to cut every cell
// across two glyphs; the reading that decodes best tells which ends are
// right. Only moves that improve the rank are kept, end by end.
func (r *Reader) refine(ctx context.Context, gray gocv.Mat, best *attempt) *attempt {
	if best == nil || best.rb == nil || !best.doubtful() {
		return best
	}
	rb0 := best.rb
	// Corner shifts: left-top, right-top, right-bottom, left-bottom (the
	// first and last lines' ends), in pitches.
	var cur [4]float64
	moves := [][4]float64{}
	for _, d := range endShifts {
		moves = append(moves, [4]float64{d, 0, 0, d}) // left end
	}
	for _, d := range endShifts {
		moves = append(moves, [4]float64{0, d, d, 0}) // right end
	}
	if rb0.nLines > 1 {
		for c := 0; c < 4; c++ {
			for _, d := range endShifts {
				var m [4]float64
				m[c] = d
				moves = append(moves, m)
			}
		}
	}
	for _, m := range moves {
		if ctx.Err() != nil || !best.doubtful() {
			break
		}
		var try [4]float64
		for c := range try {
			try[c] = cur[c] + m[c]
		}
		rb, err := rb0.shifted(gray, try)
		if err != nil {
			continue
		}
		a := r.readBand(rb, rb.segment())
		if a != nil && a.rank() > best.rank() {
			best, cur = a, try
		}
	}
	return best
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

// doubtful reports whether a reading is worth refining: it fails its check
// digits. (Refining valid readings with a weak character as well read a
// few more right but doubled the median time on hard photos.)
func (a *attempt) doubtful() bool {
	return !a.valid
}
