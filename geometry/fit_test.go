package geometry

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

func TestFitLineRobust(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var pts []Point
	// y = 0.2 x + 10 with 1 px noise, plus 25 % far outliers.
	for i := 0; i < 200; i++ {
		x := float64(i)
		y := 0.2*x + 10 + r.NormFloat64()
		if i%4 == 0 {
			y += 30 + 20*r.Float64()
		}
		pts = append(pts, Pt(x, y))
	}
	l, ok := FitLineRobust(pts, 2)
	if !ok {
		t.Fatal("no line")
	}
	if slope := l.D.Y / l.D.X; math.Abs(slope-0.2) > 0.01 {
		t.Errorf("slope %.4f, want 0.2", slope)
	}
	if d := math.Abs(l.Dist(Pt(100, 30))); d > 0.5 {
		t.Errorf("line passes %.2f px from (100,30)", d)
	}
	if _, ok := FitLine([]Point{{1, 1}}, nil); ok {
		t.Error("a line through one point")
	}
}

func TestHullAndMaxAreaQuad(t *testing.T) {
	// A rounded rectangle 300×200 (corner radius 20) with interior points.
	var pts []Point
	for x := 20.0; x <= 280; x += 5 {
		pts = append(pts, Pt(x, 0), Pt(x, 200), Pt(x, 100))
	}
	for y := 20.0; y <= 180; y += 5 {
		pts = append(pts, Pt(0, y), Pt(300, y))
	}
	for a := 0.0; a < math.Pi/2; a += 0.1 {
		c, s := 20*math.Cos(a), 20*math.Sin(a)
		pts = append(pts, Pt(280+c, 180+s), Pt(20-c, 180+s), Pt(20-c, 20-s), Pt(280+c, 20-s))
	}
	h := ConvexHull(pts)
	if len(h) < 4 || polySigned(h) <= 0 {
		t.Fatalf("hull of %d points, area %.0f", len(h), polySigned(h))
	}
	q, ok := MaxAreaQuad(h)
	if !ok {
		t.Fatal("no quad")
	}
	if !q.Convex() {
		t.Errorf("quad %v not convex clockwise", q)
	}
	if iou := IoU(q, RectQuad(image.Rect(0, 0, 300, 200))); iou < 0.9 {
		t.Errorf("IoU with the rectangle %.3f", iou)
	}
	for _, a := range q.Angles() {
		if math.Abs(a-90) > 15 {
			t.Errorf("angle %.1f", a)
		}
	}
	if _, ok := MaxAreaQuad(h[:3]); ok {
		t.Error("quad from a triangle")
	}
}

func TestQuadFromLines(t *testing.T) {
	want := Quad{{10, 20}, {110, 25}, {105, 95}, {5, 90}}
	var sides [4]Line
	for i := 0; i < 4; i++ {
		a, b := want[i], want[(i+1)%4]
		d := b.Sub(a).Mul(1 / a.Dist(b))
		sides[i] = Line{P: a.Add(b).Mul(0.5), D: d}
	}
	got, ok := QuadFromLines(sides)
	if !ok {
		t.Fatal("parallel")
	}
	for i := range got {
		if got[i].Dist(want[i]) > 1e-6 {
			t.Errorf("corner %d %v, want %v", i, got[i], want[i])
		}
	}
	if s := want.Shift(2); s[0] != want[2] || s[3] != want[1] {
		t.Errorf("Shift(2) = %v", s)
	}
}

func TestRectAspect(t *testing.T) {
	// A 3:2 rectangle seen through a camera (focal 800 px, principal point
	// at the origin) tilted by 25° about the x axis and 10° about y.
	f := 800.0
	project := func(x, y float64) Point {
		ax, ay := 25*math.Pi/180, 10*math.Pi/180
		// rotate about x, then y, then push 1000 px away
		y1, z1 := y*math.Cos(ax), y*math.Sin(ax)
		x2, z2 := x*math.Cos(ay)+z1*math.Sin(ay), -x*math.Sin(ay)+z1*math.Cos(ay)
		z2 += 1000
		return Pt(f*x2/z2, f*y1/z2)
	}
	q := Quad{project(-300, -200), project(300, -200), project(300, 200), project(-300, 200)}
	r, ok := RectAspect(q, Pt(0, 0))
	if !ok || math.Abs(r-1.5) > 0.01 {
		t.Errorf("aspect %.4f (%v), want 1.5", r, ok)
	}
	naive := (q[0].Dist(q[1]) + q[3].Dist(q[2])) / (q[0].Dist(q[3]) + q[1].Dist(q[2]))
	t.Logf("perspective-corrected %.4f, naive %.4f", r, naive)
	// Without perspective it is the plain side ratio.
	if r, ok := RectAspect(RectQuad(image.Rect(0, 0, 300, 100)), Pt(150, 50)); !ok || math.Abs(r-3) > 1e-9 {
		t.Errorf("aspect of a 300×100 rectangle %.4f", r)
	}
}
