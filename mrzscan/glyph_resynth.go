package mrzscan

import (
	"image"
	"math"
	"slices"
	"sort"

	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
)

// Analysis by synthesis for blurred glyphs (issue 5). The MRZ font is known
// exactly, so the appearance of a cell under each candidate reading can be
// rendered: the candidate glyph with its neighbours (read with confidence)
// on the band's pitch grid, blurred like the band, compared with the
// observed cell by normalised correlation over a small shift search. The
// band's blur (a defocus width, a motion length and direction, and the
// glyph scale) is fitted on the cells the classifier reads with
// confidence, whose appearance is then known. The correlation is combined
// with the classifier's probabilities for the doubtful cells only.

// glyphKernel is the blur of a band: an isotropic Gaussian of width sigma
// followed by a linear motion of length pixels along angle (radians), and
// the glyph scale relative to the rectified pitch (the pitch fixes the
// horizontal scale; the vertical one depends on the band's rectification).
type glyphKernel struct {
	sigma, angle, length float64
	sx, sy               float64 // glyph scale, horizontal and vertical
}

// heavy reports whether the blur is heavy enough that the classifier's
// short list of candidates is not trusted to hold the truth.
func (k glyphKernel) heavy() bool {
	return k.length >= resynthHeavyLen || k.sigma >= resynthHeavySigma
}

// reach is how far, in pixels, the kernel spreads ink.
func (k glyphKernel) reach() int {
	r := int(math.Ceil(2.5*k.sigma)) + 1
	if k.length >= 1.5 {
		r += int(math.Ceil(k.length/2)) + 1
	}
	return r
}

// Tunables of the resynthesis (see docs/mrzscan.md, "Blurred glyphs").
const (
	// resynthDoubt: a cell is re-scored when its best probability is below
	// it.
	resynthDoubt = 0.95
	// resynthSure: cells read at least this surely serve to fit the blur.
	resynthSure = 0.98
	// resynthBeta weighs the correlation against the log probability.
	resynthBeta = 40.0
	// resynthMinFit is the mean correlation of the reference cells below
	// which the fitted rendering is not trusted (nothing is changed).
	resynthMinFit = 0.6
	// resynthKeep is the share of a re-scored cell's doubt (1 − the
	// classifier's best probability) that its new best probability keeps
	// at least: 1 makes it no surer than the classifier, 0 lets the
	// rendering decide alone.
	resynthKeep = 0.5
	// resynthMinP is the classifier probability a candidate needs to be
	// re-scored in a band that is not heavily blurred: the rendering
	// chooses among plausible readings only.
	resynthMinP = 0.02
	// resynthHeavyLen and resynthHeavySigma: a fitted motion at least
	// this long, or a defocus at least this wide (pixels at the 20 px
	// pitch), makes the band heavily blurred (glyphKernel.heavy): every
	// class is rendered for its doubtful cells and weighed by
	// resynthHeavyBeta instead of resynthBeta.
	resynthHeavyLen   = 6.0
	resynthHeavySigma = 1.6
	// resynthHeavyBeta weighs the correlation in heavily blurred bands,
	// where the rendering is the better witness.
	resynthHeavyBeta = 250.0
	// resynthHeavySure: in a heavily blurred band a letter or digit the
	// classifier gives less than this is re-scored like a doubtful cell
	// (the cap, resynthKeep, still keeps a character the rendering
	// changed doubtful).
	resynthHeavySure = 0.995
	// resynthFloorP is the classifier probability given to a class it
	// did not list, when every class is rendered.
	resynthFloorP = 0.002
	// resynthPasses is the number of passes over the doubtful cells: a
	// pass renders each cell's neighbours as the pass before re-read them.
	resynthPasses = 2
	// resynthRefine is the number of the other classes (in a wide
	// search) whose alignment is refined by a pixel: those whose
	// rendering at the cell's alignment correlates best.
	resynthRefine = 4
	// resynthRefs is the number of reference cells the blur is fitted on.
	resynthRefs = 8
	// resynthExt widens the window a re-scored cell is compared over by
	// this many pixels left and right (half a pitch): a blurred glyph's
	// ink spreads into its neighbours' cells, and theirs into its own,
	// rendered with them (glyphBand.window).
	resynthExt = 10
)

// blurOracle, set by tests only (nil in the library), may replace the
// blur fitted to the pixels of band rb (rf holds their references; rf.sb.g
// is rb.gray or the band's other source): the diagnostics give the blur
// the generator applied, to measure what a perfect fit would read.
var blurOracle func(rb *rectBand, rf *refFit) (glyphKernel, bool)

