package mrz

import (
	"slices"
	"testing"
)

// TestDecodePriors checks that the decoding priors settle readings the OCR
// left in doubt: the wrong character gets wrongP, the truth the rest.
func TestDecodePriors(t *testing.T) {
	td3 := []string{"P<UTODUPONT<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	td1 := []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
	td2 := []string{"IDUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"}
	fid := frenchID("IDFRADUPONT<<<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F")
	fidCode := frenchID("IDFRABERTHIER<<<<<<<<<<<<<<<<<923047", "9409923102854CORINNE<<<<<<<6512068F")
	for _, tc := range []struct {
		name   string
		f      Format
		lines  []string
		wrong  map[pos]byte
		wrongP float64
	}{
		{"TD3 filler read K after the name", TD3, td3, map[pos]byte{{0, 14}: 'K', {0, 15}: 'A', {0, 25}: 'K', {0, 27}: 'K'}, 0.6},
		{"TD1 lone letter in the filler", TD1, td1, map[pos]byte{{2, 25}: 'R'}, 0.7},
		{"TD2 second identifier's filler", TD2, td2, map[pos]byte{{0, 30}: 'X', {0, 33}: 'K'}, 0.6},
		{"TD2 document type O for D", TD2, td2, map[pos]byte{{0, 1}: 'O'}, 0.8},
		// The French card's composite covers its names: the prior must
		// act inside the check-digit programme, not only on the argmax.
		{"French ID surname filler", FrenchID, fid, map[pos]byte{{0, 14}: 'K', {0, 15}: 'A', {0, 25}: 'K', {0, 27}: 'R'}, 0.6},
		{"French ID given-name filler", FrenchID, fid, map[pos]byte{{1, 22}: 'K', {1, 24}: 'R'}, 0.6},
		{"French ID administrative code O for 0", FrenchID, fidCode, map[pos]byte{{0, 33}: 'O'}, 0.7},
		{"French ID administrative code filler inside", FrenchID, fidCode, map[pos]byte{{0, 32}: '<'}, 0.6},
		{"French ID administrative code all filler", FrenchID, fid, map[pos]byte{{0, 33}: '5'}, 0.6},
		{"French ID card number filler", FrenchID, fid, map[pos]byte{{1, 5}: '<'}, 0.6},
		{"French ID month of issue", FrenchID, fid, map[pos]byte{{1, 2}: '5'}, 0.6},
		{"TD3 birth month and expiry day", TD3, td3, map[pos]byte{{1, 15}: '8', {1, 25}: '6'}, 0.6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := certain(tc.lines)
			for p, w := range tc.wrong {
				c[p.line][p.col] = []Candidate{{w, tc.wrongP}, {tc.lines[p.line][p.col], 1 - tc.wrongP}}
			}
			d, err := Decode(tc.f, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, tc.lines)
			}
			// The chosen character keeps the OCR's low probability: the
			// reading stays flagged.
			for p := range tc.wrong {
				if cp := d.CharProb[p.line][p.col]; cp > 1-tc.wrongP+1e-9 {
					t.Errorf("CharProb at %v is %.2f, want the OCR's %.2f", p, cp, 1-tc.wrongP)
				}
			}
		})
	}
}

