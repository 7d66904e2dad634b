package mrz

import "strings"

func allowed(class, c uint8) bool {
	switch class {
	case cFiller:
		return c == '<'
	case cDigit, cCheck:
		return c == '<' || (c >= '0' && c <= '9')
	case cAlpha, cCountry, cName:
		return c == '<' || (c >= 'A' && c <= 'Z')
	case cSex:
		return c == 'M' || c == 'F' || c == 'X' || c == '<'
	}
	return validByte[c]
}

// Repair fixes OCR confusions in MRZ lines of format f, by position type and
// check digit, and reports every change:
//   - in numeric positions (dates, check digits) O/Q/D→0, I/L→1, Z→2, S→5,
//     G→6, B→8, and K/C/E (a misread filler) → '<';
//   - in alphabetic positions (codes, names) the reverse: 0→O, 1→I, 2→Z,
//     5→S, 6→G, 8→B;
//   - K, C and E where the position must be filler (the padding after a
//     name or a left-aligned number/optional field) → '<';
//   - an unknown country code is replaced by the single look-alike variant
//     that is a known code, if there is exactly one;
//   - alphanumeric fields (document numbers, optional data) are never
//     changed blindly: when their check digit (or, for fields only the
//     composite covers, the composite) fails, every single-character
//     confusion (O/0, Q/0, D/0, I/1, L/1, Z/2, S/5, G/6, B/8) is tried and
//     applied only when exactly one makes the check digit pass.
//
// The lines must already have the format's lengths; otherwise they are
// returned unchanged.
func Repair(f Format, lines []string) ([]string, []Correction) {
	l := layoutOf(f)
	if l == nil || len(lines) != len(l.lens) {
		return lines, nil
	}
	for i, n := range l.lens {
		if len(lines[i]) != n {
			return lines, nil
		}
	}
	var corr []Correction
	out := repairLines(l, append([]string(nil), lines...), &corr, nil, true)
	return out, corr
}

