package mrzscan

import (
	"os"
	"sort"
	"strconv"
	"sync"

	"github.com/idrecog/idrecog/mrz"
)

// RescoreCell is one cell a band's re-scoring weighed: its position, the
// classes weighed with their classifier log probabilities and rendering
// correlations, and whether the band was heavily blurred.
type RescoreCell struct {
	Line, Col int
	Chars     []byte
	LogP      []float64
	Corr      []float64
	Wide      bool
	// Sigma, Angle (radians) and Length are the band's fitted blur
	// (glyphKernel), in pixels at the rectified pitch.
	Sigma, Angle, Length float64
}

// RescoreBand is one re-scored band: the last weighing of each of its
// cells, and its best characters per line after the re-scoring.
type RescoreBand struct {
	Cells []RescoreCell
	Best  []string
}

// TraceRescore records every re-scored band until the returned function
// is called, which restores the library's hooks and returns the bands.
// Not safe with concurrent reads.
func TraceRescore() (stop func() []RescoreBand) {
	var mu sync.Mutex
	cells := map[*glyphBand]map[pos]RescoreCell{}
	var order []*glyphBand
	var bands []RescoreBand
	rescoreTrace = func(sb *glyphBand, p pos, chars []byte, lg, corr []float64, wide bool) {
		mu.Lock()
		defer mu.Unlock()
		m, ok := cells[sb]
		if !ok {
			m = map[pos]RescoreCell{}
			cells[sb] = m
			order = append(order, sb)
		}
		m[p] = RescoreCell{Line: p.k, Col: p.i, Chars: append([]byte(nil), chars...),
			LogP: append([]float64(nil), lg...), Corr: append([]float64(nil), corr...), Wide: wide,
			Sigma: sb.kern.sigma, Angle: sb.kern.angle, Length: sb.kern.length}
	}
	resynthDone = func(sb *glyphBand, cands [][][]mrz.Candidate) {
		mu.Lock()
		defer mu.Unlock()
		rb := RescoreBand{}
		for _, row := range cands {
			b := make([]byte, len(row))
			for i, cs := range row {
				b[i] = '?'
				if len(cs) > 0 {
					b[i] = cs[0].Char
				}
			}
			rb.Best = append(rb.Best, string(b))
		}
		for _, c := range cells[sb] {
			rb.Cells = append(rb.Cells, c)
		}
		sort.Slice(rb.Cells, func(i, j int) bool {
			a, b := rb.Cells[i], rb.Cells[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		delete(cells, sb)
		bands = append(bands, rb)
	}
	return func() []RescoreBand {
		rescoreTrace, resynthDone = nil, nil
		return bands
	}
}

func init() {
	// MRZSCAN_HEAVY_OFFSET_SCALE scales the heavy re-scoring's class
	// offsets in test binaries (0 turns them off), to compare variants
	// end to end.
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_HEAVY_OFFSET_SCALE"), 64); err == nil {
		for i := range heavyOffsetTable {
			heavyOffsetTable[i] *= v
		}
	}
}

// HeavyOffsetsOff turns the heavy re-scoring's class offsets off until
// restore is called: the calibration dump is read without the offsets it
// fits.
func HeavyOffsetsOff() (restore func()) {
	old := heavyOffsets
	heavyOffsets = false
	return func() { heavyOffsets = old }
}
