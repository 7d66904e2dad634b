package mrzscan

import (
	"image"
	"testing"
)

// synthBand draws a rectified 2-line band of n cells whose lines carry
// glyph-like blocks in cells -lead..inked-lead-1 (positions ≥ n lie past
// the last cell, position -1 in the margin before the first); filler marks
// how many of them, at the end of each line, are light '<'-like marks.
func synthBand(n, lead, inked, filler int) *rectBand {
	rb := &rectBand{nLines: 2, n: n, linePitch: 1.4 * rectPitch}
	rb.w = int(float64(n)*rectPitch + 2*rectMargin)
	rb.h = int(2*rectPad + 1.6*rectPitch + rb.linePitch)
	rb.ink = make([]byte, rb.w*rb.h)
	for k := 0; k < 2; k++ {
		yc := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
		for i := 0; i < inked; i++ {
			x0 := int(rectMargin + float64(i-lead)*rectPitch + 4)
			x1 := x0 + int(rectPitch) - 8
			y0, y1 := int(yc-9), int(yc+9)
			v := byte(200)
			if i >= inked-filler {
				// a filler: a thin stroke, mid-height
				y0, y1 = int(yc-2), int(yc+2)
			}
			for y := y0; y < y1; y++ {
				for x := x0; x < x1 && x < rb.w; x++ {
					rb.ink[y*rb.w+x] = v
				}
			}
		}
	}
	rb.gray = image.NewGray(image.Rect(0, 0, rb.w, rb.h))
	for i, v := range rb.ink {
		rb.gray.Pix[i] = 255 - v
	}
	return rb
}

func TestContinues(t *testing.T) {
	cases := []struct {
		name                string
		lead, inked, filler int
		want                bool
	}{
		{"whole lines", 0, 36, 0, false},
		{"whole lines ending in fillers", 0, 36, 6, false},
		{"letters go on", 0, 44, 0, true},
		{"fillers go on", 0, 44, 12, true},
		{"lines start before the first cell", 1, 37, 12, true},
	}
	for _, c := range cases {
		rb := synthBand(36, c.lead, c.inked, c.filler)
		if got := rb.continues(rb.segment()); got != c.want {
			t.Errorf("%s: continues = %v, want %v", c.name, got, c.want)
		}
	}
}
