package mrzscan

import (
	"math"
	"testing"
)

// TestLineGroupsTD1 checks that the three lines of a TD1 are grouped even
// when their fitted slopes differ a little or one ink run swells towards the
// line spacing (measured on photographed card backs), and that three lines
// spaced unevenly are not.
func TestLineGroupsTD1(t *testing.T) {
	ln := func(y0, y1 int, a, b, xl, xr float64) textLine {
		return textLine{y0: y0, y1: y1, a: a, b: b, xl: xl, xr: xr, capH: float64(y1 - y0)}
	}
	cases := []struct {
		name  string
		ls    []textLine
		three bool
	}{
		{"uneven slopes", []textLine{
			ln(111, 152, 127.9, 0.0047, 265, 1302),
			ln(169, 213, 193.2, -0.0025, 268, 1300),
			ln(227, 268, 241.9, 0.0030, 272, 1293),
		}, true},
		{"swollen run", []textLine{
			ln(110, 149, 127.1, 0.0022, 270, 1298),
			ln(171, 218, 198.3, -0.0018, 268, 1297),
			ln(231, 281, 245.7, 0.0051, 264, 1291),
		}, true},
		{"blur across the lines", []textLine{ // slopes biased by motion blur: close at the left end only
			ln(122, 175, 168.3, -0.0190, 270, 1288),
			ln(188, 234, 206.7, 0.0033, 267, 1294),
			ln(253, 303, 263.4, 0.0150, 264, 1298),
		}, true},
		{"a line run on into print beside the card", []textLine{ // seed 6006 #67, hard
			ln(118, 162, 149.4, -0.010, 273, 1297),
			ln(184, 227, 207.1, -0.002, 58, 1293),
			ln(247, 293, 260.3, 0.009, 262, 1287),
		}, true},
		{"uneven spacing", []textLine{
			ln(80, 120, 100, 0, 270, 1290),
			ln(140, 180, 160, 0, 270, 1290),
			ln(230, 270, 250, 0, 270, 1290),
		}, false},
	}
	for _, c := range cases {
		gs := lineGroups(c.ls)
		got := len(gs) > 0 && len(gs[0]) == 3
		if got != c.three {
			t.Errorf("%s: 3-line group first = %v, want %v (%d groups)", c.name, got, c.three, len(gs))
		}
	}
}

// TestClipGroup checks that two lines whose ends differ only because one
// runs on past the card are grouped on their common span, and lines of
// clearly different lengths are not.
func TestClipGroup(t *testing.T) {
	ln := func(y0, y1 int, a, xl, xr float64) textLine {
		return textLine{y0: y0, y1: y1, a: a, xl: xl, xr: xr, capH: float64(y1 - y0)}
	}
	// A French card's first line run on into text beyond the card's top
	// (seed 2033 #149, hard).
	gs := lineGroups([]textLine{ln(113, 144, 129.7, 265, 1526), ln(175, 201, 191.5, 264, 1299)})
	if len(gs) != 1 || gs[0][0].xl != 265 || gs[0][0].xr != 1299 || gs[0][1].xr != 1299 {
		t.Errorf("run-on line: groups %+v, want one clipped to 265-1299", gs)
	}
	if gs := lineGroups([]textLine{ln(113, 144, 129.7, 265, 1300), ln(175, 201, 191.5, 264, 700)}); len(gs) != 0 {
		t.Errorf("a line half as long as the other: groups %+v, want none", gs)
	}
}

// TestSlant checks that the slope of text lines in a strip is measured, and
// that level lines give none.
func TestSlant(t *testing.T) {
	for _, tc := range []struct {
		name  string
		slope float64
		want  float64
	}{
		{"level", 0, 0},
		{"down", 0.05, 0.05},
		{"up", -0.08, -0.08},
		{"below minSlant", 0.01, 0.01},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &strip{w: 900, h: 200}
			s.bin = make([]byte, s.w*s.h)
			// Two lines of glyph-like strokes, 26 px high, 70 px apart.
			for _, y0 := range []float64{50, 120} {
				for x := 60; x < 840; x++ {
					if x%18 > 11 {
						continue
					}
					yc := y0 + tc.slope*(float64(x)-float64(s.w)/2)
					for y := int(yc - 13); y < int(yc+13); y++ {
						if y >= 0 && y < s.h {
							s.bin[y*s.w+x] = 1
						}
					}
				}
			}
			got := s.slant()
			if math.Abs(got-tc.want) > 0.011 {
				t.Errorf("slant %.3f, want %.3f", got, tc.want)
			}
		})
	}
}

