package synth

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/barcode"
	"github.com/idrecog/idrecog/idnum"
)

// TestScriptGlyphs checks that every Hangul, Hanja and Devanagari string
// the layouts print has a glyph in each font that may print it: a missing
// glyph would draw '?' into an image whose truth says otherwise.
func TestScriptGlyphs(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Skip(err)
	}
	ts := newTypesetter(fonts)
	var korean []string
	for _, p := range append(append([]hanPair(nil), krSurnames...), krGiven...) {
		korean = append(korean, p.hangul, p.hanja)
	}
	for _, c := range krCities {
		korean = append(korean, c.city)
		korean = append(korean, c.districts...)
	}
	korean = append(korean, krStreets...)
	korean = append(korean, krApartments...)
	korean = append(korean, krPlateLetters...)
	for _, p := range krPolice {
		korean = append(korean, p[0], p[1])
	}
	korean = append(korean, "주민등록증", "자동차운전면허증", "성명", "주민번호", "주소", "적성검사기간", "조건", "없음", "A(자동)", "B(의수)", "암호일련번호",
		"1종 보통", "2종 보통", "1종 대형", "2종 소형", "1종 특수", "자동차등록증", "문서확인번호", "①②③④⑤⑥⑦⑧⑨⑩⑪",
		"자동차등록번호 차종 용도 차명 형식 및 모델연도 차대번호 원동기형식 사용본거지 성명(명칭) 주민(법인)등록번호",
		"자동차관리법 제8조 및 같은 법 시행규칙 제27조제1항에 따라 위와 같이 등록하였음을 증명합니다.", "최초등록일 :", "년월일", "제원",
		"제원관리번호 형식승인번호 길이 너비 높이 총중량 배기량 정격출력 승차정원 최대적재량 기통수 연료의 종류 휘발유 경유 전기 명", "검사유효기간", "자가용 영업용")
	for _, v := range krVehicles {
		korean = append(korean, v.maker, v.model, v.class)
	}
	hindi := []string{"भारत सरकार", "मेरा आधार, मेरी पहचान", devaVisual("पुरुष"), devaVisual("महिला"), "पता", devaVisual("आयकर विभाग"), "नाम", devaVisual("पिता का नाम")}
	check := func(f fontID, ss []string) {
		for _, s := range ss {
			fc := ts.face(f, 64*20)
			for _, r := range s {
				if r == ' ' || r < 128 {
					continue
				}
				if _, _, ok := fc.GlyphBounds(r); !ok {
					t.Errorf("font %d has no glyph for %q (in %q)", f, r, s)
				}
			}
		}
	}
	for _, f := range []fontID{fontKRGothic, fontKRGothicBd, fontKRBatang, fontKRDotum} {
		check(f, korean)
	}
	for _, f := range []fontID{fontDeva, fontDevaBd} {
		check(f, hindi)
	}
	if got := devaVisual("विभाग"); !strings.HasPrefix(got, "ि") {
		t.Errorf("devaVisual(विभाग) = %q, want the vowel sign first", got)
	}
}

