package mrzscan

import (
	"image"
	"iter"
	"math"
	"sort"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// A band is a candidate MRZ region: a rotated rectangle in upload pixels.
type band struct {
	c         geometry.Point // centre
	u         geometry.Point // unit vector along the text lines (sign unknown)
	length    float64        // extent along u
	thick     float64        // extent across u
	lineThick float64        // thickness of one text line
	blobs     int            // line blobs merged into the band
}

// blob is one connected run of merged characters.
type blob struct {
	c      geometry.Point
	u      geometry.Point
	l, t   float64
	scale  int
	pts    []geometry.Point // the four corners
	angle  float64          // direction of u in [0, π)
	merged bool
}

// A pyramidLevel is the long side of a downscaled image and the character
// pitch, in its pixels, that the morphology is tuned for.
type pyramidLevel struct {
	longSide int
	pitch    float64
}

// locateLevels are the pyramid levels searched for MRZ lines first.
// Together they cover pitches from about 4 to 22 pixels at a 960-pixel long
// side.
var locateLevels = []pyramidLevel{{960, 5}, {640, 6}, {400, 7}}

// locateLevelsAlt are searched only when the bands of locateLevels gave no
// sure reading: levels between the first ones, where a pitch that fell
// between two levels (lines broken into pieces at one, merged with each
// other or with a signature at the next) is matched better.
var locateLevelsAlt = []pyramidLevel{{780, 5.5}, {520, 6.5}, {320, 7}}

// locate finds MRZ-like bands in the full-resolution gray image, best first.
func locate(gray gocv.Mat, maxBands int) []band {
	return groupBands(joinCollinear(locateBlobs(gray, locateLevels, firstPass)), maxBands)
}

// A blobFilter says which contours count as merged text lines: fill is the
// least share of its bounding rectangle (on its principal axes) that the
// contour must fill, aspect the least length over thickness.
type blobFilter struct {
	fill, aspect float64
}

// firstPass is the filter of the first band search. altPass is the laxer
// one of the second search: two lines merged with each other and with a
// signature or a stroke of the visual zone still count (fill), and so do
// the lines of a large MRZ that motion blur across them merged into one
// blob (a TD1's three lines blurred together are about four times as long
// as they are thick); the strip then separates the lines.
var (
	firstPass = blobFilter{fill: 0.45, aspect: 5}
	altPass   = blobFilter{fill: 0.3, aspect: 3.5}
)

// locateAll yields the bands of locate and then, if the caller still asks
// for more and again() holds, those found on all levels and the in-between
// levels locateLevelsAlt with the laxer minFillAlt (bands already yielded
// are skipped). The second search costs nothing when the caller stops at a
// band of the first or again() is false.
func locateAll(gray gocv.Mat, maxBands int, again func() bool) iter.Seq[band] {
	return locateAllFirst(gray, maxBands, again, nil)
}

// locateAllFirst is locateAll that yields, within each search, the bands
// for which prefer holds before the others (in their order otherwise).
// With a nil prefer it is locateAll.
func locateAllFirst(gray gocv.Mat, maxBands int, again func() bool, prefer func(band) bool) iter.Seq[band] {
	return func(yield func(band) bool) {
		first := preferFirst(locate(gray, maxBands), prefer)
		for _, bd := range first {
			if !yield(bd) {
				return
			}
		}
		if again != nil && !again() {
			return
		}
		levels := append(append([]pyramidLevel(nil), locateLevels...), locateLevelsAlt...)
		sort.Slice(levels, func(i, j int) bool { return levels[i].longSide > levels[j].longSide })
		alt := preferFirst(groupBands(joinCollinear(locateBlobs(gray, levels, altPass)), maxBands), prefer)
		for _, bd := range alt {
			if dupBand(bd, first) {
				continue
			}
			if !yield(bd) {
				return
			}
		}
	}
}

// preferFirst returns bs with the bands for which prefer holds first, the
// order otherwise kept; bs itself when prefer is nil.
func preferFirst(bs []band, prefer func(band) bool) []band {
	if prefer == nil {
		return bs
	}
	out := make([]band, 0, len(bs))
	for _, want := range []bool{true, false} {
		for _, bd := range bs {
			if prefer(bd) == want {
				out = append(out, bd)
			}
		}
	}
	return out
}

// dupBand reports whether b is about the same band as one of bs: same
// centre (within half the thickness and a line), direction and length.
func dupBand(b band, bs []band) bool {
	for _, o := range bs {
		if b.c.Dist(o.c) < 0.5*o.thick+o.lineThick && angleDiff(math.Atan2(b.u.Y, b.u.X), math.Atan2(o.u.Y, o.u.X)) < 0.1 && math.Abs(b.length-o.length) < 0.2*o.length {
			return true
		}
	}
	return false
}

// locateBlobs returns the long thin blobs (merged text lines) found at the
// given pyramid levels (largest first: each is resized from the one
// before), in full-resolution pixels.
func locateBlobs(gray gocv.Mat, levels []pyramidLevel, f blobFilter) []blob {
	w, h := gray.Cols(), gray.Rows()
	var blobs []blob
	prev := gray
	bin := gocv.NewMat()
	defer bin.Close()
	for si, lv := range levels {
		s := 1.0
		if m := max(w, h); m > lv.longSide {
			s = float64(lv.longSide) / float64(m)
		}
		small := gocv.NewMat()
		defer small.Close()
		sz := image.Pt(int(math.Round(float64(w)*s)), int(math.Round(float64(h)*s)))
		if sz.X == prev.Cols() && sz.Y == prev.Rows() {
			prev.CopyTo(&small)
		} else {
			// Area averaging only where linear sampling would alias.
			interp := gocv.InterpolationLinear
			if float64(sz.X) < 0.6*float64(prev.Cols()) {
				interp = gocv.InterpolationArea
			}
			gocv.Resize(prev, &small, sz, 0, 0, interp)
		}
		prev = small
		s = float64(sz.X) / float64(w)
		p := lv.pitch
		locateBinary(small, &bin, p)
		cs := gocv.FindContours(bin, gocv.RetrievalList, gocv.ChainApproxNone)
		for i := 0; i < cs.Size(); i++ {
			pv := cs.At(i)
			// Cheap pre-filter on the bounding box (one C call) before
			// copying the contour's points.
			bb := gocv.BoundingRect(pv)
			if float64(max(bb.Dx(), bb.Dy())) < 8*p || float64(min(bb.Dx(), bb.Dy())) > 0.5*math.Hypot(float64(bb.Dx()), float64(bb.Dy())) {
				continue
			}
			b, ok := blobOf(pv.ToPoints(), p, f.aspect)
			if !ok {
				continue
			}
			area := gocv.ContourArea(pv)
			if area < f.fill*b.l*b.t {
				continue
			}
			b.scale = si
			// back to full-resolution pixels
			b.c = b.c.Mul(1 / s)
			b.l /= s
			b.t /= s
			for j := range b.pts {
				b.pts[j] = b.pts[j].Mul(1 / s)
			}
			blobs = append(blobs, b)
		}
		cs.Close()
	}
	return blobs
}

// locateBinary marks, in bin, the dark text of small (a pyramid level
// whose character pitch is about p pixels), merged into one blob per line:
// blackhat with a square kernel (any rotation), averaged over half a pitch
// (keeps dense strokes, drops pixel noise and fine security printing),
// Otsu, and an isotropic closing that joins characters but not lines.
func locateBinary(small gocv.Mat, bin *gocv.Mat, p float64) {
	bh := gocv.NewMat()
	defer bh.Close()
	k := odd(p * 0.7)
	kb := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(k, k))
	gocv.MorphologyEx(small, &bh, gocv.MorphBlackhat, kb)
	kb.Close()
	gocv.Blur(bh, &bh, image.Pt(odd(p*0.5), odd(p*0.5)))
	gocv.Threshold(bh, bin, 0, 255, gocv.ThresholdBinary|gocv.ThresholdOtsu)
	kc := odd(p * 0.8)
	kk := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(kc, kc))
	gocv.MorphologyEx(*bin, bin, gocv.MorphClose, kk)
	kk.Close()
}

