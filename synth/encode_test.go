package synth

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// testPhoto returns a photo of document i at level photo.
func testPhoto(t testing.TB, i int) *image.RGBA {
	t.Helper()
	g, err := NewGenerator(Options{Seed: 3, Level: LevelPhoto})
	if err != nil {
		t.Skip(err)
	}
	d, err := g.Generate(i)
	if err != nil {
		t.Fatal(err)
	}
	im, err := jpeg.Decode(bytes.NewReader(d.Front))
	if err != nil {
		t.Fatal(err)
	}
	b := im.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, im.At(x, y))
		}
	}
	return out
}

func TestEncodeJPEG(t *testing.T) {
	img := testPhoto(t, 0)
	a, err := encodeJPEG(img, 80)
	if err != nil {
		t.Fatal(err)
	}
	b, err := encodeJPEG(img, 80)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("same image and quality gave different bytes")
	}
	got, err := jpeg.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds().Size() != img.Rect.Size() {
		t.Fatalf("decoded size %v, want %v", got.Bounds().Size(), img.Rect.Size())
	}
	// The colours survive (R and B not swapped): mean absolute error per
	// channel over a sample of pixels.
	r := rand.New(rand.NewPCG(1, 2))
	var errSum [3]float64
	const n = 2000
	for k := 0; k < n; k++ {
		x, y := r.IntN(img.Rect.Dx()), r.IntN(img.Rect.Dy())
		cr, cg, cb, _ := got.At(x, y).RGBA()
		o := img.RGBAAt(x, y)
		errSum[0] += absf(float64(cr>>8) - float64(o.R))
		errSum[1] += absf(float64(cg>>8) - float64(o.G))
		errSum[2] += absf(float64(cb>>8) - float64(o.B))
	}
	for c, e := range errSum {
		if e/n > 8 {
			t.Errorf("channel %d: mean error %.1f grey levels", c, e/n)
		}
	}
	// A sub-image (stride wider than the row) encodes the same pixels.
	sub := img.SubImage(image.Rect(10, 20, 410, 320)).(*image.RGBA)
	cp := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := 0; y < 300; y++ {
		copy(cp.Pix[y*cp.Stride:y*cp.Stride+4*400], sub.Pix[y*sub.Stride:])
	}
	s1, err := encodeJPEG(sub, 90)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := encodeJPEG(cp, 90)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s1, s2) {
		t.Error("sub-image and its copy encode differently")
	}
	if _, err := encodeJPEG(image.NewRGBA(image.Rectangle{}), 90); err == nil {
		t.Error("empty image: no error")
	}
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// BenchmarkEncode compares the photo encoder with image/jpeg on one photo.
func BenchmarkEncode(b *testing.B) {
	img := testPhoto(b, 0)
	b.Run("opencv", func(b *testing.B) {
		b.SetBytes(int64(len(img.Pix)))
		for i := 0; i < b.N; i++ {
			if _, err := encodeJPEG(img, 80); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("image-jpeg", func(b *testing.B) {
		b.SetBytes(int64(len(img.Pix)))
		var buf bytes.Buffer
		for i := 0; i < b.N; i++ {
			buf.Reset()
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
