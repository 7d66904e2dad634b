package docfind_test

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/geometry"
)

// TestDebugDraw writes, for the corpus in DOCFIND_DIR and the comma-separated
// names in DOCFIND_DRAW, a PNG per photo into DOCFIND_OUT with the true quad
// in green and the found one in red (its top edge in blue).
func TestDebugDraw(t *testing.T) {
	dir, names, out := os.Getenv("DOCFIND_DIR"), os.Getenv("DOCFIND_DRAW"), os.Getenv("DOCFIND_OUT")
	if dir == "" || names == "" || out == "" {
		t.Skip("set DOCFIND_DIR, DOCFIND_DRAW and DOCFIND_OUT")
	}
	want := map[string]bool{}
	for _, n := range strings.Split(names, ",") {
		want[n] = true
	}
	for _, v := range fromDir(t, dir) {
		if !want[v.name] {
			continue
		}
		rgba := image.NewRGBA(v.img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), v.img, v.img.Bounds().Min, draw.Src)
		drawQuad(rgba, v.quad, color.RGBA{0, 255, 0, 255}, color.RGBA{0, 255, 0, 255})
		g, err := docfind.Find(context.Background(), v.img, v.size)
		if err == nil {
			drawQuad(rgba, g.Quad, color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255})
			t.Logf("%s: score %.2f rotate %d (truth %d) IoU %.3f", v.name, g.Score, g.Rotate, v.rotate, geometry.IoU(g.Quad, v.quad))
		} else {
			t.Logf("%s: %v", v.name, err)
		}
		f, err := os.Create(filepath.Join(out, v.name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, rgba)
		f.Close()
	}
}

func drawQuad(img *image.RGBA, q geometry.Quad, c, top color.RGBA) {
	for i := 0; i < 4; i++ {
		a, b := q[i], q[(i+1)%4]
		col := c
		if i == 0 {
			col = top
		}
		n := int(a.Dist(b)) + 1
		for k := 0; k <= n; k++ {
			p := a.Add(b.Sub(a).Mul(float64(k) / float64(n)))
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					img.Set(int(p.X)+dx, int(p.Y)+dy, col)
				}
			}
		}
	}
}
