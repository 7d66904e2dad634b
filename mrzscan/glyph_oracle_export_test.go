package mrzscan

import (
	"context"
	"fmt"
	"image"
	"math"
	"os"
	"strconv"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
	"gocv.io/x/gocv"
)

// The blur oracle (test only): the synthetic generator records a hard
// photo's motion blur (synth.Motion: a box average of N pixels along a
// step (DX, DY) of the photo's pixel grid). In a rectified band the same
// blur is that box mapped by the band warp's local Jacobian: a segment
// along J⁻¹·(DX, DY). These helpers build that kernel for a band (the
// defocus and glyph scale still fitted, the motion given), so the
// diagnostics can measure what a perfect motion fit would read.

// OracleMotion is a photo's motion blur: N taps along step (DX, DY).
type OracleMotion struct {
	N      int
	DX, DY int
}

// oraclePhoto is the photo the oracle's bands are checked against.
type oraclePhoto struct {
	pix  []byte
	gray gocv.Mat
}

func newOraclePhoto(img image.Image) (*oraclePhoto, error) {
	pix, w, h := grayPixels(img)
	m, err := grayMat(pix, w, h)
	if err != nil {
		return nil, err
	}
	return &oraclePhoto{pix: pix, gray: m}, nil
}

func (o *oraclePhoto) close() { o.gray.Close() }

// warp returns the band of geometry rb cut from the photo itself.
func (o *oraclePhoto) warp(rb *rectBand) *image.Gray {
	m := gocv.NewMat()
	defer m.Close()
	if err := warpInto(o.gray, &m, rb.toImage, image.Pt(rb.w, rb.h)); err != nil {
		return nil
	}
	return matGray(m)
}

// fromPhoto reports whether band rb was cut from the photo itself (not
// from its deconvolved copy): warping the photo again gives its pixels.
func (o *oraclePhoto) fromPhoto(rb *rectBand) bool {
	g := o.warp(rb)
	if g == nil || len(g.Pix) != len(rb.gray.Pix) {
		return false
	}
	d := 0
	for i, v := range g.Pix {
		d += abs(int(v) - int(rb.gray.Pix[i]))
	}
	return float64(d) < 0.5*float64(len(g.Pix))
}

// bandMotion returns the photo motion m in the coordinates of band rb, at
// its centre: the segment's angle (radians, [0, π)) and length (the span
// of the taps, as blurCanvas takes it: n taps one pixel apart span n−1
// pixels).
func bandMotion(rb *rectBand, m OracleMotion) (angle, length float64) {
	if m.N < 2 {
		return 0, 0
	}
	c := geometry.Pt(float64(rb.w)/2, float64(rb.h)/2)
	p0 := rb.toImage.Apply(c)
	px := rb.toImage.Apply(geometry.Pt(c.X+1, c.Y))
	py := rb.toImage.Apply(geometry.Pt(c.X, c.Y+1))
	a, b := px.X-p0.X, py.X-p0.X // J = [a b; d e]: band step → photo step
	d, e := px.Y-p0.Y, py.Y-p0.Y
	det := a*e - b*d
	if math.Abs(det) < 1e-12 {
		return 0, 0
	}
	sx, sy := float64(m.DX), float64(m.DY)
	vx, vy := (e*sx-b*sy)/det, (-d*sx+a*sy)/det
	angle = math.Atan2(vy, vx)
	for angle < 0 {
		angle += math.Pi
	}
	for angle >= math.Pi {
		angle -= math.Pi
	}
	return angle, float64(m.N-1) * math.Hypot(vx, vy)
}

