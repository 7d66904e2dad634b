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

// glyphTemplates holds the blurred glyphs of one kernel. A template
// depends on its cell's size only through the sub-pixel phase of the
// cell's centre ((Min+Max)/2: whole or half pixels), so there is one per
// class and parity of the cell's width and height, on a canvas of
// (2px+1)×(2py+1) pixels whose pixel (px, py) holds the cell's centre
// (half a pixel right of it, below it, for odd sizes).
type glyphTemplates struct {
	kern   glyphKernel
	px, py int
	t      [4][ocrb.NumClasses][]float32 // by parity (odd width + 2·odd height), class
	tmp    []float32
}

// newGlyphTemplates prepares the templates of kern for glyphs drawn by sb.
func (sb *glyphBand) newGlyphTemplates(kern glyphKernel) *glyphTemplates {
	// Half the glyph's cell in band pixels (as in draw), then room for
	// the blur's reach where it is exact (blurCanvas: inset by the
	// reach).
	hw := 0.5 * float64(sb.atlas.W) * rectPitch * kern.sx / float64(sb.atlas.Pitch)
	hh := 0.5 * float64(sb.atlas.H) * rectPitch * kern.sy / float64(sb.atlas.Pitch)
	rc := kern.reach()
	// The window compared (glyphBand.window) may reach sb.ext further.
	return &glyphTemplates{kern: kern, px: int(math.Ceil(hw)) + 2*rc + 1 + sb.ext, py: int(math.Ceil(hh)) + 2*rc + 1}
}

// template returns class ci's glyph, rendered alone in a cell of size sz
// and blurred by the templates' kernel.
func (sb *glyphBand) template(sz image.Point, ci int) []float32 {
	gt := sb.tmpl
	par := sz.X&1 + 2*(sz.Y&1)
	if t := gt.t[par][ci]; t != nil {
		return t
	}
	w, h := 2*gt.px+1, 2*gt.py+1
	sb.canvas = growZero(sb.canvas, w*h)
	gt.tmp = grow32(gt.tmp, w*h)
	c := placed{ocrb.Alphabet[ci], float64(gt.px) + float64(sz.X&1)/2, float64(gt.py) + float64(sz.Y&1)/2}
	sb.draw(image.Rect(0, 0, w, h), c, rectPitch*gt.kern.sx, rectPitch*gt.kern.sy)
	blurCanvas(sb.canvas, gt.tmp, w, h, gt.kern)
	gt.t[par][ci] = append([]float32(nil), sb.canvas...)
	return gt.t[par][ci]
}

// useKernel makes sb's templates those of kern, reusing memo's when they
// are (a band is re-scored for each of its grids under one kernel).
func (sb *glyphBand) useKernel(kern glyphKernel, memo *blurMemo) {
	sb.kern = kern
	if memo != nil && memo.tmpl != nil && memo.tmpl.kern == kern {
		sb.tmpl = memo.tmpl
		return
	}
	if sb.tmpl == nil || sb.tmpl.kern != kern {
		sb.tmpl = sb.newGlyphTemplates(kern)
	}
	if memo != nil {
		memo.tmpl = sb.tmpl
	}
}

// origin returns where, in the coordinates of a canvas whose pixel 0 is
// band pixel at, a template of cell r has its pixel 0.
func (gt *glyphTemplates) origin(r image.Rectangle, at image.Point) image.Point {
	return image.Pt(r.Min.X+r.Dx()/2-gt.px-at.X, r.Min.Y+r.Dy()/2-gt.py-at.Y)
}