// joinCollinear adds, for every two blobs of one pyramid level that lie end
// to end on one line (a text line broken by faint fillers, glare or strong
// perspective), a blob spanning both. The originals are kept.
func joinCollinear(blobs []blob) []blob {
	n := len(blobs)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if m, ok := joinPair(&blobs[i], &blobs[j]); ok {
				blobs = append(blobs, m)
			}
		}
	}
	return blobs
}

// joinPair returns the blob spanning a and b when they continue each other.
func joinPair(a, b *blob) (blob, bool) {
	if a.scale != b.scale || angleDiff(a.angle, b.angle) > 5*math.Pi/180 {
		return blob{}, false
	}
	t := math.Max(a.t, b.t)
	if math.Min(a.t, b.t) < 0.5*t {
		return blob{}, false
	}
	u := a.u
	if a.l < b.l {
		u = b.u
	}
	v := geometry.Pt(-u.Y, u.X)
	d := b.c.Sub(a.c)
	along := d.X*u.X + d.Y*u.Y
	if math.Abs(d.X*v.X+d.Y*v.Y) > 0.6*t {
		return blob{}, false
	}
	gap := math.Abs(along) - (a.l+b.l)/2
	if gap > 4*t || gap < -0.25*math.Min(a.l, b.l) {
		return blob{}, false // far apart, or overlapping (not end to end)
	}
	// The outer ends, and the blob between them.
	sa, sb := -1.0, 1.0
	if along < 0 {
		sa, sb = 1, -1
	}
	p0 := a.c.Add(u.Mul(sa * a.l / 2))
	p1 := b.c.Add(u.Mul(sb * b.l / 2))
	l := p0.Dist(p1)
	if l <= 0 {
		return blob{}, false
	}
	u = p1.Sub(p0).Mul(1 / l)
	v = geometry.Pt(-u.Y, u.X)
	c := p0.Add(p1).Mul(0.5)
	ang := math.Atan2(u.Y, u.X)
	for ang < 0 {
		ang += math.Pi
	}
	for ang >= math.Pi {
		ang -= math.Pi
	}
	m := blob{c: c, u: u, l: l, t: t, scale: a.scale, angle: ang}
	m.pts = []geometry.Point{
		c.Add(u.Mul(-l / 2)).Add(v.Mul(-t / 2)), c.Add(u.Mul(l / 2)).Add(v.Mul(-t / 2)),
		c.Add(u.Mul(l / 2)).Add(v.Mul(t / 2)), c.Add(u.Mul(-l / 2)).Add(v.Mul(t / 2)),
	}
	return m, true
}

