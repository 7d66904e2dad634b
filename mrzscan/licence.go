package mrzscan

import (
	"image"
	"math"
	"slices"
	"strings"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// Driving-licence MRZs (ReadFormats with mrz.FrenchDL or mrz.SwissDL).
//
// The French licence (2013 model) prints ONE line of 30 characters, which
// the band search finds like any text line: a line group of one line whose
// length is about 30 pitches is read as FrenchDL, and only the format's
// structure ([DAB] digit "FRA" …) and its two check digits tell it from
// ordinary text. The Swiss and Liechtenstein licence prints lines of 9, 30
// and 30 characters, the short one on top, left-aligned: a pair of long
// lines is looked for a short line one line spacing above its left end (or
// below its right end: the strip is then upside down and is turned). The
// short line is cut on the pitch of the long ones. It carries no check
// digit, so its confidence is the classifier's own (see decodeLicence).

// swissShort is the length of the Swiss licence's first line.
const swissShort = 9

// licenceLen is the length of the licences' long lines.
const licenceLen = 30

// licenceGroup is a line group of a licence MRZ in its strip (upright).
type licenceGroup struct {
	s     *strip
	g     []textLine
	short int // characters of the first line when shorter (swissShort), else 0
}

// licenceBandLikely reports whether band bd is shaped like a licence's
// MRZ alone, so that readMatSeen reads it before the other bands when a
// licence format is asked for (a valid licence reading ends the search,
// and the bands of a licence's other text, blocks of three or more
// stacked lines, are often found first): one line blob (the French line,
// or the Swiss lines merged), or two line blobs at most about three lines
// thick (the Swiss long lines, the short one apart).
func licenceBandLikely(bd band) bool {
	return bd.blobs == 1 || bd.blobs == 2 && bd.thick < 3*bd.lineThick
}

// maxLicenceLines is the number of single lines of a strip tried as a
// French licence line.
const maxLicenceLines = 3

// licenceGroups returns the line groups of strip s (lines ls) that may be
// the MRZ of the formats r reads: single lines of about 30 pitches for
// FrenchDL, two such lines with a short line above their left end for
// SwissDL.
func (r *Reader) licenceGroups(s *strip, ls []textLine) []licenceGroup {
	var out []licenceGroup
	if r.formats.has(mrz.SwissDL) {
		out = s.swissSearch(ls)
	}
	if r.formats.has(mrz.FrenchDL) {
		n := 0
		for _, l := range ls {
			if n == maxLicenceLines {
				break
			}
			if aboutLength(s, l, licenceLen) {
				out = append(out, licenceGroup{s: s, g: []textLine{l}})
				n++
			}
		}
	}
	return out
}

// swissSearch returns the SwissDL line groups of s, whose lines are ls:
// among ls, else among the lines found from the right half of the ink
// (the short line may have merged with the next in the row profile).
func (s *strip) swissSearch(ls []textLine) []licenceGroup {
	out := s.swissGroups(ls)
	if len(out) == 0 {
		if x0, x1, ok := s.inkExtent(); ok {
			out = s.swissGroups(s.linesFrom(x0 + (x1-x0)/2))
		}
	}
	return out
}

// inkExtent returns the first and last columns of s holding ink (Otsu).
func (s *strip) inkExtent() (x0, x1 int, ok bool) {
	col := make([]int, s.w)
	for y := 0; y < s.h; y++ {
		for x, v := range s.bin[y*s.w : (y+1)*s.w] {
			col[x] += int(v)
		}
	}
	x0, x1 = -1, -1
	for x, n := range col {
		if n > 0 {
			if x0 < 0 {
				x0 = x
			}
			x1 = x
		}
	}
	return x0, x1 + 1, x0 >= 0
}

// swissGroups returns the SwissDL line groups among the lines ls of s.
func (s *strip) swissGroups(ls []textLine) []licenceGroup {
	var out []licenceGroup
	var rs *strip // s turned, made once
	for i := 0; i+1 < len(ls); i++ {
		b, c := ls[i], ls[i+1]
		if !pairFits(b, c) || !aboutLength(s, b, licenceLen) && !aboutLength(s, c, licenceLen) {
			continue
		}
		if sh, ok := s.findShort(b, c); ok {
			out = append(out, licenceGroup{s: s, g: []textLine{sh, b, c}, short: swissShort})
			continue
		}
		// Upside down: the short line below the right end.
		if rs == nil {
			rs = s.rotate180()
		}
		fb, fc := flipLine(c, s.w, s.h), flipLine(b, s.w, s.h)
		if sh, ok := rs.findShort(fb, fc); ok {
			out = append(out, licenceGroup{s: rs, g: []textLine{sh, fb, fc}, short: swissShort})
		}
	}
	return out
}

// aboutLength reports whether line l of s holds about n characters: its
// length over its pitch estimate (or, when that fails or locks onto twice
// the pitch, over its cap height, OCR-B's pitch being about 1.05 cap
// heights) is within a fifth of n.
func aboutLength(s *strip, l textLine, n int) bool {
	if !(l.xl >= 0 && l.xr <= float64(s.w) && l.xr > l.xl) {
		return false // not a line of s
	}
	w := l.xr - l.xl
	near := func(e float64) bool { return e > 0.8*float64(n) && e < 1.2*float64(n) }
	if p := s.pitchEstimate(l); p > 0 && (near(w/p+0.3) || near(2*w/p+0.3)) {
		return true
	}
	return l.capH > 0 && near(w/(1.05*l.capH))
}

// pairFits reports whether b and c (top to bottom) look like two
// consecutive MRZ lines: ends aligned within two cap heights, spaced by
// one to 3.5 cap heights.
func pairFits(b, c textLine) bool {
	h := math.Max(b.capH, c.capH)
	if math.Abs(b.xl-c.xl) > 2*h || math.Abs(b.xr-c.xr) > 2*h {
		return false
	}
	xm := (b.xl + b.xr) / 2
	sp := c.yAt(xm) - b.yAt(xm)
	return sp >= (b.capH+c.capH)/2 && sp <= 3.5*h
}

// flipLine returns line l of a w×h strip as seen in the strip turned half
// a turn (strip.rotate180).
func flipLine(l textLine, w, h int) textLine {
	W, H := float64(w-1), float64(h-1)
	return textLine{
		y0: h - l.y1, y1: h - l.y0,
		a: H - l.a - l.b*W, b: l.b,
		xl: W - l.xr, xr: W - l.xl,
		capH: l.capH,
	}
}

// findShort looks for the Swiss licence's short first line above the left
// end of the long lines b and c (top to bottom): ink one line spacing above
// b, starting within a pitch and a half of b's left end, 5.5 to 10.5
// pitches long and followed by at least 4 blank pitches. It returns the
// line for rectify: with b's ends (the short line is cut on the long
// lines' pitch) and the long lines' mean slope, through the short line's
// measured centre.
func (s *strip) findShort(b, c textLine) (textLine, bool) {
	p := (b.xr - b.xl) / (licenceLen - 0.3)
	xm := (b.xl + b.xr) / 2
	sp := c.yAt(xm) - b.yAt(xm)
	if p <= 0 || sp <= 0 {
		return textLine{}, false
	}
	x0 := max(0, int(b.xl-1.5*p))
	x1 := min(s.w, int(b.xl+16*p))
	half := int(math.Ceil(0.5 * sp))
	if x1-x0 < 8 || half < 2 {
		return textLine{}, false
	}
	// Rows around the predicted centre, following b's slope.
	rowAt := func(x, dy int) int { return int(math.Round(b.yAt(float64(x))-sp)) + dy }
	prof := make([]float64, 2*half+1)
	for dy := -half; dy <= half; dy++ {
		for x := x0; x < x1; x++ {
			if y := rowAt(x, dy); y >= 0 && y < s.h {
				prof[dy+half] += float64(s.bin[y*s.w+x])
			}
		}
	}
	mx, peak := 0.0, 0
	for i, v := range prof {
		if v > mx {
			mx, peak = v, i
		}
	}
	if mx < p { // less ink than one pitch of one row
		return textLine{}, false
	}
	top, bot := peak, peak
	for top > 0 && prof[top-1] > 0.25*mx {
		top--
	}
	for bot < len(prof)-1 && prof[bot+1] > 0.25*mx {
		bot++
	}
	capH := float64(bot - top + 1)
	if capH < 0.5*b.capH || capH > 1.5*b.capH {
		return textLine{}, false
	}
	// Columns inked within those rows.
	col := make([]int, x1-x0)
	for x := x0; x < x1; x++ {
		for dy := top - half; dy <= bot-half; dy++ {
			if y := rowAt(x, dy); y >= 0 && y < s.h {
				col[x-x0] += int(s.bin[y*s.w+x])
			}
		}
	}
	if _, _, ok := shortRun(col, p, b.xl-float64(x0), capH); !ok {
		return textLine{}, false
	}
	// The short line's centre, measured at its middle; its direction
	// that of the long lines extrapolated (its own 9 characters fix it
	// badly, and an error grows along the 30 pitches rectify extends it).
	dyc := float64(top+bot)/2 - float64(half)
	xs := b.xl + 4.5*p
	ys := b.yAt(xs) - sp + dyc
	out := b
	out.b = (b.b + c.b) / 2
	out.a = ys - out.b*xs
	out.capH = capH
	out.y0 = int(math.Round(b.yAt(xm) - sp + dyc - capH/2))
	out.y1 = out.y0 + int(capH)
	return out, true
}

// shortRun finds, in the column ink counts col (pitch p), the run of ink
// that starts within 1.5 pitches of x = left (gaps shorter than 0.8 pitch
// bridged) and is 5.5 to 10.5 pitches long (9 characters, the last two
// fillers whose thin strokes blur away), with at least 4 blank pitches
// after it (the rest of col, up to 4 pitches); it returns its ends.
func shortRun(col []int, p, left float64, capH float64) (x0, x1 int, ok bool) {
	if p <= 0 || len(col) == 0 {
		return 0, 0, false
	}
	minInk := max(1, int(capH/8)) // a column with fewer inked rows is a speck
	inked := func(x int) bool { return col[x] >= minInk }
	lo, hi := max(0, int(left-1.5*p)), min(len(col), int(left+1.5*p)+1)
	x0 = -1
	for x := lo; x < hi; x++ {
		if inked(x) {
			x0 = x
			break
		}
	}
	if x0 < 0 {
		return 0, 0, false
	}
	gap := int(0.8 * p)
	last := x0
	for x := x0; x < len(col) && x-last <= gap; x++ {
		if inked(x) {
			last = x
		}
	}
	x1 = last + 1
	w := float64(x1 - x0)
	if w < 5.5*p || w > 10.5*p {
		return 0, 0, false
	}
	// The line ends there: little ink in the next 4 pitches.
	end := min(len(col), x1+int(4*p))
	if float64(end-x1) < 3*p {
		return 0, 0, false // the strip ends too soon to tell
	}
	n := 0
	for x := x1; x < end; x++ {
		if inked(x) {
			n++
		}
	}
	if float64(n) > 0.5*p {
		return 0, 0, false
	}
	return x0, x1, true
}

// bandFormats lists the formats r reads with the shape of band rb.
func (r *Reader) bandFormats(rb *rectBand) []mrz.Format {
	if rb.short > 0 {
		if rb.short == swissShort && rb.nLines == 3 && rb.n == licenceLen && r.formats.has(mrz.SwissDL) {
			return []mrz.Format{mrz.SwissDL}
		}
		return nil
	}
	return r.formatsFor(rb.nLines, rb.n)
}

// segmentShort cuts a band whose first line is shorter (rb.short
// characters, left-aligned): the long lines as segment does, the short one
// on the cells of the line below it, moved to its own centre.
func (rb *rectBand) segmentShort() [][]image.Rectangle {
	long := make([][]image.Rectangle, rb.nLines-1)
	for k := 1; k < rb.nLines; k++ {
		long[k-1] = rb.segmentLine(k)
	}
	rb.uniform = append([][]image.Rectangle{rb.shortRow(long)}, long...)
	if fs, ratio := rb.foreshortened(long); fs != nil && (ratio < 1-foreshortMin || ratio > 1+foreshortMin) {
		long = fs
	}
	return append([][]image.Rectangle{rb.shortRow(long)}, long...)
}

// shortRow returns the first rb.short cells of the first line, cut at the
// columns of long[0] (the next line's cells) shifted by the offset that
// continues the shift from long[1] to long[0] (glyphs slanted by
// perspective the band's homography missed), then moved by up to
// shortSearch pixels to where the short line's ink profile is lowest at
// the cell boundaries.
func (rb *rectBand) shortRow(long [][]image.Rectangle) []image.Rectangle {
	below := long[0]
	n := min(rb.short, len(below))
	if n == 0 {
		return nil
	}
	// The extrapolated shift: the mean offset of the long lines' first
	// cells, line to line.
	d := 0.0
	if len(long) > 1 && len(long[1]) >= len(below) {
		m := min(len(below), 3*n/2)
		for i := 0; i < m; i++ {
			d += float64(below[i].Min.X+below[i].Max.X-long[1][i].Min.X-long[1][i].Max.X) / 2
		}
		d /= float64(m)
		d = math.Max(-shortSearch, math.Min(shortSearch, d))
	}
	yc := rectPad + 0.8*rectPitch
	yc = rb.localCentre(yc, below[0].Min.X, below[n-1].Max.X)
	prof := rb.rowInk(yc) // ink profile of the short line's rows
	at := func(x int) float64 {
		if x < 0 || x >= len(prof) {
			return 0
		}
		return prof[x]
	}
	best, bestCost := 0, math.Inf(1)
	var mean float64
	for _, v := range prof {
		mean += v
	}
	mean /= float64(len(prof))
	for dx := -int(shortSearch); dx <= int(shortSearch); dx++ {
		var cost float64
		for i := 0; i < n; i++ {
			cost += at(below[i].Min.X + dx)
		}
		cost += at(below[n-1].Max.X + dx)
		// A prior towards the extrapolated shift: a pitch away costs as
		// much as a boundary on average ink.
		off := (float64(dx) - d) / rectPitch
		cost += mean * float64(n) * off * off
		if cost < bestCost {
			best, bestCost = dx, cost
		}
	}
	row := make([]image.Rectangle, n)
	for i := 0; i < n; i++ {
		x0, x1 := below[i].Min.X+best, below[i].Max.X+best
		p := float64(x1 - x0)
		yi := rb.localCentre(yc, below[max(0, i-3)].Min.X+best, below[min(n-1, i+3)].Max.X+best)
		row[i] = image.Rect(x0, int(math.Round(yi-0.8*p)), x1, int(math.Round(yi+0.8*p))).Intersect(rb.gray.Rect)
	}
	return row
}

// shortSearch is how far, in rectified pixels (a pitch is 20), shortRow
// moves the short line's cells from the next line's.
const shortSearch = 8.0

// licenceFixed lists the positions of a licence format that hold fixed
// letters (or one of few), which decodeLicence decodes among those
// letters only, with the classifier's own probability as confidence.
func licenceFixed(f mrz.Format) []fixedPos {
	switch f {
	case mrz.FrenchDL:
		return []fixedPos{{0, 0, "DAB"}, {0, 2, "F"}, {0, 3, "R"}, {0, 4, "A"}}
	case mrz.SwissDL:
		return []fixedPos{{0, 6, "DFIR"}, {1, 0, "F"}, {1, 1, "A"}, {1, 2, "CL"}, {1, 3, "HI"}, {1, 4, "E"}}
	}
	return nil
}

// fixedPos is a position (line k, column i) and the letters it allows.
type fixedPos struct {
	k, i    int
	allowed string
}

// restrictCands returns cands with the fixed positions restricted to their
// letters (a letter the classifier did not list getting 1e-3); cands is
// not modified.
func restrictCands(cands [][][]mrz.Candidate, fixed []fixedPos) [][][]mrz.Candidate {
	out := make([][][]mrz.Candidate, len(cands))
	copy(out, cands)
	copied := make([]bool, len(cands))
	for _, fp := range fixed {
		if fp.k >= len(cands) || fp.i >= len(cands[fp.k]) {
			continue
		}
		if !copied[fp.k] {
			out[fp.k] = append([][]mrz.Candidate(nil), cands[fp.k]...)
			copied[fp.k] = true
		}
		var cs []mrz.Candidate
		for j := 0; j < len(fp.allowed); j++ {
			cs = append(cs, mrz.Candidate{Char: fp.allowed[j], P: math.Max(classP(cands[fp.k][fp.i], fp.allowed[j]), 1e-3)})
		}
		out[fp.k][fp.i] = cs
	}
	return out
}

// swissMinP is the classifier probability below which a character of a
// Swiss licence reading makes it invalid: no check digit can vouch for a
// doubtful character, so the reading is reported as a low-score guess
// (score at most 30, Ambiguous) rather than as a valid one.
const swissMinP = 0.5

// decodeLicence decodes the classified cells of a licence band in format f
// (FrenchDL or SwissDL). The fixed letters are decoded among those the
// format allows; every character's probability is at most the
// classifier's own for it (the decoder normalises among the characters a
// position allows, which would make a lone allowed candidate sure). A
// SwissDL reading is valid when it has the format's structure (FA, CHE or
// LIE, digits, fillers, a name of letters) and no character below
// swissMinP; its Prob is the product of its characters' calibrated
// probabilities (swissCalib: the chance that all are right, there being
// no check digit), but for the characters the structure fixes
// (swissFixed).
func (r *Reader) decodeLicence(rb *rectBand, cells [][]image.Rectangle, cands [][][]mrz.Candidate, f mrz.Format) *attempt {
	a := &attempt{rb: rb, cells: cells, format: f}
	d, err := mrz.Decode(f, restrictCands(cands, licenceFixed(f)))
	if err != nil || d == nil || len(d.Lines) != len(cells) {
		return nil
	}
	a.lines, a.charProb, a.prob, a.runnerUp = d.Lines, d.CharProb, d.Prob, d.RunnerUp
	a.parsed = d.Result
	if len(a.charProb) != len(a.lines) {
		return nil
	}
	a.minP = 1
	joint := 1.0
	for k, row := range a.charProb {
		if len(row) != len(a.lines[k]) || len(cands[k]) != len(a.lines[k]) {
			return nil
		}
		for i := range row {
			c := a.lines[k][i]
			raw := classP(cands[k][i], c)
			if len(cands[k][i]) == 1 && cands[k][i][0].Char == '<' && c == '<' {
				raw = cands[k][i][0].P // an empty cell: a sure filler
			}
			row[i] = math.Min(row[i], raw)
			a.minP = math.Min(a.minP, row[i])
			if f != mrz.SwissDL || !swissFixed(k, i) {
				joint *= swissCalib(row[i])
			}
		}
	}
	a.meanLogP, _ = charStats(a.lines, cands)
	switch f {
	case mrz.SwissDL:
		a.prob = joint
		a.valid = d.Result != nil && d.Result.Valid && swissFits(a.lines) && a.minP >= swissMinP
	default:
		a.valid = d.Result != nil && d.Result.Valid
	}
	// Text decoded into the format's structure can pass its two check
	// digits by chance: a reading this illegible is none (finish would
	// drop it, and as valid it would outrank a legible reading of
	// another band).
	a.valid = a.valid && !illegible(a.meanLogP)
	if !a.valid && !licenceFits(f, a.lines) {
		return nil
	}
	return a
}

// swissCalib maps a character's classifier probability p to the chance
// that it is right, as used in a Swiss reading's Prob: 1-(1-p)³. The
// classifier's doubt overstates the error rate of the characters of a
// reading that has the licence's structure: on the tuning seeds 11, 12
// and 977 (photo and hard, 351 Swiss licences), no character of a valid
// reading was wrong, though about 300 of them scored 0.5 to 0.9, and the
// plain product of 35 probabilities left two thirds of the exact
// readings below score 80. The weakest character still bounds the score
// (score multiplies by MinCharProb), so a reading with a character below
// 0.8 stays below 80 and is flagged ambiguous.
func swissCalib(p float64) float64 {
	q := 1 - math.Max(0, math.Min(1, p))
	return 1 - q*q*q
}

// swissFixed reports whether position i of line k of a Swiss licence
// holds a character its structure fixes ("<<" after the language letter,
// "FA", the H or I and E of CHE or LIE, the fillers after the version and
// the date): the reading cannot be wrong there, and its probability does
// not count in the reading's Prob (it still counts in MinCharProb: a
// filler read as a letter betrays a band cut a cell off).
func swissFixed(k, i int) bool {
	switch k {
	case 0:
		return i >= 7
	case 1:
		return i < 2 || i == 3 || i == 4 || i == 17 || i == 18 || i >= 25
	}
	return false
}

// licenceFits reports whether lines start like format f: [DAB], a digit
// and FRA for FrenchDL; line 2 starting FA and CHE or LIE for SwissDL.
func licenceFits(f mrz.Format, lines []string) bool {
	switch f {
	case mrz.FrenchDL:
		if len(lines) != 1 || len(lines[0]) < 5 {
			return false
		}
		l := lines[0]
		return strings.IndexByte("DAB", l[0]) >= 0 && l[1] >= '0' && l[1] <= '9' && l[2:5] == "FRA"
	case mrz.SwissDL:
		return len(lines) == 3 && len(lines[1]) >= 5 && (lines[1][:5] == "FACHE" || lines[1][:5] == "FALIE")
	}
	return false
}

// swissFits reports whether a SwissDL reading has the licence's structure
// beyond what mrz.Parse checks: line 1 = 3 alphanumerics, 3 digits, a
// language letter D, F, I or R, "<<"; line 2 = FA, CHE or LIE, 12 digits,
// "<<", 6 digits, "<<<<<"; line 3 = a name of letters and fillers that
// starts with a letter.
func swissFits(lines []string) bool {
	if len(lines) != 3 || len(lines[0]) != swissShort || len(lines[1]) != licenceLen || len(lines[2]) != licenceLen {
		return false
	}
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	alnum := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'A' && s[i] <= 'Z') {
				return false
			}
		}
		return true
	}
	l0, l1, l2 := lines[0], lines[1], lines[2]
	if !alnum(l0[:3]) || !digits(l0[3:6]) || strings.IndexByte("DFIR", l0[6]) < 0 || l0[7:] != "<<" {
		return false
	}
	if !licenceFits(mrz.SwissDL, lines) || !digits(l1[5:17]) || l1[17:19] != "<<" || !digits(l1[19:25]) || l1[25:] != "<<<<<" {
		return false
	}
	if l2[0] < 'A' || l2[0] > 'Z' {
		return false
	}
	for i := 0; i < len(l2); i++ {
		if l2[i] != '<' && (l2[i] < 'A' || l2[i] > 'Z') {
			return false
		}
	}
	return true
}

