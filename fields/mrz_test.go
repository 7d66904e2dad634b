package fields

import (
	"image"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// gridReading is a reading whose characters sit on a regular grid: cell
// (line, col) spans x 100+25c … 125+25c, y 800+60l … 840+60l in document
// pixels; the upload is the document scaled by 2 then shifted by (10, 20).
// Every character has probability p.
func gridReading(lines []string, p float64) *MRZReading {
	r := &MRZReading{
		Lines:      lines,
		Score:      90,
		Rotate:     90,
		DocSize:    image.Pt(1476, 1039),
		DocToImage: geometry.Translate(10, 20).Mul(geometry.Scale(2, 2)),
	}
	for l, s := range lines {
		var quads []geometry.Quad
		var probs []float64
		for c := range s {
			x, y := 100+25*float64(c), 800+60*float64(l)
			quads = append(quads, geometry.Quad{{X: x, Y: y}, {X: x + 25, Y: y}, {X: x + 25, Y: y + 40}, {X: x, Y: y + 40}})
			probs = append(probs, p)
		}
		r.CharQuads = append(r.CharQuads, quads)
		r.CharProb = append(r.CharProb, probs)
	}
	return r
}

// cellsQuad is the grid outline of columns c0..c1 (inclusive) of line l.
func cellsQuad(l, c0, c1 int) geometry.Quad {
	x0, x1, y := 100+25*float64(c0), 125+25*float64(c1), 800+60*float64(l)
	return geometry.Quad{{X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: y + 40}, {X: x0, Y: y + 40}}
}

var now = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func parse(t *testing.T, lines ...string) *mrz.Result {
	t.Helper()
	r, err := mrz.Parse(lines, &mrz.Options{Now: now})
	if err != nil {
		t.Fatalf("mrz.Parse(%q): %v", lines, err)
	}
	return r
}

func TestFromMRZSpecimens(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  Summary
		kind  string
		keys  []string // raw keys that must be present
		none  []string // raw keys that must be absent
	}{
		{
			name:  "utopia passport TD3",
			lines: []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
			want: Summary{FullName: "ANNA MARIA ERIKSSON", FirstName: "ANNA MARIA", LastName: "ERIKSSON", Gender: "F",
				Nationality: "UTO", BirthDate: "1974-08-12", ExpireDate: "2012-04-15", IdentityNumber: "ZE184226B", Number: "L898902C3"},
			kind: "passport",
			keys: []string{KeySurname, KeyGivenNames, KeyNumber, KeyBirthDate, KeyExpiryDate, KeySex, KeyNationality, KeyPersonalNumber, KeyMRZ, KeyIssuingState, KeyDocumentCode},
		},
		{
			name:  "estonian passport TD3",
			lines: []string{"P<ESTMAENNIK<<MARI<LIIS<<<<<<<<<<<<<<<<<<<<<", "KB00000003EST7501229F120522647501220010<<<02"},
			want: Summary{FullName: "MARI LIIS MAENNIK", FirstName: "MARI LIIS", LastName: "MAENNIK", Gender: "F",
				Nationality: "EST", BirthDate: "1975-01-22", ExpireDate: "2012-05-22", IdentityNumber: "47501220010", Number: "KB0000000"},
			kind: "passport",
			keys: []string{KeyPersonalNumber},
		},
		{
			name:  "utopia TD2",
			lines: []string{"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
			want: Summary{FullName: "ANNA MARIA ERIKSSON", FirstName: "ANNA MARIA", LastName: "ERIKSSON", Gender: "F",
				Nationality: "UTO", BirthDate: "1974-08-12", ExpireDate: "2012-04-15", Number: "D23145890"},
			kind: "government_id",
			none: []string{KeyPersonalNumber},
		},
		{
			name:  "utopia TD1",
			lines: []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
			want: Summary{FullName: "ANNA MARIA ERIKSSON", FirstName: "ANNA MARIA", LastName: "ERIKSSON", Gender: "F",
				Nationality: "UTO", BirthDate: "1974-08-12", ExpireDate: "2012-04-15", Number: "D23145890"},
			kind: "government_id",
		},
		{
			name:  "german ID TD1, D<< and unspecified sex",
			lines: []string{"IDD<<T220001293<<<<<<<<<<<<<<<", "6408125<2010315D<<<<<<<<<<<<<4", "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"},
			want: Summary{FullName: "ERIKA MUSTERMANN", FirstName: "ERIKA", LastName: "MUSTERMANN", Gender: "X",
				Nationality: "DEU", BirthDate: "1964-08-12", ExpireDate: "2020-10-31", Number: "T22000129"},
			kind: "government_id",
		},
		{
			name:  "french ID card",
			lines: []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"},
			want: Summary{FullName: "CORINNE BERTHIER", FirstName: "CORINNE", LastName: "BERTHIER", Gender: "F",
				Nationality: "FRA", BirthDate: "1965-12-06", Number: "940992310285"},
			kind: "government_id",
			none: []string{KeyNationality, KeyExpiryDate, KeyPersonalNumber},
		},
		{
			name:  "french driving licence (1×30)",
			lines: []string{"D1FRA13AA000026181231MARTIN<<9"},
			want:  Summary{FullName: "MARTIN", LastName: "MARTIN", ExpireDate: "2018-12-31", Number: "13AA00002"},
			kind:  "drivers_license",
			keys:  []string{KeyExpiryDate, KeyIssuingState},
			none:  []string{KeyNationality, KeyBirthDate, KeySex, KeyGivenNames},
		},
		{
			name:  "MRV-A visa",
			lines: []string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX7408122F96121096ZE184226B<<<<<<"},
			want: Summary{FullName: "ANNA MARIA ERIKSSON", FirstName: "ANNA MARIA", LastName: "ERIKSSON", Gender: "F",
				Nationality: "XXX", BirthDate: "1974-08-12", ExpireDate: "1996-12-10", Number: "L8988901C"},
			kind: "visa",
			none: []string{KeyPersonalNumber},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parsed := parse(t, tt.lines...)
			out := FromMRZ(parsed, gridReading(tt.lines, 0.99))
			tt.want.FullMRZ = strings.Join(tt.lines, "\n")
			tt.want.MRZLines = tt.lines
			if got := out.Summary; got.FullName != tt.want.FullName || got.FirstName != tt.want.FirstName ||
				got.MiddleName != "" || got.LastName != tt.want.LastName || got.Gender != tt.want.Gender ||
				got.Nationality != tt.want.Nationality || got.BirthDate != tt.want.BirthDate ||
				got.ExpireDate != tt.want.ExpireDate || got.IdentityNumber != tt.want.IdentityNumber ||
				got.Number != tt.want.Number || got.FullMRZ != tt.want.FullMRZ || strings.Join(got.MRZLines, "|") != strings.Join(tt.lines, "|") {
				t.Errorf("Summary:\n got %+v\nwant %+v", got, tt.want)
			}
			if out.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", out.Kind, tt.kind)
			}
			if out.Rotate != 90 {
				t.Errorf("Rotate = %d, want 90 from the reading", out.Rotate)
			}
			if out.Review {
				t.Errorf("a valid specimen read with p=0.99 asks for review: %q", out.Reasons)
			}
			for _, k := range append(tt.keys, KeyNumber, KeySurname, KeyMRZ) {
				f, ok := out.Raw[k]
				if !ok {
					t.Errorf("raw %s missing; have %v", k, sortedKeys(out.Raw))
					continue
				}
				if f.Score != 99 {
					t.Errorf("raw %s score = %d, want 99", k, f.Score)
				}
				if f.Quad == nil || f.ImageQuad == nil {
					t.Errorf("raw %s has no coordinates", k)
				}
			}
			for _, k := range tt.none {
				if f, ok := out.Raw[k]; ok {
					t.Errorf("raw %s = %+v, want absent", k, f)
				}
			}
			for _, k := range []string{KeyNumber, KeyBirthDate, KeyMRZ} {
				if f, ok := out.Raw[k]; ok && (f.Accepted == nil || !*f.Accepted) {
					t.Errorf("raw %s accepted = %v, want true", k, f.Accepted)
				}
			}
		})
	}
}