// bandSource, set by tests only (nil in the library), may replace the
// pixels g of band rb are re-scored on, or return nil to leave the band as
// the classifier read it.
var bandSource func(rb *rectBand, g *image.Gray) *image.Gray

// bandPhoto, set by tests only (nil in the library), returns for a band
// cut from the deconvolved copy the same band cut from the photo itself
// (nil otherwise): its doubtful cells are then re-scored on both.
var bandPhoto func(rb *rectBand) *image.Gray

// altRescore, set by tests only (nil in the library), replaces the
// averaging of a band's two sources (resynthBoth): it returns the
// revision of the correlations of cells of sb (the deconvolved copy's)
// that alt (the photo's, its kernel k) supports (nil: none).
var altRescore func(sb, alt *glyphBand, k glyphKernel) func(p pos, chars []byte, corr []float64)

// pos is a cell of a band: line k, character i.
type pos struct{ k, i int }

// blurMemo holds the blur fitted to one band image, once fitted.
type blurMemo struct {
	fitted, ok bool
	k          glyphKernel
	fit        float64         // the references' mean correlation under k
	tmpl       *glyphTemplates // the blurred glyphs of k, once made
	// alt is the band's other source, once looked for: for a band cut
	// from the deconvolved copy, the same band cut from the photo, with
	// its own blur (nil: none).
	alt     *altBand
	altDone bool
}

// heavy reports whether a blur was fitted, matches the sure cells, and is
// heavy (glyphKernel.heavy).
func (m *blurMemo) heavy() bool { return m.fitted && m.ok && m.k.heavy() }

// altBand is a band's other source of pixels and the blur fitted there.
type altBand struct {
	g    *image.Gray
	memo blurMemo
}

// refFit scores blur kernels on a band's reference cells (cells the
// classifier reads surely, whose appearance is then known).
type refFit struct {
	sb     *glyphBand
	refs   []pos
	shifts []image.Point // each reference's alignment
}

// newRefFit prepares the scoring of kernels on refs of sb: each
// reference's alignment is found once with a middling blur, then refined
// by a pixel for every kernel scored.
func newRefFit(sb *glyphBand, refs []pos) *refFit {
	f := &refFit{sb: sb, refs: refs, shifts: make([]image.Point, len(refs))}
	for j, p := range refs {
		_, f.shifts[j] = sb.score(p.k, p.i, sb.cands[p.k][p.i][0].Char, glyphKernel{sigma: 1.8, sx: 1, sy: 1}, image.Point{}, glyphShift)
	}
	return f
}

// fit returns the references' mean correlation with their renderings
// under k.
func (f *refFit) fit(k glyphKernel) float64 {
	s := 0.0
	for j, p := range f.refs {
		c, _ := f.sb.score(p.k, p.i, f.sb.cands[p.k][p.i][0].Char, k, f.shifts[j], 1)
		s += c
	}
	return s / float64(len(f.refs))
}

// fitKernel returns the blur (and glyph scale) under which the rendered
// reference cells best match the observed ones, and their mean
// correlation under it.
func fitKernel(sb *glyphBand, refs []pos) (glyphKernel, float64) {
	return fitKernelOn(newRefFit(sb, refs))
}

// fitKernelOn is fitKernel on prepared references.
func fitKernelOn(rf *refFit) (glyphKernel, float64) {
	fit := rf.fit
	best, bestFit := glyphKernel{sigma: 1.2, sx: 1, sy: 1}, -2.0
	try := func(k glyphKernel) {
		if f := fit(k); f > bestFit {
			best, bestFit = k, f
		}
	}
	for _, sy := range []float64{0.88, 0.94, 1, 1.06, 1.12, 1.18} {
		try(glyphKernel{sigma: 1.2, sx: 1, sy: sy})
	}
	sx, sy := best.sx, best.sy
	for _, s := range []float64{0.6, 1.8, 2.6, 3.6} {
		try(glyphKernel{sigma: s, sx: sx, sy: sy})
	}
	s := math.Max(0.6, best.sigma*0.6)
	for a := 0; a < 8; a++ {
		for _, l := range []float64{4, 8, 12} {
			try(glyphKernel{sigma: s, angle: float64(a) * math.Pi / 8, length: l, sx: sx, sy: sy})
		}
	}
	// Refine the motion, the defocus and the scale around the best.
	if b := best; b.length > 0 {
		for _, da := range []float64{-math.Pi / 16, math.Pi / 16} {
			try(glyphKernel{sigma: b.sigma, angle: b.angle + da, length: b.length, sx: sx, sy: sy})
		}
		b = best
		for _, dl := range []float64{-2, 2} {
			try(glyphKernel{sigma: b.sigma, angle: b.angle, length: b.length + dl, sx: sx, sy: sy})
		}
		b = best
		for _, f := range []float64{0.6, 1.5} {
			try(glyphKernel{sigma: b.sigma * f, angle: b.angle, length: b.length, sx: sx, sy: sy})
		}
	}
	b := best
	for _, d := range []float64{-0.03, 0.03} {
		try(glyphKernel{sigma: b.sigma, angle: b.angle, length: b.length, sx: b.sx, sy: b.sy + d})
	}
	b = best
	for _, d := range []float64{-0.05, 0.05} {
		try(glyphKernel{sigma: b.sigma, angle: b.angle, length: b.length, sx: b.sx + d, sy: b.sy})
	}
	return best, bestFit
}

