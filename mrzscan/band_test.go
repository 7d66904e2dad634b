package mrzscan

import (
	"image"
	"math"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

// centreClassifier is sure of a cell whose horizontal centre lies within
// 3 px of one of centres and unsure otherwise, the way a classifier reads
// a glyph cut on its centre and a cell cut across two glyphs.
type centreClassifier struct{ centres []float64 }

func (c centreClassifier) Classify(cell *image.Gray) []mrz.Candidate {
	x := float64(cell.Rect.Min.X+cell.Rect.Max.X) / 2
	d := math.Inf(1)
	for _, t := range c.centres {
		d = math.Min(d, math.Abs(x-t))
	}
	p := math.Max(0.05, 1-0.2*math.Max(0, d-1))
	return []mrz.Candidate{{Char: 'A', P: p}, {Char: 'B', P: 1 - p}}
}

func TestGlyphCut(t *testing.T) {
	const n = 30
	g := image.NewGray(image.Rect(0, 0, int(2*rectMargin+n*rectPitch), 80))
	for _, tc := range []struct {
		name  string
		pitch float64 // true pitch of the printed glyphs, rectified px
	}{
		{"nominal", rectPitch},
		{"narrower", 0.97 * rectPitch},
		{"wider", 1.03 * rectPitch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x0 := rectMargin + rectPitch/2
			var want []float64
			for i := 0; i < n; i++ {
				want = append(want, x0+float64(i)*tc.pitch)
			}
			// The given cut: right at both ends, slipped by most of a
			// pitch in the middle (cells 10-19 squeezed, then stretched).
			row := make([]image.Rectangle, n)
			for i := range row {
				c := want[i]
				switch {
				case i >= 10 && i < 20:
					c -= 0.06 * rectPitch * float64(i-9)
				case i >= 20 && i < 29:
					c -= 0.6*rectPitch - 0.066*rectPitch*float64(i-19)
				}
				row[i] = image.Rect(int(c-rectPitch/2), 24, int(c+rectPitch/2), 56)
			}
			out := glyphCut(centreClassifier{want}, g, [][]image.Rectangle{row})
			if len(out) != 1 || len(out[0]) != n {
				t.Fatalf("glyphCut returned %d lines", len(out))
			}
			for i, c := range out[0] {
				x := float64(c.Min.X+c.Max.X) / 2
				if math.Abs(x-want[i]) > 3 {
					t.Errorf("cell %d centred at %.1f, want %.1f", i, x, want[i])
				}
				if c.Min.Y != 24 || c.Max.Y < 55 || c.Max.Y > 57 {
					t.Errorf("cell %d rows %d-%d, want 24-56", i, c.Min.Y, c.Max.Y)
				}
			}
		})
	}
	// Degenerate input: nothing to cut, no panic.
	if out := glyphCut(centreClassifier{}, g, [][]image.Rectangle{{image.Rect(0, 0, 20, 32)}}); out != nil {
		t.Errorf("one-cell line: got %v, want nil", out)
	}
	if out := glyphCut(centreClassifier{}, g, [][]image.Rectangle{make([]image.Rectangle, 10)}); out != nil {
		t.Errorf("empty cells: got %v, want nil", out)
	}
}
