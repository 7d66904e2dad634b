package mrz

import (
	"strings"
	"time"
)

// Parse reads an MRZ given as its lines. The input may hold surrounding
// whitespace, lower case, stray spaces inside lines and '«' for the filler;
// a single string holding the lines separated by newlines or '|' is also
// accepted. The format is detected from the number of lines, their lengths
// and the document code; a line up to 3 characters too short or too long is
// padded or cut (and reported).
//
// OCR confusions are repaired first (see Repair) and reported in
// Result.Corrections. Every field that can be read is returned with its own
// validity; failed check digits (*CheckDigitError), unknown country codes,
// impossible or unknown dates and misplaced characters (*FieldError) are
// listed in Result.Errors. Parse returns an error, ErrNotMRZ, only when the
// input is not an MRZ at all.
func Parse(lines []string, opt *Options) (*Result, error) {
	r := &Result{}
	if err := r.parse(lines, opt, true); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Result) parse(in []string, opt *Options, repair bool) error {
	lines, ok := r.normalize(in)
	if !ok {
		return ErrNotMRZ
	}
	f := detect(lines)
	if f == FormatUnknown {
		return ErrNotMRZ
	}
	l := layouts[f]
	r.Format = f
	// Fit lengths.
	for i, n := range l.lens {
		if len(lines[i]) != n {
			r.Errors = append(r.Errors, &FieldError{Field: "line", Line: i, Start: 0, End: len(lines[i]),
				Reason: "line has " + itoa(len(lines[i])) + " characters, want " + itoa(n)})
			if len(lines[i]) > n {
				lines[i] = lines[i][:n]
			} else {
				lines[i] += strings.Repeat("<", n-len(lines[i]))
			}
		}
	}
	// Repair up front what the character classes, fillers and country codes
	// show; check digits are computed once, by extract, and a failure there
	// triggers the check-digit-guided repair and a second extraction.
	repaired := false
	if repair && needsRepair(l, lines, false) {
		lines = repairLines(l, lines, &r.Corrections, r.lineBuf[:0], false)
		repaired = true
	}
	r.Lines = lines
	var now nowDate
	t := time.Time{}
	if opt != nil {
		t = opt.Now
	}
	if t.IsZero() {
		t = time.Now()
	}
	y, m, d := t.Date()
	now = nowDate{y, int(m), d}
	nerr := len(r.Errors)
	r.extract(l, now)
	if repair && !repaired && !r.checksOK() {
		ncorr := len(r.Corrections)
		fixed := repairLines(l, lines, &r.Corrections, r.lineBuf[:0], false)
		if len(r.Corrections) > ncorr {
			r.Errors = r.Errors[:nerr]
			r.Lines = fixed
			r.extract(l, now)
		}
	}
	if !r.looksLikeMRZ(l) {
		return ErrNotMRZ
	}
	return nil
}

func (r *Result) checksOK() bool {
	for _, c := range r.Checks {
		if !c.Valid {
			return false
		}
	}
	return true
}

