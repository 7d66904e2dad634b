package bench

import "github.com/idrecog/idrecog/mrz"

// mrzChecksPass reports whether lines parse as an MRZ whose check digits all
// pass and whose structure is sound.
func mrzChecksPass(lines []string) bool {
	r, err := mrz.Parse(lines, nil)
	return err == nil && r != nil && r.Valid
}
