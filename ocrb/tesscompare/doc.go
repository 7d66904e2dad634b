// Package tesscompare compares the ocrb classifier with Tesseract on rendered,
// degraded MRZ lines. It holds only the comparison test (go test -v
// ./ocrb/tesscompare); it is kept apart so that package ocrb stays pure Go.
package tesscompare
