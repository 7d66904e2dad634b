package gen

import (
	"os"
	"testing"

	"github.com/idrecog/idrecog/ocrb"
)

// TestContextGap measures the embedded model's top-1 on cells of the
// training distribution rendered without and with Context (the neighbours'
// ink blurred into the cell), at the training's motion-blur rate and with
// every cell motion-blurred. An evaluation, not a check: set
// OCRB_CONTEXT_GAP=1 to run it (docs/ocrb.md).
func TestContextGap(t *testing.T) {
	if os.Getenv("OCRB_CONTEXT_GAP") == "" {
		t.Skip("set OCRB_CONTEXT_GAP=1")
	}
	g := loadGlyphs(t)
	m := ocrb.Default()
	for _, ctx := range []bool{false, true} {
		for _, motion := range []float64{Train.MotionProb, 1} {
			p := Train
			p.Context, p.MotionProb = ctx, motion
			gn := NewGenerator(g, p, 777)
			ok, n := 0, 0
			for i := 0; i < 60; i++ {
				for c := range Alphabet {
					if m.Classify(gn.Cell(c))[0].Char == Alphabet[c] {
						ok++
					}
					n++
				}
			}
			t.Logf("context %v, motion-blur rate %.2f: top-1 %.4f of %d cells", ctx, motion, float64(ok)/float64(n), n)
		}
	}
}
