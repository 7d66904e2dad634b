package mrz

import (
	_ "embed"
	"math"
)

// Letter language model: a prior on the letters of name fields.
//
// No check digit protects a name (the French card's composite aside), so a
// letter the OCR left in doubt between two readings (N or K in
// AENGSTROEM, R or Q in ARPAD) is settled by orthography: which letter
// trigrams occur in words. The model is a letter trigram model over A-Z
// and the word boundary, P(c | a, b), trained by mrz/internal/trainlm on
// Debian's word lists of nineteen languages after
// transliteration to MRZ spellings (docs/mrz.md). It was trained on words,
// not on names, and never on the synthetic generator's name lists.

//go:embed namelm.bin
var nameLMData []byte

// Model layout (mrz/internal/trainlm writes it): a magic line, then per
// (a, b, c) with symbols 0 (boundary) and 1-26 (A-Z) one byte, -log2
// P(c | a, b) in units of 1/lmScale bit.
const (
	lmSyms  = 27
	lmScale = 8
	lmMagic = "MRZLM1\n"
)

// nameLM is the decoded model: cost[a][b][c] = -log2 P(c | a, b) in bits.
var nameLM = func() *[lmSyms][lmSyms][lmSyms]float32 {
	if len(nameLMData) != len(lmMagic)+lmSyms*lmSyms*lmSyms || string(nameLMData[:len(lmMagic)]) != lmMagic {
		panic("mrz: namelm.bin is not a letter model")
	}
	m := new([lmSyms][lmSyms][lmSyms]float32)
	q := nameLMData[len(lmMagic):]
	for a := range m {
		for b := range m[a] {
			for c := range m[a][b] {
				m[a][b][c] = float32(q[(a*lmSyms+b)*lmSyms+c]) / lmScale
			}
		}
	}
	return m
}()

// Letter-model prior weights.
const (
	// lmWeight tempers the model: a candidate's weight is 2^(-lmWeight ×
	// bits) relative to the best candidate's, where bits is what the
	// model says of the letter and of the two letters after it.
	lmWeight = 0.15
	// lmFloor is the lowest weight the model gives a candidate: a
	// letter the OCR gives more than 1/lmFloor times the probability of
	// every rival is kept whatever the model says (names of languages the
	// word lists do not cover).
	lmFloor = 0.2
)

// lmSym returns the model symbol of a name character: 0 for the filler
// (a word boundary), 1-26 for A-Z.
func lmSym(c byte) int {
	if c >= 'A' && c <= 'Z' {
		return int(c-'A') + 1
	}
	return 0
}

// lmCost returns, in bits, the model's cost of the symbols x[i], x[i+1],
// x[i+2] (those that exist) in the word context of x: the letter at i and
// the two whose context it is. A boundary after a boundary (a filler run)
// costs nothing.
func lmCost(x []int, i int) float64 {
	cost := 0.0
	for j := i; j < len(x) && j <= i+2; j++ {
		b := 0
		if j >= 1 {
			b = x[j-1]
		}
		if x[j] == 0 && b == 0 {
			continue
		}
		a := 0
		if j >= 2 && b != 0 {
			a = x[j-2]
		}
		cost += float64(nameLM[a][b][x[j]])
	}
	return cost
}

// weighNames applies the letter model to the candidates of every name
// field, left to right: a position the OCR left in doubt (a runner-up of
// probability lmFloor or more) has its candidates
// weighed by the model given the letters before it (as decided) and after
// it (the OCR's best).
func (d *decoder) weighNames() {
	var x []int
	var w [maxCands]float64
	for _, nf := range d.l.nameFields() {
		s := nf.s
		row := d.cands[s.line]
		x = x[:0]
		for j := s.start; j < s.end; j++ {
			x = append(x, lmSym(row[j][0].c))
		}
		for k := range x {
			cs := row[s.start+k]
			if len(cs) < 2 || cs[1].p < lmFloor {
				continue
			}
			best := math.Inf(1)
			for i, c := range cs {
				x[k] = lmSym(c.c)
				w[i] = lmCost(x, k)
				best = min(best, w[i])
			}
			for i := range cs {
				w[i] = max(lmFloor, math.Exp2(-lmWeight*(w[i]-best)))
			}
			row[s.start+k] = weigh(cs, func(c byte) float64 {
				for i := range cs {
					if cs[i].c == c {
						return w[i]
					}
				}
				return 1
			})
			x[k] = lmSym(row[s.start+k][0].c)
		}
	}
}
