package mrz

import "slices"

// Decoding priors: what the standard says a position or a field can hold,
// beyond its character class, as soft weights the decoder multiplies into
// the OCR's candidate probabilities. A prior only decides between readings
// the OCR left in doubt; the per-character probabilities Decode reports
// (Decoded.CharProb) stay the OCR's own, so a character a prior chose
// against the OCR keeps a low probability and the reading stays flagged.

// Name-structure prior. A name field (ICAO 9303 Part 3 §4.6) is words of
// letters separated by one filler, the primary and secondary identifiers
// separated by two, then filler to the end of the field. The model is an
// automaton over the field's characters whose transitions carry these
// weights (1 = no preference).
const (
	// pAfterFill weighs a letter after three or more fillers: a name never
	// has "<<<" inside, so the letter must be a misread filler (a '<' read
	// as K or R) unless the OCR is sure of it.
	pAfterFill = 1e-3
	// pShortWord weighs a one-letter word (a letter between fillers):
	// possible (initials, particles such as Y, truncated names), but rare.
	pShortWord = 0.3
	// pLeadFill weighs a name field starting with a filler (an empty
	// primary identifier or an empty field).
	pLeadFill = 0.01
	// pExtraSep weighs a third identifier after a second "<<": ICAO names
	// have one primary/secondary separator.
	pExtraSep = 0.05
)

// Name automaton states; a state index is base + nsN*sec, where sec is 1
// once the secondary identifier (or a later given name) has started.
const (
	nsStart = iota // nothing read yet
	nsW1           // the first letter of a word
	nsW            // a later letter of a word
	nsF1           // one filler after a word
	nsF2           // two fillers
	nsF3           // three or more: the name is over
	nsN
)

// nameModel is the name-structure prior of one field.
type nameModel struct {
	// multiSep: "<<" separates any number of names (the French identity
	// card's given names), not just the primary and secondary identifiers.
	multiSep bool
	// surnameOnly: the field holds the primary identifier alone (the
	// French cards' surname field), so a "<<" inside it is as rare as a
	// second separator in an ICAO name.
	surnameOnly bool
}

// start returns the automaton's initial state.
func (m nameModel) start() int {
	if m.surnameOnly {
		return nsStart + nsN
	}
	return nsStart
}

// next returns the state after reading c in state st and the transition's
// weight (0: impossible).
func (m nameModel) next(st int, c byte) (int, float64) {
	base, sec := st%nsN, st/nsN
	if c == '<' {
		switch base {
		case nsStart:
			return nsF1 + nsN*sec, pLeadFill
		case nsW1:
			return nsF1 + nsN*sec, pShortWord
		case nsW:
			return nsF1 + nsN*sec, 1
		case nsF1:
			return nsF2 + nsN*sec, 1
		default:
			return nsF3 + nsN*sec, 1
		}
	}
	if c < 'A' || c > 'Z' {
		return 0, 0
	}
	switch base {
	case nsStart, nsF1:
		return nsW1 + nsN*sec, 1
	case nsW1, nsW:
		return nsW + nsN*sec, 1
	case nsF2:
		if sec == 0 || m.multiSep {
			return nsW1 + nsN, 1
		}
		return nsW1 + nsN, pExtraSep
	default: // nsF3
		return nsW1 + nsN, pAfterFill
	}
}

// fieldModel is a prior over the structure of a field: an automaton whose
// transitions carry weights.
type fieldModel interface {
	// start returns the initial state.
	start() int
	// next returns the state after reading c in state st and the
	// transition's weight (0: impossible). States are below
	// maxModelStates.
	next(st int, c byte) (int, float64)
}

// maxModelStates bounds the states of every fieldModel.
const maxModelStates = 2 * nsN

// codeModel is the prior of a code field that is either all filler or
// written in full (the French identity card's administrative code): a
// filler next to a character is a misread.
type codeModel struct{}

// pMixedCode weighs a filler inside a code or a character after filler.
const pMixedCode = 0.01

// codeModel states.
const (
	csStart = iota
	csFill
	csCode
)

func (codeModel) start() int { return csStart }

func (codeModel) next(st int, c byte) (int, float64) {
	fill := c == '<'
	switch {
	case st == csStart && fill:
		return csFill, 1
	case st == csStart:
		return csCode, 1
	case st == csFill && fill, st == csCode && !fill:
		return st, 1
	case st == csFill:
		return csCode, pMixedCode
	default:
		return csFill, pMixedCode
	}
}

// structuredFields lists the format's fields decoded under a structure
// prior: the names, and the French card's administrative code.
func (l *layout) structuredFields() []nameSpan {
	out := l.nameFields()
	if l.format == FrenchID {
		out = append(out, nameSpan{span{0, 30, 36}, codeModel{}})
	}
	return out
}

// nameFields lists the format's name fields with their models.
func (l *layout) nameFields() []nameSpan {
	var out []nameSpan
	if l.name.ok() {
		out = append(out, nameSpan{l.name, nameModel{}})
	}
	if l.surname.ok() {
		out = append(out, nameSpan{l.surname, nameModel{surnameOnly: true}})
	}
	if l.given.ok() {
		out = append(out, nameSpan{l.given, nameModel{multiSep: l.format == FrenchID}})
	}
	return out
}

