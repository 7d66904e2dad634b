package idrecog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// noVIZ is a visual-zone stage that reads nothing.
type noVIZ struct{}

func (noVIZ) ReadVIZ(context.Context, image.Image, VIZ, *fields.Output) error { return nil }

// fakeDocs answers every document with res or err, and records its input.
type fakeDocs struct {
	res *docread.Result
	err error
	got *Document
}

func (f *fakeDocs) ReadDocument(_ context.Context, in Document) (*docread.Result, error) {
	*f.got = in
	return f.res, f.err
}

func licenceResult(reader string) *docread.Result {
	q := geometry.RectQuad(image.Rect(10, 20, 110, 40))
	iq := geometry.RectQuad(image.Rect(30, 50, 130, 70))
	yes := true
	out := fields.Output{
		Raw: map[string]fields.Field{
			"license_number": {Value: "D1234567", Score: 97, Accepted: &yes, Quad: &q, ImageQuad: &iq},
		},
		Summary: fields.Summary{Number: "D1234567", LastName: "DOE", FirstName: "JANE", FullName: "JANE DOE"},
		Rotate:  90,
		Kind:    "drivers_license",
	}
	return &docread.Result{Out: out, Reader: reader, Back: docread.Side{Review: true, Reasons: []string{"no barcode"}}}
}

func TestRecognizeDocumentPath(t *testing.T) {
	var got Document
	docs := &fakeDocs{res: licenceResult("aamva"), got: &got}
	r := newTest(t, Options{MRZ: sides{}, VIZ: noVIZ{}, Documents: docs, Diagnostics: true})
	resp, err := r.Recognize(context.Background(), Request{FrontBytes: frontPNG, BackBytes: backPNG, IssuingCountry: "USA", IDType: "drivers_license"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Country != "USA" || got.IDType != "drivers_license" || got.Front == nil || got.Back == nil {
		t.Errorf("stage input = %+v", got)
	}
	res := resp.Result
	if res.DocumentType != "drivers_license" || res.ReviewFront || !res.ReviewBack {
		t.Errorf("document_type %q review %v/%v", res.DocumentType, res.ReviewFront, res.ReviewBack)
	}
	if res.Data.OCR.Number != "D1234567" || res.Data.OCR.FullName != "JANE DOE" || res.Data.Raw.Rotate != "90" {
		t.Errorf("ocr %+v rotate %q", res.Data.OCR, res.Data.Raw.Rotate)
	}
	f := res.Data.Raw.Fields["license_number"]
	if f.Coordinates == nil || f.OriginalCoordinates == nil || f.OriginalCoordinates.First != (Corner{30, 50}) {
		t.Errorf("license_number = %+v", f)
	}
	if d := resp.Diagnostics; d.Reader != "aamva" || len(d.ReviewReasons) != 1 || d.ReviewReasons[0] != "back: no barcode" {
		t.Errorf("diagnostics = %+v", d)
	}
	b, _ := json.Marshal(resp.Result)
	if !strings.Contains(string(b), `"license_number":{"value":"D1234567","score":97,"accepted":true`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestRecognizeDocumentGenericAsksReview(t *testing.T) {
	var got Document
	docs := &fakeDocs{res: licenceResult("generic"), got: &got}
	r := newTest(t, Options{MRZ: sides{}, VIZ: noVIZ{}, Documents: docs, Diagnostics: true})
	resp, err := r.Recognize(context.Background(), Request{FrontBytes: frontPNG, IssuingCountry: "BRA", IDType: "drivers_license"})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Result.ReviewFront || resp.Result.ReviewBack {
		t.Errorf("review %v/%v, want true/false (no back sent)", resp.Result.ReviewFront, resp.Result.ReviewBack)
	}
	if why := strings.Join(resp.Diagnostics.ReviewReasons, ";"); !strings.Contains(why, "generically") {
		t.Errorf("reasons = %q", why)
	}
}

func TestRecognizeDocumentErrors(t *testing.T) {
	for _, tt := range []struct {
		err    error
		code   int
		detail string
	}{
		{docread.ErrNotThisDocument, 1011, "not a drivers license"},
		{fmt.Errorf("%w: an MRZ of a passport", docread.ErrNotThisDocument), 1011, "passport"},
		{docread.ErrNotThisBack, 1012, "back"},
		{docread.ErrNothingRead, 1009, "no document"},
		{errors.New("tesseract: boom"), 1009, "boom"},
	} {
		t.Run(tt.err.Error(), func(t *testing.T) {
			var got Document
			r := newTest(t, Options{MRZ: sides{}, VIZ: noVIZ{}, Documents: &fakeDocs{err: tt.err, got: &got}})
			resp, err := r.Recognize(context.Background(), Request{FrontBytes: frontPNG, IssuingCountry: "USA", IDType: "drivers_license"})
			checkError(t, resp, err, tt.code, tt.detail)
		})
	}
}

func TestTrustedMRZBeatsDocumentPath(t *testing.T) {
	// A passport sent as a driving licence is refused (1011), never read
	// as a licence.
	var got Document
	docs := &fakeDocs{res: licenceResult("aamva"), got: &got}
	r := newTest(t, Options{MRZ: sides{front: utopiaTD3}, VIZ: noVIZ{}, Documents: docs})
	resp, err := r.Recognize(context.Background(), Request{FrontBytes: frontPNG, IssuingCountry: "UTO", IDType: "drivers_license"})
	checkError(t, resp, err, 1011, "passport")
	if got.Front != nil {
		t.Error("the document stage ran on a trusted passport MRZ")
	}
}

func TestDebugImageDrawsFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "debug.png")
	stage := MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) { return reading(utopiaTD3, 0.98), nil })
	r := newTest(t, Options{MRZ: stage, VIZ: noVIZ{}, DebugImagePath: path})
	req := passportRequest()
	req.IDImage, req.Front = "", image.NewRGBA(image.Rect(0, 0, 1100, 1500))
	if _, err := r.Recognize(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	found := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			found[c] = true
		}
	}
	if !found[debugOK] || !found[debugFrame] {
		t.Errorf("debug image lacks field boxes (%v) or the document outline (%v)", found[debugOK], found[debugFrame])
	}
}
