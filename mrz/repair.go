package mrz

import "strings"

// allowedTab[class][c] caches allowed.
var allowedTab [8][256]bool

func init() {
	for k := range allowedTab {
		for c := range allowedTab[k] {
			allowedTab[k][c] = allowedSlow(uint8(k), uint8(c))
		}
	}
}

func allowed(class, c uint8) bool { return allowedTab[class&7][c] }

func allowedSlow(class, c uint8) bool {
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
//     changed blindly: when their check digit fails, every single-character
//     confusion (O/0, Q/0, D/0, I/1, L/1, Z/2, S/5, G/6, B/8) is tried. With
//     a composite check digit, the fixes of all failing fields and the
//     explanation "the check digit itself is misread" are combined, and a
//     field's data change only when every combination that satisfies the
//     composite uses the same fix for it (so a misprinted check digit is
//     reported, not "repaired" away, and ambiguous fields stay as read). Without a composite (visas)
//     the two explanations cannot be told apart and nothing is changed;
//     neither are fields only the composite covers (Decode, which weighs
//     the OCR probabilities, can resolve both).
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
	cur := make([]string, len(b))
	for i := range b {
		cur[i] = string(b[i])
	}
	type failing struct {
		c      *checkSpec
		ranges []span
		at     pos
		fixes  []fix
	}
	var fails []failing
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
		fixes := singleFixes(cur, cls, ranges, func(s []string) bool { return checkOK(s, c, ranges, at) })
		fails = append(fails, failing{c, ranges, at, fixes})
	}
	// Without a composite (visas) a look-alike fix and a misread check
	// digit explain a failed check equally well: nothing is changed.
	if cc := l.composite; cc != nil && len(fails) > 0 {
		// Explanations per failing field: one of its look-alike fixes, or a
		// misread check digit. A combination must satisfy the composite;
		// data are changed only when exactly one combination does.
		options := make([][]fix, len(fails))
		total := 1
		for i, f := range fails {
			want := byte('0' + checkSum(cur, f.ranges)%10)
			options[i] = append(append([]fix(nil), f.fixes...), fix{f.at.line, f.at.col, want, true})
			total *= len(options[i])
		}
		if total <= 4096 {
			// agreed[i] is the option every passing combination uses for
			// field i so far (-1 before the first, -2 after a disagreement).
			agreed := make([]int, len(fails))
			for i := range agreed {
				agreed[i] = -1
			}
			idx := make([]int, len(fails))
			work := make([][]byte, len(b))
			ws := make([]string, len(b))
			for {
				for i := range b {
					work[i] = append(work[i][:0], b[i]...)
				}
				for i, k := range idx {
					x := options[i][k]
					work[x.line][x.col] = x.to
				}
				for i := range work {
					ws[i] = string(work[i])
				}
				if checkOK(ws, cc, cc.ranges, cc.at) {
					for i, k := range idx {
						if agreed[i] == -1 {
							agreed[i] = k
						} else if agreed[i] != k {
							agreed[i] = -2
						}
					}
				}
				// next combination
				i := 0
				for ; i < len(idx); i++ {
					idx[i]++
					if idx[i] < len(options[i]) {
						break
					}
					idx[i] = 0
				}
				if i == len(idx) {
					break
				}
			}
			// Apply the data fixes all consistent explanations agree on.
			for i, k := range agreed {
				if k >= 0 && !options[i][k].cd {
					x := options[i][k]
					set(x.line, x.col, x.to, "confusion resolved by the check digits")
				}
			}
		}
	}
	for i := range b {
		cur[i] = string(b[i])
	}
	out := buf[:0]
	return append(out, cur...)
}

// fix is one character substitution; cd marks "the check digit itself was
// misread" (an explanation that Repair never applies).
type fix struct {
	line, col int
	to        byte
	cd        bool
}

// singleFixes lists the single look-alike substitutions in the alphanumeric
// positions of ranges that make ok pass.
func singleFixes(lines []string, cls [][]uint8, ranges []span, ok func([]string) bool) []fix {
	var found []fix
	work := append([]string(nil), lines...)
	for _, r := range ranges {
		row := []byte(lines[r.line])
		for j := r.start; j < r.end; j++ {
			if cls[r.line][j] != cAlnum {
				continue
			}
			orig := row[j]
			for _, a := range []byte(alternatives[orig]) {
				row[j] = a
				work[r.line] = string(row)
				if ok(work) {
					found = append(found, fix{r.line, j, a, false})
				}
			}
			row[j] = orig
			work[r.line] = lines[r.line]
		}
	}
	return found
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

// needsRepair is the fast test that lets clean input through without
// copying; withChecks adds the check digits to the test.
func needsRepair(l *layout, lines []string, withChecks bool) bool {
	cls := classes[l.format]
	for i, s := range lines {
		ci := cls[i][:len(s)]
		for j := 0; j < len(s); j++ {
			if !allowedTab[ci[j]&7][s[j]] {
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
