//go:build unix

package main

import (
	"os"
	"syscall"
)

// singleThreadedOCR restarts the program with OMP_THREAD_LIMIT=1 unless the
// variable is set. Tesseract runs its LSTM layers with four OpenMP threads;
// libgomp reads the limit once, when it is loaded, before main runs, so it
// can only be set for the next exec. Running several documents at once
// (bench -workers, batch, serve), those threads outnumber the cores and
// spin: on the 2-core build machine six documents took 43 s of CPU with
// the default and 17 s with the limit, one worker each (docs/bench.md).
// A caller who sets OMP_THREAD_LIMIT keeps it.
func singleThreadedOCR() {
	if _, ok := os.LookupEnv("OMP_THREAD_LIMIT"); ok {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		return
	}
	// Exec returns only when it failed; the program then goes on with
	// Tesseract's default threads.
	_ = syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
}