func TestFromMRZCoordinates(t *testing.T) {
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	out := FromMRZ(parse(t, lines...), gridReading(lines, 0.99))
	up := geometry.Translate(10, 20).Mul(geometry.Scale(2, 2))
	tests := []struct {
		key  string
		want geometry.Quad
	}{
		{KeyNumber, cellsQuad(1, 0, 8)},
		{KeySurname, cellsQuad(0, 5, 12)},
		{KeyGivenNames, cellsQuad(0, 15, 24)},     // "ANNA<MARIA", not the filler after it
		{KeyPersonalNumber, cellsQuad(1, 28, 36)}, // "ZE184226B"
		{KeyBirthDate, cellsQuad(1, 13, 18)},
		{KeyMRZ, geometry.Quad{cellsQuad(0, 0, 43)[0], cellsQuad(0, 0, 43)[1], cellsQuad(1, 0, 43)[2], cellsQuad(1, 0, 43)[3]}},
	}
	for _, tt := range tests {
		f := out.Raw[tt.key]
		if f.Quad == nil || *f.Quad != tt.want {
			t.Errorf("%s Quad = %v, want %v", tt.key, f.Quad, tt.want)
		}
		if want := up.ApplyQuad(tt.want); f.ImageQuad == nil || *f.ImageQuad != want {
			t.Errorf("%s ImageQuad = %v, want %v", tt.key, f.ImageQuad, want)
		}
	}
	if v := out.Raw[KeyBirthDate].Value; v != "1974-08-12" {
		t.Errorf("birth_date value = %q", v)
	}
	if v := out.Raw[KeyMRZ].Value; v != strings.Join(lines, "\n") {
		t.Errorf("mrz value = %q", v)
	}
}