// TestTrimSpecks checks that a line's ink run loses the specks it took in
// across a gap at either end (a corner of the card's edge), and keeps
// glyphs, faint fillers and specks without a gap.
func TestTrimSpecks(t *testing.T) {
	// glyph: 8 columns of 10 inked pixels, then a gap of 6.
	glyph := []int{10, 10, 10, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 0}
	filler := []int{3, 4, 4, 3, 3, 4, 4, 3, 0, 0, 0, 0, 0, 0} // a faint '<'
	line := func(parts ...[]int) []int {
		var out []int
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	speck := []int{2, 0, 0, 0, 0, 0, 0}
	cases := []struct {
		name         string
		col          []int
		wantL, wantR int // kept run [wantL, wantR)
	}{
		{"clean", line(glyph, glyph, glyph[:8]), 0, 36},
		{"speck right", line(glyph, glyph, glyph[:8], []int{0, 0, 0, 0, 0, 0, 0, 0, 2}), 0, 36},
		{"speck left", line(speck, glyph, glyph, glyph[:8]), 7, 43},
		{"faint filler kept", line(glyph, glyph, filler[:8]), 0, 36},
		{"speck touching kept", line(glyph, glyph, glyph[:8], []int{2}), 0, 37},
	}
	for _, tc := range cases {
		// The run as measureLine finds it: first to last inked column.
		x0, x1 := 0, len(tc.col)
		for x0 < x1 && tc.col[x0] == 0 {
			x0++
		}
		for x1 > x0 && tc.col[x1-1] == 0 {
			x1--
		}
		l, r := trimSpecks(tc.col, x0, x1, 26)
		if l != tc.wantL || r != tc.wantR {
			t.Errorf("%s: kept [%d, %d), want [%d, %d)", tc.name, l, r, tc.wantL, tc.wantR)
		}
	}
}

// FuzzTrimSpecks checks that trimSpecks never panics and keeps a sub-run
// of its input.
func FuzzTrimSpecks(f *testing.F) {
	f.Add([]byte{10, 10, 0, 0, 0, 2}, uint8(26))
	f.Fuzz(func(t *testing.T, b []byte, capH uint8) {
		col := make([]int, len(b))
		for i, v := range b {
			col[i] = int(v % 16)
		}
		l, r := trimSpecks(col, 0, len(col), float64(capH))
		if l < 0 || r > len(col) || (len(col) > 0 && l > r) {
			t.Fatalf("kept [%d, %d) of %d", l, r, len(col))
		}
	})
}

// TestTrimOffPaper checks that a line's ink run running on past the card's
// edge into a darker background is cut back to where the paper starts to
// darken, and that a run on paper, or under a gentle shadow, is kept.
func TestTrimOffPaper(t *testing.T) {
	const w, h, capH = 600, 100, 26
	const y0, y1 = 40, 66
	// paper(x) is the brightness of the card (or the background) in column x.
	mk := func(paper func(x int) byte) *strip {
		s := &strip{w: w, h: h, gray: make([]byte, w*h)}
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				v := paper(x)
				if y >= y0 && y < y1 && x%20 < 12 {
					v /= 3 // glyph strokes
				}
				s.gray[y*w+x] = v
			}
		}
		return s
	}
	ramp := func(x, edge int, in, out float64) byte {
		// a blurred edge 16 px wide centred on edge
		f := math.Min(1, math.Max(0, float64(x-edge+8)/16))
		return byte(in + f*(out-in))
	}
	cases := []struct {
		name         string
		s            *strip
		x0, x1       int
		wantL, wantR [2]int // accepted range of the kept ends
	}{
		{"on paper", mk(func(int) byte { return 230 }), 20, 580, [2]int{20, 20}, [2]int{580, 580}},
		{"right edge", mk(func(x int) byte { return ramp(x, 520, 230, 130) }), 20, 580, [2]int{20, 20}, [2]int{500, 515}},
		{"left edge", mk(func(x int) byte { return ramp(x, 60, 130, 230) }), 20, 580, [2]int{65, 80}, [2]int{580, 580}},
		{"gentle shadow kept", mk(func(x int) byte { return ramp(x, 500, 230, 190) }), 20, 580, [2]int{20, 20}, [2]int{580, 580}},
		{"no gray kept", &strip{w: w, h: h}, 20, 580, [2]int{20, 20}, [2]int{580, 580}},
	}
	for _, tc := range cases {
		l, r := tc.s.trimOffPaper(tc.x0, tc.x1, y0, y1, capH)
		if l < tc.wantL[0] || l > tc.wantL[1] || r < tc.wantR[0] || r > tc.wantR[1] {
			t.Errorf("%s: kept [%d, %d), want left in %v, right in %v", tc.name, l, r, tc.wantL, tc.wantR)
		}
	}
}

// FuzzTrimOffPaper checks that trimOffPaper never panics and keeps a
// sub-run of its input, whatever the strip's pixels and the line's rows.
func FuzzTrimOffPaper(f *testing.F) {
	f.Add([]byte{230, 230, 230, 130, 130}, uint8(5), uint8(0), uint8(5), uint8(1), uint8(3), uint8(6))
	f.Fuzz(func(t *testing.T, pix []byte, w, x0, x1, y0, y1, capH uint8) {
		if w == 0 || len(pix) < int(w) {
			return
		}
		h := len(pix) / int(w)
		s := &strip{w: int(w), h: h, gray: pix[:int(w)*h]}
		a, b := min(int(x0), s.w), min(int(x1), s.w)
		if a > b {
			a, b = b, a
		}
		c, d := min(int(y0), h), min(int(y1), h)
		if c > d {
			c, d = d, c
		}
		l, r := s.trimOffPaper(a, b, c, d, float64(capH))
		if l < a || r > b || l > r {
			t.Fatalf("kept [%d, %d) of [%d, %d)", l, r, a, b)
		}
	})
}