// glyphShift is the largest shift, in rectified pixels, between a
// rendered cell and the observed one.
const glyphShift = 3

// placed is a glyph to render: its character and cell centre.
type placed struct {
	c      byte
	cx, cy float64
}

// glyphBand renders and compares cells of one rectified band.
type glyphBand struct {
	g     *image.Gray
	cells [][]image.Rectangle
	cands [][][]mrz.Candidate
	atlas *ocrb.Atlas
	// scratch
	canvas, tmp []float32
	obs         []float32
	tmpl        *glyphTemplates // the blurred glyphs of the re-scoring's kernel
	kern        glyphKernel     // the re-scoring's kernel (useKernel)
	// post, set by tests only (altRescore), may revise a cell's
	// correlations (cellCorrs).
	post func(p pos, chars []byte, corr []float64)
	// ext widens the compared window beyond the cell, left and right, by
	// this many pixels (see window).
	ext int
}

// window returns the observed region cell (k, i) is compared over: the
// cell widened by sb.ext on each side (where a blurred glyph's ink lands,
// with its neighbours' as rendered), within the band.
func (sb *glyphBand) window(k, i int) image.Rectangle {
	c := sb.cells[k][i]
	return image.Rect(c.Min.X-sb.ext, c.Min.Y, c.Max.X+sb.ext, c.Max.Y).Intersect(sb.g.Rect)
}

// splitCells returns a band's doubtful cells (top candidate under
// resynthDoubt) and its sure ones (at least resynthSure), empty cells left
// out.
func splitCells(cells [][]image.Rectangle, cands [][][]mrz.Candidate) (doubt, sure []pos) {
	for k, row := range cands {
		for i, cs := range row {
			if len(cs) == 0 || cells[k][i].Empty() {
				continue
			}
			switch {
			case cs[0].P < resynthDoubt:
				doubt = append(doubt, pos{k, i})
			case cs[0].P >= resynthSure:
				sure = append(sure, pos{k, i})
			}
		}
	}
	return doubt, sure
}

// glyphRefs picks the cells the blur is fitted on among the sure ones
// (which it sorts): the surest, at most two of a character (and one
// filler), spread over the band, at most resynthRefs.
func glyphRefs(cands [][][]mrz.Candidate, sure []pos) []pos {
	sort.SliceStable(sure, func(a, b int) bool {
		return cands[sure[a].k][sure[a].i][0].P > cands[sure[b].k][sure[b].i][0].P
	})
	var refs []pos
	var per [256]int
	for _, p := range sure {
		c := cands[p.k][p.i][0].Char
		lim := 2
		if c == '<' {
			lim = 1
		}
		if per[c] >= lim {
			continue
		}
		per[c]++
		refs = append(refs, p)
		if len(refs) == resynthRefs {
			break
		}
	}
	return refs
}

// fitBand fits band rb's blur into memo (once) from the sure cells among
// cands, the first step of resynth, and returns the band's glyph source
// with the doubtful cells and the reference cells the fit used. sb is nil
// when no cell is doubtful, too few are sure, or the fit fails.
func fitBand(rb *rectBand, cells [][]image.Rectangle, cands [][][]mrz.Candidate, memo *blurMemo) (sb *glyphBand, doubt, refs []pos) {
	doubt, sure := splitCells(cells, cands)
	if len(doubt) == 0 || len(sure) < 4 {
		return nil, nil, nil
	}
	g := rb.gray
	if bandSource != nil {
		if g = bandSource(rb, g); g == nil {
			return nil, nil, nil
		}
	}
	refs = glyphRefs(cands, sure)
	if len(refs) < 4 {
		return nil, nil, nil
	}
	sb = &glyphBand{g: g, cells: cells, cands: cands, atlas: ocrb.Glyphs()}
	fitMemo(rb, sb, refs, memo)
	if !memo.ok {
		return nil, nil, nil
	}
	return sb, doubt, refs
}

