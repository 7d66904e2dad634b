package geometry

import (
	"math"
	"sort"
)

// Line is the straight line through P with unit direction D.
type Line struct {
	P, D Point
}

// Dist returns the signed distance from q to l (positive to the right of D
// in image coordinates, where y points down).
func (l Line) Dist(q Point) float64 {
	v := q.Sub(l.P)
	return v.X*(-l.D.Y) + v.Y*l.D.X
}

// Intersect returns the point where l and m cross, and false when they are
// (nearly) parallel.
func (l Line) Intersect(m Line) (Point, bool) {
	den := l.D.X*m.D.Y - l.D.Y*m.D.X
	if math.Abs(den) < 1e-9 {
		return Point{}, false
	}
	w := m.P.Sub(l.P)
	t := (w.X*m.D.Y - w.Y*m.D.X) / den
	return l.P.Add(l.D.Mul(t)), true
}

// FitLine returns the total-least-squares line through pts with optional
// weights w (nil: all 1), and false when fewer than two distinct points
// carry weight.
func FitLine(pts []Point, w []float64) (Line, bool) {
	var sw, mx, my float64
	for i, p := range pts {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		sw += wi
		mx += wi * p.X
		my += wi * p.Y
	}
	if sw <= 0 || len(pts) < 2 {
		return Line{}, false
	}
	mx /= sw
	my /= sw
	var sxx, sxy, syy float64
	for i, p := range pts {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		dx, dy := p.X-mx, p.Y-my
		sxx += wi * dx * dx
		sxy += wi * dx * dy
		syy += wi * dy * dy
	}
	if sxx+syy < 1e-12 {
		return Line{}, false
	}
	// Principal axis of the 2×2 scatter matrix.
	theta := 0.5 * math.Atan2(2*sxy, sxx-syy)
	return Line{P: Point{mx, my}, D: Point{math.Cos(theta), math.Sin(theta)}}, true
}

// FitLineRobust fits a line to pts, then refits twice with Tukey biweights
// of the residuals (scale c pixels), so that a minority of outliers (a
// finger over an edge, a neighbouring object) does not pull the line.
func FitLineRobust(pts []Point, c float64) (Line, bool) {
	l, ok := FitLine(pts, nil)
	if !ok {
		return l, false
	}
	w := make([]float64, len(pts))
	for it := 0; it < 3; it++ {
		// Scale: the larger of c and 2.5 × the median absolute residual.
		res := make([]float64, len(pts))
		for i, p := range pts {
			res[i] = math.Abs(l.Dist(p))
		}
		s := append([]float64(nil), res...)
		sort.Float64s(s)
		k := math.Max(c, 2.5*s[len(s)/2])
		for i, r := range res {
			if u := r / k; u < 1 {
				w[i] = (1 - u*u) * (1 - u*u)
			} else {
				w[i] = 0
			}
		}
		nl, ok := FitLine(pts, w)
		if !ok {
			break
		}
		l = nl
	}
	return l, true
}

