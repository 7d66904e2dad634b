package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/idnum"
)

// euState is a Member State the EU registration certificate is drawn for:
// its name pool (cultures), header, plate format and street names.
type euState struct {
	code, header string
	plate        func(r *rand.Rand) string
	street       []string
	postcode     func(r *rand.Rand) string
}

func letters(r *rand.Rand, n int) string {
	const a = "ABCDEFGHJKLMNPRSTUVWXYZ"
	b := make([]byte, n)
	for i := range b {
		b[i] = a[r.IntN(len(a))]
	}
	return string(b)
}

var euStates = []euState{
	{"AUT", "REPUBLIK ÖSTERREICH — ZULASSUNGSBESCHEINIGUNG TEIL I", func(r *rand.Rand) string {
		return pick(r, []string{"W", "G", "L", "S", "I"}) + "-" + randDigits(r, 3) + letters(r, 2)
	},
		[]string{"Hauptstraße", "Bahnhofstraße", "Kirchengasse"}, func(r *rand.Rand) string { return fmt.Sprint(1000 + r.IntN(8999)) }},
	{"FRA", "RÉPUBLIQUE FRANÇAISE — CERTIFICAT D'IMMATRICULATION", func(r *rand.Rand) string { return letters(r, 2) + "-" + randDigits(r, 3) + "-" + letters(r, 2) },
		[]string{"Rue de la Paix", "Avenue Victor Hugo", "Boulevard Voltaire"}, func(r *rand.Rand) string { return fmt.Sprintf("%05d", 1000+r.IntN(94000)) }},
	{"ESP", "REINO DE ESPAÑA — PERMISO DE CIRCULACIÓN", func(r *rand.Rand) string { return randDigits(r, 4) + " " + letters(r, 3) },
		[]string{"Calle Mayor", "Avenida de la Constitución", "Calle del Sol"}, func(r *rand.Rand) string { return fmt.Sprintf("%05d", 1000+r.IntN(51000)) }},
	{"POL", "RZECZPOSPOLITA POLSKA — DOWÓD REJESTRACYJNY", func(r *rand.Rand) string {
		return pick(r, []string{"WA", "KR", "PO", "GD", "WR"}) + " " + randDigits(r, 5)
	},
		[]string{"ul. Długa", "ul. Polna", "ul. Lipowa"}, func(r *rand.Rand) string { return fmt.Sprintf("%02d-%03d", r.IntN(100), r.IntN(1000)) }},
	{"CZE", "ČESKÁ REPUBLIKA — OSVĚDČENÍ O REGISTRACI VOZIDLA", func(r *rand.Rand) string { return randDigits(r, 1) + letters(r, 2) + " " + randDigits(r, 4) },
		[]string{"Národní", "Husova", "Masarykova"}, func(r *rand.Rand) string { return fmt.Sprintf("%03d %02d", 100+r.IntN(700), r.IntN(100)) }},
	{"PRT", "REPÚBLICA PORTUGUESA — CERTIFICADO DE MATRÍCULA", func(r *rand.Rand) string { return letters(r, 2) + "-" + randDigits(r, 2) + "-" + letters(r, 2) },
		[]string{"Rua Augusta", "Avenida da Liberdade", "Rua do Carmo"}, func(r *rand.Rand) string { return fmt.Sprintf("%04d-%03d", 1000+r.IntN(8999), r.IntN(1000)) }},
	{"SWE", "KONUNGARIKET SVERIGE — REGISTRERINGSBEVIS", func(r *rand.Rand) string {
		return letters(r, 3) + " " + randDigits(r, 2) + pick(r, []string{"0", "1", "A", "C"})
	},
		[]string{"Storgatan", "Kungsgatan", "Drottninggatan"}, func(r *rand.Rand) string { return fmt.Sprintf("%03d %02d", 100+r.IntN(880), r.IntN(100)) }},
	{"HUN", "MAGYARORSZÁG — FORGALMI ENGEDÉLY", func(r *rand.Rand) string { return letters(r, 3) + "-" + randDigits(r, 3) },
		[]string{"Fő utca", "Kossuth Lajos utca", "Petőfi utca"}, func(r *rand.Rand) string { return fmt.Sprint(1000 + r.IntN(8999)) }},
}

// euVehicles: make (D.1), type (D.2), commercial name (D.3), VIN
// manufacturer code, category (J), fuel (P.3).
var euVehicles = []struct{ make, typ, name, wmi, cat, fuel string }{
	{"VOLKSWAGEN", "1K", "GOLF", "WVW", "M1", "PETROL"},
	{"SKODA", "NE", "OCTAVIA", "TMB", "M1", "DIESEL"},
	{"RENAULT", "B", "CLIO", "VF1", "M1", "PETROL"},
	{"TOYOTA", "E21", "COROLLA", "SB1", "M1", "HYBRID"},
	{"FIAT", "312", "PANDA", "ZFA", "M1", "PETROL"},
	{"BMW", "3L", "320D", "WBA", "M1", "DIESEL"},
	{"PEUGEOT", "U", "208", "VF3", "M1", "ELECTRIC"},
	{"VOLVO", "Z", "V60", "YV1", "M1", "DIESEL"},
	{"FORD", "DYB", "FOCUS", "WF0", "M1", "PETROL"},
	{"IVECO", "DAILY", "35S14", "ZCF", "N1", "DIESEL"},
}

