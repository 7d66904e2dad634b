package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBucket(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want int
	}{
		{0, 0}, {0.29, 0}, {0.3, 1}, {0.5, 2}, {0.79, 3}, {0.85, 4}, {0.9, 5}, {0.97, 6}, {0.995, 7}, {1, 7},
	} {
		if got := bucket(tc.p); got != tc.want {
			t.Errorf("bucket(%v) = %d, want %d", tc.p, got, tc.want)
		}
	}
}

func TestReliability(t *testing.T) {
	var r relReport
	r.add(0.95, true, 0.95)
	r.add(0.95, false, 0.01) // surely wrong
	r.add(0.4, false, 0.3)
	r.add(0.4, true, 0.4)
	if r.total != 4 || r.sure != 1 {
		t.Fatalf("total %d sure %d, want 4 and 1", r.total, r.sure)
	}
	if r.n[6] != 2 || r.right[6] != 1 || r.n[1] != 2 || r.right[1] != 1 {
		t.Fatalf("buckets %v right %v", r.n, r.right)
	}
	s := r.String()
	// ECE: (2·|0.5−0.95| + 2·|0.5−0.4|) / 4 = 0.275.
	if !strings.Contains(s, "ECE 0.2750") || !strings.Contains(s, "surely wrong (P ≥ 0.9) 1") {
		t.Errorf("report:\n%s", s)
	}
}

// TestBackpropSmooth checks the output-layer gradient of the smoothed
// cross-entropy against finite differences of its loss.
func TestBackpropSmooth(t *testing.T) {
	for _, smooth := range []float32{0, 0.1} {
		n := newMLP(rand.New(rand.NewPCG(1, 2)), []int{6, 5, 4})
		n.smooth = smooth
		x := []float32{0.5, -1, 2, 0.1, -0.3, 1}
		const label = 2
		n.zeroGrad()
		n.backprop(x, label)
		last := n.layers[1]
		got := append([]float32(nil), last.gb...)
		for o := range last.b {
			const h = 1e-2
			b := last.b[o]
			last.b[o] = b + h
			lp, _ := n.backprop(x, label)
			last.b[o] = b - h
			lm, _ := n.backprop(x, label)
			last.b[o] = b
			num := (lp - lm) / (2 * h)
			if math.Abs(num-float64(got[o])) > 1e-3 {
				t.Errorf("smooth %v: dL/db[%d] = %v, finite difference %v", smooth, o, got[o], num)
			}
		}
	}
}
