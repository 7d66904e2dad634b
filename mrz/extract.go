package mrz

import "strings"

func (s span) of(lines []string) string { return lines[s.line][s.start:s.end] }

// trimFiller removes trailing '<'.
func trimFiller(s string) string {
	i := len(s)
	for i > 0 && s[i-1] == '<' {
		i--
	}
	return s[:i]
}

// words turns fillers inside a value into single spaces and trims them.
func words(s string) string {
	s = trimFiller(s)
	j := 0
	for j < len(s) && s[j] == '<' {
		j++
	}
	s = s[j:]
	if strings.IndexByte(s, '<') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	prev := false
	for i := 0; i < len(s); i++ {
		if s[i] == '<' {
			prev = true
			continue
		}
		if prev {
			b = append(b, ' ')
			prev = false
		}
		b = append(b, s[i])
	}
	return string(b)
}

func (r *Result) add(name string, s span, raw, value string, valid bool) {
	r.Fields = append(r.Fields, Field{Name: name, Raw: raw, Value: value, Valid: valid, Line: s.line, Start: s.start, End: s.end})
}

func (r *Result) fieldErr(name string, s span, reason string) {
	r.Errors = append(r.Errors, &FieldError{Field: name, Line: s.line, Start: s.start, End: s.end, Reason: reason})
}

// allIn reports whether every character of s has class-compatible content.
func onlyLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '<' && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

const reasonUnknownCountry = "unknown country code"

// extract fills the result's fields from normalised, repaired lines.
func (r *Result) extract(l *layout, now nowDate) {
	lines := r.Lines
	r.Fields = r.fieldBuf[:0]
	r.Checks = r.checkBuf[:0]
	structural := len(r.Errors) > 0 // length or alphabet problems found earlier

	// Document code.
	if s := l.docCode; s.ok() {
		raw := s.of(lines)
		ok := docCodeOK(l.format, raw)
		r.DocumentCode = trimFiller(raw)
		r.add("documentCode", s, raw, r.DocumentCode, ok)
		if !ok {
			r.fieldErr("documentCode", s, "document code not allowed for "+l.format.String())
			structural = true
		}
	}
	country := func(name string, s span) string {
		raw := s.of(lines)
		ok := isCode(raw)
		v := trimFiller(raw)
		r.add(name, s, raw, v, ok)
		if !ok {
			r.fieldErr(name, s, reasonUnknownCountry)
			structural = true
		}
		return v
	}
	if l.issuing.ok() {
		r.IssuingState = country("issuingState", l.issuing)
	}

	// Check digits: compute them all first.
	var numberOK, birthOK, expiryOK = true, true, true
	longTail := -1 // TD1/TD2: length of the number's overflow in optional data 1 (incl. its check digit)
	checkOne := func(c *checkSpec, ranges []span, at pos) bool {
		got := lines[at.line][at.col]
		want := byte('0' + checkSum(lines, ranges)%10)
		ok := got == want
		if !ok && c.fillerOK && got == '<' && allFiller(lines, ranges) {
			ok, want = true, '<'
		}
		r.Checks = append(r.Checks, Check{Field: c.name, Valid: ok, Line: at.line, Pos: at.col, Got: got, Want: want})
		r.add(c.field, span{at.line, at.col, at.col + 1}, lines[at.line][at.col:at.col+1], lines[at.line][at.col:at.col+1], ok)
		if !ok {
			r.Errors = append(r.Errors, &CheckDigitError{Field: c.name, Line: at.line, Pos: at.col, Got: got, Want: want})
		}
		return ok
	}

	// Document number.
	if s := l.number; s.ok() {
		raw := s.of(lines)
		number := trimFiller(raw)
		c := l.numberCheck
		if c != nil && l.longNumber && lines[c.at.line][c.at.col] == '<' && lines[l.opt1.line][l.opt1.start] != '<' {
			// Long number: overflow, then its check digit, then '<'.
			opt := l.opt1.of(lines)
			end := strings.IndexByte(opt, '<')
			if end < 0 {
				end = len(opt)
			}
			longTail = end
			cd := pos{l.opt1.line, l.opt1.start + end - 1}
			number = raw + opt[:end-1]
			if end == 1 {
				number = raw
			}
			ok := checkOne(c, []span{s, {l.opt1.line, l.opt1.start, cd.col}}, cd)
			numberOK = ok
			r.DocumentNumber = number
			r.add("documentNumber", span{s.line, s.start, cd.col}, lines[s.line][s.start:cd.col], number, ok)
		} else {
			if c != nil {
				numberOK = checkOne(c, c.ranges, c.at)
			}
			r.DocumentNumber = number
			if l.format == FrenchDL || l.format == FrenchID {
				r.DocumentNumber = raw
				number = raw
			}
			r.add("documentNumber", s, raw, number, numberOK)
		}
	}
	if s := l.language; s.ok() {
		raw := s.of(lines)
		ok := raw == "D" || raw == "F" || raw == "I" || raw == "R"
		r.add("languageCode", s, raw, raw, ok)
		if !ok {
			r.fieldErr("languageCode", s, "language code is not D, F, I or R")
			structural = true
		}
	}

	// Optional data.
	if s := l.opt1; s.ok() {
		if longTail >= 0 {
			s.start += longTail + 1
			if s.start > s.end {
				s.start = s.end
			}
		}
		raw := s.of(lines)
		r.OptionalData1 = trimFiller(raw)
		ok := true
		if l.optCheck != nil {
			ok = checkOne(l.optCheck, l.optCheck.ranges, l.optCheck.at)
		}
		r.add("optionalData1", s, raw, r.OptionalData1, ok)
	}
	if s := l.opt2; s.ok() {
		raw := s.of(lines)
		r.OptionalData2 = trimFiller(raw)
		r.add("optionalData2", s, raw, r.OptionalData2, true)
	}

	// Dates.
	date := func(name string, s span, c *checkSpec, birth bool) (Date, bool) {
		raw := s.of(lines)
		d, reason := resolveDate(raw, birth, now)
		ok := true
		if c != nil {
			ok = checkOne(c, c.ranges, c.at)
		}
		if reason != "" {
			r.fieldErr(name, s, reason)
			if reason != reasonDateUnknown {
				structural = true
			}
		}
		r.add(name, s, raw, "", ok && d.Valid)
		return d, ok
	}
	if l.birth.ok() {
		r.BirthDate, birthOK = date("birthDate", l.birth, l.birthCheck, true)
	}
	if l.sex.ok() {
		raw := l.sex.of(lines)
		ok := true
		switch raw[0] {
		case 'M', 'F', 'X':
			r.Sex = raw
		case '<':
			r.Sex = "X"
		default:
			ok = false
			r.Sex = ""
			r.fieldErr("sex", l.sex, "sex is not M, F, X or '<'")
			structural = true
		}
		r.add("sex", l.sex, raw, r.Sex, ok)
	}
	if l.expiry.ok() {
		r.ExpiryDate, expiryOK = date("expiryDate", l.expiry, l.expiryCheck, false)
	}
	r.setDateValues()
	if l.nationality.ok() {
		r.Nationality = country("nationality", l.nationality)
	} else if l.format == FrenchID {
		r.Nationality = r.IssuingState
	}
	_, _, _ = numberOK, birthOK, expiryOK

	// Names.
	switch {
	case l.name.ok():
		raw := l.name.of(lines)
		sep := strings.Index(raw, "<<")
		var sur, giv string
		if sep < 0 {
			sur = raw
		} else {
			sur, giv = raw[:sep], raw[sep+2:]
		}
		r.Surname = words(sur)
		r.GivenNames = words(giv)
		ok := onlyLetters(raw)
		if !ok {
			r.fieldErr("name", l.name, "name holds digits")
			structural = true
		}
		r.NameTruncated = raw[len(raw)-1] != '<'
		if sep < 0 {
			r.add("surname", l.name, raw, r.Surname, ok)
		} else {
			r.add("surname", span{l.name.line, l.name.start, l.name.start + sep}, sur, r.Surname, ok)
			r.add("givenNames", span{l.name.line, l.name.start + sep + 2, l.name.end}, giv, r.GivenNames, ok)
		}
	case l.surname.ok():
		raw := l.surname.of(lines)
		r.Surname = words(raw)
		ok := onlyLetters(raw)
		r.add("surname", l.surname, raw, r.Surname, ok)
		last := raw[len(raw)-1]
		if l.given.ok() {
			graw := l.given.of(lines)
			r.GivenNames = words(graw)
			gok := onlyLetters(graw)
			r.add("givenNames", l.given, graw, r.GivenNames, gok)
			ok = ok && gok
			last = graw[len(graw)-1]
		}
		r.NameTruncated = last != '<'
		if !ok {
			r.fieldErr("name", l.surname, "name holds digits")
			structural = true
		}
	}
	if l.composite != nil {
		checkOne(l.composite, l.composite.ranges, l.composite.at)
	}
	if l.format == SwissDL {
		for _, s := range []span{{0, 7, 9}, {1, 17, 19}, {1, 25, 30}} {
			if strings.Trim(s.of(lines), "<") != "" {
				r.fieldErr("filler", s, "filler expected")
				structural = true
			}
		}
	}

	// Report checks in the layout's order (number, birth, expiry, optional
	// data, composite).
	for i := 1; i < len(r.Checks); i++ {
		for j := i; j > 0 && checkRank(r.Checks[j].Field) < checkRank(r.Checks[j-1].Field); j-- {
			r.Checks[j], r.Checks[j-1] = r.Checks[j-1], r.Checks[j]
		}
	}
	valid := !structural
	for _, c := range r.Checks {
		valid = valid && c.Valid
	}
	r.Valid = valid
}

