package idrecog

import (
	"image"
	"image/color"
	"testing"
)

func TestGrayPlane(t *testing.T) {
	full := image.NewYCbCr(image.Rect(0, 0, 13, 9), image.YCbCrSubsampleRatio420)
	for i := range full.Y {
		full.Y[i] = uint8(i * 5)
	}
	for i := range full.Cb {
		full.Cb[i], full.Cr[i] = 128, 128
	}
	sub := full.SubImage(image.Rect(3, 2, 11, 8)).(*image.YCbCr)
	for _, tc := range []struct {
		name string
		img  *image.YCbCr
	}{{"whole image", full}, {"sub-image", sub}} {
		g, ok := grayPlane(tc.img).(*image.Gray)
		if !ok {
			t.Fatalf("%s: not a grey view", tc.name)
		}
		if g.Bounds() != tc.img.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", tc.name, g.Bounds(), tc.img.Bounds())
		}
		b := g.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if got, want := g.GrayAt(x, y).Y, tc.img.YCbCrAt(x, y).Y; got != want {
					t.Fatalf("%s: (%d,%d) = %d, want %d", tc.name, x, y, got, want)
				}
			}
		}
	}
	// Other images are given back as they are.
	rgba := image.NewRGBA(image.Rect(0, 0, 2, 2))
	rgba.Set(0, 0, color.White)
	if grayPlane(rgba) != image.Image(rgba) {
		t.Error("an RGBA image was not given back unchanged")
	}
}
