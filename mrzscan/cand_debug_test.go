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
						if oi == 0 && k == 1 && i >= n-6 {
							sub := b.gray.SubImage(c).(*image.Gray)
							cp := image.NewGray(image.Rect(0, 0, c.Dx(), c.Dy()))
							for y := 0; y < c.Dy(); y++ {
								copy(cp.Pix[y*cp.Stride:], sub.Pix[y*sub.Stride:y*sub.Stride+c.Dx()])
							}
							t.Logf("cell %d %v: sub %v copy %v", i, c, r.cls.Classify(sub)[:2], r.cls.Classify(cp)[:2])
							for _, d := range []image.Rectangle{c.Inset(-1), c.Add(image.Pt(1, 0)), c.Add(image.Pt(-1, 0)), c.Add(image.Pt(0, 1)), c.Add(image.Pt(0, -1)), image.Rect(c.Min.X, c.Min.Y, c.Max.X+1, c.Max.Y)} {
								t.Logf("   %v: %v", d, r.cls.Classify(b.gray.SubImage(d).(*image.Gray))[:1])
							}
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
