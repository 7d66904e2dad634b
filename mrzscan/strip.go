package mrzscan

import (
	"image"
	"image/color"
	"math"
	"sort"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// stripCapH is the cap height, in strip pixels, the band is resampled to
// before the text lines are measured.
const stripCapH = 26.0

// maxRunCapH bounds, in stripCapH, the cap height convergingLines
// measures a line's length against.
const maxRunCapH = 1.2

// maxTiltedRun is, in stripCapH, the tallest run of rows convergingLines
// takes for a line: a line tilted against the strip by perspective spans
// more rows than its cap height.
const maxTiltedRun = 3.0

// strip is a band resampled upright (up to 180°) at a fixed text size.
type strip struct {
	w, h    int
	ink     []byte              // blackhat (darkness above the local background)
	bin     []byte              // ink above the Otsu threshold: 1, else 0
	gray    []byte              // the resampled image itself (nil: not kept)
	toImage geometry.Homography // strip pixel → upload pixel
}

// textLine is one text line found in a strip.
type textLine struct {
	y0, y1 int     // rows of the ink run
	a, b   float64 // centre line y = a + b·x
	xl, xr float64 // ink extents
	capH   float64
}

func (l textLine) yAt(x float64) float64 { return l.a + l.b*x }

// makeStrip warps the band out of the full-resolution image. When the text
// in the strip of a lone blob runs at a slant (the blob merged the lines
// with a signature or other print, or perspective makes the lines
// diverge), the band is turned to the text's direction and warped again.
func makeStrip(gray gocv.Mat, bd band) (*strip, error) {
	s, err := warpStrip(gray, bd)
	if err != nil || bd.blobs >= 2 {
		// The direction of a band of stacked line blobs is their own.
		return s, err
	}
	t := s.slant()
	if math.Abs(t) < minSlant {
		return s, nil
	}
	v := geometry.Pt(-bd.u.Y, bd.u.X)
	u := bd.u.Add(v.Mul(t))
	bd.u = u.Mul(1 / math.Hypot(u.X, u.Y))
	if s2, err := warpStrip(gray, bd); err == nil {
		return s2, nil
	}
	return s, nil
}

// minSlant is the least text slope in a strip (rows per column) for which
// makeStrip turns the band.
const minSlant = 0.025

// inkSamples returns the ink pixels of the strip on every step-th row and
// column: x relative to the strip's centre column, and y.
func (s *strip) inkSamples(step int) (xs, ys []float64) {
	for y := 0; y < s.h; y += step {
		row := s.bin[y*s.w : (y+1)*s.w]
		for x := 0; x < s.w; x += step {
			if row[x] != 0 {
				xs = append(xs, float64(x)-float64(s.w)/2)
				ys = append(ys, float64(y))
			}
		}
	}
	return xs, ys
}

// slant returns the slope dy/dx of the text lines in the strip: the shear
// within ±0.12 that makes the row profile of the ink sharpest (sampled on
// every third row and column). It is 0 unless the best shear beats the
// unsheared profile by 8 % (the sum of squared row counts).
func (s *strip) slant() float64 {
	const step = 3
	xs, ys := s.inkSamples(step)
	if len(xs) < 50 {
		return 0
	}
	nb := s.h/2 + s.w/8 + 2
	hist := make([]float64, nb)
	sharp := func(t float64) float64 {
		clear(hist)
		off := float64(s.w) * 0.12 / 2
		for i, x := range xs {
			b := int((ys[i]-t*x+off)/2 + 0.5)
			if b >= 0 && b < nb {
				hist[b]++
			}
		}
		var v float64
		for _, c := range hist {
			v += c * c
		}
		return v
	}
	v0 := sharp(0)
	best, bestV := 0.0, v0
	for t := -0.12; t <= 0.1201; t += 0.01 {
		if v := sharp(t); v > bestV {
			best, bestV = t, v
		}
	}
	if bestV < 1.08*v0 {
		return 0
	}
	return best
}

// warpStrip resamples the band upright at stripCapH.
func warpStrip(gray gocv.Mat, bd band) (*strip, error) {
	f := stripCapH / math.Max(bd.lineThick, 4)
	f = math.Min(math.Max(f, 0.3), 4)
	// Generous margins along the lines: glare or a fold can cut a line's
	// blob short, and a truncated line could read as a shorter format.
	mx := math.Max(1.5*bd.lineThick, 0.25*bd.length)
	my := 2.5 * bd.lineThick
	if bd.blobs < 2 {
		my = 4 * bd.lineThick
	}
	W := int(math.Ceil((bd.length + 2*mx) * f))
	H := int(math.Ceil((bd.thick + 2*my) * f))
	if W > 3000 {
		f *= 3000 / float64(W)
		W = 3000
		H = int(math.Ceil((bd.thick + 2*my) * f))
	}
	if W < 16 || H < 16 || H > 2000 {
		return nil, errNoLines
	}
	u := bd.u
	v := geometry.Pt(-u.Y, u.X)
	o := bd.c.Add(u.Mul(-(bd.length/2 + mx))).Add(v.Mul(-(bd.thick/2 + my)))
	A := geometry.Homography{u.X / f, v.X / f, o.X, u.Y / f, v.Y / f, o.Y, 0, 0, 1}
	st := &strip{w: W, h: H, toImage: A}
	dst := gocv.NewMat()
	defer dst.Close()
	if err := warpInto(gray, &dst, A, image.Pt(W, H)); err != nil {
		return nil, err
	}
	st.ink, st.bin = inkOf(dst, stripCapH)
	st.gray = dst.ToBytes()
	return st, nil
}

// warpInto resamples src into dst (size sz) where h maps dst pixels to src pixels.
func warpInto(src gocv.Mat, dst *gocv.Mat, h geometry.Homography, sz image.Point) error {
	m := gocv.NewMatWithSize(3, 3, gocv.MatTypeCV64F)
	defer m.Close()
	for i := 0; i < 9; i++ {
		m.SetDoubleAt(i/3, i%3, h[i])
	}
	gocv.WarpPerspectiveWithParams(src, dst, m, sz, gocv.InterpolationLinear|gocv.WarpInverseMap, gocv.BorderReplicate, color.RGBA{})
	if dst.Empty() {
		return errNoLines
	}
	return nil
}

// inkOf returns the blackhat of a gray Mat (kernel about 0.75 cap height) and
// its Otsu binarisation.
func inkOf(g gocv.Mat, capH float64) (ink, bin []byte) {
	bh := gocv.NewMat()
	defer bh.Close()
	k := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(odd(capH*0.75), odd(capH*0.75)))
	defer k.Close()
	gocv.MorphologyEx(g, &bh, gocv.MorphBlackhat, k)
	ink = bh.ToBytes()
	t := otsu(ink)
	if t < 12 {
		t = 12
	}
	bin = make([]byte, len(ink))
	for i, v := range ink {
		if int(v) > t {
			bin[i] = 1
		}
	}
	return ink, bin
}

