package idrecog_test

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/bench"
)

// devDir is the shared development set of real specimens, beside the
// repository.
var devDir = filepath.Join("..", "shared", "datasets", "dev")

// rotateCW returns img turned clockwise by deg (0, 90, 180 or 270).
func rotateCW(img image.Image, deg int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	if deg%360 == 0 {
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
			si, di := src.PixOffset(x, y), dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

func TestRotateCW(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Pix[img.PixOffset(0, 0)] = 255 // top-left marked
	for _, c := range []struct {
		deg  int
		size image.Point
		at   image.Point // where the top-left pixel goes
	}{
		{0, image.Pt(3, 2), image.Pt(0, 0)},
		{90, image.Pt(2, 3), image.Pt(1, 0)},
		{180, image.Pt(3, 2), image.Pt(2, 1)},
		{270, image.Pt(2, 3), image.Pt(0, 2)},
	} {
		got := rotateCW(img, c.deg).(*image.RGBA)
		if got.Bounds().Size() != c.size {
			t.Errorf("%d°: size %v, want %v", c.deg, got.Bounds().Size(), c.size)
			continue
		}
		if got.Pix[got.PixOffset(c.at.X, c.at.Y)] != 255 {
			t.Errorf("%d°: the top-left pixel is not at %v", c.deg, c.at)
		}
	}
}

// devFieldKeys is the set of scored keys that come from a dev document's
// "fields" (the MRZ lines bench adds to every MRZ document are left out:
// they are the MRZ reader's figure, not the document's fields).
func devFieldKeys(d *bench.Doc) int {
	n := len(d.Raw)
	for k := range d.OCR {
		if k != "full_mrz" && !strings.HasPrefix(k, "mrz_line") {
			n++
		}
	}
	return n
}

func devFieldsRight(s *bench.DocScore) int {
	n := len(s.RawOK)
	for _, k := range s.OCROK {
		if k != "full_mrz" && !strings.HasPrefix(k, "mrz_line") {
			n++
		}
	}
	return n
}

// TestDevSetRotated reads each real specimen of the development set with
// the whole default recognizer, upright and turned by 90°, 180° and 270°,
// and asks that at least 90 % of the truth's fields (every key of each
// document's "fields", scored as bench scores them) be read exactly at
// every rotation, and that raw.rotate says how the upload was turned.
func TestDevSetRotated(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 16 photos with Tesseract")
	}
	docs, kind, err := bench.LoadDir(devDir)
	if err != nil {
		t.Skipf("development set not available: %v", err)
	}
	if kind != bench.KindDev || len(docs) == 0 {
		t.Fatalf("%s: kind %q, %d documents", devDir, kind, len(docs))
	}
	imgs := make([]image.Image, len(docs))
	for i, d := range docs {
		b, err := os.ReadFile(d.Front)
		if err != nil {
			t.Fatal(err)
		}
		if imgs[i], _, err = image.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
	}
	r, err := idrecog.New(idrecog.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, deg := range []int{0, 90, 180, 270} {
		right, total, rotOK := 0, 0, 0
		for i := range docs {
			d := docs[i]
			img := rotateCW(imgs[i], deg)
			start := time.Now()
			resp, err := r.Recognize(context.Background(), idrecog.Request{
				Front: img, IssuingCountry: d.IssuingCountry, IDType: d.IDType,
			})
			s := bench.Score(&d, &bench.Outcome{Response: resp, Err: err, Latency: time.Since(start)}, nil)
			n, k := devFieldsRight(&s), devFieldKeys(&d)
			right += n
			total += k
			// The upload was turned by deg clockwise: bringing it upright
			// takes (360-deg) clockwise.
			want := (360 - deg) % 360
			gotRot := ""
			if resp != nil && resp.Result != nil {
				gotRot = resp.Result.Data.Raw.Rotate
			}
			if gotRot == itoa(want) {
				rotOK++
			} else {
				t.Errorf("%s turned %d°: rotate %q, want %d", d.ID, deg, gotRot, want)
			}
			var wrong []string
			wrong = append(wrong, s.OCRWrong...)
			wrong = append(wrong, s.RawWrong...)
			t.Logf("%s turned %d°: %d/%d fields (err %v; wrong %s)", d.ID, deg, n, k, err, strings.Join(wrong, " "))
		}
		frac := float64(right) / float64(total)
		t.Logf("turned %3d°: %d/%d fields exact (%.1f %%), rotate right %d/%d", deg, right, total, 100*frac, rotOK, len(docs))
		if frac < 0.9 {
			t.Errorf("turned %d°: %.1f %% of the fields exact, want ≥ 90 %%", deg, 100*frac)
		}
	}
}

func itoa(n int) string {
	switch n {
	case 90:
		return "90"
	case 180:
		return "180"
	case 270:
		return "270"
	}
	return "0"
}
