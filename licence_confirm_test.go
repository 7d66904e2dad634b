package idrecog

import (
	"slices"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// licenceReading is a reading of lines whose characters are all sure
// (0.99) but for the cells weak, read with probability 0.4; the reader
// reports it ambiguous when ambiguous is set.
func licenceReading(lines []string, weak [][2]int, ambiguous bool) *fields.MRZReading {
	rd := &fields.MRZReading{Lines: lines, Score: 40, Ambiguous: ambiguous}
	for _, l := range lines {
		p := make([]float64, len(l))
		for i := range p {
			p[i] = 0.99
		}
		rd.CharProb = append(rd.CharProb, p)
	}
	for _, c := range weak {
		rd.CharProb[c[0]][c[1]] = 0.4
	}
	return rd
}

func hasReason(rs []string, sub string) bool {
	return slices.ContainsFunc(rs, func(r string) bool { return strings.Contains(r, sub) })
}

// TestLicenceConfirm: an MRZ field the front reads the same is raised and
// its reasons dropped; a disagreement or an unread front changes nothing;
// the Swiss reading stays ambiguous while a doubtful character lies outside
// the fields confirmed.
func TestLicenceConfirm(t *testing.T) {
	ch, _ := mrz.Parse(swissDL, nil)
	mueller := []string{swissDL[0], swissDL[1], "MUELLER<<HANS<PETER<<<<<<<<<<<"}
	chU, _ := mrz.Parse(mueller, nil)
	fr, _ := mrz.Parse(frenchDL, nil)
	surnameCell := [2]int{2, 2}  // MUSTER's S
	birthCell := [2]int{1, 19}   // 800126's 0
	pinCell := [2]int{1, 7}      // the PIN, which the front does not print as such
	frNumberCell := [2]int{0, 8} // 13AA00002's 0
	for _, c := range []struct {
		name      string
		p         *mrz.Result
		weak      [][2]int
		ambiguous bool
		front     map[string]fields.Field
		raised    string // raw key raised above 40, "" for none
		ambiguity bool   // the ambiguity reason remains
	}{
		{"CH surname agrees", ch, [][2]int{surnameCell}, true, map[string]fields.Field{"surname": {Value: "MUSTER", Score: 85}}, "surname", false},
		{"CH surname disagrees", ch, [][2]int{surnameCell}, true, map[string]fields.Field{"surname": {Value: "MUSTAR", Score: 85}}, "", true},
		{"CH front unread", ch, [][2]int{surnameCell}, true, nil, "", true},
		{"CH doubt outside the confirmed fields", ch, [][2]int{surnameCell, pinCell}, true, map[string]fields.Field{"surname": {Value: "MUSTER", Score: 85}}, "surname", true},
		{"CH birth date agrees", ch, [][2]int{birthCell}, true, map[string]fields.Field{"birth_date": {Value: "1980-01-26", Score: 90}}, "birth_date", false},
		{"CH birth date disagrees", ch, [][2]int{birthCell}, true, map[string]fields.Field{"birth_date": {Value: "1980-01-28", Score: 90}}, "", true},
		{"CH given names agree", ch, [][2]int{{2, 10}}, true, map[string]fields.Field{"given_names": {Value: "HANS PETER", Score: 80}}, "given_names", false},
		{"CH dropped umlaut leaves its E unconfirmed", chU, [][2]int{{2, 2}}, true, map[string]fields.Field{"surname": {Value: "MULLER", Score: 90}}, "", true},
		{"CH dropped umlaut confirms the other letters", chU, [][2]int{{2, 0}}, true, map[string]fields.Field{"surname": {Value: "MULLER", Score: 90}}, "surname", false},
		{"CH umlaut read", chU, [][2]int{{2, 2}}, true, map[string]fields.Field{"surname": {Value: "MÜLLER", Score: 90}}, "surname", false},
		{"CH longer front name, MRZ not cut", ch, [][2]int{surnameCell}, true, map[string]fields.Field{"surname": {Value: "MUSTERMANN", Score: 90}}, "", true},
		{"FR licence number agrees", fr, [][2]int{frNumberCell}, false, map[string]fields.Field{"license_number": {Value: "13AA00002", Score: 90}}, "number", false},
		{"FR licence number disagrees", fr, [][2]int{frNumberCell}, false, map[string]fields.Field{"license_number": {Value: "13AA00003", Score: 90}}, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rd := licenceReading(c.p.Lines, c.weak, c.ambiguous)
			out := fields.FromMRZ(c.p, rd)
			before := map[string]int{}
			for k, f := range out.Raw {
				before[k] = f.Score
			}
			out.Front = c.front
			out.Reasons = append(out.Reasons, "visual zone: a front reason")
			n := len(out.Reasons) - 1
			n = licenceConfirm(&out, c.p, rd, n)
			if n > len(out.Reasons)-1 || out.Reasons[len(out.Reasons)-1] != "visual zone: a front reason" {
				t.Fatalf("front reason lost or MRZ count %d wrong: %q", n, out.Reasons)
			}
			for k, f := range out.Raw {
				switch {
				case f.Score < before[k]:
					t.Errorf("%s lowered %d → %d", k, before[k], f.Score)
				case k == c.raised && f.Score <= fields.ReviewScore:
					t.Errorf("%s scores %d, not raised", k, f.Score)
				case c.raised == "" && f.Score != before[k]:
					t.Errorf("%s raised %d → %d without a confirmation", k, before[k], f.Score)
				}
			}
			mrzReasons := out.Reasons[:n]
			if got := hasReason(mrzReasons, "ambiguous"); got != c.ambiguity && c.ambiguous {
				t.Errorf("ambiguity reason %v, want %v: %q", got, c.ambiguity, mrzReasons)
			}
			if c.raised != "" && hasReason(mrzReasons, c.raised+" scores") {
				t.Errorf("%s still below the review score: %q", c.raised, mrzReasons)
			}
			if c.raised == "" && c.front["surname"].Value != "MULLER" && len(out.Notes) != len(fields.FromMRZ(c.p, rd).Notes) {
				t.Errorf("notes %q without a confirmation", out.Notes)
			}
		})
	}
}