// repairLines repairs lines in place of the slice (reusing buf for the
// result when it changes anything) and appends the corrections.
// With gate, clean lines (see needsRepair) are returned as they are.
func repairLines(l *layout, lines []string, corr *[]Correction, buf []string, gate bool) []string {
	if gate && !needsRepair(l, lines, true) {
		return lines
	}
	b := make([][]byte, len(lines))
	for i, s := range lines {
		b[i] = []byte(s)
	}
	cls := classes[l.format]
	set := func(line, col int, to byte, reason string) {
		*corr = append(*corr, Correction{Line: line, Pos: col, From: b[line][col], To: to, Reason: reason})
		b[line][col] = to
	}
	// 1. Type-driven mapping.
	for i := range b {
		for j, c := range b[i] {
			k := cls[i][j]
			if allowed(k, c) {
				continue
			}
			switch k {
			case cDigit, cCheck:
				if d := toDigit[c]; d != 0 {
					set(i, j, d, "letter in a numeric position")
				} else if isFillerLike[c] {
					set(i, j, '<', "filler read as a letter")
				}
			case cAlpha, cCountry, cName:
				if d := toLetter[c]; d != 0 {
					set(i, j, d, "digit in an alphabetic position")
				}
			case cFiller, cSex:
				if isFillerLike[c] {
					set(i, j, '<', "filler read as a letter")
				}
			}
		}
	}
	// 2. Filler tails of names and left-aligned fields.
	tail := func(s span, from int, reason string) {
		if !s.ok() {
			return
		}
		line := b[s.line][s.start:s.end]
		run := "<<"
		if s == l.given && l.format == FrenchID {
			run = "<<<" // given names are separated by "<<"
		}
		k := fillerTailStart(line, from, run)
		if k < 0 {
			return
		}
		for j := k; j < len(line); j++ {
			if line[j] != '<' {
				set(s.line, s.start+j, '<', reason)
			}
		}
	}
	if l.name.ok() {
		name := b[l.name.line][l.name.start:l.name.end]
		if sep := strings.Index(string(name), "<<"); sep > 0 {
			tail(l.name, sep+2, "filler read as a letter after the name")
		}
	}
	tail(l.surname, 0, "filler read as a letter after the name")
	tail(l.given, 0, "filler read as a letter after the name")
	if l.format != FrenchDL && l.format != FrenchID && l.format != SwissDL {
		tail(l.number, 0, "filler read as a letter in padding")
	}
	if !(l.longNumber && b[l.numberCheck.at.line][l.numberCheck.at.col] == '<') {
		tail(l.opt1, 0, "filler read as a letter in padding")
	}
	tail(l.opt2, 0, "filler read as a letter in padding")

	// 3. Country codes.
	for _, s := range []span{l.issuing, l.nationality} {
		if s.ok() {
			fixCountry(b, s, set)
		}
	}

	// 4. Check-digit-guided repair of alphanumeric fields.
	strs := func() []string {
		out := make([]string, len(b))
		for i := range b {
			out[i] = string(b[i])
		}
		return out
	}
	cur := strs()
	allFieldsOK := true
	for _, c := range l.checks() {
		if c == l.composite {
			continue
		}
		ranges, at := c.ranges, c.at
		if c == l.numberCheck && l.longNumber && b[at.line][at.col] == '<' {
			opt := string(b[l.opt1.line][l.opt1.start:l.opt1.end])
			end := strings.IndexByte(opt, '<')
			if end <= 0 {
				continue
			}
			at = pos{l.opt1.line, l.opt1.start + end - 1}
			ranges = []span{l.number, {l.opt1.line, l.opt1.start, at.col}}
		}
		if checkOK(cur, c, ranges, at) {
			continue
		}
		var tie func([]string) bool
		if cc := l.composite; cc != nil {
			tie = func(s []string) bool { return checkOK(s, cc, cc.ranges, cc.at) }
		}
		if fixByCheck(b, cls, ranges, func(s []string) bool { return checkOK(s, c, ranges, at) }, tie, set) {
			cur = strs()
		} else {
			allFieldsOK = false
		}
	}
	if c := l.composite; c != nil && allFieldsOK && !checkOK(cur, c, c.ranges, c.at) {
		// Only characters no other check digit covers.
		covered := map[pos]bool{}
		for _, o := range l.checks() {
			if o == c {
				continue
			}
			for _, r := range o.ranges {
				for j := r.start; j < r.end; j++ {
					covered[pos{r.line, j}] = true
				}
			}
			covered[o.at] = true
		}
		var free []span
		for _, r := range c.ranges {
			for j := r.start; j < r.end; j++ {
				if !covered[pos{r.line, j}] && cls[r.line][j] == cAlnum {
					free = append(free, span{r.line, j, j + 1})
				}
			}
		}
		if fixByCheck(b, cls, free, func(s []string) bool { return checkOK(s, c, c.ranges, c.at) }, nil, set) {
			cur = strs()
		}
	}
	out := buf[:0]
	return append(out, cur...)
}

func checkOK(lines []string, c *checkSpec, ranges []span, at pos) bool {
	got := lines[at.line][at.col]
	if got == byte('0'+checkSum(lines, ranges)%10) {
		return true
	}
	return c.fillerOK && got == '<' && allFiller(lines, ranges)
}

// fillerTailStart returns the index in field from which everything should
// be filler: the first "<<" at or after from (or from itself when it holds
// '<'), provided every character from there on is filler-like and at least
// one is not '<'. It returns -1 otherwise.
func fillerTailStart(field []byte, from int, run string) int {
	if from >= len(field) {
		return -1
	}
	k := from
	if field[k] != '<' {
		i := strings.Index(string(field[from:]), run)
		if i < 0 {
			return -1
		}
		k = from + i
	}
	letter := false
	for j := k; j < len(field); j++ {
		c := field[j]
		if !isFillerLike[c] {
			return -1
		}
		if c != '<' {
			letter = true
		}
	}
	if !letter {
		return -1
	}
	return k
}