func otsu(p []byte) int {
	var hist [256]float64
	for _, v := range p {
		hist[v]++
	}
	total := float64(len(p))
	var sum float64
	for i, c := range hist {
		sum += float64(i) * c
	}
	var sumB, wB, best float64
	t := 0
	for i := 0; i < 256; i++ {
		wB += hist[i]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * hist[i]
		mB := sumB / wB
		mF := (sum - sumB) / wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, t = v, i
		}
	}
	return t
}

// rotate180 returns the strip turned half a turn.
func (s *strip) rotate180() *strip {
	r := &strip{w: s.w, h: s.h, ink: make([]byte, len(s.ink)), bin: make([]byte, len(s.bin))}
	n := len(s.ink)
	for i := range s.ink {
		r.ink[n-1-i] = s.ink[i]
		r.bin[n-1-i] = s.bin[i]
	}
	if len(s.gray) == n {
		r.gray = make([]byte, n)
		for i, v := range s.gray {
			r.gray[n-1-i] = v
		}
	}
	flip := geometry.Homography{-1, 0, float64(s.w - 1), 0, -1, float64(s.h - 1), 0, 0, 1}
	r.toImage = s.toImage.Mul(flip)
	return r
}

// lines finds the text lines of the strip, top to bottom.
func (s *strip) lines() []textLine { return s.linesFrom(0) }

