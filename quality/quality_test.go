package quality

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

// bars draws vertical dark bars on white (10 px on, 10 px off), box-blurred
// horizontally over w pixels so that each edge ramps over about w pixels.
func bars(w int) *image.Gray {
	crisp := func(x int) float64 {
		if ((x%20)+20)%20 < 10 {
			return 20
		}
		return 255
	}
	g := image.NewGray(image.Rect(0, 0, 120, 40))
	for x := 0; x < 120; x++ {
		sum := 0.0
		for k := 0; k < w; k++ {
			sum += crisp(x - k)
		}
		v := uint8(sum/float64(w) + 0.5)
		for y := 0; y < 40; y++ {
			g.SetGray(x, y, color.Gray{Y: v})
		}
	}
	return g
}

func TestSharpnessFallsWithEdgeWidth(t *testing.T) {
	prev := math.Inf(1)
	for _, w := range []int{1, 2, 4, 8} {
		s := Sharpness(bars(w))
		if s >= prev {
			t.Errorf("edge width %d: sharpness %.3f not below %.3f of the narrower edge", w, s, prev)
		}
		prev = s
	}
	if s := Sharpness(bars(1)); s < 0.9 {
		t.Errorf("crisp edges: sharpness %.3f, want >= 0.9", s)
	}
	if s := Sharpness(bars(8)); s > 0.2 {
		t.Errorf("8 px edges: sharpness %.3f, want <= 0.2", s)
	}
	if s := Sharpness(image.NewGray(image.Rect(0, 0, 50, 50))); s != 0 {
		t.Errorf("flat image: sharpness %.3f, want 0", s)
	}
	lone := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range lone.Pix {
		if i%100 >= 50 {
			lone.Pix[i] = 255
		}
	}
	if s := Sharpness(lone); s != 0 {
		t.Errorf("a lone edge: sharpness %.3f, want 0 (no text)", s)
	}
	if s := Sharpness(image.NewGray(image.Rect(0, 0, 2, 2))); s != 0 {
		t.Errorf("tiny image: sharpness %.3f, want 0", s)
	}
}

func TestSampleIsScaleInvariant(t *testing.T) {
	// The same bars photographed at half size and sampled back at the same
	// output scale lose some sharpness, but a 4× blur loses more.
	src := bars(1)
	id := geometry.Identity
	full := Sharpness(Sample(src, id, src.Bounds(), 1))
	if math.Abs(full-Sharpness(src)) > 0.05 {
		t.Errorf("identity sample changes sharpness: %.3f vs %.3f", full, Sharpness(src))
	}
	up := Sharpness(Sample(src, id, image.Rect(0, 0, 30, 10), 4)) // 4× upsampled
	if up >= full {
		t.Errorf("4× upsampling: sharpness %.3f, want below %.3f", up, full)
	}
	if g := Sample(src, id, image.Rectangle{}, 1); !g.Bounds().Empty() {
		t.Error("empty rectangle: want an empty image")
	}
	if g := Sample(src, id, image.Rect(0, 0, 100000, 10), 1); g.Bounds().Dx() > 4096 {
		t.Errorf("huge rectangle: %v, want at most 4096 px", g.Bounds())
	}
}

func TestSaturated(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 100; x++ {
			c := color.RGBA{120, 120, 120, 255}
			if x < 25 {
				c = color.RGBA{255, 255, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	q := geometry.RectQuad(image.Rect(0, 0, 100, 100))
	if s := Saturated(img, q); math.Abs(s-0.25) > 0.02 {
		t.Errorf("quarter washed out: %.3f, want 0.25", s)
	}
	if s := Saturated(img, geometry.RectQuad(image.Rect(50, 0, 100, 100))); s != 0 {
		t.Errorf("grey half: %.3f, want 0", s)
	}
	if s := Saturated(img, geometry.RectQuad(image.Rect(200, 200, 300, 300))); s != 0 {
		t.Errorf("outside: %.3f, want 0", s)
	}
}