// TestOtherTruth checks documents without an MRZ at every level: no MRZ
// in the truth, every listed key present and inside the document, quads
// consistent with the photo's homography, numbers passing their checks
// and the ocr summary agreeing with the printed fields.
func TestOtherTruth(t *testing.T) {
	per := 2
	if testing.Short() {
		per = 1
	}
	g := newGen(t, Options{Seed: 9, Level: LevelMixed, Types: OtherTypes})
	for i := 0; i < 3*len(OtherTypes)*per; i++ {
		d, err := g.Generate(i)
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		tr := &d.Truth
		name := fmt.Sprintf("%s (%s, %s)", tr.File, tr.Type, tr.Level)
		if tr.Format != "" || len(tr.MRZ) != 0 || tr.MRZSide != "" || tr.Expected.OCR.FullMRZ != "" {
			t.Errorf("%s: MRZ truth on a document without one: %q %q %q", name, tr.Format, tr.MRZ, tr.MRZSide)
		}
		if tr.IDType != tr.Expected.DocumentType || tr.IDType != kindOf(tr.Type).idType {
			t.Errorf("%s: idType %s, document_type %s", name, tr.IDType, tr.Expected.DocumentType)
		}
		checkView(t, name+" front", tr.View, d.Front, tr.DocSize)
		if (tr.BackFile != "") != (d.Back != nil) || (tr.Back != nil) != (d.Back != nil) {
			t.Fatalf("%s: back file %q, back view %v, back image %d bytes", name, tr.BackFile, tr.Back != nil, len(d.Back))
		}
		if d.Back != nil {
			checkView(t, name+" back", *tr.Back, d.Back, tr.DocSize)
		}
		for _, k := range OtherFieldKeys[tr.Type] {
			if f, ok := tr.Fields[k]; !ok || strings.TrimSpace(f.Value) == "" {
				t.Errorf("%s: no field %s", name, k)
			}
		}
		for k, f := range tr.Fields {
			v := tr.ViewOf(f.Side)
			want := v.DocToPhoto.ApplyQuad(f.Quad)
			for c := range want {
				if want[c].Dist(f.OriginalQuad[c]) > 0.5 {
					t.Errorf("%s: field %s corner %d at %v, DocToPhoto gives %v", name, k, c, f.OriginalQuad[c], want[c])
				}
			}
			if f.Quad.Area() <= 0 {
				t.Errorf("%s: field %s has an empty quad %v", name, k, f.Quad)
			}
			if b := f.Quad.Bounds(); !b.In(image.Rect(-1, -1, tr.DocSize.W+1, tr.DocSize.H+1)) {
				t.Errorf("%s: field %s quad %v leaves the document", name, k, b)
			}
			if strings.HasSuffix(k, "_date") && len(f.Normalized) != 10 {
				t.Errorf("%s: date field %s normalized %q", name, k, f.Normalized)
			}
		}
		checkOtherValues(t, name, tr)
	}
}

// checkOtherValues checks a document's numbers and its ocr summary against
// the printed fields.
func checkOtherValues(t *testing.T, name string, tr *Truth) {
	t.Helper()
	o := tr.Expected.OCR
	f := tr.Fields
	eq := func(what, got, want string) {
		if got != want {
			t.Errorf("%s: %s %q, want %q", name, what, got, want)
		}
	}
	switch tr.Type {
	case "aadhaar":
		n, err := idnum.CheckAadhaar(f["number"].Value)
		if err != nil {
			t.Errorf("%s: Aadhaar %q: %v", name, f["number"].Value, err)
		}
		eq("ocr_number", o.Number, n)
		eq("ocr_identityNumber", o.IdentityNumber, n)
		eq("printed number", f["number"].Value, idnum.FormatAadhaar(n))
		eq("sex", f["sex"].Normalized, o.Gender)
		if b, ok := f["birth_date"]; ok {
			eq("ocr_birthDate", o.BirthDate, b.Normalized)
		} else if _, ok := f["year_of_birth"]; !ok || o.BirthDate != "" {
			t.Errorf("%s: neither a birth date nor a year of birth", name)
		}
		if !regexp.MustCompile(` - [1-9][0-9]{5}$`).MatchString(f["address"].Value) {
			t.Errorf("%s: address %q does not end with a PIN", name, f["address"].Value)
		}
	case "pan":
		n, err := idnum.CheckPAN(f["number"].Value)
		if err != nil {
			t.Errorf("%s: PAN %q: %v", name, f["number"].Value, err)
		}
		eq("ocr_number", o.Number, n)
		eq("ocr_fullName", o.FullName, f["name"].Value)
		eq("ocr_birthDate", o.BirthDate, f["birth_date"].Normalized)
		if n[4] != o.LastName[0] {
			t.Errorf("%s: PAN %s 5th letter is not the surname's initial (%s)", name, n, o.LastName)
		}
	case "korrc", "kordl", "korvrc":
		rrn, err := idnum.ParseRRN(f["number"].Value)
		if err != nil {
			t.Errorf("%s: RRN %q: %v", name, f["number"].Value, err)
		}
		eq("ocr_identityNumber", o.IdentityNumber, rrn.Number)
		eq("ocr_fullName", o.FullName, f["name"].Value)
		eq("ocr_issueDate", o.IssueDate, f["issue_date"].Normalized)
		if tr.Type != "korvrc" {
			eq("ocr_birthDate", o.BirthDate, isoDate(rrn.Birth))
			eq("ocr_gender", o.Gender, rrn.Sex)
		}
		switch tr.Type {
		case "korrc":
			eq("ocr_number", o.Number, rrn.Number)
			if utf8.RuneCountInString(f["name_chn"].Value) != utf8.RuneCountInString(f["name"].Value) {
				t.Errorf("%s: Hanja %q does not spell %q", name, f["name_chn"].Value, f["name"].Value)
			}
			if !regexp.MustCompile(`^\d{4}\. \d{1,2}\. \d{1,2}\.$`).MatchString(f["issue_date"].Value) {
				t.Errorf("%s: issue date printed %q", name, f["issue_date"].Value)
			}
		case "kordl":
			n, err := idnum.CheckKoreanLicence(f["license_number"].Value)
			if err != nil {
				t.Errorf("%s: licence %q: %v", name, f["license_number"].Value, err)
			}
			eq("ocr_number", o.Number, n)
			eq("ocr_expireDate", o.ExpireDate, f["expiry_date"].Normalized)
		case "korvrc":
			if _, err := idnum.CheckVIN(f["vin"].Value); err != nil {
				t.Errorf("%s: VIN: %v", name, err)
			}
			eq("ocr_number", o.Number, f["registration_number"].Value)
		}
	case "euvrc":
		if _, err := idnum.CheckVIN(f["vin"].Value); err != nil {
			t.Errorf("%s: VIN: %v", name, err)
		}
		eq("ocr_number", o.Number, f["registration_number"].Value)
		eq("ocr_fullName", o.FullName, f["given_names"].Value+" "+f["surname"].Value)
		eq("ocr_issueDate", o.IssueDate, f["registration_date"].Normalized)
	case "usdl":
		eq("ocr_number", o.Number, f["license_number"].Value)
		eq("ocr_lastName", o.LastName, f["surname"].Value)
		eq("given names", strings.TrimSpace(o.FirstName+" "+o.MiddleName), f["given_names"].Value)
		eq("ocr_birthDate", o.BirthDate, f["birth_date"].Normalized)
		eq("ocr_expireDate", o.ExpireDate, f["expiry_date"].Normalized)
		eq("ocr_issueDate", o.IssueDate, f["issue_date"].Normalized)
		eq("ocr_gender", o.Gender, f["sex"].Value)
		doc, err := aamva.Parse([]byte(f["pdf417"].Value))
		if err != nil {
			t.Fatalf("%s: payload: %v", name, err)
		}
		eq("DAQ", doc.Element(aamva.IDNumber), o.Number)
		eq("DCS", doc.Element(aamva.IDFamilyName), o.LastName)
		if f["pdf417"].Side != "back" {
			t.Errorf("%s: barcode on the %s", name, f["pdf417"].Side)
		}
	}
}

