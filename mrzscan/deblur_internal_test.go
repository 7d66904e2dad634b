package mrzscan

import (
	"image"
	"math"
	"testing"

	"gocv.io/x/gocv"
)

// TestDeblurRL blurs a pattern of bars by a known line PSF and checks that
// the deconvolution brings it back closer to the original.
func TestDeblurRL(t *testing.T) {
	const w, h = 120, 90
	orig := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := byte(220)
			if (x/6)%3 == 0 && y > 10 && y < 80 || (y/7)%4 == 1 && x > 60 {
				v = 40
			}
			orig.Pix[y*w+x] = v
		}
	}
	for _, m := range []motion{{0, 7}, {math.Pi / 2, 5}, {math.Pi / 4, 6}, {2.3, 8}} {
		src, err := gocv.NewMatFromBytes(h, w, gocv.MatTypeCV8U, orig.Pix)
		if err != nil {
			t.Fatal(err)
		}
		psf := linePSF(m)
		blurred := gocv.NewMat()
		gocv.Filter2D(src, &blurred, -1, psf, image.Pt(-1, -1), 0, gocv.BorderReflect)
		sharp := gocv.NewMat()
		deblurRL(blurred, &sharp, m, deblurIters)
		eb, es := mse(orig, matGray(blurred)), mse(orig, matGray(sharp))
		if es > 0.75*eb {
			t.Errorf("motion %.2f rad × %.0f px: squared error %.0f after deblurring, %.0f before", m.angle, m.length, es, eb)
		}
		src.Close()
		psf.Close()
		blurred.Close()
		sharp.Close()
	}
}

func mse(a, b *image.Gray) float64 {
	var s float64
	// Ignore a border where the reflected edges differ.
	const m = 10
	n := 0
	for y := m; y < a.Rect.Dy()-m; y++ {
		for x := m; x < a.Rect.Dx()-m; x++ {
			d := float64(a.GrayAt(x, y).Y) - float64(b.GrayAt(x, y).Y)
			s += d * d
			n++
		}
	}
	return s / float64(n)
}

// TestEstimateMotionFlat checks that blank and tiny images give no motion
// and do not crash.
func TestEstimateMotionFlat(t *testing.T) {
	for _, sz := range []image.Point{{40, 40}, {300, 200}, {5, 400}} {
		m := gocv.NewMatWithSize(sz.Y, sz.X, gocv.MatTypeCV8U)
		if _, _, ok := estimateMotion(m); ok {
			t.Errorf("%v blank: motion found", sz)
		}
		m.Close()
	}
}
