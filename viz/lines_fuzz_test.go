package viz

import (
	"image"
	"testing"
)

// FuzzFindLines feeds arbitrary grey images (width from the first byte) to
// the line finder, the cut of bilingual captions and the binariser: no
// panic, every line lies in the image, and a cut line's parts in it.
func FuzzFindLines(f *testing.F) {
	f.Add([]byte{8, 0, 255, 0, 255, 0, 255, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80})
	f.Add(make([]byte, 200))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		w := int(data[0])%64 + 1
		pix := data[1:]
		h := len(pix) / w
		if h == 0 {
			return
		}
		g := &image.Gray{Pix: pix[:w*h], Stride: w, Rect: image.Rect(5, 7, 5+w, 7+h)}
		ls := findLines(g, 1, 64)
		hv := valueHeight(ls)
		for _, l := range ls {
			if !l.box.In(g.Rect) || l.h <= 0 {
				t.Fatalf("line %+v outside %v", l, g.Rect)
			}
			isCaptionLine(l, hv)
			if head, whole, rest, ok := cutSecondLanguage(l); ok {
				if !head.box.In(whole.box) || !whole.box.In(l.box) || rest.n > 0 && !rest.box.In(l.box) {
					t.Fatalf("cut %v: head %v whole %v rest %v", l.box, head.box, whole.box, rest.box)
				}
			}
		}
		b := binarize(g, 3)
		if b.Rect != g.Rect {
			t.Fatalf("binarize changed the rectangle: %v", b.Rect)
		}
		whiten(b, image.Rect(6, 8, 7, 9))
	})
}