// linesFrom is lines with the rows' ink counted from column x0 on: lines
// that end left of x0 (the Swiss licence's short line) neither count nor
// merge with the others, whose extents are still measured across the
// whole strip.
func (s *strip) linesFrom(x0 int) []textLine { return s.measureLines(x0, false) }

// measureLines is linesFrom, or convergingLines with converging set.
func (s *strip) measureLines(x0 int, converging bool) []textLine {
	x0 = max(0, min(x0, s.w))
	prof := make([]float64, s.h)
	for y := 0; y < s.h; y++ {
		row := s.bin[y*s.w+x0 : (y+1)*s.w]
		n := 0
		for _, v := range row {
			n += int(v)
		}
		prof[y] = float64(n)
	}
	prof = smooth(prof, 2)
	mx := 0.0
	for _, v := range prof {
		mx = math.Max(mx, v)
	}
	if mx == 0 {
		return nil
	}
	thr := 0.2 * mx
	// The runs of inked rows, tall ones split into lines.
	var runs [][2]int
	for y := 0; y < s.h; {
		if prof[y] <= thr {
			y++
			continue
		}
		y0 := y
		for y < s.h && prof[y] > thr {
			y++
		}
		runs = append(runs, splitRun(prof, y0, y)...)
	}
	maxH := 2.2 * stripCapH
	if converging {
		maxH = maxTiltedRun * stripCapH
	}
	var out []textLine
	for i, r := range runs {
		hgt := float64(r[1] - r[0])
		if hgt < 0.4*stripCapH || hgt > maxH {
			continue
		}
		lo, hi, lenCapH := -1, s.h, hgt
		if converging {
			// Each line's centre is fitted on the rows around its own
			// run only, and its length measured against a cap height
			// near the strip's (see convergingLines).
			if i > 0 {
				lo = runs[i-1][1]
			}
			if i+1 < len(runs) {
				hi = runs[i+1][0]
			}
			lenCapH = math.Min(lenCapH, maxRunCapH*stripCapH)
		}
		if l, ok := s.measureLine(r[0], r[1], lo, hi, lenCapH); ok {
			out = append(out, l)
		}
	}
	return out
}

// convergingLines measures the strip's text lines as lines does, for lines
// that converge: a TD1 seen under strong perspective, whose line spacing
// shrinks along the lines. Two of its lines then run together at one end,
// in the row profile a run that splitRun cuts in two at its deepest
// minimum; the piece is taller than its line's cap height, too tall for
// lines' length test (an MRZ line is at least 15 cap heights long), and
// each line's centre, fitted on the rows within half a cap height of its
// run, is pulled by its neighbour's ink; a line tilted against the strip
// spans more rows than lines takes for one. Here each line is fitted on
// the rows of its own run and the gaps beside it, measured against a cap
// height of at most maxRunCapH times the strip's, and runs up to
// maxTiltedRun times the strip's cap height count. Only asked for when a
// strip's lines look like a TD1 missing a line (readMatSeen): fitted this
// way everywhere, the lines of blurred bands read worse (seven hard tuning
// seeds: 1 029 of 1 050 exact against 1 030).
func (s *strip) convergingLines() []textLine { return s.measureLines(0, true) }

// splitRun splits a run of inked rows that is too tall for one line (close
// lines, as on TD1, blur into each other) at its deepest inner minimum,
// recursively.
func splitRun(prof []float64, y0, y1 int) [][2]int {
	if float64(y1-y0) <= 1.5*stripCapH {
		return [][2]int{{y0, y1}}
	}
	m := int(math.Round(0.4 * stripCapH))
	lo, hi := y0+m, y1-m
	best := -1
	for y := lo; y < hi; y++ {
		if best < 0 || prof[y] < prof[best] {
			best = y
		}
	}
	if best < 0 {
		return [][2]int{{y0, y1}}
	}
	peak := func(a, b int) float64 {
		m := 0.0
		for y := a; y < b; y++ {
			m = math.Max(m, prof[y])
		}
		return m
	}
	if prof[best] > 0.7*math.Min(peak(y0, best), peak(best, y1)) {
		return [][2]int{{y0, y1}}
	}
	return append(splitRun(prof, y0, best), splitRun(prof, best, y1)...)
}

