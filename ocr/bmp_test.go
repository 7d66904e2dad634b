package ocr

import (
	"encoding/binary"
	"image"
	"testing"
)

func TestEncodeBMP(t *testing.T) {
	for _, tc := range []struct {
		name string
		rect image.Rectangle
	}{
		{"width a multiple of 4", image.Rect(0, 0, 8, 3)},
		{"padded rows", image.Rect(0, 0, 5, 4)},
		{"sub-image origin", image.Rect(3, 2, 10, 5)},
	} {
		g := image.NewGray(tc.rect)
		for i := range g.Pix {
			g.Pix[i] = uint8(i * 7)
		}
		b, err := encodeBMP(g)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		w, h := tc.rect.Dx(), tc.rect.Dy()
		le32 := func(at int) int { return int(binary.LittleEndian.Uint32(b[at:])) }
		le16 := func(at int) int { return int(binary.LittleEndian.Uint16(b[at:])) }
		if string(b[:2]) != "BM" || le32(2) != len(b) || le32(18) != w || le32(22) != h || le16(28) != 8 {
			t.Fatalf("%s: bad header % x", tc.name, b[:30])
		}
		off, stride := le32(10), (w+3)&^3
		if len(b) != off+stride*h {
			t.Fatalf("%s: %d bytes, want %d", tc.name, len(b), off+stride*h)
		}
		if b[54+4*200] != 200 || b[54+4*200+1] != 200 || b[54+4*200+2] != 200 {
			t.Errorf("%s: palette entry 200 is not grey 200", tc.name)
		}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				got := b[off+(h-1-y)*stride+x] // bottom-up rows
				if want := g.GrayAt(tc.rect.Min.X+x, tc.rect.Min.Y+y).Y; got != want {
					t.Fatalf("%s: pixel (%d,%d) = %d, want %d", tc.name, x, y, got, want)
				}
			}
		}
	}
	if _, err := encodeBMP(image.NewGray(image.Rect(0, 0, 0, 5))); err == nil {
		t.Error("empty image: no error")
	}
}
