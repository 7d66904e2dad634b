package docfind

import (
	"math"
	"sort"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// lineCluster is a set of nearly collinear Hough segments.
type lineCluster struct {
	theta, rho float64 // direction in [0, π) and signed distance of the normal form
	support    float64 // total segment length
	pts        []geometry.Point
	w          []float64
	line       geometry.Line
}

// maxLines is how many line clusters quadrilaterals are built from.
const maxLines = 20

// lineQuads finds straight edge segments (probabilistic Hough transform on
// the edge map), clusters them into lines, and returns every quadrilateral
// bounded by two roughly parallel lines and two lines roughly
// perpendicular to them. This finds documents whose outline merges with
// the background in the contours.
func lineQuads(edges gocv.Mat, w, h int) []geometry.Quad {
	lm := gocv.NewMat()
	defer lm.Close()
	diag := math.Hypot(float64(w), float64(h))
	gocv.HoughLinesPWithParams(edges, &lm, 1, math.Pi/360, 40, float32(0.08*diag), 6)
	var segs [][4]float64
	for i := 0; i < lm.Rows(); i++ {
		v := lm.GetVeciAt(i, 0)
		if len(v) < 4 {
			continue
		}
		segs = append(segs, [4]float64{float64(v[0]) + 0.5, float64(v[1]) + 0.5, float64(v[2]) + 0.5, float64(v[3]) + 0.5})
	}
	sort.Slice(segs, func(i, j int) bool { return segLen(segs[i]) > segLen(segs[j]) })
	var cl []*lineCluster
	for _, s := range segs {
		th := math.Mod(math.Atan2(s[3]-s[1], s[2]-s[0])+math.Pi, math.Pi)
		mx, my := (s[0]+s[2])/2, (s[1]+s[3])/2
		var found *lineCluster
		for _, c := range cl {
			dth := math.Abs(th - c.theta)
			dth = math.Min(dth, math.Pi-dth)
			if dth > 3*math.Pi/180 {
				continue
			}
			// Distance of the segment's midpoint from the cluster's line.
			if math.Abs(mx*-math.Sin(c.theta)+my*math.Cos(c.theta)-c.rho) > 4 {
				continue
			}
			found = c
			break
		}
		L := segLen(s)
		if found == nil {
			found = &lineCluster{theta: th, rho: mx*-math.Sin(th) + my*math.Cos(th)}
			cl = append(cl, found)
		}
		found.support += L
		found.pts = append(found.pts, geometry.Pt(s[0], s[1]), geometry.Pt(s[2], s[3]))
		found.w = append(found.w, L, L)
	}
	sort.Slice(cl, func(i, j int) bool { return cl[i].support > cl[j].support })
	// At most perBin lines per 10° of direction, so that text lines and
	// hatching cannot crowd out the document's other pair of sides.
	const perBin = 4
	var bins [18]int
	kept := cl[:0]
	for _, c := range cl {
		b := int(c.theta*180/math.Pi/10) % 18
		if bins[b] >= perBin {
			continue
		}
		bins[b]++
		kept = append(kept, c)
		if len(kept) == maxLines {
			break
		}
	}
	cl = kept
	for _, c := range cl {
		l, ok := geometry.FitLine(c.pts, c.w)
		if !ok {
			l = geometry.Line{P: c.pts[0], D: geometry.Pt(math.Cos(c.theta), math.Sin(c.theta))}
		}
		c.line = l
		c.theta = math.Mod(math.Atan2(l.D.Y, l.D.X)+2*math.Pi, math.Pi)
	}
	// Pairs of roughly parallel lines far enough apart.
	type pair struct {
		a, b  *lineCluster
		theta float64
	}
	minSep := 0.12 * float64(min(w, h))
	var pairs []pair
	for i := 0; i < len(cl); i++ {
		for j := i + 1; j < len(cl); j++ {
			a, b := cl[i], cl[j]
			if angDiff(a.theta, b.theta) > 25*math.Pi/180 {
				continue
			}
			if math.Abs(a.line.Dist(b.line.P)) < minSep {
				continue
			}
			pairs = append(pairs, pair{a, b, a.theta})
		}
	}
	// The strongest pairs only: bounds the work on cluttered images.
	const maxPairs = 60
	if len(pairs) > maxPairs {
		sort.Slice(pairs, func(i, j int) bool {
			return pairs[i].a.support+pairs[i].b.support > pairs[j].a.support+pairs[j].b.support
		})
		pairs = pairs[:maxPairs]
	}
	var qs []geometry.Quad
	lim := geometry.Pt(0.25*float64(w), 0.25*float64(h))
	for i := 0; i < len(pairs); i++ {
		for j := i + 1; j < len(pairs); j++ {
			p, r := pairs[i], pairs[j]
			if d := angDiff(p.theta, r.theta); d < 60*math.Pi/180 {
				continue
			}
			ls := [4]geometry.Line{p.a.line, r.a.line, p.b.line, r.b.line}
			q, ok := geometry.QuadFromLines(ls)
			if !ok {
				continue
			}
			if q.Area() < 0 {
				q = geometry.Quad{q[0], q[3], q[2], q[1]}
			}
			if !q.Convex() || !inside(q, lim, w, h) {
				continue
			}
			qs = append(qs, q)
		}
	}
	return qs
}

func segLen(s [4]float64) float64 { return math.Hypot(s[2]-s[0], s[3]-s[1]) }

// angDiff returns the angle between two undirected directions in [0, π/2].
func angDiff(a, b float64) float64 {
	d := math.Abs(a - b)
	d = math.Mod(d, math.Pi)
	return math.Min(d, math.Pi-d)
}

// inside reports whether every corner of q lies within the image grown by lim.
func inside(q geometry.Quad, lim geometry.Point, w, h int) bool {
	for _, p := range q {
		if p.X < -lim.X || p.Y < -lim.Y || p.X > float64(w)+lim.X || p.Y > float64(h)+lim.Y {
			return false
		}
	}
	return true
}
