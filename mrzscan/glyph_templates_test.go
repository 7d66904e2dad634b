package mrzscan

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
)

// TestCellScorerMatchesScore checks the template fast path against the
// direct rendering: both compose the same blurred glyphs, so their
// correlations and shifts agree, for cells of unequal widths (sub-pixel
// centres) and for kernels with and without motion.
func TestCellScorerMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 12
	// Two lines of cells of widths 19–21 px and heights 31–33 px (whole
	// and half-pixel centres) on a 300×90 band.
	var cells [][]image.Rectangle
	var cands [][][]mrz.Candidate
	for k := 0; k < 2; k++ {
		x := 10
		var row []image.Rectangle
		var cr [][]mrz.Candidate
		for i := 0; i < n; i++ {
			w := 19 + rng.IntN(3)
			row = append(row, image.Rect(x, 8+k*40, x+w, 39+rng.IntN(3)+k*40))
			x += w
			cr = append(cr, []mrz.Candidate{{Char: ocrb.Alphabet[rng.IntN(ocrb.NumClasses)], P: 1}})
		}
		cells = append(cells, row)
		cands = append(cands, cr)
	}
	for _, tc := range []struct {
		kern glyphKernel
		ext  int
	}{
		{glyphKernel{sigma: 1.2, sx: 1, sy: 1}, 0},
		{glyphKernel{sigma: 0.9, angle: 0.7, length: 9, sx: 1.05, sy: 0.95}, 0},
		{glyphKernel{sigma: 2.6, angle: 2.4, length: 12, sx: 0.95, sy: 1.12}, 0},
		{glyphKernel{sigma: 1.2, sx: 1, sy: 1}, 8},
		{glyphKernel{sigma: 0.9, angle: 0.7, length: 9, sx: 1.05, sy: 0.95}, 10},
		{glyphKernel{sigma: 2.6, angle: 2.4, length: 12, sx: 0.95, sy: 1.12}, 10},
	} {
		kern := tc.kern
		// The band: the cells rendered under kern plus noise, as observed.
		g := image.NewGray(image.Rect(0, 0, 300, 90))
		sb := &glyphBand{g: g, cells: cells, cands: cands, atlas: ocrb.Glyphs(), ext: tc.ext}
		cv := g.Rect
		sb.canvas = make([]float32, cv.Dx()*cv.Dy())
		for k, row := range cells {
			for i, r := range row {
				sb.draw(cv, placed{cands[k][i][0].Char, float64(r.Min.X+r.Max.X) / 2, float64(r.Min.Y+r.Max.Y) / 2}, rectPitch*kern.sx, rectPitch*kern.sy)
			}
		}
		blurCanvas(sb.canvas, make([]float32, len(sb.canvas)), cv.Dx(), cv.Dy(), glyphKernel{sigma: 1, sx: 1, sy: 1})
		for j, v := range sb.canvas {
			g.Pix[j] = uint8(math.Max(0, math.Min(255, 220-float64(v)*0.6+rng.NormFloat64()*8)))
		}
		sb.canvas = nil
		sb.useKernel(kern, nil)
		for _, p := range []pos{{0, 0}, {0, 1}, {0, 5}, {1, 2}, {1, 10}, {1, n - 1}} {
			cs := sb.newCellScorer(p.k, p.i)
			if !cs.ok {
				t.Fatalf("cell %v: no fast path", p)
			}
			for ci := 0; ci < ocrb.NumClasses; ci++ {
				want, wd := sb.score(p.k, p.i, ocrb.Alphabet[ci], kern, image.Point{}, glyphShift)
				got, gd := cs.score(ci, image.Point{}, glyphShift)
				if math.Abs(got-want) > 1e-4 || gd != wd {
					t.Errorf("kernel %+v ext %d cell %v class %c: fast %.5f at %v, direct %.5f at %v", kern, tc.ext, p, ocrb.Alphabet[ci], got, gd, want, wd)
				}
			}
		}
	}
}

func TestClassIndex(t *testing.T) {
	for i := 0; i < ocrb.NumClasses; i++ {
		if got := classIndex(ocrb.Alphabet[i]); got != i {
			t.Errorf("classIndex(%q) = %d, want %d", ocrb.Alphabet[i], got, i)
		}
	}
	for _, c := range []byte{0, ' ', 'a', '>', 0xff} {
		if got := classIndex(c); got != -1 {
			t.Errorf("classIndex(%q) = %d, want -1", c, got)
		}
	}
}
