package idrecog_test

import (
	"context"
	"testing"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/synth"
)

// TestLicenceEndToEnd runs the default recognizer (mrzscan, the visual
// zone with Tesseract) on a generated French and a Swiss licence photo
// (seed 11, never the held-out seeds; front and back): the MRZ read on the
// back and every summary value the MRZ gives must be exact, the licence
// number must be the card's, the front's values are logged; the clean scan
// of the same card must read too. It is skipped when the generator's fonts
// are missing.
func TestLicenceEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("reads two photos with Tesseract")
	}
	r, err := idrecog.New(idrecog.Options{Diagnostics: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for i, typ := range []string{"frdl", "chdl"} {
		t.Run(typ, func(t *testing.T) {
			doc := func(level synth.Level) *synth.Document {
				g, err := synth.NewGenerator(synth.Options{Seed: 11, Level: level, Types: synth.DLTypes})
				if err != nil {
					t.Skipf("generator: %v", err)
				}
				d, err := g.Generate(i)
				if err != nil {
					t.Fatal(err)
				}
				if d.Truth.Type != typ {
					t.Fatalf("document %d is a %s", i, d.Truth.Type)
				}
				return d
			}
			recognize := func(d *synth.Document) (*idrecog.Response, error) {
				return r.Recognize(context.Background(), idrecog.Request{FrontBytes: d.Front, BackBytes: d.Back,
					IssuingCountry: d.Truth.IssuingCountry, IDType: d.Truth.IDType})
			}
			clean := doc(synth.LevelClean)
			if resp, err := recognize(clean); err != nil || resp.Result.Data.OCR.FullMRZ != clean.Truth.Expected.OCR.FullMRZ {
				t.Fatalf("the clean scan of the %s does not read: %v", clean.Truth.Format, err)
			}
			d := doc(synth.LevelPhoto)
			resp, err := recognize(d)
			if err != nil {
				t.Fatal(err)
			}
			res := resp.Result
			got, want := res.Data.OCR, d.Truth.Expected.OCR
			for _, c := range []struct{ key, got, want string }{
				{"full_mrz", got.FullMRZ, want.FullMRZ}, {"mrz_line1", got.MRZLine1, want.MRZLine1},
				{"mrz_line2", got.MRZLine2, want.MRZLine2}, {"mrz_line3", got.MRZLine3, want.MRZLine3},
				{"ocr_number", got.Number, want.Number}, {"ocr_lastName", got.LastName, want.LastName},
				{"ocr_fullName", got.FullName, want.FullName}, {"ocr_birthDate", got.BirthDate, want.BirthDate},
				{"ocr_expireDate", got.ExpireDate, want.ExpireDate},
			} {
				if c.want != "" && c.got != c.want {
					t.Errorf("%s = %q, want %q", c.key, c.got, c.want)
				}
			}
			if typ == "chdl" && got.FirstName != want.FirstName {
				t.Errorf("ocr_firstName = %q, want %q", got.FirstName, want.FirstName)
			}
			if res.DocumentType != "drivers_license" {
				t.Errorf("document_type %q", res.DocumentType)
			}
			raw := res.Data.Raw.Fields
			if l := raw["license_number"].Value; l != d.Truth.Fields["license_number"].Value {
				t.Errorf("license_number %q, want %q", l, d.Truth.Fields["license_number"].Value)
			}
			if res.Data.Raw.Rotate != d.Truth.Rotate {
				t.Errorf("rotate %s, want %s (the front's)", res.Data.Raw.Rotate, d.Truth.Rotate)
			}
			for _, k := range []string{"surname", "given_names", "birth_date", "issue_date", "expiry_date", "authority"} {
				f := d.Truth.Fields[k]
				w := f.Normalized
				if w == "" {
					w = f.Value
				}
				t.Logf("%s: %q (score %d), printed %q", k, raw[k].Value, raw[k].Score, w)
			}
			t.Logf("review_front %v, review_back %v: %v", res.ReviewFront, res.ReviewBack, resp.Diagnostics.ReviewReasons)
		})
	}
}
