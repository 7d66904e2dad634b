package viz

import (
	"image"
	"math/rand"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

// TestWarpPlaneSame checks that warpPlane gives the same pixels as the
// generic path (the sampler's per-pixel function) over rotated, scaled and
// tilted homographies, regions partly or wholly off the image included.
func TestWarpPlaneSame(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	src := image.NewYCbCr(image.Rect(3, 5, 203, 155), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(rng.Intn(256))
	}
	fast := newSampler(src)
	slow := newSampler(src)
	slow.plane = nil // force the generic path
	tests := []struct {
		name string
		h    geometry.Homography
		r    image.Rectangle
	}{
		{"identity", geometry.Identity, image.Rect(0, 0, 220, 170)},
		{"shrink", geometry.Scale(0.4, 0.4), image.Rect(10, 10, 300, 200)},
		{"enlarge", geometry.Scale(2.7, 2.7), image.Rect(0, 0, 90, 70)},
		{"tilt", geometry.Homography{1.1, 0.2, 4, -0.15, 0.9, 12, 0.0004, -0.0002, 1}, image.Rect(-20, -10, 200, 160)},
		{"off image", geometry.Homography{1, 0, 5000, 0, 1, 0, 0, 0, 1}, image.Rect(0, 0, 40, 30)},
		{"empty", geometry.Identity, image.Rect(5, 5, 5, 9)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := warp(fast, tt.h, tt.r), warp(slow, tt.h, tt.r)
			if got.Rect != want.Rect {
				t.Fatalf("Rect %v, want %v", got.Rect, want.Rect)
			}
			for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
				for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
					if g, w := got.GrayAt(x, y).Y, want.GrayAt(x, y).Y; g != w {
						t.Fatalf("pixel (%d,%d) = %d, want %d", x, y, g, w)
					}
				}
			}
		})
	}
}

func BenchmarkWarp(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	src := image.NewYCbCr(image.Rect(0, 0, 2000, 1400), image.YCbCrSubsampleRatio420)
	for i := range src.Y {
		src.Y[i] = uint8(rng.Intn(256))
	}
	h := geometry.Homography{1.3, 0.05, 40, -0.04, 1.28, 30, 0.00001, 0.00002, 1}
	r := image.Rect(0, 0, 1040, 730)
	for _, mode := range []string{"plane", "generic"} {
		b.Run(mode, func(b *testing.B) {
			s := newSampler(src)
			if mode == "generic" {
				s.plane = nil
			}
			for i := 0; i < b.N; i++ {
				warp(s, h, r)
			}
		})
	}
}
