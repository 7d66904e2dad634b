package mrzscan

import (
	"image"
	"math"
	"testing"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// TestShiftedMovesEnds checks that a band warped again with moved ends maps
// its corners to the original band's corners moved by those fractions of a
// pitch.
func TestShiftedMovesEnds(t *testing.T) {
	img := gocv.NewMatWithSize(200, 400, gocv.MatTypeCV8U)
	defer img.Close()
	rb := &rectBand{nLines: 2, n: 10, linePitch: 30, w: int(10*rectPitch + 2*rectMargin), h: 120,
		toImage: geometry.Homography{0.5, 0.1, 20, -0.05, 0.6, 30, 0, 0, 1}}
	y0 := rectPad + 0.8*rectPitch
	yL := y0 + rb.linePitch
	x0, x1 := rectMargin, rectMargin+float64(rb.n)*rectPitch
	corners := [4]geometry.Point{geometry.Pt(x0, y0), geometry.Pt(x1, y0), geometry.Pt(x1, yL), geometry.Pt(x0, yL)}
	for _, tc := range []struct {
		name string
		d    [4]float64
	}{
		{"none", [4]float64{}},
		{"left end", [4]float64{-0.4, 0, 0, -0.4}},
		{"right end", [4]float64{0, 0.4, 0.4, 0}},
		{"one corner", [4]float64{0, 0, -0.4, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := rb.shifted(img, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if s.gray == nil || len(s.ink) != s.w*s.h || s.w != rb.w || s.h != rb.h {
				t.Fatalf("shifted band %dx%d, gray %v, ink %d", s.w, s.h, s.gray != nil, len(s.ink))
			}
			for c, p := range corners {
				got := s.toImage.Apply(p)
				want := rb.toImage.Apply(p.Add(geometry.Pt(tc.d[c]*rectPitch, 0)))
				if got.Dist(want) > 1e-6 {
					t.Errorf("corner %d: %v, want %v", c, got, want)
				}
			}
		})
	}
}

// TestLocateAllSecondSearch checks that the second search runs only when
// asked for, and never repeats a band of the first.
func TestLocateAllSecondSearch(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 600, 300))
	for i := range g.Pix {
		g.Pix[i] = 230
	}
	// Two MRZ-like lines of glyphs (two thin strokes each).
	for k := 0; k < 2; k++ {
		for c := 0; c < 36; c++ {
			x := 40 + c*14
			for y := 120 + k*36; y < 138+k*36; y++ {
				for _, dx := range []int{0, 1, 6, 7} {
					g.Pix[y*g.Stride+x+dx] = 30
				}
			}
		}
	}
	m, err := grayMat(g.Pix, 600, 300)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	first := locate(m, 6)
	if len(first) == 0 {
		t.Fatal("no band found")
	}
	n := 0
	for range locateAll(m, 6, func() bool { return false }) {
		n++
	}
	if n != len(first) {
		t.Errorf("without the second search: %d bands, want %d", n, len(first))
	}
	var all []band
	for bd := range locateAll(m, 6, func() bool { return true }) {
		all = append(all, bd)
	}
	for i, bd := range all[len(first):] {
		if dupBand(bd, first) {
			t.Errorf("second-search band %d repeats a first-search band", i)
		}
	}
	// Stopping early must not panic or search again.
	for range locateAll(m, 6, func() bool { t.Error("again called after stop"); return true }) {
		break
	}
}

// TestPitchMoves checks which whole-pitch moves refinePitch tries: none for
// a valid reading, for an invalid one each line shifted, each end and each
// corner, both ways, and each move by exactly one pitch.
func TestPitchMoves(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      attempt
		nMoves int
	}{
		{"valid", attempt{rb: &rectBand{nLines: 2, n: 44}, valid: true}, 0},
		{"invalid, 2 lines", attempt{rb: &rectBand{nLines: 2, n: 44}}, 16},
		{"invalid, 3 lines", attempt{rb: &rectBand{nLines: 3, n: 30}}, 16},
		{"invalid, 1 line", attempt{rb: &rectBand{nLines: 1, n: 44}}, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := pitchMoves(&tc.a)
			if len(ms) != tc.nMoves {
				t.Fatalf("%d moves, want %d: %v", len(ms), tc.nMoves, ms)
			}
			seen := map[[4]float64]bool{}
			for _, m := range ms {
				if seen[m] {
					t.Errorf("move %v twice", m)
				}
				seen[m] = true
				moved := 0.0
				for _, d := range m {
					if d != 0 && d != 1 && d != -1 {
						t.Errorf("move %v: not a whole pitch", m)
					}
					moved += math.Abs(d)
				}
				if moved == 0 {
					t.Errorf("empty move")
				}
			}
		})
	}
}