// TestLicenceConfirmRunnerUp: a French reading ambiguous between two
// licence numbers is no longer ambiguous when the front reads this one, and
// stays so when the front reads the rival's or nothing.
func TestLicenceConfirmRunnerUp(t *testing.T) {
	fr, _ := mrz.Parse(frenchDL, nil)
	rival := []string{strings.Replace(frenchDL[0], "13AA", "13AB", 1)}
	for _, c := range []struct {
		name, front string
		ambiguous   bool
	}{
		{"front reads this reading", "13AA00002", false},
		{"front reads the rival", "13AB00002", true},
		{"front unread", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			rd := licenceReading(fr.Lines, [][2]int{{0, 8}}, true)
			rd.Diagnostics = map[string]any{"mrz_runner_up": rival}
			out := fields.FromMRZ(fr, rd)
			if c.front != "" {
				out.Front = map[string]fields.Field{"license_number": {Value: c.front, Score: 70}}
			}
			n := licenceConfirm(&out, fr, rd, len(out.Reasons))
			if got := hasReason(out.Reasons[:n], "ambiguous"); got != c.ambiguous {
				t.Errorf("ambiguous %v, want %v: %q", got, c.ambiguous, out.Reasons)
			}
		})
	}
}

func TestAlignName(t *testing.T) {
	for _, c := range []struct {
		m, t      string
		truncated bool
		want      []int // nil: no match
	}{
		{"ROSSI<<<", "ROSSI", false, []int{0, 1, 2, 3, 4, 5, 6, 7}},
		{"MUELLER", "MULLER", false, []int{0, 1, 3, 4, 5, 6}},
		{"MUELLER", "MUELLER", false, []int{0, 1, 2, 3, 4, 5, 6}},
		{"MUELLER", "MILLER", false, nil},
		{"SAINT<EX", "SAINT<EXUPERY", true, []int{0, 1, 2, 3, 4, 5, 6, 7}},
		{"SAINT<EX", "SAINT<EXUPERY", false, nil},
		{"MARTIN<<", "MARTINEZ", true, nil}, // ends with filler: not cut
		{"ROSSI", "", false, nil},
		{"<<<", "A", false, nil},
		{"EBERT", "BERT", false, nil},
	} {
		got, ok := alignName(c.m, c.t, c.truncated)
		if ok != (c.want != nil) || !slices.Equal(got, c.want) {
			t.Errorf("alignName(%q, %q, %v) = %v, %v; want %v", c.m, c.t, c.truncated, got, ok, c.want)
		}
	}
}

