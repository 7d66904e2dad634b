package mrzscan

import (
	"math"
	"testing"

	"github.com/idrecog/idrecog/ocrb"
)

// TestHeavyOffsets checks the committed class offsets of the heavy
// re-scoring: small against the correlations they adjust (0.6-0.98), and
// in the direction the dump they were fitted on showed (a blurred I read
// as Z, N as X, the filler as K).
func TestHeavyOffsets(t *testing.T) {
	for i, v := range heavyOffsetTable {
		if math.IsNaN(v) || math.Abs(v) > 0.05 {
			t.Errorf("offset of %c = %v, want |v| <= 0.05", ocrb.Alphabet[i], v)
		}
	}
	for _, pair := range []string{"IZ", "NX", "<K"} {
		if a, b := heavyOffset(pair[0]), heavyOffset(pair[1]); !(a > b) {
			t.Errorf("offset of %c = %.4f, of %c = %.4f: want the first larger", pair[0], a, pair[1], b)
		}
	}
	if heavyOffset('a') != 0 || heavyOffset(0) != 0 {
		t.Error("a byte outside the alphabet has an offset")
	}
}