func smooth(v []float64, r int) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		var s float64
		n := 0
		for j := i - r; j <= i+r; j++ {
			if j >= 0 && j < len(v) {
				s += v[j]
				n++
			}
		}
		out[i] = s / float64(n)
	}
	return out
}

// measureLine finds the horizontal extent and the centre line of the text
// whose ink run spans rows y0..y1. The centre line is fitted on the ink of
// the rows within half a cap height of the run, but not above lo or below
// hi (-1 and s.h: no bound); a line shorter than 15 times lenCapH is none.
func (s *strip) measureLine(y0, y1, lo, hi int, lenCapH float64) (textLine, bool) {
	capH := float64(y1 - y0)
	col := make([]int, s.w)
	for y := y0; y < y1; y++ {
		row := s.bin[y*s.w : (y+1)*s.w]
		for x, v := range row {
			col[x] += int(v)
		}
	}
	// Runs of inked columns, merged across gaps shorter than a cap height;
	// keep the run with the most ink.
	gap := int(capH * 1.3)
	bestInk, bx0, bx1 := 0, 0, 0
	x := 0
	for x < s.w {
		if col[x] == 0 {
			x++
			continue
		}
		x0, last, ink := x, x, 0
		for x < s.w && x-last <= gap {
			if col[x] > 0 {
				last = x
				ink += col[x]
			}
			x++
		}
		if ink > bestInk {
			bestInk, bx0, bx1 = ink, x0, last+1
		}
		x = last + 1
	}
	bx0, bx1 = trimSpecks(col, bx0, bx1, capH)
	bx0, bx1 = s.trimOffPaper(bx0, bx1, y0, y1, capH)
	if float64(bx1-bx0) < 15*lenCapH {
		return textLine{}, false
	}
	// Centre line: ink centroids in slabs, least squares.
	slab := int(2 * capH)
	ya, yb := max(0, lo, y0-int(capH/2)), min(s.h, hi, y1+int(capH/2))
	var sw, sx, sy, sxx, sxy float64
	for xs := bx0; xs < bx1; xs += slab {
		xe := min(bx1, xs+slab)
		var m, my, mxs float64
		for y := ya; y < yb; y++ {
			row := s.ink[y*s.w : (y+1)*s.w]
			for x := xs; x < xe; x++ {
				v := float64(row[x])
				m += v
				my += v * float64(y)
				mxs += v * float64(x)
			}
		}
		if m == 0 {
			continue
		}
		cx, cy := mxs/m, my/m
		sw += m
		sx += m * cx
		sy += m * cy
		sxx += m * cx * cx
		sxy += m * cx * cy
	}
	if sw == 0 {
		return textLine{}, false
	}
	den := sw*sxx - sx*sx
	b := 0.0
	if den > 1e-9 {
		b = (sw*sxy - sx*sy) / den
	}
	a := (sy - b*sx) / sw
	return textLine{y0: y0, y1: y1, a: a, b: b, xl: float64(bx0), xr: float64(bx1), capH: capH}, true
}

// trimSpecks drops from the ends of the ink run [x0, x1) of a line specks
// the run took in across a gap: pieces narrower than a quarter of the cap
// height with less ink than half a cap height's column (a corner of the
// card's edge, a fleck of the background), which no glyph is, not even a
// faint filler. A line printed close to the card's edge otherwise runs on
// to such specks, and a line cut a pitch too long drifts by a cell (the
// French identity card's MRZ lies about one cap height from the edge). col
// holds the inked pixels per column within the line's rows.
func trimSpecks(col []int, x0, x1 int, capH float64) (int, int) {
	maxW, maxInk := int(capH/4), int(capH/2)
	for k := 0; k < 3 && x1-x0 > 2; k++ {
		// Right end: the piece of inked columns, then the gap before it.
		e := x1 - 1
		ink := 0
		for e >= x0 && col[e] > 0 {
			ink += col[e]
			e--
		}
		g := e
		for g >= x0 && col[g] == 0 {
			g--
		}
		if g < x0 || x1-1-e > maxW || ink >= maxInk || e-g < 2 {
			break
		}
		x1 = g + 1
	}
	for k := 0; k < 3 && x1-x0 > 2; k++ {
		e := x0
		ink := 0
		for e < x1 && col[e] > 0 {
			ink += col[e]
			e++
		}
		g := e
		for g < x1 && col[g] == 0 {
			g++
		}
		if g >= x1 || e-x0 > maxW || ink >= maxInk || g-e < 2 {
			break
		}
		x0 = g
	}
	return x0, x1
}

