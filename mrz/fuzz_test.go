package mrz

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that a result's lines parse
// again to the same result (parse → lines → parse is stable), and that a
// valid result survives Build → Parse with the same fields.
func FuzzParse(f *testing.F) {
	for _, s := range specimens {
		f.Add(strings.Join(s.lines, "|"))
	}
	f.Add("P<UTOERIKSSON<<ANNA<MARIA<<<<K<<<<<<<<<<<<<<|L8989O2C36UTO74O8122F1204159ZE184226B<<<<<10")
	f.Add("IDD<<T220001293<<<<<<<<<<<<<<<|6408125<2010315D<<<<<<<<<<<<<4|MUSTERMANN<<ERIKA<<<<<<<<<<<<<")
	f.Add("hello|world")
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Split(in, "|")
		r, err := Parse(lines, refNow)
		if err != nil {
			if r != nil {
				t.Fatal("result alongside an error")
			}
			return
		}
		r2, err := Parse(r.Lines, refNow)
		if err != nil {
			t.Fatalf("lines %q of a parsed MRZ do not parse: %v", r.Lines, err)
		}
		// Input-level problems (wrong length, foreign characters) are fixed
		// in r.Lines, so only they may turn an invalid parse valid.
		inputErr := false
		for _, e := range r.Errors {
			var fe *FieldError
			if errors.As(e, &fe) && fe.Field == "line" {
				inputErr = true
			}
		}
		if r2.Format != r.Format || strings.Join(r2.Lines, "|") != strings.Join(r.Lines, "|") || (r2.Valid != r.Valid && !inputErr) {
			t.Fatalf("unstable: %v %q valid=%v → %v %q valid=%v", r.Format, r.Lines, r.Valid, r2.Format, r2.Lines, r2.Valid)
		}
		for i := range r.Fields {
			if r.Fields[i] != r2.Fields[i] {
				t.Fatalf("field %+v → %+v", r.Fields[i], r2.Fields[i])
			}
		}
		if !r.Valid {
			return
		}
		built, err := Build(r.Format, r.Identity())
		if err != nil {
			t.Fatalf("Build of valid %q: %v", r.Lines, err)
		}
		r3, err := Parse(built, refNow)
		if err != nil || !r3.Valid {
			t.Fatalf("rebuilt %q from %q does not parse as valid: %v", built, r.Lines, err)
		}
		if r3.Identity() != r.Identity() && !r.NameTruncated {
			t.Fatalf("rebuilt %q from %q:\n%+v\n%+v", built, r.Lines, r3.Identity(), r.Identity())
		}
	})
}

// FuzzDecode checks that Decode never panics on arbitrary candidates.
func FuzzDecode(f *testing.F) {
	f.Add(uint8(TD3), []byte("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"), []byte{200})
	f.Add(uint8(FrenchID-1), []byte("IDFRADUPONT<<<KA<<<<<<<<<K<K<<<04<7419409923102854CORINNE<<<<<<<6512068F4"), []byte{200, 90, 30})
	f.Fuzz(func(t *testing.T, fm uint8, chars, probs []byte) {
		fo := Format(fm%8 + 1)
		l := layouts[fo]
		c := make([][][]Candidate, len(l.lens))
		k := 0
		for i, n := range l.lens {
			c[i] = make([][]Candidate, n)
			for j := 0; j < n; j++ {
				for m := 0; m < 2 && len(chars) > 0; m++ {
					p := 0.5
					if len(probs) > 0 {
						p = float64(probs[k%len(probs)]) / 255
					}
					c[i][j] = append(c[i][j], Candidate{chars[k%len(chars)], p})
					k++
				}
			}
		}
		d, err := Decode(fo, c)
		if err != nil {
			t.Fatal(err)
		}
		if d.Prob < 0 || d.Prob > 1.000001 {
			t.Fatalf("Prob %v", d.Prob)
		}
		if len(d.Lines) != len(l.lens) || len(d.CharProb) != len(l.lens) {
			t.Fatalf("%d lines, %d CharProb rows for %v", len(d.Lines), len(d.CharProb), fo)
		}
		for i, n := range l.lens {
			if len(d.Lines[i]) != n || len(d.CharProb[i]) != n {
				t.Fatalf("line %d: %q (%d probabilities), want %d characters", i, d.Lines[i], len(d.CharProb[i]), n)
			}
			for j, p := range d.CharProb[i] {
				if !(p >= 0 && p <= 1.000001) {
					t.Fatalf("CharProb[%d][%d] = %v", i, j, p)
				}
			}
		}
	})
}
