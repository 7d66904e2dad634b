package mrzscan

import (
	"context"
	"image"
	"math"
	"slices"

	"gocv.io/x/gocv"
)

// motion is a linear motion blur: the image averaged over length pixels
// along the direction angle (radians in [0, π), y downwards).
type motion struct {
	angle, length float64
}

// linePSF returns the point spread function of m: a normalised CV_32F
// kernel holding an anti-aliased uniform segment of m.length pixels
// through its centre (a physical linear motion: a box of n pixels along
// an axis is the segment of length n, not n−1, sampled at the pixel
// centres).
func linePSF(m motion) gocv.Mat {
	n := 2*int(math.Ceil(m.length/2)) + 1
	k := gocv.NewMatWithSize(n, n, gocv.MatTypeCV32F)
	c := float64(n-1) / 2
	ux, uy := math.Cos(m.angle), math.Sin(m.angle)
	w := make([]float32, n*n)
	var sum float64
	// Sample the segment finely (at the midpoints of equal parts) and
	// spread each sample bilinearly.
	steps := 8 * n
	for i := 0; i < steps; i++ {
		t := ((float64(i)+0.5)/float64(steps) - 0.5) * m.length
		x, y := c+t*ux, c+t*uy
		x0, y0 := math.Floor(x), math.Floor(y)
		fx, fy := x-x0, y-y0
		for _, q := range [4]struct {
			dx, dy int
			w      float64
		}{{0, 0, (1 - fx) * (1 - fy)}, {1, 0, fx * (1 - fy)}, {0, 1, (1 - fx) * fy}, {1, 1, fx * fy}} {
			xi, yi := int(x0)+q.dx, int(y0)+q.dy
			if xi >= 0 && xi < n && yi >= 0 && yi < n && q.w > 0 {
				w[yi*n+xi] += float32(q.w)
				sum += q.w
			}
		}
	}
	for i, v := range w {
		k.SetFloatAt(i/n, i%n, float32(float64(v)/sum))
	}
	return k
}

// motionAngles is the number of directions estimateMotion tries over
// half a turn.
const motionAngles = 12

// estimateMotion estimates the linear motion blur of gray (CV_8U) from the
// autocorrelation of its directional derivative: a blur that averages L
// pixels along u turns every edge into a ramp of length L, so the
// derivative along u of the blurred image is the difference of two copies
// of the sharp image's edges L pixels apart, and its autocorrelation along
// u has a negative peak at lag L (Yitzhaky and Kopeika, 1997). The
// direction is the one among motionAngles along which the derivative
// stays smoothest compared with across (interpolated, and for long blurs
// refined by the length of the autocorrelation's ramp); the length is the
// first dip along it. ok is false when no direction shows one clearly (a
// sharp image, or blur shorter than 3 pixels). TestDeblurTruth measures
// it against the synthetic photos' true blur.
func estimateMotion(gray gocv.Mat) (m motion, depth float64, ok bool) {
	gx, gy, sm := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer gx.Close()
	defer gy.Close()
	defer sm.Close()
	// A light isotropic smoothing keeps pixel noise out of the
	// derivatives.
	gocv.GaussianBlur(gray, &sm, image.Pt(5, 5), 1, 1, gocv.BorderReflect)
	gocv.Sobel(sm, &gx, gocv.MatTypeCV32F, 1, 0, 3, 1, 0, gocv.BorderReflect)
	gocv.Sobel(sm, &gy, gocv.MatTypeCV32F, 0, 1, 3, 1, 0, gocv.BorderReflect)
	w, h := gray.Cols(), gray.Rows()
	fx, err1 := gx.DataPtrFloat32()
	fy, err2 := gy.DataPtrFloat32()
	if err1 != nil || err2 != nil || len(fx) < w*h || len(fy) < w*h {
		return motion{}, 0, false
	}
	return estimateMotionGrad(fx, fy, w, h)
}

// motionSamples is about the number of grid points estimateMotion
// samples (only those on edges are used).
const motionSamples = 20000

// maxMotion is the longest blur, in pixels, estimateMotion looks for.
const maxMotion = 20

