package gen

import (
	"image"
	"math"
	"strings"

	"github.com/idrecog/idrecog/geometry"
)

// Line is a rendered MRZ line with its character grid.
type Line struct {
	Image *image.Gray
	Text  string
	Pitch float64 // character pitch in pixels
	// Centres holds the centre of every character cell in Image, following
	// the (slightly rotated) line.
	Centres []geometry.Point
}

// Line renders text (MRZ characters only; others are drawn blank) as one
// MRZ line at the given pitch in pixels, with a one-pitch margin all round.
// The line is rotated by at most P.Rotate/8 degrees, printers jitter each
// character by up to 3% of the pitch, and the paper, ink, optics and noise
// follow P.
func (gn *Generator) Line(text string, pitch float64) *Line {
	g, p := gn.G, gn.P
	n := len(text)
	cw, ch := (n+2)*g.W, g.H+g.W
	canvas := make([]float32, cw*ch)
	for i := 0; i < n; i++ {
		cls := strings.IndexByte(Alphabet, text[i])
		if cls < 0 {
			continue
		}
		off := (i+1)*g.W + int(gn.uniform(-0.03, 0.03)*float64(g.W))
		m := g.Masks[cls]
		for y := 0; y < g.H; y++ {
			row := canvas[(y+g.W/2)*cw : (y+g.W/2+1)*cw]
			for x, a := range m[y*g.W : (y+1)*g.W] {
				if xx := x + off; xx >= 0 && xx < cw && a > row[xx] {
					row[xx] = a
				}
			}
		}
	}
	if p.Weight > 0 {
		boxBlur(canvas, make([]float32, len(canvas)), cw, ch, 2)
		t := float32(0.5 + gn.uniform(-p.Weight, p.Weight))
		const k = 1 / float32(0.12)
		for i, a := range canvas {
			canvas[i] = min(1, max(0, (a-t)*k+0.5))
		}
	}
	k := pitch / float64(g.W) // output pixels per canvas pixel
	w, h := int(math.Round(float64(cw)*k)), int(math.Round(float64(ch)*k))
	th := gn.uniform(-p.Rotate/8, p.Rotate/8) * math.Pi / 180
	cos, sin := math.Cos(th), math.Sin(th)
	ocx, ocy := float64(w)/2, float64(h)/2
	ccx, ccy := float64(cw)/2, float64(ch)/2
	ss := int(math.Ceil(1 / k))
	ss = min(max(ss, 1), 4)
	cov := make([]float64, w*h)
	inv := 1 / float64(ss*ss)
	for oy := 0; oy < h; oy++ {
		for ox := 0; ox < w; ox++ {
			var s float64
			for j := 0; j < ss; j++ {
				v := float64(oy) + (float64(j)+0.5)/float64(ss) - ocy
				for i := 0; i < ss; i++ {
					u := float64(ox) + (float64(i)+0.5)/float64(ss) - ocx
					// output → canvas: rotate by -th, then scale.
					x := (cos*u + sin*v) / k
					y := (-sin*u + cos*v) / k
					s += bilinear(canvas, cw, ch, ccx+x, ccy+y)
				}
			}
			cov[oy*w+ox] = s * inv
		}
	}
	l := &Line{Image: gn.finish(cov, w, h, pitch, nil), Text: text, Pitch: pitch}
	for i := 0; i < n; i++ {
		// canvas centre of cell i → output coordinates (rotate by +th).
		x := (float64(i+1)+0.5)*float64(g.W) - ccx
		y := float64(g.W/2) + float64(g.H)/2 - ccy
		x, y = x*k, y*k
		l.Centres = append(l.Centres, geometry.Pt(ocx+cos*x-sin*y, ocy+sin*x+cos*y))
	}
	return l
}
