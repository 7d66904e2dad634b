// Package geometry holds the pure-Go plane geometry the recognizer shares
// between stages: points, quadrilaterals and homographies (projective maps).
//
// Nothing here calls C; the OpenCV adapter lives in a sub-package so that this
// package builds with CGO_ENABLED=0.
package geometry

import (
	"errors"
	"image"
	"math"
)

// Point is a point in image pixel space (x to the right, y down).
type Point struct {
	X, Y float64
}

// Pt is shorthand for Point{x, y}.
func Pt(x, y float64) Point { return Point{x, y} }

// Add returns p+q.
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

// Sub returns p-q.
func (p Point) Sub(q Point) Point { return Point{p.X - q.X, p.Y - q.Y} }

// Mul returns p scaled by k.
func (p Point) Mul(k float64) Point { return Point{p.X * k, p.Y * k} }

// Dist returns the Euclidean distance between p and q.
func (p Point) Dist(q Point) float64 { return math.Hypot(p.X-q.X, p.Y-q.Y) }

// Quad is a quadrilateral given by its corners in the order top-left,
// top-right, bottom-right, bottom-left as seen on the upright document: the
// same order as the contract's first, second, third and fourth.
type Quad [4]Point

// RectQuad returns the quad of the rectangle r.
func RectQuad(r image.Rectangle) Quad {
	x0, y0, x1, y1 := float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)
	return Quad{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}
}

// Bounds returns the smallest integer rectangle containing q.
func (q Quad) Bounds() image.Rectangle {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range q {
		minX, minY = math.Min(minX, p.X), math.Min(minY, p.Y)
		maxX, maxY = math.Max(maxX, p.X), math.Max(maxY, p.Y)
	}
	return image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX)), int(math.Ceil(maxY)))
}

// Area returns the area of q (shoelace formula; positive for clockwise
// corners in image coordinates).
func (q Quad) Area() float64 {
	var s float64
	for i := range q {
		j := (i + 1) % 4
		s += q[i].X*q[j].Y - q[j].X*q[i].Y
	}
	return s / 2
}

// Center returns the mean of the corners.
func (q Quad) Center() Point {
	var c Point
	for _, p := range q {
		c = c.Add(p)
	}
	return c.Mul(0.25)
}

// Homography is a 3×3 projective transform in row-major order that maps
// (x, y) to ((h0 x + h1 y + h2) / w, (h3 x + h4 y + h5) / w) with
// w = h6 x + h7 y + h8.
type Homography [9]float64

// Identity is the identity homography.
var Identity = Homography{1, 0, 0, 0, 1, 0, 0, 0, 1}

// ErrDegenerate is returned when a homography cannot be computed or inverted.
var ErrDegenerate = errors.New("geometry: degenerate transform")

// Apply maps p through h.
func (h Homography) Apply(p Point) Point {
	w := h[6]*p.X + h[7]*p.Y + h[8]
	if w == 0 {
		w = 1e-12
	}
	return Point{(h[0]*p.X + h[1]*p.Y + h[2]) / w, (h[3]*p.X + h[4]*p.Y + h[5]) / w}
}

// ApplyQuad maps every corner of q through h.
func (h Homography) ApplyQuad(q Quad) Quad {
	var r Quad
	for i, p := range q {
		r[i] = h.Apply(p)
	}
	return r
}

// Mul returns the composition h∘g: first g, then h.
func (h Homography) Mul(g Homography) Homography {
	var r Homography
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var s float64
			for k := 0; k < 3; k++ {
				s += h[i*3+k] * g[k*3+j]
			}
			r[i*3+j] = s
		}
	}
	return r
}

// Inverse returns the inverse transform.
func (h Homography) Inverse() (Homography, error) {
	a, b, c := h[0], h[1], h[2]
	d, e, f := h[3], h[4], h[5]
	g, k, l := h[6], h[7], h[8]
	A := e*l - f*k
	B := -(d*l - f*g)
	C := d*k - e*g
	det := a*A + b*B + c*C
	if math.Abs(det) < 1e-15 || math.IsNaN(det) {
		return Homography{}, ErrDegenerate
	}
	inv := Homography{
		A, -(b*l - c*k), b*f - c*e,
		B, a*l - c*g, -(a*f - c*d),
		C, -(a*k - b*g), a*e - b*d,
	}
	for i := range inv {
		inv[i] /= det
	}
	return inv, nil
}

// Translate returns the translation by (dx, dy).
func Translate(dx, dy float64) Homography { return Homography{1, 0, dx, 0, 1, dy, 0, 0, 1} }

// Scale returns the scaling by (sx, sy).
func Scale(sx, sy float64) Homography { return Homography{sx, 0, 0, 0, sy, 0, 0, 0, 1} }

// Rotate returns the rotation by theta radians (clockwise on screen, since y
// points down) about the origin.
func Rotate(theta float64) Homography {
	c, s := math.Cos(theta), math.Sin(theta)
	return Homography{c, -s, 0, s, c, 0, 0, 0, 1}
}

// FromQuads returns the homography that maps src[i] to dst[i] for the four
// corners, solving the 8×8 linear system by Gaussian elimination.
func FromQuads(src, dst Quad) (Homography, error) {
	var m [8][9]float64
	for i := 0; i < 4; i++ {
		m[2*i], m[2*i+1] = dltRows(src[i], dst[i])
	}
	h, ok := solve8(&m)
	if !ok {
		return Homography{}, ErrDegenerate
	}
	return h, nil
}