// fixCountry replaces an unknown country code by its only known look-alike.
func fixCountry(b [][]byte, s span, set func(line, col int, to byte, reason string)) {
	code := b[s.line][s.start:s.end]
	if isCode(string(code)) {
		return
	}
	var variants [][3]byte
	try := func(c [3]byte) {
		if !isCode(string(c[:])) {
			return
		}
		for _, v := range variants {
			if v == c {
				return
			}
		}
		variants = append(variants, c)
	}
	// Filler look-alikes ("DKK" → "D<<").
	var c [3]byte
	copy(c[:], code)
	for j := 1; j < 3; j++ {
		if isFillerLike[c[j]] {
			c[j] = '<'
		}
	}
	if c != [3]byte(code) {
		try(c)
	}
	for j := 0; j < 3; j++ {
		for _, a := range []byte(alternatives[code[j]]) {
			if a < 'A' || a > 'Z' {
				continue
			}
			var d [3]byte
			copy(d[:], code)
			d[j] = a
			try(d)
		}
	}
	if len(variants) != 1 {
		return
	}
	found := variants[0]
	for j := 0; j < 3; j++ {
		if code[j] != found[j] {
			set(s.line, s.start+j, found[j], "unknown country code; the only known look-alike")
		}
	}
}

// fixByCheck tries every single-character confusion in the alphanumeric
// positions of ranges and applies it when exactly one makes ok pass.
//
// When several do, tie, if not nil, breaks the tie: the one fix that also
// satisfies it (the composite check digit) is applied.
func fixByCheck(b [][]byte, cls [][]uint8, ranges []span, ok, tie func([]string) bool, set func(line, col int, to byte, reason string)) bool {
	lines := make([]string, len(b))
	for i := range b {
		lines[i] = string(b[i])
	}
	type fix struct {
		line, col int
		to        byte
	}
	var found []fix
	for _, r := range ranges {
		for j := r.start; j < r.end; j++ {
			if cls[r.line][j] != cAlnum {
				continue
			}
			orig := b[r.line][j]
			for _, a := range []byte(alternatives[orig]) {
				b[r.line][j] = a
				lines[r.line] = string(b[r.line])
				if ok(lines) {
					found = append(found, fix{r.line, j, a})
				}
			}
			b[r.line][j] = orig
			lines[r.line] = string(b[r.line])
		}
	}
	if len(found) > 1 && tie != nil {
		// Keep the fixes that also satisfy the tie-breaker.
		var kept []fix
		for _, f := range found {
			orig := b[f.line][f.col]
			b[f.line][f.col] = f.to
			lines[f.line] = string(b[f.line])
			if tie(lines) {
				kept = append(kept, f)
			}
			b[f.line][f.col] = orig
			lines[f.line] = string(b[f.line])
		}
		found = kept
	}
	if len(found) != 1 {
		return false
	}
	f := found[0]
	set(f.line, f.col, f.to, "confusion resolved by the check digit")
	return true
}

// needsRepair is the fast test that lets clean input through without
// copying; withChecks adds the check digits to the test.
func needsRepair(l *layout, lines []string, withChecks bool) bool {
	cls := classes[l.format]
	for i, s := range lines {
		for j := 0; j < len(s); j++ {
			if !allowed(cls[i][j], s[j]) {
				return true
			}
		}
	}
	for _, c := range l.checks() {
		if !withChecks {
			break
		}
		if lines[c.at.line][c.at.col] == '<' && (c.fillerOK || (c == l.numberCheck && l.longNumber)) {
			continue
		}
		if lines[c.at.line][c.at.col] != byte('0'+checkSum(lines, c.ranges)%10) {
			return true
		}
	}
	if l.issuing.ok() && !isCode(l.issuing.of(lines)) {
		return true
	}
	if l.nationality.ok() && !isCode(l.nationality.of(lines)) {
		return true
	}
	for _, s := range []span{l.name, l.surname, l.given, l.number, l.opt1, l.opt2} {
		if s.ok() && hasFillerLikeTail(s.of(lines)) {
			return true
		}
	}
	return false
}

// hasFillerLikeTail: the field ends in a run of '<' broken by K, C or E.
func hasFillerLikeTail(s string) bool {
	seenFiller := false
	for j := len(s) - 1; j >= 0; j-- {
		c := s[j]
		if c == '<' {
			seenFiller = true
			continue
		}
		if !isFillerLike[c] {
			return false
		}
		if seenFiller || j < len(s)-1 {
			// a filler-like letter inside the padding
			if j > 0 && s[j-1] == '<' {
				return true
			}
		}
	}
	return false
}
