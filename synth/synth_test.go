package synth

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

func newGen(t testing.TB, o Options) *Generator {
	t.Helper()
	g, err := NewGenerator(o)
	if err != nil {
		t.Skipf("fonts not installed: %v", err)
	}
	return g
}

func TestGenerateDeterministic(t *testing.T) {
	for _, level := range Levels {
		t.Run(string(level), func(t *testing.T) {
			o := Options{Seed: 42, Level: level, Types: []string{"td1", "mrvb", "frid"}}
			g1, g2 := newGen(t, o), newGen(t, o)
			// g1 generates in a different order and with other documents in
			// between: caches must not change the output.
			_, _ = g1.Generate(2)
			for _, i := range []int{1, 0} {
				a, err := g1.Generate(i)
				if err != nil {
					t.Fatal(err)
				}
				b, err := g2.Generate(i)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Front, b.Front) || !bytes.Equal(a.Back, b.Back) {
					t.Errorf("document %d: images differ between runs", i)
				}
				ja, _ := json.Marshal(a.Truth)
				jb, _ := json.Marshal(b.Truth)
				if !bytes.Equal(ja, jb) {
					t.Errorf("document %d: truth differs between runs", i)
				}
			}
			other, err := newGen(t, Options{Seed: 43, Level: level, Types: o.Types}).Generate(0)
			if err != nil {
				t.Fatal(err)
			}
			same, _ := g2.Generate(0)
			if bytes.Equal(other.Front, same.Front) {
				t.Error("seeds 42 and 43 gave the same image")
			}
		})
	}
}

// TestTruthConsistency checks every truth against the MRZ engine and the
// geometry it claims.
func TestTruthConsistency(t *testing.T) {
	g := newGen(t, Options{Seed: 7, Level: LevelMixed})
	n := 3 * len(Types) * 2
	if testing.Short() {
		n = 3 * len(Types)
	}
	for i := 0; i < n; i++ {
		d, err := g.Generate(i)
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		tr := &d.Truth
		name := tr.File + " (" + tr.Type + ", " + tr.Level + ")"
		res, err := mrz.Parse(tr.MRZ, &mrz.Options{Now: DefaultNow})
		if err != nil {
			t.Fatalf("%s: mrz.Parse: %v", name, err)
		}
		if !res.Valid {
			t.Errorf("%s: MRZ %q not valid: %v", name, tr.MRZ, res.Errors)
		}
		if res.Format.String() != tr.Format {
			t.Errorf("%s: format %v, truth says %s", name, res.Format, tr.Format)
		}
		o := tr.Expected.OCR
		if res.DocumentNumber != o.Number {
			t.Errorf("%s: MRZ number %q, expected %q", name, res.DocumentNumber, o.Number)
		}
		if res.BirthDate.String() != o.BirthDate {
			t.Errorf("%s: MRZ birth %s, expected %s", name, res.BirthDate, o.BirthDate)
		}
		if tr.Type != "frid" && res.ExpiryDate.String() != o.ExpireDate {
			t.Errorf("%s: MRZ expiry %s, expected %s", name, res.ExpiryDate, o.ExpireDate)
		}
		if got := strings.Join(strings.Fields(res.Surname), " "); got != o.LastName {
			t.Errorf("%s: MRZ surname %q, expected %q", name, got, o.LastName)
		}
		if got := strings.Join(strings.Fields(res.GivenNames), " "); got != o.FirstName {
			t.Errorf("%s: MRZ given names %q, expected %q", name, got, o.FirstName)
		}
		if want := strings.TrimSpace(o.FirstName + " " + o.LastName); o.FullName != want {
			t.Errorf("%s: full name %q, want %q", name, o.FullName, want)
		}
		sex := res.Sex
		if sex == "" || sex == "<" {
			sex = "X"
		}
		if sex != o.Gender {
			t.Errorf("%s: MRZ sex %q, expected %q", name, res.Sex, o.Gender)
		}
		if o.FullMRZ != strings.Join(tr.MRZ, "\n") || o.MRZLine1 != tr.MRZ[0] || o.MRZLine2 != tr.MRZ[1] {
			t.Errorf("%s: ocr mrz lines disagree with the truth's", name)
		}
		if tr.IDType != tr.Expected.DocumentType {
			t.Errorf("%s: idType %s, document_type %s", name, tr.IDType, tr.Expected.DocumentType)
		}

		// Geometry: each side's document lies inside its photo, and every
		// field's original quad is its canonical quad seen through the
		// side's homography.
		checkView(t, name+" front", tr.View, d.Front, tr.DocSize)
		if tr.Type == "td1" {
			if tr.Back == nil || d.Back == nil || tr.BackFile == "" {
				t.Fatalf("%s: td1 without a back", name)
			}
			checkView(t, name+" back", *tr.Back, d.Back, tr.DocSize)
		}
		for _, k := range []string{"surname", "number", "birth_date", "sex", "mrz_line1", "mrz_line2"} {
			if _, ok := tr.Fields[k]; !ok && !(k == "surname" && strings.HasPrefix(tr.Type, "mrv")) {
				t.Errorf("%s: no field %s", name, k)
			}
		}
		for k, f := range tr.Fields {
			v := tr.ViewOf(f.Side)
			want := v.DocToPhoto.ApplyQuad(f.Quad)
			for c := range want {
				if want[c].Dist(f.OriginalQuad[c]) > 0.5 {
					t.Errorf("%s: field %s corner %d at %v, DocToPhoto gives %v", name, k, c, f.OriginalQuad[c], want[c])
				}
			}
			if f.Quad.Area() <= 0 {
				t.Errorf("%s: field %s has an empty quad %v", name, k, f.Quad)
			}
			b := f.Quad.Bounds()
			if !b.In(image.Rect(-1, -1, tr.DocSize.W+1, tr.DocSize.H+1)) {
				t.Errorf("%s: field %s quad %v leaves the document", name, k, b)
			}
			if strings.HasSuffix(k, "_date") && len(f.Normalized) != 10 {
				t.Errorf("%s: date field %s normalized %q", name, k, f.Normalized)
			}
		}
		for _, k := range []string{"mrz_line1", "mrz_line2", "mrz_line3"} {
			if tr.Fields[k].Occluded {
				t.Errorf("%s: %s occluded; only the visual zone may be", name, k)
			}
		}
		if f := tr.Fields["mrz_line1"]; f.Side != tr.MRZSide || f.Value != tr.MRZ[0] {
			t.Errorf("%s: mrz_line1 %+v, MRZ side %s", name, f, tr.MRZSide)
		}
	}
}

