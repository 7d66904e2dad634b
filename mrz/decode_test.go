package mrz

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// certain turns MRZ lines into candidates with one sure character each.
func certain(lines []string) [][][]Candidate {
	out := make([][][]Candidate, len(lines))
	for i, s := range lines {
		out[i] = make([][]Candidate, len(s))
		for j := 0; j < len(s); j++ {
			out[i][j] = []Candidate{{s[j], 0.98}, {'#', 0.02}}
		}
	}
	return out
}

var confusion = map[byte]byte{'0': 'O', 'O': '0', '1': 'I', 'I': '1', '2': 'Z', 'Z': '2', '5': 'S', 'S': '5',
	'6': 'G', 'G': '6', '8': 'B', 'B': '8', '<': 'K', 'D': '0', 'C': 'G', '3': '8', '4': 'A', '7': '1', '9': '8', 'A': '4'}

func TestDecodeClean(t *testing.T) {
	for _, tc := range specimens {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Decode(tc.format, certain(tc.lines))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Errorf("decoded %q, want %q", d.Lines, tc.lines)
			}
			if d.Prob < 0.99 {
				t.Errorf("Prob %.3f for an unambiguous read", d.Prob)
			}
			if d.Result == nil || !d.Result.Valid {
				t.Errorf("result not valid")
			}
		})
	}
}

func TestDecodeRecovers(t *testing.T) {
	td3 := specimens[0].lines
	for _, tc := range []struct {
		name    string
		lines   []string
		f       Format
		corrupt []pos // the wrong look-alike gets 0.6, the truth 0.4
	}{
		{"TD3 number O/0 and date", td3, TD3, []pos{{1, 5}, {1, 14}}},
		{"TD3 one per segment", td3, TD3, []pos{{1, 2}, {1, 15}, {1, 23}, {1, 31}}},
		{"TD3 check digit itself", td3, TD3, []pos{{1, 9}, {1, 43}}},
		{"TD3 name 0 for O", td3, TD3, []pos{{0, 12}}},
		{"TD1 number and dates", specimens[1].lines, TD1, []pos{{0, 6}, {1, 2}, {1, 10}}},
		{"TD1 long number", []string{"I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}, TD1, []pos{{0, 16}, {0, 7}}},
		{"French ID", specimens[8].lines, FrenchID, []pos{{1, 2}, {1, 30}}},
		{"MRV-A number and dates", specimens[3].lines, MRVA, []pos{{1, 1}, {1, 15}, {1, 24}}},
		{"German ID D<<", specimens[10].lines, TD1, []pos{{0, 3}, {0, 4}, {0, 6}}},
		{"Portuguese long number", specimens[13].lines, TD1, []pos{{0, 7}, {0, 16}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := certain(tc.lines)
			for _, p := range tc.corrupt {
				truth := tc.lines[p.line][p.col]
				c[p.line][p.col] = []Candidate{{confusion[truth], 0.6}, {truth, 0.4}}
			}
			d, err := Decode(tc.f, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Errorf("decoded %q, want %q", d.Lines, tc.lines)
			}
			if d.Prob < 0.9 {
				t.Errorf("Prob %.3f, want a confident read (runner-up %q %.3f)", d.Prob, d.RunnerUp, d.RunnerUpProb)
			}
		})
	}
}

func TestDecodeNameTail(t *testing.T) {
	lines := specimens[0].lines
	c := certain(lines)
	// Noise in the padding after the given names: a letter is more probable
	// than '<' at two positions, but nothing but filler may follow "<<".
	c[0][30] = []Candidate{{'X', 0.6}, {'<', 0.4}}
	c[0][40] = []Candidate{{'K', 0.7}, {'<', 0.3}}
	// A genuine letter inside the given names stays.
	c[0][21] = []Candidate{{'A', 0.6}, {'<', 0.4}}
	d, err := Decode(TD3, c)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Lines, lines) {
		t.Errorf("decoded %q, want %q", d.Lines, lines)
	}
	if d.CharProb[0][30] != 0.4 || d.CharProb[0][21] != 0.6 {
		t.Errorf("CharProb %v %v", d.CharProb[0][30], d.CharProb[0][21])
	}
}

func TestDecodeTD2LongNumber(t *testing.T) {
	lines, err := Build(TD2, Identity{IssuingState: "UTO", Nationality: "UTO", DocumentNumber: "D23145890123",
		BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Surname: "Eriksson", GivenNames: "Anna Maria"})
	if err != nil {
		t.Fatal(err)
	}
	c := certain(lines)
	for _, p := range []pos{{1, 3}, {1, 29}} {
		truth := lines[p.line][p.col]
		c[p.line][p.col] = []Candidate{{confusion[truth], 0.6}, {truth, 0.4}}
	}
	d, err := Decode(TD2, c)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Lines, lines) || d.Result.DocumentNumber != "D23145890123" || d.Prob < 0.9 {
		t.Errorf("decoded %q (%s, %.3f), want %q", d.Lines, d.Result.DocumentNumber, d.Prob, lines)
	}
}

