package mrzscan

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"testing"
)

func TestDrawDebug(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	src := rotateImage(cases[0].img, 7)
	res, err := r.Read(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	dst := image.NewRGBA(src.Bounds())
	draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
	DrawDebug(dst, res)
	// The first cell's corner must now carry the cell colour.
	q := res.ImageCharQuads[0][0][0]
	found := false
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if dst.RGBAAt(int(q.X+0.5)+dx, int(q.Y+0.5)+dy) == debugCell {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no cell outline drawn at %v", q)
	}
	DrawDebug(dst, nil) // must not panic
	DrawDebug(nil, res)
	if p := os.Getenv("MRZSCAN_DEBUG_PNG"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, dst)
	}
	_ = color.RGBA{}
}
