package mrz

import (
	"errors"
	"sort"
)

// Decoding keeps, per DP state, the topK partial readings; per position at
// most maxCands candidates are used.
const (
	topK     = 3
	maxCands = 6
	// cdFloor is the probability (relative to the best candidate) given to
	// check-digit values the OCR did not propose, so that a misread check
	// digit can still be recovered (with a low Prob).
	cdFloor = 1e-3
)

type cand struct {
	c byte
	p float64 // relative to the position's best candidate (max 1)
}

// Decode returns the most probable MRZ of format f that satisfies the
// format's character classes and all its check digits, given per line and
// position a short list of OCR candidates with probabilities
// (cands[line][pos]). Candidates a position cannot hold are mapped to their
// look-alike (O→0 in a date, 0→O in a name, K→'<' in padding) or dropped; a
// position with no usable candidate accepts any allowed character with a
// small probability.
//
// Each check digit protects an independent segment; for every segment an
// exact k-best dynamic programme over (check residue, composite residue)
// enumerates all combinations of the candidates, and the segments are tied
// together by a second programme over the composite check digit's residue.
// Positions no check digit covers (names, codes, sex) take their most
// probable allowed character.
//
// Before decoding, the candidates are weighed by the decoding priors
// (prior.go), by a letter language model on name positions (namelm.go)
// and by a character-class prior on alphanumeric fields (classprior.go);
// each only settles what the OCR left in doubt.
//
// Prob is the best reading's share of the probability mass of all valid
// readings of the check-protected positions (near 1 when the check digits
// single it out, about 0.5 when two readings are equally likely);
// RunnerUp is the next best valid reading. CharProb holds, per position,
// the OCR probability (normalised among the allowed candidates) of the
// chosen character. Result is the chosen reading parsed. A format without
// any check digit (the Swiss driving licence) gets the per-position most
// probable characters, Prob their joint probability and RunnerUp the
// reading with the single most probable alternative character.
func Decode(f Format, cands [][][]Candidate) (*Decoded, error) {
	l := layoutOf(f)
	if l == nil {
		return nil, errors.New("mrz: Decode: unknown format")
	}
	if len(cands) != len(l.lens) {
		return nil, errors.New("mrz: Decode: " + itoa(len(cands)) + " lines, " + f.String() + " has " + itoa(len(l.lens)))
	}
	for i, n := range l.lens {
		if len(cands[i]) != n {
			return nil, errors.New("mrz: Decode: line " + itoa(i+1) + " has " + itoa(len(cands[i])) + " positions, want " + itoa(n))
		}
	}
	d := newDecoder(l, cands, nil)
	if len(l.checks()) == 0 {
		return d.unconstrained(), nil
	}
	best, runner, bestP, runnerP, mass := d.run()
	if deptDisagrees(f, best) {
		// The card number's check digit settles its département; decode
		// again with the administrative code held to it.
		d = newDecoder(l, cands, []byte(best[1][4:7]))
		best, runner, bestP, runnerP, mass = d.run()
	}
	out := &Decoded{Lines: best}
	if mass > 0 {
		out.Prob = bestP / mass
		if runner != nil {
			out.RunnerUp = runner
			out.RunnerUpProb = runnerP / mass
		}
	}
	r, err := Parse(best, nil)
	if err == nil {
		out.Result = r
		out.Lines = r.Lines
	}
	out.CharProb = d.charProb(out.Lines)
	return out, nil
}

type decoder struct {
	l     *layout
	cls   [][]uint8
	cands [][][]cand // filtered, relative probabilities, sorted desc
	norm  [][][]cand // same, normalised to sum 1 (for CharProb)
	cw    [][]uint8  // composite weight per position (0 = not covered)
}

