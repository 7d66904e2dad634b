package idrecog

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/fields"
)

// fuzzLimits keep every fuzzed image small, so that memory stays bounded.
var fuzzLimits = ImageLimits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 4096}

// addSeeds adds every file of testdata/fuzz matching pattern to the corpus.
func addSeeds(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds %s in testdata/fuzz: %v", pattern, err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzDecodeRequest drives the JSON request decoder, validation, image
// intake and the pipeline (with a fake MRZ stage): no panic, every failure
// an *Error with no response beside it.
func FuzzDecodeRequest(f *testing.F) {
	addSeeds(f, "request-*.json")
	r, err := New(Options{
		MRZ:             MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) { return reading(utopiaTD3, 0.9), nil }),
		Limits:          fuzzLimits,
		Now:             fixedNow,
		CallbackAllowed: func(*url.URL) error { return errors.New("no network while fuzzing") },
	})
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeRequest(bytes.NewReader(data), 4<<20)
		if err != nil {
			var e *Error
			if req != nil || !errors.As(err, &e) || e.Code != CodeInvalidInputs {
				t.Fatalf("DecodeRequest = %v, %v; want nil, 1015", req, err)
			}
			return
		}
		resp, err := r.Recognize(context.Background(), *req)
		if err != nil {
			var e *Error
			if resp != nil || !errors.As(err, &e) {
				t.Fatalf("Recognize = %v, %v; want nil, *Error", resp, err)
			}
			if _, err := json.Marshal(e); err != nil {
				t.Fatal(err)
			}
			return
		}
		if _, err := json.Marshal(resp); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzDecodeImage drives image intake with raw bytes.
func FuzzDecodeImage(f *testing.F) {
	addSeeds(f, "image-*")
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := DecodeImage(data, fuzzLimits)
		if err != nil {
			if img != nil || !errors.Is(err, ErrInvalidImage) {
				t.Fatalf("DecodeImage = %v, %v; want nil, 1013", img, err)
			}
			return
		}
		if b := img.Bounds(); b.Empty() || int64(b.Dx())*int64(b.Dy()) > fuzzLimits.MaxPixels {
			t.Fatalf("decoded bounds %v beyond the limits", b)
		}
	})
}

// TestWriteFuzzSeeds regenerates testdata/fuzz (go test -run WriteFuzzSeeds
// -update); otherwise it only checks the seeds are there.
func TestWriteFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz")
	if !*update {
		if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) < 10 {
			t.Fatalf("%d fuzz seeds in %s; regenerate with -update", len(files), dir)
		}
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	small := pattern()
	images := map[string][]byte{
		"image-pattern.png":   encode(t, "png", small),
		"image-pattern.jpg":   withOrientation(encode(t, "jpeg", small), 6, false),
		"image-pattern.gif":   encode(t, "gif", small),
		"image-pattern.bmp":   encode(t, "bmp", small),
		"image-pattern.tiff":  encode(t, "tiff", small),
		"image-solid.webp":    solidWebP(16, 8, 0x80),
		"image-huge.png":      hugeHeaders()["png"],
		"image-huge.gif":      hugeHeaders()["gif"],
		"image-huge.bmp":      hugeHeaders()["bmp"],
		"image-huge.tiff":     hugeHeaders()["tiff"],
		"image-truncated.png": encode(t, "png", small)[:60],
	}
	for name, b := range images {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b64 := base64.StdEncoding.EncodeToString
	requests := map[string]Request{
		"request-passport.json":  {IDImage: b64(images["image-pattern.png"]), IssuingCountry: "UTO", IDType: "passport"},
		"request-back.json":      {IDImage: b64(images["image-pattern.jpg"]), IDBackImage: b64(images["image-solid.webp"]), IssuingCountry: "USA", IDType: "government_id"},
		"request-dataurl.json":   {IDImage: "data:image/png;base64," + b64(images["image-pattern.png"]), IssuingCountry: "KOR", IDType: "passport"},
		"request-huge.json":      {IDImage: b64(images["image-huge.png"]), IssuingCountry: "DEU", IDType: "passport"},
		"request-callback.json":  {IDImage: b64(images["image-pattern.gif"]), IssuingCountry: "UTO", IDType: "passport", CallbackURL: "https://example.com/cb"},
		"request-bad-type.json":  {IDImage: b64(images["image-pattern.bmp"]), IssuingCountry: "UTO", IDType: "drivers_license"},
		"request-missing.json":   {IssuingCountry: "UTO"},
		"request-truncated.json": {IDImage: b64(images["image-truncated.png"]), IssuingCountry: "UTO", IDType: "visa"},
	}
	for name, req := range requests {
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "request-malformed.json"), []byte(`{"idImage": "AAAA", "issuingCountry": ["UTO"]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "request-tail.json"), []byte(strings.Repeat(`{"idType":"passport"}`, 2)), 0o644); err != nil {
		t.Fatal(err)
	}
}
