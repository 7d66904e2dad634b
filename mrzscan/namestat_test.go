package mrzscan_test

import (
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/mrzscan"
)

// TestNameStats logs, for MRZSCAN_NAMESTAT_N synthetic documents (seed
// MRZSCAN_SEED, level MRZSCAN_DIAG_LEVEL, from index
// MRZSCAN_NAMESTAT_FROM), whether each reading is exact,
// valid, its score and ambiguity, and the lowest probability of a name
// character against that of the other characters: the data behind the
// name rule of score (docs/mrzscan.md). A development aid; skipped unless
// MRZSCAN_NAMESTAT_N is set.
func TestNameStats(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_NAMESTAT_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	from, _ := strconv.Atoi(os.Getenv("MRZSCAN_NAMESTAT_FROM"))
	for i := from; i < from+n; i++ {
		doc, img := mrzPhoto(t, g, i)
		res, err := r.Read(context.Background(), img)
		if err != nil {
			continue
		}
		exact := strings.Join(res.Lines, "\n") == strings.Join(doc.Truth.MRZ, "\n")
		nameP, otherP := 1.0, 1.0
		for k, row := range res.CharProb {
			for j, p := range row {
				if mrz.InName(res.Format, k, j) {
					nameP = math.Min(nameP, p)
				} else {
					otherP = math.Min(otherP, p)
				}
			}
		}
		t.Logf("NSTAT %s %d %s exact=%v valid=%v score=%d amb=%v name=%.3f other=%.3f", name, i, doc.Truth.Type, exact, res.Valid, res.Score, res.Ambiguous, nameP, otherP)
	}
}
