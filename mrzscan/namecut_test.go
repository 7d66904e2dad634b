package mrzscan

import (
	"image"
	"slices"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

func TestNameBreak(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		pos, side int
	}{
		{"name and padding", "LOUREIRO<<SEBASTIAO<<<<<<<<<<<<", -1, 0},
		{"truncated name", "ONEILL<<MARIA<ANNE<JOSEFINA<KR", -1, 0},
		{"fillers only", "<<<<<<<<", -1, 0},
		{"empty", "", -1, 0},
		{"letter after padding", "NEILL<<MARIA<<<<<<<<<<<<<<<<<J", 29, -1},
		{"letters after padding", "VREZRO<<<<<<<<<KKKKKJ", 15, -1},
		{"two fillers then letter", "SMITH<<JOHN", -1, 0},
		{"starts with a filler", "<ONEILL<<MARIA<<<<", 0, 1},
		{"starts with padding", "<<<<ONEILL<<MARIA", 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pos, side := nameBreak(tc.s)
			if pos != tc.pos || side != tc.side {
				t.Errorf("nameBreak(%q) = %d, %d, want %d, %d", tc.s, pos, side, tc.pos, tc.side)
			}
		})
	}
}

func TestNameSpansAndFits(t *testing.T) {
	td2 := nameSpans(mrz.TD2, 2, 36)
	if want := []nameSpan{{0, 5, 36}}; !slices.Equal(td2, want) {
		t.Errorf("nameSpans(TD2) = %v, want %v", td2, want)
	}
	td1 := nameSpans(mrz.TD1, 3, 30)
	if want := []nameSpan{{2, 0, 30}}; !slices.Equal(td1, want) {
		t.Errorf("nameSpans(TD1) = %v, want %v", td1, want)
	}
	tests := []struct {
		name  string
		f     mrz.Format
		lines []string
		fits  bool
	}{
		{"td2 right", mrz.TD2, []string{"I<PRTLOUREIRO<<SEBASTIAO<<<<<<<<<<<<", "6385019983PRT8309042M3512171<<<<<<<4"}, true},
		{"td2 drifted", mrz.TD2, []string{"I<PRTLDHNUQO<<SEBASTIAO<<<<<<<<<<<<L", "6385019983PRT8309042M3512171<<<<<<<4"}, false},
		{"td1 late", mrz.TD1, []string{"IDUTOR46354231<32<<<<<<<<<<<<<", "0609252F2907217UTO<<<<<<<<<<<4", "NEILL<<MARIA<<<<<<<<<<<<<<<<<J"}, false},
		{"td1 right", mrz.TD1, []string{"IDUTOR46354231<32<<<<<<<<<<<<<", "0609252F2907217UTO<<<<<<<<<<<4", "ONEILL<<MARIA<<<<<<<<<<<<<<<<<"}, true},
		{"no lines", mrz.TD1, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := nameFits(tc.f, tc.lines); got != tc.fits {
				t.Errorf("nameFits = %v, want %v", got, tc.fits)
			}
		})
	}
}

func TestNameCutLine(t *testing.T) {
	probs := func(n int, weak map[int]float64) []float64 {
		ps := make([]float64, n)
		for i := range ps {
			ps[i] = 0.99
		}
		for i, p := range weak {
			ps[i] = p
		}
		return ps
	}
	rb := &rectBand{nLines: 3, n: 30}
	lines := []string{"IDUTOR46354231<32<<<<<<<<<<<<<", "0609252F2907217UTO<<<<<<<<<<<4", "NEILL<<MARIA<<<<<<<<<<<<<<<<<J"}
	tests := []struct {
		name    string
		a       *attempt
		k, side int
		ok      bool
	}{
		{"weak letter after padding", &attempt{rb: rb, format: mrz.TD1, valid: true, lines: lines,
			charProb: [][]float64{probs(30, nil), probs(30, nil), probs(30, map[int]float64{29: 0.01})}}, 2, -1, true},
		{"sure letter after padding", &attempt{rb: rb, format: mrz.TD1, valid: true, lines: lines,
			charProb: [][]float64{probs(30, nil), probs(30, nil), probs(30, nil)}}, 0, 0, false},
		{"invalid reading", &attempt{rb: rb, format: mrz.TD1, lines: lines,
			charProb: [][]float64{probs(30, nil), probs(30, nil), probs(30, map[int]float64{29: 0.01})}}, 0, 0, false},
		{"cut reading", &attempt{rb: rb, format: mrz.TD1, valid: true, cut: true, lines: lines,
			charProb: [][]float64{probs(30, nil), probs(30, nil), probs(30, map[int]float64{29: 0.01})}}, 0, 0, false},
		{"short probabilities", &attempt{rb: rb, format: mrz.TD1, valid: true, lines: lines,
			charProb: [][]float64{probs(30, nil), probs(30, nil)}}, 0, 0, false},
		{"nil", nil, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, side, ok := nameCutLine(tc.a)
			if k != tc.k || side != tc.side || ok != tc.ok {
				t.Errorf("nameCutLine = %d, %d, %v, want %d, %d, %v", k, side, ok, tc.k, tc.side, tc.ok)
			}
		})
	}
}

