//go:build matprofile

package mrzscan_test

import (
	"context"
	"testing"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/mrzscan"
)

// TestRefitMatProfile checks that reading a band warped again on its cells
// (seed 5252 #386, TestForeshortenedBandRefit's photo) leaves no Mat open.
// Run with go test -tags matprofile ./mrzscan -run MatProfile.
func TestRefitMatProfile(t *testing.T) {
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	_, img := hardPhoto(t, 5252, 386)
	start := gocv.MatProfile.Count()
	if _, err := r.Read(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open after reading (%d before, %d after)", n-start, start, n)
	}
}
