package aamva

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// payloads written by hand (not by Build), one per version and country;
// layout counts the designators' offsets and lengths.
var (
	v10USA = layout("ANSI 636000100102",
		"DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACMICHAEL\nDDFN\nDADJOHN\nDDGN\nDCUJR\nDCAD\nDCBK\nDCDPH\nDBD03072019\nDBB06061986\nDBA12102024\nDBC1\nDAU068 in\nDAYBRO\nDAG2300 WEST BROAD STREET\nDAIRICHMOND\nDAJVA\nDAK232690000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062018\nDAZBRO\nDAW150\r",
		"ZVZVA01\r")
	v8CAN = layout("ANSI 636028080102",
		"DLDCAA\nDCBNONE\nDCDNONE\nDBA20300115\nDCSTREMBLAY\nDACMARIE\nDADCLAIRE,ANNE\nDBD20250115\nDBB19920229\nDBC2\nDAYBLU\nDAU165 cm\nDAG1 RUE MAIN\nDAIVICTORIA\nDAJBC\nDAKV8W1A1\nDAQ7654321\nDCGCAN\r",
		"ZBZBAVALUE\r")
	v4USA = layout("ANSI 636020040001",
		"DLDAQ12345678\nDCSDOE\nDACJANE\nDADNONE\nDBB01311970\nDBD02012015\nDBA01312023\nDBC2\nDAGPO BOX 1\nDAIDENVER\nDAJCO\nDAK802011234\nDCGUSA\nDCFX1\r")
	v3USA = layout("ANSI 636014030001",
		"DLDAQD1234567\nDCSSMITH\nDCTJOHN PAUL\nDBB07041976\nDBA07042030\nDBD07042022\nDBC1\nDAGMAIN ST\nDAISACRAMENTO\nDAJCA\nDAK95814\r")
	v1USA = layout("ANSI 6360170101",
		"DLDAQ0123456789\nDAAPUBLIC,JOHN,QUINCY,JR\nDAG1 ELM ST\nDAIANYTOWN\nDAJFL\nDAK33101\nDBB12311969\nDBA12312009\nDBD01012001\nDBCM\nDAU509\nDARC\r")
)

