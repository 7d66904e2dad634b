package idnum

// The Verhoeff tables: multiplication in the dihedral group D5, the
// position permutation and the inverse.
var (
	verhoeffD = [10][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
		{2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
		{4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
		{5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
		{7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
		{8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		{1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
		{5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
		{9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
		{4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
		{7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
	verhoeffInv = [10]byte{0, 4, 3, 2, 1, 5, 6, 7, 8, 9}
)

// verhoeff runs the checksum over the digits of s from the right, the
// rightmost digit at position start.
func verhoeff(s string, start int) byte {
	var c byte
	for i := 0; i < len(s); i++ {
		d := s[len(s)-1-i] - '0'
		c = verhoeffD[c][verhoeffP[(i+start)%8][d]]
	}
	return c
}

// VerhoeffDigit returns the Verhoeff check digit ('0'-'9') to append to the
// decimal string payload. ok is false when payload is empty or holds a
// non-digit.
func VerhoeffDigit(payload string) (digit byte, ok bool) {
	if payload == "" || firstNonDigit(payload) >= 0 {
		return 0, false
	}
	return '0' + verhoeffInv[verhoeff(payload, 1)], true
}

// VerhoeffValid reports whether the decimal string s (check digit last)
// passes the Verhoeff check.
func VerhoeffValid(s string) bool {
	return s != "" && firstNonDigit(s) < 0 && verhoeff(s, 0) == 0
}
