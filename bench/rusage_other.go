//go:build !unix

package bench

// maxRSSMB returns 0: the peak resident set size is not available here.
func maxRSSMB() float64 { return 0 }