// resynth re-scores, in place, the candidates of the doubtful cells of a
// band (cands[k][i] for cells[k][i] of g) by analysis by synthesis; in a
// heavily blurred band (glyphKernel.heavy) every class is rendered. It
// changes nothing when no cell is doubtful, when too few cells are sure to
// fit the blur, or when the fitted rendering does not match the sure cells,
// and then reports false. memo holds g's blur once fitted.
func resynth(rb *rectBand, cells [][]image.Rectangle, cands [][][]mrz.Candidate, memo *blurMemo) bool {
	sb, doubt, refs := fitBand(rb, cells, cands, memo)
	if sb == nil {
		return false
	}
	atlas := sb.atlas
	g := sb.g
	best := memo.k
	srcs := []*glyphBand{sb}
	if !memo.altDone {
		memo.altDone = true
		if bandPhoto != nil {
			if pg := bandPhoto(rb); pg != nil && pg.Rect == g.Rect {
				memo.alt = &altBand{g: pg}
			}
		}
	}
	if alt := memo.alt; alt != nil && resynthBoth {
		sb2 := &glyphBand{g: alt.g, cells: cells, cands: cands, atlas: atlas}
		if fitMemo(rb, sb2, refs, &alt.memo); alt.memo.ok {
			sb2.ext = resynthExt
			sb2.useKernel(alt.memo.k, &alt.memo)
			if altRescore != nil {
				sb.post = altRescore(sb, sb2, alt.memo.k)
			} else {
				srcs = append(srcs, sb2)
			}
		}
	}
	wide := best.heavy()
	if wide {
		// The classifier's sure characters are not sure enough in a
		// heavily blurred band (I read as Z at 0.97; a name's T read as
		// the digit 1 at 0.97, which the decoder, finding no letter
		// among the candidates, takes for an I): letters and digits
		// below resynthHeavySure are re-scored too.
		for k, row := range cands {
			for i, cs := range row {
				if len(cs) > 0 && !cells[k][i].Empty() && cs[0].P >= resynthDoubt && cs[0].P < resynthHeavySure && cs[0].Char != '<' {
					doubt = append(doubt, pos{k, i})
				}
			}
		}
	}
	orig := make([][]mrz.Candidate, len(doubt))
	for j, p := range doubt {
		orig[j] = cands[p.k][p.i]
	}
	sb.ext = resynthExt
	sb.useKernel(best, memo)
	changed := false
	redo := make([]bool, len(doubt)) // the first pass re-scores every doubtful cell
	for j := range redo {
		redo[j] = true
	}
	for pass := 0; pass < resynthPasses; pass++ {
		var moved []pos // cells whose best reading the pass changed
		for j, p := range doubt {
			if !redo[j] {
				continue
			}
			if out := rescore(p, orig[j], srcs, wide); out != nil {
				if out[0].Char != cands[p.k][p.i][0].Char {
					moved = append(moved, p)
				}
				cands[p.k][p.i] = out
				changed = true
			}
		}
		// The next pass re-scores only the cells next to one that moved.
		for j, p := range doubt {
			redo[j] = slices.ContainsFunc(moved, func(m pos) bool {
				return m != p && abs(m.k-p.k) <= 1 && abs(m.i-p.i) <= 2
			})
		}
	}
	if resynthDone != nil {
		resynthDone(sb, cands)
	}
	return changed
}

// rescoreTrace and resynthDone, set by tests only (nil in the library),
// receive every cell rescore weighs (the candidates, their classifier log
// probabilities and their rendering's correlation, before they are
// combined) and each re-scored band's final candidates, keyed by the
// band's glyphBand: the data to calibrate the combination on.
var (
	rescoreTrace func(sb *glyphBand, p pos, chars []byte, lg, corr []float64, wide bool)
	resynthDone  func(sb *glyphBand, cands [][][]mrz.Candidate)
)

// resynthBoth: a band with another source (blurMemo.alt) is re-scored on
// both, the correlations averaged with weight resynthAltW on the other
// source's, and the average weighed by resynthAltBeta times the usual β.
var (
	resynthBoth    = true
	resynthAltW    = 0.5
	resynthAltBeta = 1.0
)

