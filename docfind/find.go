// Package docfind finds an identity document in a photo and straightens it:
// the document's quadrilateral (top-left, top-right, bottom-right,
// bottom-left of the upright document), the homography from canonical
// document pixels to upload pixels, and the quarter turn that brings the
// upload upright.
//
// Find works without OCR: candidate quadrilaterals come from colour edges
// (Canny on each channel, contours) and from brightness/whiteness
// segmentation, each reduced to its largest inscribed quadrilateral whose
// sides are then refitted to the contour and, at full resolution, to the
// strongest gradient across each side. Candidates are scored by edge
// support, contrast across the border, corner angles, area and the aspect
// ratio of the expected document. The long side fixes the orientation up to
// 180°; Orient decides between the two with the OCR engine.
//
// OpenCV (gocv) is used for the edge and contour work only; every Mat is
// closed before Find returns.
package docfind

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"sort"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/geometry"
)

// ErrNoDocument is returned when no quadrilateral in the image looks like
// the document.
var ErrNoDocument = errors.New("docfind: no document found")

// workSide is the long side, in pixels, of the image candidates are
// searched in.
const workSide = 640

// minScore is the score below which Find reports ErrNoDocument.
const minScore = 0.05

// candidate is one quadrilateral under consideration, in upload pixels
// (continuous coordinates: pixel centres at +0.5), corners clockwise.
type candidate struct {
	q     geometry.Quad
	src   string
	score float64
	parts scoreParts
}

type scoreParts struct {
	edge, aspect, angle, area float64
}

