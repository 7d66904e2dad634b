package mrzscan

import (
	"image"
	"math"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

// testBand returns a band of 2 lines of n cells whose rectified pixels map
// to the image by a scale s and a shift (dx, dy).
func testBand(n int, s, dx, dy float64) *rectBand {
	w, h := int(float64(n)*rectPitch+2*rectMargin), int(2*rectPad+2.6*rectPitch)
	return &rectBand{
		nLines: 2, n: n, linePitch: rectPitch, w: w, h: h,
		gray:    image.NewGray(image.Rect(0, 0, w, h)),
		ink:     make([]byte, w*h),
		toImage: geometry.Homography{s, 0, dx, 0, s, dy, 0, 0, 1},
	}
}

func TestSameBandPlace(t *testing.T) {
	a := testBand(36, 0.5, 100, 200) // pitch 10 image px
	for _, tc := range []struct {
		name string
		b    *rectBand
		want bool
	}{
		{"itself", a, true},
		{"moved less than a pitch", testBand(36, 0.5, 106, 204), true},
		{"moved more than a pitch", testBand(36, 0.5, 112, 200), false},
		{"turned half a turn", a.rotate180(), true},
		{"other length", testBand(44, 0.5, 100, 200), false},
		{"elsewhere", testBand(36, 0.5, 100, 400), false},
	} {
		if got := sameBandPlace(a, tc.b); got != tc.want {
			t.Errorf("%s: sameBandPlace = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestReadingsBest(t *testing.T) {
	var none *readings
	none.add(testBand(36, 0.5, 0, 0), nil) // a nil log records nothing
	if got := none.best(3); got != nil {
		t.Errorf("nil readings: best = %v, want nil", got)
	}
	a := testBand(36, 0.5, 100, 200)
	aTurned := a.rotate180()
	b := testBand(44, 0.5, 100, 200)
	c := testBand(36, 0.5, 100, 400)
	s := &readings{}
	s.add(a, &attempt{meanLogP: -2})
	s.add(aTurned, &attempt{meanLogP: -0.5, valid: true}) // same place, better
	s.add(b, &attempt{meanLogP: -1})
	s.add(c, nil)                    // nothing decoded: last
	s.add(b, &attempt{meanLogP: -3}) // read again, worse: keeps -1
	same := func(x, y *rectBand) bool { return x.n == y.n && x.nLines == y.nLines && x.toImage == y.toImage }
	if len(s.bands) != 4 {
		t.Fatalf("%d bands recorded, want 4", len(s.bands))
	}
	got := s.best(3)
	want := []*rectBand{aTurned, b, c}
	if len(got) != len(want) {
		t.Fatalf("best(3) = %d bands, want %d", len(got), len(want))
	}
	for i := range want {
		if !same(got[i], want[i]) {
			t.Errorf("best(3)[%d] is not the expected band", i)
		}
	}
	if got := s.best(1); len(got) != 1 || !same(got[0], aTurned) {
		t.Errorf("best(1) is not the best-read band")
	}
	if got[0].gray != nil {
		t.Errorf("recorded band keeps its image")
	}
	if r := s.bands[3].rank; !math.IsInf(r, -1) {
		t.Errorf("band without a reading ranks %v, want -Inf", r)
	}
}