// fitMemo fits, once, the blur of sb's pixels (those of band rb or of its
// other source) on refs into memo.
func fitMemo(rb *rectBand, sb *glyphBand, refs []pos, memo *blurMemo) {
	if memo.fitted {
		return
	}
	rf := newRefFit(sb, refs)
	k, fit := fitKernelOn(rf)
	if blurOracle != nil {
		if ko, ok := blurOracle(rb, rf); ok {
			k, fit = ko, rf.fit(ko)
		}
	}
	alt, altDone := memo.alt, memo.altDone
	*memo = blurMemo{fitted: true, ok: fit >= resynthMinFit, k: k, fit: fit, alt: alt, altDone: altDone}
}

// rescore combines the classifier's candidates cs of cell p with the
// rendering's correlation on each of srcs (the band's sources of pixels,
// each with its kernel; the correlations are averaged) and returns the new
// candidates, or nil when there is nothing to choose between. Wide renders
// every class, not only the classifier's plausible ones (for heavily
// blurred bands, where the classifier's short list often misses the
// truth).
func rescore(p pos, cs []mrz.Candidate, srcs []*glyphBand, wide bool) []mrz.Candidate {
	type opt struct {
		c  byte
		lg float64
	}
	var opts []opt
	mass := 0.0
	for n := 0; n < len(cs) && (n == 0 || cs[n].P >= resynthMinP); n++ {
		mass += cs[n].P
		opts = append(opts, opt{c: cs[n].Char, lg: math.Log(math.Max(cs[n].P, 1e-6))})
	}
	if !wide && len(opts) < 2 {
		return nil
	}
	nc := len(opts)
	if wide {
		// Every other class, with the classifier's probability (or the
		// floor).
		for i := 0; i < ocrb.NumClasses; i++ {
			c := ocrb.Alphabet[i]
			if slices.ContainsFunc(opts, func(o opt) bool { return o.c == c }) {
				continue
			}
			pc := resynthFloorP
			for _, cd := range cs {
				if cd.Char == c {
					pc = math.Max(pc, cd.P)
				}
			}
			opts = append(opts, opt{c: c, lg: math.Log(pc)})
		}
	}
	chars := make([]byte, len(opts))
	for j, o := range opts {
		chars[j] = o.c
	}
	corr := make([]float64, len(opts))
	for n, sb := range srcs {
		w := 1.0
		if len(srcs) > 1 {
			w = 1 - resynthAltW
			if n > 0 {
				w = resynthAltW
			}
		}
		for j, v := range sb.cellCorrs(p, chars, nc) {
			corr[j] += w * v
		}
	}
	if rescoreTrace != nil {
		lgs := make([]float64, len(opts))
		for j, o := range opts {
			lgs[j] = o.lg
		}
		rescoreTrace(srcs[0], p, chars, lgs, corr, wide)
	}
	beta := resynthBeta
	if wide {
		beta = resynthHeavyBeta
	}
	if len(srcs) > 1 {
		beta *= resynthAltBeta
	}
	mx := math.Inf(-1)
	for j := range opts {
		c := corr[j]
		if wide && heavyOffsets {
			c += heavyOffset(opts[j].c)
		}
		opts[j].lg += beta * c
		mx = math.Max(mx, opts[j].lg)
	}
	if len(opts) < 2 {
		return nil
	}
	sum := 0.0
	for j := range opts {
		opts[j].lg = math.Exp(opts[j].lg - mx)
		sum += opts[j].lg
	}
	sort.SliceStable(opts, func(a, b int) bool { return opts[a].lg > opts[b].lg })
	out := make([]mrz.Candidate, 0, max(len(cs), ocrb.MaxCandidates))
	for j := 0; j < len(opts) && j < ocrb.MaxCandidates; j++ {
		out = append(out, mrz.Candidate{Char: opts[j].c, P: mass * opts[j].lg / sum})
	}
	if !wide {
		// The classifier's far-fetched candidates keep their places.
		for _, cd := range cs {
			if !slices.ContainsFunc(out, func(o mrz.Candidate) bool { return o.Char == cd.Char }) {
				out = append(out, cd)
			}
		}
	}
	if lim := 1 - resynthKeep*(1-cs[0].P); out[0].P > lim {
		// The rendering may reorder the candidates but not make the
		// cell much surer than the classifier was: a wrong rendering
		// of a name's letter must stay a doubtful read, never a
		// confident one. The winner keeps at most lim, the others
		// share the rest in proportion.
		rest := mass - out[0].P
		out[0].P = lim
		for j := 1; j < len(out) && j < len(opts); j++ {
			if rest > 0 {
				out[j].P *= math.Max(0, mass-lim) / rest
			}
		}
	}
	return out
}

