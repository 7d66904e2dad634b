package mrzscan

import (
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// endPrior weighs the squared distance, in pitches, of a line's last cell
// boundary from its nominal place.
const endPrior = 2.0

// Rectified band geometry, in rectified pixels.
const (
	rectPitch  = 20.0 // character pitch
	rectMargin = 1.5 * rectPitch
	rectPad    = 1.2 * rectPitch
)

// rectBand is an MRZ band warped so that the character cells form a regular
// grid: line k's centre at y = rectPad + 0.8·pitch + k·linePitch, cell i of
// every line starting near x = rectMargin + i·pitch.
type rectBand struct {
	nLines, n int
	// short: the first line holds only its first short characters (the
	// Swiss licence's 9), cut on the pitch of the next line
	// (segmentShort); 0: every line holds n.
	short     int
	linePitch float64
	w, h      int
	gray      *image.Gray         // warped grey, what the classifier reads
	ink       []byte              // its blackhat (ink darkness, background removed)
	toImage   geometry.Homography // rectified pixel → upload pixel
	// uniform holds the cells segment cut on the band's own boundaries,
	// before any foreshortened grid replaced them: the document's
	// geometry is estimated from these (see Reader.result).
	uniform [][]image.Rectangle
	// foreshort is the ratio of the last cell's pitch to the first's
	// when segment cut the band on the foreshortened grid (the pitch
	// changes along its lines), else 0.
	foreshort float64
	// blur is the glyph blur fitted to gray, once (glyph_resynth.go): a
	// band is read on several grids and its blur does not change.
	blur blurMemo
	// seen records this band and the bands derived from it (shifted,
	// turned) when read (readBand), for rereadBands; nil: not recorded.
	seen *readings
}

// rectify warps the line group g (found in strip s) into a rectified band for
// lines of n characters, reading the full-resolution image.
func rectify(gray gocv.Mat, s *strip, g []textLine, n int) (*rectBand, error) {
	// MRZ lines are left and right aligned: trust the innermost extents
	// (a mark beside one line must not skew the band).
	// A line's own ends may differ from the innermost by the skew of the
	// band (perspective, rotation): keep up to half a pitch of it.
	g = append([]textLine(nil), g...)
	xl, xr := g[0].xl, g[0].xr
	for _, l := range g {
		xl, xr = math.Max(xl, l.xl), math.Min(xr, l.xr)
	}
	pitch := (xr - xl) / (float64(n) - 0.3)
	for i := range g {
		g[i].xl = math.Max(g[i].xl, xl-0.5*pitch)
		g[i].xr = math.Min(g[i].xr, xr+0.5*pitch)
	}
	first, last := g[0], g[len(g)-1]
	linePitch := rectPitch
	if len(g) > 1 {
		xm := (first.xl + first.xr) / 2
		sp := (last.yAt(xm) - first.yAt(xm)) / float64(len(g)-1)
		linePitch = rectPitch * sp / pitch
	}
	y0 := rectPad + 0.8*rectPitch
	yL := y0 + float64(len(g)-1)*linePitch
	xl = rectMargin + 0.15*rectPitch
	xr = rectMargin + (float64(n)-0.15)*rectPitch
	src := geometry.Quad{
		geometry.Pt(first.xl, first.yAt(first.xl)), geometry.Pt(first.xr, first.yAt(first.xr)),
		geometry.Pt(last.xr, last.yAt(last.xr)), geometry.Pt(last.xl, last.yAt(last.xl)),
	}
	if len(g) == 1 {
		// One line: extrude it by its own cap height.
		d := first.capH
		src[2] = geometry.Pt(first.xr, first.yAt(first.xr)+d)
		src[3] = geometry.Pt(first.xl, first.yAt(first.xl)+d)
		yL = y0 + d*rectPitch/pitch
	}
	dst := geometry.Quad{geometry.Pt(xl, y0), geometry.Pt(xr, y0), geometry.Pt(xr, yL), geometry.Pt(xl, yL)}
	toRect, err := geometry.FromQuads(src, dst)
	if err != nil {
		return nil, err
	}
	inv, err := toRect.Inverse()
	if err != nil {
		return nil, err
	}
	rb := &rectBand{
		nLines:    len(g),
		n:         n,
		linePitch: linePitch,
		w:         int(float64(n)*rectPitch + 2*rectMargin),
		h:         int(2*rectPad + 1.6*rectPitch + float64(len(g)-1)*linePitch),
		toImage:   s.toImage.Mul(inv),
	}
	if rb.h <= 0 || rb.h > 20*int(rectPitch) {
		return nil, errNoLines
	}
	if err := rb.render(gray); err != nil {
		return nil, err
	}
	return rb, nil
}

// render warps the band from gray through rb.toImage into rb.gray and
// rb.ink; glyphs the warp leaves slanted by more than 0.05 pixel per row
// (shear) are straightened by warping again with the slant removed, which
// changes rb.toImage.
func (rb *rectBand) render(gray gocv.Mat) error {
	m := gocv.NewMat()
	defer m.Close()
	if err := warpInto(gray, &m, rb.toImage, image.Pt(rb.w, rb.h)); err != nil {
		return err
	}
	rb.ink, _ = inkOf(m, 0.95*rectPitch)
	if sh := rb.shear(); math.Abs(sh) >= 0.05 {
		// Glyphs slanted by perspective the line end points did not
		// capture: warp again with the slant removed (rectified x moves by
		// sh per row away from the band's middle).
		ym := rectPad + 0.8*rectPitch + float64(rb.nLines-1)*rb.linePitch/2
		rb.toImage = rb.toImage.Mul(geometry.Homography{1, sh, -sh * ym, 0, 1, 0, 0, 0, 1})
		if err := warpInto(gray, &m, rb.toImage, image.Pt(rb.w, rb.h)); err != nil {
			return err
		}
		rb.ink, _ = inkOf(m, 0.95*rectPitch)
	}
	// The classifier gets the warped grey itself: blurred glyphs keep
	// their shape there, while stretching the ink to black (as an earlier
	// version did) fattens them into blobs.
	rb.gray = image.NewGray(image.Rect(0, 0, rb.w, rb.h))
	copy(rb.gray.Pix, m.ToBytes())
	return nil
}

// shear estimates the slant of the glyphs in the rectified band: the
// horizontal shift per row (x = x0 + s·(y − yc) along a vertical stroke)
// that makes the column ink profiles of the lines sharpest.
func (rb *rectBand) shear() float64 {
	best, bestV := 0.0, -1.0
	prof := make([]float64, rb.w)
	for s := -0.4; s <= 0.401; s += 0.05 {
		var v float64
		for k := 0; k < rb.nLines; k++ {
			yc := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
			clear(prof)
			ya := max(0, int(yc-0.5*rectPitch))
			yb := min(rb.h, int(yc+0.5*rectPitch)+1)
			for y := ya; y < yb; y++ {
				off := int(math.Round(s * (float64(y) - yc)))
				row := rb.ink[y*rb.w : (y+1)*rb.w]
				for x := max(0, off); x < rb.w && x-off < rb.w; x++ {
					prof[x-off] += float64(row[x])
				}
			}
			for _, p := range prof {
				v += p * p
			}
		}
		if v > bestV*1.0001 || (v >= bestV && math.Abs(s) < math.Abs(best)) {
			best, bestV = s, v
		}
	}
	return best
}

// rotate180 returns the band turned half a turn (the other reading direction).
func (rb *rectBand) rotate180() *rectBand {
	r := *rb
	r.blur = blurMemo{}
	r.gray = image.NewGray(rb.gray.Rect)
	r.ink = make([]byte, len(rb.ink))
	n := len(rb.ink)
	for i := range rb.ink {
		r.ink[n-1-i] = rb.ink[i]
		r.gray.Pix[n-1-i] = rb.gray.Pix[i]
	}
	flip := geometry.Homography{-1, 0, float64(rb.w - 1), 0, -1, float64(rb.h - 1), 0, 0, 1}
	r.toImage = rb.toImage.Mul(flip)
	return &r
}

// bandCells are the character cells of a rectified band.
type bandCells struct {
	cells [][]image.Rectangle // per line, per character, rectified pixels
	cands [][][]mrz.Candidate
}

// segment cuts every line into n cells, refining each line's vertical centre,
// offset and pitch so that cell boundaries fall into the gaps between glyphs.
func (rb *rectBand) segment() [][]image.Rectangle {
	if rb.short > 0 {
		return rb.segmentShort()
	}
	rb.foreshort = 0
	out := make([][]image.Rectangle, rb.nLines)
	for k := 0; k < rb.nLines; k++ {
		out[k] = rb.segmentLine(k)
	}
	rb.uniform = out
	// Perspective along the lines that the band's homography missed:
	// cut on a grid that follows it when the pitch changes by more than
	// 8 % from one end of the lines to the other.
	if fs, ratio := rb.foreshortened(out); fs != nil && (ratio < 1-foreshortMin || ratio > 1+foreshortMin) {
		rb.foreshort = ratio
		return fs
	}
	return out
}

// segmentLine cuts line k of the band into n cells (see segment).
func (rb *rectBand) segmentLine(k int) []image.Rectangle {
	yc := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
	yc = rb.refineCentre(yc)
	bounds := cellBounds(rb.rowInk(yc), rb.n)
	row := make([]image.Rectangle, rb.n)
	for i := 0; i < rb.n; i++ {
		x0, x1 := bounds[i], bounds[i+1]
		p := x1 - x0
		// Local centre over a few neighbouring cells: follows a line
		// that the band's homography left slightly tilted or bent.
		lx0 := int(bounds[max(0, i-3)])
		lx1 := int(bounds[min(rb.n, i+4)])
		yi := rb.localCentre(yc, lx0, lx1)
		row[i] = image.Rect(int(math.Round(x0)), int(math.Round(yi-0.8*p)), int(math.Round(x1)), int(math.Round(yi+0.8*p))).Intersect(rb.gray.Rect)
	}
	return row
}

// rowInk returns the band's ink summed down each column over the rows
// within 0.45 pitch of the line centre yc: the line's ink profile, which
// cells are cut on.
func (rb *rectBand) rowInk(yc float64) []float64 {
	prof := make([]float64, rb.w)
	ya := max(0, int(yc-0.45*rectPitch))
	yb := min(rb.h, int(yc+0.45*rectPitch)+1)
	for y := ya; y < yb; y++ {
		for x, v := range rb.ink[y*rb.w : (y+1)*rb.w] {
			prof[x] += float64(v)
		}
	}
	return prof
}

// refineCentre moves a nominal line centre to the middle of the line's
// inked rows (the cap-height band), so that glyphs sit centred in their
// cells as the classifier expects.
func (rb *rectBand) refineCentre(yc float64) float64 {
	ya := max(0, int(yc-0.8*rectPitch))
	yb := min(rb.h, int(yc+0.8*rectPitch)+1)
	prof := make([]float64, yb-ya)
	mx := 0.0
	for y := ya; y < yb; y++ {
		row := rb.ink[y*rb.w+int(rectMargin) : (y+1)*rb.w-int(rectMargin)]
		var s float64
		for _, v := range row {
			s += float64(v)
		}
		prof[y-ya] = s
		mx = math.Max(mx, s)
	}
	if mx == 0 {
		return yc
	}
	// The inked band: the run of rows above 30% of the peak that holds
	// the peak.
	peak := 0
	for i, v := range prof {
		if v == mx {
			peak = i
			break
		}
	}
	top, bot := peak, peak
	for top > 0 && prof[top-1] > 0.3*mx {
		top--
	}
	for bot < len(prof)-1 && prof[bot+1] > 0.3*mx {
		bot++
	}
	return float64(ya) + float64(top+bot+1)/2
}

// cellBounds places the n+1 cell boundaries of a line by dynamic
// programming: each boundary should fall where the column ink profile is
// low (the gap between glyphs), successive boundaries about one pitch apart
// (a soft prior, within ±12%), and the first near the nominal margin.
func cellBounds(prof []float64, n int) []float64 {
	return cellBoundsFrom(prof, n, rectMargin, rectPitch)
}

// cellBoundsFrom is cellBounds for a line whose first boundary is nominally
// at x0 and whose pitch is p (rectified pixels).
func cellBoundsFrom(prof []float64, n int, x0, p float64) []float64 {
	const step = 0.5
	J := int(float64(len(prof)) / step)
	mx := 0.0
	for _, v := range prof {
		mx = math.Max(mx, v)
	}
	if mx == 0 {
		mx = 1
	}
	at := func(j int) float64 {
		x := float64(j) * step
		i := int(x)
		if i < 0 || i+1 >= len(prof) {
			return 1
		}
		a := x - float64(i)
		return ((1-a)*prof[i] + a*prof[i+1]) / mx
	}
	cost := make([][]float64, n+1)
	from := make([][]int32, n+1)
	inf := math.Inf(1)
	for i := range cost {
		cost[i] = make([]float64, J)
		from[i] = make([]int32, J)
		for j := range cost[i] {
			cost[i][j] = inf
		}
	}
	j0 := int((x0 - 0.5*p) / step)
	j1 := int((x0 + 0.5*p) / step)
	for j := max(0, j0); j <= j1 && j < J; j++ {
		d := (float64(j)*step - x0) / p
		cost[0][j] = at(j) + 0.5*d*d
	}
	dmin := int(0.88 * p / step)
	dmax := int(1.12 * p / step)
	const lambda = 4.0
	for i := 1; i <= n; i++ {
		prev, cur := cost[i-1], cost[i]
		for j := range prev {
			if prev[j] == inf {
				continue
			}
			for d := dmin; d <= dmax; d++ {
				k := j + d
				if k >= J {
					break
				}
				e := (float64(d)*step - p) / p
				c := prev[j] + lambda*e*e
				if c < cur[k] {
					cur[k] = c
					from[i][k] = int32(j)
				}
			}
		}
		for k := range cur {
			if cur[k] != inf {
				cur[k] += at(k)
			}
		}
	}
	// The last boundary, too, should be near its nominal place: the pitch
	// prior alone lets a line drift by a whole cell over 30-44 steps
	// (a faint "I<" taken for one character).
	end := x0 + float64(n)*p
	best := -1
	bestC := inf
	for j, c := range cost[n] {
		if c == inf {
			continue
		}
		d := (float64(j)*step - end) / p
		c += endPrior * d * d
		if best < 0 || c < bestC {
			best, bestC = j, c
		}
	}
	out := make([]float64, n+1)
	if best < 0 {
		for i := range out {
			out[i] = x0 + float64(i)*p
		}
		return out
	}
	for i := n; i >= 0; i-- {
		out[i] = float64(best) * step
		best = int(from[i][best])
	}
	return out
}

// centreGap is the widest dip (rows under the threshold, rectified
// pixels) that localCentre's run of inked rows bridges: the lighter middle
// rows of a few digits (2033 #54: three rows); background print or the next
// line's glyph tops that reach the threshold lay 10 or more rows off the
// line's ink (2033 #49). Bridging 6 rows read one tuning document fewer
// (docs/mrzscan.md, seventeenth round).
const centreGap = 3

// localCentre is the middle of the inked rows within ±0.65 pitch of the
// line centre yc, counting only columns x0..x1; yc when there is no ink.
func (rb *rectBand) localCentre(yc float64, x0, x1 int) float64 {
	x0, x1 = max(0, x0), min(rb.w, x1)
	ya := max(0, int(math.Round(yc-0.65*rectPitch)))
	yb := min(rb.h, int(math.Round(yc+0.65*rectPitch))+1)
	if x1 <= x0 || yb <= ya {
		return yc
	}
	prof := make([]float64, yb-ya)
	mx := 0.0
	for y := ya; y < yb; y++ {
		var s float64
		for _, v := range rb.ink[y*rb.w+x0 : y*rb.w+x1] {
			s += float64(v)
		}
		prof[y-ya] = s
		mx = math.Max(mx, s)
	}
	if mx == 0 {
		return yc
	}
	// The run of rows above 30% of the peak that holds the peak, across
	// dips of up to centreGap rows (digits and round letters are inked
	// at their top and bottom more than in their middle): rows of
	// background print or of the next line's glyphs further off that
	// reach the threshold must not stretch the line (they moved the last
	// cells of a line half a glyph towards the next line, where its
	// fillers read as 5).
	peak := slices.Index(prof, mx)
	top, bot := peak, peak
	for i := top - 1; i >= 0 && top-i <= centreGap+1; i-- {
		if prof[i] > 0.3*mx {
			top = i
		}
	}
	for i := bot + 1; i < len(prof) && i-bot <= centreGap+1; i++ {
		if prof[i] > 0.3*mx {
			bot = i
		}
	}
	c := float64(ya) + float64(top+bot+1)/2
	// Never move more than a quarter pitch from the line's centre.
	return math.Max(yc-0.25*rectPitch, math.Min(yc+0.25*rectPitch, c))
}

// foreshortMin is the change of pitch along the lines (a ratio of the last
// cell's to the first's, minus one) from which segment cuts on the
// foreshortened grid rather than on its own boundaries.
const foreshortMin = 0.08

// foreshortRatios are the square roots s of the ratios of the last cell's
// pitch to the first's that foreshortened tries: 0.5 to 2 (a line seen at
// a slant pitch gets much narrower towards its far end).
var foreshortRatios = func() []float64 {
	var out []float64
	for s := 0.70; s <= 1.42; s += 0.02 {
		out = append(out, s)
	}
	return out
}()

// projGrid is the 1D perspective map of [0, 1] onto [a, b] whose slope grows
// by a factor s² from 0 to 1: the position of the fraction u of a line's
// characters when the line recedes from the camera (s < 1: the far end on
// the right) or approaches it.
func projGrid(a, b, s, u float64) float64 {
	return a + (b-a)*u/(s-(s-1)*u)
}

// foreshortened re-cuts every line of the band on a grid that follows
// perspective along the lines. The band's homography comes from the end
// points of two or three lines lying close together, which fix the line
// ends well but the change of pitch along the lines badly: on a document
// photographed at a slant the printed pitch can shrink from 25 to 16
// rectified pixels along a line, and cells cut at a pitch near 20 then
// slip by one or two characters in the middle. One perspective ratio is
// fitted for the whole band (its lines share the plane): the boundaries of
// every line's cells, from its ends (each moved by up to 0.3 pitch) through
// projGrid, should fall in the gaps of the line's column ink profile. Each
// boundary then moves to the lightest column within a fifth of the local
// pitch. Cells are a local pitch wide and 1.6 nominal pitches tall (the
// classifier rescales a cell to its input size, which undoes the
// horizontal squeeze). It returns nil when the band does not fit.
func (rb *rectBand) foreshortened(cells [][]image.Rectangle) (out [][]image.Rectangle, ratio float64) {
	type line struct {
		prof     []float64
		a, b, yc float64
	}
	p := rectPitch
	lines := make([]line, len(cells))
	for k, row := range cells {
		n := len(row)
		if n < 4 || row[0].Empty() || row[n-1].Empty() {
			return nil, 1
		}
		var yc float64
		for _, c := range row {
			yc += float64(c.Min.Y+c.Max.Y) / 2
		}
		yc /= float64(n)
		prof := make([]float64, rb.w)
		ya := max(0, int(yc-0.45*p))
		yb := min(rb.h, int(yc+0.45*p)+1)
		mx := 0.0
		for y := ya; y < yb; y++ {
			for x, v := range rb.ink[y*rb.w : (y+1)*rb.w] {
				prof[x] += float64(v)
			}
		}
		for _, v := range prof {
			mx = math.Max(mx, v)
		}
		if mx == 0 {
			return nil, 1
		}
		for x := range prof {
			prof[x] /= mx
		}
		lines[k] = line{prof, float64(row[0].Min.X), float64(row[n-1].Max.X), yc}
	}
	at := func(prof []float64, x float64) float64 {
		i := int(math.Floor(x))
		if i < 0 || i+1 >= len(prof) {
			return 1
		}
		f := x - float64(i)
		return (1-f)*prof[i] + f*prof[i+1]
	}
	// cost of line l's boundaries on the grid (a, b, s).
	cost := func(l *line, n int, a, b, s float64) float64 {
		var c float64
		for i := 0; i <= n; i++ {
			c += at(l.prof, projGrid(a, b, s, float64(i)/float64(n)))
		}
		return c
	}
	const endMove, endStep = 0.3 * rectPitch, 2.0
	bestS, bestC := 1.0, math.Inf(1)
	ends := make([][2]float64, len(lines))
	bestEnds := make([][2]float64, len(lines))
	for _, s := range foreshortRatios {
		var total float64
		for k := range lines {
			l := &lines[k]
			n := len(cells[k])
			lc := math.Inf(1)
			for da := -endMove; da <= endMove+1e-9; da += endStep {
				for db := -endMove; db <= endMove+1e-9; db += endStep {
					if c := cost(l, n, l.a+da, l.b+db, s); c < lc {
						lc, ends[k] = c, [2]float64{l.a + da, l.b + db}
					}
				}
			}
			total += lc / float64(n+1)
		}
		if total < bestC {
			bestS, bestC = s, total
			copy(bestEnds, ends)
		}
	}
	out = make([][]image.Rectangle, len(lines))
	for k := range lines {
		l := &lines[k]
		n := len(cells[k])
		a, b := bestEnds[k][0], bestEnds[k][1]
		xs := make([]float64, n+1)
		for i := range xs {
			xs[i] = projGrid(a, b, bestS, float64(i)/float64(n))
		}
		// Local refinement: each inner boundary to the lightest column
		// within a fifth of the local pitch.
		ref := append([]float64(nil), xs...)
		for i := 1; i < n; i++ {
			d := 0.2 * (xs[i+1] - xs[i-1]) / 2
			bx, bv := xs[i], at(l.prof, xs[i])
			for x := xs[i] - d; x <= xs[i]+d; x += 0.5 {
				if v := at(l.prof, x); v < bv-0.02 {
					bx, bv = x, v
				}
			}
			ref[i] = bx
		}
		out[k] = make([]image.Rectangle, n)
		for i := 0; i < n; i++ {
			if ref[i+1]-ref[i] < 0.4*p {
				return nil, 1
			}
			// Each cell keeps the vertical centre of the given one.
			c := cells[k][i]
			yc := float64(c.Min.Y+c.Max.Y) / 2
			out[k][i] = image.Rect(int(math.Round(ref[i])), int(math.Round(yc-0.8*p)),
				int(math.Round(ref[i+1])), int(math.Round(yc+0.8*p))).Intersect(rb.gray.Rect)
		}
	}
	return out, bestS * bestS
}
