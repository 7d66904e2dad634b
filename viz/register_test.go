package viz

import (
	"image"
	"math/rand"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// paperPhoto draws a light page (the canonical frame size mapped by h) with
// a few dark text bars on a darker background.
func paperPhoto(w, h int, size image.Point, docToImage geometry.Homography, bg uint8) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	inv, err := docToImage.Inverse()
	if err != nil {
		panic(err)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := inv.Apply(geometry.Pt(float64(x)+0.5, float64(y)+0.5))
			v := bg
			if p.X >= 0 && p.Y >= 0 && p.X < float64(size.X) && p.Y < float64(size.Y) {
				v = 225
				// Text-like bars inside the page, parallel to its top.
				if int(p.Y)%90 < 22 && int(p.Y) > 60 && int(p.X)%140 < 100 && p.X > 80 && p.X < float64(size.X)-80 {
					v = 40
				}
			}
			img.Pix[img.PixOffset(x, y)] = v
		}
	}
	return img
}

func TestRegisterCorrectsScaleAndShear(t *testing.T) {
	size := image.Pt(1240, 874) // TD2 at 300 dpi
	// The page as photographed: scaled by 0.6, rotated a little, moved.
	truth := geometry.Translate(90, 70).Mul(geometry.Rotate(0.04)).Mul(geometry.Scale(0.6, 0.6))
	img := paperPhoto(900, 700, size, truth, 70)
	// The MRZ's estimate: right at the bottom of the page, but 4 % too
	// tall and slightly sheared, as a two-line band extrapolated to the
	// top gives.
	bottom := float64(size.Y)
	est := truth.Mul(geometry.Translate(0, bottom)).Mul(geometry.Homography{1, 0.02, 0, 0, 1.04, 0, 0, 0, 1}).Mul(geometry.Translate(0, -bottom))
	maxErr := func(h geometry.Homography) float64 {
		m := 0.0
		for _, p := range geometry.RectQuad(image.Rectangle{Max: size}) {
			m = max(m, h.Apply(p).Dist(truth.Apply(p)))
		}
		return m
	}
	if e := maxErr(est); e < 15 {
		t.Fatalf("test set-up: the estimate is off by only %.1f px", e)
	}
	r, ok := Register(img, &fields.MRZReading{DocSize: size, DocToImage: est})
	if !ok {
		t.Fatal("Register found no edges")
	}
	if e := maxErr(r.DocToImage); e > 1.5 {
		t.Errorf("registered corners off by %.1f upload px, want ≤ 1.5", e)
	}
}

func TestRegisterLeavesUnclearGeometry(t *testing.T) {
	size := image.Pt(1240, 874)
	h := geometry.Scale(0.6, 0.6)
	reading := &fields.MRZReading{DocSize: size, DocToImage: h}
	// A scan cropped at the paper's border: no edge to be seen.
	cropped := paperPhoto(744, 524, size, h, 225)
	// Noise: no straight step along any side.
	noise := image.NewGray(image.Rect(0, 0, 744, 524))
	rng := rand.New(rand.NewSource(1))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.Intn(256))
	}
	for name, img := range map[string]image.Image{"cropped": cropped, "noise": noise, "flat": image.NewGray(image.Rect(0, 0, 10, 10))} {
		got, ok := Register(img, reading)
		if ok || got != reading {
			t.Errorf("%s: registered (%v), want the reading unchanged", name, got.DocToImage)
		}
	}
	for _, bad := range []*fields.MRZReading{nil, {}, {DocSize: size}} {
		if got, ok := Register(cropped, bad); ok || got != bad {
			t.Errorf("Register(%v) = %v, %v; want it unchanged, false", bad, got, ok)
		}
	}
	if got, ok := Register(nil, reading); ok || got != reading {
		t.Error("Register(nil image) changed the reading")
	}
}

func TestReframe(t *testing.T) {
	tmpl := &doctype.Template{Size: image.Pt(1240, 874)}
	reading := &fields.MRZReading{DocSize: image.Pt(1240, 874), DocToImage: geometry.Scale(0.5, 0.5)}
	// The corrected frame: the same page 20 canonical px lower in the upload.
	h := geometry.Scale(0.5, 0.5).Mul(geometry.Translate(0, 20))
	in := ocr.Text{Box: image.Rect(10, 10, 110, 40), Lines: []ocr.Line{{Box: image.Rect(10, 10, 110, 40), Words: []ocr.Word{{Box: image.Rect(10, 10, 50, 40)}}}}}
	got := reframe(in, h, reading, tmpl)
	if want := image.Rect(10, 30, 110, 60); got.Box != want || got.Lines[0].Box != want || got.Lines[0].Words[0].Box != image.Rect(10, 30, 50, 60) {
		t.Errorf("reframe: %v / %v / %v, want %v", got.Box, got.Lines[0].Box, got.Lines[0].Words[0].Box, want)
	}
	if in.Lines[0].Box != image.Rect(10, 10, 110, 40) || in.Lines[0].Words[0].Box != image.Rect(10, 10, 50, 40) {
		t.Error("reframe modified its input")
	}
}

func BenchmarkRegister(b *testing.B) {
	size := image.Pt(1476, 1039)
	truth := geometry.Translate(90, 70).Mul(geometry.Rotate(0.04)).Mul(geometry.Scale(0.7, 0.7))
	img := paperPhoto(1300, 950, size, truth, 70)
	bottom := float64(size.Y)
	est := truth.Mul(geometry.Translate(0, bottom)).Mul(geometry.Homography{1, 0.02, 0, 0, 1.04, 0, 0, 0, 1}).Mul(geometry.Translate(0, -bottom))
	reading := &fields.MRZReading{DocSize: size, DocToImage: est}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := Register(img, reading); !ok {
			b.Fatal("not registered")
		}
	}
}
