//go:build matprofile

package mrzscan

import (
	"context"
	"testing"

	"gocv.io/x/gocv"
)

// TestLocateMatProfile checks that the second band search, the line-end
// refinement and the slanted-strip warp leave no Mat open. Run with
// go test -tags matprofile ./mrzscan -run MatProfile.
func TestLocateMatProfile(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	start := gocv.MatProfile.Count()
	for _, c := range devSet(t) {
		pix, w, h := grayPixels(c.img)
		gray, err := grayMat(pix, w, h)
		if err != nil {
			t.Fatal(err)
		}
		refined := 0
		for bd := range locateAll(gray, 6, func() bool { return true }) {
			bd.blobs = 1 // exercise the slant test and re-warp path
			s, err := makeStrip(gray, bd)
			if err != nil {
				continue
			}
			for _, g := range lineGroups(s.lines()) {
				for _, n := range lengthsFor(s, g) {
					rb, err := rectify(gray, s, g, n)
					if err != nil {
						continue
					}
					a := r.readBand(rb, rb.segment())
					if a == nil {
						continue
					}
					a.valid = false // force every move
					r.refine(context.Background(), gray, a)
					refined++
				}
			}
		}
		gray.Close()
		if refined == 0 {
			t.Errorf("%s: nothing refined", c.File)
		}
	}
	if n := gocv.MatProfile.Count(); n != start {
		t.Errorf("%d Mats left open (%d before, %d after)", n-start, start, n)
	}
}
