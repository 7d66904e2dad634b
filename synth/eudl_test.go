package synth

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// TestDLTypesNotDefault checks that the licences stay out of the default
// types (existing corpora must not change) but are accepted by name.
func TestDLTypesNotDefault(t *testing.T) {
	for _, typ := range DLTypes {
		if slices.Contains(Types, typ) || slices.Contains(OtherTypes, typ) {
			t.Errorf("%s is in Types or OtherTypes", typ)
		}
		if !slices.Contains(AllTypes, typ) {
			t.Errorf("%s is not in AllTypes", typ)
		}
	}
	if got := strings.Join(Types, ","); got != "td3,td1,td2,mrva,mrvb,frid" {
		t.Errorf("Types = %s", got)
	}
}

// TestEUDLTruth checks the French and Swiss licences at every level: the
// truth's MRZ parses, validates and has the licence's format; the expected
// summary is what the MRZ gives; the front's fields agree with the MRZ;
// every quad lies inside its document and photo.
func TestEUDLTruth(t *testing.T) {
	for _, c := range []struct {
		typ, format string
		lines       []int
		countries   []string
	}{
		{"frdl", "FRENCH_DL", []int{30}, []string{"FRA"}},
		{"chdl", "SWISS_DL", []int{9, 30, 30}, []string{"CHE", "LIE"}},
	} {
		for _, level := range Levels {
			t.Run(c.typ+"/"+string(level), func(t *testing.T) {
				g := newGen(t, Options{Seed: 31, Level: level, Types: []string{c.typ}})
				n := 6
				if testing.Short() {
					n = 2
				}
				for i := 0; i < n; i++ {
					d, err := g.Generate(i)
					if err != nil {
						t.Fatalf("document %d: %v", i, err)
					}
					checkEUDL(t, d, c.format, c.lines, c.countries)
				}
			})
		}
	}
}

