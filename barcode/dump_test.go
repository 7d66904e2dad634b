package barcode

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand"
	"os"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

func drawQuad(m *image.RGBA, q geometry.Quad, c color.RGBA) {
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		for t := 0.0; t <= 1; t += 0.001 {
			p := a.Mul(1 - t).Add(b.Mul(t))
			for d := -1; d <= 1; d++ {
				m.Set(int(p.X)+d, int(p.Y), c)
			}
		}
	}
}

func TestDump(t *testing.T) {
	if os.Getenv("BARCODE_DUMP") == "" {
		t.Skip("debug")
	}
	ci, want := 1, 6
	r := rand.New(rand.NewSource(int64(100 + ci)))
	for i := 0; ; i++ {
		data := testPayload(r)
		sym, _ := EncodePDF417(data, &EncodeOptions{Module: 1, Margin: 1, ECCLevel: 3})
		card, symQuad := cardBack(sym, r)
		photo, H := photograph(card, conditions[ci], r)
		if i < want {
			continue
		}
		syms, err := DecodePDF417(photo)
		t.Log(err)
		g := toGray(photo)
		m := image.NewRGBA(g.Bounds())
		draw.Draw(m, m.Bounds(), g, image.Point{}, draw.Src)
		drawQuad(m, H.ApplyQuad(symQuad), color.RGBA{0, 255, 0, 255})
		for _, rg := range locate(g) {
			drawQuad(m, rg.Quad, color.RGBA{0, 0, 255, 255})
		}
		if len(syms) > 0 {
			drawQuad(m, syms[0].Corners, color.RGBA{255, 0, 0, 255})
		}
		f, _ := os.Create("/tmp/h1-dump.png")
		png.Encode(f, m)
		f.Close()
		return
	}
}