// readLicences reads the licence line groups of strip s, whose lines are
// ls (see licenceGroups), and returns the best of their readings and best.
func (r *Reader) readLicences(bd band, s *strip, ls []textLine, gray gocv.Mat, seen *readings, best *attempt) *attempt {
	groups := r.licenceGroups(s, ls)
	if r.formats.has(mrz.SwissDL) && !slices.ContainsFunc(groups, func(g licenceGroup) bool { return g.short > 0 }) {
		// A lone blob holding the three lines runs at a slant to them
		// (the short line pulls its axis) too small for makeStrip to
		// turn it, yet enough to merge the lines' rows: turn the band to
		// the text's direction, searched finer.
		if t := s.textSlant(0.08, 0.005); math.Abs(t) >= 0.005 {
			v := geometry.Pt(-bd.u.Y, bd.u.X)
			u := bd.u.Add(v.Mul(t))
			bd.u = u.Mul(1 / math.Hypot(u.X, u.Y))
			if s2, err := warpStrip(gray, bd); err == nil {
				groups = append(groups, s2.swissSearch(s2.lines())...)
			}
		}
	}
	for _, lg := range groups {
		rb, err := rectify(gray, lg.s, lg.g, licenceLen)
		if err != nil {
			continue
		}
		rb.short = lg.short
		rb.seen = seen
		ori := []*rectBand{rb}
		if lg.short == 0 {
			// One line: either reading direction (the short line of a
			// Swiss band fixed its direction).
			ori = append(ori, rb.rotate180())
		}
		cells := make([][][]image.Rectangle, len(ori))
		for i, b := range ori {
			cells[i] = b.segment()
		}
		if len(ori) == 2 {
			// A French line starts [DAB] digit FRA: read the direction
			// where it does, and neither when none does (ordinary text,
			// which would cost a full reading and may pass the two
			// check digits by chance).
			p0, p1 := r.frenchStart(ori[0], cells[0]), r.frenchStart(ori[1], cells[1])
			if p1 > p0 {
				ori[0], ori[1] = ori[1], ori[0]
				cells[0], cells[1] = cells[1], cells[0]
				p0, p1 = p1, p0
			}
			switch {
			case p0 < frenchStartMin:
				continue
			case p1 < frenchStartMin:
				ori, cells = ori[:1], cells[:1]
			}
		}
		for i, b := range ori {
			a := r.readBand(b, cells[i])
			if a != nil && (best == nil || a.rank() > best.rank()) {
				best = a
			}
			if best != nil && best.confident() {
				return best
			}
		}
	}
	return best
}