// motionGrid returns the grid estimateMotion samples the derivatives fx,
// fy (row-major, w×h) on: every step pixels, b pixels away from the
// border, and the squared gradient above which a sample is on an edge
// (twice the mean; flat areas carry nothing but noise). ok is false when
// the image is too small to hold a sample.
func motionGrid(fx, fy []float32, w, h int) (step, b int, edge float32, ok bool) {
	step = max(2, int(math.Sqrt(float64(w*h)/motionSamples)))
	b = maxMotion + 3
	var e2 float64
	ne := 0
	for y := b; y < h-b; y += step {
		for x := b; x < w-b; x += step {
			i := y*w + x
			e2 += float64(fx[i]*fx[i] + fy[i]*fy[i])
			ne++
		}
	}
	if ne == 0 {
		return 0, 0, 0, false
	}
	return step, b, float32(2 * e2 / float64(ne)), true
}

// estimateMotionGrad is estimateMotion on the Sobel derivatives fx, fy
// (row-major, w×h).
func estimateMotionGrad(fx, fy []float32, w, h int) (m motion, depth float64, ok bool) {
	step, b, edge, ok := motionGrid(fx, fy, w, h)
	if !ok {
		return motion{}, 0, false
	}
	var rs [motionAngles][maxMotion + 1]float64
	for ai := 0; ai < motionAngles; ai++ {
		rs[ai] = motionProfile(fx, fy, w, h, step, b, edge, float64(ai)*math.Pi/motionAngles)
	}
	// The blur direction is the one along which the derivative stays
	// smooth longest (its edges became ramps) compared with the direction
	// across; the length is the lag of the derivative's negative dip
	// along it.
	var aniso [motionAngles]float64
	bestAniso, bestAi := 0.0, -1
	for ai := range rs {
		r, o := &rs[ai], &rs[(ai+motionAngles/2)%motionAngles]
		if r[0] == 0 || o[0] == 0 {
			continue
		}
		v := r[2]/r[0] - o[2]/o[0]
		aniso[ai] = v
		if v > bestAniso {
			bestAniso, bestAi = v, ai
		}
	}
	if bestAi < 0 || bestAniso < minMotionAniso {
		return motion{}, bestAniso, false
	}
	// The direction between the sampled ones: a parabola through the
	// best and its two neighbours.
	angle := float64(bestAi)
	p0, p1, p2 := aniso[(bestAi+motionAngles-1)%motionAngles], aniso[bestAi], aniso[(bestAi+1)%motionAngles]
	if den := p0 - 2*p1 + p2; den < 0 {
		angle += 0.5 * (p0 - p2) / den
	}
	angle = math.Mod(angle*math.Pi/motionAngles+math.Pi, math.Pi)
	r := &rs[bestAi]
	// The lag-2 correlation hardly changes a few degrees off the blur
	// and the print's own anisotropy bends it; the ramp's whole length
	// does: along a direction θ off the blur, lag l moves l·sin θ across
	// the sharp edges, so the correlation at long lags falls quickly.
	// Refine the direction by the ramp's area (motionRamp), coarse to
	// fine around the parabola's.
	//
	// Short blurs keep the parabola's direction: their ramp is too short
	// to tell (and a direction error matters little there).
	rf := motionProfile(fx, fy, w, h, step, b, edge, angle)
	bestS := motionRamp(&rf)
	refine := motionRefine[:]
	if l := motionDip(&rf); l < minRefineDip {
		refine = nil
	}
	for _, st := range refine {
		st *= math.Pi / 180
		c := angle
		for _, a := range [2]float64{c - st, c + st} {
			ra := motionProfile(fx, fy, w, h, step, b, edge, a)
			if v := motionRamp(&ra); v > bestS {
				bestS, rf, angle = v, ra, a
			}
		}
	}
	angle = math.Mod(angle+math.Pi, math.Pi)
	// The length is read along the refined direction, not the sampled
	// one: 8° off the blur the dip spreads (seed 977's French ID #59).
	if rf[0] > 0 {
		r = &rf
	}
	bestL := motionDip(r)
	if bestL < 3 {
		return motion{}, bestAniso, false
	}
	// The length: for a stroke (two opposite edges) blurred over L
	// pixels, the derivative's autocorrelation along u is zero between
	// the stroke width and L minus it, and dips to its minimum at lag L.
	// The dip's position is refined by a parabola through its neighbours;
	// the smoothing and the Sobel kernel move it about a pixel further
	// (measured on known blurs, TestEstimateMotion).
	dip := float64(bestL)
	if bestL < maxMotion {
		p0, p1, p2 := r[bestL-1], r[bestL], r[bestL+1]
		if den := p0 - 2*p1 + p2; den > 0 {
			dip += 0.5 * (p0 - p2) / den
		}
	}
	return motion{angle: angle, length: dip - 1}, bestAniso, true
}

