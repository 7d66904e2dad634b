package doctype

import (
	"errors"
	"image"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBuiltinTemplatesLoad(t *testing.T) {
	r, err := NewBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	ts := r.Templates()
	if len(ts) < 5 {
		t.Fatalf("%d builtin templates, want at least the 5 generic ICAO ones", len(ts))
	}
	for _, tm := range ts {
		if tm.Source == "" {
			t.Errorf("%s: no source (where the layout comes from)", tm.Name)
		}
		if len(tm.Fields) == 0 {
			t.Errorf("%s: no fields", tm.Name)
		}
	}
}

func TestGenericSizesAt300DPI(t *testing.T) {
	want := map[string]image.Point{
		"TD3": {1476, 1039}, "TD2": {1240, 874}, "TD1": {1011, 638}, "MRVA": {1417, 945}, "MRVB": {1240, 874},
	}
	for f, size := range want {
		tm, ok := Default().Lookup("ZZZ", "passport", f)
		if !ok {
			t.Errorf("no generic template for %s", f)
			continue
		}
		if tm.Country != "" || tm.Format != f {
			t.Errorf("Lookup(ZZZ, passport, %s) = %s, want the generic %s template", f, tm.Name, f)
		}
		if tm.Size != size {
			t.Errorf("%s: size %v, want %v", tm.Name, tm.Size, size)
		}
	}
}

func TestLookupFallbacks(t *testing.T) {
	r := new(Registry)
	mk := func(name, country, idType, format string) *Template {
		return &Template{Name: name, Country: country, IDType: idType, Format: format, Side: "front",
			Size:   image.Pt(100, 100),
			Fields: []Field{{Key: "surname", Region: image.Rect(1, 1, 50, 20), Kind: KindName, Normalizer: "name", PSM: 7}}}
	}
	for _, tm := range []*Template{
		mk("generic-td3", "", "", "TD3"),
		mk("generic-td1", "", "", "TD1"),
		mk("generic-mrvb", "", "", "MRVB"),
		mk("aaa-passport", "AAA", "passport", "TD3"),
		mk("aaa-id-td1", "AAA", "government_id", "TD1"),
		mk("aaa-id-any", "AAA", "government_id", ""),
	} {
		if err := r.Register(tm); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ country, idType, format, want string }{
		{"AAA", "passport", "TD3", "aaa-passport"},
		{"aaa", "passport", "TD3", "aaa-passport"},
		{"AAA", "government_id", "TD1", "aaa-id-td1"},
		{"AAA", "government_id", "TD2", "aaa-id-any"},    // no generic TD2 here
		{"AAA", "government_id", "MRVB", "generic-mrvb"}, // an MRZ: not the format-less document
		{"AAA", "government_id", "", "aaa-id-any"},
		{"AAA", "passport", "TD1", "generic-td1"}, // the specific one is for TD3
		{"BBB", "passport", "TD3", "generic-td3"},
		{"BBB", "passport", "MRVA", ""},
		{"BBB", "passport", "", ""},
	}
	for _, tt := range tests {
		got, ok := r.Lookup(tt.country, tt.idType, tt.format)
		name := ""
		if ok {
			name = got.Name
		}
		if name != tt.want {
			t.Errorf("Lookup(%s, %s, %s) = %q, want %q", tt.country, tt.idType, tt.format, name, tt.want)
		}
	}
	if err := r.Register(mk("aaa-passport", "AAA", "passport", "TD3")); err == nil {
		t.Error("duplicate name registered")
	}
	if err := r.Register(mk("generic-td3-bis", "", "", "TD3")); err == nil {
		t.Error("second generic TD3 registered")
	}
	if err := r.Register(nil); err == nil {
		t.Error("nil registered")
	}
}

func TestParseTemplateMM(t *testing.T) {
	tm, err := ParseTemplate([]byte(`{"name":"x","format":"TD3","unit":"mm","size":[125,88],
		"fields":[{"key":"birth_date","region":[37,33.75,80,40.1],"kind":"date"},
		          {"key":"sex","region":[37,40,52,46],"kind":"code","whitelist":"MF","minScore":70,"caption":true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if tm.Size != image.Pt(1476, 1039) {
		t.Errorf("size %v", tm.Size)
	}
	bd, _ := tm.Field("birth_date")
	if bd.Region != image.Rect(437, 399, 945, 474) || bd.Normalizer != "date_birth" || bd.PSM != 7 ||
		bd.Lang != "eng" || bd.MinScore != 50 || bd.Whitelist != DefaultWhitelist(KindDate) {
		t.Errorf("birth_date defaults: %+v", bd)
	}
	sex, _ := tm.Field("sex")
	if sex.Normalizer != "sex" || sex.Whitelist != "MF" || sex.MinScore != 70 || sex.PSM != 6 || !sex.Caption {
		t.Errorf("sex: %+v", sex)
	}
	if _, ok := tm.Field("authority"); ok {
		t.Error("Field(authority) found in a template without it")
	}
}

func TestParseTemplateErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"syntax", `{"name":`, "doctype:"},
		{"unknown key", `{"name":"x","format":"TD3","size":[10,10],"colour":1}`, "unknown field"},
		{"unit", `{"name":"x","format":"TD3","unit":"in","size":[10,10]}`, "unknown unit"},
		{"no name", `{"format":"TD3","size":[10,10]}`, "no name"},
		{"no size", `{"name":"x","format":"TD3"}`, "size"},
		{"generic without format", `{"name":"x","size":[10,10]}`, "needs a format"},
		{"country without idType", `{"name":"x","country":"UTO","size":[10,10]}`, "together"},
		{"bad side", `{"name":"x","format":"TD3","side":"left","size":[10,10]}`, "side"},
		{"region outside", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,20,5],"kind":"text"}]}`, "field a: region"},
		{"empty region", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[5,5,5,5],"kind":"text"}]}`, "region"},
		{"kind", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,5,5],"kind":"photo"}]}`, "unknown kind"},
		{"normalizer", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,5,5],"kind":"text","normalizer":"rot13"}]}`, "unknown normalizer"},
		{"dup", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,5,5],"kind":"text"},{"key":"a","region":[0,0,5,5],"kind":"text"}]}`, "duplicate"},
		{"score", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,5,5],"kind":"text","minScore":101}]}`, "minScore"},
		{"max score", `{"name":"x","format":"TD3","size":[10,10],"fields":[{"key":"a","region":[0,0,5,5],"kind":"text","maxScore":-1}]}`, "maxScore"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm, err := ParseTemplate([]byte(tt.json))
			if err == nil || tm != nil {
				t.Fatalf("ParseTemplate = %v, %v; want an error and no template", tm, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			var te *TemplateError
			if tt.name != "syntax" && tt.name != "unknown key" && !errors.As(err, &te) {
				t.Errorf("error %v is not a *TemplateError", err)
			}
		})
	}
}

func TestLoadFSNamesTheFile(t *testing.T) {
	fsys := fstest.MapFS{"t/bad.json": {Data: []byte(`{"name":"x","format":"TD3"}`)}, "t/README": {Data: []byte("skip")}}
	err := new(Registry).LoadFS(fsys, "t")
	if err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("LoadFS error %v does not name bad.json", err)
	}
}

func FuzzParseTemplate(f *testing.F) {
	entries, _ := templateFS.ReadDir("templates")
	for _, e := range entries {
		data, _ := templateFS.ReadFile("templates/" + e.Name())
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tm, err := ParseTemplate(data)
		if err != nil {
			if tm != nil {
				t.Fatal("template with error")
			}
			return
		}
		if err := tm.Validate(); err != nil {
			t.Fatalf("parsed template does not validate: %v", err)
		}
	})
}