// fitWithMotion fits the defocus and glyph scale of a kernel whose motion
// is given (angle, length), on rf's references.
func fitWithMotion(rf *refFit, angle, length float64) (glyphKernel, float64) {
	best, bestFit := glyphKernel{sigma: 1.2, angle: angle, length: length, sx: 1, sy: 1}, -2.0
	try := func(k glyphKernel) {
		if f := rf.fit(k); f > bestFit {
			best, bestFit = k, f
		}
	}
	for _, sy := range []float64{0.88, 0.94, 1, 1.06, 1.12, 1.18} {
		try(glyphKernel{sigma: 1.2, angle: angle, length: length, sx: 1, sy: sy})
	}
	b := best
	for _, s := range []float64{0.3, 0.6, 0.9, 1.5, 1.8, 2.2, 2.6, 3.0, 3.6} {
		try(glyphKernel{sigma: s, angle: angle, length: length, sx: b.sx, sy: b.sy})
	}
	for range 2 {
		b = best
		for _, f := range []float64{0.85, 1.18} {
			try(glyphKernel{sigma: b.sigma * f, angle: angle, length: length, sx: b.sx, sy: b.sy})
		}
		b = best
		for _, d := range []float64{-0.03, 0.03} {
			try(glyphKernel{sigma: b.sigma, angle: angle, length: length, sx: b.sx, sy: b.sy + d})
		}
		b = best
		for _, d := range []float64{-0.05, 0.05} {
			try(glyphKernel{sigma: b.sigma, angle: angle, length: length, sx: b.sx + d, sy: b.sy})
		}
	}
	return best, bestFit
}

// OracleKernelStats counts the bands the oracle replaced the fit or the
// pixels of.
type OracleKernelStats struct {
	Bands, FromPhoto, Replaced int
}

// SetBlurOracle sets, until restore is called, test hooks for the reading
// of img (not safe for concurrent reads): with kernel, every band cut from
// img itself is re-scored under the kernel of the true motion m (nil: no
// motion) mapped into the band, its defocus and glyph scale fitted
// (lenScale scales the true length, 1 for the truth); bands cut from the
// deconvolved copy keep their fit. With plain, a band cut from the
// deconvolved copy is re-scored on the pixels of the same band cut from
// img itself (its blur fitted there, or the oracle's with kernel).
//
// With skip, a band cut from the deconvolved copy is not re-scored at all
// (plain is then ignored).
func SetBlurOracle(img image.Image, m *OracleMotion, lenScale float64, kernel, plain, skip bool, st *OracleKernelStats) (restore func(), err error) {
	ph, err := newOraclePhoto(img)
	if err != nil {
		return nil, err
	}
	var mm OracleMotion
	if m != nil {
		mm = *m
	}
	if kernel {
		blurOracle = func(rb *rectBand, rf *refFit) (glyphKernel, bool) {
			st.Bands++
			if rf.sb.g != rb.gray && !plain || rf.sb.g == rb.gray && !ph.fromPhoto(rb) {
				return glyphKernel{}, false
			}
			st.FromPhoto++
			a, l := bandMotion(rb, mm)
			k, _ := fitWithMotion(rf, a, l*lenScale)
			return k, true
		}
	}
	if skip {
		bandSource = func(rb *rectBand, g *image.Gray) *image.Gray {
			if rb.gray == g && !ph.fromPhoto(rb) {
				st.Replaced++
				return nil
			}
			return g
		}
	} else if plain {
		cut := map[*image.Gray]*image.Gray{}
		bandSource = func(rb *rectBand, g *image.Gray) *image.Gray {
			if rb.gray != g {
				return g
			}
			if p, ok := cut[g]; ok {
				return p
			}
			p := g
			if !ph.fromPhoto(rb) {
				if w := ph.warp(rb); w != nil {
					p = w
					st.Replaced++
				}
			}
			cut[g] = p
			return p
		}
	}
	return func() {
		blurOracle, bandSource = nil, nil
		ph.close()
	}, nil
}

// OracleFit compares, for the band of img's reading (when cut from img
// itself), the fitted kernel with the true motion m mapped into the band:
// ok is false when there is no such band or too few references.
type OracleFit struct {
	Fitted, Oracle       string  // the kernels
	FitF, FitO           float64 // the references' mean correlation under each
	TrueAngle, TrueLen   float64 // the true motion in the band
	FitAngle, FitLen     float64 // the fitted one
	Heavy, OracleHeavy   bool
	FromPhoto, Deblurred bool
}

