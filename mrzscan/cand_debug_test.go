package mrzscan

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"testing"
)

func TestDebugCands(t *testing.T) {
	name := os.Getenv("MRZSCAN_CANDS")
	var n int
	if _, err := fmt.Sscanf(os.Getenv("MRZSCAN_N"), "%d", &n); err != nil || name == "" {
		t.Skip("set MRZSCAN_CANDS=file.png MRZSCAN_N=chars per line")
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	pix, w, h := grayPixels(img)
	gray, _ := grayMat(pix, w, h)
	defer gray.Close()
	r := newTestReader(t)
	for _, bd := range locate(gray, 6)[:1] {
		s, _ := makeStrip(gray, bd)
		for _, gr := range lineGroups(s.lines())[:1] {
			rb, _ := rectify(gray, s, gr, n)
			for oi, b := range []*rectBand{rb, rb.rotate180()} {
				cells := b.segment()
				t.Logf("orientation %d probe %.3f", oi, r.probe(b, cells))
				a := r.readBand(b, cells)
				if a != nil {
					t.Logf("attempt %v %q valid %v meanLogP %.3f prob %.3f", a.format, a.lines, a.valid, a.meanLogP, a.prob)
				}
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
