package mrzscan

import (
	"math"
	"slices"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

// inkStrip returns a w×h strip whose ink (bin and ink) holds the given
// lines of glyph blocks: each line is (first glyph's left x, centre y,
// glyph count), pitch p, cap height capH, the centre moving by slope per
// column.
func inkStrip(w, h int, p, capH, slope float64, lines [][3]float64) *strip {
	s := &strip{w: w, h: h, bin: make([]byte, w*h), ink: make([]byte, w*h)}
	for _, l := range lines {
		x0, yc, n := l[0], l[1], int(l[2])
		for i := 0; i < n; i++ {
			gx := x0 + float64(i)*p
			for x := int(gx + 0.15*p); x < int(gx+0.85*p); x++ {
				y0 := yc + slope*float64(x) - capH/2
				for y := int(y0); y < int(y0+capH); y++ {
					if x >= 0 && x < w && y >= 0 && y < h {
						s.bin[y*w+x] = 1
						s.ink[y*w+x] = 200
					}
				}
			}
		}
	}
	return s
}

func TestFindShort(t *testing.T) {
	const p, capH, sp = 20.0, 18.0, 34.0
	long := func(y float64) [3]float64 { return [3]float64{40, y, 30} }
	tests := []struct {
		name  string
		lines [][3]float64
		slope float64
		want  bool
	}{
		{"swiss", [][3]float64{{40, 60, 9}, long(60 + sp), long(60 + 2*sp)}, 0, true},
		{"swiss slanted", [][3]float64{{40, 70, 9}, long(70 + sp), long(70 + 2*sp)}, 0.03, true},
		{"swiss, short line a pitch in", [][3]float64{{60, 60, 9}, long(60 + sp), long(60 + 2*sp)}, 0, true},
		{"td1: a long line above", [][3]float64{long(60), long(60 + sp), long(60 + 2*sp)}, 0, false},
		{"nothing above", [][3]float64{long(60 + sp), long(60 + 2*sp)}, 0, false},
		{"short line too short", [][3]float64{{40, 60, 4}, long(60 + sp), long(60 + 2*sp)}, 0, false},
		{"short line far right", [][3]float64{{200, 60, 9}, long(60 + sp), long(60 + 2*sp)}, 0, false},
		{"short line, then more text", [][3]float64{{40, 60, 9}, {260, 60, 6}, long(60 + sp), long(60 + 2*sp)}, 0, false},
	}
	for _, tc := range tests {
		s := inkStrip(760, 200, p, capH, tc.slope, tc.lines)
		n := len(tc.lines)
		b := textLine{a: tc.lines[n-2][1] + tc.slope*(0.5*p), b: tc.slope, xl: 40 + 0.15*p, xr: 40 + 29.85*p, capH: capH}
		c := b
		c.a += sp
		sh, ok := s.findShort(b, c)
		if ok != tc.want {
			t.Errorf("%s: found %v, want %v", tc.name, ok, tc.want)
			continue
		}
		if !ok {
			continue
		}
		// The returned line runs through the short line's centre, with
		// the long lines' ends.
		if y, want := sh.yAt(100), tc.lines[0][1]+tc.slope*(100+0.5*p); math.Abs(y-want) > 2 {
			t.Errorf("%s: centre at x=100 %.1f, want %.1f", tc.name, y, want)
		}
		if sh.xl != b.xl || sh.xr != b.xr {
			t.Errorf("%s: ends %.0f..%.0f, want b's %.0f..%.0f", tc.name, sh.xl, sh.xr, b.xl, b.xr)
		}
	}
}

func FuzzFindShort(f *testing.F) {
	f.Add(60.0, 94.0, 0.0, 40.0, 640.0, 18.0, uint8(9))
	f.Add(-5.0, 1e9, 0.5, -100.0, 3.0, 0.0, uint8(0))
	f.Fuzz(func(t *testing.T, yb, yc, slope, xl, xr, capH float64, n uint8) {
		for _, v := range []float64{yb, yc, slope, xl, xr, capH} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				return
			}
		}
		s := inkStrip(300, 120, 10, 9, 0, [][3]float64{{20, 20, float64(n % 40)}, {20, 40, 25}, {20, 60, 25}})
		b := textLine{a: yb, b: slope, xl: xl, xr: xr, capH: capH}
		c := textLine{a: yc, b: slope, xl: xl, xr: xr, capH: capH}
		sh, ok := s.findShort(b, c)
		if ok && (math.IsNaN(sh.a) || sh.capH <= 0) {
			t.Fatalf("found a bad line %+v", sh)
		}
		s.swissGroups([]textLine{b, c})
	})
}