// textSlant returns the slope dy/dx within ±lim (searched by dt) that
// makes the row profile of the strip's ink sharpest. Unlike slant it bins
// the sampled rows by the sampling step, so that the unsheared profile,
// whose samples fall one per bin, is not favoured by aliasing.
func (s *strip) textSlant(lim, dt float64) float64 {
	const step = 3
	xs, ys := s.inkSamples(step)
	if len(xs) < 50 || dt <= 0 {
		return 0
	}
	off := float64(s.w) * lim / 2
	nb := int((float64(s.h)+2*off)/step) + 2
	hist := make([]float64, nb)
	sharp := func(t float64) float64 {
		clear(hist)
		for i, x := range xs {
			if b := int(math.Floor((ys[i] - t*x + off) / step)); b >= 0 && b < nb {
				hist[b]++
			}
		}
		var v float64
		for _, c := range hist {
			v += c * c
		}
		return v
	}
	best, bestV := 0.0, sharp(0)
	for t := -lim; t <= lim+dt/2; t += dt {
		if v := sharp(t); v > bestV {
			best, bestV = t, v
		}
	}
	return best
}

// frenchStartMin is the geometric mean of the classifier's probabilities
// for a French licence line's first five characters ([DAB], a digit,
// F, R, A) below which readLicences does not read a line in that
// direction.
const frenchStartMin = 0.02

