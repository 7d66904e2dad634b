package docfind_test

import (
	"context"
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/geometry"
)

// drawCard paints a light card with dark text-like bars at quad q on a
// dark background, by mapping every pixel back to the canonical card.
func drawCard(w, h int, size image.Point, q geometry.Quad) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	toDoc, err := geometry.FromQuads(q, geometry.RectQuad(image.Rectangle{Max: size}))
	if err != nil {
		panic(err)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := toDoc.Apply(geometry.Pt(float64(x)+0.5, float64(y)+0.5))
			c := color.RGBA{50, 70, 60, 255}
			if p.X >= 0 && p.Y >= 0 && p.X < float64(size.X) && p.Y < float64(size.Y) {
				c = color.RGBA{235, 230, 215, 255}
				// "Text" in the upper half only, so up and down differ.
				if row := int(p.Y) / 40; row%2 == 1 && p.Y < float64(size.Y)/2 && p.X > 80 && p.X < float64(size.X)-200 {
					c = color.RGBA{30, 30, 30, 255}
				}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func quad(c ...float64) geometry.Quad {
	return geometry.Quad{geometry.Pt(c[0], c[1]), geometry.Pt(c[2], c[3]), geometry.Pt(c[4], c[5]), geometry.Pt(c[6], c[7])}
}

func TestFindDrawn(t *testing.T) {
	size := image.Pt(1011, 638)
	for _, c := range []struct {
		name   string
		q      geometry.Quad
		rotate int // or rotate+180: Find alone knows the axis only
	}{
		{"upright", quad(100, 120, 700, 120, 700, 499, 100, 499), 0},
		{"tilted", quad(130, 180, 650, 90, 720, 420, 190, 520), 0},
		{"quarter turn", quad(560, 80, 560, 700, 180, 700, 180, 80), 270},
		{"perspective", quad(150, 140, 690, 170, 650, 470, 190, 500), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := c.q.Bounds()
			img := drawCard(max(800, b.Max.X+60), max(600, b.Max.Y+60), size, c.q)
			g, err := docfind.Find(context.Background(), img, size)
			if err != nil {
				t.Fatal(err)
			}
			if iou := geometry.IoU(g.Quad, c.q); iou < 0.97 {
				t.Errorf("IoU %.3f, quad %v", iou, g.Quad)
			}
			if g.Rotate%180 != c.rotate%180 {
				t.Errorf("rotate %d, want %d or %d", g.Rotate, c.rotate, (c.rotate+180)%360)
			}
			want := c.q
			if g.Rotate != c.rotate {
				want = want.Shift(2)
			}
			for i := range want {
				if d := g.Quad[i].Dist(want[i]); d > 2 {
					t.Errorf("corner %d at %v, %.1f px from %v", i, g.Quad[i], d, want[i])
				}
			}
			// DocToImage maps the canonical corners onto the quad.
			for i, p := range geometry.RectQuad(image.Rectangle{Max: size}) {
				if d := g.DocToImage.Apply(p).Dist(g.Quad[i]); d > 1e-6 {
					t.Errorf("DocToImage corner %d off by %.2g", i, d)
				}
			}
			if g.Score <= 0 || g.Score > 1 || g.DocSize != size {
				t.Errorf("score %.2f size %v", g.Score, g.DocSize)
			}
			// Flip turns by 180°.
			f, err := docfind.Flip(g)
			if err != nil || f.Rotate != (g.Rotate+180)%360 || f.Quad[0] != g.Quad[2] {
				t.Errorf("Flip: rotate %d quad %v, %v", f.Rotate, f.Quad, err)
			}
		})
	}
}

// TestFindBadInput: nothing crashes or hangs, and errors come without a
// geometry.
func TestFindBadInput(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	noise := image.NewGray(image.Rect(0, 0, 640, 480))
	for i := range noise.Pix {
		noise.Pix[i] = byte(r.IntN(256))
	}
	odd := image.NewNRGBA(image.Rect(-7, 13, 300, 41)) // offset bounds, very wide
	for _, c := range []struct {
		name string
		img  image.Image
		size image.Point
	}{
		{"nil", nil, image.Pt(1011, 638)},
		{"empty", image.NewGray(image.Rectangle{}), image.Pt(1011, 638)},
		{"tiny", image.NewGray(image.Rect(0, 0, 3, 3)), image.Pt(1011, 638)},
		{"uniform", image.NewGray(image.Rect(0, 0, 400, 300)), image.Pt(1011, 638)},
		{"noise", noise, image.Pt(1476, 1039)},
		{"offset bounds", odd, image.Pt(1011, 638)},
		{"zero size", noise, image.Point{}},
		{"negative size", noise, image.Pt(-5, 10)},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			g, err := docfind.Find(ctx, c.img, c.size)
			if err != nil && g != nil {
				t.Errorf("error %v with a geometry", err)
			}
			if err == nil {
				for _, p := range g.Quad {
					if math.IsNaN(p.X) || math.IsNaN(p.Y) {
						t.Errorf("NaN corner in %v", g.Quad)
					}
				}
			}
			if c.size.X <= 0 && err == nil {
				t.Error("no error for an invalid size")
			}
		})
	}
	// A cancelled context stops the search.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := docfind.Find(ctx, noise, image.Pt(1011, 638)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// BenchmarkFind measures Find on a generated photo of each level.
func BenchmarkFind(b *testing.B) {
	vs := generated(b, "photo", 7, 6)
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v := vs[i%len(vs)]
		if _, err := docfind.Find(context.Background(), v.img, v.size); err != nil {
			b.Fatal(err)
		}
	}
}

var _ docread.FindFunc = docfind.Find
