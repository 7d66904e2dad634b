package mrzscan

import (
	"math"
	"os"
	"sort"
)

// A test-only experiment (docs/mrzscan.md, tenth round, "both sources"):
// a band cut from the deconvolved copy re-scored by rendering the
// deconvolution itself. MRZSCAN_RL=1 with SetBandPhoto sets altRescore.

func init() {
	if os.Getenv("MRZSCAN_RL") == "1" {
		altRescore = func(sb, alt *glyphBand, k glyphKernel) func(p pos, chars []byte, corr []float64) {
			m := newRLModel(alt, k)
			if m == nil {
				return nil
			}
			return func(p pos, chars []byte, corr []float64) { m.rescore(sb, p, chars, corr) }
		}
	}
}

// rlModel renders a cell of a band cut from the deconvolved copy as the
// copy was made: the candidate and its neighbours blurred by the photo's
// kernel (fitted on the same band cut from the photo), turned into grey
// levels as the photo's cell shows them, then deconvolved by
// Richardson–Lucy (deblurIters iterations of the kernel's motion, as
// deblurRL does on the photo).
type rlModel struct {
	photo *glyphBand // the band cut from the photo, its kernel in tmpl
	kern  glyphKernel
	psf   []rlTap
	reach int // the PSF's reach in pixels
}

type rlTap struct {
	dx, dy int
	w      float32
}

func newRLModel(photo *glyphBand, k glyphKernel) *rlModel {
	m := &rlModel{photo: photo, kern: k}
	if k.length < 1.5 {
		return nil
	}
	n := int(math.Ceil(k.length)) | 1
	c := float64(n-1) / 2
	ux, uy := math.Cos(k.angle), math.Sin(k.angle)
	w := make([]float64, n*n)
	steps := 8 * n
	sum := 0.0
	for i := 0; i <= steps; i++ {
		t := (float64(i)/float64(steps) - 0.5) * (k.length - 1)
		x, y := c+t*ux, c+t*uy
		x0, y0 := math.Floor(x), math.Floor(y)
		fx, fy := x-x0, y-y0
		for _, q := range [4]struct {
			dx, dy int
			w      float64
		}{{0, 0, (1 - fx) * (1 - fy)}, {1, 0, fx * (1 - fy)}, {0, 1, (1 - fx) * fy}, {1, 1, fx * fy}} {
			xi, yi := int(x0)+q.dx, int(y0)+q.dy
			if xi >= 0 && xi < n && yi >= 0 && yi < n && q.w > 0 {
				w[yi*n+xi] += q.w
				sum += q.w
			}
		}
	}
	h := n / 2
	for i, v := range w {
		if v > 0 {
			m.psf = append(m.psf, rlTap{i%n - h, i/n - h, float32(v / sum)})
		}
	}
	m.reach = h
	return m
}

// rlTop is the number of a cell's candidates (the best by the plain
// rendering) rendered through the deconvolution.
const rlTop = 6

