package mrzscan

import (
	"image"
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
)

// blurCanvasPerPixel is blurCanvas as first written (a sum per pixel, the
// motion's taps gathered in a map): the reference the row-wise passes
// must match bit for bit.
func blurCanvasPerPixel(m, tmp []float32, w, h int, k glyphKernel) {
	rc := k.reach()
	mr := 0
	if k.length >= 1.5 {
		mr = int(math.Ceil(k.length/2)) + 1
	}
	if k.sigma > 0.3 {
		r := int(math.Ceil(2.5 * k.sigma))
		g := make([]float32, 2*r+1)
		var s float32
		for i := range g {
			d := float64(i - r)
			g[i] = float32(math.Exp(-d * d / (2 * k.sigma * k.sigma)))
			s += g[i]
		}
		for i := range g {
			g[i] /= s
		}
		x0, x1 := max(r, rc-mr), min(w-r, w-rc+mr)
		y0, y1 := max(r, rc-mr), min(h-r, h-rc+mr)
		for y := y0 - r; y < y1+r; y++ {
			src, dst := m[y*w:(y+1)*w], tmp[y*w:(y+1)*w]
			for x := x0; x < x1; x++ {
				var a float32
				win := src[x-r : x+r+1]
				for j, gv := range g {
					a += gv * win[j]
				}
				dst[x] = a
			}
		}
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				var a float32
				i := (y-r)*w + x
				for _, gv := range g {
					a += gv * tmp[i]
					i += w
				}
				m[y*w+x] = a
			}
		}
	}
	if mr > 0 {
		n := int(math.Ceil(k.length))
		ux, uy := math.Cos(k.angle), math.Sin(k.angle)
		wts := map[int]float32{}
		for j := 0; j <= n; j++ {
			t := (float64(j)/float64(n) - 0.5) * k.length
			x, y := t*ux, t*uy
			xi, yi := math.Floor(x), math.Floor(y)
			fx, fy := float32(x-xi), float32(y-yi)
			o := int(yi)*w + int(xi)
			wts[o] += (1 - fx) * (1 - fy)
			wts[o+1] += fx * (1 - fy)
			wts[o+w] += (1 - fx) * fy
			wts[o+w+1] += fx * fy
		}
		var taps []tap
		for o, v := range wts {
			if v > 1e-4 {
				taps = append(taps, tap{o, v / float32(n+1)})
			}
		}
		sort.Slice(taps, func(a, b int) bool { return taps[a].off < taps[b].off })
		x0, x1 := rc, w-rc
		y0, y1 := rc, h-rc
		for y := y0 - mr; y < y1+mr; y++ {
			copy(tmp[y*w+x0-mr:y*w+x1+mr], m[y*w+x0-mr:y*w+x1+mr])
		}
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				var a float32
				i := y*w + x
				for _, tp := range taps {
					a += tp.w * tmp[i+tp.off]
				}
				m[i] = a
			}
		}
	}
}

// TestBlurCanvasRowWise checks that blurCanvas equals the per-pixel
// reference exactly (every bit) over kernels like fitKernel's.
func TestBlurCanvasRowWise(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	kerns := []glyphKernel{{sigma: 1.2, sx: 1, sy: 1}, {sigma: 0.2, sx: 1, sy: 1}}
	for _, s := range []float64{0.36, 0.6, 1.08, 1.8, 2.6, 3.6} {
		kerns = append(kerns, glyphKernel{sigma: s, sx: 1, sy: 1})
		for a := 0; a < 16; a++ {
			for _, l := range []float64{1, 2, 4, 6, 8, 10, 12, 14, 3.7} {
				kerns = append(kerns, glyphKernel{sigma: s, angle: float64(a) * math.Pi / 16, length: l, sx: 1, sy: 1})
			}
		}
	}
	kerns = append(kerns, glyphKernel{sigma: 0.1, angle: 0.3, length: 7, sx: 1, sy: 1})
	for _, k := range kerns {
		rc := k.reach()
		for _, sz := range [][2]int{{2*rc + 1, 2*rc + 1}, {2*rc + 23, 2*rc + 17}, {2*rc + 40, 2*rc + 9}} {
			w, h := sz[0], sz[1]
			for _, blob := range []bool{false, true} {
				a := make([]float32, w*h)
				// Ink everywhere, or a blob anywhere (the canvas's edges
				// too), as a glyph on a template's canvas.
				bx, by := rng.Intn(w), rng.Intn(h)
				bw, bh := 1+rng.Intn(w/2+1), 1+rng.Intn(h/2+1)
				for i := range a {
					x, y := i%w, i/w
					if blob && (x < bx || x >= bx+bw || y < by || y >= by+bh) {
						continue
					}
					if rng.Intn(3) == 0 {
						a[i] = rng.Float32() * 255
					}
				}
				b := append([]float32(nil), a...)
				ta, tb := make([]float32, w*h), make([]float32, w*h)
				blurCanvas(a, ta, w, h, k)
				blurCanvasPerPixel(b, tb, w, h, k)
				for i := range a {
					if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
						t.Fatalf("kernel %+v, %d×%d: pixel %d is %v, per pixel %v", k, w, h, i, a[i], b[i])
					}
				}
			}
		}
	}
}

