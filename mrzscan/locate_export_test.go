package mrzscan

import (
	"image"
	"math"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// Stage diagnostics for the synthetic tests of package mrzscan_test (which
// cannot be internal: synth imports the root package, which imports this
// one).

// DiagStages reports, for an image whose MRZ lines run from left[k] to
// right[k] (upload pixels, centres of the first and last cells), how far
// the pipeline gets: located (a band covers the lines), grouped (a strip of
// such a band has a group of the right line count lying on the lines), and
// the reading obtained by rectifying along the true line ends (oracle).
func DiagStages(r *Reader, img image.Image, left, right []geometry.Point, n int) (located, grouped bool, oracle []string) {
	located, grouped, oracle, _ = DiagStagesBand(r, img, left, right, n)
	return
}

// DiagStagesBand is DiagStages that also returns the oracle's rectified
// band (nil if none).
func DiagStagesBand(r *Reader, img image.Image, left, right []geometry.Point, n int) (located, grouped bool, oracle []string, oracleBand *image.Gray) {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return
	}
	defer gray.Close()
	nl := len(left)
	mid := left[0].Add(right[nl-1]).Mul(0.5)
	d := right[0].Sub(left[0])
	lineLen := math.Hypot(d.X, d.Y)
	u := d.Mul(1 / lineLen)
	for _, bd := range locate(gray, r.maxBands) {
		v := geometry.Pt(-bd.u.Y, bd.u.X)
		dc := mid.Sub(bd.c)
		if math.Abs(u.X*bd.u.X+u.Y*bd.u.Y) < math.Cos(5*math.Pi/180) ||
			math.Abs(dc.X*bd.u.X+dc.Y*bd.u.Y) > 0.25*lineLen || math.Abs(dc.X*v.X+dc.Y*v.Y) > 0.5*bd.thick+bd.lineThick {
			continue
		}
		located = true
		s, err := makeStrip(gray, bd)
		if err != nil {
			continue
		}
		inv, err := s.toImage.Inverse()
		if err != nil {
			continue
		}
		for _, g := range lineGroups(s.lines()) {
			if len(g) != nl {
				continue
			}
			ok := true
			for k, l := range g {
				a, b := inv.Apply(left[k]), inv.Apply(right[k])
				if a.X > b.X {
					a, b = inv.Apply(right[nl-1-k]), inv.Apply(left[nl-1-k])
				}
				if math.Abs(l.yAt(a.X)-a.Y) > 0.5*l.capH || math.Abs(l.yAt(b.X)-b.Y) > 0.5*l.capH {
					ok = false
				}
			}
			if ok {
				grouped = true
			}
		}
	}
	// Oracle: a band from the true geometry, lines from the truth.
	c := mid
	thick := left[0].Dist(left[nl-1])
	capH := lineLen / float64(n) * 1.4
	if nl > 1 {
		capH = math.Min(capH, thick/float64(nl-1)*0.6)
	}
	bd := band{c: left[0].Add(right[0]).Add(left[nl-1]).Add(right[nl-1]).Mul(0.25), u: u, length: lineLen, thick: thick + capH, lineThick: capH, blobs: nl}
	_ = c
	s, err := makeStrip(gray, bd)
	if err != nil {
		return
	}
	inv, err := s.toImage.Inverse()
	if err != nil {
		return
	}
	f := float64(stripCapH) / math.Max(bd.lineThick, 4)
	var g []textLine
	pitch := lineLen / float64(n-1)
	for k := 0; k < nl; k++ {
		a, b := inv.Apply(left[k].Sub(u.Mul(0.4*pitch))), inv.Apply(right[k].Add(u.Mul(0.4*pitch)))
		sl := (b.Y - a.Y) / (b.X - a.X)
		g = append(g, textLine{a: a.Y - sl*a.X, b: sl, xl: a.X, xr: b.X, capH: capH * f})
	}
	rb, err := rectify(gray, s, g, n)
	if err != nil {
		return
	}
	oracleBand = rb.gray
	cells := rb.segment()
	a := r.readBand(rb, cells)
	if a != nil {
		oracle = a.lines
	}
	return
}

// DeblurForTest returns img (as gray) deconvolved by a motion blur of
// length px along angle (radians), iters Richardson–Lucy iterations.
func DeblurForTest(img image.Image, angle, length float64, iters int) *image.Gray {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return nil
	}
	defer gray.Close()
	out := gocv.NewMat()
	defer out.Close()
	deblurRL(gray, &out, motion{angle, length}, iters)
	return matGray(out)
}

// EstimateMotionForTest runs estimateMotion on img.
func EstimateMotionForTest(img image.Image) (angle, length, depth float64, ok bool) {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return
	}
	defer gray.Close()
	m, d, ok := estimateMotion(gray)
	return m.angle, m.length, d, ok
}

// BlurForTest returns img (as gray) convolved with the line PSF of a
// motion of length px along angle (radians).
func BlurForTest(img image.Image, angle, length float64) *image.Gray {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return nil
	}
	defer gray.Close()
	psf := linePSF(motion{angle, length})
	defer psf.Close()
	out := gocv.NewMat()
	defer out.Close()
	gocv.Filter2D(gray, &out, -1, psf, image.Pt(-1, -1), 0, gocv.BorderReflect)
	return matGray(out)
}