// Find locates the document of canonical size size (e.g. 1011×638 for an
// ID-1 card, 2480×3508 for an A4 portrait certificate) in img. The result's
// Rotate is 0, 90 or 270, with the document's width horizontal once
// rotated; whether it is upside down is for Orient to decide.
func Find(ctx context.Context, img image.Image, size image.Point) (*docread.Geometry, error) {
	if size.X <= 0 || size.Y <= 0 {
		return nil, fmt.Errorf("docfind: invalid document size %v", size)
	}
	if img == nil || img.Bounds().Dx() < 16 || img.Bounds().Dy() < 16 {
		return nil, ErrNoDocument
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sm := downscale(img, workSide)
	grad := newGradients(sm)
	target := float64(max(size.X, size.Y)) / float64(min(size.X, size.Y))

	qs := smallCandidates(sm)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Score in the small image, keep the best few for full-resolution refinement.
	var cs []candidate
	for _, q := range qs {
		c := candidate{q: q}
		c.score, c.parts = scoreQuad(grad, q, target)
		if c.score > 0 {
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	cs = dedupe(cs, 6)

	g := grayOf(img)
	W, H := float64(g.w), float64(g.h)
	best := candidate{score: -1}
	for _, c := range cs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		up := scaleQuad(c.q, 1/sm.scale)
		if r, ok := refine(g, up, 3/sm.scale+2); ok {
			if r2, ok := refine(g, r, 4); ok {
				r = r2
			}
			// Re-score the refined quad in the small image; keep the better.
			rs := scaleQuad(r, sm.scale)
			if s, p := scoreQuad(grad, rs, target); s >= c.score*0.97 {
				c.q, c.score, c.parts = rs, s, p
				up = r
			}
		}
		if c.score > best.score {
			best = c
			best.q = up
		}
	}
	// The whole frame, for scans and crops where no border is visible.
	frame := geometry.Quad{geometry.Pt(0, 0), geometry.Pt(W, 0), geometry.Pt(W, H), geometry.Pt(0, H)}
	if fs := frameScore(frame, target); fs > best.score {
		best = candidate{q: frame, score: fs, src: "frame"}
	}
	if best.score < minScore {
		return nil, ErrNoDocument
	}
	return geometryOf(best.q, size, best.score)
}

// frameScore rates the whole image as the document: only when its aspect
// ratio fits, and never above a weakly supported real candidate.
func frameScore(q geometry.Quad, target float64) float64 {
	return 0.12 * aspectScore(q, q.Center(), target)
}

// geometryOf orders q's corners so that the side matching the document's
// width (the long side of a landscape document, the short side of a
// portrait one) is on top and points as nearly rightwards as possible, and
// builds the Geometry.
func geometryOf(q geometry.Quad, size image.Point, score float64) (*docread.Geometry, error) {
	long := 0
	if q[1].Dist(q[2])+q[3].Dist(q[0]) > q[0].Dist(q[1])+q[2].Dist(q[3]) {
		long = 1
	}
	top := long
	if size.X < size.Y {
		top = 1 - long
	}
	k := top
	d := q[(top+1)%4].Sub(q[top])
	// Of the two candidate top sides (opposite directions), take the one
	// pointing right; when vertical, the one pointing up (rotate 90).
	if d.X < -1e-9 || (math.Abs(d.X) <= 1e-9 && d.Y > 0) {
		k = top + 2
	}
	return geometryFrom(q.Shift(k%4), size, score)
}

// geometryFrom builds the Geometry whose upright corners are q.
func geometryFrom(q geometry.Quad, size image.Point, score float64) (*docread.Geometry, error) {
	h, err := geometry.FromQuads(geometry.RectQuad(image.Rectangle{Max: size}), q)
	if err != nil {
		return nil, fmt.Errorf("docfind: %w", err)
	}
	d := q[1].Sub(q[0])
	a := math.Atan2(d.Y, d.X) * 180 / math.Pi // clockwise on screen
	quarter := int(math.Round(a / 90))
	rot := ((-quarter%4 + 4) % 4) * 90
	return &docread.Geometry{DocSize: size, DocToImage: h, Rotate: rot, Quad: q, Score: math.Min(1, math.Max(0, score))}, nil
}

// Flip returns g turned by 180°: the same quadrilateral read upside down.
func Flip(g *docread.Geometry) (*docread.Geometry, error) {
	return geometryFrom(g.Quad.Shift(2), g.DocSize, g.Score)
}

func scaleQuad(q geometry.Quad, s float64) geometry.Quad {
	for i := range q {
		q[i] = q[i].Mul(s)
	}
	return q
}

// dedupe keeps at most n candidates, dropping any that overlaps a better
// one with IoU above 0.97.
func dedupe(cs []candidate, n int) []candidate {
	var out []candidate
next:
	for _, c := range cs {
		for _, o := range out {
			if geometry.IoU(c.q, o.q) > 0.97 {
				continue next
			}
		}
		out = append(out, c)
		if len(out) == n {
			break
		}
	}
	return out
}

// smallCandidates returns candidate quads in small-image coordinates
// (continuous, pixel centres at +0.5).
func smallCandidates(sm *small) []geometry.Quad {
	var mats []gocv.Mat
	defer func() {
		for _, m := range mats {
			m.Close()
		}
	}()
	newMat := func() gocv.Mat {
		m := gocv.NewMat()
		mats = append(mats, m)
		return m
	}
	var chans [3]gocv.Mat
	for i := range chans {
		m, err := gocv.NewMatFromBytes(sm.h, sm.w, gocv.MatTypeCV8U, sm.ch[i])
		if err != nil {
			return nil
		}
		mats = append(mats, m)
		b := newMat()
		gocv.GaussianBlur(m, &b, image.Pt(5, 5), 0, 0, gocv.BorderReplicate)
		chans[i] = b
	}
	grayM, err := gocv.NewMatFromBytes(sm.h, sm.w, gocv.MatTypeCV8U, sm.gray)
	if err != nil {
		return nil
	}
	mats = append(mats, grayM)
	blurG := newMat()
	gocv.GaussianBlur(grayM, &blurG, image.Pt(5, 5), 0, 0, gocv.BorderReplicate)

	var qs []geometry.Quad
	minArea := 0.04 * float64(sm.w*sm.h)

	// 1. Colour edges: Canny on each channel, joined, closed by a dilation.
	edges := newMat()
	e := newMat()
	for i, c := range chans {
		gocv.Canny(c, &e, 15, 45)
		if i == 0 {
			e.CopyTo(&edges)
		} else {
			gocv.BitwiseOr(edges, e, &edges)
		}
	}
	k3 := gocv.GetStructuringElement(gocv.MorphRect, image.Pt(3, 3))
	mats = append(mats, k3)
	dil := newMat()
	gocv.Dilate(edges, &dil, k3)
	qs = append(qs, contourQuads(dil, gocv.RetrievalList, minArea)...)
	// 2. Straight lines on edges of the median-filtered image (text and
	// fine printing removed, the document's border kept).
	med := newMat()
	lineEdges := newMat()
	for i, c := range chans {
		gocv.MedianBlur(c, &med, 7)
		gocv.Canny(med, &e, 15, 45)
		if i == 0 {
			e.CopyTo(&lineEdges)
		} else {
			gocv.BitwiseOr(lineEdges, e, &lineEdges)
		}
	}
	qs = append(qs, lineQuads(lineEdges, sm.w, sm.h)...)

	// 3. Segmentation: bright, and white (high minimum channel), by Otsu,
	// both polarities, opened to cut thin bridges to the background.
	white := newMat()
	gocv.Min(chans[0], chans[1], &white)
	gocv.Min(white, chans[2], &white)
	k7 := gocv.GetStructuringElement(gocv.MorphEllipse, image.Pt(7, 7))
	mats = append(mats, k7)
	bin := newMat()
	for _, src := range []gocv.Mat{blurG, white} {
		for _, inv := range []bool{false, true} {
			t := gocv.ThresholdBinary
			if inv {
				t = gocv.ThresholdBinaryInv
			}
			gocv.Threshold(src, &bin, 0, 255, t|gocv.ThresholdOtsu)
			gocv.MorphologyEx(bin, &bin, gocv.MorphOpen, k7)
			gocv.MorphologyEx(bin, &bin, gocv.MorphClose, k7)
			qs = append(qs, contourQuads(bin, gocv.RetrievalExternal, minArea)...)
		}
	}
	return qs
}

// contourQuads turns every large contour of bin into a quad: the largest
// quad inscribed in its hull, with each side refitted to the contour points
// along it.
func contourQuads(bin gocv.Mat, mode gocv.RetrievalMode, minArea float64) []geometry.Quad {
	cv := gocv.FindContours(bin, mode, gocv.ChainApproxNone)
	defer cv.Close()
	var qs []geometry.Quad
	for i := 0; i < cv.Size(); i++ {
		c := cv.At(i)
		if c.Size() < 20 {
			continue
		}
		r := gocv.BoundingRect(c)
		if float64(r.Dx()*r.Dy()) < minArea {
			continue
		}
		ip := c.ToPoints()
		pts := make([]geometry.Point, len(ip))
		for j, p := range ip {
			pts[j] = geometry.Pt(float64(p.X)+0.5, float64(p.Y)+0.5)
		}
		hull := geometry.ConvexHull(pts)
		if a := polyArea(hull); a < minArea {
			continue
		}
		hull = thin(hull, 120)
		q, ok := geometry.MaxAreaQuad(hull)
		if !ok {
			continue
		}
		if fq, ok := fitSides(q, pts); ok {
			q = fq
		}
		if q.Convex() && q.Area() >= minArea {
			qs = append(qs, q)
		}
	}
	return qs
}

// thin keeps at most n vertices of the polygon p, dropping the ones closest
// to their neighbours.
func thin(p []geometry.Point, n int) []geometry.Point {
	for len(p) > n {
		step := float64(len(p)) / float64(n)
		out := make([]geometry.Point, 0, n)
		for f := 0.0; int(f) < len(p); f += step {
			out = append(out, p[int(f)])
		}
		p = out
	}
	return p
}

func polyArea(p []geometry.Point) float64 {
	var s float64
	for i := range p {
		j := (i + 1) % len(p)
		s += p[i].X*p[j].Y - p[j].X*p[i].Y
	}
	return math.Abs(s) / 2
}

// fitSides refits each side of q to the points of pts lying along its
// middle 80 % and near it, and intersects the four lines.
func fitSides(q geometry.Quad, pts []geometry.Point) (geometry.Quad, bool) {
	var lines [4]geometry.Line
	for i := 0; i < 4; i++ {
		a, b := q[i], q[(i+1)%4]
		L := a.Dist(b)
		if L < 4 {
			return q, false
		}
		d := b.Sub(a).Mul(1 / L)
		side := geometry.Line{P: a, D: d}
		tol := math.Max(3, 0.04*L)
		var sel []geometry.Point
		for _, p := range pts {
			v := p.Sub(a)
			t := (v.X*d.X + v.Y*d.Y) / L
			if t < 0.1 || t > 0.9 || math.Abs(side.Dist(p)) > tol {
				continue
			}
			sel = append(sel, p)
		}
		if len(sel) < 8 {
			lines[i] = side
			continue
		}
		l, ok := geometry.FitLineRobust(sel, 1.5)
		if !ok {
			lines[i] = side
			continue
		}
		if l.D.X*d.X+l.D.Y*d.Y < 0 {
			l.D = l.D.Mul(-1)
		}
		lines[i] = l
	}
	r, ok := geometry.QuadFromLines(lines)
	if !ok || !r.Convex() {
		return q, false
	}
	// A refit that moves a corner far is a wrong association: keep q.
	for i := range r {
		if r[i].Dist(q[i]) > 0.25*math.Sqrt(q.Area()) {
			return q, false
		}
	}
	return r, true
}