// rescore replaces, in corr (the plain rendering's correlations of chars
// with cell p of sb), those of the rlTop best by the correlation of their
// deconvolved rendering.
func (m *rlModel) rescore(sb *glyphBand, p pos, chars []byte, corr []float64) {
	idx := make([]int, len(chars))
	for j := range idx {
		idx[j] = j
	}
	sort.Slice(idx, func(a, b int) bool { return corr[idx[a]] > corr[idx[b]] })
	win := sb.window(p.k, p.i)
	ow, oh := win.Dx(), win.Dy()
	if ow < 8 || oh < 8 {
		return
	}
	// The deconvolved window, ink positive, zero mean, unit norm.
	obs := make([]float32, ow*oh)
	if !unitWindow(sb.g, win, obs) {
		return
	}
	kp := m.kern
	margin := glyphShift + kp.reach() + 2*m.reach
	cv := win.Inset(-margin)
	cw, ch := cv.Dx(), cv.Dy()
	ink := make([]float32, cw*ch)
	tmp := make([]float32, cw*ch)
	render := func(c byte) []float32 {
		clear(ink)
		ps := m.photo
		ps.canvas = ink
		near := cv.Inset(-int(rectPitch))
		for kk := max(0, p.k-1); kk <= min(len(sb.cells)-1, p.k+1); kk++ {
			for ii := max(0, p.i-4); ii <= min(len(sb.cells[kk])-1, p.i+4); ii++ {
				r := sb.cells[kk][ii]
				if r.Empty() || !r.Overlaps(near) {
					continue
				}
				chr := c
				if kk != p.k || ii != p.i {
					cs := sb.cands[kk][ii]
					if len(cs) == 0 {
						continue
					}
					chr = cs[0].Char
				}
				ps.draw(cv, placed{chr, float64(r.Min.X+r.Max.X) / 2, float64(r.Min.Y+r.Max.Y) / 2}, rectPitch*kp.sx, rectPitch*kp.sy)
			}
		}
		ps.canvas = nil
		blurCanvas(ink, tmp, cw, ch, kp)
		return ink
	}
	// The photo's grey levels: paper b, ink contrast a, fitted by least
	// squares on the first candidate's rendering over the window.
	first := render(chars[idx[0]])
	var sx, sy, sxx, sxy, n float64
	for y := 0; y < oh; y++ {
		yy := win.Min.Y + y
		if yy < 0 || yy >= m.photo.g.Rect.Dy() {
			continue
		}
		for x := 0; x < ow; x++ {
			xx := win.Min.X + x
			t := float64(first[(y+margin)*cw+x+margin])
			v := float64(m.photo.g.Pix[m.photo.g.PixOffset(xx, yy)])
			sx += t
			sy += v
			sxx += t * t
			sxy += t * v
			n++
		}
	}
	den := n*sxx - sx*sx
	if den <= 1e-9 {
		return
	}
	a := (n*sxy - sx*sy) / den // negative: ink darkens
	b := (sy - a*sx) / n
	obsI := make([]float32, cw*ch)
	est := make([]float32, cw*ch)
	conv := make([]float32, cw*ch)
	for r := 0; r < rlTop && r < len(idx); r++ {
		j := idx[r]
		t := render(chars[j])
		for q, v := range t {
			obsI[q] = float32(math.Min(255, math.Max(0, a*float64(v)+b))) + 1
		}
		copy(est, obsI)
		for it := 0; it < deblurIters; it++ {
			m.convolve(est, conv, cw, ch, 1)
			for q := range conv {
				conv[q] = obsI[q] / conv[q]
			}
			m.convolve(conv, tmp, cw, ch, -1)
			for q := range est {
				est[q] *= tmp[q]
			}
		}
		// Ink positive: 255 − grey, the grey saturated as deblurRL's.
		for q := range est {
			est[q] = 255 - min(255, max(0, est[q]-1))
		}
		best := -1.0
		for dy := -glyphShift; dy <= glyphShift; dy++ {
			for dx := -glyphShift; dx <= glyphShift; dx++ {
				var s, s2, so float64
				for y := 0; y < oh; y++ {
					tr := est[(y+margin+dy)*cw+margin+dx:]
					or := obs[y*ow : (y+1)*ow]
					for x, o := range or {
						v := float64(tr[x])
						s += v
						s2 += v * v
						so += v * float64(o)
					}
				}
				v := s2 - s*s/float64(ow*oh)
				if v <= 1e-9 {
					continue
				}
				best = math.Max(best, so/math.Sqrt(v))
			}
		}
		corr[j] = best
	}
}

// convolve writes into dst src convolved by the PSF (dir 1) or its
// mirror (dir −1), borders clamped.
func (m *rlModel) convolve(src, dst []float32, w, h, dir int) {
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var a float32
			for _, t := range m.psf {
				xx, yy := x-dir*t.dx, y-dir*t.dy
				xx = min(max(xx, 0), w-1)
				yy = min(max(yy, 0), h-1)
				a += t.w * src[yy*w+xx]
			}
			dst[y*w+x] = a
		}
	}
}
