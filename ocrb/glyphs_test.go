package ocrb

import (
	"errors"
	"testing"
)

func TestGlyphs(t *testing.T) {
	a := Glyphs()
	if a.W != a.Pitch || a.H < a.W*3/2 {
		t.Fatalf("atlas %d×%d pitch %d", a.W, a.H, a.Pitch)
	}
	for i := 0; i < NumClasses; i++ {
		c := Alphabet[i]
		m := a.Mask(c)
		var ink, sx, sy int
		for j, v := range m {
			ink += int(v)
			sx += int(v) * (j % a.W)
			sy += int(v) * (j / a.W)
		}
		if ink == 0 {
			t.Fatalf("%c: no ink", c)
		}
		// Every glyph sits near the middle of its cell.
		cx, cy := float64(sx)/float64(ink), float64(sy)/float64(ink)
		if d := cx - float64(a.W)/2; d < -0.25*float64(a.W) || d > 0.25*float64(a.W) {
			t.Errorf("%c: ink centre x %.1f in a %d px cell", c, cx, a.W)
		}
		if d := cy - float64(a.H)/2; d < -0.25*float64(a.H) || d > 0.25*float64(a.H) {
			t.Errorf("%c: ink centre y %.1f in a %d px cell", c, cy, a.H)
		}
	}
	if a.Mask('a') != nil || a.Mask(0) != nil {
		t.Error("mask of a non-MRZ character")
	}
}

func FuzzLoadAtlas(f *testing.F) {
	f.Add(glyphData)
	f.Add([]byte("OCRG\x01\x00\x01\x00\x25\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := loadAtlas(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatal(err)
			}
			return
		}
		for _, m := range a.Masks {
			if len(m) != a.W*a.H {
				t.Fatal("mask size")
			}
		}
	})
}
