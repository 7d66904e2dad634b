//go:build matprofile

package mrzscan

import (
	"context"
	"image"
	"testing"

	"gocv.io/x/gocv"
)

// TestMatProfile checks that reading leaves no Mat open. Run with
// go test -tags matprofile ./mrzscan -run MatProfile.
func TestMatProfile(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	imgs := []image.Image{image.NewGray(image.Rect(0, 0, 300, 200)), noiseImage(500, 400, 1)}
	for _, c := range devSet(t) {
		imgs = append(imgs, c.img, rotateImage(c.img, 90))
	}
	start := gocv.MatProfile.Count()
	for _, img := range imgs {
		r.Read(context.Background(), img)
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open after reading (%d before, %d after)", n-start, start, n)
	}
}
