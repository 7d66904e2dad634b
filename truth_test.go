package idrecog

import (
	"context"
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// devDir is the shared development set, beside the repository.
var devDir = filepath.Join("..", "shared", "datasets", "dev")

type devTruth struct {
	File           string            `json:"file"`
	IssuingCountry string            `json:"issuingCountry"`
	IDType         string            `json:"idType"`
	MRZ            []string          `json:"mrz"`
	Fields         map[string]string `json:"fields"`
}

// TestDevTruthMapping feeds each real specimen of the development set
// through intake (its real JPEG) and the pipeline, with a stage that
// answers the verified MRZ lines: the mapping from MRZ to the contract's
// ocr_* values must give the transcribed ground truth. Fields that only the
// visual zone carries (issue date, place of birth, authority) are not
// compared.
func TestDevTruthMapping(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(devDir, "truth.json"))
	if err != nil {
		t.Skipf("development set not available: %v", err)
	}
	var truth []devTruth
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth) == 0 {
		t.Fatal("empty truth.json")
	}
	for _, tt := range truth {
		t.Run(tt.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(devDir, tt.File))
			if err != nil {
				t.Fatal(err)
			}
			var seen image.Rectangle
			stage := MRZStageFunc(func(_ context.Context, img image.Image) (*fields.MRZReading, error) {
				seen = img.Bounds()
				// Lines without geometry: the fake cells of reading() lie
				// anywhere on these photos, and image-quality measures taken
				// there would be about paper, not the MRZ.
				rd := reading(tt.MRZ, 0.97)
				rd.DocToImage, rd.CharQuads = geometry.Homography{}, nil
				return rd, nil
			})
			r := newTest(t, Options{MRZ: stage})
			resp, err := r.Recognize(context.Background(), Request{FrontBytes: data, IssuingCountry: tt.IssuingCountry, IDType: tt.IDType})
			if err != nil {
				t.Fatal(err)
			}
			if seen.Dx() < 300 || seen.Dy() < 200 {
				t.Errorf("the stage saw a %v image", seen)
			}
			res := resp.Result
			if res.DocumentType != tt.IDType || res.ReviewFront {
				t.Errorf("document_type %q review_front %v, want %q false", res.DocumentType, res.ReviewFront, tt.IDType)
			}
			o := res.Data.OCR
			got := map[string]string{
				"lastName": o.LastName, "firstName": o.FirstName, "fullName": o.FullName,
				"number": o.Number, "identityNumber": o.IdentityNumber, "nationality": o.Nationality,
				"gender": o.Gender, "birthDate": o.BirthDate, "expireDate": o.ExpireDate,
			}
			for k, g := range got {
				if want := tt.Fields[k]; g != want {
					t.Errorf("%s = %q, want %q", k, g, want)
				}
			}
		})
	}
}