func TestShortRun(t *testing.T) {
	run := func(n int, spans ...[2]int) []int {
		col := make([]int, n)
		for _, s := range spans {
			for x := s[0]; x < s[1] && x < n; x++ {
				col[x] = 10
			}
		}
		return col
	}
	const p = 10.0
	tests := []struct {
		name   string
		col    []int
		left   float64
		ok     bool
		x0, x1 int
	}{
		{"nine glyphs", run(200, [2]int{15, 102}), 15, true, 15, 102},
		{"glyphs with gaps", run(200, [2]int{15, 22}, [2]int{25, 32}, [2]int{35, 102}), 15, true, 15, 102},
		{"starts a pitch right of left", run(200, [2]int{25, 112}), 15, true, 25, 112},
		{"starts too far right", run(200, [2]int{40, 127}), 15, false, 0, 0},
		{"too short", run(200, [2]int{15, 60}), 15, false, 0, 0},
		{"too long", run(300, [2]int{15, 200}), 15, false, 0, 0},
		{"more ink after", run(200, [2]int{15, 102}, [2]int{115, 140}), 15, false, 0, 0},
		{"strip ends too soon", run(110, [2]int{15, 102}), 15, false, 0, 0},
		{"empty", run(200), 15, false, 0, 0},
		{"nil", nil, 15, false, 0, 0},
	}
	for _, tc := range tests {
		x0, x1, ok := shortRun(tc.col, p, tc.left, 16)
		if ok != tc.ok || ok && (x0 != tc.x0 || x1 != tc.x1) {
			t.Errorf("%s: shortRun = %d, %d, %v; want %d, %d, %v", tc.name, x0, x1, ok, tc.x0, tc.x1, tc.ok)
		}
	}
	if _, _, ok := shortRun(run(200, [2]int{15, 102}), 0, 15, 16); ok {
		t.Error("pitch 0: found a run")
	}
}

func FuzzShortRun(f *testing.F) {
	f.Add([]byte{0, 0, 9, 9, 9, 0, 9, 9}, 2.0, 1.0, 8.0)
	f.Fuzz(func(t *testing.T, data []byte, p, left, capH float64) {
		if math.IsNaN(p) || math.IsNaN(left) || math.IsNaN(capH) || math.Abs(p) > 1e6 || math.Abs(left) > 1e6 || math.Abs(capH) > 1e6 {
			return
		}
		col := make([]int, len(data))
		for i, b := range data {
			col[i] = int(b)
		}
		x0, x1, ok := shortRun(col, p, left, capH)
		if ok && (x0 < 0 || x1 > len(col) || x0 >= x1) {
			t.Fatalf("run %d..%d of %d columns", x0, x1, len(col))
		}
	})
}

func TestFlipLine(t *testing.T) {
	const w, h = 400, 100
	l := textLine{y0: 20, y1: 40, a: 30, b: 0.02, xl: 50, xr: 300, capH: 20}
	f := flipLine(l, w, h)
	if got := flipLine(f, w, h); math.Abs(got.a-l.a) > 1e-9 || got.b != l.b || got.xl != l.xl || got.xr != l.xr || got.y0 != l.y0 || got.y1 != l.y1 {
		t.Errorf("flipped twice: %+v, want %+v", got, l)
	}
	// A point of the line turned half a turn lies on the flipped line.
	for _, x := range []float64{50, 120, 300} {
		fx, fy := float64(w-1)-x, float64(h-1)-l.yAt(x)
		if d := math.Abs(f.yAt(fx) - fy); d > 1e-9 {
			t.Errorf("x=%v: flipped line misses the turned point by %v", x, d)
		}
	}
	if f.xl != float64(w-1)-l.xr || f.xr != float64(w-1)-l.xl || f.y0 != h-l.y1 || f.y1 != h-l.y0 {
		t.Errorf("flipped extents %+v", f)
	}
}