// dltRows returns the two linear equations in the homography's first eight
// entries (the ninth fixed at 1) that the correspondence p → q gives, each as
// eight coefficients and the right-hand side.
func dltRows(p, q Point) (rx, ry [9]float64) {
	x, y, u, v := p.X, p.Y, q.X, q.Y
	return [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u},
		[9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
}

// solve8 solves the 8×8 system m (augmented by its right-hand side) by
// Gaussian elimination with partial pivoting, in place; false when it is
// singular.
func solve8(m *[8][9]float64) (Homography, bool) {
	for col := 0; col < 8; col++ {
		piv := col
		for r := col + 1; r < 8; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[piv][col]) {
				piv = r
			}
		}
		if math.Abs(m[piv][col]) < 1e-12 {
			return Homography{}, false
		}
		m[col], m[piv] = m[piv], m[col]
		for r := 0; r < 8; r++ {
			if r == col {
				continue
			}
			f := m[r][col] / m[col][col]
			for k := col; k < 9; k++ {
				m[r][k] -= f * m[col][k]
			}
		}
	}
	var h Homography
	for i := 0; i < 8; i++ {
		h[i] = m[i][8] / m[i][i]
	}
	h[8] = 1
	return h, true
}

// FitHomography returns the homography that maps src[i] to dst[i] best, in
// the least-squares sense of the linear (DLT) equations, for four or more
// correspondences. Both point sets are first moved to their centroid and
// scaled to a mean distance of √2 from it (Hartley's normalisation), which
// keeps the normal equations well conditioned.
func FitHomography(src, dst []Point) (Homography, error) {
	if len(src) < 4 || len(src) != len(dst) {
		return Homography{}, ErrDegenerate
	}
	ns, okS := normaliser(src)
	nd, okD := normaliser(dst)
	if !okS || !okD {
		return Homography{}, ErrDegenerate
	}
	var m [8][9]float64
	for i := range src {
		rx, ry := dltRows(ns.Apply(src[i]), nd.Apply(dst[i]))
		for _, r := range [2][9]float64{rx, ry} {
			for a := 0; a < 8; a++ {
				for b := 0; b < 9; b++ {
					m[a][b] += r[a] * r[b]
				}
			}
		}
	}
	h, ok := solve8(&m)
	if !ok {
		return Homography{}, ErrDegenerate
	}
	inv, err := nd.Inverse()
	if err != nil {
		return Homography{}, err
	}
	out := inv.Mul(h).Mul(ns)
	if math.Abs(out[8]) < 1e-12 {
		return Homography{}, ErrDegenerate
	}
	for i := range out {
		out[i] /= out[8]
	}
	return out, nil
}

// normaliser returns the similarity that moves pts to their centroid and
// scales them to a mean distance of √2; false when they all coincide.
func normaliser(pts []Point) (Homography, bool) {
	var c Point
	for _, p := range pts {
		c = c.Add(p)
	}
	c = c.Mul(1 / float64(len(pts)))
	var d float64
	for _, p := range pts {
		d += p.Dist(c)
	}
	d /= float64(len(pts))
	if d < 1e-9 {
		return Homography{}, false
	}
	k := math.Sqrt2 / d
	return Homography{k, 0, -k * c.X, 0, k, -k * c.Y, 0, 0, 1}, true
}

// IoU returns the intersection over union of two convex quads (0 when either
// is degenerate), computed by Sutherland–Hodgman clipping.
func IoU(a, b Quad) float64 {
	pa, pb := orient(a[:]), orient(b[:])
	inter := polyArea(clip(pa, pb))
	union := polyArea(pa) + polyArea(pb) - inter
	if union <= 0 {
		return 0
	}
	return inter / union
}

func orient(p []Point) []Point {
	q := append([]Point(nil), p...)
	if polySigned(q) < 0 {
		for i, j := 0, len(q)-1; i < j; i, j = i+1, j-1 {
			q[i], q[j] = q[j], q[i]
		}
	}
	return q
}

func polySigned(p []Point) float64 {
	var s float64
	for i := range p {
		j := (i + 1) % len(p)
		s += p[i].X*p[j].Y - p[j].X*p[i].Y
	}
	return s / 2
}

func polyArea(p []Point) float64 {
	if len(p) < 3 {
		return 0
	}
	return math.Abs(polySigned(p))
}

// clip clips subject against the convex, positively oriented polygon c.
func clip(subject, c []Point) []Point {
	out := subject
	for i := range c {
		a, b := c[i], c[(i+1)%len(c)]
		in := out
		out = nil
		if len(in) == 0 {
			break
		}
		inside := func(p Point) bool { return (b.X-a.X)*(p.Y-a.Y)-(b.Y-a.Y)*(p.X-a.X) >= 0 }
		s := in[len(in)-1]
		for _, e := range in {
			if inside(e) {
				if !inside(s) {
					out = append(out, intersect(s, e, a, b))
				}
				out = append(out, e)
			} else if inside(s) {
				out = append(out, intersect(s, e, a, b))
			}
			s = e
		}
	}
	return out
}

func intersect(p1, p2, a, b Point) Point {
	d1 := p2.Sub(p1)
	d2 := b.Sub(a)
	den := d1.X*d2.Y - d1.Y*d2.X
	if den == 0 {
		return p2
	}
	t := ((a.X-p1.X)*d2.Y - (a.Y-p1.Y)*d2.X) / den
	return p1.Add(d1.Mul(t))
}
