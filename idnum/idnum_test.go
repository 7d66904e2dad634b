package idnum

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

func TestVerhoeff(t *testing.T) {
	tests := []struct {
		payload string
		want    byte
	}{
		{"236", '3'},                    // the classic example: 2363 is valid
		{"23412341234", '6'},            // spec's worked Aadhaar example
		{"12345", '1'},                  // 123451
		{"142857", '0'},                 // 1428570
		{"123456789012", '0'},           // 1234567890120
		{"8473643095483728456789", '2'}, // long payload
	}
	for _, tt := range tests {
		got, ok := VerhoeffDigit(tt.payload)
		if !ok || got != tt.want {
			t.Errorf("VerhoeffDigit(%q) = %q, %v; want %q", tt.payload, got, ok, tt.want)
		}
		if !VerhoeffValid(tt.payload + string(tt.want)) {
			t.Errorf("VerhoeffValid(%q) = false", tt.payload+string(tt.want))
		}
		for d := byte('0'); d <= '9'; d++ {
			if d != tt.want && VerhoeffValid(tt.payload+string(d)) {
				t.Errorf("VerhoeffValid(%q) = true", tt.payload+string(d))
			}
		}
	}
	for _, bad := range []string{"", "12a", " 1"} {
		if _, ok := VerhoeffDigit(bad); ok {
			t.Errorf("VerhoeffDigit(%q) ok", bad)
		}
		if VerhoeffValid(bad) {
			t.Errorf("VerhoeffValid(%q) = true", bad)
		}
	}
}

// TestVerhoeffCatchesSingleErrorsAndTranspositions checks the properties
// the scheme is chosen for, on random numbers.
func TestVerhoeffCatchesSingleErrorsAndTranspositions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		n := GenerateAadhaar(r)
		b := []byte(n)
		for i := range b {
			orig := b[i]
			for d := byte('0'); d <= '9'; d++ {
				if d == orig {
					continue
				}
				b[i] = d
				if VerhoeffValid(string(b)) {
					t.Fatalf("%s: substitution at %d → %s passes", n, i, b)
				}
			}
			b[i] = orig
			if i+1 < len(b) && b[i] != b[i+1] {
				b[i], b[i+1] = b[i+1], b[i]
				if VerhoeffValid(string(b)) {
					t.Fatalf("%s: transposition at %d passes", n, i)
				}
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
	}
}