func TestFromMRZReview(t *testing.T) {
	good := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}

	t.Run("failed check digit", func(t *testing.T) {
		bad := []string{good[0], "L898902C37UTO7408122F1204159ZE184226B<<<<<10"} // number CD 6 → 7
		out := FromMRZ(parse(t, bad...), gridReading(bad, 0.99))
		if f := out.Raw[KeyNumber]; f.Accepted == nil || *f.Accepted {
			t.Errorf("number accepted = %v, want false", f.Accepted)
		}
		if f := out.Raw[KeyMRZ]; f.Accepted == nil || *f.Accepted {
			t.Errorf("mrz accepted = %v, want false", f.Accepted)
		}
		if !out.Review || !strings.Contains(strings.Join(out.Reasons, ";"), "documentNumber") {
			t.Errorf("Review = %v, reasons %q; want a documentNumber reason", out.Review, out.Reasons)
		}
	})
	t.Run("low character probability", func(t *testing.T) {
		r := gridReading(good, 0.99)
		r.CharProb[0][7] = 0.4 // the second R of ERIKSSON
		out := FromMRZ(parse(t, good...), r)
		if s := out.Raw[KeySurname].Score; s != 40 {
			t.Errorf("surname score = %d, want 40 (100 × the lowest character probability)", s)
		}
		if s := out.Raw[KeyNumber].Score; s != 99 {
			t.Errorf("number score = %d, want 99", s)
		}
		if !out.Review || !strings.Contains(strings.Join(out.Reasons, ";"), "surname scores 40") {
			t.Errorf("Review = %v, reasons %q; want a surname score reason", out.Review, out.Reasons)
		}
	})
	t.Run("ambiguous", func(t *testing.T) {
		r := gridReading(good, 0.99)
		r.Ambiguous = true
		if out := FromMRZ(parse(t, good...), r); !out.Review {
			t.Error("an ambiguous reading does not ask for review")
		}
	})
	t.Run("ambiguous weak letter", func(t *testing.T) {
		r := gridReading(good, 0.99)
		r.Ambiguous, r.Score = true, 50
		r.CharProb[0][7] = 0.81 // the second R of ERIKSSON, doubted by the reader
		out := FromMRZ(parse(t, good...), r)
		for _, k := range []string{KeySurname, KeyMRZLine + "1", KeyMRZ} {
			if s := out.Raw[k].Score; s != 50 {
				t.Errorf("%s score = %d, want 50 (the ambiguous reading's score)", k, s)
			}
		}
		// Fields of sure characters keep their own score.
		for _, k := range []string{KeyNumber, KeyGivenNames, KeyMRZLine + "2"} {
			if s := out.Raw[k].Score; s != 99 {
				t.Errorf("%s score = %d, want 99", k, s)
			}
		}
	})
	t.Run("ambiguous check digit", func(t *testing.T) {
		accepted := func(out Output, k string) bool {
			a := out.Raw[k].Accepted
			return a != nil && *a
		}
		r := gridReading(good, 0.99)
		r.Ambiguous, r.Score = true, 0
		r.CharProb[1][3] = 0.6 // a digit of the number, chosen by its check digit
		out := FromMRZ(parse(t, good...), r)
		for _, k := range []string{KeyNumber, KeyMRZ} {
			if accepted(out, k) {
				t.Errorf("%s accepted on a doubted digit of an ambiguous reading", k)
			}
		}
		for _, k := range []string{KeyBirthDate, KeyExpiryDate, KeyPersonalNumber} {
			if !accepted(out, k) {
				t.Errorf("%s not accepted: its characters are sure", k)
			}
		}
		// A doubted name letter leaves the check digits' validation alone.
		r = gridReading(good, 0.99)
		r.Ambiguous, r.Score = true, 50
		r.CharProb[0][7] = 0.81
		out = FromMRZ(parse(t, good...), r)
		for _, k := range []string{KeyNumber, KeyBirthDate, KeyMRZ} {
			if !accepted(out, k) {
				t.Errorf("%s not accepted over a doubted name letter", k)
			}
		}
		// The same weak digit in a reading that is not ambiguous: the
		// check digit singled the value out.
		r = gridReading(good, 0.99)
		r.CharProb[1][3] = 0.6
		if out := FromMRZ(parse(t, good...), r); !accepted(out, KeyNumber) {
			t.Error("number not accepted in an unambiguous reading")
		}
	})
	t.Run("small photo", func(t *testing.T) {
		r := gridReading(good, 0.99)
		r.DocToImage = geometry.Scale(0.25, 0.25) // 40 px cells become 10 px
		out := FromMRZ(parse(t, good...), r)
		if !out.Review || !strings.Contains(strings.Join(out.Reasons, ";"), "10 px tall") {
			t.Errorf("Review = %v, reasons %q; want the small-photo reason", out.Review, out.Reasons)
		}
		r.DocToImage = geometry.Scale(0.4, 0.4) // 16 px: enough
		if out := FromMRZ(parse(t, good...), r); out.Review {
			t.Errorf("16 px characters ask for review: %q", out.Reasons)
		}
	})
	t.Run("text only", func(t *testing.T) {
		out := FromMRZ(parse(t, good...), nil)
		if out.Review {
			t.Errorf("valid text without a reading asks for review: %q", out.Reasons)
		}
		if f := out.Raw[KeyNumber]; f.Score != 0 || f.Quad != nil || f.ImageQuad != nil || f.Value != "L898902C3" {
			t.Errorf("number without a reading = %+v, want value only", f)
		}
	})
	t.Run("geometry does not match the lines", func(t *testing.T) {
		r := gridReading(good, 0.99)
		r.CharQuads = r.CharQuads[:1]
		r.CharProb = nil
		out := FromMRZ(parse(t, good...), r)
		if f := out.Raw[KeyNumber]; f.Quad != nil || f.Score != 90 {
			t.Errorf("number = %+v, want no quad and the reading's score 90", f)
		}
		if f := out.Raw[KeySurname]; f.Quad == nil {
			t.Error("surname on line 1, which has geometry, lost its quad")
		}
	})
	t.Run("nil result", func(t *testing.T) {
		if out := FromMRZ(nil, nil); out.Raw != nil || out.Kind != "" {
			t.Errorf("FromMRZ(nil, nil) = %+v", out)
		}
	})
}

