package idnum

import (
	"math/rand/v2"
	"strings"
)

// vinValue transliterates a VIN character for the check digit (49 CFR
// 565.15); letters I, O and Q are not allowed.
func vinValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'H':
		return int(c-'A') + 1
	case c >= 'J' && c <= 'N':
		return int(c-'J') + 1
	case c == 'P':
		return 7
	case c == 'R':
		return 9
	case c >= 'S' && c <= 'Z':
		return int(c-'S') + 2
	}
	return -1
}

var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// vinAlphabet is every character a VIN may hold.
const vinAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

// CheckVIN validates a vehicle identification number's format (ISO 3779):
// 17 characters of 0-9 and A-Z without I, O and Q. Spaces and hyphens are
// dropped and letters upper-cased. The North-American check digit
// (position 9) is not required by ISO 3779 — European VINs often fail it —
// so it is not checked here: see CheckVINCheckDigit.
func CheckVIN(s string) (string, error) {
	n := compact(s)
	if len(n) != 17 {
		return "", &FormatError{Kind: KindVIN, Pos: -1, Reason: "want 17 characters, have " + itoa(len(n))}
	}
	for i := 0; i < 17; i++ {
		if vinValue(n[i]) < 0 {
			reason := "not a VIN character"
			if n[i] == 'I' || n[i] == 'O' || n[i] == 'Q' {
				reason = "letters I, O and Q are not used"
			}
			return "", &FormatError{Kind: KindVIN, Pos: i, Reason: reason}
		}
	}
	return n, nil
}

// VINCheckDigit returns the North-American check character ('0'-'9' or
// 'X') of a 17-character VIN (whose 9th character is ignored); ok is false
// when the VIN's format is wrong.
func VINCheckDigit(vin string) (c byte, ok bool) {
	n, err := CheckVIN(vin)
	if err != nil {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += vinValue(n[i]) * vinWeights[i]
	}
	if sum%11 == 10 {
		return 'X', true
	}
	return byte('0' + sum%11), true
}

// CheckVINCheckDigit validates a VIN (CheckVIN) and its North-American
// check digit at position 9 (49 CFR 565), mandatory for vehicles sold in
// North America and optional elsewhere.
func CheckVINCheckDigit(s string) (string, error) {
	n, err := CheckVIN(s)
	if err != nil {
		return "", err
	}
	if want, _ := VINCheckDigit(n); n[8] != want {
		return "", &CheckDigitError{Kind: KindVIN, Pos: 8, Got: n[8], Want: want}
	}
	return n, nil
}

// GenerateVIN draws a VIN with manufacturer identifier wmi (3 characters;
// random when not valid VIN characters). With northAmerican the 9th
// character is the check digit; otherwise it is a random character, as many
// European manufacturers print.
func GenerateVIN(r *rand.Rand, wmi string, northAmerican bool) string {
	wmi = strings.ToUpper(wmi)
	if len(wmi) != 3 || strings.IndexFunc(wmi, func(c rune) bool { return c > 127 || vinValue(byte(c)) < 0 }) >= 0 {
		wmi = ""
		for range 3 {
			wmi += string(vinAlphabet[10+r.IntN(len(vinAlphabet)-10)])
		}
	}
	b := []byte(wmi)
	for len(b) < 17 {
		b = append(b, vinAlphabet[r.IntN(len(vinAlphabet))])
	}
	if northAmerican {
		b[8], _ = VINCheckDigit(string(b))
	}
	return string(b)
}
