package doctype

import (
	"strings"
	"testing"
	"time"
)

func TestNonMRZTemplatesLookup(t *testing.T) {
	tests := []struct {
		country, idType, side, want string
	}{
		{"IND", "aadhaar", "front", "ind-aadhaar-front"},
		{"IND", "aadhaar", "back", "ind-aadhaar-back"},
		{"ind", "pancard", "front", "ind-pancard"},
		{"KOR", "government_id", "front", "kor-government_id"},
		{"KOR", "drivers_license", "front", "kor-drivers_license"},
		{"KOR", "vehicle_registration_certificate", "front", "kor-vehicle_registration_certificate"},
		{"DEU", "vehicle_registration_certificate", "front", "eu-vehicle_registration_certificate"},
		{"SWE", "vehicle_registration_certificate", "front", "eu-vehicle_registration_certificate"},
		{"HRV", "vehicle_registration_certificate", "front", "eu-vehicle_registration_certificate"},
		{"CHE", "vehicle_registration_certificate", "front", ""}, // not an EU member
		{"IND", "pancard", "back", ""},
		{"KOR", "passport", "front", ""}, // no MRZ format given and no generic fallback
	}
	for _, tt := range tests {
		t.Run(tt.country+"/"+tt.idType+"/"+tt.side, func(t *testing.T) {
			tm, ok := Default().LookupSide(tt.country, tt.idType, "", tt.side)
			if tt.want == "" {
				if ok {
					t.Fatalf("LookupSide = %s, want none", tm.Name)
				}
				return
			}
			if !ok || tm.Name != tt.want {
				t.Fatalf("LookupSide = %v, %v; want %s", tm, ok, tt.want)
			}
			if !tm.IssuedBy(tt.country) {
				t.Errorf("%s.IssuedBy(%s) = false", tm.Name, tt.country)
			}
		})
	}
}

func TestEUTemplateListedOnce(t *testing.T) {
	n := 0
	for _, tm := range Default().Templates() {
		if tm.Name == "eu-vehicle_registration_certificate" {
			n++
			if len(tm.Countries) != 27 {
				t.Errorf("%d EU countries, want 27", len(tm.Countries))
			}
		}
	}
	if n != 1 {
		t.Errorf("Templates lists the EU template %d times, want once", n)
	}
}

func TestNonMRZTemplateValidators(t *testing.T) {
	want := map[string]string{
		"ind-aadhaar-front/number":                 "verhoeff-aadhaar",
		"ind-pancard/number":                       "pan",
		"kor-government_id/number":                 "kr-rrn",
		"kor-drivers_license/license_number":       "kr-dl",
		"kor-drivers_license/number":               "kr-rrn",
		"eu-vehicle_registration_certificate/vin":  "vin",
		"kor-vehicle_registration_certificate/vin": "vin",
	}
	for k, v := range want {
		name, key, _ := strings.Cut(k, "/")
		var found bool
		for _, tm := range Default().Templates() {
			if tm.Name != name {
				continue
			}
			f, ok := tm.Field(key)
			if !ok {
				t.Errorf("%s: no field %s", name, key)
			} else if f.Validate != v {
				t.Errorf("%s: validate %q, want %q", k, f.Validate, v)
			}
			found = true
		}
		if !found {
			t.Errorf("no template %s", name)
		}
	}
}

