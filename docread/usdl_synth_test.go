package docread

import (
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// TestUSDLSynth reads a synth corpus of US licences with the aamva reader,
// Tesseract, and the generator's own document geometry standing in for the
// document finder, and reports per-field accuracy, review rates and where
// the front's fields were placed:
//
//	idrecog synth -out DIR -n 50 -seed 424242 -types usdl -level photo
//	USDL_SYNTH_DIR=DIR go test ./docread -run TestUSDLSynth -v
func TestUSDLSynth(t *testing.T) {
	dir := os.Getenv("USDL_SYNTH_DIR")
	if dir == "" {
		t.Skip("set USDL_SYNTH_DIR to a synth corpus with -types usdl")
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(names)
	type tally struct{ n, ok, placed int }
	per := map[string]*tally{}
	docs, barcodes, reviewF, reviewB, allRight := 0, 0, 0, 0, 0
	var dur time.Duration
	for _, name := range names {
		var truth struct {
			File, BackFile string
			Type           string
			IssuingCountry string
			Rotate         string
			DocToPhoto     geometry.Homography
			Fields         map[string]struct {
				Value, Normalized string
				Quad              []geometry.Point
				Side              string
			}
		}
		b, err := os.ReadFile(name)
		if err != nil || json.Unmarshal(b, &truth) != nil || truth.Type != "usdl" {
			continue
		}
		load := func(f string) image.Image {
			r, err := os.Open(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			img, _, err := image.Decode(r)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
		front, back := load(truth.File), load(truth.BackFile)
		rot, _ := strconv.Atoi(truth.Rotate)
		find := func(ctx context.Context, img image.Image, size image.Point) (*Geometry, error) {
			return &Geometry{DocSize: image.Pt(1011, 638), DocToImage: truth.DocToPhoto, Rotate: rot}, nil
		}
		docs++
		start := time.Now()
		res, err := USDL{}.Read(context.Background(), &Env{OCR: pool, Find: find}, Input{Country: truth.IssuingCountry, IDType: "drivers_license", Front: front, Back: back})
		dur += time.Since(start)
		if err != nil {
			t.Logf("%s: %v", truth.File, err)
			continue
		}
		if res.Diagnostics["barcode"] == "back" {
			barcodes++
		}
		if res.Front.Review {
			reviewF++
			t.Logf("%s: review_front %v", truth.File, res.Front.Reasons)
		}
		if res.Back.Review {
			reviewB++
		}
		right := true
		for key, f := range truth.Fields {
			if f.Side != "front" || f.Value == "" && f.Normalized == "" {
				continue
			}
			want := f.Normalized
			if want == "" {
				want = f.Value
			}
			if per[key] == nil {
				per[key] = &tally{}
			}
			tl := per[key]
			tl.n++
			got := res.Out.Raw[key]
			if strings.EqualFold(got.Value, want) {
				tl.ok++
			} else {
				right = false
			}
			if got.Quad != nil && len(f.Quad) == 4 {
				c := got.Quad.Center()
				tq := geometry.Quad{f.Quad[0], f.Quad[1], f.Quad[2], f.Quad[3]}
				if image.Pt(int(c.X), int(c.Y)).In(tq.Bounds().Inset(-4)) {
					tl.placed++
				}
			}
		}
		if right {
			allRight++
		}
	}
	if docs == 0 {
		t.Fatalf("no usdl documents in %s", dir)
	}
	keys := make([]string, 0, len(per))
	for k := range per {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		tl := per[k]
		t.Logf("%-24s value right %3d/%3d   placed on the front %3d/%3d", k, tl.ok, tl.n, tl.placed, tl.n)
	}
	t.Logf("documents %d: barcode decoded on the back %d, every field right %d, review_front %d, review_back %d; mean %v per document",
		docs, barcodes, allRight, reviewF, reviewB, (dur / time.Duration(docs)).Round(time.Millisecond))
}

// TestUSDLSynthTamper checks that a disagreement between front and barcode
// sets review_front: for each synthetic licence it alters one field of the
// decoded barcode at a time (another surname, given name, licence number,
// street, a birth date a year later, an expiry two years later, the other
// sex) and verifies the altered values against the real front, as Read
// does (verifyFront, re-reads included):
//
//	USDL_SYNTH_DIR=DIR go test ./docread -run TestUSDLSynthTamper -v
func TestUSDLSynthTamper(t *testing.T) {
	dir := os.Getenv("USDL_SYNTH_DIR")
	if dir == "" {
		t.Skip("set USDL_SYNTH_DIR to a synth corpus with -types usdl")
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(names)
	tampers := []struct {
		key  string
		edit func(d *aamva.Document)
		what string // how the value is altered, when not wholly
	}{
		{"surname", func(d *aamva.Document) { d.Elements["DCS"] = other(d.Elements["DCS"], "QUINTERO", "VANCE") }, ""},
		{"given_names", func(d *aamva.Document) { d.Elements["DAC"] = other(d.Elements["DAC"], "XAVIER", "YOLANDA") }, ""},
		// One letter of the surname changed (SMITH -> SMYTH): within any
		// edit-distance tolerance, so it must be settled by the reads.
		{"surname", func(d *aamva.Document) { d.Elements["DCS"] = oneLetter(d.Elements["DCS"]) }, "one letter"},
		{"license_number", func(d *aamva.Document) {
			n := d.Elements["DAQ"]
			d.Elements["DAQ"] = n[:len(n)-3] + other(n[len(n)-3:], "947", "361")
		}, ""},
		{"address", func(d *aamva.Document) { d.Elements["DAG"] = other(d.Elements["DAG"], "77 HARBOR WAY", "5 RIVER CT") }, ""},
		{"birth_date", func(d *aamva.Document) { t, _ := d.BirthDate(); d.SetDate("DBB", t.AddDate(1, 0, 0)) }, ""},
		{"expiry_date", func(d *aamva.Document) { t, _ := d.ExpiryDate(); d.SetDate("DBA", t.AddDate(2, 0, 0)) }, ""},
		{"sex", func(d *aamva.Document) { d.Elements["DBC"] = map[string]string{"1": "2", "2": "1"}[d.Elements["DBC"]] }, ""},
	}
	fired := make([]int, len(tampers))
	tried := 0
	for _, name := range names {
		var truth struct {
			File, BackFile, Type string
			Rotate               string
			DocToPhoto           geometry.Homography
		}
		b, err := os.ReadFile(name)
		if err != nil || json.Unmarshal(b, &truth) != nil || truth.Type != "usdl" {
			continue
		}
		load := func(f string) image.Image {
			r, err := os.Open(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			img, _, err := image.Decode(r)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
		doc, where, err := findAAMVA(context.Background(), Input{Front: load(truth.File), Back: load(truth.BackFile)})
		if err != nil || where != "back" {
			continue
		}
		find := func(ctx context.Context, img image.Image, size image.Point) (*Geometry, error) {
			return &Geometry{DocSize: image.Pt(1011, 638), DocToImage: truth.DocToPhoto}, nil
		}
		front, err := readUSDLFront(context.Background(), &Env{OCR: pool, Find: find}, load(truth.File))
		if err != nil {
			t.Fatal(err)
		}
		tried++
		env := &Env{OCR: pool, Find: find}
		front.inkPage()
		front.cache = map[readKey]ocr.Text{}
		for i, tm := range tampers {
			d := *doc
			d.Elements = maps.Clone(doc.Elements)
			tm.edit(&d)
			out, problems := mapAAMVA(&d, time.Now())
			// A fresh front for each licence, sharing only the cache of
			// reads already made (a read of a region gives the same text
			// whatever the barcode says).
			fr := *front
			fr.fields = maps.Clone(front.fields)
			fr.more = nil
			disagree, err := verifyFront(context.Background(), env, &out, &fr, &d)
			if err != nil {
				t.Fatal(err)
			}
			problems = append(problems, disagree...)
			for _, p := range problems {
				if strings.HasPrefix(p, tm.key+":") || tm.key != "sex" && strings.HasPrefix(p, "date:") && strings.HasSuffix(tm.key, "_date") {
					fired[i]++
					break
				}
			}
		}
	}
	if tried == 0 {
		t.Fatalf("no usdl documents with a readable back in %s", dir)
	}
	for i, tm := range tampers {
		t.Logf("%-16s %-10s disagreement flagged %3d/%3d", tm.key, tm.what, fired[i], tried)
	}
}

func other(v, a, b string) string {
	if v == a {
		return b
	}
	return a
}

// oneLetter returns s with the letter in its middle replaced by another
// letter (the next one in the alphabet, Z by A).
func oneLetter(s string) string {
	r := []rune(s)
	for i := len(r) / 2; i < len(r); i++ {
		if r[i] >= 'A' && r[i] <= 'Z' {
			if r[i] == 'Z' {
				r[i] = 'A'
			} else {
				r[i]++
			}
			return string(r)
		}
	}
	return s + "X"
}
