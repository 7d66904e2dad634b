package docread_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

var (
	synthDir = flag.String("synth", "", "measure the non-MRZ readers on this synth directory (idrecog synth -types aadhaar,...)")
	oracle   = flag.Bool("oracle", false, "with -synth: place the document from the truth's geometry instead of docfind")
)

type synthTruth struct {
	File, IDType, IssuingCountry string
	DocSize                      struct{ W, H int }
	Rotate                       string
	DocToPhoto                   geometry.Homography
	BackFile                     string
	Back                         *struct {
		Rotate     string
		DocToPhoto geometry.Homography
	}
	Expected struct {
		OCR map[string]string `json:"ocr"`
	}
	Fields map[string]struct {
		Value      string
		Normalized string
		Side       string
	}
}

// TestSynthAccuracy reads every document of -synth and prints, per raw key
// and per ocr_* field, the share read exactly. It measures; it does not
// fail on accuracy.
func TestSynthAccuracy(t *testing.T) {
	if *synthDir == "" {
		t.Skip("no -synth directory")
	}
	files, _ := filepath.Glob(filepath.Join(*synthDir, "*.json"))
	pool := ocr.NewPool(1)
	defer pool.Close()
	hit, tot := map[string]int{}, map[string]int{}
	errs, wrongAccepted := 0, 0
	start := time.Now()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tr synthTruth
		if err := json.Unmarshal(data, &tr); err != nil {
			t.Fatal(err)
		}
		load := func(name string) image.Image {
			fh, err := os.Open(filepath.Join(*synthDir, name))
			if err != nil {
				return nil
			}
			defer fh.Close()
			img, _, err := image.Decode(fh)
			if err != nil {
				return nil
			}
			return img
		}
		front := load(tr.File)
		var back image.Image
		if tr.BackFile != "" {
			back = load(tr.BackFile)
		}
		find := docfind.FindFunc(pool)
		if *oracle {
			rot := 0
			fmt.Sscan(tr.Rotate, &rot)
			g := &docread.Geometry{DocSize: image.Pt(tr.DocSize.W, tr.DocSize.H), DocToImage: tr.DocToPhoto, Rotate: rot}
			var bg *docread.Geometry
			if tr.Back != nil {
				brot := 0
				fmt.Sscan(tr.Back.Rotate, &brot)
				bg = &docread.Geometry{DocSize: g.DocSize, DocToImage: tr.Back.DocToPhoto, Rotate: brot}
			}
			find = func(ctx context.Context, img image.Image, size image.Point) (*docread.Geometry, error) {
				if img == front {
					return g, nil
				}
				if img == back && bg != nil {
					return bg, nil
				}
				return docfind.FindFunc(pool)(ctx, img, size)
			}
		}
		env := &docread.Env{OCR: pool, Find: find}
		r, _, ok := docread.Lookup(tr.IssuingCountry, tr.IDType)
		if !ok {
			r = docread.Generic
		}
		in := docread.Input{Country: tr.IssuingCountry, IDType: tr.IDType, Front: front, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		if back != nil {
			in.Back = back
		}
		res, err := r.Read(context.Background(), env, in)
		if err != nil {
			errs++
			t.Logf("%s: %v", tr.File, err)
		}
		for k, v := range tr.Fields {
			key := k
			tot[key]++
			want := strings.ToUpper(v.Value)
			if v.Normalized != "" {
				want = v.Normalized
			}
			if res != nil {
				if f, ok := res.Out.Raw[key]; ok && f.Accepted != nil && *f.Accepted {
					tot["accepted:"+key]++
					if f.Value != want {
						wrongAccepted++
						t.Logf("%s %s: ACCEPTED WRONG %q, want %q", tr.File, key, f.Value, want)
					} else {
						hit["accepted:"+key]++
					}
				}
			}
			if res != nil && res.Out.Raw[key].Value == want {
				hit[key]++
			} else if testing.Verbose() {
				got := ""
				if res != nil {
					got = res.Out.Raw[key].Value
				}
				t.Logf("%s %s: got %q want %q", tr.File, key, got, v.Value)
			}
		}
		for k, v := range tr.Expected.OCR {
			if v == "" || strings.Contains(k, "mrz") {
				continue
			}
			tot[k]++
			if res != nil && summaryValue(res, k) == v {
				hit[k]++
			}
		}
	}
	keys := make([]string, 0, len(tot))
	for k := range tot {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Printf("%d documents, %d errors, %.1f s/document, %d wrong values accepted\n", len(files), errs, time.Since(start).Seconds()/float64(max(1, len(files))), wrongAccepted)
	for _, k := range keys {
		fmt.Printf("%-26s %3d/%3d  %5.1f %%\n", k, hit[k], tot[k], 100*float64(hit[k])/float64(tot[k]))
	}
}

func summaryValue(res *docread.Result, k string) string {
	s := res.Out.Summary
	return map[string]string{
		"ocr_fullName": s.FullName, "ocr_firstName": s.FirstName, "ocr_middleName": s.MiddleName, "ocr_lastName": s.LastName,
		"ocr_gender": s.Gender, "ocr_nationality": s.Nationality, "ocr_birthDate": s.BirthDate, "ocr_identityNumber": s.IdentityNumber,
		"ocr_issueDate": s.IssueDate, "ocr_expireDate": s.ExpireDate, "ocr_version": s.Version, "ocr_number": s.Number,
	}[k]
}