// ConvexHull returns the convex hull of pts in clockwise order on screen
// (positive Quad-style area in image coordinates), by Andrew's monotone chain.
func ConvexHull(pts []Point) []Point {
	p := append([]Point(nil), pts...)
	sort.Slice(p, func(i, j int) bool {
		if p[i].X != p[j].X {
			return p[i].X < p[j].X
		}
		return p[i].Y < p[j].Y
	})
	if len(p) < 3 {
		return p
	}
	cross := func(o, a, b Point) float64 { return (a.X-o.X)*(b.Y-o.Y) - (a.Y-o.Y)*(b.X-o.X) }
	h := make([]Point, 0, 2*len(p))
	for _, q := range p {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	lo := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= lo && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	h = h[:len(h)-1]
	// The monotone chain above turns counter-clockwise in y-up coordinates,
	// which is clockwise on screen: its shoelace area is positive.
	return h
}

// MaxAreaQuad returns the four vertices of the convex polygon hull (in its
// order) that span the largest quadrilateral, and false when hull has fewer
// than four vertices. It is exact for up to a few hundred vertices: every
// diagonal (i, k) is tried with the farthest vertex on either side.
func MaxAreaQuad(hull []Point) (Quad, bool) {
	n := len(hull)
	if n < 4 {
		return Quad{}, false
	}
	tri := func(a, b, c Point) float64 {
		return math.Abs((b.X-a.X)*(c.Y-a.Y)-(b.Y-a.Y)*(c.X-a.X)) / 2
	}
	best, bq := -1.0, Quad{}
	for i := 0; i < n; i++ {
		j := i + 1 // farthest vertex between i and k, moves forward with k
		l := i + 3 // farthest vertex between k and i (wrapping), moves with k
		for k := i + 2; k < i+n-1; k++ {
			a, c := hull[i], hull[k%n]
			if j <= i || j >= k {
				j = i + 1
			}
			for j+1 < k && tri(a, hull[(j+1)%n], c) >= tri(a, hull[j%n], c) {
				j++
			}
			if l <= k {
				l = k + 1
			}
			for l+1 < i+n && tri(a, hull[(l+1)%n], c) >= tri(a, hull[l%n], c) {
				l++
			}
			ar := tri(a, hull[j%n], c) + tri(a, c, hull[l%n])
			if ar > best {
				best = ar
				bq = Quad{a, hull[j%n], c, hull[l%n]}
			}
		}
	}
	return bq, true
}

// QuadFromLines returns the quad whose corner i is where side line i-1
// meets side line i (sides in order top, right, bottom, left, i.e. side i
// runs from corner i to corner i+1), and false when two adjacent lines are
// parallel.
func QuadFromLines(sides [4]Line) (Quad, bool) {
	var q Quad
	for i := 0; i < 4; i++ {
		p, ok := sides[(i+3)%4].Intersect(sides[i])
		if !ok {
			return Quad{}, false
		}
		q[i] = p
	}
	return q, true
}

// Convex reports whether q is a strictly convex quadrilateral with its
// corners in clockwise order on screen.
func (q Quad) Convex() bool {
	for i := 0; i < 4; i++ {
		a, b, c := q[i], q[(i+1)%4], q[(i+2)%4]
		if (b.X-a.X)*(c.Y-b.Y)-(b.Y-a.Y)*(c.X-b.X) <= 0 {
			return false
		}
	}
	return true
}

// Angles returns q's interior angles in degrees, corner by corner.
func (q Quad) Angles() [4]float64 {
	var r [4]float64
	for i := 0; i < 4; i++ {
		u := q[(i+3)%4].Sub(q[i])
		v := q[(i+1)%4].Sub(q[i])
		nu, nv := math.Hypot(u.X, u.Y), math.Hypot(v.X, v.Y)
		if nu == 0 || nv == 0 {
			continue
		}
		c := (u.X*v.X + u.Y*v.Y) / (nu * nv)
		r[i] = math.Acos(math.Max(-1, math.Min(1, c))) * 180 / math.Pi
	}
	return r
}

// Shift returns q with its corners renumbered so that corner k becomes the
// first: Shift(2) is the same quadrilateral seen upside down.
func (q Quad) Shift(k int) Quad {
	var r Quad
	for i := range r {
		r[i] = q[(i+k)%4]
	}
	return r
}

// RectAspect returns the width/height ratio (width along q[0]→q[1]) of the
// rectangle whose perspective image is q, for a pinhole camera whose
// principal point is c and whose focal length is estimated from q itself
// (Zhang and He, "Whiteboard scanning and image enhancement", 2007). When
// the quad shows no measurable perspective it returns the ratio of the
// mean side lengths. ok is false for degenerate quads.
func RectAspect(q Quad, c Point) (ratio float64, ok bool) {
	// Zhang–He numbering: m1 top-left, m2 top-right, m3 bottom-left, m4 bottom-right.
	m := [4][3]float64{}
	for i, k := range [4]int{0, 1, 3, 2} {
		m[i] = [3]float64{q[k].X - c.X, q[k].Y - c.Y, 1}
	}
	cross := func(a, b [3]float64) [3]float64 {
		return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
	}
	dot := func(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
	m14 := cross(m[0], m[3])
	d2 := dot(cross(m[1], m[3]), m[2])
	d3 := dot(cross(m[2], m[3]), m[1])
	simple := func() (float64, bool) {
		w := (q[0].Dist(q[1]) + q[3].Dist(q[2])) / 2
		h := (q[0].Dist(q[3]) + q[1].Dist(q[2])) / 2
		if w <= 0 || h <= 0 {
			return 0, false
		}
		return w / h, true
	}
	if math.Abs(d2) < 1e-12 || math.Abs(d3) < 1e-12 {
		return simple()
	}
	k2 := dot(m14, m[2]) / d2
	k3 := dot(m14, m[1]) / d3
	n2 := [3]float64{k2*m[1][0] - m[0][0], k2*m[1][1] - m[0][1], k2 - 1}
	n3 := [3]float64{k3*m[2][0] - m[0][0], k3*m[2][1] - m[0][1], k3 - 1}
	if math.Abs(n2[2]) < 1e-6 || math.Abs(n3[2]) < 1e-6 {
		return simple()
	}
	f2 := -(n2[0]*n3[0] + n2[1]*n3[1]) / (n2[2] * n3[2])
	if f2 <= 0 || math.IsNaN(f2) || math.IsInf(f2, 0) {
		return simple()
	}
	a := (n2[0]*n2[0]+n2[1]*n2[1])/f2 + n2[2]*n2[2]
	b := (n3[0]*n3[0]+n3[1]*n3[1])/f2 + n3[2]*n3[2]
	if a <= 0 || b <= 0 {
		return simple()
	}
	return math.Sqrt(a / b), true
}