// motionRefine are the steps, in degrees, of estimateMotion's search
// for the direction around the parabola's: each step moves to the
// better side, if any.
var motionRefine = [...]float64{6, 3, 1.5, 0.75}

// minRefineDip is the shortest lag of the dip along the parabola's
// direction for which estimateMotion refines the direction.
const minRefineDip = 7

// motionRamp is the area of the autocorrelation r (relative to r[0])
// before its first zero: about half the blur length along the blur,
// less off it.
func motionRamp(r *[maxMotion + 1]float64) float64 {
	if r[0] <= 0 {
		return 0
	}
	var s float64
	for l := 1; l <= maxMotion && r[l] > 0; l++ {
		s += r[l] / r[0]
	}
	return s
}

// motionDip returns the lag of the first dip of the autocorrelation r:
// the first local minimum at least minMotionDip deep (relative to r[0])
// from lag 2 on, 0 when there is none. The first, not the deepest: the
// text and the background of a document repeat at longer lags (the
// strokes' spacing, lines of print) and may dip deeper there than the
// blur does (a French ID card blurred by 3 px showed its deepest dip at
// 12 px).
func motionDip(r *[maxMotion + 1]float64) int {
	if r[0] <= 0 {
		return 0
	}
	for l := 2; l <= maxMotion; l++ {
		if r[l]/r[0] < -minMotionDip && (l == maxMotion || r[l] <= r[l+1]) {
			return l
		}
	}
	return 0
}

// motionProfile returns the autocorrelation, lags 0 … maxMotion, of the
// derivative along angle (radians) over the grid points (every step
// pixels, b from the border) whose squared gradient is at least edge.
func motionProfile(fx, fy []float32, w, h, step, b int, edge float32, angle float64) (r [maxMotion + 1]float64) {
	c, s := float32(math.Cos(angle)), float32(math.Sin(angle))
	d := func(x, y float64) float32 {
		// Bilinear sample of the derivative along (c, s).
		x0, y0 := int(x), int(y)
		tx, ty := float32(x-float64(x0)), float32(y-float64(y0))
		i := y0*w + x0
		v00 := c*fx[i] + s*fy[i]
		v10 := c*fx[i+1] + s*fy[i+1]
		v01 := c*fx[i+w] + s*fy[i+w]
		v11 := c*fx[i+w+1] + s*fy[i+w+1]
		return (v00*(1-tx)+v10*tx)*(1-ty) + (v01*(1-tx)+v11*tx)*ty
	}
	for y := b; y < h-b; y += step {
		for x := b; x < w-b; x += step {
			i := y*w + x
			if fx[i]*fx[i]+fy[i]*fy[i] < edge {
				continue
			}
			v := c*fx[i] + s*fy[i]
			if v == 0 {
				continue
			}
			r[0] += float64(v * v)
			for l := 1; l <= maxMotion; l++ {
				r[l] += float64(v * d(float64(x)+float64(l)*float64(c), float64(y)+float64(l)*float64(s)))
			}
		}
	}
	return r
}

// minMotionAniso is the least difference between the derivative's
// smoothness (lag-2 autocorrelation) along and across a direction that
// counts as motion blur; minMotionDip the least depth of the negative dip
// that gives its length.
const (
	minMotionAniso = 0.15
	minMotionDip   = 0.05
)

// deblurRL writes into dst (CV_8U) the Richardson–Lucy deconvolution of
// gray (CV_8U) by the line PSF of m, after iters iterations. Few
// iterations sharpen the strokes without amplifying the noise much.
func deblurRL(gray gocv.Mat, dst *gocv.Mat, m motion, iters int) {
	psf := linePSF(m)
	defer psf.Close()
	deblurPSF(gray, dst, psf, iters)
}

