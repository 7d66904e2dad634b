package idnum

import (
	"errors"
	"math/rand/v2"
	"strings"
)

// ErrMasked reports a masked Aadhaar number (`XXXX XXXX 1234`), which
// cannot be verified.
var ErrMasked = errors.New("idnum: aadhaar: masked number")

// CheckAadhaar validates an Aadhaar number (UIDAI): 12 digits, the first
// 2-9, not a palindrome, the last a Verhoeff check digit. Spaces and
// hyphens are ignored; the result is the 12 digits without spaces (see
// FormatAadhaar for the printed grouping). A masked number (its first 8
// digits printed as X) gives ErrMasked.
func CheckAadhaar(s string) (string, error) {
	n := compact(s)
	if len(n) == 12 && strings.HasPrefix(n, "XXXXXXXX") && firstNonDigit(n[8:]) < 0 {
		return n, ErrMasked
	}
	return checkVerhoeffNumber(KindAadhaar, n, 12)
}

// CheckVID validates an Aadhaar Virtual ID: 16 digits, the first not 0 or
// 1, the last a Verhoeff check digit. The result is the 16 digits.
func CheckVID(s string) (string, error) {
	return checkVerhoeffNumber(KindVID, compact(s), 16)
}

func checkVerhoeffNumber(k Kind, n string, length int) (string, error) {
	if len(n) != length {
		return "", &FormatError{Kind: k, Pos: -1, Reason: "want " + itoa(length) + " digits, have " + itoa(len(n)) + " characters"}
	}
	if i := firstNonDigit(n); i >= 0 {
		return "", &FormatError{Kind: k, Pos: i, Reason: "not a digit"}
	}
	if n[0] < '2' {
		return "", &FormatError{Kind: k, Pos: 0, Reason: "first digit must be 2-9"}
	}
	if k == KindAadhaar && isPalindrome(n) {
		return "", &FormatError{Kind: k, Pos: -1, Reason: "palindromes are never issued"}
	}
	if !VerhoeffValid(n) {
		want, _ := VerhoeffDigit(n[:length-1])
		return "", &CheckDigitError{Kind: k, Pos: length - 1, Got: n[length-1], Want: want}
	}
	return n, nil
}

func isPalindrome(s string) bool {
	for i := 0; i < len(s)/2; i++ {
		if s[i] != s[len(s)-1-i] {
			return false
		}
	}
	return true
}

// FormatAadhaar groups a 12-digit Aadhaar number as printed: "XXXX XXXX
// XXXX". Other input is returned unchanged.
func FormatAadhaar(n string) string {
	if len(n) != 12 {
		return n
	}
	return n[:4] + " " + n[4:8] + " " + n[8:]
}

// GenerateAadhaar draws a valid Aadhaar number (12 digits, no spaces).
func GenerateAadhaar(r *rand.Rand) string {
	return generateVerhoeff(r, 12)
}

// GenerateVID draws a valid Virtual ID (16 digits).
func GenerateVID(r *rand.Rand) string {
	return generateVerhoeff(r, 16)
}

func generateVerhoeff(r *rand.Rand, length int) string {
	for {
		b := make([]byte, length-1)
		b[0] = byte('2' + r.IntN(8))
		for i := 1; i < len(b); i++ {
			b[i] = byte('0' + r.IntN(10))
		}
		c, _ := VerhoeffDigit(string(b))
		n := string(b) + string(c)
		if !isPalindrome(n) {
			return n
		}
	}
}

// PANHolderTypes maps the PAN's 4th character to the kind of holder.
var PANHolderTypes = map[byte]string{
	'P': "individual",
	'C': "company",
	'H': "Hindu undivided family",
	'F': "firm or limited liability partnership",
	'A': "association of persons",
	'T': "trust",
	'B': "body of individuals",
	'L': "local authority",
	'J': "artificial juridical person",
	'G': "government",
}

// CheckPAN validates an Indian Permanent Account Number: five letters, four
// digits, a letter (`AAAAA9999A`); the 4th letter is a holder type of
// PANHolderTypes and the serial (characters 6-9) is not 0000. The 10th
// character is a check letter whose algorithm is not published, so it is
// NOT verified: a PAN that passes has the right structure, nothing more.
// The result is upper-case without spaces.
func CheckPAN(s string) (string, error) {
	n := compact(s)
	if len(n) != 10 {
		return "", &FormatError{Kind: KindPAN, Pos: -1, Reason: "want 10 characters, have " + itoa(len(n))}
	}
	for i := 0; i < 10; i++ {
		c := n[i]
		letter := c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		if (i < 5 || i == 9) && !letter {
			return "", &FormatError{Kind: KindPAN, Pos: i, Reason: "want a letter"}
		}
		if i >= 5 && i < 9 && !digit {
			return "", &FormatError{Kind: KindPAN, Pos: i, Reason: "want a digit"}
		}
	}
	if _, ok := PANHolderTypes[n[3]]; !ok {
		return "", &FormatError{Kind: KindPAN, Pos: 3, Reason: "unknown holder type " + string(n[3])}
	}
	if n[5:9] == "0000" {
		return "", &FormatError{Kind: KindPAN, Pos: 5, Reason: "serial 0000 is never issued"}
	}
	return n, nil
}

// FixPAN puts back, in a 10-character PAN read by OCR, the letter or digit
// each position must hold where a look-alike was read: positions 1-5 and
// 10 are letters (0 → O, 1 → I, 2 → Z, 5 → S, 8 → B, 6 → G), 6-9 digits
// (O, D, Q → 0, I, L → 1, Z → 2, S → 5, B → 8, G → 6). Spaces are dropped;
// anything not 10 characters long is returned compacted and unchanged.
// The result still has to pass CheckPAN.
func FixPAN(s string) string {
	n := []byte(compact(s))
	if len(n) != 10 {
		return string(n)
	}
	toLetter := map[byte]byte{'0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', '6': 'G'}
	toDigit := map[byte]byte{'O': '0', 'D': '0', 'Q': '0', 'I': '1', 'L': '1', 'Z': '2', 'S': '5', 'B': '8', 'G': '6'}
	for i, c := range n {
		if i >= 5 && i < 9 {
			if d, ok := toDigit[c]; ok {
				n[i] = d
			}
		} else if l, ok := toLetter[c]; ok {
			n[i] = l
		}
	}
	return string(n)
}

// GeneratePAN draws a structurally valid PAN for a holder of type holder (a
// key of PANHolderTypes; 'P' when unknown) whose name (surname for
// individuals) starts with initial (a random letter when not A-Z). The check
// letter is random, since its algorithm is unpublished.
func GeneratePAN(r *rand.Rand, holder, initial byte) string {
	if _, ok := PANHolderTypes[holder]; !ok {
		holder = 'P'
	}
	if initial < 'A' || initial > 'Z' {
		initial = byte('A' + r.IntN(26))
	}
	b := []byte{byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), holder, initial}
	serial := 1 + r.IntN(9999)
	for d := 1000; d > 0; d /= 10 {
		b = append(b, byte('0'+serial/d%10))
	}
	b = append(b, byte('A'+r.IntN(26)))
	return string(b)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