// docCodeOK applies ICAO 9303's document-code rules per format.
func docCodeOK(f Format, s string) bool {
	a, b := s[0], s[1]
	letterOrFiller := b == '<' || (b >= 'A' && b <= 'Z')
	switch f {
	case TD3:
		return a == 'P' && letterOrFiller
	case TD1, TD2:
		return (a == 'A' || a == 'C' || a == 'I') && letterOrFiller && b != 'V'
	case MRVA, MRVB:
		return a == 'V' && (letterOrFiller || (b >= '0' && b <= '9'))
	case FrenchID:
		return s == "ID"
	case SwissDL:
		return s == "FA"
	case FrenchDL:
		return (a == 'D' || a == 'A' || a == 'B') && b >= '0' && b <= '9'
	}
	return false
}

// setDateValues fills the date fields' values with one allocation.
func (r *Result) setDateValues() {
	var buf [20]byte
	b := appendDate(buf[:0], r.BirthDate)
	nb := len(b)
	b = appendDate(b, r.ExpiryDate)
	if len(b) == 0 {
		return
	}
	s := string(b)
	for i := range r.Fields {
		switch r.Fields[i].Name {
		case "birthDate":
			r.Fields[i].Value = s[:nb]
		case "expiryDate":
			r.Fields[i].Value = s[nb:]
		}
	}
}

func checkRank(name string) int {
	switch name {
	case "documentNumber":
		return 0
	case "birthDate":
		return 1
	case "expiryDate":
		return 2
	case "optionalData":
		return 3
	}
	return 4
}
