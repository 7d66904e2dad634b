package fields

import (
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

// FuzzFromMRZ maps whatever mrz.Parse accepts, with a reading whose
// geometry and probabilities may not match the parsed lines: no panic,
// scores within 0-100, every summary line an MRZ line.
func FuzzFromMRZ(f *testing.F) {
	f.Add("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", 0.9, 2)
	f.Add("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<", 0.3, 3)
	f.Add("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<\n9409923102854CORINNE<<<<<<<6512068F4", 1.5, 1)
	f.Add("D1FRA13AA000026181231MARTIN<<9", -1.0, 0)
	f.Fuzz(func(t *testing.T, text string, p float64, geomLines int) {
		parsed, err := mrz.Parse(strings.Split(text, "\n"), nil)
		if err != nil {
			return
		}
		lines := parsed.Lines
		if geomLines >= 0 && geomLines < len(lines) {
			lines = lines[:geomLines]
		}
		out := FromMRZ(parsed, gridReading(lines, p))
		for k, v := range out.Raw {
			if v.Score < 0 || v.Score > 100 {
				t.Errorf("%s score %d", k, v.Score)
			}
		}
		if out.Summary.FullMRZ != strings.Join(parsed.Lines, "\n") {
			t.Errorf("full_mrz %q", out.Summary.FullMRZ)
		}
	})
}
