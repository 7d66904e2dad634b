package gen

import (
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"testing"
)

var montage = flag.String("montage", "", "write a PNG montage of generated cells to this path")

func loadGlyphs(t testing.TB) *Glyphs {
	t.Helper()
	if _, err := os.Stat(DefaultFontPath); err != nil {
		t.Skipf("OCR-B font not installed: %v", err)
	}
	g, err := LoadGlyphs(DefaultFontPath)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGlyphsDistinct(t *testing.T) {
	g := loadGlyphs(t)
	if len(g.Masks) != len(Alphabet) {
		t.Fatalf("got %d masks, want %d", len(g.Masks), len(Alphabet))
	}
	// Every pair of glyphs must differ: a font that drops a glyph, or draws
	// the same shape twice, breaks training silently.
	for i := range g.Masks {
		for j := i + 1; j < len(g.Masks); j++ {
			var d float64
			for k := range g.Masks[i] {
				d += math.Abs(float64(g.Masks[i][k] - g.Masks[j][k]))
			}
			if d < 20 {
				t.Errorf("glyphs %q and %q nearly identical (L1 %.1f)", Alphabet[i], Alphabet[j], d)
			}
		}
	}
}

func TestCellShapeAndPolarity(t *testing.T) {
	g := loadGlyphs(t)
	gn := NewGenerator(g, Train, 1)
	for i := 0; i < 200; i++ {
		c := gn.Cell(i % len(Alphabet))
		w, h := c.Rect.Dx(), c.Rect.Dy()
		if w < 7 || w > 40 || math.Abs(float64(h)-1.6*float64(w)) > 1 {
			t.Fatalf("cell %d: size %dx%d", i, w, h)
		}
	}
	// A clean cell: dark glyph in the middle, light border rows.
	clean := NewGenerator(g, Params{MinWidth: 24, MaxWidth: 24}, 1)
	c := clean.Cell(len(Alphabet) - 3) // 'X'
	mid := c.GrayAt(12, 19).Y
	top := c.GrayAt(12, 0).Y
	if !(mid < top) {
		t.Errorf("clean X: centre %d not darker than top border %d", mid, top)
	}
}

func TestDeterministic(t *testing.T) {
	g := loadGlyphs(t)
	a := NewGenerator(g, Train, 7)
	b := NewGenerator(g, Train, 7)
	for i := 0; i < 50; i++ {
		ca, cb := a.Cell(i%37), b.Cell(i%37)
		if string(ca.Pix) != string(cb.Pix) {
			t.Fatalf("cell %d differs between generators with the same seed", i)
		}
	}
}

func TestMontage(t *testing.T) {
	if *montage == "" {
		t.Skip("no -montage path")
	}
	g := loadGlyphs(t)
	gn := NewGenerator(g, Train, 3)
	const cols, rows, cw, ch = 37, 12, 40, 64
	m := image.NewGray(image.Rect(0, 0, cols*cw, rows*ch))
	for i := range m.Pix {
		m.Pix[i] = 128
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			cell := gn.Cell(c)
			for y := 0; y < cell.Rect.Dy(); y++ {
				for x := 0; x < cell.Rect.Dx(); x++ {
					m.Pix[(r*ch+y)*m.Stride+c*cw+x] = cell.Pix[y*cell.Stride+x]
				}
			}
		}
	}
	f, err := os.Create(*montage)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkCell(b *testing.B) {
	g := loadGlyphs(b)
	gn := NewGenerator(g, Train, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		gn.Cell(i % 37)
	}
}