// TestUSDLBarcodeDecodes renders US licence backs canonically and checks
// that the PDF417 decodes to the payload the truth holds.
func TestUSDLBarcodeDecodes(t *testing.T) {
	g := newGen(t, Options{Seed: 3, Types: []string{"usdl"}})
	for i := 0; i < 4; i++ {
		imgs, tr, err := g.Canonical(i)
		if err != nil {
			t.Fatal(err)
		}
		if len(imgs) != 2 {
			t.Fatalf("usdl %d: %d sides", i, len(imgs))
		}
		syms, err := barcode.DecodePDF417(imgs[1])
		if err != nil {
			t.Fatalf("usdl %d: decode: %v", i, err)
		}
		if len(syms) != 1 || string(syms[0].Data) != tr.Fields["pdf417"].Value {
			t.Errorf("usdl %d: decoded %d symbols, first %q; want %q", i, len(syms), syms[0].Data, tr.Fields["pdf417"].Value)
		}
	}
}

// TestOtherDeterministic checks that documents without an MRZ, like the
// others, do not depend on the order of generation.
func TestOtherDeterministic(t *testing.T) {
	o := Options{Seed: 5, Level: LevelPhoto, Types: OtherTypes}
	a, b := newGen(t, o), newGen(t, o)
	n := len(OtherTypes)
	first := make([]*Document, n)
	for i := 0; i < n; i++ {
		d, err := a.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		first[i] = d
	}
	for i := n - 1; i >= 0; i-- {
		d, err := b.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.Front, first[i].Front) || !bytes.Equal(d.Back, first[i].Back) || !reflect.DeepEqual(d.Truth, first[i].Truth) {
			t.Errorf("document %d (%s) differs between generators", i, d.Truth.Type)
		}
	}
}

// TestEUVRCCountry checks that Options.Country picks the Member State of
// an EU registration certificate.
func TestEUVRCCountry(t *testing.T) {
	for _, c := range []string{"POL", "FRA", "SWE"} {
		g := newGen(t, Options{Seed: 1, Types: []string{"euvrc"}, Country: c})
		_, tr, err := g.Canonical(0)
		if err != nil {
			t.Fatal(err)
		}
		if tr.IssuingCountry != c {
			t.Errorf("country %s: certificate of %s", c, tr.IssuingCountry)
		}
	}
}

