package mrzscan_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
)

// TestDeblurDiag prints, for the synthetic documents MRZSCAN_DIAG_ONLY
// (comma-separated indices; seed MRZSCAN_SEED, level MRZSCAN_DIAG_LEVEL,
// default hard), the estimated motion blur and, for the photo itself and
// the photo deconvolved along the estimated direction at several lengths,
// whether the band cut on the true line ends (the oracle) reads right,
// whether locate finds and groups the lines, and what Read returns. It
// tells a reading the deconvolution could rescue from one it cannot, and
// a band lost by locate on the deconvolved copy. A development aid;
// skipped unless MRZSCAN_DEBLUR_N is set (the documents are drawn from the
// first MRZSCAN_DEBLUR_N).
func TestDeblurDiag(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_DEBLUR_N", 11)
	only := envIndices("MRZSCAN_DIAG_ONLY")
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if len(only) > 0 && !only[i] {
			continue
		}
		doc, img := mrzPhoto(t, g, i)
		view := doc.Truth.ViewOf(doc.Truth.MRZSide)
		want := strings.Join(doc.Truth.MRZ, "|")
		lay := doc.Truth.MRZLayout
		nc := len(doc.Truth.MRZ[0])
		var left, right []geometry.Point
		for _, yc := range lay.LineCentres {
			left = append(left, view.DocToPhoto.Apply(geometry.Pt(lay.X0+0.5*lay.Pitch, yc)))
			right = append(right, view.DocToPhoto.Apply(geometry.Pt(lay.X0+(float64(nc)-0.5)*lay.Pitch, yc)))
		}
		angle, length, depth, ok := mrzscan.EstimateMotionForTest(img)
		t.Logf("%s #%d %s: motion %.0f° %.1f px (depth %.2f, found %v)", name, i, doc.Truth.Type, angle*180/math.Pi, length, depth, ok)
		report := func(label string, loc, grp bool, orc []string, res *mrzscan.Result, err error) {
			got := "no MRZ"
			if err == nil {
				got = strings.Join(res.Lines, "|")
			}
			t.Logf("  %s: located %v grouped %v oracle %v read %v %q", label, loc, grp, strings.Join(orc, "|") == want, got == want, got)
		}
		loc, grp, orc := mrzscan.DiagStages(r, img, left, right, nc)
		res, err := r.Read(context.Background(), img)
		report("photo", loc, grp, orc, res, err)
		if !ok {
			continue
		}
		for _, f := range []float64{0.7, 0.85, 1, 1.15, 1.3} {
			db := mrzscan.DeblurForTest(img, angle, f*length, 7)
			loc, grp, orc := mrzscan.DiagStages(r, db, left, right, nc)
			res, err := r.Read(context.Background(), db)
			report(fmt.Sprintf("deconvolved %.1f px", f*length), loc, grp, orc, res, err)
		}
	}
}
