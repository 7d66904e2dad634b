package docread

import (
	"context"
	"errors"
	"image"
	"image/draw"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/barcode"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// usdlOCR answers every region with the same lines, laid out one per 40 px,
// words 12 px per character apart.
type usdlOCR struct{ lines []string }

func (f usdlOCR) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	var t ocr.Text
	for i, l := range f.lines {
		y := 20 + 40*i
		x := 300
		line := ocr.Line{Value: l, Score: 90, Height: 20}
		for _, w := range strings.Fields(l) {
			b := image.Rect(x, y, x+12*len(w), y+20)
			line.Words = append(line.Words, ocr.Word{Value: w, Score: 90, Box: b})
			line.Box = line.Box.Union(b)
			x += 12*len(w) + 12
		}
		t.Lines = append(t.Lines, line)
	}
	return t, nil
}

// usdlFind says the card fills the upload, upright.
func usdlFind(ctx context.Context, img image.Image, size image.Point) (*Geometry, error) {
	return usdlWhole(img, size), nil
}

func usdlWhole(img image.Image, size image.Point) *Geometry {
	b := img.Bounds()
	h := geometry.Scale(float64(b.Dx())/float64(size.X), float64(b.Dy())/float64(size.Y))
	return &Geometry{DocSize: size, DocToImage: h, Quad: geometry.RectQuad(b)}
}

func usdlLicence(t *testing.T, edit func(*aamva.Document)) []byte {
	t.Helper()
	d := &aamva.Document{IIN: "636014", Version: 10, JurisdictionVersion: 1, Type: "DL",
		Elements: map[string]string{"DCG": "USA", "DAJ": "CA", "DAQ": "D1234567", "DBC": "1",
			"DAG": "1234 MAIN ST", "DAI": "SACRAMENTO", "DAK": "958140000  ", "DAY": "BRO", "DAU": "070 in",
			"DCA": "C", "DCB": "NONE", "DCD": "NONE", "DCF": "0123456789", "DDA": "F"}}
	d.SetNames(aamva.Names{Family: "SMITH", First: "JOHN", Middle: "PAUL"})
	d.SetDate("DBB", time.Date(1980, 7, 4, 0, 0, 0, 0, time.UTC))
	d.SetDate("DBD", time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC))
	d.SetDate("DBA", time.Date(2028, 7, 4, 0, 0, 0, 0, time.UTC))
	if edit != nil {
		edit(d)
	}
	b, err := aamva.Build(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// backImage draws payload as a PDF417 on a white card back.
func usdlBack(t *testing.T, payload []byte) image.Image {
	t.Helper()
	sym, err := barcode.EncodePDF417(payload, &barcode.EncodeOptions{Module: 2})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, max(1011, sym.Bounds().Dx()+40), 638+sym.Bounds().Dy()))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, sym.Bounds().Add(image.Pt(20, 300)), sym, image.Point{}, draw.Src)
	return img
}

func usdlBlank(w, h int) image.Image {
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return img
}

var usdlFrontLines = []string{
	"CALIFORNIA DRIVER LICENSE · USA",
	"4d DLN D1234567 9 CLASS C",
	"4b EXP 07/04/2028",
	"1 SMITH",
	"2 JOHN PAUL",
	"8 1234 MAIN ST",
	"SACRAMENTO, CA 95814",
	"3 DOB 07/04/1980",
	"4a ISS 01/15/2020 15 SEX M",
}

func usdlReplace(lines []string, old, new string) []string {
	out := append([]string(nil), lines...)
	for i, l := range out {
		if l == old {
			out[i] = new
		}
	}
	return out
}