// layout writes the compliance characters, header and designators before
// the subfiles.
func layout(header string, subs ...string) string {
	off := 4 + len(header) + 10*len(subs)
	var b strings.Builder
	b.WriteString("@\n\x1e\r" + header)
	for _, s := range subs {
		fmt.Fprintf(&b, "%s%04d%04d", s[:2], off, len(s))
		off += len(s)
	}
	return b.String() + strings.Join(subs, "")
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseVersions(t *testing.T) {
	type want struct {
		iin                  string
		version, jver        int
		typ, country         string
		names                Names
		number, sex          string
		birth, issue, expiry time.Time
		addr                 Address
		jtype                string
	}
	tests := []struct {
		name string
		in   string
		want want
	}{
		{"v10 USA", v10USA, want{"636000", 10, 1, "DL", "USA",
			Names{"SAMPLE", "MICHAEL", "JOHN", "JR"}, "T64235789", "M",
			date(1986, 6, 6), date(2019, 3, 7), date(2024, 12, 10),
			Address{"2300 WEST BROAD STREET", "", "RICHMOND", "VA", "23269"}, "ZV"}},
		{"v8 CAN", v8CAN, want{"636028", 8, 1, "DL", "CAN",
			Names{"TREMBLAY", "MARIE", "CLAIRE ANNE", ""}, "7654321", "F",
			date(1992, 2, 29), date(2025, 1, 15), date(2030, 1, 15),
			Address{"1 RUE MAIN", "", "VICTORIA", "BC", "V8W 1A1"}, "ZB"}},
		{"v4 USA", v4USA, want{"636020", 4, 0, "DL", "USA",
			Names{"DOE", "JANE", "", ""}, "12345678", "F",
			date(1970, 1, 31), date(2015, 2, 1), date(2023, 1, 31),
			Address{"PO BOX 1", "", "DENVER", "CO", "80201-1234"}, ""}},
		{"v3 USA", v3USA, want{"636014", 3, 0, "DL", "USA",
			Names{"SMITH", "JOHN", "PAUL", ""}, "D1234567", "M",
			date(1976, 7, 4), date(2022, 7, 4), date(2030, 7, 4),
			Address{"MAIN ST", "", "SACRAMENTO", "CA", "95814"}, ""}},
		{"v1 USA", v1USA, want{"636017", 1, 0, "DL", "USA",
			Names{"PUBLIC", "JOHN", "QUINCY", "JR"}, "0123456789", "M",
			date(1969, 12, 31), date(2001, 1, 1), date(2009, 12, 31),
			Address{"1 ELM ST", "", "ANYTOWN", "FL", "33101"}, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			if d.IIN != w.iin || d.Version != w.version || d.JurisdictionVersion != w.jver || d.Type != w.typ {
				t.Errorf("header = %s v%d jv%d %s, want %s v%d jv%d %s", d.IIN, d.Version, d.JurisdictionVersion, d.Type, w.iin, w.version, w.jver, w.typ)
			}
			if len(d.Repairs) != 0 {
				t.Errorf("well-formed payload needed repairs: %v", d.Repairs)
			}
			if got := d.Country(); got != w.country {
				t.Errorf("Country = %q, want %q", got, w.country)
			}
			if got := d.Names(); got != w.names {
				t.Errorf("Names = %+v, want %+v", got, w.names)
			}
			if d.Number() != w.number || d.Sex() != w.sex {
				t.Errorf("number, sex = %q %q, want %q %q", d.Number(), d.Sex(), w.number, w.sex)
			}
			for _, c := range []struct {
				name string
				f    func() (time.Time, error)
				want time.Time
			}{{"birth", d.BirthDate, w.birth}, {"issue", d.IssueDate, w.issue}, {"expiry", d.ExpiryDate, w.expiry}} {
				got, err := c.f()
				if err != nil || !got.Equal(c.want) {
					t.Errorf("%s = %v, %v; want %v", c.name, got, err, c.want)
				}
			}
			if got := d.Address(); got != w.addr {
				t.Errorf("Address = %+v, want %+v", got, w.addr)
			}
			if d.JurisdictionType != w.jtype {
				t.Errorf("JurisdictionType = %q, want %q", d.JurisdictionType, w.jtype)
			}
		})
	}
}

func TestAccessors(t *testing.T) {
	d, err := Parse([]byte(v10USA))
	if err != nil {
		t.Fatal(err)
	}
	if raw, cm := d.Height(); raw != "068 in" || cm != 173 {
		t.Errorf("Height = %q %d, want 068 in 173", raw, cm)
	}
	if v, u := d.Weight(); v != "150" || u != "lb" {
		t.Errorf("Weight = %q %q", v, u)
	}
	if d.Eyes() != "BRO" || d.Hair() != "BRO" || d.Class() != "D" || d.Restrictions() != "K" || d.Endorsements() != "PH" || d.Compliance() != "F" {
		t.Errorf("eyes %q hair %q class %q restr %q endo %q compl %q", d.Eyes(), d.Hair(), d.Class(), d.Restrictions(), d.Endorsements(), d.Compliance())
	}
	if d.Discriminator() != "2424244747474786102204" {
		t.Errorf("Discriminator = %q", d.Discriminator())
	}
	if d.JurisdictionElements["ZVA"] != "01" {
		t.Errorf("jurisdiction elements = %v", d.JurisdictionElements)
	}
	if got := d.Address().String(); got != "2300 WEST BROAD STREET, RICHMOND, VA 23269" {
		t.Errorf("Address.String = %q", got)
	}
	v1, _ := Parse([]byte(v1USA))
	if raw, cm := v1.Height(); raw != "509" || cm != 175 {
		t.Errorf("v1 Height = %q %d, want 509 175", raw, cm)
	}
	if v1.Class() != "C" {
		t.Errorf("v1 Class = %q", v1.Class())
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		name, value, country string
		version              int
		want                 time.Time
		bad                  bool
	}{
		{"US", "06061986", "USA", 10, date(1986, 6, 6), false},
		{"CAN", "19860606", "CAN", 10, date(1986, 6, 6), false},
		{"CAN v2 uses MMDDCCYY", "06061986", "CAN", 2, date(1986, 6, 6), false},
		{"CAN written the US way", "06061986", "CAN", 8, date(1986, 6, 6), false},
		{"31 February", "02311990", "USA", 10, time.Time{}, true},
		{"month 13", "13011990", "USA", 10, time.Time{}, true},
		{"leap day", "02292000", "USA", 10, date(2000, 2, 29), false},
		{"not a leap year", "02291900", "USA", 10, time.Time{}, true},
		{"letters", "0606198X", "USA", 10, time.Time{}, true},
		{"short", "060619", "USA", 10, time.Time{}, true},
		{"zeros", "00000000", "USA", 10, time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.value, tt.version, tt.country, "DBB")
			if tt.bad {
				var de *DateError
				if !errors.As(err, &de) || de.Element != "DBB" || !got.IsZero() {
					t.Errorf("ParseDate(%q) = %v, %v; want a *DateError and no date", tt.value, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.value, got, err, tt.want)
			}
		})
	}
	d := &Document{Version: 10, Elements: map[string]string{"DAQ": "1"}}
	if _, err := d.BirthDate(); !errors.Is(err, ErrNoElement) {
		t.Errorf("absent DBB: err = %v, want ErrNoElement", err)
	}
}

