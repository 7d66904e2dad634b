package idnum

import "fmt"

// Kind names a number scheme.
type Kind string

// The schemes this package knows.
const (
	KindAadhaar       Kind = "aadhaar"
	KindVID           Kind = "aadhaar-vid"
	KindPAN           Kind = "pan"
	KindRRN           Kind = "kr-rrn"
	KindKoreanLicence Kind = "kr-licence"
	KindVIN           Kind = "vin"
)

// FormatError reports text that does not have the scheme's format. Pos is
// the offset of the offending character in the normalised text (digits and
// letters only, spaces and hyphens removed), or -1 when the error concerns
// the whole number (its length, say).
type FormatError struct {
	Kind   Kind
	Pos    int
	Reason string
}

func (e *FormatError) Error() string {
	if e.Pos < 0 {
		return fmt.Sprintf("idnum: %s: %s", e.Kind, e.Reason)
	}
	return fmt.Sprintf("idnum: %s: character %d: %s", e.Kind, e.Pos+1, e.Reason)
}

// CheckDigitError reports a number of the right format whose check
// character is wrong. Pos is the check character's offset in the normalised
// number. Warning is set when the scheme allows numbers that fail the check
// (Korean resident registration numbers assigned from October 2020): such a
// number is not verified, but not proven wrong either.
type CheckDigitError struct {
	Kind      Kind
	Pos       int
	Got, Want byte
	Warning   bool
}

func (e *CheckDigitError) Error() string {
	s := fmt.Sprintf("idnum: %s: check character %d is %q, want %q", e.Kind, e.Pos+1, e.Got, e.Want)
	if e.Warning {
		s += " (numbers assigned from October 2020 need not pass: unverified)"
	}
	return s
}

// compact removes the spaces, hyphens and dots documents print inside
// numbers and upper-cases ASCII letters.
func compact(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '.' || c == '\t':
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

// digitsOnly returns the offset of the first non-digit of s, or -1.
func firstNonDigit(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return i
		}
	}
	return -1
}