func TestPairFits(t *testing.T) {
	b := textLine{a: 50, xl: 10, xr: 600, capH: 20}
	tests := []struct {
		name string
		c    textLine
		want bool
	}{
		{"next line", textLine{a: 85, xl: 12, xr: 598, capH: 20}, true},
		{"too close", textLine{a: 60, xl: 10, xr: 600, capH: 20}, false},
		{"too far", textLine{a: 130, xl: 10, xr: 600, capH: 20}, false},
		{"shorter", textLine{a: 85, xl: 10, xr: 400, capH: 20}, false},
		{"shifted", textLine{a: 85, xl: 80, xr: 670, capH: 20}, false},
	}
	for _, tc := range tests {
		if got := pairFits(b, tc.c); got != tc.want {
			t.Errorf("%s: pairFits = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTextSlant(t *testing.T) {
	lines := [][3]float64{{40, 60, 9}, {40, 94, 30}, {40, 128, 30}}
	for _, slope := range []float64{-0.04, -0.015, 0, 0.02, 0.05} {
		s := inkStrip(760, 240, 20, 18, slope, lines)
		if got := s.textSlant(0.08, 0.005); math.Abs(got-slope) > 0.006 {
			t.Errorf("slope %v: textSlant = %v", slope, got)
		}
	}
	if got := (&strip{w: 10, h: 10, bin: make([]byte, 100)}).textSlant(0.08, 0.005); got != 0 {
		t.Errorf("empty strip: %v", got)
	}
}

func TestSwissFits(t *testing.T) {
	ok := []string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"}
	tests := []struct {
		name  string
		edit  func(l []string)
		valid bool
	}{
		{"sample", func([]string) {}, true},
		{"Liechtenstein", func(l []string) { l[1] = "FALIE" + l[1][5:] }, true},
		{"other state", func(l []string) { l[1] = "FADEU" + l[1][5:] }, false},
		{"letter in the PIN", func(l []string) { l[1] = l[1][:8] + "O" + l[1][9:] }, false},
		{"language X", func(l []string) { l[0] = "AAA001X<<" }, false},
		{"letter in the number's digits", func(l []string) { l[0] = "AAA0O1D<<" }, false},
		{"no filler after the date", func(l []string) { l[1] = l[1][:29] + "K" }, false},
		{"digit in the name", func(l []string) { l[2] = "MUSTERMANN<<3RIKA<<<<<<<<<<<<<" }, false},
		{"name starts with a filler", func(l []string) { l[2] = "<" + l[2][1:] }, false},
		{"short line", func(l []string) { l[0] = "AAA001D<" }, false},
	}
	for _, tc := range tests {
		l := slices.Clone(ok)
		tc.edit(l)
		if got := swissFits(l); got != tc.valid {
			t.Errorf("%s: swissFits(%q) = %v", tc.name, l, got)
		}
	}
	if swissFits(nil) || swissFits([]string{"", "", ""}) {
		t.Error("swissFits accepted empty lines")
	}
	for _, tc := range []struct {
		f     mrz.Format
		lines []string
		want  bool
	}{
		{mrz.FrenchDL, []string{"D1FRA13AA000026181231MARTIN<<9"}, true},
		{mrz.FrenchDL, []string{"B2FRA13AA000026181231MARTIN<<9"}, true},
		{mrz.FrenchDL, []string{"D1FRB13AA000026181231MARTIN<<9"}, false},
		{mrz.FrenchDL, []string{"DXFRA13AA000026181231MARTIN<<9"}, false},
		{mrz.FrenchDL, []string{"D1FR"}, false},
		{mrz.FrenchDL, ok, false},
		{mrz.SwissDL, ok, true},
		{mrz.SwissDL, []string{"D1FRA13AA000026181231MARTIN<<9"}, false},
		{mrz.TD1, ok, false},
	} {
		if got := licenceFits(tc.f, tc.lines); got != tc.want {
			t.Errorf("licenceFits(%v, %q) = %v", tc.f, tc.lines, got)
		}
	}
}

func TestRestrictCands(t *testing.T) {
	in := [][][]mrz.Candidate{{{{Char: 'E', P: 0.7}, {Char: 'F', P: 0.2}}, {{Char: '1', P: 1}}}}
	orig := slices.Clone(in[0][0])
	out := restrictCands(in, []fixedPos{{0, 0, "F"}, {0, 1, "DFIR"}, {3, 0, "X"}, {0, 9, "X"}})
	if !slices.Equal(in[0][0], orig) {
		t.Errorf("input changed: %v", in[0][0])
	}
	if got := out[0][0]; len(got) != 1 || got[0].Char != 'F' || got[0].P != 0.2 {
		t.Errorf("position 0: %v, want F 0.2", got)
	}
	if got := out[0][1]; len(got) != 4 || got[0].P != 1e-3 {
		t.Errorf("position 1: %v, want DFIR at 1e-3", got)
	}
}
