package mrzscan

import (
	"image"
	"math"

	"github.com/idrecog/idrecog/ocrb"
)

// Blurred glyph templates: the fast path of glyphBand.score for re-scoring
// (glyph_resynth.go). Blurring is linear, so the rendering of a cell with
// its neighbours is the sum of each glyph rendered and blurred alone; a
// glyph rendered alone at the centre of a cell of a given size does not
// depend on where the cell is. Each class is therefore rendered and
// blurred once per band and cell size, and a cell's canvas is composed
// from the templates of its glyph and its neighbours' at integer offsets
// (exactly: a template is made for its own cell size, so the glyph keeps
// its sub-pixel phase).

// glyphTemplates holds the blurred glyphs of one kernel, per cell size.
type glyphTemplates struct {
	kern glyphKernel
	sets map[image.Point]*[ocrb.NumClasses][]float32
	tmp  []float32
}

// templatePad is the margin of a template around its cell: the blurred
// ink of a glyph (at most about half a cell from its centre, plus the
// kernel's reach) must lie where the blur is exact (blurCanvas).
func templatePad(k glyphKernel) int { return glyphShift + 2*k.reach() }

// template returns class ci's glyph, rendered alone in a cell of size sz
// and blurred by the templates' kernel, on a canvas of the cell grown by
// templatePad on every side.
func (sb *glyphBand) template(sz image.Point, ci int) []float32 {
	gt := sb.tmpl
	set := gt.sets[sz]
	if set == nil {
		set = new([ocrb.NumClasses][]float32)
		gt.sets[sz] = set
	}
	if set[ci] != nil {
		return set[ci]
	}
	pad := templatePad(gt.kern)
	w, h := sz.X+2*pad, sz.Y+2*pad
	sb.canvas = growZero(sb.canvas, w*h)
	gt.tmp = grow32(gt.tmp, w*h)
	// The same centre as score's (a cell's centre is (Min+Max)/2).
	c := placed{ocrb.Alphabet[ci], float64(pad) + float64(sz.X)/2, float64(pad) + float64(sz.Y)/2}
	sb.draw(image.Rect(0, 0, w, h), c, rectPitch*gt.kern.sx, rectPitch*gt.kern.sy)
	blurCanvas(sb.canvas, gt.tmp, w, h, gt.kern)
	set[ci] = append([]float32(nil), sb.canvas...)
	return set[ci]
}

// useKernel makes the templates those of kern.
func (sb *glyphBand) useKernel(kern glyphKernel) {
	if sb.tmpl == nil || sb.tmpl.kern != kern {
		sb.tmpl = &glyphTemplates{kern: kern, sets: map[image.Point]*[ocrb.NumClasses][]float32{}}
	}
}

// cellScorer scores readings of one cell against the observed one with
// the templates: the neighbours' blurred ink is composed once.
type cellScorer struct {
	sb     *glyphBand
	ok     bool
	ow, oh int
	gr     int       // the canvas margin around the cell
	cw     int       // canvas width
	nb     []float32 // the neighbours' blurred ink, (ow+2gr)×(oh+2gr)
	obs    []float32 // the observed cell, ink positive, zero mean, unit norm
}

// newCellScorer prepares the scoring of cell (k, i) of sb under the
// templates' kernel (set by useKernel), its neighbours read as their best
// candidates. ok is false when the cell is too small, flat or clipped by
// the band's edge (then use glyphBand.score).
func (sb *glyphBand) newCellScorer(k, i int) *cellScorer {
	cs := &cellScorer{sb: sb}
	cell := sb.cells[k][i]
	if !cell.In(sb.g.Rect) || cell.Dx() < 8 || cell.Dy() < 8 {
		return cs
	}
	ow, oh := cell.Dx(), cell.Dy()
	obs := make([]float32, ow*oh)
	var m float64
	for y := 0; y < oh; y++ {
		row := sb.g.Pix[sb.g.PixOffset(cell.Min.X, cell.Min.Y+y):]
		for x := 0; x < ow; x++ {
			v := float32(255 - int(row[x]))
			obs[y*ow+x] = v
			m += float64(v)
		}
	}
	m /= float64(ow * oh)
	var ss float64
	for j := range obs {
		obs[j] -= float32(m)
		ss += float64(obs[j]) * float64(obs[j])
	}
	if ss < 1 {
		return cs
	}
	on := float32(1 / math.Sqrt(ss))
	for j := range obs {
		obs[j] *= on
	}
	gr := glyphShift + sb.tmpl.kern.reach()
	cv := cell.Inset(-gr)
	cw, ch := cv.Dx(), cv.Dy()
	nb := make([]float32, cw*ch)
	pad := templatePad(sb.tmpl.kern)
	for kk := max(0, k-1); kk <= min(len(sb.cells)-1, k+1); kk++ {
		for ii := max(0, i-2); ii <= min(len(sb.cells[kk])-1, i+2); ii++ {
			r := sb.cells[kk][ii]
			if (kk == k && ii == i) || r.Empty() || len(sb.cands[kk][ii]) == 0 {
				continue
			}
			ci := classIndex(sb.cands[kk][ii][0].Char)
			if ci < 0 {
				continue
			}
			// Template pixel (tx, ty) is canvas pixel (tx+ox, ty+oy).
			t := sb.template(r.Size(), ci)
			tw, th := r.Dx()+2*pad, r.Dy()+2*pad
			ox, oy := r.Min.X-pad-cv.Min.X, r.Min.Y-pad-cv.Min.Y
			for ty := max(0, -oy); ty < min(th, ch-oy); ty++ {
				src := t[ty*tw : (ty+1)*tw]
				dst := nb[(ty+oy)*cw : (ty+oy+1)*cw]
				for tx := max(0, -ox); tx < min(tw, cw-ox); tx++ {
					dst[tx+ox] += src[tx]
				}
			}
		}
	}
	*cs = cellScorer{sb: sb, ok: true, ow: ow, oh: oh, gr: gr, cw: cw, nb: nb, obs: obs}
	return cs
}

// score returns the best normalised correlation between the observed cell
// and its rendering read as class ci, over the shifts within rad pixels
// of at (each coordinate within glyphShift), and that shift.
func (cs *cellScorer) score(ci int, at image.Point, rad int) (float64, image.Point) {
	pad := templatePad(cs.sb.tmpl.kern)
	t := cs.sb.template(image.Pt(cs.ow, cs.oh), ci)
	tw := cs.ow + 2*pad
	// Canvas pixel (x, y) is template pixel (x+d, y+d).
	d := pad - cs.gr
	n := float64(cs.ow * cs.oh)
	bestC, bestD := -1.0, at
	for dy := max(-glyphShift, at.Y-rad); dy <= min(glyphShift, at.Y+rad); dy++ {
		for dx := max(-glyphShift, at.X-rad); dx <= min(glyphShift, at.X+rad); dx++ {
			var s, s2, so float64
			for y := 0; y < cs.oh; y++ {
				cy := y + cs.gr + dy
				nr := cs.nb[cy*cs.cw+cs.gr+dx:]
				tr := t[(cy+d)*tw+cs.gr+dx+d:]
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

// classIndex returns c's index in ocrb.Alphabet, or -1.
func classIndex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 36
	}
	return -1
}
