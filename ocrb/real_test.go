package ocrb_test

import (
	"encoding/json"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/idrecog/idrecog/ocrb"
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
	m := ocrb.Default()
	for _, rc := range realSet {
		t.Run(rc.file, func(t *testing.T) {
			want := lines[rc.file]
			if len(want) != len(rc.lineY) {
				t.Fatalf("truth has %d lines, grid %d", len(want), len(rc.lineY))
			}
			img := loadGray(t, filepath.Join(dir, rc.file))
			n, ok1, ok2 := 0, 0, 0
			for li, y := range rc.lineY {
				got := make([]byte, len(want[li]))
				for i := range want[li] {
					cx := rc.x0 + float64(i)*rc.pitch
					r := image.Rect(int(math.Round(cx-rc.pitch/2)), int(math.Round(y-0.8*rc.pitch)),
						int(math.Round(cx+rc.pitch/2)), int(math.Round(y+0.8*rc.pitch)))
					cands := m.Classify(img.SubImage(r).(*image.Gray))
					got[i] = cands[0].Char
					n++
					if cands[0].Char == want[li][i] {
						ok1++
					}
					if cands[0].Char == want[li][i] || cands[1].Char == want[li][i] {
						ok2++
					}
				}
				t.Logf("line %d read %s", li, got)
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