// looksLikeMRZ rejects text that merely has MRZ-like line lengths: its
// document code is wrong and no check digit passes (or, for formats without
// check digits, the document code is wrong).
func (r *Result) looksLikeMRZ(l *layout) bool {
	if docCodeOK(l.format, l.docCode.of(r.Lines)) {
		return true
	}
	for _, c := range r.Checks {
		if c.Valid {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n >= 0 && n < 10 {
		return string(rune('0' + n))
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 || i == len(b) {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// validByte marks the MRZ alphabet.
var validByte [256]bool

func init() {
	for c := '0'; c <= '9'; c++ {
		validByte[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		validByte[c] = true
	}
	validByte['<'] = true
}

// normalize splits, trims and cleans the input lines. Clean lines are used
// as they are (no allocation). It reports false when the input cannot be an
// MRZ: no lines, more than 3, or mostly characters outside the alphabet.
func (r *Result) normalize(in []string) ([]string, bool) {
	if len(in) == 1 && strings.ContainsAny(in[0], "\n|") {
		in = strings.FieldsFunc(in[0], func(c rune) bool { return c == '\n' || c == '|' || c == '\r' })
	}
	out := r.lineBuf[:0]
	bad, total := 0, 0
	for _, s := range in {
		clean := true
		for i := 0; i < len(s); i++ {
			if !validByte[s[i]] {
				clean = false
				break
			}
		}
		if !clean {
			s = r.cleanLine(s, len(out), &bad)
		}
		if s == "" {
			continue
		}
		if len(out) == 3 {
			return nil, false
		}
		total += len(s)
		out = append(out, s)
	}
	if len(out) == 0 || bad*4 > total {
		return nil, false
	}
	// One long line holding a whole 2- or 3-line MRZ.
	if len(out) == 1 {
		switch s := out[0]; len(s) {
		case 88:
			out = append(out[:0], s[:44], s[44:])
		case 72:
			out = append(out[:0], s[:36], s[36:])
		case 90:
			out = append(out[:0], s[:30], s[30:60], s[60:])
		}
	}
	return out, true
}

// cleanLine removes whitespace, upper-cases, turns '«' into '<' (reported)
// and replaces other foreign characters by '<' (reported as errors).
func (r *Result) cleanLine(s string, line int, bad *int) string {
	b := make([]byte, 0, len(s))
	for _, c := range s {
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00a0' || c == '\ufeff':
			continue
		case c >= 'a' && c <= 'z':
			b = append(b, byte(c-'a'+'A'))
		case c < 128 && validByte[c]:
			b = append(b, byte(c))
		case c == '«' || c == '‹' || c == '≤':
			from := byte('?')
			if c < 256 {
				from = byte(c) // Latin-1: '«' is 0xAB
			}
			r.Corrections = append(r.Corrections, Correction{Line: line, Pos: len(b), From: from, To: '<', Reason: "filler look-alike " + string(c)})
			b = append(b, '<')
		default:
			*bad++
			r.Errors = append(r.Errors, &FieldError{Field: "line", Line: line, Start: len(b), End: len(b) + 1,
				Reason: "character " + strconvQuote(c) + " is not in the MRZ alphabet"})
			b = append(b, '<')
		}
	}
	return string(b)
}

func strconvQuote(c rune) string {
	if c < 0x20 || c == 0x7f {
		return "control character"
	}
	return "'" + string(c) + "'"
}

// detect chooses the format from line count, lengths and document code.
func detect(lines []string) Format {
	near := func(n, want int) bool { return n >= want-3 && n <= want+3 }
	switch len(lines) {
	case 1:
		if near(len(lines[0]), 30) {
			return FrenchDL
		}
	case 2:
		a, b := len(lines[0]), len(lines[1])
		first := lines[0][0]
		switch {
		case near(a, 44) && near(b, 44):
			if first == 'V' {
				return MRVA
			}
			return TD3
		case near(a, 36) && near(b, 36):
			if first == 'V' {
				return MRVB
			}
			if lettersLike(lines[0], "IDFRA") {
				return FrenchID
			}
			return TD2
		}
	case 3:
		a, b, c := len(lines[0]), len(lines[1]), len(lines[2])
		if near(b, 30) && near(c, 30) {
			if near(a, 30) {
				return TD1
			}
			if near(a, 9) {
				return SwissDL
			}
		}
	}
	return FormatUnknown
}

// lettersLike reports whether s starts with prefix (upper-case letters),
// reading digits as their look-alike letters (1→I, 0→O, …).
func lettersLike(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if l := toLetter[c]; l != 0 {
			c = l
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// Parser parses many MRZs with one reusable Result, for batch work: the
// *Result it returns is overwritten by its next Parse call. A Parser is not
// safe for concurrent use.
type Parser struct {
	Options Options
	r       Result
}

// Parse is like the package-level Parse but reuses the Parser's Result.
func (p *Parser) Parse(lines []string) (*Result, error) {
	p.r = Result{}
	if err := p.r.parse(lines, &p.Options, true); err != nil {
		return nil, err
	}
	return &p.r, nil
}
