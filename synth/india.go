package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/idnum"
)

// Indian name and address pools.
var (
	inMale    = []string{"RAHUL", "AMIT", "VIKRAM", "SURESH", "ARJUN", "RAJESH", "SANJAY", "MANOJ", "ANIL", "KIRAN", "RAVI", "DEEPAK"}
	inFemale  = []string{"PRIYA", "SUNITA", "ANJALI", "KAVITA", "DEEPA", "NEHA", "POOJA", "LAKSHMI", "MEERA", "ANITA", "REKHA", "DIVYA"}
	inSurname = []string{"SHARMA", "PATEL", "SINGH", "REDDY", "IYER", "GUPTA", "NAIR", "DAS", "MEHTA", "KHAN", "JOSHI", "VERMA", "RAO", "BANERJEE", "PILLAI", "CHOPRA"}
	inPlaces  = []struct{ city, state, pin string }{
		{"Mumbai", "Maharashtra", "400"}, {"Pune", "Maharashtra", "411"}, {"New Delhi", "Delhi", "110"},
		{"Bengaluru", "Karnataka", "560"}, {"Chennai", "Tamil Nadu", "600"}, {"Kolkata", "West Bengal", "700"},
		{"Lucknow", "Uttar Pradesh", "226"}, {"Ahmedabad", "Gujarat", "380"}, {"Jaipur", "Rajasthan", "302"},
		{"Hyderabad", "Telangana", "500"},
	}
	inStreets    = []string{"MG Road", "Station Road", "Gandhi Nagar", "Nehru Street", "Park Street", "Temple Road", "Main Bazaar", "Ring Road"}
	inLocalities = []string{"Andheri East", "Koregaon Park", "Lajpat Nagar", "Indiranagar", "T Nagar", "Salt Lake", "Gomti Nagar", "Navrangpura", "Malviya Nagar", "Banjara Hills"}
	inLandmarks  = []string{"Near City Mall", "Opp. Post Office", "Behind Bus Stand", "Near Railway Station", "Near Hanuman Temple"}
)

// indian is a drawn Indian holder.
type indian struct {
	given, middle, surname string
	sex                    string
	birth                  time.Time
	father                 string
}

func newIndian(r *rand.Rand, now time.Time) indian {
	p := indian{sex: sexOf(r), surname: pick(r, inSurname), birth: adultBirth(r, now, 18)}
	if p.sex == "M" {
		p.given = pick(r, inMale)
		if r.IntN(2) == 0 {
			p.middle = "KUMAR"
		}
	} else {
		p.given = pick(r, inFemale)
		if r.IntN(3) == 0 {
			p.middle = pick(r, []string{"DEVI", "KUMARI"})
		}
	}
	p.father = strings.TrimSpace(pick(r, inMale) + " " + pick(r, []string{"", "KUMAR ", "PRASAD "}) + p.surname)
	p.father = strings.Join(strings.Fields(p.father), " ")
	if r.IntN(30) == 0 {
		p.sex = "X"
	}
	return p
}

func (p indian) full() string {
	return strings.Join(strings.Fields(p.given+" "+p.middle+" "+p.surname), " ")
}

