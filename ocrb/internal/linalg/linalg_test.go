package linalg

import "testing"

func TestDot(t *testing.T) {
	w := []float32{1, 2, 3, 4, 5}
	x := []float32{5, 4, 3, 2, 1, 99} // x may be longer than w
	if got := Dot(w, x); got != 35 {
		t.Errorf("Dot = %v, want 35", got)
	}
	if got := Dot(nil, nil); got != 0 {
		t.Errorf("empty Dot = %v", got)
	}
}
