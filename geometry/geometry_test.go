package geometry

import (
	"math"
	"testing"
)

func near(a, b Point) bool { return math.Abs(a.X-b.X) < 1e-6 && math.Abs(a.Y-b.Y) < 1e-6 }

func TestFromQuadsMapsCorners(t *testing.T) {
	src := Quad{{0, 0}, {1012, 0}, {1012, 638}, {0, 638}}
	dst := Quad{{211, 714}, {1553, 613}, {1654, 1451}, {213, 1552}}
	h, err := FromQuads(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	for i := range src {
		if got := h.Apply(src[i]); !near(got, dst[i]) {
			t.Errorf("corner %d: got %v, want %v", i, got, dst[i])
		}
	}
	inv, err := h.Inverse()
	if err != nil {
		t.Fatal(err)
	}
	p := Pt(500, 300)
	if got := inv.Apply(h.Apply(p)); !near(got, p) {
		t.Errorf("round trip: got %v, want %v", got, p)
	}
	if got := h.Mul(inv).Apply(dst[2]); !near(got, dst[2]) {
		t.Errorf("h*inv not identity: %v", got)
	}
}

func TestFromQuadsDegenerate(t *testing.T) {
	src := Quad{{0, 0}, {0, 0}, {0, 0}, {0, 0}}
	if _, err := FromQuads(src, src); err == nil {
		t.Fatal("degenerate quad: want error")
	}
}

func TestIoU(t *testing.T) {
	a := Quad{{0, 0}, {10, 0}, {10, 10}, {0, 10}}
	b := Quad{{5, 0}, {15, 0}, {15, 10}, {5, 10}}
	if got := IoU(a, a); math.Abs(got-1) > 1e-9 {
		t.Errorf("IoU(a,a) = %v", got)
	}
	if got := IoU(a, b); math.Abs(got-1.0/3) > 1e-9 {
		t.Errorf("IoU(a,b) = %v, want 1/3", got)
	}
	c := Quad{{20, 20}, {30, 20}, {30, 30}, {20, 30}}
	if got := IoU(a, c); got != 0 {
		t.Errorf("disjoint IoU = %v", got)
	}
}

func TestRotateQuarterTurn(t *testing.T) {
	got := Rotate(math.Pi / 2).Apply(Pt(1, 0))
	if !near(got, Pt(0, 1)) {
		t.Errorf("got %v", got)
	}
}

func TestFitHomography(t *testing.T) {
	truth := Homography{1.3, 0.2, 15, -0.1, 0.9, 40, 0.0004, -0.0002, 1}
	var src, dst []Point
	for y := 0.0; y <= 100; y += 50 {
		for x := 0.0; x <= 800; x += 20 {
			p := Pt(x, y)
			q := truth.Apply(p)
			// A deterministic ±0.3 px wobble: the fit must average it.
			q.X += 0.3 * math.Sin(7*x+y)
			q.Y += 0.3 * math.Cos(3*x-y)
			src, dst = append(src, p), append(dst, q)
		}
	}
	h, err := FitHomography(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []Point{Pt(0, 0), Pt(800, 0), Pt(400, 50), Pt(800, 100), Pt(0, 100)} {
		if d := h.Apply(p).Dist(truth.Apply(p)); d > 0.3 {
			t.Errorf("at %v the fit is %.2f px off", p, d)
		}
	}
	exact, err := FitHomography(src[:4], []Point{truth.Apply(src[0]), truth.Apply(src[1]), truth.Apply(src[2]), truth.Apply(src[3])})
	if err == nil {
		// Four collinear points (one row) do not fix a homography.
		t.Errorf("collinear points gave %v", exact)
	}
	if _, err := FitHomography(src[:3], dst[:3]); err == nil {
		t.Error("three points gave a homography")
	}
	same := []Point{Pt(1, 1), Pt(1, 1), Pt(1, 1), Pt(1, 1)}
	if _, err := FitHomography(same, same); err == nil {
		t.Error("coincident points gave a homography")
	}
}