func checkEUDL(t *testing.T, d *Document, format string, lens []int, countries []string) {
	t.Helper()
	tr := &d.Truth
	name := fmt.Sprintf("%s (%s, %s)", tr.File, tr.Type, tr.Level)
	if tr.Format != format || tr.MRZSide != "back" || tr.IDType != "drivers_license" || tr.Expected.DocumentType != "drivers_license" {
		t.Errorf("%s: format %q side %q idType %q", name, tr.Format, tr.MRZSide, tr.IDType)
	}
	if !slices.Contains(countries, tr.IssuingCountry) {
		t.Errorf("%s: issuing country %s", name, tr.IssuingCountry)
	}
	if len(tr.MRZ) != len(lens) {
		t.Fatalf("%s: %d MRZ lines", name, len(tr.MRZ))
	}
	for i, l := range tr.MRZ {
		if len(l) != lens[i] {
			t.Errorf("%s: MRZ line %d has %d characters, want %d", name, i+1, len(l), lens[i])
		}
	}
	p, err := mrz.Parse(tr.MRZ, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !p.Valid || p.Format.String() != format {
		t.Errorf("%s: MRZ %q parses as %v, valid %v: %v", name, tr.MRZ, p.Format, p.Valid, p.Errors)
	}
	if p.IssuingState != tr.IssuingCountry {
		t.Errorf("%s: MRZ issuing state %s, truth %s", name, p.IssuingState, tr.IssuingCountry)
	}
	if len(tr.MRZLayout.LineCentres) != len(lens) {
		t.Errorf("%s: MRZ layout has %d lines", name, len(tr.MRZLayout.LineCentres))
	}
	// The expected summary is the MRZ's; the French surname the front's
	// in full (ICAO-transliterated), which the MRZ's 8 places begin.
	o := tr.Expected.OCR
	f := tr.Fields
	sq := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "<", " ")), " ") }
	wantLast := sq(p.Surname)
	if format == "FRENCH_DL" {
		wantLast = sq(mrz.Transliterate(f["surname"].Value))
		if !strings.HasPrefix(mrz.Transliterate(f["surname"].Value), strings.ReplaceAll(p.Surname, " ", "<")) {
			t.Errorf("%s: front surname %q does not begin with the MRZ's %q", name, f["surname"].Value, p.Surname)
		}
	}
	if o.FullMRZ != strings.Join(tr.MRZ, "\n") || o.MRZLine1 != tr.MRZ[0] || o.Number != p.DocumentNumber || o.LastName != wantLast {
		t.Errorf("%s: expected summary %+v disagrees with the MRZ %+v", name, o, p)
	}
	for _, k := range []string{"surname", "given_names", "birth_date", "issue_date", "expiry_date", "authority", "license_number", "categories", "mrz_line1"} {
		if strings.TrimSpace(f[k].Value) == "" {
			t.Errorf("%s: no field %s", name, k)
		}
	}
	sur := strings.ReplaceAll(mrz.Transliterate(f["surname"].Value), "<", "")
	if format == "FRENCH_DL" {
		if f["license_number"].Value != p.DocumentNumber {
			t.Errorf("%s: licence number %s, MRZ %s", name, f["license_number"].Value, p.DocumentNumber)
		}
		if o.ExpireDate != p.ExpiryDate.String() || o.ExpireDate != f["expiry_date"].Normalized {
			t.Errorf("%s: expiry %s, MRZ %s, front %s", name, o.ExpireDate, p.ExpiryDate, f["expiry_date"].Normalized)
		}
		if mrzSur := strings.ReplaceAll(p.Surname, " ", ""); !strings.HasPrefix(sur, mrzSur) || len(p.Surname) > 8 {
			t.Errorf("%s: MRZ surname %q is not the front's %q cut to 8", name, p.Surname, f["surname"].Value)
		}
	} else {
		if f["license_number"].Value != p.OptionalData1+p.OptionalData2 {
			t.Errorf("%s: licence number %s, MRZ PIN+version %s%s", name, f["license_number"].Value, p.OptionalData1, p.OptionalData2)
		}
		if o.BirthDate != p.BirthDate.String() || o.BirthDate != f["birth_date"].Normalized {
			t.Errorf("%s: birth %s, MRZ %s, front %s", name, o.BirthDate, p.BirthDate, f["birth_date"].Normalized)
		}
		if got := strings.ReplaceAll(p.Surname, " ", ""); !strings.HasPrefix(sur, got) {
			t.Errorf("%s: MRZ surname %q, front %q", name, p.Surname, f["surname"].Value)
		}
		if len(tr.MRZ) != 3 || o.MRZLine2 != tr.MRZ[1] || o.MRZLine3 != tr.MRZ[2] {
			t.Errorf("%s: mrz_line2/3 %q %q", name, o.MRZLine2, o.MRZLine3)
		}
	}
	// Images and quads.
	checkView(t, name+" front", tr.View, d.Front, tr.DocSize)
	if tr.BackFile == "" || tr.Back == nil || d.Back == nil {
		t.Fatalf("%s: no back", name)
	}
	checkView(t, name+" back", *tr.Back, d.Back, tr.DocSize)
	for i := range tr.MRZ {
		if f[fmt.Sprintf("mrz_line%d", i+1)].Side != "back" {
			t.Errorf("%s: mrz_line%d not on the back", name, i+1)
		}
	}
	for k, fl := range f {
		v := tr.ViewOf(fl.Side)
		for c, pt := range fl.Quad {
			if pt.X < 0 || pt.Y < 0 || pt.X > float64(tr.DocSize.W) || pt.Y > float64(tr.DocSize.H) {
				t.Errorf("%s: field %s corner %d %v outside the document", name, k, c, pt)
			}
			q := fl.OriginalQuad[c]
			if q.X < 0 || q.Y < 0 || q.X > float64(v.ImageSize.W) || q.Y > float64(v.ImageSize.H) {
				t.Errorf("%s: field %s corner %d %v outside its %v photo", name, k, c, q, v.ImageSize)
			}
			if want := v.DocToPhoto.Apply(pt); want.Dist(q) > 0.5 {
				t.Errorf("%s: field %s corner %d at %v, DocToPhoto gives %v", name, k, c, q, want)
			}
		}
	}
	// The MRZ cells of the layout lie on the back, under the table.
	l := tr.MRZLayout
	last := l.CellQuad(len(tr.MRZ)-1, len(tr.MRZ[len(tr.MRZ)-1])-1)
	if !inside(last, tr.DocSize) || !inside(l.CellQuad(0, 0), tr.DocSize) {
		t.Errorf("%s: MRZ cells outside the document", name)
	}
}

func inside(q geometry.Quad, s Size) bool {
	for _, p := range q {
		if p.X < 0 || p.Y < 0 || p.X > float64(s.W) || p.Y > float64(s.H) {
			return false
		}
	}
	return true
}

// TestEUDLCountry checks that the Country option picks Liechtenstein or
// Switzerland for chdl.
func TestEUDLCountry(t *testing.T) {
	for _, c := range []string{"LIE", "CHE"} {
		g := newGen(t, Options{Seed: 5, Types: []string{"chdl"}, Country: c})
		for i := 0; i < 3; i++ {
			d, err := g.Generate(i)
			if err != nil {
				t.Fatal(err)
			}
			if d.Truth.IssuingCountry != c || !strings.HasPrefix(d.Truth.MRZ[1], "FA"+c) {
				t.Errorf("Country %s: got %s, MRZ %q", c, d.Truth.IssuingCountry, d.Truth.MRZ[1])
			}
		}
	}
}