// OracleBandFit reads img and fits its band's blur both ways.
func OracleBandFit(r *Reader, img image.Image, m *OracleMotion) (OracleFit, string) {
	var of OracleFit
	a, err := r.read(context.Background(), img)
	if err != nil || a.rb == nil {
		return of, fmt.Sprint("no reading: ", err)
	}
	ph, err := newOraclePhoto(img)
	if err != nil {
		return of, err.Error()
	}
	defer ph.close()
	sb, _, why := oracleBand(r, a, ph, &of)
	if why != "" {
		return of, why
	}
	var mm OracleMotion
	if m != nil {
		mm = *m
	}
	of.TrueAngle, of.TrueLen = bandMotion(a.rb, mm)
	_, sure := splitCells(a.cells, sb.cands)
	refs := glyphRefs(sb.cands, sure)
	if len(refs) < 4 {
		return of, "too few references"
	}
	rf := newRefFit(sb, refs)
	kf, ff := fitKernelOn(rf)
	ko, fo := fitWithMotion(rf, of.TrueAngle, of.TrueLen)
	of.Fitted, of.Oracle = kernString(kf), kernString(ko)
	of.FitF, of.FitO = ff, fo
	of.FitAngle, of.FitLen = kf.angle, kf.length
	of.Heavy, of.OracleHeavy = kf.heavy(), ko.heavy()
	return of, ""
}

// oracleBand returns the glyph band of reading a, cut again from the
// photo itself when a's band comes from the deconvolved copy, and its
// classifier candidates.
func oracleBand(r *Reader, a *attempt, ph *oraclePhoto, of *OracleFit) (*glyphBand, [][][]mrz.Candidate, string) {
	g := a.rb.gray
	if ph.fromPhoto(a.rb) {
		of.FromPhoto = true
	} else {
		of.Deblurred = true
		if g = ph.warp(a.rb); g == nil {
			return nil, nil, "cannot cut the band from the photo"
		}
	}
	cands := r.classifyCells(g, a.cells)
	return &glyphBand{g: g, cells: a.cells, cands: cands, atlas: ocrb.Glyphs()}, cands, ""
}

func kernString(k glyphKernel) string {
	return fmt.Sprintf("σ %.2f θ %3.0f° L %4.1f sx %.2f sy %.2f", k.sigma, k.angle*180/math.Pi, k.length, k.sx, k.sy)
}

