package aamva

import (
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestBuildLayout(t *testing.T) {
	d := &Document{IIN: "636000", Version: 10, JurisdictionVersion: 1, Type: "DL",
		Elements:         map[string]string{"DAQ": "T64235789", "DCS": "SAMPLE"},
		JurisdictionType: "ZV", JurisdictionElements: map[string]string{"ZVA": "01"}}
	got, err := Build(d)
	if err != nil {
		t.Fatal(err)
	}
	// header 21 + 2 designators = 41; DL subfile "DLDCSSAMPLE\nDAQT64235789\r" is 25 bytes.
	want := "@\n\x1e\rANSI 636000100102DL00410025ZV00660008DLDCSSAMPLE\nDAQT64235789\rZVZVA01\r"
	if string(got) != want {
		t.Errorf("Build =\n%q\nwant\n%q", got, want)
	}
	d.Version = 1
	got, _ = Build(d)
	if !strings.HasPrefix(string(got), "@\n\x1e\rANSI 6360000102DL00390025ZV00640008DL") {
		t.Errorf("v1 Build = %q (a v1 header has no jurisdiction version)", got)
	}
}

func TestBuildErrors(t *testing.T) {
	ok := func() *Document {
		return &Document{IIN: "636000", Version: 10, Elements: map[string]string{"DAQ": "1"}}
	}
	tests := []struct {
		name string
		edit func(*Document)
	}{
		{"short IIN", func(d *Document) { d.IIN = "63600" }},
		{"letters in IIN", func(d *Document) { d.IIN = "63600A" }},
		{"version", func(d *Document) { d.Version = 100 }},
		{"type", func(d *Document) { d.Type = "XX" }},
		{"no elements", func(d *Document) { d.Elements = nil }},
		{"bad id", func(d *Document) { d.Elements["daq"] = "1" }},
		{"LF in value", func(d *Document) { d.Elements["DCS"] = "A\nB" }},
		{"jurisdiction type", func(d *Document) { d.JurisdictionType = "QV"; d.JurisdictionElements = map[string]string{"QVA": "1"} }},
		{"empty jurisdiction subfile", func(d *Document) { d.JurisdictionType = "ZV" }},
	}
	if _, err := Build(ok()); err != nil {
		t.Fatalf("valid document: %v", err)
	}
	for _, tt := range tests {
		d := ok()
		tt.edit(d)
		if b, err := Build(d); err == nil || b != nil {
			t.Errorf("%s: Build = %q, %v; want an error and no bytes", tt.name, b, err)
		}
	}
}

// randomDocument makes a document with typed values set through SetNames
// and SetDate, so that the round trip checks typed values too.
func randomDocument(r *rand.Rand) (*Document, Names, [3]time.Time) {
	word := func(n int) string {
		b := make([]byte, 1+r.Intn(n))
		for i := range b {
			b[i] = byte('A' + r.Intn(26))
		}
		return string(b)
	}
	d := &Document{IIN: fmt.Sprintf("636%03d", r.Intn(1000)), Version: r.Intn(11), Type: []string{"DL", "ID"}[r.Intn(2)]}
	if d.Version >= 2 {
		d.JurisdictionVersion = r.Intn(100)
	}
	d.Elements = map[string]string{"DAQ": word(12) + fmt.Sprint(r.Intn(1e6))}
	country := []string{"USA", "CAN"}[r.Intn(2)]
	d.Elements["DCG"] = country
	d.Elements["DAJ"] = map[string]string{"USA": "VA", "CAN": "ON"}[country]
	n := Names{Family: word(12), First: word(10)}
	if r.Intn(2) == 0 {
		n.Middle = word(8)
		if r.Intn(3) == 0 {
			n.Middle += " " + word(6)
		}
	}
	if r.Intn(4) == 0 {
		n.Suffix = "JR"
	}
	d.SetNames(n)
	day := func(y0 int) time.Time {
		return time.Date(y0+r.Intn(40), time.Month(1+r.Intn(12)), 1+r.Intn(31), 0, 0, 0, 0, time.UTC)
	}
	dates := [3]time.Time{day(1940), day(2000), day(2020)}
	for i, id := range []string{"DBB", "DBD", "DBA"} {
		d.SetDate(id, dates[i])
	}
	d.Elements["DBC"] = []string{"1", "2", "9"}[r.Intn(3)]
	d.Elements["DAG"] = fmt.Sprintf("%d %s ST", 1+r.Intn(9999), word(10))
	if r.Intn(2) == 0 {
		d.JurisdictionType = "Z" + string(rune('A'+r.Intn(26)))
		d.JurisdictionElements = map[string]string{d.JurisdictionType + "A": word(5)}
	}
	return d, n, dates
}

// TestBuildParseRoundTrip: Parse(Build(d)) gives back every element, the
// names and the dates, for every version and both countries.
func TestBuildParseRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		d, names, dates := randomDocument(r)
		b, err := Build(d)
		if err != nil {
			t.Fatalf("Build(%+v): %v", d, err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(%q): %v", b, err)
		}
		if len(p.Repairs) != 0 {
			t.Errorf("Parse(%q) needed repairs %v", b, p.Repairs)
		}
		if p.IIN != d.IIN || p.Version != d.Version || p.JurisdictionVersion != d.JurisdictionVersion || p.Type != d.Type {
			t.Errorf("header %s v%d jv%d %s, want %s v%d jv%d %s", p.IIN, p.Version, p.JurisdictionVersion, p.Type, d.IIN, d.Version, d.JurisdictionVersion, d.Type)
		}
		if !reflect.DeepEqual(p.Elements, d.Elements) {
			t.Errorf("elements %v, want %v", p.Elements, d.Elements)
		}
		if p.JurisdictionType != d.JurisdictionType || (d.JurisdictionType != "" && !reflect.DeepEqual(p.JurisdictionElements, d.JurisdictionElements)) {
			t.Errorf("jurisdiction %s %v, want %s %v", p.JurisdictionType, p.JurisdictionElements, d.JurisdictionType, d.JurisdictionElements)
		}
		if got := p.Names(); got != names {
			t.Errorf("v%d names %+v, want %+v", d.Version, got, names)
		}
		for k, f := range []func() (time.Time, error){p.BirthDate, p.IssueDate, p.ExpiryDate} {
			if got, err := f(); err != nil || !got.Equal(dates[k]) {
				t.Errorf("v%d %s date %d = %v %v, want %v", d.Version, d.Country(), k, got, err, dates[k])
			}
		}
		if t.Failed() {
			t.Fatalf("payload %q", b)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{v10USA, v8CAN, v4USA, v3USA, v1USA, v10USA[41:], strings.ReplaceAll(v4USA, "\n", ""), "", "@\n\x1e\rANSI ", "DLDAQ"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if d != nil {
				t.Fatal("document returned with an error")
			}
			if !errors.Is(err, ErrNotAAMVA) {
				t.Fatalf("error %v does not wrap ErrNotAAMVA", err)
			}
			return
		}
		if len(d.Elements) == 0 {
			t.Fatal("document without elements")
		}
		_ = d.Names()
		_ = d.Address().String()
		_, _ = d.Height()
		_, _ = d.Weight()
		_, _, _ = d.Sex(), d.Class(), d.Country()
		for _, id := range []string{"DBB", "DBA", "DBD"} {
			if tm, err := d.Date(id); err == nil && (tm.Year() < 1800 || tm.Year() > 9999) {
				t.Fatalf("date %v accepted", tm)
			}
		}
		// Property: what Parse read, Build writes and Parse reads back.
		if len(d.Elements) < 2 || d.IIN == "" || d.Version < 0 {
			return
		}
		b, err := Build(d)
		if err != nil {
			return // e.g. a jurisdiction subfile without elements
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("Parse(Build(d)) = %v for %q", err, b)
		}
		if !reflect.DeepEqual(p.Elements, d.Elements) {
			t.Fatalf("elements changed: %v -> %v (payload %q)", d.Elements, p.Elements, b)
		}
	})
}