func TestConfirmedProb(t *testing.T) {
	for _, c := range []struct {
		p     float64
		score int
		want  float64
	}{
		{0.4, 85, 0.91}, {0.4, 0, 0.4}, {0.99, 50, 0.995}, {0, 60, 0.6}, {0.9, 100, 1},
	} {
		if got := confirmedProb(c.p, c.score); got < c.want-1e-9 || got > c.want+1e-9 || got < c.p {
			t.Errorf("confirmedProb(%v, %d) = %v, want %v", c.p, c.score, got, c.want)
		}
	}
}

// TestLicenceFullSurname: the French MRZ's 8 letters beginning the front's
// surname give the front's whole surname; a front that reads another name,
// or none, leaves the MRZ's 8 letters scored as truncated.
func TestLicenceFullSurname(t *testing.T) {
	lines, err := mrz.Build(mrz.FrenchDL, mrz.Identity{DocumentCode: "D1", IssuingState: "FRA", DocumentNumber: "13AA00002", ExpiryDate: "281231", Surname: "SAINT-EXUPÉRY"})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := mrz.Parse(lines, nil)
	if !p.NameTruncated || p.Surname != "SAINT EX" {
		t.Fatalf("MRZ %q: surname %q truncated %v", lines, p.Surname, p.NameTruncated)
	}
	full, _ := mrz.Parse(frenchDL, nil) // MARTIN<<: not cut
	box := geometry.Quad{{X: 1, Y: 2}, {X: 30, Y: 2}, {X: 30, Y: 8}, {X: 1, Y: 8}}
	for _, c := range []struct {
		name      string
		p         *mrz.Result
		front     string
		last      string
		score     int // the raw surname's score; 0: at most TruncatedNameScore
		frontsBox bool
	}{
		{"front reads it whole", p, "SAINT-EXUPÉRY", "SAINT EXUPERY", 82, true},
		{"front without the accent", p, "SAINT-EXUPERY", "SAINT EXUPERY", 82, true},
		{"front reads another name", p, "SAINTE-MARIE", "SAINT EX", 0, false},
		{"front unread", p, "", "SAINT EX", 0, false},
		{"MRZ name not cut", full, "MARTINEZ", "MARTIN", -1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := fields.FromMRZ(c.p, licenceReading(c.p.Lines, nil, false))
			if c.front != "" {
				q := box
				out.Front = map[string]fields.Field{"surname": {Value: c.front, Score: 82, Quad: &q}}
			}
			licenceConfirm(&out, c.p, licenceReading(c.p.Lines, nil, false), len(out.Reasons))
			s, raw := out.Summary, out.Raw["surname"]
			if s.LastName != c.last || s.FullName != c.last || raw.Value != c.last {
				t.Errorf("ocr_lastName %q ocr_fullName %q raw %q, want %q", s.LastName, s.FullName, raw.Value, c.last)
			}
			switch {
			case c.score > 0 && raw.Score != c.score:
				t.Errorf("surname scores %d, want the front's %d", raw.Score, c.score)
			case c.score == 0 && raw.Score > fields.TruncatedNameScore:
				t.Errorf("unconfirmed 8 letters score %d", raw.Score)
			}
			if got := raw.Quad != nil && *raw.Quad == box; got != c.frontsBox {
				t.Errorf("surname box %v, front's %v", raw.Quad, c.frontsBox)
			}
			truncNote := hasReason(out.Notes, "may be truncated")
			if c.p.NameTruncated && truncNote == c.frontsBox {
				t.Errorf("notes %q", out.Notes)
			}
		})
	}
}

// FuzzAlignName: any pair of names aligns without panicking, and the
// offsets confirmed are increasing columns of the MRZ name.
func FuzzAlignName(f *testing.F) {
	f.Add("MUELLER<<", "MULLER", false)
	f.Add("SAINT<EX", "SAINT<EXUPERY", true)
	f.Add("", "", true)
	f.Fuzz(func(t *testing.T, m, v string, truncated bool) {
		cols, ok := alignName(m, mrz.Transliterate(v), truncated)
		if !ok && cols != nil {
			t.Fatalf("no match but offsets %v", cols)
		}
		for i, c := range cols {
			if c < 0 || c >= len(m) || (i > 0 && c <= cols[i-1]) {
				t.Fatalf("offsets %v for %q", cols, m)
			}
		}
	})
}