// OracleCellDiag reads img and, for each cell of the reading's band that
// the classifier or the reading gets wrong (against want), compares the
// truth's correlation with the wrong letter's (and the best of all 37
// classes) under the fitted kernel and under the oracle's (the true
// motion m, defocus and scale fitted), in the re-scoring's widened
// window, neighbours as the classifier reads them. A band cut from the
// deconvolved copy is cut again from the photo (said so).
func OracleCellDiag(r *Reader, img image.Image, want []string, m *OracleMotion) []string {
	a, err := r.read(context.Background(), img)
	if err != nil || a.rb == nil {
		return []string{fmt.Sprint("no reading: ", err)}
	}
	if len(a.cells) != len(want) || len(a.cells[0]) != len(want[0]) {
		return []string{"band with another layout"}
	}
	ph, err := newOraclePhoto(img)
	if err != nil {
		return []string{err.Error()}
	}
	defer ph.close()
	var of OracleFit
	sb, cands, why := oracleBand(r, a, ph, &of)
	if why != "" {
		return []string{why}
	}
	_, sure := splitCells(a.cells, cands)
	refs := glyphRefs(cands, sure)
	if len(refs) < 4 {
		return []string{"too few references"}
	}
	var mm OracleMotion
	if m != nil {
		mm = *m
	}
	ta, tl := bandMotion(a.rb, mm)
	rf := newRefFit(sb, refs)
	kf, ff := fitKernelOn(rf)
	ko, fo := fitWithMotion(rf, ta, tl)
	src := "band from the photo"
	if of.Deblurred {
		src = "band from the deconvolved copy, cut again from the photo"
	}
	out := []string{fmt.Sprintf("%s; got %q", src, a.lines),
		fmt.Sprintf("fitted %s fit %.3f heavy %v", kernString(kf), ff, kf.heavy()),
		fmt.Sprintf("oracle %s fit %.3f heavy %v (true motion θ %.0f° L %.1f)", kernString(ko), fo, ko.heavy(), ta*180/math.Pi, tl)}
	sb.ext = resynthExt
	type kn struct {
		name string
		k    glyphKernel
	}
	for k, row := range cands {
		for i, cs := range row {
			if len(cs) == 0 || i >= len(want[k]) || k >= len(a.lines) || i >= len(a.lines[k]) {
				continue
			}
			truth, got := want[k][i], a.lines[k][i]
			if cs[0].Char == truth && got == truth {
				continue
			}
			wrong := got
			if wrong == truth {
				wrong = cs[0].Char
			}
			s := fmt.Sprintf("%d:%d truth %c got %c cls %c %.2f:", k, i, truth, got, cs[0].Char, cs[0].P)
			for _, x := range []kn{{"fitted", kf}, {"oracle", ko}} {
				sb.tmpl = nil
				sb.useKernel(x.k, nil)
				sc := sb.newCellScorer(k, i)
				corr := func(c byte) float64 {
					if sc.ok {
						v, _ := sc.score(classIndex(c), image.Point{}, glyphShift)
						return v
					}
					v, _ := sb.score(k, i, c, x.k, image.Point{}, glyphShift)
					return v
				}
				ct, cw := corr(truth), corr(wrong)
				bc, bv := byte('?'), -2.0
				for _, c := range []byte(ocrb.Alphabet) {
					if v := corr(c); v > bv {
						bc, bv = c, v
					}
				}
				s += fmt.Sprintf(" | %s truth %.3f %c %.3f (Δ %+.3f) best %c %.3f", x.name, ct, wrong, cw, ct-cw, bc, bv)
			}
			out = append(out, s)
		}
	}
	return out
}

// RenderCheck measures how faithful the glyph rendering is on the band of
// img's reading (when cut from img itself, with the layout of want):
//   - Ceiling: in runs of fillers (three on each side), two observed
//     windows of the same filler with the same neighbours differ only by
//     noise and background, so the square root of their correlation
//     (best over ±2 px) bounds what any rendering can reach; Render is
//     the rendering's correlation with the same windows (the true reading
//     as neighbours, under the fitted blur), in the re-scoring's window.
//   - GammaFit: the references' mean correlation under the fitted blur
//     (defocus refitted) with the atlas coverage c drawn as c^γ for each
//     of gammas (γ < 1: bolder strokes).
type RenderCheck struct {
	Ceiling, Render []float64
	GammaFit        []float64
}

