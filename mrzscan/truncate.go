package mrzscan

import (
	"image"
	"math"
	"sort"
)

// continues reports whether the text of the band's lines seems to go on past
// the last cell or before the first: ink right after the last cell of some
// line as much as a light MRZ character (a '<' filler), or right before its
// first cell as much as a typical one. A 44-character MRZ (TD3, MRV-A) whose
// band was cut short reads as a perfectly valid 36-character one (MRV-B,
// TD2: the first 28 characters of line 2 have the same layout and the name
// field is only truncated), so a 36-character reading of a band whose lines
// go on is a guess between two formats, not a confident read.
func (rb *rectBand) continues(cells [][]image.Rectangle) bool {
	p := rectPitch
	t := float64(otsu(rb.ink))
	if t < 12 {
		t = 12
	}
	for _, row := range cells {
		if len(row) < 4 {
			continue
		}
		// Ink of a glyph-sized window (0.9 pitch wide, 0.8 high) centred
		// on each cell, cleaned (background removed).
		var inks []float64
		for _, c := range row {
			if c.Empty() {
				continue
			}
			cx, cy := (c.Min.X+c.Max.X)/2, (c.Min.Y+c.Max.Y)/2
			inks = append(inks, rb.inkIn(t, image.Rect(cx-int(0.45*p), cy-int(0.4*p), cx+int(0.45*p), cy+int(0.4*p))))
		}
		if len(inks) < 4 {
			continue
		}
		sort.Float64s(inks)
		light := inks[1] // the lightest characters: fillers, I, 1
		if light <= 0 {
			continue
		}
		last := row[len(row)-1]
		cy := (last.Min.Y + last.Max.Y) / 2
		x0 := last.Max.X + int(0.1*p)
		next := rb.inkIn(t, image.Rect(x0, cy-int(0.4*p), x0+int(0.9*p), cy+int(0.4*p)))
		if next >= 0.5*light {
			return true
		}
		// The lines can also go on before the first cell: a band found on
		// the end of the lines only (a blob broken by blur or strong
		// perspective) starts inside them, amid names and numbers. Motion
		// blur spills much of the first character's ink there (up to
		// three quarters of a typical character's), so on this side a
		// whole character is required: at least the median cell's ink.
		first := row[0]
		cy = (first.Min.Y + first.Max.Y) / 2
		x1 := first.Min.X - int(0.1*p)
		prev := rb.inkIn(t, image.Rect(x1-int(0.9*p), cy-int(0.4*p), x1, cy+int(0.4*p)))
		if prev >= math.Max(0.5*light, inks[len(inks)/2]) {
			return true
		}
	}
	return false
}

// inkIn sums the ink inside r, each pixel's ink mapped to 0 below half
// the band's Otsu threshold t (faint background) and to 1 above 1.5 t.
func (rb *rectBand) inkIn(t float64, r image.Rectangle) float64 {
	r = r.Intersect(image.Rect(0, 0, rb.w, rb.h))
	lo, hi := 0.5*t, 1.5*t
	var s float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range rb.ink[y*rb.w+r.Min.X : y*rb.w+r.Max.X] {
			s += math.Min(math.Max((float64(v)-lo)/(hi-lo), 0), 1)
		}
	}
	return s
}
