package mrz

import (
	"errors"
	"fmt"
	"strings"
)

// Build returns valid MRZ lines for id in format f, with every check digit
// computed. Names are transliterated (see Transliterate) and truncated per
// ICAO 9303 when too long; a TD1/TD2 document number longer than 9
// characters uses the long-number rule (first 9 characters, '<' in the check
// digit position, the rest plus its check digit at the start of the optional
// data); visas show only the first 9 characters of a longer number. Empty
// document codes default to "P<", "I<", "V<", "ID", "FA" or "D1".
func Build(f Format, id Identity) ([]string, error) {
	l := layoutOf(f)
	if l == nil {
		return nil, errors.New("mrz: Build: unknown format")
	}
	lines := make([][]byte, len(l.lens))
	for i, n := range l.lens {
		lines[i] = []byte(strings.Repeat("<", n))
	}
	put := func(s span, v string, what string) error {
		v = clean(v)
		if len(v) > s.end-s.start {
			return fmt.Errorf("mrz: Build: %s %q longer than %d characters", what, v, s.end-s.start)
		}
		copy(lines[s.line][s.start:], v)
		return nil
	}
	code := id.DocumentCode
	if code == "" {
		code = map[Format]string{TD1: "I<", TD2: "I<", TD3: "P<", MRVA: "V<", MRVB: "V<", FrenchID: "ID", SwissDL: "FA", FrenchDL: "D1"}[f]
	}
	if err := put(l.docCode, code, "document code"); err != nil {
		return nil, err
	}
	issuing := id.IssuingState
	if f == FrenchID && issuing == "" {
		issuing = "FRA"
	}
	if err := put(l.issuing, issuing, "issuing state"); err != nil {
		return nil, err
	}
	if l.nationality.ok() {
		if err := put(l.nationality, id.Nationality, "nationality"); err != nil {
			return nil, err
		}
	}
	for _, d := range []struct {
		s    span
		v    string
		what string
	}{{l.birth, id.BirthDate, "birth date"}, {l.expiry, id.ExpiryDate, "expiry date"}} {
		if !d.s.ok() || d.v == "" {
			continue
		}
		if len(d.v) != 6 {
			return nil, fmt.Errorf("mrz: Build: %s %q is not YYMMDD", d.what, d.v)
		}
		if err := put(d.s, d.v, d.what); err != nil {
			return nil, err
		}
	}
	if l.sex.ok() {
		sex := clean(id.Sex)
		switch sex {
		case "", "<":
			sex = "<"
		case "M", "F", "X":
		default:
			return nil, fmt.Errorf("mrz: Build: sex %q is not M, F, X or empty", id.Sex)
		}
		lines[l.sex.line][l.sex.start] = sex[0]
	}

	number := clean(id.DocumentNumber)
	opt1 := clean(id.OptionalData1)
	switch {
	case f == SwissDL:
		lang := "D"
		if len(number) == 7 {
			number, lang = number[:6], number[6:]
		}
		if err := put(l.number, number, "document number"); err != nil {
			return nil, err
		}
		copy(lines[0][l.language.start:], lang)
	case l.longNumber && len(number) > 9:
		tail := number[9:]
		ext := tail + string(CheckDigit(number)) + "<" + opt1
		if len(ext) > l.opt1.end-l.opt1.start {
			return nil, fmt.Errorf("mrz: Build: document number %q and optional data %q do not fit", number, opt1)
		}
		copy(lines[l.number.line][l.number.start:], number[:9])
		lines[l.numberCheck.at.line][l.numberCheck.at.col] = '<'
		copy(lines[l.opt1.line][l.opt1.start:], ext)
		opt1 = ""
	case (f == MRVA || f == MRVB) && len(number) > 9:
		number = number[:9]
		fallthrough
	default:
		if err := put(l.number, number, "document number"); err != nil {
			return nil, err
		}
	}
	if opt1 != "" {
		if err := put(l.opt1, opt1, "optional data 1"); err != nil {
			return nil, err
		}
	}
	if l.opt2.ok() {
		if err := put(l.opt2, id.OptionalData2, "optional data 2"); err != nil {
			return nil, err
		}
	} else if clean(id.OptionalData2) != "" {
		return nil, fmt.Errorf("mrz: Build: %v has no optional data 2", f)
	}

	// Names.
	switch {
	case l.name.ok():
		w := l.name.end - l.name.start
		copy(lines[l.name.line][l.name.start:], nameField(id.Surname, id.GivenNames, w))
	case f == FrenchID:
		copy(lines[l.surname.line][l.surname.start:], cutEndingLetter(Transliterate(id.Surname), l.surname.end-l.surname.start))
		g := strings.ReplaceAll(Transliterate(id.GivenNames), "<", "<<")
		copy(lines[l.given.line][l.given.start:], cutEndingLetter(g, l.given.end-l.given.start))
	case f == FrenchDL:
		sn := Transliterate(id.Surname)
		if w := l.surname.end - l.surname.start; len(sn) > w {
			sn = sn[:w]
		}
		copy(lines[l.surname.line][l.surname.start:], sn)
	}
	if f == SwissDL {
		copy(lines[1][17:], "<<")
	}

	// Check digits, composite last.
	strs := make([]string, len(lines))
	for _, c := range l.checks() {
		for i := range lines {
			strs[i] = string(lines[i])
		}
		if c == l.numberCheck && lines[c.at.line][c.at.col] == '<' && l.longNumber && len(number) > 9 {
			continue
		}
		if c.fillerOK && allFiller(strs, c.ranges) {
			lines[c.at.line][c.at.col] = '<'
			continue
		}
		lines[c.at.line][c.at.col] = byte('0' + checkSum(strs, c.ranges)%10)
	}
	for i := range lines {
		strs[i] = string(lines[i])
	}
	return strs, nil
}

// clean upper-cases v and turns spaces into fillers.
func clean(v string) string {
	v = strings.TrimSpace(v)
	v = strings.ToUpper(v)
	return strings.ReplaceAll(v, " ", "<")
}

func allFiller(lines []string, ranges []span) bool {
	for _, r := range ranges {
		for i := r.start; i < r.end; i++ {
			if lines[r.line][i] != '<' {
				return false
			}
		}
	}
	return true
}
