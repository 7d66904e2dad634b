//go:build matprofile

package mrzscan_test

import (
	"context"
	"testing"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// TestRefitMatProfile checks that reading a band warped again on its cells
// (seed 5252 #386, TestForeshortenedBandRefit's photo) leaves no Mat open.
// Run with go test -tags matprofile ./mrzscan -run MatProfile.
func TestRefitMatProfile(t *testing.T) {
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.NewGenerator(synth.Options{Seed: 5252, Level: synth.LevelHard})
	if err != nil {
		t.Fatal(err)
	}
	_, img := mrzPhoto(t, g, 386)
	start := gocv.MatProfile.Count()
	if _, err := r.Read(context.Background(), img); err != nil {
		t.Fatal(err)
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open after reading (%d before, %d after)", n-start, start, n)
	}
}