type nameSpan struct {
	s span
	m fieldModel
}

// Position priors: per-position weights by character.
const (
	// pRareDocType weighs a TD1/TD2 document code's second character that
	// the spec does not list as seen in practice.
	pRareDocType = 0.03
	// pDeptLetter weighs a letter in a French identity card's
	// administrative codes (département and issuing office): départements
	// are numbered (Corsica's 2A and 2B aside), offices too.
	pDeptLetter = 0.1
)

// pBadDate weighs a date digit no date can have: a month's tens digit
// above 1, a day's tens digit above 3.
const pBadDate = 0.01

// commonIDTypes are the TD1/TD2 document codes seen in practice (spec:
// ID, I<, AC, IR), as the second character after each first letter.
var commonIDTypes = map[byte]string{'I': "<DR", 'A': "C<", 'C': "<"}

// posPrior returns the prior weight of character c at position p of a
// format with layout l, given the line's first character first (the
// document code's first letter, for the type prior).
func (l *layout) posPrior(p pos, first, c byte) float64 {
	for _, d := range [...]span{l.birth, l.expiry} {
		if !d.ok() || p.line != d.line || c < '0' || c > '9' {
			continue
		}
		// YYMMDD: month tens at +2, day tens at +4.
		if (p.col == d.start+2 && c > '1') || (p.col == d.start+4 && c > '3') {
			return pBadDate
		}
	}
	switch l.format {
	case TD1, TD2:
		if p == (pos{l.docCode.line, l.docCode.start + 1}) {
			common, ok := commonIDTypes[first]
			if !ok {
				return 1
			}
			for i := 0; i < len(common); i++ {
				if common[i] == c {
					return 1
				}
			}
			return pRareDocType
		}
	case FrenchID:
		// Département of issue in the card number (line 2, 5-7) and the
		// administrative code (line 1, 31-36: département and office).
		if ((p.line == 1 && p.col >= 4 && p.col < 7) || (p.line == 0 && p.col >= 30)) && c >= 'A' && c <= 'Z' {
			return pDeptLetter
		}
		// The card number (line 2, 1-12) is written in full; it starts
		// with the month of issue (YYMM).
		if p.line == 1 && p.col < 12 && c == '<' {
			return pMixedCode
		}
		if p.line == 1 && p.col == 2 && c > '1' && c <= '9' {
			return pBadDate
		}
		// The year of issue: the card model was issued from 1988 to
		// 2021, so the year's tens digit is 8, 9, 0, 1 or 2.
		if p.line == 1 && p.col == 0 && c >= '3' && c <= '7' {
			return pBadDate
		}
	}
	return 1
}

// pDeptMismatch weighs a French identity card's administrative code
// (line 1, 31-33) whose département differs from the one in the card
// number (line 2, 5-7): both are the département of issue.
const pDeptMismatch = 0.01

// deptFloor is the relative probability a line-2 département character
// gets among the line-1 code's candidates when the OCR did not list it
// there, so that the agreement can choose it.
const deptFloor = 1e-3

// weighDept applies the département agreement of the French identity card:
// each written character of the administrative code's département is
// weighed by how probable the same character is at the same place of the
// card number, which a check digit protects. With dept nil that is the
// probability the OCR gave it there; otherwise dept is the card number's
// département as a first decoding read it, and any other character weighs
// pDeptMismatch. A filler (the code left blank) is not weighed. Only the
// code is weighed, so the evidence of the two places is not counted twice.
func (d *decoder) weighDept(dept []byte) {
	if d.l.format != FrenchID {
		return
	}
	for k := 0; k < 3; k++ {
		a, b := d.cands[0][30+k], d.cands[1][4+k]
		a = a[:len(a):len(a)] // appends below must not reach a shared array
		if dept != nil {
			b = []cand{{dept[k], 1}}
		}
		sum := 0.0
		for _, c := range b {
			sum += c.p
		}
		if !(sum > 0) {
			continue
		}
		for _, c := range b {
			listed := slices.ContainsFunc(a, func(x cand) bool { return x.c == c.c })
			if !listed && len(a) < maxCands+3 && classAllows(d.cls[0][30+k], c.c, false) {
				a = append(a, cand{c.c, deptFloor})
			}
		}
		d.cands[0][30+k] = weigh(a, func(c byte) float64 {
			if c == '<' {
				return 1
			}
			w := pDeptMismatch
			for _, x := range b {
				if x.c == c {
					w = max(w, x.p/sum)
				}
			}
			return w
		})
	}
}

// deptDisagrees reports whether a French identity card's reading writes an
// administrative code whose département is not the card number's.
func deptDisagrees(f Format, lines []string) bool {
	if f != FrenchID || len(lines) != 2 || len(lines[0]) != 36 || len(lines[1]) != 36 {
		return false
	}
	code := lines[0][30:33]
	return code != "<<<" && code != lines[1][4:7]
}
