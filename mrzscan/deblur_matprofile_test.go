//go:build matprofile

package mrzscan

import (
	"context"
	"image"
	"testing"

	"gocv.io/x/gocv"
)

// TestDeblurMatProfile checks that the motion estimate, the deconvolution
// and the reading of a deconvolved image leave no Mat open. Run with
// go test -tags matprofile ./mrzscan -run MatProfile.
func TestDeblurMatProfile(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	start := gocv.MatProfile.Count()
	for _, c := range devSet(t) {
		pix, w, h := grayPixels(c.img)
		gray, err := grayMat(pix, w, h)
		if err != nil {
			t.Fatal(err)
		}
		m := motion{angle: 0.3, length: 6}
		psf := linePSF(m)
		blurred := gocv.NewMat()
		gocv.Filter2D(gray, &blurred, -1, psf, image.Pt(-1, -1), 0, gocv.BorderReflect)
		if est, _, ok := estimateMotion(blurred); ok {
			m = est
		}
		sharp := gocv.NewMat()
		deblurRL(blurred, &sharp, m, deblurIters)
		r.readMat(context.Background(), sharp)
		r.readBlurred(context.Background(), blurred)
		seen := &readings{}
		r.readMatSeen(context.Background(), blurred, seen)
		r.rereadBands(context.Background(), sharp, seen)
		sharp.Close()
		blurred.Close()
		psf.Close()
		gray.Close()
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open (%d before, %d after)", n-start, start, n)
	}
}
