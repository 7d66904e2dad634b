package docfind

import (
	"context"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/idrecog/idrecog/ocr"
)

// TestOrientDebug prints what Orient reads in DOCFIND_IMG (size
// DOCFIND_W×DOCFIND_H is not parsed: TD3) and writes the strips to /tmp
// (debugging aid).
func TestOrientDebug(t *testing.T) {
	f := os.Getenv("DOCFIND_OIMG")
	if f == "" {
		t.Skip("set DOCFIND_OIMG")
	}
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(fh)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("DOCFIND_ROT90") != "" {
		b := img.Bounds()
		r := image.NewGray(image.Rect(0, 0, b.Dy(), b.Dx()))
		gi := grayOf(img)
		for y := 0; y < gi.h; y++ {
			for x := 0; x < gi.w; x++ {
				r.Pix[x*r.Stride+(gi.h-1-y)] = gi.pix[y*gi.w+x]
			}
		}
		img = r
	}
	g, err := Find(context.Background(), img, image.Pt(1476, 1039))
	t.Logf("rotate %d quad %v", g.Rotate, g.Quad)
	if err != nil {
		t.Fatal(err)
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	doc := warpGray(grayOf(img), g.DocToImage, g.DocSize, float64(orientWidth)/float64(g.DocSize.X))
	out, _ := os.Create("/tmp/df-doc.png")
	png.Encode(out, doc)
	out.Close()
	for i, r := range textStrips(doc, orientStrips) {
		s := crop(doc, r)
		a, _ := pool.ReadRegion(context.Background(), s, "eng", "", ocr.PSMBlock)
		b, _ := pool.ReadRegion(context.Background(), rotate180(s), "eng", "", ocr.PSMBlock)
		t.Logf("strip %d %v: up %.1f %q | down %.1f %q", i, r, evidence(a), a.Value, evidence(b), b.Value)
	}
}