// cellCorrs returns the rendering's correlation with cell p of each of
// chars under the band's kernel: the first nc (the classifier's plausible
// candidates) searched over the shifts, the first finding the cell's
// alignment in a wide search (len(chars) > nc) and the others searched
// around it; the rest (every other class) at that alignment, the
// resynthRefine that come closest searched by a pixel around it.
func (sb *glyphBand) cellCorrs(p pos, chars []byte, nc int) []float64 {
	wide := len(chars) > nc
	sc := sb.newCellScorer(p.k, p.i)
	corr := func(c byte, at image.Point, rad int) (float64, image.Point) {
		if sc.ok {
			return sc.score(classIndex(c), at, rad)
		}
		return sb.score(p.k, p.i, c, sb.kern, at, rad)
	}
	out := make([]float64, len(chars))
	bestC, at := -2.0, image.Point{}
	for j := 0; j < nc; j++ {
		from, rad := image.Point{}, glyphShift
		if wide && j > 0 {
			from, rad = at, 1
		}
		c, d := corr(chars[j], from, rad)
		if c > bestC {
			bestC, at = c, d
		}
		out[j] = c
	}
	if !wide {
		return out
	}
	extra := make([]int, 0, len(chars)-nc)
	for j := nc; j < len(chars); j++ {
		out[j], _ = corr(chars[j], at, 0)
		extra = append(extra, j)
	}
	sort.Slice(extra, func(a, b int) bool { return out[extra[a]] > out[extra[b]] })
	for r := 0; r < len(extra) && r < resynthRefine; r++ {
		out[extra[r]], _ = corr(chars[extra[r]], at, 1)
	}
	if sb.post != nil {
		sb.post(p, chars, out)
	}
	return out
}

// score renders cell (k, i) read as c (its neighbours as their best
// reading), blurs it with kern and returns the best normalised correlation
// with the observed cell over the shifts within rad pixels of at (each
// coordinate within glyphShift), and that shift.
func (sb *glyphBand) score(k, i int, c byte, kern glyphKernel, at image.Point, rad int) (float64, image.Point) {
	obsR := sb.window(k, i)
	if obsR.Dx() < 8 || obsR.Dy() < 8 {
		return 0, at
	}
	// The observed cell, inverted (ink positive), zero mean, unit norm.
	ow, oh := obsR.Dx(), obsR.Dy()
	sb.obs = grow32(sb.obs, ow*oh)
	var m float64
	for y := 0; y < oh; y++ {
		row := sb.g.Pix[sb.g.PixOffset(obsR.Min.X, obsR.Min.Y+y):]
		for x := 0; x < ow; x++ {
			v := float32(255 - int(row[x]))
			sb.obs[y*ow+x] = v
			m += float64(v)
		}
	}
	m /= float64(ow * oh)
	var ss float64
	for j := range sb.obs[:ow*oh] {
		sb.obs[j] -= float32(m)
		ss += float64(sb.obs[j]) * float64(sb.obs[j])
	}
	if ss < 1 {
		return 0, at
	}
	on := float32(1 / math.Sqrt(ss))
	for j := range sb.obs[:ow*oh] {
		sb.obs[j] *= on
	}
	// The canvas: the observed cell grown by the shift search and the
	// blur's reach.
	rc := kern.reach()
	gr := glyphShift + rc
	cv := obsR.Inset(-gr)
	cw, ch := cv.Dx(), cv.Dy()
	sb.canvas = growZero(sb.canvas, cw*ch)
	sb.tmp = grow32(sb.tmp, cw*ch)
	near := cv.Inset(-int(rectPitch))
	for kk := max(0, k-1); kk <= min(len(sb.cells)-1, k+1); kk++ {
		for ii := max(0, i-3); ii <= min(len(sb.cells[kk])-1, i+3); ii++ {
			r := sb.cells[kk][ii]
			if r.Empty() || !r.Overlaps(near) {
				continue
			}
			ch := c
			if kk != k || ii != i {
				cs := sb.cands[kk][ii]
				if len(cs) == 0 {
					continue
				}
				ch = cs[0].Char
			}
			sb.draw(cv, placed{ch, float64(r.Min.X+r.Max.X) / 2, float64(r.Min.Y+r.Max.Y) / 2}, rectPitch*kern.sx, rectPitch*kern.sy)
		}
	}
	blurCanvas(sb.canvas[:cw*ch], sb.tmp[:cw*ch], cw, ch, kern)
	// Best correlation over the shifts: the canvas window at offset
	// (rc+dx, rc+dy) against the observed cell.
	bestC, bestD := -1.0, at
	n := float64(ow * oh)
	for dy := max(-glyphShift, at.Y-rad); dy <= min(glyphShift, at.Y+rad); dy++ {
		for dx := max(-glyphShift, at.X-rad); dx <= min(glyphShift, at.X+rad); dx++ {
			var s, s2, so float64
			for y := 0; y < oh; y++ {
				tr := sb.canvas[(y+gr+dy)*cw+gr+dx:]
				or := sb.obs[y*ow : (y+1)*ow]
				var a, a2, ao float32
				for x, o := range or {
					t := tr[x]
					a += t
					a2 += t * t
					ao += t * o
				}
				s += float64(a)
				s2 += float64(a2)
				so += float64(ao)
			}
			// Σ o = 0, so the correlation is Σ t·o / ‖t − mean t‖.
			v := s2 - s*s/n
			if v <= 1e-9 {
				continue
			}
			if c := so / math.Sqrt(v); c > bestC {
				bestC, bestD = c, image.Pt(dx, dy)
			}
		}
	}
	return bestC, bestD
}