// TestCanadianLicence checks the Canadian licences among usdl documents:
// country CAN, front dates YYYY/MM/DD, barcode dates CCYYMMDD.
func TestCanadianLicence(t *testing.T) {
	g := newGen(t, Options{Seed: 2, Types: []string{"usdl"}})
	found := 0
	for i := 0; i < 40 && found < 2; i++ {
		_, tr, err := g.Canonical(i)
		if err != nil {
			t.Fatal(err)
		}
		if tr.IssuingCountry != "CAN" {
			continue
		}
		found++
		doc, err := aamva.Parse([]byte(tr.Fields["pdf417"].Value))
		if err != nil {
			t.Fatal(err)
		}
		b := tr.Fields["birth_date"]
		if doc.Element(aamva.IDCountry) != "CAN" || doc.Element(aamva.IDBirthDate) != strings.ReplaceAll(b.Normalized, "-", "") {
			t.Errorf("%s: DCG %q DBB %q, birth %s", tr.File, doc.Element(aamva.IDCountry), doc.Element(aamva.IDBirthDate), b.Normalized)
		}
		if b.Value != strings.ReplaceAll(b.Normalized, "-", "/") {
			t.Errorf("%s: birth date printed %q, want YYYY/MM/DD of %s", tr.File, b.Value, b.Normalized)
		}
	}
	if found == 0 {
		t.Fatal("no Canadian licence in 40 documents")
	}
}

// TestUSDLBarcodeRate measures how many US licence backs decode to exactly
// their payload at one level (a measurement for docs/synth.md, skipped
// unless SYNTH_PDF417_RATE=level:n is set, e.g.
// SYNTH_PDF417_RATE=photo:60 go test ./synth -run USDLBarcodeRate -v).
func TestUSDLBarcodeRate(t *testing.T) {
	spec := os.Getenv("SYNTH_PDF417_RATE")
	if spec == "" {
		t.Skip("set SYNTH_PDF417_RATE=level:n to measure")
	}
	level, ns, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(ns)
	if err != nil || n <= 0 {
		t.Fatalf("SYNTH_PDF417_RATE=%q: want level:n", spec)
	}
	g := newGen(t, Options{Seed: 424242, Types: []string{"usdl"}, Level: Level(level)})
	ok := 0
	for i := 0; i < n; i++ {
		d, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(bytes.NewReader(d.Back))
		if err != nil {
			t.Fatal(err)
		}
		syms, err := barcode.DecodePDF417(img)
		if err == nil && len(syms) > 0 && string(syms[0].Data) == d.Truth.Fields["pdf417"].Value {
			ok++
		}
	}
	t.Logf("%s: %d/%d backs decoded exactly", level, ok, n)
}

// TestOtherInkHeights measures how tall one value of each document type
// without an MRZ ends up in its photos (a measurement for docs/synth.md,
// skipped unless SYNTH_INK_HEIGHTS=level is set, e.g.
// SYNTH_INK_HEIGHTS=photo go test ./synth -run OtherInkHeights -v).
func TestOtherInkHeights(t *testing.T) {
	level := os.Getenv("SYNTH_INK_HEIGHTS")
	if level == "" {
		t.Skip("set SYNTH_INK_HEIGHTS=level to measure")
	}
	for _, tk := range [][2]string{{"usdl", "license_number"}, {"aadhaar", "number"}, {"pan", "name"}, {"korrc", "number"}, {"kordl", "license_number"}, {"euvrc", "vin"}, {"korvrc", "vin"}} {
		g := newGen(t, Options{Seed: 424242, Types: []string{tk[0]}, Level: Level(level)})
		var hs []float64
		for i := 0; i < 15; i++ {
			d, err := g.Generate(i)
			if err != nil {
				t.Fatal(err)
			}
			q := d.Truth.Fields[tk[1]].OriginalQuad
			hs = append(hs, (q[0].Dist(q[3])+q[1].Dist(q[2]))/2)
		}
		sort.Float64s(hs)
		t.Logf("%s %s: ink height in the photo min %.0f median %.0f max %.0f px", tk[0], tk[1], hs[0], hs[len(hs)/2], hs[len(hs)-1])
	}
}
