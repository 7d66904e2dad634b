//go:build matprofile

package mrzscan

import (
	"context"
	"image"
	"math/rand/v2"
	"testing"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/mrz"
)

// TestLicenceMatProfile checks that reading licence MRZs (the short-line
// search, the turned strip, the one-line bands) leaves no Mat open. Run
// with go test -tags matprofile ./mrzscan -run MatProfile.
func TestLicenceMatProfile(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	rng := rand.New(rand.NewPCG(5, 5))
	var imgs []image.Image
	for _, sp := range licenceSpecs(t) {
		card := licenceCard(t, sp, 11, rng)
		for _, deg := range []float64{0, 180, 23} {
			img, _ := licencePhoto(t, card, deg, 0.02, 0.8, rng)
			imgs = append(imgs, img)
		}
	}
	imgs = append(imgs, noiseImage(500, 400, 3))
	start := gocv.MatProfile.Count()
	for _, img := range imgs {
		r.ReadFormats(context.Background(), img, mrz.FrenchDL, mrz.SwissDL, mrz.TD1)
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open after reading (%d before, %d after)", n-start, start, n)
	}
}