// draw adds the coverage of glyph p, its cell scaled to px × py pixels per
// pitch, to the canvas covering rectangle cv.
func (sb *glyphBand) draw(cv image.Rectangle, p placed, px, py float64) {
	mask := sb.atlas.Mask(p.c)
	if mask == nil {
		return
	}
	aw, ah := sb.atlas.W, sb.atlas.H
	fx, fy := float64(sb.atlas.Pitch)/px, float64(sb.atlas.Pitch)/py // atlas pixels per band pixel
	// The glyph's cell in band pixels.
	hw, hh := 0.5*float64(aw)/fx, 0.5*float64(ah)/fy
	x0, x1 := max(cv.Min.X, int(math.Floor(p.cx-hw))), min(cv.Max.X, int(math.Ceil(p.cx+hw)))
	y0, y1 := max(cv.Min.Y, int(math.Floor(p.cy-hh))), min(cv.Max.Y, int(math.Ceil(p.cy+hh)))
	cw := cv.Dx()
	for y := y0; y < y1; y++ {
		v := (float64(y)+0.5-p.cy)*fy + float64(ah)/2 - 0.5
		vi := int(math.Floor(v))
		fv := float32(v - float64(vi))
		if vi < -1 || vi >= ah {
			continue
		}
		row := sb.canvas[(y-cv.Min.Y)*cw : (y-cv.Min.Y+1)*cw]
		for x := x0; x < x1; x++ {
			u := (float64(x)+0.5-p.cx)*fx + float64(aw)/2 - 0.5
			ui := int(math.Floor(u))
			if ui < -1 || ui >= aw {
				continue
			}
			fu := float32(u - float64(ui))
			at := func(xx, yy int) float32 {
				if xx < 0 || yy < 0 || xx >= aw || yy >= ah {
					return 0
				}
				return float32(mask[yy*aw+xx])
			}
			t := (at(ui, vi)*(1-fu)+at(ui+1, vi)*fu)*(1-fv) + (at(ui, vi+1)*(1-fu)+at(ui+1, vi+1)*fu)*fv
			row[x-cv.Min.X] += t
		}
	}
}