// newDecoder prepares the candidates of in for decoding with layout l; dept,
// if not nil, is the French card's département to hold the administrative
// code to (weighDept).
func newDecoder(l *layout, in [][][]Candidate, dept []byte) *decoder {
	d := &decoder{l: l, cls: classes[l.format]}
	d.cands = make([][][]cand, len(in))
	d.norm = make([][][]cand, len(in))
	d.cw = make([][]uint8, len(in))
	longOK := l.longNumber
	for i := range in {
		d.cands[i] = make([][]cand, len(in[i]))
		d.norm[i] = make([][]cand, len(in[i]))
		d.cw[i] = make([]uint8, len(in[i]))
		for j := range in[i] {
			k := d.cls[i][j]
			fillerOK := false
			if k == cCheck {
				for _, c := range l.checks() {
					if c.at == (pos{i, j}) && (c.fillerOK || (longOK && c == l.numberCheck)) {
						fillerOK = true
					}
				}
			}
			d.cands[i][j], d.norm[i][j] = filterCands(in[i][j], k, fillerOK)
		}
	}
	if l.docCode.ok() {
		first := d.cands[l.docCode.line][l.docCode.start][0].c
		for i := range d.cands {
			for j := range d.cands[i] {
				d.cands[i][j] = weigh(d.cands[i][j], func(c byte) float64 { return l.posPrior(pos{i, j}, first, c) })
			}
		}
	}
	d.weighDept(dept)
	d.weighNames()
	d.weighClasses()
	if c := l.composite; c != nil {
		w := 0
		for _, r := range c.ranges {
			for j := r.start; j < r.end; j++ {
				d.cw[r.line][j] = uint8(weights[w%3])
				w++
			}
		}
	}
	return d
}

// classAllows reports whether a position of class k (with fillerOK for
// check digits that may be '<') can hold c.
func classAllows(k, c uint8, fillerOK bool) bool {
	if k == cCheck {
		return (c >= '0' && c <= '9') || (fillerOK && c == '<')
	}
	return allowed(k, c)
}

