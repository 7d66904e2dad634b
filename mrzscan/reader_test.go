package mrzscan

import (
	"context"
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

func noiseImage(w, h int, seed uint64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range g.Pix {
		g.Pix[i] = uint8(rng.IntN(256))
	}
	return g
}

func TestReadBadInput(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	uniform := image.NewUniform(color.Gray{Y: 128})
	tests := []struct {
		name string
		img  image.Image
	}{
		{"nil", nil},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"tiny", image.NewGray(image.Rect(0, 0, 3, 3))},
		{"thin", image.NewGray(image.Rect(0, 0, 4000, 40))},
		{"tall", image.NewGray(image.Rect(0, 0, 40, 4000))},
		{"black", image.NewGray(image.Rect(0, 0, 640, 480))},
		{"uniform (infinite bounds)", uniform},
		{"noise", noiseImage(800, 600, 1)},
		{"offset bounds", noiseImage(400, 300, 2).SubImage(image.Rect(100, 100, 380, 290))},
		{"rgba", image.NewRGBA(image.Rect(0, 0, 300, 200))},
		{"paletted", image.NewPaletted(image.Rect(0, 0, 300, 200), color.Palette{color.Black, color.White})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := r.Read(context.Background(), tc.img)
			if !errors.Is(err, ErrNoMRZ) {
				t.Errorf("err = %v, want ErrNoMRZ", err)
			}
			if res != nil {
				t.Errorf("result %v alongside an error", res)
			}
		})
	}
}

func TestReadCancelled(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := r.Read(ctx, cases[0].img)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled: %v, %v; want nil, context.Canceled", res, err)
	}
}