// offPaper is the share of a line's median paper brightness below which
// the end of its ink run lies off the document, and edgePaper the share
// below which it lies at the document's edge (trimOffPaper).
const (
	offPaper  = 0.75
	edgePaper = 0.93
)

// trimOffPaper cuts from the ends of the ink run [x0, x1) of the line in rows
// y0..y1 the columns that lie off the document or at its edge. The paper
// around the line is the brightest pixel of a column within half a cap
// height of the line's rows, averaged over half a cap height of columns;
// where, at an end of the run, it falls below offPaper times its median
// along the run, the run crosses the document's edge, and it is cut back
// to where the paper starts to darken (edgePaper). A line printed close to
// the card's edge (the French identity card's MRZ) otherwise runs on into
// the darker background beyond it, which the blackhat marks as ink next to
// the bright card: the line is cut a pitch or two too long and its cells
// drift. At most four cap heights are cut at either end, and only where
// the paper darkens from edgePaper to offPaper within a cap height (a
// shadow or a gradient of light over the line is not an edge; without
// this test, seed 2029 lost two documents the cut reached into).
func (s *strip) trimOffPaper(x0, x1, y0, y1 int, capH float64) (int, int) {
	if len(s.gray) != s.w*s.h || x1-x0 < 4 {
		return x0, x1
	}
	ya, yb := max(0, y0-int(capH/2)), min(s.h, y1+int(capH/2))
	col := make([]float64, x1-x0)
	for x := x0; x < x1; x++ {
		m := byte(0)
		for y := ya; y < yb; y++ {
			m = max(m, s.gray[y*s.w+x])
		}
		col[x-x0] = float64(m)
	}
	paper := smooth(col, max(1, int(capH/4)))
	sorted := append([]float64(nil), paper...)
	sort.Float64s(sorted)
	med := sorted[len(sorted)/2]
	n := len(paper)
	// run returns how many values from one end (step ±1 from i) are below t.
	run := func(i, step int, t float64) int {
		k := 0
		for ; i >= 0 && i < n && paper[i] < t; i += step {
			k++
		}
		return k
	}
	lim := min(int(4*capH), n/4)
	// The paper must fall from edgePaper to offPaper within a cap height
	// (an edge, blurred): a gradient of light darkens it slowly.
	ramp := int(capH)
	// And it must stay off the paper for a quarter of a cap height: a few
	// darker columns at the run's very end are no edge.
	off := max(1, int(capH/4))
	if r, e := run(n-1, -1, offPaper*med), run(n-1, -1, edgePaper*med); r >= off && e <= lim && e-r <= ramp {
		x1 -= e
	}
	if l, e := run(0, 1, offPaper*med), run(0, 1, edgePaper*med); l >= off && e <= lim && e-l <= ramp {
		x0 += e
	}
	return x0, x1
}