func TestCheckAadhaar(t *testing.T) {
	tests := []struct {
		name, in, want string
		fmtErr         bool
		checkErr       bool
		masked         bool
	}{
		{"spec example", "2341 2341 2346", "234123412346", false, false, false},
		{"no spaces", "234123412346", "234123412346", false, false, false},
		{"hyphens", "2341-2341-2346", "234123412346", false, false, false},
		{"wrong check digit", "2341 2341 2345", "", false, true, false},
		{"first digit 1", "1341 2341 2346", "", true, false, false},
		{"first digit 0", "0341 2341 2346", "", true, false, false},
		{"11 digits", "2341 2341 234", "", true, false, false},
		{"13 digits", "2341 2341 23466", "", true, false, false},
		{"letter", "2341 2341 23A6", "", true, false, false},
		{"masked", "XXXX XXXX 2346", "XXXXXXXX2346", false, false, true},
		{"empty", "", "", true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckAadhaar(tt.in)
			var fe *FormatError
			var ce *CheckDigitError
			switch {
			case tt.masked:
				if !errors.Is(err, ErrMasked) {
					t.Fatalf("err = %v, want ErrMasked", err)
				}
			case tt.fmtErr:
				if !errors.As(err, &fe) || fe.Kind != KindAadhaar {
					t.Fatalf("err = %v, want a FormatError", err)
				}
			case tt.checkErr:
				if !errors.As(err, &ce) || ce.Pos != 11 || ce.Warning {
					t.Fatalf("err = %v, want a CheckDigitError at 11", err)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAadhaarPalindrome(t *testing.T) {
	// Find a Verhoeff-valid 12-digit palindrome: the check must still
	// reject it.
	for a := 200000; a < 999999; a++ {
		h := itoa(a)
		n := h + string([]byte{h[5], h[4], h[3], h[2], h[1], h[0]})
		if VerhoeffValid(n) {
			_, err := CheckAadhaar(n)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("CheckAadhaar(%s) err = %v, want a FormatError for a palindrome", n, err)
			}
			return
		}
	}
	t.Fatal("no Verhoeff-valid palindrome found")
}

func TestCheckVID(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	v := GenerateVID(r)
	if got, err := CheckVID(v[:4] + " " + v[4:8] + " " + v[8:12] + " " + v[12:]); err != nil || got != v {
		t.Fatalf("CheckVID(%s) = %q, %v", v, got, err)
	}
	bad := []byte(v)
	bad[15] = '0' + (bad[15]-'0'+1)%10
	var ce *CheckDigitError
	if _, err := CheckVID(string(bad)); !errors.As(err, &ce) {
		t.Errorf("CheckVID(%s) err = %v, want CheckDigitError", bad, err)
	}
	if _, err := CheckVID(v[:12]); err == nil {
		t.Errorf("12 digits accepted as a VID")
	}
}

func TestGeneratorsValid(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		if n := GenerateAadhaar(r); !mustOK(t, CheckAadhaar, n) {
			t.Fatalf("generated Aadhaar %s invalid", n)
		}
		if n := GenerateVID(r); !mustOK(t, CheckVID, n) {
			t.Fatalf("generated VID %s invalid", n)
		}
		if n := GeneratePAN(r, "PCHFATBLJG"[r.IntN(10)], 0); !mustOK(t, CheckPAN, n) {
			t.Fatalf("generated PAN %s invalid", n)
		}
		birth := time.Date(1890+r.IntN(135), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		sex := []string{"M", "F"}[r.IntN(2)]
		foreign := r.IntN(4) == 0 && birth.Year() >= 1900
		n := GenerateRRN(r, birth, sex, foreign)
		got, err := ParseRRN(n)
		if err != nil || got.Number != n || !got.Birth.Equal(birth) || got.Sex != sex || got.Foreigner != foreign {
			t.Fatalf("GenerateRRN(%v, %s, %v) = %s → %+v, %v", birth, sex, foreign, n, got, err)
		}
		if n := GenerateKoreanLicence(r, 1980+r.IntN(46)); !mustOK(t, CheckKoreanLicence, n) {
			t.Fatalf("generated licence %s invalid", n)
		}
		if n := GenerateVIN(r, "WVW", false); !mustOK(t, CheckVIN, n) {
			t.Fatalf("generated VIN %s invalid", n)
		}
		if n := GenerateVIN(r, "", true); !mustOK(t, CheckVINCheckDigit, n) {
			t.Fatalf("generated North-American VIN %s invalid", n)
		}
	}
}

func mustOK(t *testing.T, check func(string) (string, error), n string) bool {
	t.Helper()
	got, err := check(n)
	return err == nil && got == n
}

func TestCheckPAN(t *testing.T) {
	tests := []struct {
		in, want string
		pos      int // FormatError position; -2: no error
	}{
		{"ABCPD1234E", "ABCPD1234E", -2},
		{"abcpd 1234 e", "ABCPD1234E", -2},
		{"AAACC0001Z", "AAACC0001Z", -2},
		{"ABCKD1234E", "", 3},   // K (legacy) is not among the holder types
		{"ABCXD1234E", "", 3},   // unknown holder type
		{"ABCPD0000E", "", 5},   // serial 0000
		{"ABCP11234E", "", 4},   // digit where a letter belongs
		{"ABCPDX234E", "", 5},   // letter in the serial
		{"ABCPD12345", "", 9},   // digit as check letter
		{"ABCPD1234", "", -1},   // too short
		{"ABCPD1234EF", "", -1}, // too long
	}
	for _, tt := range tests {
		got, err := CheckPAN(tt.in)
		if tt.pos == -2 {
			if err != nil || got != tt.want {
				t.Errorf("CheckPAN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Pos != tt.pos || got != "" {
			t.Errorf("CheckPAN(%q) = %q, %v; want FormatError at %d", tt.in, got, err, tt.pos)
		}
	}
}

func TestParseRRN(t *testing.T) {
	tests := []struct {
		name, in string
		want     RRN
		err      string // "", "format", "check", "warning"
	}{
		{"spec example, born 1897", "971013-9019902", RRN{"971013-9019902", time.Date(1897, 10, 13, 0, 0, 0, 0, time.UTC), "M", false}, ""},
		{"spec example 800101", "800101-1234560", RRN{"800101-1234560", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "M", false}, ""},
		{"no hyphen", "8001011234560", RRN{"800101-1234560", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "M", false}, ""},
		{"wrong check", "800101-1234561", RRN{"800101-1234561", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "M", false}, "check"},
		{"female 2000s", "050229-4000000", RRN{}, "format"}, // 2005 is not a leap year
		{"bad month", "801301-1234560", RRN{}, "format"},
		{"short", "800101-123456", RRN{}, "format"},
		{"letter", "80010A-1234560", RRN{}, "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRRN(tt.in)
			var fe *FormatError
			var ce *CheckDigitError
			switch tt.err {
			case "":
				if err != nil {
					t.Fatal(err)
				}
			case "format":
				if !errors.As(err, &fe) {
					t.Fatalf("err = %v, want FormatError", err)
				}
				return
			case "check", "warning":
				if !errors.As(err, &ce) || ce.Warning != (tt.err == "warning") {
					t.Fatalf("err = %v, want CheckDigitError (warning %v)", err, tt.err == "warning")
				}
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRRNCenturyAndSex(t *testing.T) {
	tests := []struct {
		g       byte
		year    int
		sex     string
		foreign bool
	}{
		{'9', 1897, "M", false}, {'0', 1897, "F", false},
		{'1', 1997, "M", false}, {'2', 1997, "F", false},
		{'3', 2097, "M", false}, {'4', 2097, "F", false},
		{'5', 1997, "M", true}, {'6', 1997, "F", true},
		{'7', 2097, "M", true}, {'8', 2097, "F", true},
	}
	for _, tt := range tests {
		d := "970101" + string(tt.g) + "12345"
		n := d + string(rrnCheck(d))
		got, err := ParseRRN(n)
		if err != nil || got.Birth.Year() != tt.year || got.Sex != tt.sex || got.Foreigner != tt.foreign {
			t.Errorf("ParseRRN(%s) = %+v, %v; want %d %s foreign=%v", n, got, err, tt.year, tt.sex, tt.foreign)
		}
	}
}

func TestRRNWarningAfter2020(t *testing.T) {
	d := "210315" + "3" + "98765"
	bad := d + string('0'+(rrnCheck(d)-'0'+1)%10)
	got, err := ParseRRN(bad)
	var ce *CheckDigitError
	if !errors.As(err, &ce) || !ce.Warning {
		t.Fatalf("ParseRRN(%s) err = %v, want a warning", bad, err)
	}
	if got.Birth != time.Date(2021, 3, 15, 0, 0, 0, 0, time.UTC) || got.Sex != "M" {
		t.Errorf("decoded %+v", got)
	}
	d = "200915" + "4" + "98765" // born before October 2020: a real error
	bad = d + string('0'+(rrnCheck(d)-'0'+1)%10)
	if _, err := ParseRRN(bad); !errors.As(err, &ce) || ce.Warning {
		t.Fatalf("ParseRRN(%s) err = %v, want a hard check-digit error", bad, err)
	}
}

func TestCheckKoreanLicence(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"11-05-123456-78", "11-05-123456-78", true},
		{"110512345678", "11-05-123456-78", true},
		{"28-19-000001-10", "28-19-000001-10", true},
		{"서울 05-123456-78", "11-05-123456-78", true},
		{"경기북부 05-123456-78", "28-05-123456-78", true},
		{"27-05-123456-78", "", false}, // no region 27
		{"10-05-123456-78", "", false},
		{"11-05-12345-78", "", false},
		{"11-05-1234S6-78", "", false},
		{"부천 05-123456-78", "", false},
	}
	for _, tt := range tests {
		got, err := CheckKoreanLicence(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("CheckKoreanLicence(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Errorf("CheckKoreanLicence(%q) err %T, want *FormatError", tt.in, err)
		}
	}
}

func TestVIN(t *testing.T) {
	tests := []struct {
		in, want string
		format   bool // passes CheckVIN
		check    bool // passes CheckVINCheckDigit
	}{
		{"1M8GDM9AXKP042788", "1M8GDM9AXKP042788", true, true}, // 49 CFR 565 example, check X
		{"11111111111111111", "11111111111111111", true, true},
		{"1m8gdm9a-xkp042788", "1M8GDM9AXKP042788", true, true},
		{"1M8GDM9A1KP042788", "1M8GDM9A1KP042788", true, false},
		{"WVWZZZ1JZXW000001", "WVWZZZ1JZXW000001", true, false}, // European: no check digit
		{"1M8GDM9AXKP04278", "", false, false},
		{"1M8GDM9AXKP0427881", "", false, false},
		{"1M8GDM9AXKO042788", "", false, false}, // O
		{"IM8GDM9AXKP042788", "", false, false}, // I
		{"1M8GDM9AXKP04278Q", "", false, false}, // Q
		{"1M8GDM9AXKP04278_", "", false, false},
	}
	for _, tt := range tests {
		got, err := CheckVIN(tt.in)
		if (err == nil) != tt.format || (err == nil && got != tt.want) {
			t.Errorf("CheckVIN(%q) = %q, %v", tt.in, got, err)
		}
		got, err = CheckVINCheckDigit(tt.in)
		if (err == nil) != tt.check || (err == nil && got != tt.want) {
			t.Errorf("CheckVINCheckDigit(%q) = %q, %v", tt.in, got, err)
		}
		var ce *CheckDigitError
		if tt.format && !tt.check && (!errors.As(err, &ce) || ce.Pos != 8) {
			t.Errorf("CheckVINCheckDigit(%q) err = %v, want CheckDigitError at 8", tt.in, err)
		}
	}
}

// checkers lists every checker for the fuzz test.
var checkers = map[string]func(string) (string, error){
	"aadhaar": CheckAadhaar, "vid": CheckVID, "pan": CheckPAN, "rrn": CheckRRN,
	"licence": CheckKoreanLicence, "vin": CheckVIN, "vin-cd": CheckVINCheckDigit,
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"2341 2341 2346", "XXXX XXXX 2346", "ABCPD1234E", "971013-9019902",
		"서울 05-123456-78", "11-05-123456-78", "1M8GDM9AXKP042788", "", "\xff\xfe", "경기북부"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, check := range checkers {
			n, err := check(s)
			if err != nil {
				continue
			}
			// A valid number normalises to itself.
			n2, err := check(n)
			if err != nil || n2 != n {
				t.Errorf("%s: %q → %q, then %q, %v", name, s, n, n2, err)
			}
		}
		if r, err := ParseRRN(s); err == nil && r.Number == "" {
			t.Errorf("ParseRRN(%q) valid without a number", s)
		}
	})
}

func TestFixPAN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MZSPV40390", "MZSPV4039O"},
		{"MIUPDO093P", "MIUPD0093P"},
		{"ABCPD 1234 F", "ABCPD1234F"},
		{"5BCP81Z3SO", "SBCPB1235O"},
		{"ABC", "ABC"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FixPAN(tt.in); got != tt.want {
			t.Errorf("FixPAN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