// designEUVRC lays out an EU vehicle registration certificate (Directive
// 1999/37/EC, part I) by its harmonised codes, on a 210×105 mm paper form.
// country picks the Member State when it is one of euStates.
//
// Truth keys (code in brackets): registration_number (A),
// first_registration_date (B), surname (C.1.1), given_names (C.1.2),
// address (C.1.3), make (D.1), vehicle_type (D.2), commercial_name (D.3),
// vin (E), max_mass (F.1), mass_in_service (G), validity (H),
// registration_date (I), category (J), capacity (P.1), power (P.2), fuel
// (P.3), colour (R), seats (S.1), document_number, authority. Dates are
// DD.MM.YYYY. ocr_number: the registration number; ocr_fullName: C.1.2 then
// C.1.1; ocr_issueDate: the date I.
func designEUVRC(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time, country string) *otherDoc {
	es := &euStates[r.IntN(len(euStates))]
	for i := range euStates {
		if euStates[i].code == country {
			es = &euStates[i]
		}
	}
	c := cultureByCode(es.code)
	p := newPerson(r, c, now)
	for p.Given == "" {
		p.Given = pick(r, c.male)
	}
	veh := pick(r, euVehicles)
	plate := es.plate(r)
	first := dateBetween(r, now.AddDate(-15, 0, 0), now)
	reg := dateBetween(r, first, now)
	vin := idnum.GenerateVIN(r, veh.wmi, false)
	docNo := letters(r, 2) + randDigits(r, 7)
	variant := r.IntN(3)
	st.valMM = 2.3 + r.Float64()*0.4
	st.capFont = pick(r, []fontID{fontSansBold, fontLibSansBd})
	date := func(t time.Time) string { return t.Format("02.01.2006") }
	city := strings.ToUpper(pick(r, c.places))
	addr := fmt.Sprintf("%s %d, %s %s", pick(r, es.street), 1+r.IntN(120), es.postcode(r), city)
	if variant == 1 {
		addr = strings.ToUpper(addr)
	}

	f := newSide("front", st, r, k)
	f.specAt = [3]float64{110, 55, -0.2}
	b := &builder{st: st, s: f}
	f.bands = append(f.bands, band{rectMM{0, 0, k.wmm, 12}, st.pal.band, 0.45})
	b.text("", "", "EUROPEAN UNION", st.titleFont, 2.2, 6, 5, 0, 0, st.pal.accent)
	b.text("", "", es.header, st.titleFont, 2.4, 6, 10, 0, 150, st.pal.accent)
	b.text("", "", "("+es.code+")", st.titleFont, 2.4, 204, 10, 2, 0, st.pal.accent)
	b.lv("document_number", docNo, "No", st.capFont, 1.8, docNo, 160, 5, 44, ts)
	// Two columns of "code value" rows.
	type row struct{ key, norm, code, val string }
	left := []row{
		{"registration_number", plate, "A", plate},
		{"first_registration_date", isoDate(first), "B", date(first)},
		{"surname", "", "C.1.1", p.Surname},
		{"given_names", "", "C.1.2", p.Given},
		{"address", "", "C.1.3", addr},
		{"make", "", "D.1", veh.make},
		{"vehicle_type", "", "D.2", veh.typ},
		{"commercial_name", "", "D.3", veh.name},
		{"vin", vin, "E", vin},
	}
	mass := 1200 + r.IntN(1500)
	right := []row{
		{"max_mass", "", "F.1", fmt.Sprint(mass + 400 + r.IntN(300))},
		{"mass_in_service", "", "G", fmt.Sprint(mass)},
		{"validity", "", "H", "-"},
		{"registration_date", isoDate(reg), "I", date(reg)},
		{"category", "", "J", veh.cat},
		{"capacity", "", "P.1", fmt.Sprint(pick(r, []int{999, 1199, 1498, 1598, 1968, 2993}))},
		{"power", "", "P.2", fmt.Sprint(50 + r.IntN(150))},
		{"fuel", "", "P.3", veh.fuel},
		{"colour", "", "R", pick(r, []string{"WHITE", "BLACK", "GREY", "BLUE", "RED", "SILVER"})},
		{"seats", "", "S.1", fmt.Sprint(pick(r, []int{2, 5, 5, 7}))},
	}
	if variant == 2 {
		left[0], left[1] = left[1], left[0]
	}
	rowH := 7.8
	place := func(rows []row, x, w float64) {
		y := 19.5
		for _, rw := range rows {
			b.text("", "", "("+rw.code+")", st.capFont, 1.6, x, y, 0, 0, st.pal.caption)
			b.text(rw.key, rw.norm, rw.val, st.valFont, st.valMM, x+13, y, 0, w-13, st.pal.ink)
			y += rowH
		}
	}
	place(left, 6, 118)
	place(right, 132, 72)
	f.line(128, 15, 128, 100, st.pal.caption)
	auth := pick(r, c.authority)
	b.text("authority", "", auth, st.valFont, 1.9, 132, 100, 0, 55, st.pal.ink)
	f.seals = append(f.seals, rectMM{188, 88, 202, 102})

	o := idrecog.OCR{
		FullName: strings.TrimSpace(p.Given + " " + p.Surname), FirstName: p.Given, LastName: p.Surname,
		Number: plate, IssueDate: isoDate(reg),
	}
	return &otherDoc{country: es.code, ocr: o, sides: []*sideSpec{f}, variant: variant}
}