func checkView(t *testing.T, name string, v View, data []byte, ds Size) {
	t.Helper()
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if cfg.Width != v.ImageSize.W || cfg.Height != v.ImageSize.H {
		t.Errorf("%s: image %dx%d, truth says %v", name, cfg.Width, cfg.Height, v.ImageSize)
	}
	// Photos stay below 2000 px; a clean scan is the document at 300 dpi
	// plus a margin of at most 41 px.
	if lim := max(2000, ds.W+82, ds.H+82); cfg.Width > lim || cfg.Height > lim {
		t.Errorf("%s: image %dx%d larger than %d px", name, cfg.Width, cfg.Height, lim)
	}
	want := v.DocToPhoto.ApplyQuad(geometry.RectQuad(image.Rect(0, 0, ds.W, ds.H)))
	for c, p := range v.DocQuad {
		if p.Dist(want[c]) > 0.5 {
			t.Errorf("%s: docQuad corner %d %v, DocToPhoto gives %v", name, c, p, want[c])
		}
		if p.X < 0 || p.Y < 0 || p.X > float64(cfg.Width) || p.Y > float64(cfg.Height) {
			t.Errorf("%s: docQuad corner %d %v outside the %dx%d image", name, c, p, cfg.Width, cfg.Height)
		}
	}
	if v.DocQuad.Area() <= 0 {
		t.Errorf("%s: docQuad %v is not clockwise", name, v.DocQuad)
	}
	// Rotate undoes the quarter turn: after rotating the photo by Rotate
	// degrees clockwise, the document's top edge must point right-ward.
	rot := map[string]float64{"0": 0, "90": 90, "180": 180, "270": 270}
	deg, ok := rot[v.Rotate]
	if !ok {
		t.Fatalf("%s: rotate %q", name, v.Rotate)
	}
	top := v.DocQuad[1].Sub(v.DocQuad[0])
	a := math.Atan2(top.Y, top.X)*180/math.Pi + deg // clockwise on screen
	a = math.Mod(a+540, 360) - 180
	if math.Abs(a) > 45 {
		t.Errorf("%s: rotate %s leaves the top edge at %.0f°", name, v.Rotate, a)
	}
}

// TestPhotoMatchesGeometry checks that the pixels really are where the truth
// says: the MRZ ink of the clean canonical rendering, mapped through
// DocToPhoto, must land on dark pixels of the photo.
func TestPhotoMatchesGeometry(t *testing.T) {
	for _, level := range []Level{LevelClean, LevelPhoto} {
		for i := 0; i < len(Types); i++ {
			if testing.Short() && (i%2 == 0) == (level == LevelClean) {
				continue
			}
			o := Options{Seed: 11, Level: level}
			g := newGen(t, o)
			imgs, ct, err := g.Canonical(i)
			if err != nil {
				t.Fatal(err)
			}
			d, err := g.Generate(i)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(ct.MRZ, "") != strings.Join(d.Truth.MRZ, "") {
				t.Fatalf("Canonical and Generate disagree on document %d", i)
			}
			side := 0
			data := d.Front
			if d.Truth.MRZSide == "back" {
				side, data = 1, d.Back
			}
			photo, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			v := d.Truth.ViewOf(d.Truth.MRZSide)
			good := correlate(imgs[side], photo, d.Truth, v.DocToPhoto)
			// A document shifted by half a character must correlate worse.
			shift := v.DocToPhoto.Mul(geometry.Translate(d.Truth.MRZLayout.Pitch/2, 0))
			bad := correlate(imgs[side], photo, d.Truth, shift)
			t.Logf("%s %s (%s): correlation %.2f, shifted %.2f", level, d.Truth.File, d.Truth.Type, good, bad)
			if good < 0.6 || good < bad+0.3 {
				t.Errorf("%s %s (%s): MRZ ink correlation %.2f (shifted: %.2f)", level, d.Truth.File, d.Truth.Type, good, bad)
			}
		}
	}
}

