package idrecog

import (
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/viz"
)

func TestPlacePrinted(t *testing.T) {
	p, err := mrz.Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	box := func(x float64) geometry.Quad {
		return geometry.Quad{{X: x, Y: 0}, {X: x + 10, Y: 0}, {X: x + 10, Y: 5}, {X: x, Y: 5}}
	}
	mrzBox, printed := box(0), box(100)
	for _, c := range []struct {
		name      string
		key, val  string
		trusted   bool
		fromMRZ   bool
		wantMoved bool
	}{
		{"surname agrees", "surname", "ERIKSSON", true, true, true},
		{"given names agree", "given_names", "ANNA MARIA", false, true, true},
		{"surname differs", "surname", "ERIKSON", true, true, false},
		{"date agrees", "birth_date", "1974-08-12", true, true, true},
		{"date differs", "expiry_date", "2012-04-16", true, true, false},
		{"number agrees", "number", "L898902C3", true, true, true},
		{"nationality in words, trusted", "nationality", "UTOPIAN", true, true, true},
		{"nationality in words, untrusted", "nationality", "UT0PIAN", false, true, false},
		{"nationality code differs", "nationality", "UTA", true, true, false},
		{"not from the MRZ", "issue_date", "2007-04-16", true, false, false},
		{"personal number agrees", "personal_number", "Z E 184226 B", true, true, true},
		{"personal number differs", "personal_number", "ZE184228B", true, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, oq := mrzBox, mrzBox
			mrzValue := map[string]string{"personal_number": "ZE184226B"}[c.key]
			out := &fields.Output{Raw: map[string]fields.Field{c.key: {Value: mrzValue, Quad: &q, ImageQuad: &oq}}}
			fs := []viz.Field{{Key: c.key, Value: c.val, Trusted: c.trusted, Quad: printed, OriginalQuad: printed}}
			placePrinted(out, fs, p, map[string]bool{c.key: c.fromMRZ})
			got := out.Raw[c.key]
			if got.Value != mrzValue {
				t.Errorf("value %q changed", got.Value)
			}
			moved := *got.Quad == printed && *got.ImageQuad == printed
			if moved != c.wantMoved {
				t.Errorf("moved to the printed box: %v, want %v", moved, c.wantMoved)
			}
		})
	}
}

func TestPlausible(t *testing.T) {
	for _, c := range []struct {
		kind    doctype.Kind
		pattern string
		v       string
		want    bool
	}{
		{doctype.KindName, "", "Q", false},
		{doctype.KindName, "", "ERIKSSON", true},
		{doctype.KindName, "", "O'NEIL", true},
		{doctype.KindName, "", "1-", false},
		{doctype.KindText, "", "X", false},
		{doctype.KindText, "", "ZENITH", true},
		{doctype.KindDate, "", "1974-08-12", true},
		{doctype.KindDate, "", "1974-13-12", false},
		{doctype.KindDate, "", "8 05 2028", false},
		{doctype.KindNumber, "", "7", false},
		{doctype.KindNumber, "", "L898902C3", true},
		{doctype.KindNumber, `^[A-Z][0-9]{7}$`, "L8989021", true},
		{doctype.KindNumber, `^[A-Z][0-9]{7}$`, "L89", false},
		{doctype.KindCode, "", "F", true},
		{doctype.KindCode, "", "", false},
	} {
		f := doctype.Field{Key: "k", Kind: c.kind, Pattern: c.pattern}
		if got := plausible(f, c.v); got != c.want {
			t.Errorf("plausible(%s %q, %q) = %v, want %v", c.kind, c.pattern, c.v, got, c.want)
		}
	}
}

// TestFrontScore: a one-letter junk name read trusted from an upside-down
// card does not outscore the upright reading, whose values agree with the
// MRZ even when they read below trust.
func TestFrontScore(t *testing.T) {
	p, err := mrz.Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &doctype.Template{Fields: []doctype.Field{
		{Key: "surname", Kind: doctype.KindName, Required: true},
		{Key: "birth_date", Kind: doctype.KindDate, Required: true},
		{Key: "number", Kind: doctype.KindNumber, Required: true},
	}}
	out := &fields.Output{Raw: map[string]fields.Field{
		"surname": {Value: "ERIKSSON"}, "birth_date": {Value: "1974-08-12"}, "number": {Value: "L898902C3"},
	}}
	fromMRZ := map[string]bool{"surname": true, "birth_date": true, "number": true}
	junk := []viz.Field{{Key: "surname", Value: "Q", Score: 75, Trusted: true}}
	upright := []viz.Field{{Key: "surname", Value: "ERIKSSON", Score: 60}, {Key: "birth_date", Value: "1982", Score: 40}}
	if j, u := frontScore(tmpl, junk, out, p, fromMRZ), frontScore(tmpl, upright, out, p, fromMRZ); j >= u {
		t.Errorf("junk reading scores %d, upright %d", j, u)
	}
	if got := frontScore(tmpl, junk, out, p, fromMRZ); got != 0 {
		t.Errorf("junk reading scores %d, want 0", got)
	}
	good := []viz.Field{
		{Key: "surname", Value: "ERIKSSON", Trusted: true},
		{Key: "birth_date", Value: "1974-08-12", Trusted: true},
		{Key: "number", Value: "L898902C3", Trusted: true},
	}
	if got := frontScore(tmpl, good, out, p, fromMRZ); got != 9 {
		t.Errorf("a fully read front scores %d, want 9", got)
	}
}
