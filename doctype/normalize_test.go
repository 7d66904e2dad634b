package doctype

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		norm, in, want string
		ok             bool
	}{
		{"name", " eriksson ", "ERIKSSON", true},
		{"name", "Männik", "MÄNNIK", true},
		{"name", "MARI-LIIS", "MARI-LIIS", true},
		{"name", "ANNA  MARIA.", "ANNA MARIA", true},
		{"name", "O'BRIEN, SEAN", "O'BRIEN, SEAN", true},
		{"name", " 1 ", "", false},
		{"number", "Z E 184226 B", "ZE184226B", true},
		{"number", "L898902C3<", "L898902C3", true},
		{"number", " - ", "", false},
		{"sex", "F/F", "F", true},
		{"sex", "N/F", "F", true},
		{"sex", "M", "M", true},
		{"sex", "X", "X", true},
		{"sex", "N", "", false},
		{"code", "utopian", "UTOPIAN", true},
		{"code", "Française", "FRANCAISE", true},
		{"text", "  passport   office ", "PASSPORT OFFICE", true},
		{"text", "PARIS 1ER (75)", "PARIS 1ER (75)", true},
		{"text", "EESTI / EST", "EESTI / EST", true},
		{"text", " .. ", "", false},
		{"address", "110 SOMEWHERE  ST\n\nSEOUL", "110 SOMEWHERE ST SEOUL", true},
		{"date_birth", "12 AUGUST/AOUT 74", "1974-08-12", true},
		{"date_past", "16 APR/AVR 07", "2007-04-16", true},
		{"date_expiry", "15 APR/AVR 12", "2012-04-15", true},
		{"date_expiry", "garbage", "", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.norm, tt.in, refNow)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%q, %q) = %q, %v; want %q, %v", tt.norm, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKnownNormalizer(t *testing.T) {
	for _, n := range []string{"text", "name", "number", "code", "sex", "date_past", "date_birth", "date_expiry", "address"} {
		if !KnownNormalizer(n) {
			t.Errorf("KnownNormalizer(%q) = false", n)
		}
	}
	if KnownNormalizer("soundex") {
		t.Error("KnownNormalizer(soundex) = true")
	}
}

func TestPlainLatin(t *testing.T) {
	for c, want := range map[string]bool{"UTO": true, "gbr": true, " USA ": true, "SWE": false, "RUS": false, "ESP": false, "": false, "D": false} {
		if got := PlainLatin(c); got != want {
			t.Errorf("PlainLatin(%q) = %v, want %v", c, got, want)
		}
	}
}