// TestDecodePriorsYield checks that a prior does not overrule a sure OCR:
// a one-letter word, a third name and an unusual document type read with
// confidence are kept.
func TestDecodePriorsYield(t *testing.T) {
	for _, tc := range []struct {
		name  string
		f     Format
		lines []string
	}{
		{"one-letter word", TD3, []string{"P<UTOGARCIA<Y<LOPEZ<<ANA<<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}},
		{"truncated name", TD1, []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<ELISABET<"}},
		{"unusual document type", TD2, []string{"IXUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"}},
		{"French given names", FrenchID, frenchID("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854JEAN<<PIERRE<T6512068F")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// certain gives 0.98 to the truth, and '<' a second place at
			// every letter.
			c := certain(tc.lines)
			for i := range c {
				for j := range c[i] {
					if tc.lines[i][j] != '<' {
						c[i][j] = []Candidate{{tc.lines[i][j], 0.98}, {'<', 0.02}}
					}
				}
			}
			d, err := Decode(tc.f, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, tc.lines)
			}
		})
	}
}

// TestNameModel walks the name automaton over whole fields.
func TestNameModel(t *testing.T) {
	for _, tc := range []struct {
		field   string
		multi   bool
		surname bool
		want    float64 // product of the transition weights
	}{
		{"ERIKSSON<<ANNA<MARIA<<<<", false, false, 1},
		{"ERIKSSON<<<<<<<<<<", false, false, 1},
		{"GARCIA<Y<LOPEZ<<ANA", false, false, pShortWord},
		{"GAEL<PRA<T<T<J<G", false, false, pShortWord * pShortWord * pShortWord},
		{"DUPONT<<<K<<<", false, false, pAfterFill * pShortWord},
		{"A<<B<<C", false, false, pShortWord * pShortWord * pExtraSep},
		{"JEAN<<PIERRE<<PAUL<<<", true, false, 1},
		{"DE<LA<FONTAINE<<<<", false, true, 1},
		{"DUPONT<<KA<<<<", false, true, pExtraSep},
		{"<<<<<<", false, false, pLeadFill},
		{"MAR1E", false, false, 0},
	} {
		m := nameModel{multiSep: tc.multi, surnameOnly: tc.surname}
		st, w := m.start(), 1.0
		for i := 0; i < len(tc.field) && w > 0; i++ {
			var x float64
			st, x = m.next(st, tc.field[i])
			w *= x
		}
		if d := w - tc.want; d > 1e-12 || d < -1e-12 {
			t.Errorf("%q: weight %g, want %g", tc.field, w, tc.want)
		}
	}
}

// frenchID completes a French identity card's line 2 with its composite
// check digit.
func frenchID(l1, l2 string) []string {
	return []string{l1, l2 + string(CheckDigit(l1+l2))}
}

// TestCodeModel walks the administrative-code automaton.
func TestCodeModel(t *testing.T) {
	for _, tc := range []struct {
		field string
		want  float64
	}{
		{"<<<<<<", 1},
		{"041647", 1},
		{"04<741", pMixedCode * pMixedCode},
		{"<<<5<<", pMixedCode * pMixedCode},
	} {
		var m codeModel
		st, w := m.start(), 1.0
		for i := 0; i < len(tc.field); i++ {
			var x float64
			st, x = m.next(st, tc.field[i])
			w *= x
		}
		if d := w - tc.want; d > 1e-12 || d < -1e-12 {
			t.Errorf("%q: weight %g, want %g", tc.field, w, tc.want)
		}
	}
}

// TestFrenchIssuePriors checks the French identity card's priors that no
// check digit settles when the check digits fit the wrong reading as well
// as the right one: the year of issue (the card model was issued from 1988
// to 2021) and the département of the administrative code, which is the
// card number's.
func TestFrenchIssuePriors(t *testing.T) {
	lines := frenchID("IDFRABERTHIER<<<<<<<<<<<<<<<<<923647", "9409923102854CORINNE<<<<<<<6512068F")
	for _, tc := range []struct {
		name string
		at   pos
		ocr  []Candidate // the wrong character first
		also map[pos][]Candidate
	}{
		{"year of issue", pos{1, 0}, []Candidate{{'5', 0.6}, {'9', 0.4}}, nil},
		{"département digit of the code", pos{0, 30}, []Candidate{{'4', 0.7}, {'9', 0.3}}, nil},
		// The OCR prefers the wrong letter by far.
		{"département of the code", pos{0, 31}, []Candidate{{'Z', 0.9}, {'S', 0.06}, {'2', 0.04}}, nil},
		// The OCR prefers the same wrong digit in the card number, whose
		// check digit rules it out: the code follows the number as decoded.
		{"département settled by the card number's check digit", pos{0, 30}, []Candidate{{'4', 0.7}, {'9', 0.3}},
			map[pos][]Candidate{{1, 4}: {{'4', 0.6}, {'9', 0.4}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wrong := []string{lines[0], lines[1][:35]}
			b := []byte(wrong[tc.at.line])
			b[tc.at.col] = tc.ocr[0].Char
			wrong[tc.at.line] = string(b)
			if tc.at.line == 1 {
				wrong[1] = wrong[1][:12] + string(CheckDigit(wrong[1][:12])) + wrong[1][13:]
			}
			wrong = frenchID(wrong[0], wrong[1])
			c := certain(lines)
			// The check digits fit either reading.
			for _, p := range []pos{{1, 12}, {1, 35}} {
				if x, y := lines[p.line][p.col], wrong[p.line][p.col]; x != y {
					c[p.line][p.col] = []Candidate{{y, 0.5}, {x, 0.5}}
				}
			}
			c[tc.at.line][tc.at.col] = tc.ocr
			for p, cs := range tc.also {
				c[p.line][p.col] = cs
			}
			d, err := Decode(FrenchID, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, lines)
			}
			if cp := d.CharProb[tc.at.line][tc.at.col]; cp > 0.5 {
				t.Errorf("CharProb %.2f: a character chosen against the OCR must stay doubtful", cp)
			}
		})
	}
	// A blank code is not weighed: the département does not write it.
	blank := frenchID("IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F")
	d, err := Decode(FrenchID, certain(blank))
	if err != nil || !slices.Equal(d.Lines, blank) {
		t.Fatalf("blank code decoded %q (%v), want %q", d.Lines, err, blank)
	}
}