// gridRow is n cells of the given pitch from x0, 32 pixels tall.
func gridRow(n int, x0, pitch float64) []image.Rectangle {
	row := make([]image.Rectangle, n)
	for i := range row {
		row[i] = image.Rect(int(x0+float64(i)*pitch), 10, int(x0+float64(i+1)*pitch), 42)
	}
	return row
}

// glyphProfile is a column ink profile with n glyphs of pitch p from x0
// (ink in the middle 60 % of each pitch), w columns wide.
func glyphProfile(w, n int, x0, p float64) []float64 {
	prof := make([]float64, w)
	for i := 0; i < n; i++ {
		for x := int(x0 + float64(i)*p + 0.2*p); x < int(x0+float64(i+1)*p-0.2*p); x++ {
			if x >= 0 && x < w {
				prof[x] = 1
			}
		}
	}
	return prof
}

func TestRecutRow(t *testing.T) {
	bounds := image.Rect(0, 0, 1000, 60)
	p := rectPitch
	// 30 glyphs from rectMargin; the cells cut a pitch late (the first
	// glyph missed) or stretched over 31 pitches.
	prof := glyphProfile(bounds.Dx(), 30, rectMargin, p)
	late := gridRow(30, rectMargin+p, p)
	stretched := gridRow(30, rectMargin, 31*p/30)
	tests := []struct {
		name string
		row  []image.Rectangle
		m    lineMove
	}{
		{"shift a cell earlier", late, lineMove{-1, -1}},
		{"right end in", stretched, lineMove{0, -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := recutRow(tc.row, prof, tc.m, bounds)
			if len(out) != len(tc.row) {
				t.Fatalf("recutRow gave %d cells, want %d", len(out), len(tc.row))
			}
			for i, c := range out {
				// Each cell must hold glyph i: its centre within a
				// quarter pitch of the glyph's.
				want := rectMargin + (float64(i)+0.5)*p
				if got := float64(c.Min.X+c.Max.X) / 2; got < want-0.25*p || got > want+0.25*p {
					t.Errorf("cell %d centre %.1f, want %.1f", i, got, want)
				}
				if c.Min.Y != 10 || c.Max.Y != 42 {
					t.Errorf("cell %d rows %d..%d, want 10..42", i, c.Min.Y, c.Max.Y)
				}
			}
		})
	}
	if out := recutRow(gridRow(3, 0, p), prof, lineMove{0, -1}, bounds); out != nil {
		t.Errorf("recutRow of 3 cells = %v, want nil", out)
	}
	if out := recutRow(gridRow(30, rectMargin, p), prof, lineMove{-20, 0}, bounds); out != nil {
		t.Errorf("recutRow with a pitch far off = %v, want nil", out)
	}
}

func FuzzNameBreak(f *testing.F) {
	for _, s := range []string{"", "<", "A<<<B", "<<<<", "NEILL<<MARIA<<<<J", "<A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pos, side := nameBreak(s)
		switch side {
		case 0:
			if pos != -1 {
				t.Fatalf("nameBreak(%q) = %d, 0", s, pos)
			}
		case -1:
			if pos < 4 || pos >= len(s) || s[pos] == '<' || s[pos-3:pos] != "<<<" {
				t.Fatalf("nameBreak(%q) = %d, -1: not a letter after padding", s, pos)
			}
		case 1:
			if pos != 0 || s[0] != '<' {
				t.Fatalf("nameBreak(%q) = %d, +1", s, pos)
			}
		default:
			t.Fatalf("nameBreak(%q) side %d", s, side)
		}
	})
}

func FuzzRecutRow(f *testing.F) {
	f.Add(30, 30.0, 20.0, -1.0, -1.0, 700)
	f.Add(36, 30.0, 20.6, 0.0, -1.0, 800)
	f.Add(4, -50.0, 3.0, 1.0, 0.0, 10)
	f.Fuzz(func(t *testing.T, n int, x0, pitch, dl, dr float64, w int) {
		if n < 0 || n > 100 || w < 1 || w > 4000 || !(pitch >= 0 && pitch <= 200) || !(x0 >= -1000 && x0 <= 4000) {
			t.Skip()
		}
		if !(dl >= -5 && dl <= 5) || !(dr >= -5 && dr <= 5) {
			t.Skip()
		}
		bounds := image.Rect(0, 0, w, 60)
		prof := glyphProfile(w, n, x0, pitch)
		out := recutRow(gridRow(n, x0, pitch), prof, lineMove{dl, dr}, bounds)
		if out == nil {
			return
		}
		if len(out) != n {
			t.Fatalf("%d cells, want %d", len(out), n)
		}
		for _, c := range out {
			if c.Empty() || !c.In(bounds) {
				t.Fatalf("cell %v empty or outside %v", c, bounds)
			}
		}
	})
}
