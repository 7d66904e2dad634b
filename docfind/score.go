package docfind

import (
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// gradients holds the central differences of the small image's colour
// channels, for scoring candidate borders.
type gradients struct {
	sm     *small
	gx, gy [3][]int16
}

func newGradients(sm *small) *gradients {
	g := &gradients{sm: sm}
	w, h := sm.w, sm.h
	for c := 0; c < 3; c++ {
		gx, gy := make([]int16, w*h), make([]int16, w*h)
		p := sm.ch[c]
		for y := 1; y < h-1; y++ {
			for x := 1; x < w-1; x++ {
				o := y*w + x
				gx[o] = int16(p[o+1]) - int16(p[o-1])
				gy[o] = int16(p[o+w]) - int16(p[o-w])
			}
		}
		g.gx[c], g.gy[c] = gx, gy
	}
	return g
}

// across returns the strongest colour gradient across direction n at the
// small-image point p (continuous coordinates), 0 outside the image.
func (g *gradients) across(p, n geometry.Point) float64 {
	x, y := int(p.X), int(p.Y)
	if x < 1 || y < 1 || x >= g.sm.w-1 || y >= g.sm.h-1 {
		return 0
	}
	o := y*g.sm.w + x
	var best float64
	for c := 0; c < 3; c++ {
		v := math.Abs(float64(g.gx[c][o])*n.X + float64(g.gy[c][o])*n.Y)
		best = math.Max(best, v)
	}
	return best
}

// colour returns the small image's colour at p, and false outside.
func (g *gradients) colour(p geometry.Point) ([3]float64, bool) {
	x, y := int(p.X), int(p.Y)
	if x < 0 || y < 0 || x >= g.sm.w || y >= g.sm.h {
		return [3]float64{}, false
	}
	o := y*g.sm.w + x
	return [3]float64{float64(g.sm.ch[0][o]), float64(g.sm.ch[1][o]), float64(g.sm.ch[2][o])}, true
}

// Scoring constants (small-image pixels and grey levels).
const (
	edgeFull     = 18.0 // a central difference this strong counts fully
	contrastFull = 45.0 // a colour distance across the border this large counts fully
	aspectWidth  = 0.2  // tolerance on log(aspect ratio)
	angleWidth   = 40.0 // tolerance on corner angles, degrees
)

// scoreQuad rates q (small-image coordinates) as the border of a document
// whose long/short aspect ratio is target. 0 means impossible.
func scoreQuad(g *gradients, q geometry.Quad, target float64) (float64, scoreParts) {
	var p scoreParts
	if !q.Convex() {
		return 0, p
	}
	frame := float64(g.sm.w * g.sm.h)
	f := q.Area() / frame
	if f < 0.03 || f > 1.05 {
		return 0, p
	}
	var maxDev float64
	for _, a := range q.Angles() {
		maxDev = math.Max(maxDev, math.Abs(a-90))
	}
	if maxDev > 50 {
		return 0, p
	}
	p.angle = math.Exp(-sq(maxDev / angleWidth))
	p.aspect = aspectScore(q, geometry.Pt(float64(g.sm.w)/2, float64(g.sm.h)/2), target)
	// Larger is better: a sub-rectangle of the document (its photo, a
	// text column) is often as well outlined as the document.
	p.area = math.Sqrt(math.Min(1, f/0.9))

	const samples = 32
	var sum, minSide float64 = 0, 1
	for i := 0; i < 4; i++ {
		a, b := q[i], q[(i+1)%4]
		L := a.Dist(b)
		d := b.Sub(a).Mul(1 / L)
		n := geometry.Pt(-d.Y, d.X) // inward for clockwise quads
		var es, cs float64
		var cn int
		for j := 0; j < samples; j++ {
			t := 0.1 + 0.8*(float64(j)+0.5)/samples
			c := a.Add(b.Sub(a).Mul(t))
			var e float64
			for o := -2.0; o <= 2; o++ {
				e = math.Max(e, g.across(c.Add(n.Mul(o)), n))
			}
			es += math.Min(1, e/edgeFull)
			in, ok1 := g.colour(c.Add(n.Mul(4)))
			out, ok2 := g.colour(c.Sub(n.Mul(4)))
			if ok1 && ok2 {
				dist := math.Sqrt(sq(in[0]-out[0]) + sq(in[1]-out[1]) + sq(in[2]-out[2]))
				cs += math.Min(1, dist/contrastFull)
				cn++
			}
		}
		side := 0.65 * es / samples
		if cn > 0 {
			side += 0.35 * cs / float64(cn)
		}
		sum += side
		minSide = math.Min(minSide, side)
	}
	p.edge = 0.5*sum/4 + 0.5*minSide
	return p.edge * p.aspect * p.angle * p.area, p
}

// aspectScore compares the long/short side ratio of the rectangle q
// pictures with target. Two estimates are made, the perspective-corrected
// one (principal point c, focal length from q) and the ratio of mean side
// lengths, and the closer one counts: the first is better under strong
// perspective, the second does not fail when the principal point is not
// where it is assumed (a cropped photo).
func aspectScore(q geometry.Quad, c geometry.Point, target float64) float64 {
	a := (q[0].Dist(q[1]) + q[2].Dist(q[3])) / 2
	b := (q[1].Dist(q[2]) + q[3].Dist(q[0])) / 2
	if a <= 0 || b <= 0 {
		return 0
	}
	e := math.Abs(math.Log(math.Max(a, b) / math.Min(a, b) / target))
	if r, ok := geometry.RectAspect(q, c); ok && r > 0 {
		e = math.Min(e, math.Abs(math.Log(math.Max(r, 1/r)/target)))
	}
	return math.Exp(-sq(e / aspectWidth))
}

func sq(x float64) float64 { return x * x }

// refine snaps each side of q (upload coordinates) to the strongest
// luminance step across it within ±r pixels, at full resolution, and
// intersects the refitted lines. Sides with too little support keep their
// line.
func refine(g *gray, q geometry.Quad, r float64) (geometry.Quad, bool) {
	const samples = 48
	var lines [4]geometry.Line
	prof := make([]float64, 0, 64)
	for i := 0; i < 4; i++ {
		a, b := q[i], q[(i+1)%4]
		L := a.Dist(b)
		if L < 8 {
			return q, false
		}
		d := b.Sub(a).Mul(1 / L)
		n := geometry.Pt(-d.Y, d.X)
		lines[i] = geometry.Line{P: a, D: d}
		type hit struct {
			s, v float64
		}
		var pos, neg []hit
		var sp, sn float64
		for j := 0; j < samples; j++ {
			t := 0.1 + 0.8*(float64(j)+0.5)/samples
			c := a.Add(b.Sub(a).Mul(t))
			prof = prof[:0]
			for s := -r - 1; s <= r+1; s++ {
				p := c.Add(n.Mul(s))
				prof = append(prof, g.at(p.X-0.5, p.Y-0.5))
			}
			bp, bn := hit{v: 0}, hit{v: 0}
			for k := 1; k < len(prof)-1; k++ {
				dv := prof[k+1] - prof[k-1]
				if dv > bp.v {
					bp = hit{float64(k), dv}
				}
				if -dv > bn.v {
					bn = hit{float64(k), -dv}
				}
			}
			pos = append(pos, bp)
			neg = append(neg, bn)
			sp += bp.v
			sn += bn.v
		}
		hs := pos
		sign := 1.0
		if sn > sp {
			hs, sign = neg, -1
		}
		var pts []geometry.Point
		for j, h := range hs {
			if h.v < 8 {
				continue
			}
			k := int(h.s)
			// Sub-pixel peak of the derivative.
			off := 0.0
			if k >= 2 && k+2 < len(prof) {
				// Recompute the profile of this sample for the parabola.
				t := 0.1 + 0.8*(float64(j)+0.5)/samples
				c := a.Add(b.Sub(a).Mul(t))
				der := func(kk int) float64 {
					s0 := -r - 1 + float64(kk)
					p1, p0 := c.Add(n.Mul(s0+1)), c.Add(n.Mul(s0-1))
					return sign * (g.at(p1.X-0.5, p1.Y-0.5) - g.at(p0.X-0.5, p0.Y-0.5))
				}
				dm, d0, dp := der(k-1), der(k), der(k+1)
				if den := dm - 2*d0 + dp; den < 0 {
					off = 0.5 * (dm - dp) / den
					off = math.Max(-0.5, math.Min(0.5, off))
				}
				s := -r - 1 + float64(k) + off
				pts = append(pts, c.Add(n.Mul(s)))
			}
		}
		if len(pts) < samples*2/5 {
			continue
		}
		l, ok := geometry.FitLineRobust(pts, 1)
		if !ok {
			continue
		}
		if l.D.X*d.X+l.D.Y*d.Y < 0 {
			l.D = l.D.Mul(-1)
		}
		lines[i] = l
	}
	out, ok := geometry.QuadFromLines(lines)
	if !ok || !out.Convex() {
		return q, false
	}
	for i := range out {
		if out[i].Dist(q[i]) > 4*r+4 {
			return q, false
		}
	}
	return out, true
}
