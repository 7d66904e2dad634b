package doctype

import (
	"errors"
	"testing"
	"time"
)

var refNow = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		c    Century
		want string
	}{
		{"icao en/fr", "12 AUG/AOÛT 74", CenturyPast, "1974-08-12"},
		{"icao en/fr unaccented", "12 AUG/AOUT 74", CenturyPast, "1974-08-12"},
		{"full month", "12 AUGUST/AOUT 74", CenturyPast, "1974-08-12"},
		{"apr/avr issue", "16 APR/AVR 07", CenturyPast, "2007-04-16"},
		{"apr/avr expiry", "15 APR/AVR 12", CenturyExpiry, "2012-04-15"},
		{"compact", "12JUL42", CenturyPast, "1942-07-12"},
		{"lug/juil four-digit year", "12 LUG/JUIL 1942", CenturyPast, "1942-07-12"},
		{"dotted", "22.01.1975", CenturyPast, "1975-01-22"},
		{"dotted short", "22.05.12", CenturyExpiry, "2012-05-22"},
		{"spaced numeric", "06 12 1965", CenturyPast, "1965-12-06"},
		{"iso", "1974-08-12", CenturyPast, "1974-08-12"},
		{"spanish", "03 ENE/JAN 99", CenturyPast, "1999-01-03"},
		{"spanish ago", "3 AGO 2001", CenturyPast, "2001-08-03"},
		{"french fev", "01 FÉV 1980", CenturyPast, "1980-02-01"},
		{"french dec", "31 DÉC/DEC 2030", CenturyExpiry, "2030-12-31"},
		{"sept", "09 SEPT 2021", CenturyPast, "2021-09-09"},
		{"ocr O for 0 in year", "22.01.19O5", CenturyPast, "1905-01-22"},
		{"ocr 0CT", "05 0CT 88", CenturyPast, "1988-10-05"},
		{"unknown national month beside english", "12 LUG/JUL 42", CenturyPast, "1942-07-12"},
		{"birth future goes to 1900s", "01 JAN 30", CenturyPast, "1930-01-01"},
		{"expiry in 2030s", "01 JAN 35", CenturyExpiry, "2035-01-01"},
		{"expiry far future is 1900s", "01 JAN 99", CenturyExpiry, "1999-01-01"},
		{"lower case", "12 aug 74", CenturyPast, "1974-08-12"},
		{"leap day", "29.02.2000", CenturyPast, "2000-02-29"},
		{"slash read as I", "15 APRIAVR 12", CenturyExpiry, "2012-04-15"},
		{"slash read as L", "12 AUGLAOUT 74", CenturyPast, "1974-08-12"},
		{"glued with I", "20 JULIJUIL 23", CenturyPast, "2023-07-20"},
		{"glued without separator", "20 JULJUIL 23", CenturyPast, "2023-07-20"},
		{"separator and a letter lost", "02 JULUIL 17", CenturyPast, "2017-07-02"},
		{"separator and a letter lost, sept", "26 SEPEPT 13", CenturyPast, "2013-09-26"},
		{"day and month glued", "1110 2025", CenturyPast, "2025-10-11"},
		{"slash read as J", "01 JUNJJUIN 2023", CenturyPast, "2023-06-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, tt.c, refNow)
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseDateInvalid(t *testing.T) {
	for _, in := range []string{
		"", "XX XX 1974", "XX XXX XX", "31.02.1999", "29.02.2001", "12 FOO 74",
		"12 AUG/SEP 74", "12 13 1974", "AUG 12 74", "12 AUG", "1974", "ANNA MARIA",
		"00.01.1975", "12 AUG 7", "1997-05-2", "1997-5-20", "12 AUGSEP 74", "12 AUGISEP 74", "2.05.2007", "22.5.2007",
		"2012 1110", "3210 2025", "1113 2025", "12 JULAUG 74",
	} {
		got, err := ParseDate(in, CenturyPast, refNow)
		var de *DateError
		if err == nil || !errors.As(err, &de) || got != "" {
			t.Errorf("ParseDate(%q) = %q, %v; want a *DateError and no value", in, got, err)
		}
	}
}

func TestMonth(t *testing.T) {
	tests := map[string]int{
		"JAN": 1, "FÉV": 2, "FEV": 2, "FEB": 2, "MARS": 3, "MAR": 3, "AVR": 4, "ABR": 4, "MAY": 5, "MAI": 5,
		"MAYO": 5, "JUIN": 6, "JUN": 6, "JUIL": 7, "JUL": 7, "AOÛT": 8, "AGO": 8, "SEPT": 9, "OCT": 10,
		"NOV": 11, "DÉC": 12, "DIC": 12, "ENE": 1, "JU": 0, "XXX": 0, "": 0, "AUGUSTA": 0,
	}
	for in, want := range tests {
		if got := Month(in); got != want {
			t.Errorf("Month(%q) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"12 AUG/AOÛT 74", "22.01.1975", "1974-08-12", "12JUL42", "XX XX 1974", "0CT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDate(s, CenturyPast, refNow)
		if err != nil {
			if v != "" {
				t.Fatalf("value %q with error %v", v, err)
			}
			return
		}
		if _, err := time.Parse("2006-01-02", v); err != nil {
			t.Fatalf("ParseDate(%q) = %q, not a date: %v", s, v, err)
		}
		// A normalised date parses to itself.
		if again, err := ParseDate(v, CenturyPast, refNow); err != nil || again != v {
			t.Fatalf("ParseDate(%q) = %q, %v; want it stable", v, again, err)
		}
	})
}
