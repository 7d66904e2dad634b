package mrzscan

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"github.com/idrecog/idrecog/synth"
)

func TestDebugCands(t *testing.T) {
	var idx int
	var lvl string
	if n, _ := fmt.Sscanf(os.Getenv("MRZSCAN_CANDS"), "%d:%s", &idx, &lvl); n != 2 {
		t.Skip("set MRZSCAN_CANDS=i:level")
	}
	g, _ := synth.NewGenerator(synth.Options{Seed: 1, Level: synth.Level(lvl)})
	doc, _ := g.Generate(idx)
	data := doc.Front
	if doc.Truth.MRZSide == "back" {
		data = doc.Back
	}
	img, _ := jpeg.Decode(bytes.NewReader(data))
	pix, w, h := grayPixels(img)
	gray, _ := grayMat(pix, w, h)
	defer gray.Close()
	r := newTestReader(t)
	for _, bd := range locate(gray, 6)[:1] {
		s, _ := makeStrip(gray, bd)
		for _, gr := range lineGroups(s.lines())[:1] {
			n := len(doc.Truth.MRZ[0])
			rb, _ := rectify(gray, s, gr, n)
			for oi, b := range []*rectBand{rb, rb.rotate180()} {
				cells := b.segment()
				t.Logf("orientation %d probe %.3f", oi, r.probe(b, cells))
				for k, row := range cells {
					line := ""
					for i, c := range row {
						cs := r.cls.Classify(b.gray.SubImage(c).(*image.Gray))
						line += fmt.Sprintf(" %c%.2f", cs[0].Char, cs[0].P)
						if oi == 1 && k == 0 && i >= n-6 {
							f, _ := os.Create(fmt.Sprintf("/tmp/cell%d.png", i))
							png.Encode(f, b.gray.SubImage(c))
							f.Close()
						}
					}
					t.Log(line)
				}
			}
		}
	}
}