// correlate returns the correlation between the canonical image's
// luminance and the photo's at the mapped points, over the MRZ band (Pearson).
func correlate(canon, photo image.Image, tr Truth, h geometry.Homography) float64 {
	l := tr.MRZLayout
	var sx, sy, sxx, syy, sxy, n float64
	lum := func(im image.Image, x, y int) float64 {
		r, g, b, _ := im.At(x, y).RGBA()
		return (0.3*float64(r) + 0.59*float64(g) + 0.11*float64(b)) / 257
	}
	for li, c := range l.LineCentres {
		w := float64(len(tr.MRZ[li])) * l.Pitch
		for y := c - l.CapHeight/2; y < c+l.CapHeight/2; y += 2 {
			for x := l.X0; x < l.X0+w; x += 2 {
				a := lum(canon, int(x), int(y))
				p := h.Apply(geometry.Point{X: x, Y: y})
				b := lum(photo, int(p.X), int(p.Y))
				sx, sy, sxx, syy, sxy, n = sx+a, sy+b, sxx+a*a, syy+b*b, sxy+a*b, n+1
			}
		}
	}
	cov := sxy/n - sx/n*sy/n
	return cov / math.Sqrt((sxx/n-sx*sx/n/n)*(syy/n-sy*sy/n/n))
}

func TestOptionsValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		o    Options
		err  string
	}{
		{"zero", Options{}, ""},
		{"all", Options{Types: Types, Level: LevelMixed, Country: "UTO"}, ""},
		{"without MRZ", Options{Types: OtherTypes, Level: LevelHard}, ""},
		{"all fifteen", Options{Types: AllTypes}, ""},
		{"bad type", Options{Types: []string{"td4"}}, `unknown type "td4"`},
		{"bad level", Options{Level: "blurry"}, `unknown level "blurry"`},
		{"bad country", Options{Country: "XYZ"}, `no name pool for country "XYZ"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.o.Validate()
			if c.err == "" && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Fatalf("error %v, want %q", err, c.err)
			}
			if c.err != "" {
				if g, err := NewGenerator(c.o); err == nil || g != nil {
					t.Fatalf("NewGenerator accepted bad options")
				}
			}
		})
	}
}

// TestOCRBGlyphs guards the font choice: x/image's CFF parser drops '8' and
// '<' from OCRB.otf, so OCRBS.otf must render every MRZ character.
func TestOCRBGlyphs(t *testing.T) {
	g := newGen(t, Options{})
	for _, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<" {
		gl := g.ts.glyph(fontOCRB, 28*64, c, 0)
		ink := 0
		if gl.mask != nil {
			for _, a := range gl.mask.Pix {
				if a > 128 {
					ink++
				}
			}
		}
		if ink < 20 {
			t.Errorf("OCR-B %q has %d ink pixels", c, ink)
		}
	}
}

func TestCountryOption(t *testing.T) {
	g := newGen(t, Options{Seed: 3, Country: "UTO", Types: []string{"td3"}})
	for i := 0; i < 3; i++ {
		d, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		if d.Truth.IssuingCountry != "UTO" || d.Truth.MRZ[0][2:5] != "UTO" || d.Truth.Type != "td3" {
			t.Errorf("document %d: issuer %s, MRZ %s, type %s", i, d.Truth.IssuingCountry, d.Truth.MRZ[0], d.Truth.Type)
		}
	}
}

// TestWriteCorpusWorkers checks that parallel generation writes the same
// files as one generator.
func TestWriteCorpusWorkers(t *testing.T) {
	newGen(t, Options{}) // skip without fonts
	o := Options{Seed: 5, Types: []string{"td1", "frid"}, Level: LevelPhoto}
	one, two := t.TempDir(), t.TempDir()
	if err := WriteCorpus(one, o, 3); err != nil {
		t.Fatal(err)
	}
	o.Workers = 2
	if err := WriteCorpus(two, o, 3); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(one, "*"))
	if len(files) != 3*2+2 { // 3 truths, 3 fronts, 2 td1 backs
		t.Fatalf("%d files written, want 8", len(files))
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(two, filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs with 2 workers (%v)", filepath.Base(f), err)
		}
	}
	if d, err := newGen(t, Options{}).Generate(-1); err == nil || d != nil {
		t.Error("Generate(-1) did not fail")
	}
	if err := WriteCorpus(t.TempDir(), Options{Types: []string{"td9"}}, 1); err == nil {
		t.Error("WriteCorpus accepted an unknown type")
	}
}