// deblurPSF writes into dst (CV_8U) the Richardson–Lucy deconvolution of
// gray (CV_8U) by psf (a normalised CV_32F kernel, anchored at its
// centre), after iters iterations.
func deblurPSF(gray gocv.Mat, dst *gocv.Mat, psf gocv.Mat, iters int) {
	flip := gocv.NewMat()
	defer flip.Close()
	gocv.Flip(psf, &flip, -1)
	obs := gocv.NewMat()
	defer obs.Close()
	gray.ConvertToWithParams(&obs, gocv.MatTypeCV32F, 1, 1) // +1: no division by 0
	est := obs.Clone()
	defer est.Close()
	conv := gocv.NewMat()
	defer conv.Close()
	ratio := gocv.NewMat()
	defer ratio.Close()
	anchor := image.Pt(-1, -1)
	for i := 0; i < iters; i++ {
		gocv.Filter2D(est, &conv, -1, psf, anchor, 0, gocv.BorderReflect)
		gocv.Divide(obs, conv, &ratio)
		gocv.Filter2D(ratio, &conv, -1, flip, anchor, 0, gocv.BorderReflect)
		gocv.Multiply(est, conv, &est)
	}
	est.ConvertToWithParams(dst, gocv.MatTypeCV8U, 1, -1)
}

// deblurIters is the number of Richardson–Lucy iterations of readBlurred.
const deblurIters = 7

// deblurMinP is the weakest-character probability of a valid reading
// below which readBlurred tries the deconvolved image as well.
const deblurMinP = 0.5

// minDeblurLength is the shortest estimated motion blur, in pixels, that
// readBlurred deconvolves.
const minDeblurLength = 3.5

// readBlurred reads gray with readMat and, when that gives no valid
// reading or a valid one with a character below deblurMinP, and the image
// shows linear motion blur (estimateMotion), reads it again after
// deconvolving the blur: the deconvolved image is searched for bands
// afresh, and the best bands of the first pass are read again on it with
// their geometry (rereadBands), since the sharper glyphs no longer merge
// into the line blobs locate looks for. The better-ranked reading wins, but a valid
// reading is only replaced by a valid one, and when the two differ the
// winner is disputed (a guess to review: score at most 50). Photos read
// surely the first time cost nothing more.
func (r *Reader) readBlurred(ctx context.Context, gray gocv.Mat) (*attempt, error) {
	seen := &readings{}
	best, err := r.readMatSeen(ctx, gray, seen)
	if ctx.Err() != nil || (best != nil && best.valid && best.minP >= deblurMinP) {
		return best, err
	}
	deblur := deblurredCopy
	if r.deblur != nil {
		deblur = r.deblur
	}
	db, ok := deblur(gray)
	if !ok {
		return best, err
	}
	defer db.Close()
	a, err2 := r.readMat(ctx, db)
	if ctx.Err() == nil && (a == nil || !a.confident()) {
		// The first pass's bands, read again on the sharper copy.
		if b, err3 := r.rereadBands(ctx, db, seen); b != nil && (a == nil || b.rank() > a.rank()) {
			a, err2 = b, err3
		}
	}
	switch {
	case a == nil:
		return best, err
	case best == nil:
		return a, err2
	case best.lastResort && a.valid && !a.lastResort:
		// A valid reading of a band found as such on the sharper copy
		// over one of a line pair cut at a length its pitch ruled out.
		return a, err2
	case a.lastResort && best.valid && !best.lastResort:
		return best, err
	case best.valid && (!a.valid || a.rank() <= best.rank()):
		return best, err
	case best.valid:
		// Two valid readings of the same photo that differ: whichever
		// wins is a guess to review.
		a.disputed = a.disputed || !slices.Equal(a.lines, best.lines)
		return a, err2
	case a.rank() > best.rank():
		return a, err2
	}
	return best, err
}

// deblurredCopy returns gray deconvolved by its estimated motion blur;
// ok is false (and nothing to close) when gray shows no motion blur of at
// least minDeblurLength. (Deconvolving only the region of the first
// reading's band read 2 fewer of 300 hard photos right and saved no
// measurable time: the second reading, not the deconvolution, costs most.)
func deblurredCopy(gray gocv.Mat) (gocv.Mat, bool) {
	m, _, ok := estimateMotion(gray)
	if !ok || m.length < minDeblurLength {
		return gocv.Mat{}, false
	}
	out := gocv.NewMat()
	deblurRL(gray, &out, m, deblurIters)
	return out, true
}
