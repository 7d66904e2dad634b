package idnum

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// RRN is a decoded Korean resident registration number (주민등록번호).
type RRN struct {
	Number    string    // canonical form YYMMDD-GNNNNNC
	Birth     time.Time // date of birth, UTC midnight
	Sex       string    // "M" or "F"
	Foreigner bool      // 7th digit 5-8: a foreign resident's registration number
}

// rrnWeights are the check-digit weights of digits 1-12.
var rrnWeights = [12]int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}

// rrnCheck returns the check digit of the 12 digits d.
func rrnCheck(d string) byte {
	sum := 0
	for i, w := range rrnWeights {
		sum += int(d[i]-'0') * w
	}
	return byte('0' + (11-sum%11)%10)
}

// rrnChangeover is when numbers stopped encoding the place of registration:
// from October 2020 digits 8-13 are random and need not pass the check.
var rrnChangeover = time.Date(2020, 10, 1, 0, 0, 0, 0, time.UTC)

// ParseRRN decodes a Korean resident registration number `YYMMDD-GNNNNNC`
// (the hyphen optional). The 7th digit G gives century and sex (9/0: born
// in the 1800s, 1/2 and 5/6: 1900s, 3/4 and 7/8: 2000s; odd: male; 5-8:
// foreigner); YYMMDD must be a real date in that century. The last digit is
// a check over the first twelve (weights 2-9, 2-5; (11 − Σ mod 11) mod 10).
//
// Numbers assigned from October 2020 have random digits 8-13, so a holder
// born from then on may carry a number that fails the check: for those the
// error is a *CheckDigitError with Warning set (unverified, not wrong). A
// number changed after 2020 for a holder born earlier looks like a wrong
// number here; that case is rare and cannot be told apart.
//
// The returned RRN is filled in whenever the format and date are valid,
// even with a check-digit error.
func ParseRRN(s string) (RRN, error) {
	n := compact(s)
	if len(n) != 13 {
		return RRN{}, &FormatError{Kind: KindRRN, Pos: -1, Reason: "want 13 digits (YYMMDD-GNNNNNC), have " + itoa(len(n)) + " characters"}
	}
	if i := firstNonDigit(n); i >= 0 {
		return RRN{}, &FormatError{Kind: KindRRN, Pos: i, Reason: "not a digit"}
	}
	var century int
	var foreigner bool
	switch n[6] {
	case '9', '0':
		century = 1800
	case '1', '2':
		century = 1900
	case '3', '4':
		century = 2000
	case '5', '6':
		century, foreigner = 1900, true
	case '7', '8':
		century, foreigner = 2000, true
	}
	yy := int(n[0]-'0')*10 + int(n[1]-'0')
	mm := int(n[2]-'0')*10 + int(n[3]-'0')
	dd := int(n[4]-'0')*10 + int(n[5]-'0')
	birth := time.Date(century+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if mm < 1 || mm > 12 {
		return RRN{}, &FormatError{Kind: KindRRN, Pos: 2, Reason: "month " + n[2:4] + " out of range"}
	}
	if dd < 1 || birth.Day() != dd {
		return RRN{}, &FormatError{Kind: KindRRN, Pos: 4, Reason: fmt.Sprintf("day %s does not exist in %d-%02d", n[4:6], century+yy, mm)}
	}
	sex := "F"
	if (n[6]-'0')%2 == 1 {
		sex = "M"
	}
	out := RRN{Number: n[:6] + "-" + n[6:], Birth: birth, Sex: sex, Foreigner: foreigner}
	if want := rrnCheck(n); n[12] != want {
		return out, &CheckDigitError{Kind: KindRRN, Pos: 12, Got: n[12], Want: want, Warning: !birth.Before(rrnChangeover)}
	}
	return out, nil
}

// CheckRRN validates a resident registration number (see ParseRRN) and
// returns it as YYMMDD-GNNNNNC.
func CheckRRN(s string) (string, error) {
	r, err := ParseRRN(s)
	return r.Number, err
}

// GenerateRRN draws a resident registration number with a valid check digit
// for a holder born on birth (1800-2099) of sex "M" or "F" (anything else:
// random), foreign or not, in the pre-2020 scheme (digits 8-9 a
// registration office code 00-96).
func GenerateRRN(r *rand.Rand, birth time.Time, sex string, foreigner bool) string {
	male := sex == "M" || (sex != "F" && r.IntN(2) == 0)
	var g int
	switch y := birth.Year(); {
	case y < 1900:
		g = 0 // female 1800s; male is 9
		if male {
			g = 9
		}
	case y < 2000:
		g = 1
	default:
		g = 3
	}
	if g != 0 && g != 9 {
		if foreigner {
			g += 4
		}
		if !male {
			g++
		}
	}
	d := birth.Format("060102") + string(rune('0'+g)) + fmt.Sprintf("%02d", r.IntN(97)) + randDigits(r, 3)
	return d[:6] + "-" + d[6:] + string(rrnCheck(d))
}

func randDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// KoreanLicenceRegions maps the region code that starts a Korean driving
// licence number to the issuing region. The code-to-name mapping is from a
// secondary source and unconfirmed; the set of codes (11-26, 28) is what
// CheckKoreanLicence enforces.
var KoreanLicenceRegions = map[string]string{
	"11": "서울", "12": "부산", "13": "경기", "14": "강원", "15": "충북", "16": "충남",
	"17": "전북", "18": "전남", "19": "경북", "20": "경남", "21": "제주", "22": "대구",
	"23": "인천", "24": "광주", "25": "대전", "26": "울산", "28": "경기북부",
}

// CheckKoreanLicence validates a Korean driving licence number
// `RR-YY-NNNNNN-CC`: a region code of KoreanLicenceRegions, the two-digit
// year of first issue, a six-digit serial and two final digits. Licences
// that print the region in Hangul (`서울 05-123456-78`) are accepted and
// converted. The final two digits include a check whose algorithm is
// unpublished, so they are NOT verified. The result is `RR-YY-NNNNNN-CC`.
func CheckKoreanLicence(s string) (string, error) {
	s = strings.TrimSpace(s)
	// A Hangul region name in front: replace it by its code. Longest names
	// first, so that 경기북부 wins over 경기.
	for _, code := range []string{"28", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26"} {
		if name := KoreanLicenceRegions[code]; strings.HasPrefix(s, name) {
			rest := compact(s[len(name):])
			if len(rest) == 10 {
				s = code + rest
			}
			break
		}
	}
	n := compact(s)
	if len(n) != 12 {
		return "", &FormatError{Kind: KindKoreanLicence, Pos: -1, Reason: "want 12 digits (RR-YY-NNNNNN-CC), have " + itoa(len(n)) + " characters"}
	}
	if i := firstNonDigit(n); i >= 0 {
		return "", &FormatError{Kind: KindKoreanLicence, Pos: i, Reason: "not a digit"}
	}
	if _, ok := KoreanLicenceRegions[n[:2]]; !ok {
		return "", &FormatError{Kind: KindKoreanLicence, Pos: 0, Reason: "unknown region code " + n[:2]}
	}
	return n[:2] + "-" + n[2:4] + "-" + n[4:10] + "-" + n[10:], nil
}

// GenerateKoreanLicence draws a licence number `RR-YY-NNNNNN-CC` first
// issued in year (its last two digits are printed).
func GenerateKoreanLicence(r *rand.Rand, year int) string {
	codes := []string{"11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "28"}
	return fmt.Sprintf("%s-%02d-%s-%s", codes[r.IntN(len(codes))], year%100, randDigits(r, 6), randDigits(r, 2))
}
