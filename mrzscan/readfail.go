package mrzscan

import (
	"math"
	"slices"

	"github.com/idrecog/idrecog/mrz"
)

// Legible MRZs read as "no MRZ" although their band is found and grouped
// (issue 5, twelfth round): line lengths skipped on a wrong pitch.

// linePitch returns the character pitch of line l of strip s:
// pitchEstimate's lag, or half of it when that lag is twice the pitch.
//
// pitchEstimate takes the strongest autocorrelation of the line's column
// ink profile between 0.6 and 1.6 cap heights; a line of characters
// narrow for its measured height (blur across the line swells the run of
// inked rows) has its pitch near the bottom of that range and twice its
// pitch inside it, and the two peaks are about as strong. The half lag is
// taken when its autocorrelation is at least halfPitchCorr of the found
// lag's and the half is at least half a cap height: at the true pitch the
// half lag puts glyphs against gaps and correlates negatively.
func (s *strip) linePitch(l textLine) float64 {
	p := s.pitchEstimate(l)
	if p <= 0 {
		return p
	}
	h := int(math.Round(p / 2))
	if float64(h) < 0.5*l.capH {
		return p
	}
	prof := s.columnInk(l)
	at := autocorr(prof, int(math.Round(p)))
	if at <= 0 {
		return p
	}
	half := math.Inf(-1)
	for lag := h - 1; lag <= h+1; lag++ {
		half = math.Max(half, autocorr(prof, lag))
	}
	if half >= halfPitchCorr*at {
		return p / 2
	}
	return p
}

// halfPitchCorr is the share of the found lag's autocorrelation from which
// linePitch takes half the lag as the pitch. On MRZ lines locked at twice
// the pitch (hard seeds 4747 and 977) the half lag's correlation was
// 0.89–1.00 of it; on those whose pitch was found right it was negative
// (−0.09 … −2.0).
const halfPitchCorr = 0.8

// columnInk returns the ink of line l summed over a cap height about its
// centre line, per column from its left to its right end, less its mean
// (the profile pitchEstimate correlates); nil for a line under 10 columns.
func (s *strip) columnInk(l textLine) []float64 {
	x0, x1 := int(l.xl), int(l.xr)
	x0, x1 = max(0, x0), min(s.w, x1)
	n := x1 - x0
	if n < 10 {
		return nil
	}
	prof := make([]float64, n)
	half := l.capH / 2
	for x := x0; x < x1; x++ {
		yc := l.yAt(float64(x))
		for y := int(yc - half); y <= int(yc+half); y++ {
			if y >= 0 && y < s.h {
				prof[x-x0] += float64(s.ink[y*s.w+x])
			}
		}
	}
	var mean float64
	for _, v := range prof {
		mean += v
	}
	mean /= float64(n)
	for i := range prof {
		prof[i] -= mean
	}
	return prof
}

// autocorr returns the mean product of prof with itself shifted by lag
// (0 when the shift leaves nothing).
func autocorr(prof []float64, lag int) float64 {
	if lag < 0 || lag >= len(prof) {
		return 0
	}
	var c float64
	for i := 0; i+lag < len(prof); i++ {
		c += prof[i] * prof[i+lag]
	}
	return c / float64(len(prof)-lag)
}

// spacedLengths returns lengthsFor(s, g) and, for a group of two lines
// whose glyphs show no clear pitch (weakPitch on each line) and that no
// 3-line group among groups (the strip's) contains, the lengths the lines'
// spacing supports (spacingEstimate ≥ 0.8 n, lengthsFor's bound), in
// lengthsFor's order.
//
// Blur along the lines flattens the ink profile lengthsFor estimates the
// pitch from (977 #107: a French ID's profile peaked at 1.3 pitches, its
// 36 cells skipped as far too many); the spacing between the lines'
// centres survives it. Two lines of a TD1 are 1.67 pitches apart, not
// 2.5, so their spacing implies half as many characters again: cut into
// 44 cells they can decode to a valid reading of garbage (seed 11 #145,
// which then displaced the TD1's reading), hence the exclusions.
func spacedLengths(s *strip, g []textLine, groups [][]textLine) []int {
	ns := lengthsFor(s, g)
	if len(g) != 2 || inThreeLineGroup(g, groups) {
		return ns
	}
	for _, l := range g {
		if !s.weakPitch(l) {
			return ns
		}
	}
	sp := spacingEstimate(g)
	var out []int
	for _, n := range []int{44, 36, 30} {
		if slices.Contains(ns, n) || sp >= 0.8*float64(n) {
			out = append(out, n)
		}
	}
	if len(out) == len(ns) {
		return ns // nothing added: keep lengthsFor's order
	}
	return out
}

// inThreeLineGroup reports whether a 3-line group of groups holds both
// lines of g.
func inThreeLineGroup(g []textLine, groups [][]textLine) bool {
	for _, h := range groups {
		if len(h) == 3 && slices.Contains(h, g[0]) && slices.Contains(h, g[1]) {
			return true
		}
	}
	return false
}

// weakPitch reports whether the column ink profile of line l shows no
// clear pitch: its autocorrelation at linePitch is below weakPitchCorr of
// its value at lag 0.
func (s *strip) weakPitch(l textLine) bool {
	p := s.linePitch(l)
	prof := s.columnInk(l)
	if p <= 0 || prof == nil {
		return true
	}
	r0 := autocorr(prof, 0)
	return r0 <= 0 || autocorr(prof, int(math.Round(p))) < weakPitchCorr*r0
}

// weakPitchCorr bounds the normalised autocorrelation at the pitch of a
// line whose pitch spacedLengths does not trust. On hard seeds 11 and 977
// the MRZ lines' pitch peaks were 0.36–0.83 (most above 0.5); the French
// ID of 977 #107, blurred along its lines, 0.26–0.37.
const weakPitchCorr = 0.5

// spacingEstimate returns the characters per line that the spacing of a
// group of two lines implies for a 2-line MRZ (TD2, TD3, visas, French ID:
// lines two and a half pitches apart, twoLineSpacing), or 0 for other
// groups. The spacing is measured mid-line between the fitted centre
// lines.
func spacingEstimate(g []textLine) float64 {
	if len(g) != 2 {
		return 0
	}
	xm := (g[0].xl + g[0].xr) / 2
	sp := math.Abs(g[1].yAt(xm) - g[0].yAt(xm))
	if sp <= 0 {
		return 0
	}
	w := (g[0].xr - g[0].xl + g[1].xr - g[1].xl) / 2
	return twoLineSpacing*w/sp + 0.3
}

// twoLineSpacing is the line spacing of the 2-line MRZs in pitches (ICAO
// Doc 9303: 6.35 mm at a 2.54 mm pitch; the French ID's 5.4 mm at 2.13 mm
// is 2.54).
var twoLineSpacing = (geoms[mrz.TD3].centres[0] - geoms[mrz.TD3].centres[1]) / geoms[mrz.TD3].pitch
