package tesscompare

import (
	"fmt"
	"time"
)

func formatTally(t *tally) string {
	if t.lines == 0 {
		return "no lines"
	}
	return fmt.Sprintf("char acc %.4f (%d errors / %d), lines exact %d/%d, %v per line",
		1-float64(t.errs)/float64(t.chars), t.errs, t.chars, t.ok, t.lines,
		(t.dur / time.Duration(t.lines)).Round(time.Microsecond))
}
