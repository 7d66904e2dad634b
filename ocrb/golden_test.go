package ocrb_test

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/ocrb/internal/gen"
)

var update = flag.Bool("update", false, "regenerate testdata/cells from the OCR-B font")

// cellName is the golden file of class c: the character's index and the
// character itself ('<' spelled "lt").
func cellName(c int) string {
	ch := string(ocrb.Alphabet[c])
	if ch == "<" {
		ch = "lt"
	}
	return fmt.Sprintf("%02d-%s.png", c, ch)
}

// TestGoldenCells classifies committed, rendered cells (one per class,
// moderately degraded, seed 31337), so the model is checked even where the
// OCR-B font is not installed. Regenerate with -update.
func TestGoldenCells(t *testing.T) {
	dir := filepath.Join("testdata", "cells")
	if *update {
		g := gen.NewGenerator(glyphs(t), gen.Held, 31337)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for c := 0; c < ocrb.NumClasses; c++ {
			f, err := os.Create(filepath.Join(dir, cellName(c)))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, g.Cell(c)); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	m := model(t)
	ok1, ok2 := 0, 0
	for c := 0; c < ocrb.NumClasses; c++ {
		cell := readCell(t, filepath.Join(dir, cellName(c)))
		cands := m.Classify(cell)
		switch want := ocrb.Alphabet[c]; {
		case cands[0].Char == want:
			ok1++
			ok2++
		case cands[1].Char == want:
			ok2++
			t.Logf("%s: read %q (%.2f), truth second (%.2f)", cellName(c), cands[0].Char, cands[0].P, cands[1].P)
		default:
			t.Errorf("%s: read %v", cellName(c), cands)
		}
	}
	if ok1 < ocrb.NumClasses-2 {
		t.Errorf("top-1 %d/%d golden cells", ok1, ocrb.NumClasses)
	}
}

func readCell(t testing.TB, path string) *image.Gray {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := im.(*image.Gray)
	if !ok {
		t.Fatalf("%s: %T, want *image.Gray", path, im)
	}
	return g
}

func ExampleModel_Classify() {
	f, err := os.Open("testdata/cells/21-L.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	cands := ocrb.Default().Classify(im.(*image.Gray))
	fmt.Printf("%c, %d candidates\n", cands[0].Char, len(cands))
	// Output: L, 5 candidates
}

func FuzzClassify(f *testing.F) {
	f.Add(uint8(20), uint8(32), []byte(strings.Repeat("\x10\xf0", 320)))
	f.Add(uint8(1), uint8(1), []byte{0})
	f.Add(uint8(0), uint8(5), []byte{})
	m := ocrb.Default()
	f.Fuzz(func(t *testing.T, w, h uint8, pix []byte) {
		g := &image.Gray{Pix: pix, Stride: int(w), Rect: image.Rect(0, 0, int(w), int(h))}
		cands := m.Classify(g)
		if len(cands) != ocrb.MaxCandidates {
			t.Fatalf("%d candidates", len(cands))
		}
		for _, c := range cands {
			if c.P < 0 || c.P > 1 || c.P != c.P {
				t.Fatalf("bad probability %v", cands)
			}
		}
	})
}
