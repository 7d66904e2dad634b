//go:build matprofile

package docfind

import (
	"context"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"
)

// TestMatProfile checks that Find leaves no Mat open. Run with
// go test -tags matprofile ./docfind -run MatProfile.
func TestMatProfile(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	noise := image.NewRGBA(image.Rect(0, 0, 500, 400))
	for i := range noise.Pix {
		noise.Pix[i] = byte(r.IntN(256))
	}
	card := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			c := color.RGBA{40, 60, 90, 255}
			if x > 150 && x < 650 && y > 140 && y < 455 {
				c = color.RGBA{230, 225, 210, 255}
			}
			card.Set(x, y, c)
		}
	}
	imgs := []image.Image{image.NewGray(image.Rect(0, 0, 300, 200)), noise, card}
	start := gocv.MatProfile.Count()
	for _, img := range imgs {
		Find(context.Background(), img, image.Pt(1011, 638))
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open after Find (%d before, %d after)", n-start, start, n)
	}
}
