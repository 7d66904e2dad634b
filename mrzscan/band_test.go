package mrzscan

import (
	"image"
	"math"
	"testing"
)

// inkBand returns a rectified band of lines of n glyphs each, printed at
// the perspective positions projGrid(a, b, s, ·) (ink only, no grey), and
// the true cell boundaries.
func inkBand(nLines, n int, a, b, s float64) (*rectBand, [][]float64) {
	rb := &rectBand{nLines: nLines, n: n, linePitch: 1.5 * rectPitch}
	rb.w = int(float64(n)*rectPitch + 2*rectMargin + 2*rectPitch)
	rb.h = int(2*rectPad + 1.6*rectPitch + float64(nLines-1)*rb.linePitch)
	rb.ink = make([]byte, rb.w*rb.h)
	rb.gray = image.NewGray(image.Rect(0, 0, rb.w, rb.h))
	var bounds [][]float64
	for k := 0; k < nLines; k++ {
		yc := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
		xs := make([]float64, n+1)
		for i := range xs {
			xs[i] = projGrid(a, b, s, float64(i)/float64(n))
		}
		bounds = append(bounds, xs)
		for i := 0; i < n; i++ {
			// A blurred glyph: cap height 0.95 pitch, its column ink
			// highest in the middle of the cell, none at its edges.
			w := xs[i+1] - xs[i]
			for y := int(yc - 0.47*rectPitch); y <= int(yc+0.47*rectPitch); y++ {
				for x := int(math.Ceil(xs[i])); float64(x) < xs[i+1]; x++ {
					rb.ink[y*rb.w+x] = uint8(200 * math.Sin(math.Pi*(float64(x)-xs[i])/w))
				}
			}
		}
	}
	return rb, bounds
}

func TestForeshortened(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines int
		n     int
		ratio float64 // last cell's pitch over the first's
	}{
		{"TD3 receding", 2, 44, 0.65},
		{"TD2 approaching", 2, 36, 1.4},
		{"TD1 flat", 3, 30, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := rectMargin
			b := rectMargin + float64(tc.n)*rectPitch
			rb, want := inkBand(tc.lines, tc.n, a, b, math.Sqrt(tc.ratio))
			// The given cut: uniform cells between the right ends.
			cells := make([][]image.Rectangle, tc.lines)
			for k := range cells {
				yc := int(rectPad + 0.8*rectPitch + float64(k)*rb.linePitch)
				for i := 0; i < tc.n; i++ {
					x0 := a + float64(i)*rectPitch
					cells[k] = append(cells[k], image.Rect(int(x0), yc-16, int(x0+rectPitch), yc+16))
				}
			}
			out, ratio := rb.foreshortened(cells)
			if out == nil {
				t.Fatal("no grid")
			}
			if math.Abs(ratio-tc.ratio) > 0.06 {
				t.Errorf("ratio %.3f, want %.2f", ratio, tc.ratio)
			}
			for k, row := range out {
				if len(row) != tc.n {
					t.Fatalf("line %d: %d cells, want %d", k, len(row), tc.n)
				}
				for i, c := range row {
					if d := math.Abs(float64(c.Min.X) - want[k][i]); d > 2.5 {
						t.Errorf("line %d cell %d starts at %d, want %.1f", k, i, c.Min.X, want[k][i])
					}
					if c.Dy() != 32 {
						t.Errorf("line %d cell %d: height %d, want 32", k, i, c.Dy())
					}
				}
			}
			// segment cuts on this grid when the pitch changes enough.
			seg := rb.segment()
			for k, row := range seg {
				for i, c := range row {
					if d := math.Abs(float64(c.Min.X) - want[k][i]); d > 3.5 {
						t.Errorf("segment: line %d cell %d starts at %d, want %.1f", k, i, c.Min.X, want[k][i])
					}
				}
			}
		})
	}
	// Degenerate input: nothing to fit, no panic.
	rb, _ := inkBand(2, 10, rectMargin, rectMargin+10*rectPitch, 1)
	if out, _ := rb.foreshortened([][]image.Rectangle{{image.Rect(0, 0, 20, 32)}}); out != nil {
		t.Errorf("one-cell line: got %v, want nil", out)
	}
	if out, _ := rb.foreshortened([][]image.Rectangle{make([]image.Rectangle, 10)}); out != nil {
		t.Errorf("empty cells: got %v, want nil", out)
	}
	blank := &rectBand{nLines: 1, n: 10, w: 300, h: 80, ink: make([]byte, 300*80), gray: image.NewGray(image.Rect(0, 0, 300, 80))}
	row := make([]image.Rectangle, 10)
	for i := range row {
		row[i] = image.Rect(30+20*i, 20, 50+20*i, 52)
	}
	if out, _ := blank.foreshortened([][]image.Rectangle{row}); out != nil {
		t.Errorf("blank band: got a grid")
	}
}
