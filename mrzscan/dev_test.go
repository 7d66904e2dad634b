package mrzscan

import (
	"context"
	"encoding/json"
	"image"
	"image/draw"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type devCase struct {
	File string   `json:"file"`
	MRZ  []string `json:"mrz"`
	img  image.Image
}

// devDir returns ../shared/datasets/dev relative to the module root, or
// skips the test when it is absent.
func devSet(tb testing.TB) []devCase {
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
	var cases []devCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	for i := range cases {
		f, err := os.Open(filepath.Join(dev, cases[i].File))
		if err != nil {
			tb.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		cases[i].img = img
	}
	return cases
}

// rotateImage returns img rotated clockwise by deg degrees about its centre,
// on a canvas large enough to hold it, background white.
func rotateImage(img image.Image, deg float64) *image.Gray {
	b := img.Bounds()
	src := image.NewGray(b)
	draw.Draw(src, b, img, b.Min, draw.Src)
	switch deg {
	case 0:
		return src
	case 90, 180, 270:
		w, h := b.Dx(), b.Dy()
		var dst *image.Gray
		if deg == 180 {
			dst = image.NewGray(image.Rect(0, 0, w, h))
		} else {
			dst = image.NewGray(image.Rect(0, 0, h, w))
		}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				v := src.Pix[y*src.Stride+x]
				switch deg {
				case 90:
					dst.Pix[x*dst.Stride+(h-1-y)] = v
				case 180:
					dst.Pix[(h-1-y)*dst.Stride+(w-1-x)] = v
				case 270:
					dst.Pix[(w-1-x)*dst.Stride+y] = v
				}
			}
		}
		return dst
	}
	th := deg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	w, h := float64(b.Dx()), float64(b.Dy())
	W := int(math.Ceil(math.Abs(w*c) + math.Abs(h*s)))
	H := int(math.Ceil(math.Abs(w*s) + math.Abs(h*c)))
	dst := image.NewGray(image.Rect(0, 0, W, H))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			// inverse rotation
			dx, dy := float64(x)-float64(W)/2, float64(y)-float64(H)/2
			sx := c*dx + s*dy + w/2
			sy := -s*dx + c*dy + h/2
			if sx < 0 || sy < 0 || sx > w-1 || sy > h-1 {
				dst.Pix[y*dst.Stride+x] = 255
				continue
			}
			dst.Pix[y*dst.Stride+x] = uint8(bilinear(src, sx, sy) + 0.5)
		}
	}
	return dst
}

func TestDevSet(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	for _, c := range cases {
		for _, rot := range []float64{0, 90, 180, 270, 7} {
			img := rotateImage(c.img, rot)
			res, err := r.Read(context.Background(), img)
			if err != nil {
				t.Errorf("%s rot %v: %v", c.File, rot, err)
				continue
			}
			got := strings.Join(res.Lines, "\n")
			want := strings.Join(c.MRZ, "\n")
			if got != want {
				t.Errorf("%s rot %v: read (score %d, %v)\n%s\nwant\n%s", c.File, rot, res.Score, res.Format, got, want)
				continue
			}
			wantRot := map[float64]int{0: 0, 7: 0, 90: 270, 180: 180, 270: 90}[rot]
			if res.Rotate != wantRot {
				t.Errorf("%s rot %v: Rotate = %d, want %d", c.File, rot, res.Rotate, wantRot)
			}
			if !res.Valid || res.Score < 50 {
				t.Errorf("%s rot %v: valid %v score %d", c.File, rot, res.Valid, res.Score)
			}
		}
	}
}

// newTestReader returns the Reader under test: the default classifier, or
// the template fallback when MRZSCAN_CLASSIFIER=template.
func newTestReader(tb testing.TB) *Reader {
	tb.Helper()
	var opts Options
	if os.Getenv("MRZSCAN_CLASSIFIER") == "template" {
		ts, err := templates()
		if err != nil {
			tb.Skip(err)
		}
		opts.Classifier = templateClassifier{ts}
	}
	r, err := NewReader(&opts)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestDevScores(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	for _, c := range cases {
		for _, rot := range []float64{0, 7} {
			img := rotateImage(c.img, rot)
			t0 := time.Now()
			res, err := r.Read(context.Background(), img)
			el := time.Since(t0)
			if err != nil {
				t.Errorf("%s: %v", c.File, err)
				continue
			}
			t.Logf("%s rot %v: %v score %d amb %v valid %v %v", c.File, rot, res.Format, res.Score, res.Ambiguous, res.Valid, el)
		}
	}
}