// lineGroups returns the plausible MRZ line groups (2 or 3 lines), best first.
func lineGroups(ls []textLine) [][]textLine {
	var out [][]textLine
	fits := func(g []textLine) bool {
		h, hm := 0.0, 0.0
		for _, l := range g {
			h = math.Max(h, l.capH)
			hm += l.capH / float64(len(g))
		}
		for i := 1; i < len(g); i++ {
			if math.Abs(g[i].xl-g[0].xl) > 2*h || math.Abs(g[i].xr-g[0].xr) > 2*h {
				return false
			}
			// The lower bound uses the mean run height: on blurred TD1
			// lines one run can swell to the line spacing. It holds at
			// the left end or mid-line: blur across the lines biases the
			// fitted slopes, and lines then seem to converge at one end.
			sp := g[i].yAt(g[i].xl) - g[i-1].yAt(g[i-1].xl)
			xm := (g[i].xl + g[i].xr) / 2
			spM := g[i].yAt(xm) - g[i-1].yAt(xm)
			if math.Max(sp, spM) < 1.0*hm || sp > 3.5*h {
				return false
			}
		}
		if len(g) == 3 {
			// Compare the spacings mid-line: the fitted slopes differ a
			// little, so intercepts at x=0 (far left of the text) would
			// exaggerate a difference.
			xm := (g[0].xl + g[0].xr) / 2
			s1 := g[1].yAt(xm) - g[0].yAt(xm)
			s2 := g[2].yAt(xm) - g[1].yAt(xm)
			if math.Abs(s1-s2) > 0.25*math.Max(s1, s2) {
				return false
			}
		}
		return true
	}
	for _, n := range [...]int{3, 2} {
		for i := 0; i+n <= len(ls); i++ {
			g := ls[i : i+n]
			if fits(g) {
				out = append(out, append([]textLine(nil), g...))
			} else if c := clipGroup(g); c != nil && fits(c) {
				out = append(out, c)
			}
		}
	}
	// Prefer groups low in the strip? No: order by total length.
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// clipGroup returns a copy of the lines g cut to the span all of them
// share, or nil when that span is shorter than minSharedSpan of the longest
// line. An MRZ line whose ink run goes on past the card's edge into print
// on the background (a label, a line of text beside the card) is longer than
// the others and fails lineGroups' equal-ends test; the lines' common span
// is the zone (rectify later keeps each line's own ends within half a pitch
// of the innermost). Only tried on groups that fail as they are.
func clipGroup(g []textLine) []textLine {
	lo, hi, longest := math.Inf(-1), math.Inf(1), 0.0
	for _, l := range g {
		lo, hi = math.Max(lo, l.xl), math.Min(hi, l.xr)
		longest = math.Max(longest, l.xr-l.xl)
	}
	if hi-lo < minSharedSpan*longest {
		return nil
	}
	out := append([]textLine(nil), g...)
	for i := range out {
		out[i].xl, out[i].xr = lo, hi
	}
	return out
}

// minSharedSpan is the least share of the longest line that the lines of
// a clipped group (clipGroup) must have in common.
const minSharedSpan = 0.7

// pitchEstimate returns the character pitch of a line from the
// autocorrelation of its column ink profile.
func (s *strip) pitchEstimate(l textLine) float64 {
	prof := s.columnInk(l)
	best, bestLag := math.Inf(-1), 0
	lo, hi := int(0.6*l.capH), int(1.6*l.capH)
	for lag := lo; lag <= hi && lag < len(prof)/2; lag++ {
		if c := autocorr(prof, lag); c > best {
			best, bestLag = c, lag
		}
	}
	return float64(bestLag)
}

// columnInk returns the ink of line l summed over a cap height about its
// centre line, per column from its left to its right end, less its mean
// (the profile pitchEstimate correlates); nil for a line under 10 columns.
func (s *strip) columnInk(l textLine) []float64 {
	x0, x1 := int(l.xl), int(l.xr)
	x0, x1 = max(0, x0), min(s.w, x1)
	n := x1 - x0
	if n < 10 {
		return nil
	}
	prof := make([]float64, n)
	half := l.capH / 2
	for x := x0; x < x1; x++ {
		yc := l.yAt(float64(x))
		for y := int(yc - half); y <= int(yc+half); y++ {
			if y >= 0 && y < s.h {
				prof[x-x0] += float64(s.ink[y*s.w+x])
			}
		}
	}
	var mean float64
	for _, v := range prof {
		mean += v
	}
	mean /= float64(n)
	for i := range prof {
		prof[i] -= mean
	}
	return prof
}

// autocorr returns the mean product of prof with itself shifted by lag
// (0 when the shift leaves nothing).
func autocorr(prof []float64, lag int) float64 {
	if lag < 0 || lag >= len(prof) {
		return 0
	}
	var c float64
	for i := 0; i+lag < len(prof); i++ {
		c += prof[i] * prof[i+lag]
	}
	return c / float64(len(prof)-lag)
}

// percentile returns the q-quantile (0..1) of p.
func percentile(p []byte, q float64) int {
	var hist [256]int
	for _, v := range p {
		hist[v]++
	}
	target := int(q * float64(len(p)))
	n := 0
	for i, c := range hist {
		n += c
		if n > target {
			return i
		}
	}
	return 255
}
