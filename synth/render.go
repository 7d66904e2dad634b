package synth

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/idrecog/idrecog/geometry"
	"golang.org/x/image/math/fixed"
)

// inkBounds returns the ink box of s set at px with its pen starting at
// (0, 0) on the baseline, and its advance, in pixels.
func (t *typesetter) inkBounds(f fontID, px float64, s string) (x0, y0, x1, y1, adv float64) {
	fc := t.face(f, quantSize(px))
	var pen fixed.Int26_6
	prev := rune(-1)
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for _, r := range s {
		if prev >= 0 {
			pen += fc.Kern(prev, r)
		}
		b, a, ok := fc.GlyphBounds(r)
		if !ok {
			b, a, _ = fc.GlyphBounds('?')
		}
		if b.Max.X > b.Min.X {
			x0 = math.Min(x0, float64(pen+b.Min.X)/64)
			x1 = math.Max(x1, float64(pen+b.Max.X)/64)
			y0 = math.Min(y0, float64(b.Min.Y)/64)
			y1 = math.Max(y1, float64(b.Max.Y)/64)
		}
		pen += a
		prev = r
	}
	if math.IsInf(x0, 1) {
		x0, y0, x1, y1 = 0, 0, 0, 0
	}
	return x0, y0, x1, y1, float64(pen) / 64
}

// placed is an item resolved to a font size and pen position in mm.
type placed struct {
	item
	sizeMM float64 // font size (em) in mm
	penX   float64 // pen start in mm
}

// resolve fits and aligns an item, measuring at the canonical resolution so
// the result does not depend on the working scale.
func resolve(ts *typesetter, it item) placed {
	size := it.cap / capRatio(ts, it.font)
	w := ts.advance(it.font, size*pxPerMM, it.text) / pxPerMM
	if it.maxW > 0 && w > it.maxW {
		// Condense down to 55 %; beyond that, drop trailing words (a long
		// chain of given names), as issuers do.
		const minF = 0.55
		for w*minF > it.maxW {
			i := strings.LastIndexByte(strings.TrimRight(it.text, " "), ' ')
			if i <= 0 {
				break
			}
			it.text = strings.TrimRight(it.text[:i], " ,")
			w = ts.advance(it.font, size*pxPerMM, it.text) / pxPerMM
		}
		if w > it.maxW {
			f := math.Max(minF, it.maxW/w)
			size *= f
			w *= f
		}
	}
	x := it.x
	switch it.align {
	case 1:
		x -= w / 2
	case 2:
		x -= w
	}
	return placed{item: it, sizeMM: size, penX: x}
}

// quad returns the ink box of a placed item in canonical pixels.
func (p placed) quad(ts *typesetter) geometry.Quad {
	px := p.sizeMM * pxPerMM
	x0, y0, x1, y1, _ := ts.inkBounds(p.font, px, p.text)
	ox, oy := p.penX*pxPerMM, p.y*pxPerMM
	return geometry.Quad{{X: ox + x0, Y: oy + y0}, {X: ox + x1, Y: oy + y0}, {X: ox + x1, Y: oy + y1}, {X: ox + x0, Y: oy + y1}}
}

// mrzLayout returns the MRZ grid of kind k in canonical pixels.
func (k *kind) mrzLayout() MRZLayout {
	l := MRZLayout{X0: k.mrzLeft * pxPerMM, Pitch: k.pitch * pxPerMM, CapHeight: k.capMM * pxPerMM}
	for _, h := range k.mrzLines {
		l.LineCentres = append(l.LineCentres, (k.hmm-h)*pxPerMM)
	}
	return l
}

// rendered is one side drawn at a working scale.
type rendered struct {
	img    *image.RGBA // premultiplied; alpha 0 outside the rounded corners
	scale  float64     // working pixels per canonical pixel
	fields map[string]Field
}