func TestDecodeAmbiguous(t *testing.T) {
	// ZE184226B vs ZE184Z268: both satisfy every check digit.
	lines := specimens[0].lines
	c := certain(lines)
	c[1][33] = []Candidate{{'2', 0.5}, {'Z', 0.5}}
	c[1][36] = []Candidate{{'B', 0.5}, {'8', 0.5}}
	d, err := Decode(TD3, c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Prob > 0.6 || d.RunnerUp == nil || d.RunnerUpProb < 0.4 {
		t.Errorf("ambiguous read reported as Prob %.3f, runner-up %q %.3f", d.Prob, d.RunnerUp, d.RunnerUpProb)
	}
	// A filler-like K in TD1 optional data 2 is invisible to the composite
	// check digit (K = 20 ≡ 0): with even evidence the read is ambiguous.
	td1 := specimens[1].lines
	c = certain(td1)
	c[1][20] = []Candidate{{'<', 0.5}, {'K', 0.5}}
	d, err = Decode(TD1, c)
	if err != nil {
		t.Fatal(err)
	}
	if d.Prob > 0.6 || d.RunnerUp == nil {
		t.Errorf("TD1: Prob %.3f, runner-up %q", d.Prob, d.RunnerUp)
	}
}

// likelihood is the product of the candidates' probabilities of a reading.
func likelihood(c [][][]Candidate, lines []string) float64 {
	p := 1.0
	for i, s := range lines {
		for j := 0; j < len(s); j++ {
			q := 0.0
			for _, x := range c[i][j] {
				if x.Char == s[j] {
					q = x.P
				}
			}
			p *= q
		}
	}
	return p
}

// TestDecodeRandomCorruption corrupts random check-protected positions
// (the wrong look-alike more probable than the truth) and requires that the
// decoder recovers most, and that when it does not, the truth was not the
// more probable valid reading (Decode is a maximum a posteriori decoder) and
// Prob says so.
func TestDecodeRandomCorruption(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	recovered, total, confidentWrong := 0, 0, 0
	for _, tc := range specimens {
		l := layouts[tc.format]
		if l.composite == nil && l.numberCheck == nil {
			continue
		}
		var prot []pos
		for _, ck := range l.checks() {
			for _, r := range ck.ranges {
				for j := r.start; j < r.end; j++ {
					if _, ok := confusion[tc.lines[r.line][j]]; ok && tc.lines[r.line][j] != '<' {
						prot = append(prot, pos{r.line, j})
					}
				}
			}
		}
		for trial := 0; trial < 30; trial++ {
			c := certain(tc.lines)
			for k := 0; k < 1+rng.IntN(3); k++ {
				p := prot[rng.IntN(len(prot))]
				truth := tc.lines[p.line][p.col]
				c[p.line][p.col] = []Candidate{{confusion[truth], 0.55 + 0.2*rng.Float64()}, {truth, 0.25}}
			}
			d, err := Decode(tc.format, c)
			if err != nil {
				t.Fatal(err)
			}
			total++
			if slices.Equal(d.Lines, tc.lines) {
				recovered++
			} else {
				if likelihood(c, tc.lines) > likelihood(c, d.Lines)*1.0001 {
					t.Errorf("%s: chose %q over the more probable truth", tc.name, d.Lines)
				}
				if d.Prob > 0.9 {
					confidentWrong++
				}
			}
		}
	}
	t.Logf("recovered %d/%d; wrong with Prob > 0.9 (the misleading evidence outweighing the truth): %d", recovered, total, confidentWrong)
	if recovered*10 < total*8 {
		t.Errorf("recovered only %d/%d", recovered, total)
	}
}

func TestDecodeNoCheckDigits(t *testing.T) {
	lines := specimens[15].lines // Swiss DL
	c := certain(lines)
	d, err := Decode(SwissDL, c)
	if err != nil || !slices.Equal(d.Lines, lines) {
		t.Fatalf("%v %q", err, d.Lines)
	}
	sure := d.Prob
	c[2][1] = []Candidate{{'E', 0.5}, {'F', 0.45}}
	d, _ = Decode(SwissDL, c)
	if d.Prob >= sure*0.6 || d.RunnerUp == nil || d.RunnerUp[2][1] != 'F' {
		t.Errorf("uncertain read: Prob %.3f (sure %.3f), runner-up %q", d.Prob, sure, d.RunnerUp)
	}
}

func TestDecodeBadInput(t *testing.T) {
	if _, err := Decode(TD3, nil); err == nil {
		t.Error("no error for missing lines")
	}
	if _, err := Decode(FormatUnknown, certain(specimens[0].lines)); err == nil {
		t.Error("no error for unknown format")
	}
	c := certain(specimens[0].lines)
	c[1] = c[1][:40]
	if _, err := Decode(TD3, c); err == nil {
		t.Error("no error for a short line")
	}
	// Empty and junk candidate lists do not panic.
	c = certain(specimens[0].lines)
	c[1][3] = nil
	c[1][4] = []Candidate{{'#', 1}}
	c[0][7] = []Candidate{{'A', -1}}
	if _, err := Decode(TD3, c); err != nil {
		t.Error(err)
	}
}

func TestDecodeKnownCountryCode(t *testing.T) {
	lines := []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	// The nationality's T is read as Y first: UYO is no country, UTO is.
	c := certain(lines)
	c[1][11] = []Candidate{{'Y', 0.7}, {'T', 0.25}}
	d, err := Decode(TD3, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Lines[1][10:13]; got != "UTO" {
		t.Errorf("nationality %q, want UTO", got)
	}
	// A strong unknown reading with a very weak known alternative is kept.
	c = certain(lines)
	c[1][11] = []Candidate{{'Y', 0.999}, {'T', 0.0001}}
	d, err = Decode(TD3, c)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Lines[1][10:13]; got != "UYO" {
		t.Errorf("nationality %q, want UYO (the OCR is sure)", got)
	}
}
