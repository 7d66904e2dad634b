package doctype

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Century says how a two-digit year is resolved.
type Century int

// The century policies.
const (
	// CenturyPast picks the most recent year not after the reference date:
	// dates of birth and issue (the Doc 9303 reader heuristic).
	CenturyPast Century = iota
	// CenturyExpiry picks 20YY, unless that is more than 50 years after
	// the reference date (then 19YY): expiry dates.
	CenturyExpiry
)

// monthNames lists, per month, the EN, FR and ES names (accents folded) and
// the Doc 9303 Part 3 §3 abbreviations. A token names a month when it equals
// an abbreviation or is a prefix of at least three letters of a full name.
var monthNames = [12][]string{
	{"JANUARY", "JANVIER", "ENERO"},
	{"FEBRUARY", "FEVRIER", "FEBRERO"},
	{"MARCH", "MARS", "MARZO"},
	{"APRIL", "AVRIL", "ABRIL"},
	{"MAY", "MAI", "MAYO"},
	{"JUNE", "JUIN", "JUNIO"},
	{"JULY", "JUILLET", "JULIO"},
	{"AUGUST", "AOUT", "AGOSTO"},
	{"SEPTEMBER", "SEPTEMBRE", "SEPTIEMBRE"},
	{"OCTOBER", "OCTOBRE", "OCTUBRE"},
	{"NOVEMBER", "NOVEMBRE", "NOVIEMBRE"},
	{"DECEMBER", "DECEMBRE", "DICIEMBRE"},
}

// Month returns the month number (1-12) a VIZ month token names, in EN, FR or
// ES, full or abbreviated (JAN, FÉV, AOÛT, SEPT, JUIL, AGO, DIC…), or 0.
func Month(tok string) int {
	tok = foldUpper(tok)
	if len(tok) < 3 {
		return 0
	}
	found := 0
	for m, names := range monthNames {
		for _, n := range names {
			if strings.HasPrefix(n, tok) {
				if found != 0 && found != m+1 {
					return 0 // ambiguous
				}
				found = m + 1
			}
		}
	}
	return found
}

// gluedMonths reads two month names whose separating '/' the OCR read as
// I, L or 1 ("APRIAVR" for APR/AVR) or dropped ("JULJUIL"): the month
// they name, or 0.
func gluedMonths(tok string) int {
	for i := 3; i+3 <= len(tok); i++ {
		// The separator lost: both halves name the same month (JULJUIL).
		if a := Month(tok[:i]); a != 0 && a == Month(tok[i:]) {
			return a
		}
		if i+3 < len(tok) {
			// Any one letter for the separator ("JUNJJUIN") when both
			// halves name the same month.
			if a := Month(tok[:i]); a != 0 && a == Month(tok[i+1:]) {
				return a
			}
			if c := tok[i]; c == 'I' || c == 'L' || c == '1' {
				a, b := Month(tok[:i]), Month(tok[i+1:])
				if a != 0 && (a == b || b == 0) {
					return a
				}
			}
		}
		// The separator and the next letter lost ("JULUIL" for JUL/JUIL):
		// the rest, at least three letters, is inside a name of the same
		// month.
		if a := Month(tok[:i]); a != 0 && len(tok)-i >= 3 && insideMonthName(a, tok[i:]) {
			return a
		}
	}
	return 0
}

