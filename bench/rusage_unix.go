//go:build unix

package bench

import (
	"runtime"
	"syscall"
)

// maxRSSMB returns the process's peak resident set size in MiB, 0 if unknown.
func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	kb := float64(ru.Maxrss)
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		kb /= 1024 // bytes there, KiB elsewhere
	}
	return kb / 1024
}
