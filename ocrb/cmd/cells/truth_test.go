package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/synth"
)

// TestTruthCells cuts the MRZ cells of clean synthetic photos along the true
// geometry and checks they are the right characters: the classifier reads
// nearly all of them, which it cannot if the cut is off by a cell or
// upside down.
func TestTruthCells(t *testing.T) {
	g, err := synth.NewGenerator(synth.Options{Seed: 7, Level: synth.Level("photo")})
	if err != nil {
		t.Fatal(err)
	}
	m := ocrb.Default()
	var n, right int
	for i := 0; i < 4; i++ {
		doc, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Truth.MRZ) == 0 {
			continue
		}
		data := doc.Front
		if doc.Truth.MRZSide == "back" {
			data = doc.Back
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, l := range doc.Truth.MRZ {
			want += len(l)
		}
		got := 0
		truthCells(img, &doc.Truth, 0.1, rand.New(rand.NewPCG(1, uint64(i))), m, 0.5, i%2 == 0, func(label byte, c *image.Gray) {
			if c.Rect.Dx() != truthPitch || c.Rect.Dy() != 32 {
				t.Fatalf("cell %v, want %d×32", c.Rect, truthPitch)
			}
			got++
			n++
			if m.Classify(c)[0].Char == label {
				right++
			}
		})
		if got != want {
			t.Errorf("document %d: %d cells, want %d", i, got, want)
		}
	}
	if n == 0 || float64(right) < 0.97*float64(n) {
		t.Errorf("%d of %d truth cells read right, want ≥ 97 %%", right, n)
	}
}

func TestSampleGray(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2, 1))
	g.Pix[0], g.Pix[1] = 0, 100
	for _, tc := range []struct{ x, y, want float64 }{
		{0.5, 0.5, 0}, {1.5, 0.5, 100}, {1, 0.5, 50}, {-5, -5, 0}, {9, 9, 100},
	} {
		if got := sampleGray(g, tc.x, tc.y); got != tc.want {
			t.Errorf("sampleGray(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}