// insideMonthName reports whether s occurs inside one of month m's names
// (EN, FR, ES; accents folded).
func insideMonthName(m int, s string) bool {
	for _, n := range monthNames[m-1] {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// DateError says why a visual-zone date could not be read.
type DateError struct {
	Input string
	Msg   string
}

func (e *DateError) Error() string { return fmt.Sprintf("doctype: date %q: %s", e.Input, e.Msg) }

// ParseDate reads a date printed in a visual zone, in any Doc 9303 Part 3 §3
// style or a common national one: `12 AUG/AOÛT 74`, `16 APR/AVR 07`,
// `12JUL42`, `12 LUG/JUIL 1942`, `22.01.1975`, `06 12 1965`, `1974-08-12`,
// and returns it as YYYY-MM-DD. Two-digit years are resolved with c against
// now (zero now = time.Now()). Dates with unknown parts (`XX XX 1974`) and
// impossible dates are errors.
func ParseDate(s string, c Century, now time.Time) (string, error) {
	if now.IsZero() {
		now = time.Now()
	}
	toks := dateTokens(s)
	if len(toks) == 0 {
		return "", &DateError{s, "empty"}
	}
	var day, month, year, yearDigits int
	switch {
	case len(toks) >= 3 && isDigits(toks[0]) && len(toks[0]) == 4 && isDigits(toks[1]) && isDigits(toks[2]):
		// ISO order YYYY MM DD, two digits each for month and day (a
		// shorter one is a character lost by the OCR).
		if len(toks[1]) != 2 || len(toks[2]) != 2 {
			return "", &DateError{s, "ISO date needs two-digit month and day"}
		}
		year, yearDigits = atoi(toks[0]), 4
		month, day = atoi(toks[1]), atoi(toks[2])
	case len(toks) == 2 && isDigits(toks[0]) && len(toks[0]) == 4 && isDigits(toks[1]) && len(toks[1]) == 4 &&
		!plausibleYear(atoi(toks[0])) && plausibleYear(atoi(toks[1])):
		// DD MM YYYY with the separator between day and month lost
		// (`1110 2025` for `11 10 2025`); never taken when the first
		// group could be a year (YYYY MMDD).
		day, month = atoi(toks[0][:2]), atoi(toks[0][2:])
		year, yearDigits = atoi(toks[1]), 4
	default:
		// Day first. The month is numeric or one or more month words
		// (national/EN, which must agree); the year follows.
		if !isDigits(toks[0]) || len(toks[0]) > 2 {
			return "", &DateError{s, "no day"}
		}
		day = atoi(toks[0])
		i := 1
		for ; i < len(toks) && !isDigits(toks[i]); i++ {
			m := Month(toks[i])
			if m == 0 {
				m = gluedMonths(toks[i])
			}
			if m == 0 {
				continue // a national month name we do not know, beside a known one
			}
			if month != 0 && m != month {
				return "", &DateError{s, "month names disagree"}
			}
			month = m
		}
		if month == 0 {
			// Numeric styles (DD MM YY, DD.MM.YYYY) print two digits.
			if i == 1 && i < len(toks) && len(toks[i]) == 2 && len(toks[0]) == 2 {
				month = atoi(toks[i])
				i++
			} else {
				return "", &DateError{s, "no month"}
			}
		}
		if i >= len(toks) || !isDigits(toks[i]) || (len(toks[i]) != 2 && len(toks[i]) != 4) {
			return "", &DateError{s, "no year"}
		}
		year, yearDigits = atoi(toks[i]), len(toks[i])
	}
	if yearDigits == 2 {
		year = resolveCentury(year, month, day, c, now)
	}
	if month < 1 || month > 12 {
		return "", &DateError{s, "month out of range"}
	}
	if day < 1 || day > daysIn(year, month) {
		return "", &DateError{s, "day out of range"}
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), nil
}

// plausibleYear reports whether y can be a four-digit year printed on an
// identity document (1900-2099).
func plausibleYear(y int) bool { return y >= 1900 && y <= 2099 }

func resolveCentury(yy, month, day int, c Century, now time.Time) int {
	switch c {
	case CenturyExpiry:
		if 2000+yy > now.Year()+50 {
			return 1900 + yy
		}
		return 2000 + yy
	default:
		y := 2000 + yy
		if m := month; m >= 1 && m <= 12 && day >= 1 && day <= 31 {
			if time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC).After(now) {
				y -= 100
			}
		} else if y > now.Year() {
			y -= 100
		}
		return y
	}
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dateTokens splits s into runs of digits and runs of letters, dropping
// separators (spaces, dots, slashes, hyphens, commas). Letters O and I
// between digits are read as 0 and 1, and a month word misread with a 0 for
// an O (0CT) is mended.
func dateTokens(s string) []string {
	s = foldUpper(s)
	var toks []string
	var cur []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, string(cur))
		}
		cur, kind = nil, 0
	}
	rs := []rune(s)
	for i, r := range rs {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= 'A' && r <= 'Z':
			k = 2
		}
		// O/I/L before a digit, not inside a word, are digits misread.
		if k == 2 && kind != 2 && (r == 'O' || r == 'I' || r == 'L') && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9' {
			r, k = map[rune]rune{'O': '0', 'I': '1', 'L': '1'}[r], 1
		}
		if k != kind {
			flush()
		}
		if k == 0 {
			continue
		}
		kind = k
		cur = append(cur, r)
	}
	flush()
	// 0CT → OCT: a digit 0 glued to letters that then name a month.
	for i, t := range toks {
		if i > 0 && t == "0" && i+1 < len(toks) && !isDigits(toks[i+1]) && Month("O"+toks[i+1]) != 0 {
			toks[i+1] = "O" + toks[i+1]
			toks = append(toks[:i], toks[i+1:]...)
			break
		}
	}
	return toks
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// foldUpper upper-cases s and folds Latin letters with diacritics to their
// base letter (É→E, Û→U, Ç→C); ß becomes SS.
func foldUpper(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = func() map[rune]string {
	m := map[rune]string{}
	add := func(base string, chars string) {
		for _, r := range chars {
			m[r] = base
			m[unicode.ToUpper(r)] = base
		}
	}
	add("A", "ÀÁÂÃÄÅĀĂĄ")
	add("C", "ÇĆĈĊČ")
	add("D", "ÐĎĐ")
	add("E", "ÈÉÊËĒĔĖĘĚ")
	add("G", "ĜĞĠĢ")
	add("H", "ĤĦ")
	add("I", "ÌÍÎÏĨĪĬĮİ")
	add("J", "Ĵ")
	add("K", "Ķ")
	add("L", "ĹĻĽĿŁ")
	add("N", "ÑŃŅŇŊ")
	add("O", "ÒÓÔÕÖØŌŎŐ")
	add("R", "ŔŖŘ")
	add("S", "ŚŜŞŠ")
	add("T", "ŢŤŦ")
	add("U", "ÙÚÛÜŨŪŬŮŰŲ")
	add("W", "Ŵ")
	add("Y", "ÝŶŸ")
	add("Z", "ŹŻŽ")
	m['ß'] = "SS"
	m['ẞ'] = "SS"
	m['Æ'] = "AE"
	m['Œ'] = "OE"
	m['Þ'] = "TH"
	return m
}()