func TestSex(t *testing.T) {
	for in, want := range map[string]string{"1": "M", "2": "F", "9": "X", "M": "M", "F": "F", "0": "", "": "", "3": ""} {
		d := &Document{Elements: map[string]string{"DBC": in}}
		if got := d.Sex(); got != want {
			t.Errorf("Sex(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLenient(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		number string
		family string
		repair string // a substring of one of the repairs ("" = none expected)
	}{
		{"AAMVA for ANSI", strings.Replace(v10USA, "ANSI ", "AAMVA", 1), "T64235789", "SAMPLE", "AAMVA"},
		{"control characters dropped from the header", strings.Replace(v10USA, "@\n\x1e\r", "@", 1), "T64235789", "SAMPLE", "compliance characters"},
		{"no compliance indicator", v10USA[4:], "T64235789", "SAMPLE", "compliance indicator missing"},
		{"wrong offset", strings.Replace(v10USA, "DL0041", "DL0037", 1), "T64235789", "SAMPLE", "offset"},
		{"wrong length", v10USA[:27] + "9999" + v10USA[31:], "T64235789", "SAMPLE", "length"},
		{"length too short", v10USA[:27] + "0100" + v10USA[31:], "T64235789", "SAMPLE", "length"},
		{"no header at all", v10USA[41:], "T64235789", "SAMPLE", "header missing"},
		{"garbage before", "xx" + v10USA[41:], "T64235789", "SAMPLE", "header missing"},
		{"element separators lost", strings.ReplaceAll(v4USA, "\n", ""), "12345678", "DOE", "separators"},
		{"CR as element separator", strings.ReplaceAll(v3USA[31:], "\n", "\r"), "D1234567", "SMITH", ""},
		{"v1 header with a jurisdiction version", layout("ANSI 636017010001", v1USA[29:]), "0123456789", "PUBLIC", "jurisdiction version"},
		{"CRLF separators", strings.ReplaceAll(v4USA, "\n", "\r\n"), "12345678", "DOE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Number() != tt.number || d.Names().Family != tt.family {
				t.Errorf("number %q family %q, want %q %q (elements %v)", d.Number(), d.Names().Family, tt.number, tt.family, d.Elements)
			}
			if tt.repair != "" && !strings.Contains(strings.Join(d.Repairs, "|"), tt.repair) {
				t.Errorf("repairs %v, want one mentioning %q", d.Repairs, tt.repair)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"", "hello world", "@\n\x1e\rANSI 636000100102", "https://example.com/DLx",
		"@\n\x1e\rANSI 636000100101ZV00310008ZVZVA01\r", "DL", "DLdaq123",
	} {
		d, err := Parse([]byte(in))
		var se *SyntaxError
		if d != nil || !errors.Is(err, ErrNotAAMVA) || !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, %v; want nil and a *SyntaxError wrapping ErrNotAAMVA", in, d, err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data := []byte(v10USA)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
