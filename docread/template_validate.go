package docread

import (
	"errors"
	"fmt"

	"github.com/idrecog/idrecog/idnum"
)

// checkNumber runs the template field's validate check (doctype's
// validator names) on text. It returns the number in its canonical form
// and nil when it passes; masked is set for a masked Aadhaar number
// (XXXX XXXX 1234), which cannot be verified.
func checkNumber(validate, text string) (value string, masked bool, err error) {
	switch validate {
	case "verhoeff-aadhaar":
		v, err := idnum.CheckAadhaar(text)
		if errors.Is(err, idnum.ErrMasked) {
			return v, true, err
		}
		return v, false, err
	case "pan":
		v, err := idnum.CheckPAN(text)
		if err != nil {
			// A look-alike in a position that must be a letter (or a
			// digit): MZSPV40390 is MZSPV4039O.
			if v2, err2 := idnum.CheckPAN(idnum.FixPAN(text)); err2 == nil {
				return v2, false, nil
			}
		}
		return v, false, err
	case "kr-rrn":
		v, err := idnum.CheckRRN(text)
		return v, false, err
	case "kr-dl":
		v, err := idnum.CheckKoreanLicence(text)
		return v, false, err
	case "vin":
		v, err := idnum.CheckVIN(text)
		return v, false, err
	}
	return "", false, fmt.Errorf("docread: unknown check %q", validate)
}