// cellScorer scores readings of one cell against the observed one with
// the templates: the neighbours' blurred ink is composed once.
type cellScorer struct {
	sb     *glyphBand
	ok     bool
	ow, oh int         // the compared window's size (glyphBand.window)
	gr     int         // the canvas margin around the window
	cw     int         // canvas width
	sz     image.Point // the cell's size (its templates' parity)
	ox, oy int         // canvas pixel (x, y) is template pixel (x+ox, y+oy)
	nb     []float32   // the neighbours' blurred ink, (ow+2gr)×(oh+2gr)
	obs    []float32   // the observed window, ink positive, zero mean, unit norm
	rnd    []float32   // scratch: the rendering over the shifts searched
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
	win := sb.window(k, i)
	ow, oh := win.Dx(), win.Dy()
	obs := make([]float32, ow*oh)
	if !unitWindow(sb.g, win, obs) {
		return cs
	}
	gt := sb.tmpl
	gr := glyphShift + gt.kern.reach()
	cv := win.Inset(-gr)
	cw, ch := cv.Dx(), cv.Dy()
	tw, th := 2*gt.px+1, 2*gt.py+1
	// The cell's own template must cover the window at every shift.
	o := gt.origin(cell, cv.Min)
	ox, oy := -o.X, -o.Y
	if gr-glyphShift+ox < 0 || gr-glyphShift+oy < 0 || gr+glyphShift+ow+ox > tw || gr+glyphShift+oh+oy > th {
		return cs // a cell far larger than a pitch
	}
	nb := make([]float32, cw*ch)
	for kk := max(0, k-1); kk <= min(len(sb.cells)-1, k+1); kk++ {
		for ii := max(0, i-3); ii <= min(len(sb.cells[kk])-1, i+3); ii++ {
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
			o := gt.origin(r, cv.Min)
			ox, oy := o.X, o.Y
			for ty := max(0, -oy); ty < min(th, ch-oy); ty++ {
				src := t[ty*tw : (ty+1)*tw]
				dst := nb[(ty+oy)*cw : (ty+oy+1)*cw]
				for tx := max(0, -ox); tx < min(tw, cw-ox); tx++ {
					dst[tx+ox] += src[tx]
				}
			}
		}
	}
	*cs = cellScorer{sb: sb, ok: true, ow: ow, oh: oh, gr: gr, cw: cw, sz: cell.Size(), ox: ox, oy: oy, nb: nb, obs: obs}
	return cs
}

// score returns the best normalised correlation between the observed
// window and its rendering with the cell read as class ci, over the shifts
// within rad pixels of at (each coordinate within glyphShift), and that
// shift.
func (cs *cellScorer) score(ci int, at image.Point, rad int) (float64, image.Point) {
	gt := cs.sb.tmpl
	t := cs.sb.template(cs.sz, ci)
	tw := 2*gt.px + 1
	n := float64(cs.ow * cs.oh)
	bestC, bestD := -1.0, at
	try := func(so, s, s2 float64, dx, dy int) {
		v := s2 - s*s/n
		if v <= 1e-9 {
			return
		}
		if c := so / math.Sqrt(v); c > bestC {
			bestC, bestD = c, image.Pt(dx, dy)
		}
	}
	dy0, dy1 := max(-glyphShift, at.Y-rad), min(glyphShift, at.Y+rad)
	dx0, dx1 := max(-glyphShift, at.X-rad), min(glyphShift, at.X+rad)
	if dy0 > dy1 || dx0 > dx1 {
		return bestC, bestD
	}
	// The rendering (neighbours plus the cell's template) over the
	// windows of every shift searched, summed once: canvas pixel
	// (gr+dx0+x, gr+dy0+y) is rendering pixel (x, y).
	rw, rh := cs.ow+dx1-dx0, cs.oh+dy1-dy0
	cs.rnd = grow32(cs.rnd, rw*rh)
	for y := 0; y < rh; y++ {
		cy := y + cs.gr + dy0
		dst := cs.rnd[y*rw : (y+1)*rw]
		nr := cs.nb[cy*cs.cw+cs.gr+dx0:]
		nr = nr[:len(dst)]
		tr := t[(cy+cs.oy)*tw+cs.gr+dx0+cs.ox:]
		tr = tr[:len(dst)]
		for x := range dst {
			dst[x] = nr[x] + tr[x]
		}
	}
	for dy := dy0; dy <= dy1; dy++ {
		for dx := dx0; dx <= dx1; dx++ {
			var s, s2, so float64
			for y := 0; y < cs.oh; y++ {
				or := cs.obs[y*cs.ow : (y+1)*cs.ow]
				rr := cs.rnd[(y+dy-dy0)*rw+dx-dx0:]
				rr = rr[:len(or)]
				var a, a2, ao float32
				for x, o := range or {
					v := rr[x]
					a += v
					a2 += v * v
					ao += v * o
				}
				s += float64(a)
				s2 += float64(a2)
				so += float64(ao)
			}
			try(so, s, s2, dx, dy)
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

// unitWindow writes into obs window win of g, inverted (ink positive),
// zero mean and unit norm; false when the window is flat.
func unitWindow(g *image.Gray, win image.Rectangle, obs []float32) bool {
	ow, oh := win.Dx(), win.Dy()
	var mn float64
	for y := 0; y < oh; y++ {
		row := g.Pix[g.PixOffset(win.Min.X, win.Min.Y+y):]
		for x := 0; x < ow; x++ {
			v := float32(255 - int(row[x]))
			obs[y*ow+x] = v
			mn += float64(v)
		}
	}
	mn /= float64(ow * oh)
	var ss float64
	for j := range obs {
		obs[j] -= float32(mn)
		ss += float64(obs[j]) * float64(obs[j])
	}
	if ss < 1 {
		return false
	}
	on := float32(1 / math.Sqrt(ss))
	for j := range obs {
		obs[j] *= on
	}
	return true
}
