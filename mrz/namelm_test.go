package mrz

import (
	"math"
	"slices"
	"testing"
)

// wordCost returns the letter model's cost in bits of the MRZ name s
// (words separated by fillers).
func wordCost(s string) float64 {
	x := make([]int, len(s)+1)
	for i := 0; i < len(s); i++ {
		x[i] = lmSym(s[i])
	}
	cost := 0.0
	for i := range x {
		if i == 0 || x[i-1] != 0 || x[i] != 0 {
			cost += lmCost(x[:i+1], i)
		}
	}
	return cost
}

func TestNameLMOrthography(t *testing.T) {
	for _, tc := range []struct{ good, bad string }{
		{"AENGSTROEM", "AEKGSTROEM"},
		{"ARPAD", "AQPAD"},
		{"PRAYUTH", "PRAYUIH"},
		{"ELISE", "ELZSE"},
		{"ANNA<MARIA", "ANNAKMARIA"},
		{"NOAH", "XOAH"},
		{"KARIN", "KARIK"},
	} {
		if g, b := wordCost(tc.good), wordCost(tc.bad); g >= b {
			t.Errorf("%s costs %.1f bits, %s %.1f: want the word cheaper", tc.good, g, tc.bad, b)
		}
	}
}

func TestNameLMFile(t *testing.T) {
	// Every probability of a context sums to about 1 (quantisation aside).
	for _, ctx := range [][2]int{{0, 0}, {0, lmSym('A')}, {lmSym('E'), lmSym('N')}, {lmSym('Q'), lmSym('X')}} {
		sum := 0.0
		for c := 0; c < lmSyms; c++ {
			sum += math.Exp2(-float64(nameLM[ctx[0]][ctx[1]][c]))
		}
		if sum < 0.95 || sum > 1.05 {
			t.Errorf("context %v: probabilities sum to %.3f", ctx, sum)
		}
	}
}

// nameTD3 returns a TD3 MRZ of the ICAO specimen with the given name field
// (39 characters, filler-padded here).
func nameTD3(name string) []string {
	for len(name) < 39 {
		name += "<"
	}
	return []string{"P<UTO" + name, "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
}

// TestDecodeNameLM checks that the letter model settles a name letter the
// OCR left in doubt (the wrong letter gets wrongP, the truth the rest), and
// that the chosen letter keeps the OCR's probability.
func TestDecodeNameLM(t *testing.T) {
	for _, tc := range []struct {
		name   string
		f      Format
		lines  []string
		at     pos
		wrong  byte
		wrongP float64
	}{
		{"ENG not EKG", TD3, nameTD3("AENGSTROEM<<KARIN"), pos{0, 7}, 'K', 0.6},
		{"ARP not AQP", TD3, nameTD3("KOVACS<<ARPAD"), pos{0, 14}, 'Q', 0.55},
		{"UTH not UIH", TD3, nameTD3("OLAFSSON<<PRAYUTH"), pos{0, 20}, 'I', 0.6},
		{"word end, not a letter", TD3, nameTD3("ERIKSSON<<ANNA<MARIA"), pos{0, 19}, 'K', 0.6},
		// H and R share a check value: the composite cannot tell them apart.
		{"French given name", FrenchID, frenchID("IDFRAMOREAU<<<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854MARIE<<ELISE<<6512068F"), pos{1, 15}, 'H', 0.6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r, _ := Parse(tc.lines, nil); r == nil || !r.Valid {
				t.Fatalf("test MRZ %q is not valid", tc.lines)
			}
			c := certain(tc.lines)
			c[tc.at.line][tc.at.col] = []Candidate{{tc.wrong, tc.wrongP}, {tc.lines[tc.at.line][tc.at.col], 1 - tc.wrongP}}
			d, err := Decode(tc.f, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, tc.lines)
			}
			if cp := d.CharProb[tc.at.line][tc.at.col]; cp > 1-tc.wrongP+1e-9 {
				t.Errorf("CharProb %.2f, want the OCR's %.2f", cp, 1-tc.wrongP)
			}
		})
	}
}

// TestDecodeNameLMYields checks that the letter model does not rewrite a
// letter the OCR is sure of, in names whose orthography the word lists do
// not cover (Yoruba, Thai, Korean), nor in a misread it would prefer.
func TestDecodeNameLMYields(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lines  []string
		at     pos
		rival  byte
		rivalP float64
	}{
		{"Yoruba ADEBAYO", nameTD3("ADEBAYO<<FUNMILAYO"), pos{0, 10}, 'T', 0.15},
		{"Thai SUKSAWASDI", nameTD3("SUKSAWASDI<<PRAYUTH"), pos{0, 7}, 'R', 0.15},
		{"Korean GWANG", nameTD3("KIM<<GWANG<HO"), pos{0, 11}, 'Q', 0.15},
		{"Igbo NGOZI", nameTD3("OKAFOR<<NGOZI"), pos{0, 13}, 'H', 0.15},
		{"EKG read with confidence", nameTD3("AEKGSTROEM<<KARIN"), pos{0, 7}, 'N', 0.15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := certain(tc.lines)
			c[tc.at.line][tc.at.col] = []Candidate{{tc.lines[tc.at.line][tc.at.col], 1 - tc.rivalP}, {tc.rival, tc.rivalP}}
			d, err := Decode(TD3, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, tc.lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, tc.lines)
			}
		})
	}
}

// TestDecodeClassPrior checks the character-class prior of alphanumeric
// fields: a letter amid digits the OCR left in doubt (U and 0 share a
// check value, so no check digit separates them) gives way to the digit,
// and a letter read with confidence stays (the specimen's L898902C3).
func TestDecodeClassPrior(t *testing.T) {
	lines, err := Build(TD3, Identity{DocumentCode: "P", IssuingState: "UTO", DocumentNumber: "L898902C3",
		OptionalData1: "0960449833", BirthDate: "740812", ExpiryDate: "120415", Sex: "F", Nationality: "UTO",
		Surname: "ERIKSSON", GivenNames: "ANNA"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		at    pos
		cands []Candidate
	}{
		{"U amid digits", pos{1, 31}, []Candidate{{'U', 0.55}, {'0', 0.45}}},
		{"sure letter amid digits", pos{1, 7}, []Candidate{{'C', 0.9}, {'0', 0.1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := certain(lines)
			c[tc.at.line][tc.at.col] = tc.cands
			d, err := Decode(TD3, c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Lines, lines) {
				t.Fatalf("decoded %q, want %q", d.Lines, lines)
			}
		})
	}
}