// titleCase writes an upper-case name as Aadhaar prints it: "Rahul Kumar".
func titleCase(s string) string {
	w := strings.Fields(strings.ToLower(s))
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

// designAadhaar lays out an Aadhaar card (ID-1 print): the front with the
// holder's name, date or year of birth, gender and number; the back with
// the address and the number again.
//
// Truth keys: name, birth_date (DD/MM/YYYY) or year_of_birth, sex (value
// as printed, normalised M/F/X), number (printed XXXX XXXX XXXX,
// normalised 12 digits), address (back, the lines joined by spaces).
// ocr_number and ocr_identityNumber: the 12 digits.
func designAadhaar(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) *otherDoc {
	p := newIndian(r, now)
	number := idnum.GenerateAadhaar(r)
	printed := idnum.FormatAadhaar(number)
	variant := r.IntN(3)
	st.capFont = pick(r, []fontID{fontSans, fontLibSans})
	st.valFont = pick(r, []fontID{fontSans, fontLibSans, fontSansBold, fontLibSansBd})
	st.valMM = 1.7 + r.Float64()*0.4
	name := titleCase(p.full())
	if variant == 2 {
		name = p.full()
	}

	f := newSide("front", st, r, k)
	f.specimen = false
	b := &builder{st: st, s: f}
	// Tricolour header band.
	f.bands = append(f.bands, band{rectMM{0, 0, k.wmm, 3.2}, rgb{240, 140, 40}, 0.8}, band{rectMM{0, 8.6, k.wmm, 9.4}, rgb{30, 140, 60}, 0.8})
	b.text("", "", "भारत सरकार", fontDevaBd, 1.9, 22, 5.9, 0, 0, rgb{20, 20, 20})
	b.text("", "", "Government of India", fontSansBold, 1.9, 40, 5.9, 0, 0, rgb{20, 20, 20})
	f.portraits = append(f.portraits, rectMM{4, 12, 24, 38})
	x, y := 28.0, 16.5
	b.lv("name", p.full(), "", fontSans, 0, name, x, y, 55, ts)
	y += 4.2
	dobAsYear := r.IntN(4) == 0
	var birth string
	if dobAsYear {
		b.lv("year_of_birth", fmt.Sprint(p.birth.Year()), pick(r, []string{"Year of Birth :", "YoB :"}), st.capFont, 1.5, fmt.Sprint(p.birth.Year()), x, y, 55, ts)
	} else {
		birth = isoDate(p.birth)
		b.lv("birth_date", birth, pick(r, []string{"DOB :", "Date of Birth :", "DOB/"}), st.capFont, 1.5, p.birth.Format("02/01/2006"), x, y, 55, ts)
	}
	y += 4.2
	gender := map[string]string{"M": "MALE", "F": "FEMALE", "X": "TRANSGENDER"}[p.sex]
	hindi := map[string]string{"M": "पुरुष", "F": "महिला"}[p.sex]
	if p.sex != "X" && variant != 1 {
		b.text("", "", devaVisual(hindi)+" /", fontDeva, 1.5, x, y, 0, 0, st.pal.caption)
		b.lv("sex", p.sex, "", fontSans, 0, titleCase(gender), x+11, y, 40, ts)
	} else {
		b.lv("sex", p.sex, "", fontSans, 0, gender, x, y, 40, ts)
	}
	b.st.valFont = fontSansBold
	b.st.valMM = 2.6 + r.Float64()*0.4
	b.text("number", number, printed, fontSansBold, b.st.valMM, k.wmm/2, 46.5, 1, 0, rgb{15, 15, 15})
	f.bands = append(f.bands, band{rectMM{0, 49.5, k.wmm, 50.1}, rgb{200, 30, 30}, 0.8})
	b.text("", "", "मेरा आधार, मेरी पहचान", fontDeva, 1.4, k.wmm/2, 53, 1, 0, rgb{160, 30, 30})

	// Back: address.
	bk := newSide("back", st, r, k)
	bk.specimen = false
	bb := &builder{st: st, s: bk}
	bk.bands = append(bk.bands, band{rectMM{0, 0, k.wmm, 3.2}, rgb{240, 140, 40}, 0.8})
	bb.text("", "", "Unique Identification Authority of India", fontSansBold, 1.7, k.wmm/2, 7.2, 1, 80, rgb{20, 20, 20})
	pl := pick(r, inPlaces)
	pin := pl.pin + fmt.Sprintf("%03d", r.IntN(100))
	care := pick(r, []string{"S/O", "D/O", "W/O", "C/O"})
	if p.sex == "F" && care == "S/O" {
		care = "D/O"
	}
	lines := []string{
		fmt.Sprintf("%s: %s, %s %d,", care, titleCase(p.father), pick(r, []string{"H.No.", "Flat", "House No"}), 1+r.IntN(250)),
		fmt.Sprintf("%s, %s, %s,", pick(r, inStreets), pick(r, inLandmarks), pick(r, inLocalities)),
		fmt.Sprintf("%s, %s - %s", pl.city, pl.state, pin),
	}
	bb.text("", "", "पता", fontDevaBd, 1.6, 4, 13, 0, 0, st.pal.caption)
	bb.text("", "", "Address:", fontSansBold, 1.6, 10, 13, 0, 0, st.pal.caption)
	y = 17.5
	for i, l := range lines {
		bb.text("address", "", l, st.valFont, 1.6, 4, y, 0, 55, st.pal.ink)
		if i > 0 {
			bb.cont()
		}
		y += 3.3
	}
	bb.text("", "", printed, fontSansBold, 2.6, k.wmm/2, 46.5, 1, 0, rgb{15, 15, 15})
	// A QR code's place (the signed payload is not reproduced).
	bk.portraits = append(bk.portraits, rectMM{62, 12, 82, 32})
	bk.bands = append(bk.bands, band{rectMM{0, 49.5, k.wmm, 50.1}, rgb{200, 30, 30}, 0.8})
	bb.text("", "", "1947 | help@uidai.gov.in | www.uidai.gov.in", fontSans, 1.2, k.wmm/2, 53, 1, 0, rgb{60, 60, 60})

	first, middle, last := splitName(p.full())
	o := idrecog.OCR{
		FullName: p.full(), FirstName: first, MiddleName: middle, LastName: last,
		Gender: p.sex, Nationality: "IND", BirthDate: birth,
		Number: number, IdentityNumber: number,
	}
	return &otherDoc{country: "IND", ocr: o, sides: []*sideSpec{f, bk}, variant: variant}
}

// designPAN lays out a PAN card: the pre-2018 model (values without
// captions) or the later one (bilingual captions).
//
// Truth keys: name, father_name, birth_date (DD/MM/YYYY), number (the PAN).
// ocr_number: the PAN.
func designPAN(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) *otherDoc {
	p := newIndian(r, now)
	if p.sex == "X" {
		p.sex = "M"
	}
	pan := idnum.GeneratePAN(r, 'P', p.surname[0])
	variant := r.IntN(2)
	st.valFont = pick(r, []fontID{fontSansBold, fontLibSansBd, fontSans})
	st.capFont = pick(r, []fontID{fontSans, fontLibSans})
	st.valMM = 1.8 + r.Float64()*0.35
	f := newSide("front", st, r, k)
	f.specimen = r.IntN(3) > 0
	f.specAt = [3]float64{45, 30, -0.3}
	b := &builder{st: st, s: f}
	f.bands = append(f.bands, band{rectMM{0, 0, k.wmm, 9}, rgb{150, 200, 230}, 0.45})
	b.text("", "", devaVisual("आयकर विभाग"), fontDevaBd, 1.8, 3, 4, 0, 0, st.pal.accent)
	b.text("", "", "INCOME TAX DEPARTMENT", fontSansBold, 1.8, 3, 7.6, 0, 40, st.pal.accent)
	b.text("", "", "भारत सरकार", fontDevaBd, 1.8, 82.6, 4, 2, 0, st.pal.accent)
	b.text("", "", "GOVT. OF INDIA", fontSansBold, 1.8, 82.6, 7.6, 2, 0, st.pal.accent)
	f.portraits = append(f.portraits, rectMM{64, 13, 82, 35})
	f.signatures = append(f.signatures, rectMM{60, 40, 82, 47})
	dob := p.birth.Format("02/01/2006")
	x := 4.0
	if variant == 0 {
		// Pre-2018: name, father's name, date of birth, then the number
		// under its caption.
		y := 15.0
		b.text("name", "", p.full(), st.valFont, st.valMM, x, y, 0, 56, st.pal.ink)
		y += 4.5
		b.text("father_name", "", p.father, st.valFont, st.valMM, x, y, 0, 56, st.pal.ink)
		y += 4.5
		b.text("birth_date", isoDate(p.birth), dob, st.valFont, st.valMM, x, y, 0, 40, st.pal.ink)
		y += 6
		b.text("", "", "Permanent Account Number", st.capFont, 1.4, x, y, 0, 50, st.pal.caption)
		b.text("number", pan, pan, st.valFont, 2.4, x, y+4, 0, 50, st.pal.ink)
	} else {
		b.text("", "", "Permanent Account Number Card", st.capFont, 1.4, x, 12.5, 0, 50, st.pal.caption)
		b.text("number", pan, pan, st.valFont, 2.4, x, 16.5, 0, 50, st.pal.ink)
		y := 20.5
		for _, fl := range []struct{ key, norm, hi, en, val string }{
			{"name", "", "नाम", "Name", p.full()},
			{"father_name", "", devaVisual("पिता का नाम"), "Father's Name", p.father},
			{"birth_date", isoDate(p.birth), "", "Date of Birth", dob},
		} {
			if fl.hi != "" {
				b.text("", "", fl.hi, fontDeva, 1.2, x, y, 0, 0, st.pal.caption)
				b.text("", "", "/ "+fl.en, st.capFont, 1.2, x+9, y, 0, 0, st.pal.caption)
			} else {
				b.text("", "", fl.en, st.capFont, 1.2, x, y, 0, 0, st.pal.caption)
			}
			b.text(fl.key, fl.norm, fl.val, st.valFont, st.valMM, x, y+3.3, 0, 56, st.pal.ink)
			y += 7.6
		}
	}
	first, middle, last := splitName(p.full())
	o := idrecog.OCR{
		FullName: p.full(), FirstName: first, MiddleName: middle, LastName: last,
		Nationality: "IND", BirthDate: isoDate(p.birth), Number: pan,
	}
	return &otherDoc{country: "IND", ocr: o, sides: []*sideSpec{f}, variant: variant}
}
