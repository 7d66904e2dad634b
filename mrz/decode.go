package mrz

import "errors"

// Decode is not implemented yet.
func Decode(f Format, cands [][][]Candidate) (*Decoded, error) {
	return nil, errors.New("mrz: Decode not implemented yet")
}
