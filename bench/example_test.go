package bench_test

import (
	"fmt"

	"github.com/idrecog/idrecog/bench"
)

// A run is compared with a reference: what got worse by more than the
// tolerance is a regression; improvements and new metrics are not.
func ExampleCompare() {
	golden := []bench.Metric{
		{Name: "mrz.exact", Value: 0.90, N: 27, HigherBetter: true},
		{Name: "mrz.cer", Value: 0.05, N: 2196, HigherBetter: false},
		{Name: "false_accept.raw", Value: 0.02, N: 316, HigherBetter: false},
	}
	run := []bench.Metric{
		{Name: "mrz.exact", Value: 0.93, N: 27, HigherBetter: true},
		{Name: "mrz.cer", Value: 0.055, N: 2196, HigherBetter: false},
		{Name: "false_accept.raw", Value: 0.04, N: 316, HigherBetter: false},
	}
	for _, r := range bench.Compare(golden, run, 0.01) {
		fmt.Println(r)
	}
	// Output:
	// false_accept.raw: 0.0400, reference 0.0200 (worse by 0.0200)
}