// blurCanvas blurs m (w×h) in place with kernel k, where it matters: the
// result is exact in the canvas inset by k.reach() (the rest is left
// partly blurred); tmp is scratch of the same size. Each pass accumulates
// whole rows, tap after tap (every pixel sums its taps in the same order
// as a per-pixel loop would, so the result does not depend on the loop
// order).
func blurCanvas(m, tmp []float32, w, h int, k glyphKernel) {
	rc := k.reach()
	mr := 0 // the motion's reach
	if k.length >= 1.5 {
		mr = int(math.Ceil(k.length/2)) + 1
	}
	if k.sigma > 0.3 {
		g := gaussTaps(k.sigma)
		r := len(g) / 2
		// The region the motion pass reads.
		x0, x1 := max(r, rc-mr), min(w-r, w-rc+mr)
		y0, y1 := max(r, rc-mr), min(h-r, h-rc+mr)
		if x0 < x1 && y0 < y1 {
			// Rows into tmp (every row the column pass reads), then
			// columns back into m. Where the ink cannot reach, the sums
			// are zeros: those are cleared, not summed.
			b := inkBox(m, w, h)
			xa, xb := max(x0, b.Min.X-r), min(x1, b.Max.X+r)
			for y := y0 - r; y < y1+r; y++ {
				clear(tmp[y*w+x0 : y*w+x1])
				if y < b.Min.Y || y >= b.Max.Y || xa >= xb {
					continue
				}
				dst := tmp[y*w+xa : y*w+xb]
				for j, gv := range g {
					src := m[y*w+xa-r+j:]
					src = src[:len(dst)]
					for x, v := range src {
						dst[x] += gv * v
					}
				}
			}
			for y := y0; y < y1; y++ {
				clear(m[y*w+x0 : y*w+x1])
				if y+r < b.Min.Y || y-r >= b.Max.Y || xa >= xb {
					continue
				}
				dst := m[y*w+xa : y*w+xb]
				for j, gv := range g {
					src := tmp[(y-r+j)*w+xa:]
					src = src[:len(dst)]
					for x, v := range src {
						dst[x] += gv * v
					}
				}
			}
		}
	}
	if mr > 0 {
		taps := motionTaps(k.length, k.angle, w)
		x0, x1 := rc, w-rc
		y0, y1 := rc, h-rc
		for y := y0 - mr; y < y1+mr; y++ {
			copy(tmp[y*w+x0-mr:y*w+x1+mr], m[y*w+x0-mr:y*w+x1+mr])
		}
		if x0 < x1 {
			// A tap reaches at most mr pixels across and down.
			b := inkBox(m, w, h)
			xa, xb := max(x0, b.Min.X-mr), min(x1, b.Max.X+mr)
			for y := y0; y < y1; y++ {
				clear(m[y*w+x0 : y*w+x1])
				if y+mr < b.Min.Y || y-mr >= b.Max.Y || xa >= xb {
					continue
				}
				dst := m[y*w+xa : y*w+xb]
				for _, tp := range taps {
					src := tmp[y*w+xa+tp.off:]
					src = src[:len(dst)]
					for x, v := range src {
						dst[x] += tp.w * v
					}
				}
			}
		}
	}
}

// inkBox returns the bounds of m's (w×h) non-zero pixels (empty when
// there are none).
func inkBox(m []float32, w, h int) image.Rectangle {
	b := image.Rectangle{Min: image.Pt(w, h)}
	for y := 0; y < h; y++ {
		row := m[y*w : (y+1)*w]
		x0 := 0
		for x0 < len(row) && row[x0] == 0 {
			x0++
		}
		if x0 == len(row) {
			continue
		}
		x1 := len(row)
		for x1 > x0 && row[x1-1] == 0 {
			x1--
		}
		b.Min.X, b.Max.X = min(b.Min.X, x0), max(b.Max.X, x1)
		b.Min.Y, b.Max.Y = min(b.Min.Y, y), y+1
	}
	if b.Max.Y == 0 {
		return image.Rectangle{}
	}
	return b
}

// gaussTaps returns the normalised Gaussian of sigma over ±⌈2.5 sigma⌉.
func gaussTaps(sigma float64) []float32 {
	r := int(math.Ceil(2.5 * sigma))
	g := make([]float32, 2*r+1)
	var s float32
	for i := range g {
		d := float64(i - r)
		g[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
		s += g[i]
	}
	for i := range g {
		g[i] /= s
	}
	return g
}

// tap is a weight of a sparse kernel at an offset into a row-major image.
type tap struct {
	off int
	w   float32
}

// motionTaps returns the motion blur of the given length and angle on an
// image w pixels wide: the average of bilinear samples along the
// segment, as taps by increasing offset.
func motionTaps(length, angle float64, w int) []tap {
	n := int(math.Ceil(length))
	ux, uy := math.Cos(angle), math.Sin(angle)
	type sample struct {
		o      int
		fx, fy float32
	}
	ss := make([]sample, n+1)
	lo, hi := math.MaxInt, math.MinInt
	for j := range ss {
		t := (float64(j)/float64(n) - 0.5) * length
		x, y := t*ux, t*uy
		xi, yi := math.Floor(x), math.Floor(y)
		o := int(yi)*w + int(xi)
		ss[j] = sample{o, float32(x - xi), float32(y - yi)}
		lo, hi = min(lo, o), max(hi, o+w+1)
	}
	// The weights by offset (from lo), each summed in sample order.
	wts := make([]float32, hi-lo+1)
	for _, s := range ss {
		o := s.o - lo
		wts[o] += (1 - s.fx) * (1 - s.fy)
		wts[o+1] += s.fx * (1 - s.fy)
		wts[o+w] += (1 - s.fx) * s.fy
		wts[o+w+1] += s.fx * s.fy
	}
	var taps []tap
	for o, v := range wts {
		if v > 1e-4 {
			taps = append(taps, tap{o + lo, v / float32(n+1)})
		}
	}
	return taps
}

func grow32(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

func growZero(b []float32, n int) []float32 {
	b = grow32(b, n)
	clear(b)
	return b
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