// TestReadConcurrent reads from several goroutines with one Reader (run
// with -race).
func TestReadConcurrent(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	done := make(chan error)
	for _, c := range cases[:2] {
		for k := 0; k < 2; k++ {
			go func() {
				res, err := r.Read(context.Background(), c.img)
				if err == nil && strings.Join(res.Lines, "\n") != strings.Join(c.MRZ, "\n") {
					err = errors.New("misread " + c.File)
				}
				done <- err
			}()
		}
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestResultGeometry checks the document geometry of an upright read: the
// canonical cell quads of the first line start at the ICAO left margin and
// DocToImage maps them back onto the cells found in the image.
func TestResultGeometry(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	for _, c := range cases {
		res, err := r.Read(context.Background(), c.img)
		if err != nil {
			t.Fatalf("%s: %v", c.File, err)
		}
		g := geoms[res.Format]
		if res.DocSize != g.size() {
			t.Errorf("%s: DocSize %v, want %v", c.File, res.DocSize, g.size())
		}
		if len(res.CharQuads) != len(res.Lines) || len(res.CharQuads[0]) != len(res.Lines[0]) {
			t.Fatalf("%s: CharQuads shape %d lines", c.File, len(res.CharQuads))
		}
		first := res.CharQuads[0][0].Center()
		wantX, wantY := g.cellCentre(0, 0)
		if math.Abs(first.X-wantX) > 0.5*g.pitch*dpmm || math.Abs(first.Y-wantY) > 0.5*g.pitch*dpmm {
			t.Errorf("%s: first cell centre %v, want near (%.0f, %.0f)", c.File, first, wantX, wantY)
		}
		back := res.DocToImage.Apply(first)
		if img := res.ImageCharQuads[0][0].Center(); back.Dist(img) > 1 {
			t.Errorf("%s: DocToImage maps the first cell to %v, found at %v", c.File, back, img)
		}
		if res.Rotate != 0 {
			t.Errorf("%s: Rotate %d, want 0", c.File, res.Rotate)
		}
		// The document's top-left corner must lie left of and above the MRZ.
		tl := res.DocToImage.Apply(geometry.Pt(0, 0))
		if q := res.LineQuads[0]; tl.X > q[0].X || tl.Y > q[0].Y {
			t.Errorf("%s: document corner %v not above-left of the MRZ %v", c.File, tl, q[0])
		}
	}
}

// TestRegularGrids checks the alternative cuts of a line whose boundaries
// drifted (two cells squeezed, one stretched): the fitted grid is regular and
// spans the same line, the nominal grid starts at the band's margin, and
// every cell keeps its vertical centre.
func TestRegularGrids(t *testing.T) {
	const n = 10
	p := int(rectPitch)
	x0 := int(rectMargin) + 3
	var row []image.Rectangle
	x := x0
	for i := 0; i < n; i++ {
		w := p
		switch i {
		case 3, 4:
			w = p - 4 // squeezed
		case 5:
			w = p + 8 // stretched
		}
		yc := 40 + i%2 // a slightly bent line
		row = append(row, image.Rect(x, yc-16, x+w, yc+16))
		x += w
	}
	tests := []struct {
		name  string
		cells [][]image.Rectangle
		want  int // number of alternative cuts
	}{
		{"two lines", [][]image.Rectangle{row, row}, 2},
		{"one cell", [][]image.Rectangle{row[:1]}, 0},
		{"pitch far off", [][]image.Rectangle{{image.Rect(0, 0, 2, 32), image.Rect(2, 0, 4, 32), image.Rect(4, 0, 6, 32)}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			grids := regularGrids(tc.cells)
			if len(grids) != tc.want {
				t.Fatalf("got %d grids, want %d", len(grids), tc.want)
			}
			for gi, g := range grids {
				for k, line := range g {
					if len(line) != len(tc.cells[k]) {
						t.Fatalf("grid %d line %d: %d cells, want %d", gi, k, len(line), len(tc.cells[k]))
					}
					for i, c := range line {
						if d := c.Dx(); d < p-1 || d > p+1 {
							t.Errorf("grid %d cell %d: width %d, want %d±1", gi, i, d, p)
						}
						if i > 0 && c.Min.X != line[i-1].Max.X {
							t.Errorf("grid %d cell %d: starts at %d, previous ends at %d", gi, i, c.Min.X, line[i-1].Max.X)
						}
						old := tc.cells[k][i]
						if yc, want := c.Min.Y+c.Max.Y, old.Min.Y+old.Max.Y; yc < want-1 || yc > want+1 {
							t.Errorf("grid %d cell %d: centre %d/2, want %d/2", gi, i, yc, want)
						}
					}
				}
			}
			if len(grids) == 2 {
				if got := grids[1][0][0].Min.X; got != int(rectMargin) {
					t.Errorf("nominal grid starts at %d, want %d", got, int(rectMargin))
				}
				line := grids[0][0]
				if d := line[0].Min.X - x0; d < -2 || d > 2 {
					t.Errorf("fitted grid starts at %d, want near %d", line[0].Min.X, x0)
				}
				if d := line[n-1].Max.X - x; d < -2 || d > 2 {
					t.Errorf("fitted grid ends at %d, want near %d", line[n-1].Max.X, x)
				}
			}
		})
	}
}

// recordingClassifier answers every cell with one candidate of probability
// p and records the cells it was shown.
type recordingClassifier struct {
	p     float64
	cells []image.Rectangle
}

func (c *recordingClassifier) Classify(cell *image.Gray) []mrz.Candidate {
	c.cells = append(c.cells, cell.Rect)
	return []mrz.Candidate{{Char: 'A', P: c.p}, {Char: '4', P: 1 - c.p}}
}

// TestClassifyCellViews checks which views of a cell are classified: the
// three horizontal shifts always, the four extra views only when the
// averaged reading is doubtful, never a view cut off by the band's edge.
func TestClassifyCellViews(t *testing.T) {
	band := image.NewGray(image.Rect(0, 0, 200, 60))
	mid := image.Rect(90, 14, 110, 46)
	tests := []struct {
		name  string
		p     float64
		cell  image.Rectangle
		views int
	}{
		{"sure", 0.95, mid, len(cellShifts)},
		{"doubtful", 0.6, mid, len(cellShifts) + len(doubtCells)},
		{"at the left edge, sure", 0.95, image.Rect(-2, 14, 18, 46), len(cellShifts)},
		{"mostly off the left edge", 0.95, image.Rect(-6, 14, 14, 46), len(cellShifts) - 2},
		{"outside the band", 0.6, image.Rect(300, 14, 320, 46), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cls := &recordingClassifier{p: tc.p}
			r := &Reader{cls: cls}
			cands := r.classifyCell(band, tc.cell)
			if len(cls.cells) != tc.views {
				t.Errorf("%d views classified (%v), want %d", len(cls.cells), cls.cells, tc.views)
			}
			for _, c := range cls.cells {
				if !c.In(band.Rect) {
					t.Errorf("view %v outside the band %v", c, band.Rect)
				}
			}
			if len(cands) == 0 || cands[0].Char != 'A' || math.Abs(cands[0].P-tc.p) > 1e-9 {
				t.Errorf("candidates %v, want A with P %.2f first", cands, tc.p)
			}
		})
	}
}

// TestScore checks how a valid reading's score follows its doubts: the
// decoder's share and the weakest character drive it, and a reading with
// two fitting formats (cut) or read differently by two cuts of the band
// (disputed) is flagged and never scores above maxCutScore.
func TestScore(t *testing.T) {
	tests := []struct {
		name      string
		a         attempt
		want      int
		ambiguous bool
	}{
		{"sure", attempt{valid: true, prob: 1, minP: 0.95}, 95, false},
		{"weak character", attempt{valid: true, prob: 1, minP: 0.4}, 40, true},
		{"two readings", attempt{valid: true, prob: 0.6, minP: 1}, 60, true},
		{"cut short", attempt{valid: true, prob: 1, minP: 1, cut: true}, maxCutScore, true},
		{"disputed", attempt{valid: true, prob: 1, minP: 0.99, disputed: true}, maxCutScore, true},
		{"disputed, weaker still", attempt{valid: true, prob: 1, minP: 0.3, disputed: true}, 30, true},
		{"invalid", attempt{meanLogP: 0}, 30, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, amb := score(&tc.a)
			if got != tc.want || amb != tc.ambiguous {
				t.Errorf("score = %d, ambiguous %v; want %d, %v", got, amb, tc.want, tc.ambiguous)
			}
		})
	}
}

func TestIllegible(t *testing.T) {
	for _, tc := range []struct {
		meanLogP float64
		want     bool
	}{
		{0, false},
		{-0.5, false},
		{-1.05, false},
		{-1.15, true},
		{-1.9, true},
		{math.Inf(-1), true},
	} {
		if got := illegible(tc.meanLogP); got != tc.want {
			t.Errorf("illegible(%v) = %v, want %v", tc.meanLogP, got, tc.want)
		}
	}
}
