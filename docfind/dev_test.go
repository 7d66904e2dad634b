package docfind_test

import (
	"context"
	"encoding/json"
	"image"
	"image/draw"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// devImages loads ../shared/datasets/dev (relative to the module root) with
// each document's canonical size, or skips when the set is absent.
func devImages(tb testing.TB) []view {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Skip(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	dev := filepath.Join(dir, "..", "shared", "datasets", "dev")
	data, err := os.ReadFile(filepath.Join(dev, "truth.json"))
	if err != nil {
		tb.Skipf("dev set absent: %v", err)
	}
	var cases []struct {
		File   string `json:"file"`
		Format string `json:"mrz_format"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	sizes := map[string]image.Point{"TD3": {1476, 1039}, "TD2": {1240, 874}, "TD1": {1011, 638}, "FRENCH_ID": {1011, 638}}
	var vs []view
	for _, c := range cases {
		f, err := os.Open(filepath.Join(dev, c.File))
		if err != nil {
			tb.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		size, ok := sizes[strings.Fields(c.Format)[0]]
		if !ok {
			tb.Fatalf("%s: no canonical size for %q", c.File, c.Format)
		}
		vs = append(vs, view{name: c.File, img: img, size: size})
	}
	return vs
}

// rotateImage turns img clockwise by deg (0, 90, 180, 270).
func rotateImage(img image.Image, deg int) image.Image {
	b := img.Bounds()
	src := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	if deg == 0 {
		return src
	}
	dw, dh := w, h
	if deg == 90 || deg == 270 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = h-1-y, x
			case 180:
				dx, dy = w-1-x, h-1-y
			case 270:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dst.PixOffset(dx, dy):dst.PixOffset(dx, dy)+4], src.Pix[src.PixOffset(x, y):src.PixOffset(x, y)+4])
		}
	}
	return dst
}

// TestDevSet: the four dev scans (upright, and turned by 90, 180, 270°)
// are found covering most of the image, with the right rotation once
// Orient has read them. The scans show the document nearly edge to edge,
// so the found quad must cover at least 70 % of the image.
func TestDevSet(t *testing.T) {
	vs := devImages(t)
	if testing.Short() {
		t.Skip("reads with Tesseract")
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	find := docfind.FindFunc(pool)
	for _, v := range vs {
		for _, deg := range []int{0, 90, 180, 270} {
			img := rotateImage(v.img, deg)
			g, err := find(context.Background(), img, v.size)
			if err != nil {
				t.Errorf("%s turned %d°: %v", v.name, deg, err)
				continue
			}
			b := img.Bounds()
			frame := geometry.RectQuad(b)
			cover := geometry.IoU(g.Quad, frame)
			want := (360 - deg) % 360
			t.Logf("%s turned %d°: rotate %d (want %d) score %.2f IoU with the frame %.2f", v.name, deg, g.Rotate, want, g.Score, cover)
			if g.Rotate != want {
				t.Errorf("%s turned %d°: rotate %d, want %d", v.name, deg, g.Rotate, want)
			}
			if cover < 0.7 {
				t.Errorf("%s turned %d°: quad %v covers %.2f of the image", v.name, deg, g.Quad, cover)
			}
		}
	}
}