// frenchStart returns the geometric mean of the probabilities the
// classifier gives the first five cells of the line of rb (cut into
// cells) for the characters a French licence prints there.
func (r *Reader) frenchStart(rb *rectBand, cells [][]image.Rectangle) float64 {
	if len(cells) != 1 || len(cells[0]) < 5 {
		return 0
	}
	want := [5]string{"DAB", "0123456789", "F", "R", "A"}
	lp := 0.0
	for i, allowed := range want {
		c := cells[0][i]
		if c.Empty() {
			return 0
		}
		best := 1e-6
		for _, cd := range r.cls.Classify(rb.gray.SubImage(c).(*image.Gray)) {
			if strings.IndexByte(allowed, cd.Char) >= 0 {
				best = math.Max(best, cd.P)
			}
		}
		lp += math.Log(best)
	}
	return math.Exp(lp / 5)
}

// licenceSettled reports whether a licence reading ends the search for
// bands (readMatSeen): a valid one. The Swiss one is valid only with
// every character at least even (swissMinP), the French one passes two
// check digits; another band (the same MRZ at another pyramid level)
// rarely reads either better, and searching on costs most of a licence
// photo's time.
func (a *attempt) licenceSettled() bool {
	return a.valid && !a.cut && (a.format == mrz.FrenchDL || a.format == mrz.SwissDL)
}
