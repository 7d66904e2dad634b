package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/barcode"
)

// usState is a jurisdiction of a North American driving licence: its
// name, code, AAMVA issuer identification number, licence-number shape,
// two cities with their ZIP (or postal code) prefixes, and its country
// ("" for the USA, "CAN" for a Canadian province).
type usState struct {
	code, name, iin string
	number          func(r *rand.Rand) string
	cities          [2][2]string
	country         string
}

// caProvinces are the Canadian jurisdictions: bilingual captions, dates
// YYYY/MM/DD on the front and CCYYMMDD in the barcode, heights in cm.
var caProvinces = []usState{
	{"ON", "ONTARIO", "636012", func(r *rand.Rand) string {
		return letters(r, 1) + randDigits(r, 4) + "-" + randDigits(r, 5) + "-" + randDigits(r, 5)
	}, [2][2]string{{"TORONTO", "M5V"}, {"OTTAWA", "K1P"}}, "CAN"},
	{"BC", "BRITISH COLUMBIA", "636028", func(r *rand.Rand) string { return randDigits(r, 7) }, [2][2]string{{"VANCOUVER", "V6B"}, {"VICTORIA", "V8W"}}, "CAN"},
	{"AB", "ALBERTA", "604432", func(r *rand.Rand) string { return randDigits(r, 6) + "-" + randDigits(r, 3) }, [2][2]string{{"CALGARY", "T2P"}, {"EDMONTON", "T5J"}}, "CAN"},
}

var usStates = []usState{
	{"CA", "CALIFORNIA", "636014", func(r *rand.Rand) string { return letters(r, 1) + randDigits(r, 7) }, [2][2]string{{"SACRAMENTO", "958"}, {"LOS ANGELES", "900"}}, ""},
	{"NY", "NEW YORK", "636001", func(r *rand.Rand) string { return randDigits(r, 9) }, [2][2]string{{"ALBANY", "122"}, {"BUFFALO", "142"}}, ""},
	{"TX", "TEXAS", "636015", func(r *rand.Rand) string { return randDigits(r, 8) }, [2][2]string{{"AUSTIN", "787"}, {"HOUSTON", "770"}}, ""},
	{"FL", "FLORIDA", "636010", func(r *rand.Rand) string { return letters(r, 1) + randDigits(r, 12) }, [2][2]string{{"TALLAHASSEE", "323"}, {"MIAMI", "331"}}, ""},
	{"WA", "WASHINGTON", "636045", func(r *rand.Rand) string { return "WDL" + randAlnum(r, 9) }, [2][2]string{{"OLYMPIA", "985"}, {"SEATTLE", "981"}}, ""},
	{"IL", "ILLINOIS", "636035", func(r *rand.Rand) string { return letters(r, 1) + randDigits(r, 11) }, [2][2]string{{"SPRINGFIELD", "627"}, {"CHICAGO", "606"}}, ""},
	{"PA", "PENNSYLVANIA", "636025", func(r *rand.Rand) string { return randDigits(r, 8) }, [2][2]string{{"HARRISBURG", "171"}, {"PITTSBURGH", "152"}}, ""},
	{"OH", "OHIO", "636023", func(r *rand.Rand) string { return letters(r, 2) + randDigits(r, 6) }, [2][2]string{{"COLUMBUS", "432"}, {"CLEVELAND", "441"}}, ""},
}

