package ocrb_test

import (
	"encoding/json"
	"github.com/idrecog/idrecog/ocrb"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// devDir finds ../shared/datasets/dev relative to the module root.
func devDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "datasets", "dev")
	if _, err := os.Stat(filepath.Join(d, "truth.json")); err != nil {
		t.Skipf("dev set absent: %v", err)
	}
	return d
}

// realMRZ is a dev-set image whose MRZ character grid was located by hand
// (ink projection profiles): the centre of the first cell, the pitch and the
// vertical centre of every line, in image pixels. Evaluation only: the dev
// set is never used for training.
type realMRZ struct {
	file       string
	x0, pitch  float64
	lineY      []float64
	minCharAcc float64
}

var realSet = []realMRZ{
	{file: "utopia-passport-td3.jpg", x0: 128.9, pitch: 24.08, lineY: []float64{684, 739.5}, minCharAcc: 0.95},
	{file: "utopia-travel-document-td2.jpg", x0: 136.5, pitch: 29.2, lineY: []float64{780.5, 840.5}, minCharAcc: 0.95},
	{file: "fra-national-id-card.jpg", x0: 92.3, pitch: 24.67, lineY: []float64{578, 641.5}, minCharAcc: 0.95},
	{file: "est-passport-td3.jpg", x0: 34.56, pitch: 14.43, lineY: []float64{412.5, 448.5}, minCharAcc: 0.95},
}

func loadGray(t *testing.T, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := jpeg.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(im.Bounds())
	draw.Draw(g, g.Bounds(), im, im.Bounds().Min, draw.Src)
	return g
}

func TestRealCrops(t *testing.T) {
	dir := devDir(t)
	lines := truthLines(t, dir)
	m := model(t)
	for _, rc := range realSet {
		t.Run(rc.file, func(t *testing.T) {
			want := lines[rc.file]
			if len(want) != len(rc.lineY) {
				t.Fatalf("truth has %d lines, grid %d", len(want), len(rc.lineY))
			}
			img := loadGray(t, filepath.Join(dir, rc.file))
			got, ok1, ok2, n := readGrid(m, img, rc, want, 0, 0, 1)
			for li := range want {
				t.Logf("line %d read %s", li, got[li])
				t.Logf("       want %s", want[li])
			}
			acc := float64(ok1) / float64(n)
			t.Logf("%s: top-1 %d/%d (%.3f), top-2 %d/%d", rc.file, ok1, n, acc, ok2, n)
			if acc < rc.minCharAcc {
				t.Errorf("top-1 character accuracy %.3f, want ≥ %.2f", acc, rc.minCharAcc)
			}
		})
	}
}

// readGrid classifies every cell of rc's grid, moved by (dx, dy) pitches and
// with the crop scaled by scale, the way a slightly misaligned MRZ reader
// would cut it.
func readGrid(m *ocrb.Model, img *image.Gray, rc realMRZ, want []string, dx, dy, scale float64) (got []string, ok1, ok2, n int) {
	for li, y := range rc.lineY {
		line := make([]byte, len(want[li]))
		for i := range want[li] {
			cx := rc.x0 + (float64(i)+dx)*rc.pitch
			cy := y + dy*rc.pitch
			hw, hh := scale*rc.pitch/2, scale*0.8*rc.pitch
			r := image.Rect(int(math.Round(cx-hw)), int(math.Round(cy-hh)),
				int(math.Round(cx+hw)), int(math.Round(cy+hh)))
			cands := m.Classify(img.SubImage(r).(*image.Gray))
			line[i] = cands[0].Char
			n++
			if cands[0].Char == want[li][i] {
				ok1++
			}
			if cands[0].Char == want[li][i] || cands[1].Char == want[li][i] {
				ok2++
			}
		}
		got = append(got, string(line))
	}
	return got, ok1, ok2, n
}

// TestRealCropsMisaligned moves and scales the hand-found grids by up to 15%
// of the pitch: the reader's cell cuts are never exact.
func TestRealCropsMisaligned(t *testing.T) {
	dir := devDir(t)
	lines := truthLines(t, dir)
	m := model(t)
	moves := []struct{ dx, dy, scale float64 }{
		{0.15, 0, 1}, {-0.15, 0, 1}, {0, 0.15, 1}, {0, -0.15, 1},
		{0, 0, 0.85}, {0, 0, 1.15}, {0.1, -0.1, 1.1}, {-0.1, 0.1, 0.9},
	}
	var ok1, ok2, n int
	for _, rc := range realSet {
		img := loadGray(t, filepath.Join(dir, rc.file))
		for _, mv := range moves {
			_, a, b, c := readGrid(m, img, rc, lines[rc.file], mv.dx, mv.dy, mv.scale)
			ok1, ok2, n = ok1+a, ok2+b, n+c
			if float64(a)/float64(c) < 0.9 {
				t.Errorf("%s moved %+v: top-1 %d/%d", rc.file, mv, a, c)
			}
		}
	}
	t.Logf("misaligned real cells: top-1 %d/%d (%.3f), top-2 %d/%d (%.3f)", ok1, n, float64(ok1)/float64(n), ok2, n, float64(ok2)/float64(n))
	if float64(ok2)/float64(n) < 0.98 {
		t.Errorf("top-2 accuracy on misaligned real cells %.3f, want ≥ 0.98", float64(ok2)/float64(n))
	}
}

func truthLines(t *testing.T, dir string) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth []struct {
		File string   `json:"file"`
		MRZ  []string `json:"mrz"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	lines := map[string][]string{}
	for _, e := range truth {
		lines[e.File] = e.MRZ
	}
	return lines
}
