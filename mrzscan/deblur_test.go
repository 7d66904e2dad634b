package mrzscan_test

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// motionBlurred returns src averaged over n pixels along one of four
// directions (0 horizontal, 1 vertical, 2 down-right, 3 up-right) plus
// uniform noise of standard deviation sd, reproducible from seed.
func motionBlurred(src *image.Gray, n, dir int, sd float64, seed uint64) *image.Gray {
	dx, dy := [4]int{1, 0, 1, 1}[dir], [4]int{0, 1, 1, -1}[dir]
	b := src.Rect
	out := image.NewGray(b)
	rng := seed*7919 + 1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			s, c := 0, 0
			for k := -n / 2; k < n-n/2; k++ {
				if p := image.Pt(x+k*dx, y+k*dy); p.In(b) {
					s += int(src.GrayAt(p.X, p.Y).Y)
					c++
				}
			}
			rng ^= rng << 13
			rng ^= rng >> 7
			rng ^= rng << 17
			v := float64(s)/float64(c) + (float64(rng%1000)/1000-0.5)*sd*math.Sqrt(12)
			out.SetGray(x, y, color.Gray{uint8(math.Max(0, math.Min(255, v)))})
		}
	}
	return out
}

// TestEstimateMotion blurs synthetic photos by a known motion (4 to 8
// pixels, four directions, noise) and checks the estimated direction and
// length, and that the unblurred photos show no motion.
func TestEstimateMotion(t *testing.T) {
	g, err := synth.NewGenerator(synth.Options{Seed: 12, Level: synth.LevelPhoto})
	if err != nil {
		t.Skip(err)
	}
	const n = 8
	right, sharp := 0, 0
	for i := 0; i < n; i++ {
		_, img := mrzPhoto(t, g, i)
		gr := image.NewGray(img.Bounds())
		draw.Draw(gr, gr.Rect, img, img.Bounds().Min, draw.Src)
		length, dir := 4+i%5, i%4
		wantDeg := []float64{0, 90, 45, 135}[dir]
		a, l, _, ok := mrzscan.EstimateMotionForTest(motionBlurred(gr, length, dir, 12, uint64(i)))
		deg := a * 180 / math.Pi
		// Diagonal taps are √2 pixels apart.
		wantL := float64(length) * []float64{1, 1, math.Sqrt2, math.Sqrt2}[dir]
		if d := math.Abs(deg - wantDeg); ok && math.Min(d, 180-d) <= 15 && math.Abs(l-wantL) <= 1.5 {
			right++
		} else {
			t.Logf("photo %d blurred %.1f px at %.0f°: estimated %v, %.1f px at %.0f°", i, wantL, wantDeg, ok, l, deg)
		}
		if _, _, _, ok := mrzscan.EstimateMotionForTest(gr); !ok {
			sharp++
		} else {
			t.Logf("photo %d unblurred: motion estimated", i)
		}
	}
	if right < n*3/4 {
		t.Errorf("motion estimated right on %d/%d blurred photos, want ≥ %d", right, n, n*3/4)
	}
	if sharp < n-1 {
		t.Errorf("no motion found on %d/%d unblurred photos, want ≥ %d", sharp, n, n-1)
	}
}
