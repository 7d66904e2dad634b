package mrzscan

import (
	"image"
	"slices"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

// alignedRows returns three lines of n cells at the rectified pitch, each
// line starting shear pixels right of the one above, line k moved by
// dx[k] pixels at its start and dxEnd[k] at its end (cells re-spaced).
func alignedRows(n int, shear float64, dx, dxEnd [3]float64) [][]image.Rectangle {
	rows := make([][]image.Rectangle, 3)
	for k := range rows {
		x0 := 10 + shear*float64(k) + dx[k]
		x1 := 10 + shear*float64(k) + float64(n)*rectPitch + dxEnd[k]
		p := (x1 - x0) / float64(n)
		for i := 0; i < n; i++ {
			a, b := x0+float64(i)*p, x0+float64(i+1)*p
			rows[k] = append(rows[k], image.Rect(int(a), 10+40*k, int(b), 42+40*k))
		}
	}
	return rows
}

func TestMisaligned(t *testing.T) {
	tests := []struct {
		name      string
		shear     float64
		dx, dxEnd [3]float64
		want      int
	}{
		{"lined up", 0, [3]float64{}, [3]float64{}, 0},
		{"sheared", 8, [3]float64{}, [3]float64{}, 0},
		{"last line a pitch early", 8, [3]float64{0, 0, -20}, [3]float64{0, 0, -20}, 1},
		{"last line a pitch late", -7, [3]float64{0, 0, 21}, [3]float64{0, 0, 19}, -1},
		{"first line a pitch late", 3, [3]float64{20, 0, 0}, [3]float64{20, 0, 0}, -1},
		{"middle line a pitch late", 0, [3]float64{0, 20, 0}, [3]float64{0, 20, 0}, 0},
		{"only the start off", 0, [3]float64{0, 0, -20}, [3]float64{}, 0},
		{"ends off in opposite ways", 0, [3]float64{0, 0, -20}, [3]float64{0, 0, 20}, 0},
		{"two pitches off", 0, [3]float64{0, 0, -40}, [3]float64{0, 0, -40}, 0},
		{"under the bound", 0, [3]float64{0, 0, -10}, [3]float64{0, 0, -10}, 0},
	}
	for _, tt := range tests {
		if got := misaligned(alignedRows(30, tt.shear, tt.dx, tt.dxEnd)); got != tt.want {
			t.Errorf("%s: misaligned = %d, want %d", tt.name, got, tt.want)
		}
	}
	two := alignedRows(30, 0, [3]float64{0, 0, -20}, [3]float64{0, 0, -20})[:2]
	if got := misaligned(two); got != 0 {
		t.Errorf("two lines: misaligned = %d, want 0", got)
	}
}

// sureCands returns candidates that give each character of lines
// probability p.
func sureCands(lines []string, p float64) [][][]mrz.Candidate {
	out := make([][][]mrz.Candidate, len(lines))
	for k, l := range lines {
		for i := 0; i < len(l); i++ {
			out[k] = append(out[k], []mrz.Candidate{{Char: l[i], P: p}})
		}
	}
	return out
}

// TestFillNameTail: a valid TD1 reading whose name line ends in letters
// after its padding, where the candidates list no filler, is decoded
// again with fillers there, disputed, the filled cells at the filler's
// probability (none).
func TestFillNameTail(t *testing.T) {
	r := newTestReader(t)
	want := []string{
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	}
	read := slices.Clone(want)
	read[2] = "ERIKSSON<<ANNA<MARIA<<<<<<SSII"
	cands := sureCands(read, 0.99)
	for i := 26; i < 30; i++ {
		cands[2][i] = []mrz.Candidate{{Char: read[2][i], P: 0.6}, {Char: 'Z', P: 0.3}}
	}
	rb := &rectBand{nLines: 3, n: 30}
	cells := alignedRows(30, 0, [3]float64{}, [3]float64{})
	best := r.decodeBand(rb, cells, cands, []mrz.Format{mrz.TD1}, false)
	if best == nil || !best.valid || best.lines[2] != read[2] {
		t.Fatalf("decoded %+v, want the valid reading %q", best, read)
	}
	a := r.fillNameTail(best)
	if !slices.Equal(a.lines, want) {
		t.Fatalf("filled %q, want %q", a.lines, want)
	}
	if !a.disputed || a.charProb[2][26] != 0 {
		t.Errorf("filled reading: disputed %v, filled cell's probability %.2f; want disputed, 0", a.disputed, a.charProb[2][26])
	}
	if sc, amb := score(a); !amb || sc > maxCutScore {
		t.Errorf("filled reading scored %d (ambiguous %v), want ambiguous under %d", sc, amb, maxCutScore)
	}
	// A reading that fits the name grammar is left alone.
	good := r.decodeBand(rb, cells, sureCands(want, 0.99), []mrz.Format{mrz.TD1}, false)
	if got := r.fillNameTail(good); got != good {
		t.Errorf("a grammatical reading was re-decoded: %q", got.lines)
	}
}
