package docread

import (
	"image"
	"image/color"

	"github.com/idrecog/idrecog/geometry"
	"testing"
)

func TestRemoveRulesKeepsGlyphs(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range g.Pix {
		g.Pix[i] = 230
	}
	for x := 10; x < 290; x++ { // a table rule
		g.SetGray(x, 100, grayOf(20))
	}
	for y := 20; y < 50; y++ { // a glyph stroke, 30 px
		g.SetGray(40, y, grayOf(20))
	}
	removeRules(g)
	if g.GrayAt(150, 100).Y != 255 {
		t.Error("rule kept")
	}
	if g.GrayAt(40, 30).Y != 20 {
		t.Error("glyph stroke removed")
	}
}

func TestWhitenBackground(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range g.Pix {
		g.Pix[i] = 200 // paper
	}
	for i := 0; i < 1000; i += 3 {
		g.Pix[i] = 150 // guilloche, lighter than ink
	}
	for i := 5000; i < 5500; i++ {
		g.Pix[i] = 10 // ink
	}
	whitenBackground(g)
	if g.Pix[0] != 255 || g.Pix[1] != 255 {
		t.Errorf("background %d %d not whitened", g.Pix[0], g.Pix[1])
	}
	if g.Pix[5100] != 10 {
		t.Errorf("ink %d changed", g.Pix[5100])
	}
}

func grayOf(v uint8) color.Gray { return color.Gray{Y: v} }

func TestFlipped(t *testing.T) {
	g := wholeImage(image.NewGray(image.Rect(0, 0, 200, 100)), image.Pt(1011, 638))
	f := flipped(g)
	if f.Rotate != 180 || flipped(f).Rotate != 0 {
		t.Errorf("rotate %d", f.Rotate)
	}
	// The flipped document's top-left is the original's bottom-right.
	p := f.DocToImage.Apply(geometry.Pt(0, 0))
	if abs(int(p.X)-200) > 0 || abs(int(p.Y)-100) > 0 {
		t.Errorf("flipped top-left at %v, want (200, 100)", p)
	}
	if f.Quad[0] != g.Quad[2] {
		t.Errorf("quad %v from %v", f.Quad, g.Quad)
	}
}
