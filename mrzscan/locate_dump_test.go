package mrzscan

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"testing"

	"gocv.io/x/gocv"
)

// TestLocateDump writes locate's closed binary image per pyramid level of
// the image MRZSCAN_LOCDUMP to MRZSCAN_LOCDUMP_OUT (default /tmp) as
// locbin<level>.png (a development aid, skipped otherwise).
func TestLocateDump(t *testing.T) {
	name := os.Getenv("MRZSCAN_LOCDUMP")
	if name == "" {
		t.Skip("set MRZSCAN_LOCDUMP=image.png")
	}
	out := os.Getenv("MRZSCAN_LOCDUMP_OUT")
	if out == "" {
		out = "/tmp"
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	pix, w, h := grayPixels(img)
	gray, _ := grayMat(pix, w, h)
	defer gray.Close()
	for si, lv := range append(append([]pyramidLevel(nil), locateLevels...), locateLevelsAlt...) {
		s := math.Min(1, float64(lv.longSide)/float64(max(w, h)))
		small := gocv.NewMat()
		gocv.Resize(gray, &small, image.Pt(int(math.Round(float64(w)*s)), int(math.Round(float64(h)*s))), 0, 0, gocv.InterpolationArea)
		bin := gocv.NewMat()
		locateBinary(small, &bin, lv.pitch)
		cs := gocv.FindContours(bin, gocv.RetrievalList, gocv.ChainApproxNone)
		for i := 0; i < cs.Size(); i++ {
			pv := cs.At(i)
			bb := gocv.BoundingRect(pv)
			if max(bb.Dx(), bb.Dy()) < 40 {
				continue
			}
			b, ok := blobOf(pv.ToPoints(), lv.pitch, 0)
			t.Logf("level %d contour bb %v blob ok=%v l=%.0f t=%.1f aspect=%.1f area=%.2f", si, bb, ok, b.l, b.t, b.l/b.t, gocv.ContourArea(pv)/(b.l*b.t))
		}
		cs.Close()
		g := matGray(bin)
		fo, _ := os.Create(fmt.Sprintf("%s/locbin%d.png", out, si))
		png.Encode(fo, g)
		fo.Close()
		bin.Close()
		small.Close()
	}
	r := newTestReader(t)
	i := 0
	for bd := range locateAll(gray, 6, func() bool { return true }) {
		i++
		t.Logf("band %d: c=%.0f,%.0f u=%.3f,%.3f len=%.0f thick=%.0f lineT=%.1f blobs=%d", i, bd.c.X, bd.c.Y, bd.u.X, bd.u.Y, bd.length, bd.thick, bd.lineThick, bd.blobs)
		s, err := makeStrip(gray, bd)
		if err != nil {
			continue
		}
		writePNG(fmt.Sprintf("%s/strip%d.png", out, i), s.w, s.h, s.ink, 3)
		if s0, err := warpStrip(gray, bd); err == nil {
			t.Logf("   slant before %.3f, after %.3f", s0.slant(), s.slant())
		}
		ls := s.lines()
		for _, l := range ls {
			t.Logf("   line y %d-%d x %.0f-%.0f a=%.1f b=%.4f capH=%.1f pitch=%.1f", l.y0, l.y1, l.xl, l.xr, l.a, l.b, l.capH, s.pitchEstimate(l))
		}
		for _, g := range lineGroups(ls) {
			for _, n := range lengthsFor(s, g) {
				rb, err := rectify(gray, s, g, n)
				if err != nil {
					continue
				}
				a := r.readBand(rb, rb.segment())
				b := r.readBand(rb.rotate180(), rb.rotate180().segment())
				for _, x := range []*attempt{a, b} {
					if x != nil {
						t.Logf("   group %d lines n=%d: %q valid %v rank %.2f", len(g), n, x.lines, x.valid, x.rank())
					}
				}
			}
		}
	}
}