// scoreShiftByShift is cellScorer.score as first written (the neighbours'
// ink and the template added anew for every shift): the reference the
// summed rendering must match bit for bit.
func (cs *cellScorer) scoreShiftByShift(ci int, at image.Point, rad int) (float64, image.Point) {
	gt := cs.sb.tmpl
	t := cs.sb.template(cs.sz, ci)
	tw := 2*gt.px + 1
	n := float64(cs.ow * cs.oh)
	bestC, bestD := -1.0, at
	for dy := max(-glyphShift, at.Y-rad); dy <= min(glyphShift, at.Y+rad); dy++ {
		for dx := max(-glyphShift, at.X-rad); dx <= min(glyphShift, at.X+rad); dx++ {
			var s, s2, so float64
			for y := 0; y < cs.oh; y++ {
				cy := y + cs.gr + dy
				nr := cs.nb[cy*cs.cw+cs.gr+dx:]
				tr := t[(cy+cs.oy)*tw+cs.gr+dx+cs.ox:]
				or := cs.obs[y*cs.ow : (y+1)*cs.ow]
				var a, a2, ao float32
				for x, o := range or {
					v := nr[x] + tr[x]
					a += v
					a2 += v * v
					ao += v * o
				}
				s += float64(a)
				s2 += float64(a2)
				so += float64(ao)
			}
			v := s2 - s*s/n
			if v <= 1e-9 {
				continue
			}
			if c := so / math.Sqrt(v); c > bestC {
				bestC, bestD = c, image.Pt(dx, dy)
			}
		}
	}
	return bestC, bestD
}

// TestCellScorerSummedRendering checks that cellScorer.score equals the
// shift-by-shift reference exactly, for every class, search centre and
// radius rescore uses, on a noisy rendered band.
func TestCellScorerSummedRendering(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	const n = 10
	var cells [][]image.Rectangle
	var cands [][][]mrz.Candidate
	for k := 0; k < 2; k++ {
		x := 12
		var row []image.Rectangle
		var cr [][]mrz.Candidate
		for i := 0; i < n; i++ {
			w := 12 + rng.Intn(4)
			row = append(row, image.Rect(x, 8+k*30, x+w, 30+rng.Intn(3)+k*30))
			x += w
			cr = append(cr, []mrz.Candidate{{Char: ocrb.Alphabet[rng.Intn(ocrb.NumClasses)], P: 1}})
		}
		cells = append(cells, row)
		cands = append(cands, cr)
	}
	g := image.NewGray(image.Rect(0, 0, 200, 72))
	for j := range g.Pix {
		g.Pix[j] = uint8(120 + rng.Intn(120))
	}
	for _, kern := range []glyphKernel{
		{sigma: 1.2, sx: 1, sy: 1},
		{sigma: 0.9, angle: 0.7, length: 9, sx: 1.05, sy: 0.95},
		{sigma: 2.6, angle: 2.4, length: 12, sx: 0.95, sy: 1.12},
	} {
		for _, ext := range []int{0, 6} {
			sb := &glyphBand{g: g, cells: cells, cands: cands, atlas: ocrb.Glyphs(), ext: ext}
			sb.useKernel(kern, nil)
			for _, p := range []pos{{0, 1}, {0, 4}, {1, 3}, {1, n - 2}} {
				cs := sb.newCellScorer(p.k, p.i)
				if !cs.ok {
					continue
				}
				for ci := 0; ci < ocrb.NumClasses; ci++ {
					for _, q := range []struct {
						at  image.Point
						rad int
					}{{image.Point{}, glyphShift}, {image.Pt(1, -2), 1}, {image.Pt(-3, 3), 1}, {image.Pt(2, 0), 0}, {image.Pt(-1, 1), 2}} {
						got, gd := cs.score(ci, q.at, q.rad)
						want, wd := cs.scoreShiftByShift(ci, q.at, q.rad)
						if math.Float64bits(got) != math.Float64bits(want) || gd != wd {
							t.Fatalf("kernel %+v cell %v class %d at %v rad %d: %v at %v, shift by shift %v at %v", kern, p, ci, q.at, q.rad, got, gd, want, wd)
						}
					}
				}
			}
		}
	}
}