func filterCands(in []Candidate, k uint8, fillerOK bool) (rel, norm []cand) {
	out := make([]cand, 0, len(in)+1)
	add := func(c byte, p float64) {
		for i := range out {
			if out[i].c == c {
				out[i].p += p
				return
			}
		}
		out = append(out, cand{c, p})
	}
	for _, cd := range in {
		c, p := cd.Char, cd.P
		if !(p > 0) || p > 1e300 { // also drops NaN and +Inf
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if !validByte[c] {
			continue
		}
		if !classAllows(k, c, fillerOK) {
			switch {
			case (k == cDigit || k == cCheck) && toDigit[c] != 0:
				c = toDigit[c]
			case (k == cDigit || k == cFiller || k == cSex) && isFillerLike[c]:
				c = '<'
			case (k == cAlpha || k == cCountry || k == cName) && toLetter[c] != 0:
				c = toLetter[c]
			default:
				continue
			}
			if !classAllows(k, c, fillerOK) {
				continue
			}
		}
		add(c, p)
	}
	if len(out) == 0 {
		// Nothing usable: any allowed character, equally (un)likely.
		for c := 0; c < 256; c++ {
			if validByte[c] && classAllows(k, uint8(c), fillerOK) {
				add(byte(c), 1)
			}
		}
	}
	// Insertion sort, most probable first (ties by character).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].p > out[j-1].p || (out[j].p == out[j-1].p && out[j].c < out[j-1].c)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	sum := 0.0
	for _, c := range out {
		sum += c.p
	}
	if len(out) > maxCands {
		out = out[:maxCands]
	}
	norm = make([]cand, len(out))
	top := out[0].p
	for i := range out {
		norm[i] = cand{out[i].c, out[i].p / sum}
		out[i].p /= top
	}
	return out, norm
}

// weigh multiplies the candidates' probabilities by the prior w, sorts
// them again and makes them relative to the best. The candidates are not
// modified when the prior is flat on them.
func weigh(cs []cand, w func(byte) float64) []cand {
	flat := true
	for _, c := range cs {
		if w(c.c) != 1 {
			flat = false
			break
		}
	}
	if flat {
		return cs
	}
	out := make([]cand, 0, len(cs))
	top := 0.0
	for _, c := range cs {
		if p := c.p * w(c.c); p > 0 {
			out = append(out, cand{c.c, p})
			top = max(top, p)
		}
	}
	if len(out) == 0 {
		return cs
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (out[j].p > out[j-1].p || (out[j].p == out[j-1].p && out[j].c < out[j-1].c)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	for i := range out {
		out[i].p /= top
	}
	return out
}

func (d *decoder) prob(p pos, c byte) float64 {
	for _, x := range d.cands[p.line][p.col] {
		if x.c == c {
			return x.p
		}
	}
	return 0
}

func (d *decoder) charProb(lines []string) [][]float64 {
	out := make([][]float64, len(lines))
	for i, s := range lines {
		out[i] = make([]float64, len(s))
		for j := 0; j < len(s); j++ {
			for _, x := range d.norm[i][j] {
				if x.c == s[j] {
					out[i][j] = x.p
				}
			}
		}
	}
	return out
}

// entry is one partial reading of a segment.
type entry struct {
	p     float64
	chars [40]byte
}

// topList keeps the topK most probable entries, best first.
type topList struct {
	n int
	e [topK]entry
}

func (t *topList) push(p float64, chars *[40]byte, i int, c byte) {
	if t.n == topK && p <= t.e[topK-1].p {
		return
	}
	k := t.n
	if k == topK {
		k = topK - 1
	} else {
		t.n++
	}
	for k > 0 && p > t.e[k-1].p {
		t.e[k] = t.e[k-1]
		k--
	}
	t.e[k].p = p
	t.e[k].chars = *chars
	if i >= 0 {
		t.e[k].chars[i] = c
	}
}

// segment is a group of positions whose readings are enumerated together:
// the data of one check digit plus the digit, or a single position covered
// only by the composite.
type segment struct {
	data []pos
	cd   *pos // nil for a single free position
	// fillerOK: the check digit may be '<' when all data are '<'.
	fillerOK bool
	// name: a field decoded under its structure prior (model): a name or
	// a code field.
	name  bool
	model fieldModel
	// per composite residue: top entries and total mass
	top  [10]topList
	mass [10]float64
}

// solve runs the segment's DP over (check residue, composite residue).
func (d *decoder) solve(s *segment) {
	if s.name {
		d.solveName(s)
		return
	}
	if s.cd == nil {
		p := s.data[0]
		w := int(d.cw[p.line][p.col])
		var zero [40]byte
		for _, c := range d.cands[p.line][p.col] {
			r := int(charValue[c.c]) * w % 10
			s.top[r].push(c.p, &zero, 0, c.c)
			s.mass[r] += c.p
		}
		return
	}
	top, ntop := new([100]topList), new([100]topList)
	var mass, nmass [100]float64
	top[0].n = 1
	top[0].e[0].p = 1
	mass[0] = 1
	allFiller := 1.0
	for i, p := range s.data {
		cw := int(d.cw[p.line][p.col])
		w := weights[i%3]
		*ntop = [100]topList{}
		nmass = [100]float64{}
		cs := d.cands[p.line][p.col]
		fp := 0.0
		for st := 0; st < 100; st++ {
			if mass[st] == 0 {
				continue
			}
			cr, pr := st/10, st%10
			for _, c := range cs {
				v := int(charValue[c.c])
				ns := (cr+v*w)%10*10 + (pr+v*cw)%10
				nmass[ns] += mass[st] * c.p
				t := &top[st]
				for k := 0; k < t.n; k++ {
					ntop[ns].push(t.e[k].p*c.p, &t.e[k].chars, i, c.c)
				}
			}
		}
		for _, c := range cs {
			if c.c == '<' {
				fp = c.p
			}
		}
		allFiller *= fp
		top, ntop = ntop, top
		mass = nmass
	}
	n := len(s.data)
	cdw := int(d.cw[s.cd.line][s.cd.col])
	for st := 0; st < 100; st++ {
		if mass[st] == 0 {
			continue
		}
		cr, pr := st/10, st%10
		digit := byte('0' + cr)
		pc := d.prob(*s.cd, digit)
		if pc == 0 {
			pc = cdFloor
		}
		r := (pr + cr*cdw) % 10
		s.mass[r] += mass[st] * pc
		t := &top[st]
		for k := 0; k < t.n; k++ {
			s.top[r].push(t.e[k].p*pc, &t.e[k].chars, n, digit)
		}
	}
	if s.fillerOK && allFiller > 0 {
		// All data '<' and the check digit '<' (TD3 position 43).
		if pc := d.prob(*s.cd, '<'); pc > 0 {
			var chars [40]byte
			for i := 0; i <= n; i++ {
				chars[i] = '<'
			}
			s.mass[0] += allFiller * pc
			s.top[0].push(allFiller*pc, &chars, -1, 0)
		}
	}
}

// back is a backpointer of the cross-segment DP.
type back struct {
	prevR, prevK, seg int8
}

type node struct {
	p float64
	b back
}

// argmax takes every position's most probable allowed character, then
// decodes each name field no check digit covers under the name-structure
// prior (nameModel), and each country code against the known codes.
func (d *decoder) argmax() [][]byte {
	out := make([][]byte, len(d.cands))
	for i := range d.cands {
		out[i] = make([]byte, len(d.cands[i]))
		for j := range d.cands[i] {
			out[i][j] = d.cands[i][j][0].c
		}
	}
	for _, nf := range d.l.structuredFields() {
		if d.covered(nf.s) {
			continue // decoded with the composite (segments)
		}
		s := d.nameSegment(nf)
		d.solve(s)
		if s.top[0].n > 0 {
			e := &s.top[0].e[0]
			for i, p := range s.data {
				out[p.line][p.col] = e.chars[i]
			}
		}
	}
	d.knownCode(out, d.l.issuing)
	d.knownCode(out, d.l.nationality)
	return out
}

// covered reports whether the composite check digit covers span s.
func (d *decoder) covered(s span) bool {
	return s.ok() && d.cw[s.line][s.start] != 0
}

// nameSegment returns the segment of a name field.
func (d *decoder) nameSegment(nf nameSpan) *segment {
	s := &segment{name: true, model: nf.m}
	for j := nf.s.start; j < nf.s.end; j++ {
		s.data = append(s.data, pos{nf.s.line, j})
	}
	return s
}

// solveName runs a name segment's DP over (name automaton state,
// composite residue).
func (d *decoder) solveName(s *segment) {
	const nst = maxModelStates * 10
	top, ntop := new([nst]topList), new([nst]topList)
	var mass, nmass [nst]float64
	st0 := s.model.start() * 10
	top[st0].n = 1
	top[st0].e[0].p = 1
	mass[st0] = 1
	for i, p := range s.data {
		cw := int(d.cw[p.line][p.col])
		*ntop = [nst]topList{}
		nmass = [nst]float64{}
		cs := d.cands[p.line][p.col]
		for st := 0; st < nst; st++ {
			if mass[st] == 0 {
				continue
			}
			ms, r := st/10, st%10
			for _, c := range cs {
				nm, w := s.model.next(ms, c.c)
				if w == 0 {
					continue
				}
				ns := nm*10 + (r+int(charValue[c.c])*cw)%10
				pw := c.p * w
				nmass[ns] += mass[st] * pw
				t := &top[st]
				for k := 0; k < t.n; k++ {
					ntop[ns].push(t.e[k].p*pw, &t.e[k].chars, i, c.c)
				}
			}
		}
		top, ntop = ntop, top
		mass = nmass
	}
	for st := 0; st < nst; st++ {
		if mass[st] == 0 {
			continue
		}
		r := st % 10
		s.mass[r] += mass[st]
		t := &top[st]
		for k := 0; k < t.n; k++ {
			s.top[r].push(t.e[k].p, &t.e[k].chars, -1, 0)
		}
	}
}

// codePrior is how much less probable (by the OCR) a known country code may
// be than an unknown argmax reading and still be preferred: no check digit
// covers these positions, and an unknown code is far rarer than a misread
// letter.
const codePrior = 0.01

// knownCode replaces the 3-letter code at s in out by the most probable
// combination of candidates that is a known country code (ISO 3166-1
// alpha-3 or an ICAO special), when the argmax is not one and such a
// combination is at least codePrior as probable.
func (d *decoder) knownCode(out [][]byte, s span) {
	if !s.ok() || s.end-s.start != 3 {
		return
	}
	field := out[s.line][s.start:s.end]
	if isCode(string(field)) {
		return
	}
	cs := d.cands[s.line][s.start:s.end]
	var best [3]byte
	bestP := 0.0
	for _, a := range cs[0] {
		for _, b := range cs[1] {
			for _, c := range cs[2] {
				p := a.p * b.p * c.p
				if p > bestP && isCode(string([]byte{a.c, b.c, c.c})) {
					best, bestP = [3]byte{a.c, b.c, c.c}, p
				}
			}
		}
	}
	argP := cs[0][0].p * cs[1][0].p * cs[2][0].p
	if bestP > 0 && bestP >= codePrior*argP {
		copy(field, best[:])
	}
}

// segments builds the check-digit segments and the composite-only positions.
func (d *decoder) segments(lines [][]byte) []*segment {
	l := d.l
	var segs []*segment
	inSeg := make([][]bool, len(lines))
	for i := range lines {
		inSeg[i] = make([]bool, len(lines[i]))
	}
	for _, c := range l.checks() {
		if c == l.composite {
			continue
		}
		s := &segment{fillerOK: c.fillerOK}
		ranges, at := c.ranges, c.at
		if c == l.numberCheck && l.longNumber && lines[at.line][at.col] == '<' {
			// Long document number: find where the overflow ends.
			opt := lines[l.opt1.line][l.opt1.start:l.opt1.end]
			end := 0
			for end < len(opt) && opt[end] != '<' {
				end++
			}
			if end >= 1 {
				inSeg[at.line][at.col] = true // stays '<'
				at = pos{l.opt1.line, l.opt1.start + end - 1}
				ranges = []span{l.number, {l.opt1.line, l.opt1.start, at.col}}
			}
		}
		for _, r := range ranges {
			for j := r.start; j < r.end; j++ {
				s.data = append(s.data, pos{r.line, j})
				inSeg[r.line][j] = true
			}
		}
		cd := at
		s.cd = &cd
		inSeg[at.line][at.col] = true
		segs = append(segs, s)
	}
	if c := l.composite; c != nil {
		for _, nf := range l.structuredFields() {
			if d.covered(nf.s) {
				segs = append(segs, d.nameSegment(nf))
				for j := nf.s.start; j < nf.s.end; j++ {
					inSeg[nf.s.line][j] = true
				}
			}
		}
		for _, r := range c.ranges {
			for j := r.start; j < r.end; j++ {
				if !inSeg[r.line][j] {
					segs = append(segs, &segment{data: []pos{{r.line, j}}})
				}
			}
		}
	}
	return segs
}

// run decodes; it returns the best and runner-up readings, their relative
// probabilities and the total mass of valid readings.
func (d *decoder) run() (best, runner []string, bestP, runnerP, mass float64) {
	lines := d.argmax()
	segs := d.segments(lines)
	for _, s := range segs {
		d.solve(s)
	}
	// Cross-segment DP over the composite residue.
	steps := make([][10][]node, len(segs)+1)
	var cur [10][]node
	var curMass [10]float64
	cur[0] = []node{{p: 1, b: back{-1, -1, -1}}}
	curMass[0] = 1
	steps[0] = cur
	for si, s := range segs {
		var nxt [10][]node
		var nmass [10]float64
		for r := 0; r < 10; r++ {
			if curMass[r] == 0 {
				continue
			}
			for sr := 0; sr < 10; sr++ {
				if s.mass[sr] == 0 {
					continue
				}
				nr := (r + sr) % 10
				nmass[nr] += curMass[r] * s.mass[sr]
				for k, a := range cur[r] {
					for ek := 0; ek < s.top[sr].n; ek++ {
						e := &s.top[sr].e[ek]
						n := node{p: a.p * e.p, b: back{int8(r), int8(k), int8(ek)}}
						nxt[nr] = pushNode(nxt[nr], n)
					}
				}
			}
		}
		cur, curMass = nxt, nmass
		steps[si+1] = cur
	}
	// Final: the composite check digit.
	type fin struct {
		p    float64
		r, k int
	}
	var fins []fin
	for r := 0; r < 10; r++ {
		pc := 1.0
		if c := d.l.composite; c != nil {
			pc = d.prob(c.at, byte('0'+r))
			if pc == 0 {
				pc = cdFloor
			}
		} else if r != 0 {
			continue
		}
		mass += curMass[r] * pc
		for k, n := range cur[r] {
			fins = append(fins, fin{n.p * pc, r, k})
		}
	}
	sort.Slice(fins, func(a, b int) bool { return fins[a].p > fins[b].p })
	build := func(f fin) []string {
		out := make([][]byte, len(lines))
		for i := range lines {
			out[i] = append([]byte(nil), lines[i]...)
		}
		if c := d.l.composite; c != nil {
			out[c.at.line][c.at.col] = byte('0' + f.r)
		}
		r, k := f.r, f.k
		for si := len(segs); si > 0; si-- {
			n := steps[si][r][k]
			s := segs[si-1]
			sr := (r - int(n.b.prevR) + 10) % 10
			e := s.top[sr].e[n.b.seg]
			for i, p := range s.data {
				out[p.line][p.col] = e.chars[i]
			}
			if s.cd != nil {
				out[s.cd.line][s.cd.col] = e.chars[len(s.data)]
			}
			r, k = int(n.b.prevR), int(n.b.prevK)
		}
		strs := make([]string, len(out))
		for i := range out {
			strs[i] = string(out[i])
		}
		return strs
	}
	if len(fins) == 0 {
		strs := make([]string, len(lines))
		for i := range lines {
			strs[i] = string(lines[i])
		}
		return strs, nil, 0, 0, 0
	}
	best, bestP = build(fins[0]), fins[0].p
	for _, f := range fins[1:] {
		cand := build(f)
		if !equalLines(cand, best) {
			return best, cand, bestP, f.p, mass
		}
	}
	return best, nil, bestP, 0, mass
}

func pushNode(list []node, n node) []node {
	if len(list) < topK {
		list = append(list, n)
	} else if n.p > list[len(list)-1].p {
		list[len(list)-1] = n
	} else {
		return list
	}
	for i := len(list) - 1; i > 0 && list[i].p > list[i-1].p; i-- {
		list[i], list[i-1] = list[i-1], list[i]
	}
	return list
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// unconstrained decodes a format without check digits.
func (d *decoder) unconstrained() *Decoded {
	lines := d.argmax()
	prob := 1.0
	bestAlt, altLine, altCol := 0.0, -1, -1
	var altChar byte
	for i := range d.norm {
		for j, cs := range d.norm[i] {
			prob *= cs[0].p
			if len(cs) > 1 && cs[0].p > 0 {
				if r := cs[1].p / cs[0].p; r > bestAlt {
					bestAlt, altLine, altCol, altChar = r, i, j, cs[1].c
				}
			}
		}
	}
	out := &Decoded{Lines: make([]string, len(lines)), Prob: prob, CharProb: nil}
	for i := range lines {
		out.Lines[i] = string(lines[i])
	}
	out.CharProb = d.charProb(out.Lines)
	if altLine >= 0 {
		lines[altLine][altCol] = altChar
		out.RunnerUp = make([]string, len(lines))
		for i := range lines {
			out.RunnerUp[i] = string(lines[i])
		}
		out.RunnerUpProb = prob * bestAlt
	}
	if r, err := Parse(out.Lines, nil); err == nil {
		out.Result = r
		out.Lines = r.Lines
		out.CharProb = d.charProb(out.Lines)
	}
	return out
}
