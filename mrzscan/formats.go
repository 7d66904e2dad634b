package mrzscan

import (
	"errors"

	"github.com/idrecog/idrecog/mrz"
)

// formatSet is a set of MRZ formats, one bit per mrz.Format.
type formatSet uint32

// readFormats are the formats Read reads.
const readFormats formatSet = 1<<mrz.TD1 | 1<<mrz.TD2 | 1<<mrz.TD3 | 1<<mrz.MRVA | 1<<mrz.MRVB | 1<<mrz.FrenchID

// setOf returns the set of fs (readFormats when fs is empty), or an error
// for a format mrzscan cannot read.
func setOf(fs ...mrz.Format) (formatSet, error) {
	if len(fs) == 0 {
		return readFormats, nil
	}
	var s formatSet
	for _, f := range fs {
		switch f {
		case mrz.TD1, mrz.TD2, mrz.TD3, mrz.MRVA, mrz.MRVB, mrz.FrenchID, mrz.FrenchDL, mrz.SwissDL:
			s |= 1 << uint(f)
		default:
			return 0, errors.New("mrzscan: ReadFormats: cannot read format " + f.String())
		}
	}
	return s, nil
}

// has reports whether f is in s.
func (s formatSet) has(f mrz.Format) bool {
	return f > 0 && f < 32 && s&(1<<uint(f)) != 0
}