// BenchmarkCellScorer times cellScorer.score's full search against the
// shift-by-shift reference on a band of 12×22 px cells under a motion
// blur.
func BenchmarkCellScorer(b *testing.B) {
	rng := rand.New(rand.NewSource(3))
	var cells [][]image.Rectangle
	var cands [][][]mrz.Candidate
	for k := 0; k < 2; k++ {
		var row []image.Rectangle
		var cr [][]mrz.Candidate
		for i := 0; i < 10; i++ {
			row = append(row, image.Rect(12+13*i, 8+k*30, 25+13*i, 30+k*30))
			cr = append(cr, []mrz.Candidate{{Char: ocrb.Alphabet[rng.Intn(ocrb.NumClasses)], P: 1}})
		}
		cells = append(cells, row)
		cands = append(cands, cr)
	}
	g := image.NewGray(image.Rect(0, 0, 200, 72))
	for j := range g.Pix {
		g.Pix[j] = uint8(120 + rng.Intn(120))
	}
	sb := &glyphBand{g: g, cells: cells, cands: cands, atlas: ocrb.Glyphs(), ext: resynthExt}
	sb.useKernel(glyphKernel{sigma: 0.9, angle: 0.7, length: 9, sx: 1, sy: 1}, nil)
	cs := sb.newCellScorer(0, 4)
	for ci := range ocrb.NumClasses {
		cs.score(ci, image.Point{}, 0) // the templates, made once
	}
	b.Run("fast", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			cs.score(i%ocrb.NumClasses, image.Point{}, glyphShift)
		}
	})
	b.Run("one", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			cs.scoreShiftByShift(i%ocrb.NumClasses, image.Point{}, glyphShift)
		}
	})
}

// BenchmarkBlurCanvas times blurCanvas against the per-pixel reference on
// a glyph template's canvas (one glyph, blurred by 1.2 px and 9 px of
// motion at 34°).
func BenchmarkBlurCanvas(b *testing.B) {
	sb := &glyphBand{atlas: ocrb.Glyphs(), ext: resynthExt}
	kern := glyphKernel{sigma: 1.2, angle: 0.6, length: 9, sx: 1, sy: 1}
	gt := sb.newGlyphTemplates(kern)
	w, h := 2*gt.px+1, 2*gt.py+1
	sb.canvas = make([]float32, w*h)
	sb.draw(image.Rect(0, 0, w, h), placed{'M', float64(gt.px), float64(gt.py)}, rectPitch, rectPitch)
	glyph := append([]float32(nil), sb.canvas...)
	m, tmp := make([]float32, w*h), make([]float32, w*h)
	for _, bc := range []struct {
		name string
		f    func(m, tmp []float32, w, h int, k glyphKernel)
	}{{"rows", blurCanvas}, {"perpixel", blurCanvasPerPixel}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				copy(m, glyph)
				bc.f(m, tmp, w, h, kern)
			}
		})
	}
}
