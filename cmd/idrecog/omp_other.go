//go:build !unix

package main

// singleThreadedOCR does nothing where exec cannot replace the process;
// set OMP_THREAD_LIMIT=1 in the environment instead (see omp_unix.go).
func singleThreadedOCR() {}
