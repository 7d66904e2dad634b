package mrzscan

import (
	"context"
	"strings"

	"fmt"
	"image"
	"image/png"
	"os"
	"testing"
)

func writePNG(path string, w, h int, pix []byte, scale int) {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range pix {
		g.Pix[i] = byte(min(255, int(v)*scale))
	}
	f, _ := os.Create(path)
	png.Encode(f, g)
	f.Close()
}

// TestDebugDump writes the intermediate images of one dev file to /tmp when
// MRZSCAN_DEBUG names the file (a development aid, skipped otherwise).
func TestDebugDump(t *testing.T) {
	name := os.Getenv("MRZSCAN_DEBUG")
	if name == "" {
		t.Skip("set MRZSCAN_DEBUG=<dev file>")
	}
	var rot float64
	fmt.Sscan(os.Getenv("MRZSCAN_ROT"), &rot)
	var imgs []image.Image
	if strings.HasSuffix(name, ".png") || strings.HasSuffix(name, ".jpg") {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
	} else {
		for _, c := range devSet(t) {
			if c.File == name {
				imgs = append(imgs, rotateImage(c.img, rot))
			}
		}
	}
	r := newTestReader(t)
	for _, img := range imgs {
		res, err := r.Read(context.Background(), img)
		if err != nil {
			t.Logf("Read: %v", err)
		} else {
			t.Logf("Read: %v %q score %d valid %v amb %v rotate %d", res.Format, res.Lines, res.Score, res.Valid, res.Ambiguous, res.Rotate)
		}
		f, _ := os.Create("/tmp/input.png")
		png.Encode(f, img)
		f.Close()
		pix, w, h := grayPixels(img)
		gray, _ := grayMat(pix, w, h)
		defer gray.Close()
		bands := locate(gray, 6)
		for bi, bd := range bands {
			t.Logf("band %d: c=%.0f,%.0f u=%.3f,%.3f len=%.0f thick=%.0f lineT=%.1f blobs=%d", bi, bd.c.X, bd.c.Y, bd.u.X, bd.u.Y, bd.length, bd.thick, bd.lineThick, bd.blobs)
			s, err := makeStrip(gray, bd)
			if err != nil {
				t.Log(err)
				continue
			}
			writePNG(fmt.Sprintf("/tmp/strip%d.png", bi), s.w, s.h, s.ink, 3)
			ls := s.lines()
			for _, l := range ls {
				t.Logf("   line y %d-%d x %.0f-%.0f a=%.1f b=%.4f pitch=%.1f", l.y0, l.y1, l.xl, l.xr, l.a, l.b, s.pitchEstimate(l))
			}
			for gi, g := range lineGroups(ls) {
				for _, n := range lengthsFor(s, g) {
					rb, err := rectify(gray, s, g, n)
					if err != nil {
						continue
					}
					path := fmt.Sprintf("/tmp/rect%d_%d_%d.png", bi, gi, n)
					writePNG(path, rb.w, rb.h, rb.gray.Pix, 1)
					for oi, b := range []*rectBand{rb, rb.rotate180()} {
						cells := b.segment()
						g := image.NewGray(b.gray.Rect)
						copy(g.Pix, b.gray.Pix)
						for _, row := range cells {
							for _, c := range row {
								for y := c.Min.Y; y < c.Max.Y; y++ {
									g.Pix[y*g.Stride+c.Min.X] = 0
								}
							}
						}
						f, _ := os.Create(fmt.Sprintf("/tmp/cells%d_%d_%d_%d.png", bi, gi, n, oi))
						png.Encode(f, g)
						f.Close()
					}
					t.Logf("   group %d n=%d -> %s", gi, n, path)
				}
			}
		}
	}
}