func TestUSDLRead(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	good := usdlLicence(t, nil)
	tests := []struct {
		name        string
		front, back image.Image
		lines       []string
		noEnv       bool
		err         error
		frontReview []string // substrings expected among the front's reasons; nil = no review
		backReview  bool
		number      string
	}{
		{name: "barcode and front agree", front: usdlBlank(1011, 638), back: usdlBack(t, good), lines: usdlFrontLines, number: "D1234567"},
		{name: "front surname differs", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "1 SMITH", "1 JONES"), frontReview: []string{"surname"}, number: "D1234567"},
		{name: "front birth date differs", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "3 DOB 07/04/1980", "3 DOB 07/04/1981"), frontReview: []string{"birth_date"}, number: "D1234567"},
		{name: "front licence number differs", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4d DLN D1234567 9 CLASS C", "4d DLN D7654321 9 CLASS C"), frontReview: []string{"license_number"}, number: "D1234567"},
		{name: "front sex differs", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4a ISS 01/15/2020 15 SEX M", "4a ISS 01/15/2020 15 SEX F"), frontReview: []string{"sex"}, number: "D1234567"},
		{name: "a G read for a 6 is a disagreement", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4d DLN D1234567 9 CLASS C", "4d DLN D12345G7 9 CLASS C"), frontReview: []string{"license_number"}, number: "D1234567"},
		{name: "an O read for a 0 is no disagreement", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "3 DOB 07/04/1980", "3 DOB O7/04/1980"), number: "D1234567"},
		{name: "garbled caption, another number: printed nowhere", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4d DLN D1234567 9 CLASS C", "asuce Q9873210 scvass C"), frontReview: []string{"license_number: not confirmed"}, number: "D1234567"},
		{name: "licence number with one character misread on every read: not confirmed", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4d DLN D1234567 9 CLASS C", "asuce D12345E7 scvass C"), frontReview: []string{"license_number: not confirmed"}, number: "D1234567"},
		// Every read shows PAUR: as likely a name altered by one letter as
		// a misread, so a person looks.
		{name: "given names one letter off in every read: not confirmed", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "2 JOHN PAUL", "2 JOHN PAUR"), frontReview: []string{"given_names"}, number: "D1234567"},
		{name: "short surname with one letter misread: not confirmed", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "1 SMITH", "1 SMITM"), frontReview: []string{"surname: front \"SMITM\", barcode \"SMITH\""}, number: "D1234567"},
		{name: "no sex read on the front: not confirmed", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4a ISS 01/15/2020 15 SEX M", "4a ISS 01/15/2020"), frontReview: []string{"sex: not confirmed"}, number: "D1234567"},
		{name: "front birth date misread as another date", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "3 DOB 07/04/1980", "zz 07/04/1930"), frontReview: []string{"birth_date: not confirmed on the front (barcode 1980-07-04; the front shows 1930-07-04"}, number: "D1234567"},
		{name: "nothing of the front confirmed", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: []string{"SOMETHING ELSE ENTIRELY"}, frontReview: []string{"front: none of the barcode's values"}, number: "D1234567"},
		{name: "garbled sex caption, other sex", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: usdlReplace(usdlFrontLines, "4a ISS 01/15/2020 15 SEX M", "4a ISS 01/15/2020 assex F"), frontReview: []string{"sex"}, number: "D1234567"},
		{name: "barcode on the front", front: usdlBack(t, good), lines: nil, number: "D1234567"},
		{name: "no env: barcode only", front: usdlBlank(1011, 638), back: usdlBack(t, good), noEnv: true, number: "D1234567"},
		{name: "back without barcode", front: usdlBack(t, good), back: usdlBlank(1011, 638), lines: nil, backReview: true, number: "D1234567"},
		{name: "no barcode anywhere: front only", front: usdlBlank(1011, 638), back: usdlBlank(1011, 638), lines: usdlFrontLines,
			frontReview: []string{"front only"}, backReview: true, number: "D1234567"},
		{name: "passport front", front: usdlBlank(1011, 638), back: usdlBack(t, good),
			lines: []string{"PASSPORT", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, err: ErrNotThisDocument},
		{name: "back with another barcode", front: usdlBlank(1011, 638), back: usdlBack(t, []byte("hello, not a licence")), lines: usdlFrontLines, err: ErrNotThisBack},
		{name: "nothing at all", front: usdlBlank(1011, 638), lines: []string{"RANDOM TEXT"}, err: ErrNothingRead},
		{name: "issue after expiry in the barcode", front: usdlBlank(1011, 638), noEnv: true,
			back:        usdlBack(t, usdlLicence(t, func(d *aamva.Document) { d.SetDate("DBD", time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)) })),
			frontReview: []string{"issue_date: after expiry_date"}, number: "D1234567"},
		{name: "ID card sent as a licence", front: usdlBlank(1011, 638), noEnv: true,
			back:        usdlBack(t, usdlLicence(t, func(d *aamva.Document) { d.Type = "ID" })),
			frontReview: []string{"document_type"}, number: "D1234567"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &Env{OCR: usdlOCR{tt.lines}, Find: usdlFind}
			if tt.noEnv {
				env = nil
			}
			res, err := USDL{}.Read(context.Background(), env, Input{Country: "USA", IDType: "drivers_license", Front: tt.front, Back: tt.back, Now: now})
			if tt.err != nil {
				if !errors.Is(err, tt.err) || res != nil {
					t.Fatalf("err = %v, result %v; want %v and no result", err, res != nil, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Out.Summary.Number != tt.number {
				t.Errorf("ocr_number = %q, want %q", res.Out.Summary.Number, tt.number)
			}
			if got := res.Front.Review; got != (tt.frontReview != nil) {
				t.Errorf("front review = %v (%v), want %v", got, res.Front.Reasons, tt.frontReview != nil)
			}
			for _, want := range tt.frontReview {
				if !strings.Contains(strings.Join(res.Front.Reasons, "|"), want) {
					t.Errorf("front reasons %v lack %q", res.Front.Reasons, want)
				}
			}
			if res.Back.Review != tt.backReview {
				t.Errorf("back review = %v (%v), want %v", res.Back.Review, res.Back.Reasons, tt.backReview)
			}
			if res.Out.Review != (res.Front.Review || res.Back.Review) {
				t.Errorf("Out.Review = %v, sides %v/%v", res.Out.Review, res.Front.Review, res.Back.Review)
			}
		})
	}
}

// TestComparable: the comparison merges the shapes OCR confuses (0/O,
// 1/I/L, 5/S, 8/B, 2/Z) and keeps every other difference.
func TestComparable(t *testing.T) {
	same := [][2]string{{"D1234567", "D I234567"}, {"SMITH", "5MITH"}, {"O'CONNOR", "OCONNOR"}, {"80", "BO"}}
	diff := [][2]string{{"D1234567", "D12345G7"}, {"SMITH", "JONES"}, {"1980", "1981"}}
	for _, p := range same {
		if comparable(p[0]) != comparable(p[1]) {
			t.Errorf("%q and %q should compare equal", p[0], p[1])
		}
	}
	for _, p := range diff {
		if comparable(p[0]) == comparable(p[1]) {
			t.Errorf("%q and %q should differ", p[0], p[1])
		}
	}
}

func TestUSDLMapping(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	res, err := USDL{}.Read(context.Background(), &Env{OCR: usdlOCR{usdlFrontLines}, Find: usdlFind},
		Input{Country: "USA", IDType: "drivers_license", Front: usdlBlank(1011, 638), Back: usdlBack(t, usdlLicence(t, nil)), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	raw := res.Out.Raw
	want := map[string]string{
		"surname": "SMITH", "given_names": "JOHN PAUL", "first_name": "JOHN", "middle_name": "PAUL",
		"birth_date": "1980-07-04", "issue_date": "2020-01-15", "expiry_date": "2028-07-04",
		"license_number": "D1234567", "address": "1234 MAIN ST SACRAMENTO, CA 95814", "sex": "M",
		"eyes": "BRO", "height": "5'-10\"", "height_cm": "178", "class": "C", "restrictions": "NONE",
		"document_discriminator": "0123456789", "compliance_type": "F", "jurisdiction": "CA",
		"issuing_country": "USA", "iin": "636014", "aamva_version": "10",
	}
	for k, v := range want {
		if raw[k].Value != v {
			t.Errorf("raw %s = %q, want %q", k, raw[k].Value, v)
		}
	}
	for _, k := range []string{"birth_date", "issue_date", "expiry_date"} {
		if !accepted(raw[k]) {
			t.Errorf("%s not accepted", k)
		}
	}
	// Fields read on the front carry their quads: the fake OCR put the
	// surname line (the 4th) at y = 140..160 of the page.
	q := raw["surname"].Quad
	if q == nil || raw["surname"].ImageQuad == nil {
		t.Fatalf("surname has no quad")
	}
	if b := q.Bounds(); b.Min.Y < 135 || b.Max.Y > 165 {
		t.Errorf("surname quad %v, want y in 140..160", b)
	}
	s := res.Out.Summary
	if s.FullName != "JOHN PAUL SMITH" || s.FirstName != "JOHN" || s.MiddleName != "PAUL" || s.LastName != "SMITH" ||
		s.Gender != "M" || s.BirthDate != "1980-07-04" || s.IssueDate != "2020-01-15" || s.ExpireDate != "2028-07-04" ||
		s.Number != "D1234567" || s.Nationality != "" {
		t.Errorf("summary %+v", s)
	}
	if res.Out.Kind != "drivers_license" || res.Reader != "aamva" {
		t.Errorf("kind %q reader %q", res.Out.Kind, res.Reader)
	}
	if r, name, ok := Lookup("CAN", "government_id"); !ok || name != "aamva" || r == nil {
		t.Errorf("Lookup(CAN, government_id) = %v %q %v", r, name, ok)
	}
	if _, name, ok := Lookup("USA", "passport"); ok && name == "aamva" {
		t.Errorf("aamva claims US passports")
	}
}

func TestParseUSDLFrontCaptions(t *testing.T) {
	lines := []string{"4dDLN: X9 4b EXP 01/02/2030", "DOB 12/31/1999", "15SEX F 18 EYES BLU", "1 DOE", "8 1 ELM ST", "ANYTOWN, NY 12345", "2 JANE"}
	txt, _ := usdlOCR{lines}.ReadRegion(context.Background(), nil, "", "", 0)
	got, mrz := parseUSDLFront(txt, 1)
	if mrz {
		t.Error("MRZ seen in a licence")
	}
	want := map[string]string{"license_number": "X9", "expiry_date": "01/02/2030", "birth_date": "12/31/1999", "sex": "F", "eyes": "BLU",
		"surname": "DOE", "address": "1 ELM ST ANYTOWN, NY 12345", "given_names": "JANE"}
	for k, v := range want {
		if got[k].value != v {
			t.Errorf("%s = %q, want %q", k, got[k].value, v)
		}
	}
	if frontDate("01/02/2030") != "2030-01-02" || frontDate("2030/01/02") != "2030-01-02" || frontDate("02/30/2030") != "" {
		t.Error("frontDate")
	}
}

// TestUSDLConsensus: reads of one line that each misread another character
// confirm a value; a value printed otherwise (another year, or another date
// sharing its day and month) is not confirmed.
func TestUSDLConsensus(t *testing.T) {
	lines := func(vs ...string) []ocr.Line {
		var ls []ocr.Line
		for _, v := range vs {
			ls = append(ls, ocr.Line{Value: v})
		}
		return ls
	}
	tests := []struct {
		name, key, want string
		lines           []string
		ok              bool
	}{
		{"misreads at different places", "license_number", "WDL9RC0WLPU6", []string{"4d DL WDL9RCOWLPUG", "ag WDLSRCOWLPU6 9", "WOL9RCOWLPU6"}, true},
		{"one read alone", "license_number", "WDL9RC0WLPU6", []string{"4d DL WDL9RCOWLPUG"}, false},
		{"two reads, a tie at each misread: no majority", "license_number", "WDL9RC0WLPU6", []string{"WDL9RCOWLPUG", "WDLSRC0WLPU6"}, false},
		{"two reads agreeing, a third misread", "license_number", "WDL9RC0WLPU6", []string{"WDL9RCOWLPUG", "WDL9RC0WLPU6X", "x WDL9RC0WLPU6"}, true},
		{"another year printed", "birth_date", "1981-07-04", []string{"3 DOB 07/04/1980", "DOB 07/04/1980", "07/04/I980"}, false},
		{"another date with the same day and month", "birth_date", "1981-07-04", []string{"3 DOB 07/04/1980", "4b EXP 07/04/2031", "EXP 07/04/2031"}, false},
		{"a date misread twice at different places", "birth_date", "1980-07-04", []string{"3 DOB 07/04/1930", "DOB 07/01/1980", "07/04/1980 x"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &usdlFront{lines: lines(tt.lines...)}
			if got := f.consensus(tt.key, tt.want); got != tt.ok {
				t.Errorf("consensus(%q) = %v, want %v", tt.want, got, tt.ok)
			}
		})
	}
}
