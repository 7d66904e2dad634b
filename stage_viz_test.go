package idrecog

import (
	"testing"

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
