package mrzscan

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/idrecog/idrecog/geometry"
)

// Colours of DrawDebug.
var (
	debugLine  = color.RGBA{0, 200, 0, 255}   // MRZ line quads
	debugCell  = color.RGBA{0, 120, 255, 255} // character cells
	debugText  = color.RGBA{255, 0, 0, 255}   // characters read
	debugWeak  = color.RGBA{255, 160, 0, 255} // characters read with P < 0.9
	debugFrame = color.RGBA{255, 0, 255, 255} // the estimated document outline
)

// DrawDebug draws over dst (the upload the result was read from) the
// estimated document outline, each MRZ line's quad, the character cells and
// the characters read (orange where the classifier was unsure), so that a
// person can see why a read failed.
func DrawDebug(dst draw.Image, res *Result) {
	if dst == nil || res == nil {
		return
	}
	if res.DocSize.X > 0 {
		w, h := float64(res.DocSize.X), float64(res.DocSize.Y)
		q := res.DocToImage.ApplyQuad(geometry.Quad{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}})
		DrawQuad(dst, q, debugFrame)
	}
	for _, q := range res.LineQuads {
		DrawQuad(dst, q, debugLine)
	}
	for k, row := range res.ImageCharQuads {
		for i, q := range row {
			DrawQuad(dst, q, debugCell)
			if k < len(res.Lines) && i < len(res.Lines[k]) {
				col := debugText
				if k < len(res.CharProb) && i < len(res.CharProb[k]) && res.CharProb[k][i] < 0.9 {
					col = debugWeak
				}
				// Label below the cell's bottom edge (as seen upright).
				p := q[3].Add(q[3].Sub(q[0]).Mul(0.1))
				d := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: basicfont.Face7x13,
					Dot: fixed.P(int(p.X), int(p.Y)+11)}
				d.DrawString(string(res.Lines[k][i]))
			}
		}
	}
}

// DrawQuad draws the outline of q over dst in colour c.
func DrawQuad(dst draw.Image, q geometry.Quad, c color.Color) {
	for i := range q {
		drawLine(dst, q[i], q[(i+1)%4], c)
	}
}

func drawLine(dst draw.Image, a, b geometry.Point, c color.Color) {
	n := int(math.Ceil(math.Max(math.Abs(b.X-a.X), math.Abs(b.Y-a.Y))))
	if n > 100000 || math.IsNaN(a.X+a.Y+b.X+b.Y) {
		return
	}
	bd := dst.Bounds()
	for i := 0; i <= n; i++ {
		t := 0.0
		if n > 0 {
			t = float64(i) / float64(n)
		}
		p := image.Pt(int(math.Round(a.X+(b.X-a.X)*t)), int(math.Round(a.Y+(b.Y-a.Y)*t)))
		if p.In(bd) {
			dst.Set(p.X, p.Y, c)
		}
	}
}