func TestParseTemplateNonMRZErrors(t *testing.T) {
	f := `"fields":[{"key":"a","region":[0,0,5,5],"kind":"text"%s},{"key":"b","region":[0,0,5,5],"kind":"text"}]`
	tests := []struct{ name, json, want string }{
		{"validate", `{"name":"x","country":"AAA","idType":"t","size":[10,10],` + strings.Replace(f, "%s", `,"validate":"luhn9"`, 1) + `}`, "unknown validate"},
		{"pattern", `{"name":"x","country":"AAA","idType":"t","size":[10,10],` + strings.Replace(f, "%s", `,"pattern":"(["`, 1) + `}`, "pattern"},
		{"above self", `{"name":"x","country":"AAA","idType":"t","size":[10,10],` + strings.Replace(f, "%s", `,"above":"a"`, 1) + `}`, "above/below"},
		{"below unknown", `{"name":"x","country":"AAA","idType":"t","size":[10,10],` + strings.Replace(f, "%s", `,"below":"zz"`, 1) + `}`, "above/below"},
		{"countries and country", `{"name":"x","country":"AAA","countries":["BBB"],"idType":"t","size":[10,10]}`, "countries"},
		{"countries without idType", `{"name":"x","countries":["BBB"],"size":[10,10]}`, "countries"},
		{"bad country", `{"name":"x","countries":["BB1"],"idType":"t","size":[10,10]}`, "three capital letters"},
		{"twice", `{"name":"x","countries":["BBB","bbb"],"idType":"t","size":[10,10]}`, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm, err := ParseTemplate([]byte(tt.json))
			if err == nil || tm != nil {
				t.Fatalf("ParseTemplate = %v, %v; want an error", tm, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
	ok := `{"name":"x","country":"AAA","idType":"t","size":[10,10],` + strings.Replace(f, "%s", `,"validate":"pan","pattern":"[A-Z]{5}","below":"b"`, 1) + `}`
	tm, err := ParseTemplate([]byte(ok))
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := tm.Field("a"); a.Validate != "pan" || a.Pattern != "[A-Z]{5}" || a.Below != "b" {
		t.Errorf("field a: %+v", a)
	}
}

func TestNormalizeYMDAndYear(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		norm, in, want string
		ok             bool
	}{
		{"date_ymd", "2015. 3. 2.", "2015-03-02", true},
		{"date_ymd", "2015년 3월 2일", "2015-03-02", true},
		{"date_ymd", "발급일 2019.12.31", "2019-12-31", true},
		{"date_ymd", "2015. 2. 30.", "", false},
		{"date_ymd", "15. 3. 2.", "", false},
		{"date_ymd", "", "", false},
		{"date_ymd_end", "2028.01.01~2028.12.31", "2028-12-31", true},
		{"date_ymd_end", "2019.05.02", "2019-05-02", true},
		{"year", "Year of Birth : 1987", "1987", true},
		{"sex", "TRANSGENDER", "X", true},
		{"sex", "पुरुष / Male", "M", true},
		{"address", "H.No. 24,\nStation Road", "H.No. 24, Station Road", true},
		{"address", "중앙대로 328\n105동 704호 ( 힐스테이트 )", "중앙대로 328 105동 704호 (힐스테이트)", true},
		{"address", "Husova 20 , 766 00 PLZEN", "Husova 20, 766 00 PLZEN", true},
		{"address", " ,\n ", "", false},
		{"year", "19871", "", false},
		{"kr_licence_type", "2 종 소형", "2종 소형", true},
		{"kr_licence_type", "1종보통", "1종 보통", true},
		{"kr_licence_type", "| 1 종 대 형 13-", "1종 대형", true},
		{"kr_licence_type", "2종 원동기", "2종 원동기", true},
		{"kr_licence_type", "특수 (대형견인)", "특수 (대형견인)", false},
		{"kr_licence_type", "3종 소형", "3종 소형", false},
		{"kr_licence_type", "1 종 특 수", "1종 특수", true},
		{"year", "0042", "", false},
	}
	for _, tt := range tests {
		got, ok := Normalize(tt.norm, tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Normalize(%s, %q) = %q, %v; want %q, %v", tt.norm, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzNormalizeNonMRZ(f *testing.F) {
	for _, s := range []string{"2015. 3. 2.", "2015년 3월 2일", "2028.01.01~2028.12.31", "Year of Birth : 1987", "TRANSGENDER", "a,\nb", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range []string{"date_ymd", "date_ymd_end", "year", "sex", "address", "kr_licence_type"} {
			v, ok := Normalize(n, s, now)
			if ok && v == "" {
				t.Fatalf("%s(%q) ok with an empty value", n, s)
			}
			if n == "date_ymd" || n == "date_ymd_end" {
				if ok && len(v) != 10 {
					t.Fatalf("%s(%q) = %q", n, s, v)
				}
			}
		}
	})
}

func TestSparseReadTemplates(t *testing.T) {
	reg := Default()
	for _, tt := range []struct {
		country, idType string
		want            bool
	}{
		{"KOR", "drivers_license", true},
		{"CZE", "vehicle_registration_certificate", true},
		{"KOR", "government_id", false},
		{"IND", "aadhaar", false},
	} {
		tm, ok := reg.LookupSide(tt.country, tt.idType, "", "front")
		if !ok {
			t.Fatalf("no template for %s %s", tt.country, tt.idType)
		}
		if tm.SparseRead != tt.want {
			t.Errorf("%s: SparseRead = %v, want %v", tm.Name, tm.SparseRead, tt.want)
		}
	}
}
