package mrz

// charValue maps a byte to its ICAO 9303 check-digit value (Part 3 §4.9):
// '0'-'9' → 0-9, 'A'-'Z' → 10-35, '<' → 0. Other bytes have value 0xFF.
var charValue [256]uint8

func init() {
	for i := range charValue {
		charValue[i] = 0xFF
	}
	for c := '0'; c <= '9'; c++ {
		charValue[c] = uint8(c - '0')
	}
	for c := 'A'; c <= 'Z'; c++ {
		charValue[c] = uint8(c-'A') + 10
	}
	charValue['<'] = 0
}

var weights = [3]int{7, 3, 1}

// CheckDigit returns the ICAO 9303 check digit ('0'..'9') of s: the sum of
// the character values weighted 7, 3, 1, … modulo 10. Characters outside the
// MRZ alphabet count as 0 (like the filler).
func CheckDigit(s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		v := charValue[s[i]]
		if v == 0xFF {
			v = 0
		}
		sum += int(v) * weights[i%3]
	}
	return byte('0' + sum%10)
}

// sumValue is charValue with 0 for bytes outside the alphabet.
var sumValue [256]uint8

func init() {
	for i, v := range charValue {
		if v != 0xFF {
			sumValue[i] = v
		}
	}
}

// checkSum computes the weighted sum of the ranges of lines, continuing the
// 7-3-1 weights across ranges (composite check digits).
func checkSum(lines []string, ranges []span) int {
	sum, k := 0, 0
	for _, r := range ranges {
		s := lines[r.line][r.start:r.end]
		for i := 0; i < len(s); i++ {
			sum += int(sumValue[s[i]]) * weights[k]
			k++
			if k == 3 {
				k = 0
			}
		}
	}
	return sum
}
