package mrzscan_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrzscan"
)

// TestDeblurProfile prints, for the synthetic documents MRZSCAN_DIAG_ONLY
// (seed MRZSCAN_SEED, hard), the normalised autocorrelation of the
// derivative along the true blur direction and across it, with the true
// and the estimated blur. A development aid; skipped unless
// MRZSCAN_DEBLUR_N is set (documents drawn from the first MRZSCAN_DEBLUR_N).
func TestDeblurProfile(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_DEBLUR_N", 11)
	only := envIndices("MRZSCAN_DIAG_ONLY")
	for i := 0; i < n; i++ {
		if len(only) > 0 && !only[i] {
			continue
		}
		doc, img := mrzPhoto(t, g, i)
		mt := doc.Truth.ViewOf(doc.Truth.MRZSide).Motion
		if mt == nil {
			continue
		}
		ta, tl, _, _ := trueMotion(mt)
		ea, el, _, ok := mrzscan.EstimateMotionForTest(img)
		t.Logf("%s #%d %s: true %s° %.1f px, estimated %.0f° %.1f px (%v)", name, i, doc.Truth.Type, mt.Dir, tl, ea*180/math.Pi, el, ok)
		for _, a := range []float64{ta, ta + math.Pi/2, ea} {
			var sb strings.Builder
			for l, v := range mrzscan.MotionProfileForTest(img, a) {
				fmt.Fprintf(&sb, " %d:%+.2f", l, v)
			}
			t.Logf("  %3.0f°:%s", a*180/math.Pi, sb.String())
		}
	}
}