// OracleRenderCheck fills a RenderCheck for img; why says why not.
func OracleRenderCheck(r *Reader, img image.Image, want []string, gammas []float64) (RenderCheck, string) {
	var rc RenderCheck
	a, err := r.read(context.Background(), img)
	if err != nil || a.rb == nil {
		return rc, fmt.Sprint("no reading: ", err)
	}
	if len(a.cells) != len(want) || len(a.cells[0]) != len(want[0]) {
		return rc, "band with another layout"
	}
	ph, err := newOraclePhoto(img)
	if err != nil {
		return rc, err.Error()
	}
	defer ph.close()
	var of OracleFit
	sb, cands, why := oracleBand(r, a, ph, &of)
	if why != "" {
		return rc, why
	}
	_, sure := splitCells(a.cells, cands)
	refs := glyphRefs(cands, sure)
	if len(refs) < 4 {
		return rc, "too few references"
	}
	rf := newRefFit(sb, refs)
	kf, _ := fitKernelOn(rf)
	base := sb.atlas
	for _, gm := range gammas {
		at := &ocrb.Atlas{Pitch: base.Pitch, W: base.W, H: base.H}
		for c, m := range base.Masks {
			at.Masks[c] = make([]uint8, len(m))
			for j, v := range m {
				at.Masks[c][j] = uint8(math.Round(255 * math.Pow(float64(v)/255, gm)))
			}
		}
		sb.atlas = at
		_, f := fitWithMotion(rf, kf.angle, kf.length)
		rc.GammaFit = append(rc.GammaFit, f)
	}
	sb.atlas = base
	// The true reading as every cell's only candidate.
	truth := make([][][]mrz.Candidate, len(want))
	for k := range want {
		truth[k] = make([][]mrz.Candidate, len(want[k]))
		for i := range want[k] {
			truth[k][i] = []mrz.Candidate{{Char: want[k][i], P: 1}}
		}
	}
	tb := &glyphBand{g: sb.g, cells: a.cells, cands: truth, atlas: base, ext: resynthExt}
	tb.useKernel(kf, nil)
	for k, l := range want {
		var run []int // filler cells with three fillers on each side
		for i := 3; i+3 < len(l); i++ {
			if l[i-3:i+4] == "<<<<<<<" && !a.cells[k][i].Empty() && a.cells[k][i].In(sb.g.Rect) {
				run = append(run, i)
			}
		}
		for j := 0; j+1 < len(run); j += 2 {
			i0, i1 := run[j], run[j+1]
			c := obsCorr(sb, tb.window(k, i0), tb.window(k, i1))
			if c <= 0 {
				continue
			}
			for _, i := range []int{i0, i1} {
				sc := tb.newCellScorer(k, i)
				if !sc.ok {
					continue
				}
				v, _ := sc.score(classIndex('<'), image.Point{}, glyphShift)
				rc.Ceiling = append(rc.Ceiling, math.Sqrt(c))
				rc.Render = append(rc.Render, v)
			}
		}
	}
	return rc, ""
}

// obsCorr returns the best normalised correlation of the observed windows
// a and b of sb's band (b shifted by up to 2 px; the common size less 2 px
// on each side), each freed of its mean.
func obsCorr(sb *glyphBand, a, b image.Rectangle) float64 {
	w, h := min(a.Dx(), b.Dx())-4, min(a.Dy(), b.Dy())-4
	if w < 8 || h < 8 {
		return 0
	}
	cut := func(r image.Rectangle, dx, dy int) []float32 {
		o := make([]float32, w*h)
		var m float64
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				p := image.Pt(r.Min.X+2+x+dx, r.Min.Y+2+y+dy)
				if !p.In(sb.g.Rect) {
					return nil
				}
				o[y*w+x] = float32(255 - int(sb.g.Pix[sb.g.PixOffset(p.X, p.Y)]))
				m += float64(o[y*w+x])
			}
		}
		m /= float64(w * h)
		var ss float64
		for j := range o {
			o[j] -= float32(m)
			ss += float64(o[j]) * float64(o[j])
		}
		if ss < 1 {
			return nil
		}
		for j := range o {
			o[j] /= float32(math.Sqrt(ss))
		}
		return o
	}
	oa := cut(a, 0, 0)
	if oa == nil {
		return 0
	}
	best := -1.0
	for dy := -2; dy <= 2; dy++ {
		for dx := -2; dx <= 2; dx++ {
			ob := cut(b, dx, dy)
			if ob == nil {
				return 0
			}
			var c float64
			for j, v := range oa {
				c += float64(v * ob[j])
			}
			best = math.Max(best, c)
		}
	}
	return best
}

