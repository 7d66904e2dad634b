package mrz

// Character classes of MRZ positions, used by Repair and Decode.
const (
	cFiller  uint8 = iota // must be '<'
	cDigit                // 0-9, or '<' (unknown date part, optional check digit)
	cAlpha                // A-Z or '<' (codes, names)
	cAlnum                // 0-9, A-Z or '<' (numbers, optional data)
	cSex                  // M, F, X or '<'
	cCheck                // a check digit: 0-9, '<' only where the format allows it
	cCountry              // country code: A-Z or '<'
	cName                 // name field: A-Z or '<'
)

// classes[f][line][col] is the class of every position of format f.
var classes [9][][]uint8

func initClasses() {
	for f, l := range layouts {
		if l == nil {
			continue
		}
		c := make([][]uint8, len(l.lens))
		for i, n := range l.lens {
			c[i] = make([]uint8, n) // cFiller by default
		}
		set := func(s span, k uint8) {
			if s.ok() {
				for i := s.start; i < s.end; i++ {
					c[s.line][i] = k
				}
			}
		}
		set(l.docCode, cAlpha)
		set(l.issuing, cCountry)
		set(l.nationality, cCountry)
		set(l.name, cName)
		set(l.surname, cName)
		set(l.given, cName)
		set(l.number, cAlnum)
		set(l.opt1, cAlnum)
		set(l.opt2, cAlnum)
		set(l.birth, cDigit)
		set(l.expiry, cDigit)
		set(l.sex, cSex)
		set(l.language, cAlpha)
		for _, ck := range l.checks() {
			c[ck.at.line][ck.at.col] = cCheck
		}
		switch Format(f) {
		case FrenchDL:
			c[0][1] = cDigit
		case SwissDL:
			for i := 3; i < 6; i++ {
				c[0][i] = cDigit
			}
			set(l.opt1, cDigit)
			set(l.opt2, cDigit)
		case FrenchID:
			// YYMM of issue, then département (alphanumeric), then serial.
			for i := 0; i < 4; i++ {
				c[1][i] = cDigit
			}
			for i := 7; i < 12; i++ {
				c[1][i] = cDigit
			}
		}
		classes[f] = c
	}
}

// toDigit and toLetter map OCR confusions by position type (the pairs the
// OCR-B glyphs share): in a numeric position O/Q/D→0, I/L→1, Z→2, S→5, G→6,
// B→8; in an alphabetic position the reverse.
var toDigit, toLetter [256]byte

// isFillerLike marks characters a rotated or smudged filler '<' is read as.
var isFillerLike [256]bool

func init() {
	for _, p := range []string{"O0", "Q0", "D0", "I1", "L1", "Z2", "S5", "G6", "B8"} {
		toDigit[p[0]] = p[1]
	}
	for _, p := range []string{"0O", "1I", "2Z", "5S", "6G", "8B"} {
		toLetter[p[0]] = p[1]
	}
	for _, c := range "<KCE" {
		isFillerLike[c] = true
	}
}

// alternatives lists, for an alphanumeric position, the characters an OCR
// stage confuses with c (both directions), for check-digit-guided repair.
var alternatives [256]string

func init() {
	pairs := []string{"O0", "Q0", "D0", "I1", "L1", "Z2", "S5", "G6", "B8", "OQ", "OD"}
	for _, p := range pairs {
		a, b := p[0], p[1]
		alternatives[a] += string(b)
		alternatives[b] += string(a)
	}
	for _, c := range "KCE" {
		alternatives[c] += "<"
	}
}
