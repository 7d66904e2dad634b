package mrzscan

import (
	"context"
	"image"
	"math"
	"slices"
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

// TestReadMotionBlurred reads the dev images after a strong synthetic
// motion blur (a line PSF of 1.2 % of the long side, 9–17 px, along,
// across and diagonal to the lines) plus noise. Without the deconvolution
// pass 8 of the 12 read exactly, with it 10; fewer than 10 is a regression.
func TestReadMotionBlurred(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	r := newTestReader(t)
	defer r.Close()
	exact, n := 0, 0
	for _, c := range devSet(t) {
		b := c.img.Bounds()
		length := 0.012 * float64(max(b.Dx(), b.Dy()))
		for _, ang := range []float64{0, math.Pi / 2, math.Pi / 4} {
			pix, w, h := grayPixels(c.img)
			gray, err := grayMat(pix, w, h)
			if err != nil {
				t.Fatal(err)
			}
			psf := linePSF(motion{ang, length})
			blurred := gocv.NewMat()
			gocv.Filter2D(gray, &blurred, -1, psf, image.Pt(-1, -1), 0, gocv.BorderReflect)
			g := matGray(blurred)
			seed := uint32(len(g.Pix))
			for i := range g.Pix {
				seed = seed*1664525 + 1013904223
				v := int(g.Pix[i]) + int(seed>>24)%13 - 6
				g.Pix[i] = byte(min(255, max(0, v)))
			}
			psf.Close()
			blurred.Close()
			gray.Close()
			n++
			res, err := r.Read(context.Background(), g)
			if err == nil && slices.Equal(res.Lines, c.MRZ) {
				exact++
			} else {
				t.Logf("%s blurred %.0f px at %.0f°: not read exactly", c.File, length, ang*180/math.Pi)
			}
		}
	}
	t.Logf("%d/%d motion-blurred dev images read exactly", exact, n)
	if exact < 10 {
		t.Errorf("%d/%d motion-blurred dev images read exactly", exact, n)
	}
}

// TestLinePSFBox checks that the line PSF of an integer length along an
// axis is a box of that many pixels (anti-aliased at its ends only), the
// generator's and a physical motion's blur: the weight of each of the n
// central pixels is within 15 % of 1/n, the rest at most 15 % of 1/n.
func TestLinePSFBox(t *testing.T) {
	for _, tc := range []struct {
		angle float64
		n     int
	}{{0, 3}, {0, 5}, {0, 7}, {math.Pi / 2, 9}, {math.Pi / 2, 12}} {
		k := linePSF(motion{tc.angle, float64(tc.n)})
		size := k.Rows()
		c := size / 2
		var sum float64
		for i := 0; i < size; i++ {
			x, y := i, c
			if tc.angle != 0 {
				x, y = c, i
			}
			v := float64(k.GetFloatAt(y, x))
			sum += v
			// Offsets of the box's pixels: −n/2 … n−1−n/2 for odd n,
			// and the centred segment spans half a pixel more on each
			// side of n−1 pixels for even n.
			o := i - c
			in := 2*o >= -tc.n && 2*o <= tc.n && (tc.n%2 == 1 || (2*o != -tc.n && 2*o != tc.n))
			tol := 0.15 / float64(tc.n)
			switch {
			case in && math.Abs(v-1/float64(tc.n)) > tol:
				t.Errorf("%.2f rad × %d: weight %.3f at %d, want ≈ %.3f", tc.angle, tc.n, v, o, 1/float64(tc.n))
			case !in && tc.n%2 == 1 && v > tol:
				t.Errorf("%.2f rad × %d: weight %.3f at %d outside the box", tc.angle, tc.n, v, o)
			}
		}
		if math.Abs(sum-1) > 1e-3 {
			t.Errorf("%.2f rad × %d: weights along the axis sum to %.4f", tc.angle, tc.n, sum)
		}
		k.Close()
	}
}

// BenchmarkEstimateMotion times estimateMotion on the first dev image
// blurred by 10 px at 135° (the cost a blurred photo pays before its
// deconvolution).
func BenchmarkEstimateMotion(b *testing.B) {
	c := devSet(b)[0]
	pix, w, h := grayPixels(c.img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		b.Fatal(err)
	}
	defer gray.Close()
	psf := linePSF(motion{3 * math.Pi / 4, 10})
	defer psf.Close()
	blurred := gocv.NewMat()
	defer blurred.Close()
	gocv.Filter2D(gray, &blurred, -1, psf, image.Pt(-1, -1), 0, gocv.BorderReflect)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, ok := estimateMotion(blurred); !ok {
			b.Fatal("no motion found")
		}
	}
}