// residual returns, for cell (k, i) read as class ci, the observed window
// minus its least-squares fit by the rendering (gain and offset; at the
// best shift), cropped to w×h around the window's centre, or nil.
func (cs *cellScorer) residual(ci, w, h int) []float64 {
	if !cs.ok || cs.ow < w || cs.oh < h {
		return nil
	}
	_, d := cs.score(ci, image.Point{}, glyphShift)
	gt := cs.sb.tmpl
	t := cs.sb.template(cs.sz, ci)
	tw := 2*gt.px + 1
	v := make([]float64, cs.ow*cs.oh)
	var sv, svv, svo float64
	for y := 0; y < cs.oh; y++ {
		cy := y + cs.gr + d.Y
		for x := 0; x < cs.ow; x++ {
			a := float64(cs.nb[cy*cs.cw+cs.gr+d.X+x] + t[(cy+cs.oy)*tw+cs.gr+d.X+cs.ox+x])
			v[y*cs.ow+x] = a
			sv += a
			svv += a * a
			svo += a * float64(cs.obs[y*cs.ow+x])
		}
	}
	n := float64(len(v))
	vv := svv - sv*sv/n
	if vv <= 0 {
		return nil
	}
	g := svo / vv // Σ obs = 0
	x0, y0 := (cs.ow-w)/2, (cs.oh-h)/2
	out := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			j := (y0+y)*cs.ow + x0 + x
			out[y*w+x] = float64(cs.obs[j]) - g*(v[j]-sv/n)
		}
	}
	return out
}

// OracleResiduals adds to sum (w×h) the residuals of img's sure cells of
// class c (read so by the truth want, in a band cut from img itself,
// fitted blur) and returns how many it added and their summed squared
// norm: a rendering that differs systematically from the photos leaves a
// mean residual far above noise (‖mean‖² ≫ mean ‖r‖² / n).
func OracleResiduals(r *Reader, img image.Image, want []string, c byte, w, h int, sum []float64) (n int, sq float64) {
	a, err := r.read(context.Background(), img)
	if err != nil || a.rb == nil || len(a.cells) != len(want) || len(a.cells[0]) != len(want[0]) {
		return 0, 0
	}
	ph, err := newOraclePhoto(img)
	if err != nil {
		return 0, 0
	}
	defer ph.close()
	var of OracleFit
	sb, cands, why := oracleBand(r, a, ph, &of)
	if why != "" {
		return 0, 0
	}
	_, sure := splitCells(a.cells, cands)
	refs := glyphRefs(cands, sure)
	if len(refs) < 4 {
		return 0, 0
	}
	kf, fit := fitKernel(sb, refs)
	if fit < resynthMinFit {
		return 0, 0
	}
	truth := make([][][]mrz.Candidate, len(want))
	for k := range want {
		truth[k] = make([][]mrz.Candidate, len(want[k]))
		for i := range want[k] {
			truth[k][i] = []mrz.Candidate{{Char: want[k][i], P: 1}}
		}
	}
	tb := &glyphBand{g: sb.g, cells: a.cells, cands: truth, atlas: sb.atlas, ext: resynthExt}
	tb.useKernel(kf, nil)
	for k, l := range want {
		for i := 1; i+1 < len(l); i++ {
			if l[i] != c || len(cands[k][i]) == 0 || cands[k][i][0].Char != c || cands[k][i][0].P < resynthSure {
				continue
			}
			res := tb.newCellScorer(k, i).residual(classIndex(c), w, h)
			if res == nil {
				continue
			}
			for j, v := range res {
				sum[j] += v
				sq += v * v
			}
			n++
		}
	}
	return n, sq
}

// SetBandPhoto sets, until restore is called, the hook that gives a band
// cut from the deconvolved copy of img its pixels cut from img itself, so
// that its doubtful cells are re-scored on both (not safe for concurrent
// reads). st.Replaced counts the bands given a second source.
func SetBandPhoto(img image.Image, st *OracleKernelStats) (restore func(), err error) {
	ph, err := newOraclePhoto(img)
	if err != nil {
		return nil, err
	}
	cut := map[*image.Gray]*image.Gray{}
	bandPhoto = func(rb *rectBand) *image.Gray {
		if p, ok := cut[rb.gray]; ok {
			return p
		}
		var p *image.Gray
		if !ph.fromPhoto(rb) {
			if p = ph.warp(rb); p != nil {
				st.Replaced++
			}
		}
		cut[rb.gray] = p
		return p
	}
	return func() {
		bandPhoto = nil
		ph.close()
	}, nil
}

func init() {
	// Development switches of the two-source re-scoring (SetBandPhoto).
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_ALT_W"), 64); err == nil {
		resynthAltW = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_ALT_BETA"), 64); err == nil {
		resynthAltBeta = v
	}
}
