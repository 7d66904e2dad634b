package mrz

import (
	"strings"
	"unicode"
)

// translit maps national characters (upper case) to their MRZ spelling per
// ICAO 9303 Part 3 §6.A (Latin) and §6.B (Cyrillic, main rules). Where the
// table offers options the first is used (Ä→AE, Å→AA, Ñ→N, Ö→OE, Ü→UE).
var translit = map[rune]string{
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'Ā': "A", 'Ă': "A", 'Ą': "A",
	'Ä': "AE", 'Å': "AA", 'Æ': "AE",
	'Ç': "C", 'Ć': "C", 'Ĉ': "C", 'Ċ': "C", 'Č': "C",
	'Ð': "D", 'Ď': "D", 'Đ': "D",
	'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E", 'Ē': "E", 'Ĕ': "E", 'Ė': "E", 'Ę': "E", 'Ě': "E",
	'Ĝ': "G", 'Ğ': "G", 'Ġ': "G", 'Ģ': "G", 'Ĥ': "H", 'Ħ': "H", 'Ĵ': "J", 'Ķ': "K",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'Ĩ': "I", 'Ī': "I", 'Ĭ': "I", 'Į': "I", 'İ': "I", 'ı': "I",
	'Ĳ': "IJ",
	'Ĺ': "L", 'Ļ': "L", 'Ľ': "L", 'Ŀ': "L", 'Ł': "L",
	'Ń': "N", 'Ņ': "N", 'Ň': "N", 'Ŋ': "N", 'Ñ': "N",
	'Ò': "O", 'Ó': "O", 'Ô': "O", 'Õ': "O", 'Ō': "O", 'Ŏ': "O", 'Ő': "O",
	'Ö': "OE", 'Ø': "OE", 'Œ': "OE",
	'Ŕ': "R", 'Ŗ': "R", 'Ř': "R",
	'Ś': "S", 'Ŝ': "S", 'Ş': "S", 'Š': "S", 'ẞ': "SS", 'ß': "SS",
	'Ţ': "T", 'Ť': "T", 'Ŧ': "T", 'Þ': "TH",
	'Ù': "U", 'Ú': "U", 'Û': "U", 'Ũ': "U", 'Ū': "U", 'Ŭ': "U", 'Ů': "U", 'Ű': "U", 'Ų': "U",
	'Ü': "UE",
	'Ŵ': "W", 'Ý': "Y", 'Ŷ': "Y", 'Ÿ': "Y", 'Ź': "Z", 'Ż': "Z", 'Ž': "Z",
	// Cyrillic, ICAO 9303 Part 3 §6.B main column.
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "I", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O",
	'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "KH", 'Ц': "TS",
	'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "IE", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "IU",
	'Я': "IA", 'Є': "IE", 'І': "I", 'Ї': "I", 'Ґ': "G", 'Ў': "U", 'Ђ': "D", 'Ј': "J",
	'Љ': "LJ", 'Њ': "NJ", 'Ѕ': "DZ", 'Џ': "DZ",
}

// Transliterate converts a name to the MRZ alphabet following ICAO 9303
// Part 3 §4.6 and §6: letters are upper-cased and national characters
// transliterated (Ä→AE, Ø→OE, ß→SS, Ж→ZH, …); spaces, hyphens and commas
// become the filler '<' (runs collapse to one); apostrophes and all other
// punctuation, digits and unknown characters are dropped. Leading and
// trailing fillers are removed.
func Transliterate(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
			fallthrough
		case r >= 'A' && r <= 'Z':
			if sep && b.Len() > 0 {
				b.WriteByte('<')
			}
			sep = false
			b.WriteByte(byte(r))
		case r == ' ' || r == '-' || r == ',' || r == '<' || r == '\t' || r == '\u2010' || r == '\u2011':
			sep = true
		default:
			t, ok := translit[unicode.ToUpper(r)]
			if !ok || t == "" {
				continue // apostrophes, punctuation, digits, unknown scripts
			}
			if sep && b.Len() > 0 {
				b.WriteByte('<')
			}
			sep = false
			b.WriteString(t)
		}
	}
	return b.String()
}

// nameField lays out PRIMARY<<SECONDARY in width characters, truncating per
// ICAO 9303 Part 3 §4.6.5 when it overflows: the secondary identifier is cut
// first (down to its first letter), then the primary; a truncated field ends
// with a letter in its last position.
func nameField(surname, given string, width int) string {
	p := Transliterate(surname)
	s := Transliterate(given)
	full := p
	if s != "" {
		full = p + "<<" + s
	}
	if len(full) <= width {
		return full + strings.Repeat("<", width-len(full))
	}
	if s == "" {
		return cutEndingLetter(p, width)
	}
	if len(p)+3 <= width {
		return p + "<<" + fitSecondary(s, width-len(p)-2)
	}
	// The primary identifier alone is too long: keep "<<" and the first
	// letter of the secondary identifier.
	pp := strings.TrimRight(p[:width-3], "<")
	return pp + "<<" + fitSecondary(s, width-len(pp)-2)
}

// fitSecondary shortens the secondary identifier to n characters the way
// ICAO 9303's example "CHAYAPA<DEJTHAMRONG<KRASUANG" → "CHAYAPA<DE<K" does:
// every component keeps at least its initial (the last components are
// dropped if even the initials do not fit), and the remaining room is given
// to the components from left to right, so the field ends with a letter.
func fitSecondary(s string, n int) string {
	if len(s) <= n {
		return s + strings.Repeat("<", n-len(s))
	}
	comps := strings.Split(s, "<")
	need := 2*len(comps) - 1
	for need > n && len(comps) > 1 {
		comps = comps[:len(comps)-1]
		need -= 2
	}
	if need > n {
		return strings.Repeat("<", n)
	}
	extra := n - need
	var b strings.Builder
	for i, c := range comps {
		if i > 0 {
			b.WriteByte('<')
		}
		k := 1 + min(extra, len(c)-1)
		extra -= k - 1
		b.WriteString(c[:k])
	}
	return b.String() + strings.Repeat("<", n-b.Len())
}

// cutEndingLetter cuts s to exactly n characters (n < len(s)) such that the
// last one is a letter: a cut falling on a filler drops the letter before it
// and takes the next component's first letter instead.
func cutEndingLetter(s string, n int) string {
	if n >= len(s) {
		return s + strings.Repeat("<", n-len(s))
	}
	if n <= 0 {
		return ""
	}
	c := s[:n]
	if c[n-1] != '<' {
		return c
	}
	// s[n] is the next component's first letter.
	if n >= 2 && c[n-2] != '<' {
		return c[:n-2] + "<" + s[n:n+1]
	}
	return c[:n-1] + s[n:n+1]
}