var (
	usMale    = []string{"JAMES", "MICHAEL", "ROBERT", "DAVID", "WILLIAM", "JOSEPH", "DANIEL", "MATTHEW", "ANTHONY", "JOSHUA", "ANDREW", "KEVIN"}
	usFemale  = []string{"MARY", "JENNIFER", "LINDA", "ELIZABETH", "SUSAN", "JESSICA", "SARAH", "KAREN", "NANCY", "LISA", "EMILY", "ASHLEY"}
	usSurname = []string{"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "WILSON", "ANDERSON", "THOMPSON", "O'CONNOR", "MCALLISTER-BROOKS"}
	usStreets = []string{"MAPLE AVE", "MAIN ST", "OAK ST", "PINE RD", "CEDAR LN", "ELM ST", "WASHINGTON BLVD", "LAKEVIEW DR", "SUNSET BLVD", "PARK AVE"}
	usEyes    = []string{"BRO", "BLU", "GRN", "HAZ", "GRY", "BLK"}
	usHair    = []string{"BRO", "BLK", "BLN", "RED", "GRY"}
)

// designUSDL lays out a US driving licence: the front read by its numbered
// captions (AAMVA/ISO 18013-1 field numbers), dates MM/DD/YYYY; the back
// with a PDF417 symbol carrying the AAMVA payload (aamva.Build, version 8
// or 10 and now and then 3, drawn with barcode.EncodePDF417).
//
// Truth keys: license_number (4d), expiry_date (4b), issue_date (4a),
// surname (1), given_names (2, first and middle), birth_date (3), address
// (8, two lines joined by a space), sex (15, printed M/F), height (16),
// eyes (18), class (9), document_discriminator (5); on the back pdf417
// (value: the payload). ocr_number: the licence number; ocr_firstName,
// ocr_middleName, ocr_lastName as in the barcode; ocr_fullName first,
// middle, last.
func designUSDL(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) (*otherDoc, error) {
	s := &usStates[r.IntN(len(usStates))]
	if r.IntN(5) == 0 {
		s = &caProvinces[r.IntN(len(caProvinces))]
	}
	canada := s.country == "CAN"
	sex := sexOf(r)
	first := pick(r, usMale)
	if sex == "F" {
		first = pick(r, usFemale)
	}
	middle := ""
	if r.IntN(3) > 0 {
		middle = pick(r, append(append([]string(nil), usMale...), usFemale...))
		if middle == first {
			middle = ""
		}
	}
	family := pick(r, usSurname)
	birth := adultBirth(r, now, 16)
	issue := dateBetween(r, now.AddDate(-8, 0, 0), now)
	if issue.Before(birth.AddDate(16, 0, 0)) {
		issue = birth.AddDate(16, 0, r.IntN(300))
		if issue.After(now) {
			issue = now
		}
	}
	years := pick(r, []int{4, 5, 8})
	expiry := time.Date(issue.Year()+years, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
	number := s.number(r)
	city := s.cities[r.IntN(2)]
	street := fmt.Sprintf("%d %s", 10+r.IntN(9990), pick(r, usStreets))
	zip := city[1] + randDigits(r, 2)
	if canada {
		zip = city[1] + " " + randDigits(r, 1) + letters(r, 1) + randDigits(r, 1)
	}
	cityLine := fmt.Sprintf("%s, %s %s", city[0], s.code, zip)
	inches := 58 + r.IntN(20)
	if sex == "M" {
		inches += 4
	}
	height := fmt.Sprintf("%d'-%02d\"", inches/12, inches%12)
	cm := int(float64(inches)*2.54 + 0.5)
	if canada {
		height = fmt.Sprintf("%d cm", cm)
	}
	eyes, hair := pick(r, usEyes), pick(r, usHair)
	dd := randDigits(r, 10+r.IntN(10))
	class := pick(r, []string{"C", "C", "D", "A", "M"})
	usDate := func(t time.Time) string { return t.Format("01/02/2006") }
	if canada {
		usDate = func(t time.Time) string { return t.Format("2006/01/02") }
	}
	variant := r.IntN(3)

	// The barcode payload.
	ver := pick(r, []int{8, 10, 10, 3})
	country := "USA"
	if canada {
		country = "CAN"
	}
	doc := &aamva.Document{IIN: s.iin, Version: ver, JurisdictionVersion: r.IntN(3), Type: "DL",
		Elements: map[string]string{aamva.IDCountry: country}}
	doc.SetNames(aamva.Names{Family: family, First: first, Middle: middle})
	doc.SetDate(aamva.IDBirthDate, birth)
	doc.SetDate(aamva.IDIssueDate, issue)
	doc.SetDate(aamva.IDExpiryDate, expiry)
	el := doc.Elements
	el[aamva.IDNumber] = number
	el[aamva.IDSex] = map[string]string{"M": "1", "F": "2"}[sex]
	el[aamva.IDEyes] = eyes
	el[aamva.IDHair] = hair
	el[aamva.IDHeight] = fmt.Sprintf("%03d in", inches)
	if canada {
		el[aamva.IDHeight] = fmt.Sprintf("%03d cm", cm)
	}
	el[aamva.IDStreet1] = street
	el[aamva.IDCity] = city[0]
	el[aamva.IDState] = s.code
	el[aamva.IDPostalCode] = zip + "0000  "
	if canada {
		el[aamva.IDPostalCode] = strings.ReplaceAll(zip, " ", "") + "     "
	}
	el[aamva.IDDiscriminator] = dd
	el[aamva.IDClass] = class
	el[aamva.IDRestrictions] = "NONE"
	el[aamva.IDEndorsements] = "NONE"
	if ver >= 8 {
		el[aamva.IDCompliance] = pick(r, []string{"F", "N"})
	}
	doc.JurisdictionType = "Z" + s.code[:1]
	doc.JurisdictionElements = map[string]string{"Z" + s.code[:1] + "A": randDigits(r, 2)}
	payload, err := aamva.Build(doc)
	if err != nil {
		return nil, fmt.Errorf("synth: usdl payload: %w", err)
	}
	sym, err := barcode.EncodePDF417(payload, &barcode.EncodeOptions{ECCLevel: 5, Module: 1, Margin: 0})
	if err != nil {
		return nil, fmt.Errorf("synth: usdl barcode: %w", err)
	}

	st.capFont = pick(r, []fontID{fontSansBold, fontLibSansBd, fontSansCond})
	st.valFont = pick(r, []fontID{fontSans, fontLibSans, fontSansBold, fontLibSansBd, fontSansCond})
	st.valMM = 1.7 + r.Float64()*0.35
	capMM := 1.05 + r.Float64()*0.2

	f := newSide("front", st, r, k)
	f.specAt = [3]float64{50, 30, -0.3}
	b := &builder{st: st, s: f}
	f.bands = append(f.bands, band{rectMM{0, 0, k.wmm, 9}, st.pal.band, 0.55})
	b.text("", "", s.name, st.titleFont, 3.0, 4, 6.2, 0, 50, st.pal.accent)
	title := pick(r, []string{"DRIVER LICENSE", "DRIVER'S LICENSE", "DRIVER LICENSE · USA"})
	if canada {
		title = "DRIVER'S LICENCE · PERMIS DE CONDUIRE"
	}
	b.text("", "", title, st.titleFont, 1.8, 82, 6.2, 2, 34, st.pal.accent)
	px, x := 3.0, 29.0
	if variant == 2 {
		px, x = 60, 4
	}
	f.portraits = append(f.portraits, rectMM{px, 11, px + 23, 41})
	f.ghosts = append(f.ghosts, rectMM{px + 1, 43, px + 9, 52})
	f.signatures = append(f.signatures, rectMM{px + 10, 43, px + 23, 51})
	lic := pick(r, []string{"4d DLN", "4d DL", "4d LIC#"})
	// Captions: English, or bilingual in Canada.
	cp := func(en, fr string) string {
		if canada && fr != "" {
			return en + "/" + fr
		}
		return en
	}
	if canada {
		lic = "4d NUMBER/NUMÉRO"
	}
	y := 13.5
	b.lv("license_number", number, lic, st.capFont, capMM, number, x, y, 52, ts)
	b.lv("class", class, cp("9 CLASS", "CAT"), st.capFont, capMM, class, x+38, y, 16, ts)
	y += 3.9
	if variant == 1 {
		b.lv("issue_date", isoDate(issue), cp("4a ISS", "DÉL"), st.capFont, capMM, usDate(issue), x, y, 26, ts)
		b.lv("expiry_date", isoDate(expiry), cp("4b EXP", ""), st.capFont, capMM, usDate(expiry), x+26, y, 26, ts)
	} else {
		b.lv("expiry_date", isoDate(expiry), cp("4b EXP", ""), st.capFont, capMM, usDate(expiry), x, y, 52, ts)
	}
	y += 4.2
	b.lv("surname", family, "1", st.capFont, capMM, family, x, y, 52, ts)
	y += 3.9
	given := strings.TrimSpace(first + " " + middle)
	b.lv("given_names", given, "2", st.capFont, capMM, given, x, y, 52, ts)
	y += 3.9
	ax := b.lv("address", "", "8", st.capFont, capMM, street, x, y, 52, ts)
	y += 3.2
	b.text("address", "", cityLine, st.valFont, st.valMM, ax, y, 0, 52-(ax-x), st.pal.ink)
	b.cont()
	y += 4.2
	b.lv("birth_date", isoDate(birth), cp("3 DOB", "DDN"), st.capFont, capMM, usDate(birth), x, y, 30, ts)
	y += 3.9
	if variant != 1 {
		b.lv("issue_date", isoDate(issue), cp("4a ISS", "DÉL"), st.capFont, capMM, usDate(issue), x, y, 28, ts)
	}
	b.lv("sex", sex, cp("15 SEX", "SEXE"), st.capFont, capMM, sex, x+28, y, 24, ts)
	y += 3.9
	b.lv("height", "", cp("16 HGT", "HAUT"), st.capFont, capMM, height, x, y, 24, ts)
	ex := x + 20
	if canada {
		ex = x + 25
	}
	b.lv("eyes", eyes, cp("18 EYES", "YEUX"), st.capFont, capMM, eyes, ex, y, 52-(ex-x), ts)
	y += 3.9
	if y < 52 {
		b.lv("document_discriminator", dd, "5 DD", st.capFont, capMM, dd, x, y, 52, ts)
	}

	// Back: text on top, the PDF417 symbol below it on a white panel.
	bk := newSide("back", st, r, k)
	bk.specimen = false
	bb := &builder{st: st, s: bk}
	bb.text("", "", "9a END NONE     12 RESTR NONE", st.capFont, 1.2, 5, 5.5, 0, 70, st.pal.caption)
	owner := "THIS CARD IS THE PROPERTY OF THE STATE OF " + s.name
	if canada {
		owner = "PROVINCE OF " + s.name
	}
	bb.text("", "", owner, st.capFont, 1.0, 5, 8.5, 0, 76, st.pal.caption)
	mb := sym.Bounds()
	mod := min(0.33, 77/float64(mb.Dx()))
	w, h := mod*float64(mb.Dx()), mod*float64(mb.Dy())
	if h > 36 { // long payloads: squeeze the rows
		h = 36
	}
	x0 := (k.wmm - w) / 2
	y0 := 51.5 - h
	bk.bands = append(bk.bands, band{rectMM{x0 - 2, y0 - 2, x0 + w + 2, y0 + h + 2}, rgb{250, 250, 248}, 0.95})
	bk.codes = append(bk.codes, code{r: rectMM{x0, y0, x0 + w, y0 + h}, m: sym, key: "pdf417", value: string(payload)})
	bk.clearBelow = y0 - 3

	o := idrecog.OCR{
		FullName: strings.Join(strings.Fields(first+" "+middle+" "+family), " "), FirstName: first, MiddleName: middle, LastName: family,
		Gender: sex, BirthDate: isoDate(birth), IssueDate: isoDate(issue), ExpireDate: isoDate(expiry), Number: number,
	}
	return &otherDoc{country: country, ocr: o, sides: []*sideSpec{f, bk}, variant: variant}, nil
}