// renderSide draws side s of a document of kind k at working scale scale
// (1 = 300 dpi) and returns the image with every keyed field's canonical
// quad.
//
// The background pattern comes from pat when it is not nil (it must be at
// least as large as the side); buf, when not nil, is reused for the image.
func renderSide(ts *typesetter, k *kind, s *sideSpec, scale float64, r *rand.Rand, pat *pattern, buf *[]byte) *rendered {
	cs := k.size()
	w := int(math.Round(float64(cs.W) * scale))
	h := int(math.Round(float64(cs.H) * scale))
	img := newRGBA(buf, w, h)
	km := pxPerMM * scale // working pixels per mm
	if pat == nil || pat.w < w || pat.h < h {
		pat = newPattern(w, h, km, rand.New(rand.NewPCG(r.Uint64(), 0)))
	}
	guilloche(img, s.pal, pat)
	rect := func(q rectMM) image.Rectangle {
		return image.Rect(int(q.x0*km+0.5), int(q.y0*km+0.5), int(q.x1*km+0.5), int(q.y1*km+0.5))
	}
	for _, b := range s.bands {
		fillRect(img, rect(b.r), b.color, b.alpha)
	}
	for _, p := range s.portraits {
		portrait(img, rect(p), r, false)
	}
	for _, p := range s.ghosts {
		portrait(img, rect(p), r, true)
	}
	for _, q := range s.signatures {
		signature(img, rect(q), r, km)
	}
	out := &rendered{img: img, scale: scale, fields: map[string]Field{}}
	for _, it := range s.items {
		p := resolve(ts, it)
		ts.draw(img, p.font, p.sizeMM*km, p.penX*km, p.y*km, p.text, p.color)
		if p.key != "" {
			f := Field{Value: p.text, Normalized: p.norm, Quad: p.quad(ts), Side: s.name}
			if old, ok := out.fields[p.key]; ok && p.cont {
				f = mergeField(old, f)
			}
			out.fields[p.key] = f
		}
	}
	for _, c := range s.codes {
		drawCode(img, c, km, rgb{12, 12, 14})
		out.fields[c.key] = Field{Value: c.value, Quad: geometry.RectQuad(image.Rect(
			int(math.Round(c.r.x0*pxPerMM)), int(math.Round(c.r.y0*pxPerMM)),
			int(math.Round(c.r.x1*pxPerMM)), int(math.Round(c.r.y1*pxPerMM)))), Side: s.name}
	}
	for _, q := range s.seals {
		seal(img, rect(q), r)
	}
	if s.specimen {
		specimen(ts, img, s.specAt, km, r)
	}
	if len(s.mrz) > 0 {
		drawMRZ(ts, img, k, s.mrz, km, r)
		l := k.mrzLayout()
		for i, line := range s.mrz {
			q := geometry.Quad{
				l.CellQuad(i, 0)[0], l.CellQuad(i, len(line)-1)[1],
				l.CellQuad(i, len(line)-1)[2], l.CellQuad(i, 0)[3],
			}
			out.fields["mrz_line"+string(rune('1'+i))] = Field{Value: line, Quad: q, Side: s.name}
		}
	}
	roundCorners(img, 3.18*km)
	return out
}

// drawMRZ prints the MRZ in OCR-B, each character centred in its own cell
// of the 2.54 mm pitch grid.
func drawMRZ(ts *typesetter, img *image.RGBA, k *kind, lines []string, km float64, r *rand.Rand) {
	ink := rgb{uint8(10 + r.IntN(25)), uint8(10 + r.IntN(25)), uint8(12 + r.IntN(25))}
	size := ts.sizeForCap(fontOCRB, k.capMM*km)
	pitch := k.pitch * km
	capPx := k.capMM * km
	for i, line := range lines {
		cy := (k.hmm - k.mrzLines[i]) * km
		base := cy + capPx/2
		for j := 0; j < len(line); j++ {
			s := line[j : j+1]
			adv := ts.advance(fontOCRB, size, s)
			x := k.mrzLeft*km + float64(j)*pitch + (pitch-adv)/2
			ts.draw(img, fontOCRB, size, x, base, s, ink)
		}
	}
}

// specimen overprints "SPECIMEN" at at = (x mm, y mm, angle).
func specimen(ts *typesetter, img *image.RGBA, at [3]float64, km float64, r *rand.Rand) {
	capPx := (5 + r.Float64()*4) * km
	size := ts.sizeForCap(fontSansBold, capPx)
	word := "SPECIMEN"
	adv := ts.advance(fontSansBold, size, word)
	m := image.NewRGBA(image.Rect(0, 0, int(adv)+4, int(capPx*1.4)+4))
	ts.draw(m, fontSansBold, size, 2, capPx*1.2+2, word, rgb{255, 255, 255})
	a := image.NewAlpha(m.Rect)
	for i := range a.Pix {
		a.Pix[i] = m.Pix[4*i]
	}
	c := pick(r, []rgb{{200, 40, 40}, {120, 120, 130}, {180, 60, 120}})
	overprint(img, a, at[0]*km, at[1]*km, at[2], c, 0.22+r.Float64()*0.15)
}

// newRGBA returns a w×h image backed by *buf when it is large enough
// (growing *buf otherwise); buf nil allocates. The pixels are not cleared.
func newRGBA(buf *[]byte, w, h int) *image.RGBA {
	if buf == nil {
		return image.NewRGBA(image.Rect(0, 0, w, h))
	}
	n := 4 * w * h
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	return &image.RGBA{Pix: (*buf)[:n:n], Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
}