func TestSameIssuer(t *testing.T) {
	tests := []struct {
		mrz, req string
		want     bool
	}{
		{"UTO", "UTO", true},
		{"D<<", "DEU", true},
		{"D", "DEU", true},
		{"D", "deu", true},
		{"UTO", "USA", false},
		{"DEU", "D", false},
	}
	for _, tt := range tests {
		if got := SameIssuer(tt.mrz, tt.req); got != tt.want {
			t.Errorf("SameIssuer(%q, %q) = %v, want %v", tt.mrz, tt.req, got, tt.want)
		}
	}
}

func TestFromMRZSwissLicence(t *testing.T) {
	lines, err := mrz.Build(mrz.SwissDL, mrz.Identity{DocumentNumber: "AAA001D", DocumentCode: "FA", IssuingState: "CHE",
		OptionalData1: "305142128", OptionalData2: "097", BirthDate: "800126", Surname: "MUSTER", GivenNames: "HANS"})
	if err != nil {
		t.Fatal(err)
	}
	out := FromMRZ(parse(t, lines...), gridReading(lines, 0.95))
	if out.Kind != "drivers_license" || out.Summary.FullName != "HANS MUSTER" || out.Summary.BirthDate != "1980-01-26" {
		t.Errorf("Kind %q, Summary %+v", out.Kind, out.Summary)
	}
	// No check digits on this licence: the number cannot be validated, the
	// birth date only as a calendar date.
	if f := out.Raw[KeyNumber]; f.Accepted != nil {
		t.Errorf("number accepted = %v, want nil (nothing to validate)", *f.Accepted)
	}
	if f := out.Raw[KeyBirthDate]; f.Accepted == nil || !*f.Accepted {
		t.Errorf("birth_date accepted = %v, want true", f.Accepted)
	}
	// Line 1 has 9 characters, lines 2 and 3 have 30: the zone's outline
	// still spans the full width.
	if q := out.Raw[KeyMRZ].Quad; q == nil || *q != (geometry.Quad{cellsQuad(0, 0, 0)[0], {X: 850, Y: 800}, cellsQuad(2, 29, 29)[2], cellsQuad(2, 0, 0)[3]}) {
		t.Errorf("mrz outline = %v", q)
	}
}

func TestFromMRZTruncatedNameScore(t *testing.T) {
	lines, err := mrz.Build(mrz.TD3, mrz.Identity{
		DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3", Nationality: "UTO",
		BirthDate: "740812", ExpiryDate: "120415", Sex: "F",
		Surname: "BENNELONG WOOLOOMOOLOO WARRANDYTE WARNAMBOOL", GivenNames: "DINGO",
	})
	if err != nil {
		t.Fatal(err)
	}
	r := parse(t, lines...)
	if !r.NameTruncated {
		t.Fatalf("%q: not flagged as truncated", lines[0])
	}
	out := FromMRZ(r, gridReading(lines, 1))
	for _, k := range []string{KeySurname, KeyGivenNames} {
		if s := out.Raw[k].Score; s != TruncatedNameScore {
			t.Errorf("%s score %d, want %d", k, s, TruncatedNameScore)
		}
	}
	if s := out.Raw[KeyNumber].Score; s != 100 {
		t.Errorf("number score %d, want 100", s)
	}
}
