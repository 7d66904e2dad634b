package mrzscan_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/idrecog/idrecog/mrzscan"
)

// TestResynthDiag measures, on the cells of synthetic hard photos whose
// band was cut with the true layout, how often the classifier, the
// rendering alone (all 37 classes) and their combination read the doubtful
// cells right. A development aid: skipped unless MRZSCAN_RSDIAG_N is set
// (seed MRZSCAN_SEED, default 977; level MRZSCAN_DIAG_LEVEL, default hard).
func TestResynthDiag(t *testing.T) {
	g, n, _ := diagGenerator(t, "MRZSCAN_RSDIAG_N", 977)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	st := &mrzscan.ResynthStats{Betas: []float64{20, 40, 80, 160, 320, 1000}}
	for d := 0; d < n; d++ {
		doc, img := mrzPhoto(t, g, d)
		nl := len(st.Log)
		mrzscan.ResynthDiag(r, img, doc.Truth.MRZ, st, os.Getenv("MRZSCAN_RSDIAG_V") != "")
		for _, l := range st.Log[nl:] {
			t.Logf("doc %d %s", d, l)
		}
	}
	msg := fmt.Sprintf("bands fitted %d, doubtful cells %d: classifier %d, truth in top 5 %d, rendering alone %d, combined", st.Fitted, st.Doubtful, st.Classifier, st.Top5, st.Rendering)
	for j, b := range st.Betas {
		msg += fmt.Sprintf(" β=%g:%d", b, st.Combined[j])
	}
	t.Log(msg)
}

// TestGlyphCellDiag describes the wrong cells of the synthetic documents
// MRZSCAN_GLYPH_ONLY (comma-separated indices; seed MRZSCAN_SEED, default
// 11; level MRZSCAN_DIAG_LEVEL, default hard). A development aid.
func TestGlyphCellDiag(t *testing.T) {
	only := envIndexList("MRZSCAN_GLYPH_ONLY")
	if len(only) == 0 {
		t.Skip("set MRZSCAN_GLYPH_ONLY")
	}
	g, _ := diagGen(t, 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range only {
		doc, img := mrzPhoto(t, g, i)
		for _, l := range mrzscan.GlyphCellDiag(r, img, doc.Truth.MRZ) {
			t.Logf("%d %s", i, l)
		}
	}
}
