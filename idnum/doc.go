// Package idnum validates and generates the identity numbers printed on
// documents without a machine-readable zone: the Indian Aadhaar number and
// its Virtual ID (Verhoeff check digit), the Indian PAN (structure only: its
// check letter's algorithm is unpublished), the Korean resident registration
// number (check digit, century and sex from the 7th digit), the Korean
// driving licence number (region code and structure) and the vehicle
// identification number of ISO 3779 (with the optional North-American check
// digit of 49 CFR 565).
//
// Every checker has the shape Check…(s) (normalised string, error). It
// accepts the spacing and hyphens that documents print, returns the number
// in its canonical form, and reports a failure with a typed error:
// *FormatError (where the text breaks the format) or *CheckDigitError (the
// format is right but the check fails). A CheckDigitError whose Warning
// field is set marks a number that may legitimately fail its check (Korean
// numbers assigned from October 2020): callers must not accept it as
// verified, but should not reject it as forged either.
//
// The package is pure Go and has no dependencies beyond the standard
// library.
package idnum
