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
