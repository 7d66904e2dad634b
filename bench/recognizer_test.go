package bench

import (
	"testing"

	"github.com/idrecog/idrecog"
)

// newRecognizer returns the library's recognizer, closed when tb ends.
func newRecognizer(tb testing.TB) Recognizer {
	tb.Helper()
	r, err := idrecog.New(idrecog.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}