func odd(v float64) int {
	k := int(math.Round(v))
	if k < 1 {
		k = 1
	}
	if k%2 == 0 {
		k++
	}
	return k
}

// blobOf measures a contour by principal axes; it keeps long thin blobs
// (length at least aspect times the thickness and 8 pitches p).
func blobOf(pts []image.Point, p, aspect float64) (blob, bool) {
	n := float64(len(pts))
	var mx, my float64
	for _, q := range pts {
		mx += float64(q.X)
		my += float64(q.Y)
	}
	mx /= n
	my /= n
	var sxx, sxy, syy float64
	for _, q := range pts {
		dx, dy := float64(q.X)-mx, float64(q.Y)-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	th := 0.5 * math.Atan2(2*sxy, sxx-syy)
	u := geometry.Pt(math.Cos(th), math.Sin(th))
	v := geometry.Pt(-u.Y, u.X)
	minU, maxU, minV, maxV := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, q := range pts {
		dx, dy := float64(q.X)-mx, float64(q.Y)-my
		a := dx*u.X + dy*u.Y
		b := dx*v.X + dy*v.Y
		minU, maxU = math.Min(minU, a), math.Max(maxU, a)
		minV, maxV = math.Min(minV, b), math.Max(maxV, b)
	}
	l, t := maxU-minU+1, maxV-minV+1
	if t < 3 || l < 8*p || l < aspect*t {
		return blob{}, false
	}
	c := geometry.Pt(mx, my).Add(u.Mul((minU + maxU) / 2)).Add(v.Mul((minV + maxV) / 2))
	ang := th
	if ang < 0 {
		ang += math.Pi
	}
	b := blob{c: c, u: u, l: l, t: t, angle: ang}
	b.pts = []geometry.Point{
		c.Add(u.Mul(-l / 2)).Add(v.Mul(-t / 2)), c.Add(u.Mul(l / 2)).Add(v.Mul(-t / 2)),
		c.Add(u.Mul(l / 2)).Add(v.Mul(t / 2)), c.Add(u.Mul(-l / 2)).Add(v.Mul(t / 2)),
	}
	return b, true
}

func angleDiff(a, b float64) float64 {
	d := math.Abs(a - b)
	if d > math.Pi/2 {
		d = math.Pi - d
	}
	return d
}

// groupBands merges parallel blobs of similar length stacked like MRZ lines
// and ranks the resulting bands.
func groupBands(blobs []blob, maxBands int) []band {
	sort.Slice(blobs, func(i, j int) bool { return blobs[i].l > blobs[j].l })
	type cand struct {
		b     band
		score float64
	}
	var cands []cand
	for i := range blobs {
		seed := &blobs[i]
		u := seed.u
		v := geometry.Pt(-u.Y, u.X)
		members := []*blob{seed}
		for j := range blobs {
			o := &blobs[j]
			if j == i || o.scale != seed.scale || angleDiff(o.angle, seed.angle) > 4*math.Pi/180 {
				continue
			}
			if r := o.l / seed.l; r < 0.6 || r > 1.0/0.6 {
				continue
			}
			d := o.c.Sub(seed.c)
			along := d.X*u.X + d.Y*u.Y
			across := math.Abs(d.X*v.X + d.Y*v.Y)
			if math.Abs(along) > 0.25*seed.l || across > 4*math.Max(seed.t, o.t) || across < 0.7*math.Min(seed.t, o.t) {
				continue
			}
			members = append(members, o)
		}
		// Extents of all member corners on the seed's axes.
		minU, maxU, minV, maxV := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		ts := make([]float64, 0, len(members))
		for _, m := range members {
			ts = append(ts, m.t)
			for _, q := range m.pts {
				d := q.Sub(seed.c)
				a := d.X*u.X + d.Y*u.Y
				b := d.X*v.X + d.Y*v.Y
				minU, maxU = math.Min(minU, a), math.Max(maxU, a)
				minV, maxV = math.Min(minV, b), math.Max(maxV, b)
			}
		}
		sort.Float64s(ts)
		bd := band{
			c:         seed.c.Add(u.Mul((minU + maxU) / 2)).Add(v.Mul((minV + maxV) / 2)),
			u:         u,
			length:    maxU - minU,
			thick:     maxV - minV,
			lineThick: ts[0],
			blobs:     len(members),
		}
		if len(members) == 1 {
			// A lone blob may be several lines merged: guess the line
			// thickness from the length (44 chars ≈ 47 cap heights).
			bd.lineThick = math.Min(seed.t, bd.length/40)
		}
		score := bd.length
		if len(members) >= 2 && len(members) <= 3 {
			score *= 3
		}
		cands = append(cands, cand{bd, score})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var out []band
	for _, c := range cands {
		if !dupBand(c.b, out) {
			out = append(out, c.b)
			if len(out) == maxBands {
				break
			}
		}
	}
	return out
}
