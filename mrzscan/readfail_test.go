package mrzscan

import (
	"math"
	"slices"
	"testing"
)

// pitchStrip returns a strip holding one text line of n glyphs: vertical
// bars of ink wide pixels at the given pitch, every other glyph carrying
// heavy ink and the rest light ink (glyphs of unequal weight, as blurred
// letters and fillers are), and the line.
func pitchStrip(n int, pitch, wide, capH float64, heavy, light byte) (*strip, textLine) {
	w, h := int(float64(n)*pitch)+80, int(3*capH)
	s := &strip{w: w, h: h, ink: make([]byte, w*h), bin: make([]byte, w*h)}
	x0, yc := 40.0, 1.5*capH
	for i := 0; i < n; i++ {
		v := heavy
		if i%2 == 1 {
			v = light
		}
		for x := int(x0 + float64(i)*pitch); x < int(x0+float64(i)*pitch+wide); x++ {
			for y := int(yc - capH/2); y < int(yc+capH/2); y++ {
				s.ink[y*w+x], s.bin[y*w+x] = v, 1
			}
		}
	}
	l := textLine{y0: int(yc - capH/2), y1: int(yc + capH/2), a: yc, xl: x0, xr: x0 + float64(n)*pitch, capH: capH}
	return s, l
}

// TestLinePitch checks that a line whose autocorrelation peaks at twice
// its pitch (glyphs narrow for their height, of alternating weight) gets
// its pitch, and that lines whose pitch pitchEstimate finds keep it.
func TestLinePitch(t *testing.T) {
	cases := []struct {
		name         string
		pitch, capH  float64
		heavy, light byte
		want         float64
	}{
		{"narrow glyphs, locked at twice the pitch", 16, 22, 200, 185, 16},
		{"glyphs as wide as tall", 22, 22, 200, 185, 22},
		{"even weight", 22, 24, 180, 180, 22},
	}
	for _, c := range cases {
		s, l := pitchStrip(36, c.pitch, 0.6*c.pitch, c.capH, c.heavy, c.light)
		got := s.linePitch(l)
		if math.Abs(got-c.want) > 1 {
			t.Errorf("%s: linePitch = %.1f, want %.0f (pitchEstimate %.1f)", c.name, got, c.want, s.pitchEstimate(l))
		}
	}
	// The premise of the first case: pitchEstimate alone finds twice the
	// pitch there.
	s, l := pitchStrip(36, 16, 9.6, 22, 200, 185)
	if p := s.pitchEstimate(l); math.Abs(p-32) > 1 {
		t.Errorf("pitchEstimate of alternating glyphs = %.1f, the test expects 32", p)
	}
	// Degenerate lines give what pitchEstimate gives.
	empty := &strip{w: 5, h: 5, ink: make([]byte, 25), bin: make([]byte, 25)}
	if p := empty.linePitch(textLine{xl: 0, xr: 5, capH: 3}); p != 0 {
		t.Errorf("linePitch of a 5-column line = %v, want 0", p)
	}
}

// TestSpacingEstimate checks the characters per line implied by the
// spacing of two lines, and that lengthsFor keeps a length the spacing
// supports although the lines' ink profiles suggest a far longer pitch.
func TestSpacingEstimate(t *testing.T) {
	ln := func(yc, xl, xr float64) textLine {
		return textLine{y0: int(yc - 13), y1: int(yc + 13), a: yc, xl: xl, xr: xr, capH: 26}
	}
	cases := []struct {
		name string
		g    []textLine
		want float64
	}{
		// 36 cells of pitch 28 (1008 px) on lines 70 px apart.
		{"TD2 lines", []textLine{ln(100, 200, 1208), ln(170, 200, 1208)}, 36.3},
		{"TD3 lines", []textLine{ln(100, 200, 1432), ln(170, 200, 1432)}, 44.3},
		{"one line", []textLine{ln(100, 200, 1208)}, 0},
		{"three lines", []textLine{ln(100, 200, 1208), ln(150, 200, 1208), ln(200, 200, 1208)}, 0},
		{"no spacing", []textLine{ln(100, 200, 1208), ln(100, 200, 1208)}, 0},
	}
	for _, c := range cases {
		if got := spacingEstimate(c.g); math.Abs(got-c.want) > 0.5 {
			t.Errorf("%s: spacingEstimate = %.1f, want %.1f", c.name, got, c.want)
		}
	}
}

// TestSpacedLengths checks that two blurred lines whose ink profiles show
// no clear pitch (a faint undulation at 1.4 pitches under noise, as 977
// #107's) keep the length their spacing supports, and that lines with a
// clear pitch or two lines of a 3-line group do not.
func TestSpacedLengths(t *testing.T) {
	ln := func(yc, xl, xr float64) textLine {
		return textLine{y0: int(yc - 13), y1: int(yc + 13), a: yc, xl: xl, xr: xr, capH: 26}
	}
	blurred := func(amp, noise float64) *strip {
		w, h := 1400, 300
		s := &strip{w: w, h: h, ink: make([]byte, w*h), bin: make([]byte, w*h)}
		seed := uint32(1)
		for x := 0; x < w; x++ {
			seed = seed*1664525 + 1013904223
			v := 100 + amp*math.Sin(2*math.Pi*float64(x)/40) + noise*(float64(seed>>24)/255-0.5)
			for y := 0; y < h; y++ {
				s.ink[y*w+x] = byte(v)
			}
		}
		return s
	}
	g := []textLine{ln(100, 200, 1208), ln(170, 200, 1208)}
	third := ln(240, 200, 1208)
	cases := []struct {
		name   string
		s      *strip
		groups [][]textLine
		want36 bool
	}{
		{"no clear pitch", blurred(15, 100), [][]textLine{g}, true},
		{"clear pitch", blurred(50, 0), [][]textLine{g}, false},
		{"two lines of three", blurred(15, 100), [][]textLine{append(append([]textLine(nil), g...), third), g}, false},
	}
	for _, c := range cases {
		if p := c.s.pitchEstimate(g[0]); math.Abs(p-40) > 2 {
			t.Fatalf("%s: pitchEstimate = %v, the test expects 40", c.name, p)
		}
		if slices.Contains(lengthsFor(c.s, g), 36) {
			t.Fatalf("%s: lengthsFor already keeps 36", c.name)
		}
		if got := slices.Contains(spacedLengths(c.s, g, c.groups), 36); got != c.want36 {
			t.Errorf("%s: 36 kept = %v, want %v", c.name, got, c.want36)
		}
	}
}
