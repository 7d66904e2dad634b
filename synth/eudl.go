package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/mrz"
)

// DLTypes lists the driving licences with an MRZ, in the order -types
// accepts them: the French licence of the 2013 model (frdl, one MRZ line of
// 30) and the Swiss or Liechtenstein credit-card licence (chdl, three lines
// of 9/30/30). Like OtherTypes they are not part of the default (Types), so
// that existing corpora stay byte-identical; name them in Options.Types.
//
// Both are ID-1 cards of the EU model. The front carries the numbered
// fields 1 (surname), 2 (given names), 3 (birth date, and place on the
// French card), 4a (issue date), 4b (expiry date), 4c (authority), 5
// (licence number), 7 (signature) and 9 (categories). The back carries the
// category table (columns 9 to 12) and, at its bottom, the MRZ: the French
// line's centre 6.2 mm above the bottom edge, the Swiss lines where a TD1
// card has its three (pitch 2.54 mm, lines 4.23 mm apart).
var DLTypes = []string{"frdl", "chdl"}

// isEUDL reports whether k is one of DLTypes.
func isEUDL(k *kind) bool { return k.name == "frdl" || k.name == "chdl" }

// dlCultures are name pools used only by the licences: adding them to
// cultures would change what the default types draw.
var dlCultures = []culture{
	{code: "CHE", country: "SCHWEIZ · SUISSE · SVIZZERA · SVIZRA", adjective: "SCHWEIZ",
		surnames: []string{"MÜLLER", "MEIER", "SCHMID", "KELLER", "WEBER", "HUBER", "SCHNEIDER", "STEINER", "FISCHER", "GERBER",
			"BRUNNER", "BAUMANN", "ROSSI", "FAVRE", "BERSET", "CATTANEO", "VON WATTENWYL", "ZÜRCHER-BÖSIGER", "DE MEURON", "BLOCHER"},
		male:      []string{"HANS PETER", "URS", "RETO", "BEAT", "LUCA", "JEAN-LUC", "MARCO", "DANIEL", "THOMAS", "NICOLAS"},
		female:    []string{"RUTH", "VRENI", "BARBARA", "ANNA", "CHIARA", "MARIE-CLAUDE", "SANDRA", "CORINNE", "ANDREA", "MONIKA"},
		places:    []string{"ZÜRICH", "BERN", "GENÈVE", "LAUSANNE", "BASEL", "LUGANO", "LUZERN", "ST. GALLEN"},
		authority: []string{"ZH", "BE", "GE", "VD", "BS", "TI", "LU", "SG"}},
	{code: "LIE", country: "FÜRSTENTUM LIECHTENSTEIN", adjective: "LIECHTENSTEIN",
		surnames:  []string{"BÜCHEL", "FROMMELT", "HASLER", "KIND", "MARXER", "OSPELT", "SPRENGER", "WANGER", "VOGT", "NIGG", "QUADERER", "SCHÄDLER"},
		male:      []string{"ALOIS", "HANSJÖRG", "MARKUS", "PATRICK", "FLORIAN", "JOHANNES"},
		female:    []string{"SABINE", "MARLIES", "JUDITH", "LEA", "THERESIA", "NADINE"},
		places:    []string{"VADUZ", "SCHAAN", "TRIESEN", "BALZERS", "ESCHEN"},
		authority: []string{"FL"}},
}

// frDLSurnames adds common and long surnames to the French pool, so that
// the MRZ's 8-letter truncation is often exercised.
var frDLSurnames = []string{"MARTIN", "BERNARD", "DUBOIS", "ROUSSEAU", "FONTAINE", "GIRARD", "BONNAFOUX-LACROIX", "CHEVALIER", "LEROY", "VANDENBERGHE"}

// dlCategories are the EU model's categories in the order of the back's
// table (Directive 2006/126/EC).
var dlCategories = []string{"AM", "A1", "A2", "A", "B1", "B", "C1", "C", "D1", "D", "BE", "C1E", "CE", "D1E", "DE"}

// cantonLang is the MRZ language code of a Swiss canton's licences.
var cantonLang = map[string]string{"ZH": "D", "BE": "D", "GE": "F", "VD": "F", "BS": "D", "TI": "I", "LU": "D", "SG": "D", "FL": "D"}

// designEUDL draws a French or Swiss/Liechtenstein driving licence: the
// holder, the MRZ (mrz.Build) and both sides.
//
// Truth keys, front: surname (1), given_names (2), birth_date (3),
// place_of_birth (3, French card), issue_date (4a), expiry_date (4b),
// authority (4c), license_number (5), categories (9); back: mrz_line1..3.
// The expected summary holds what the MRZ gives: on the French card the
// licence number (ocr_number), the date (ocr_expireDate; the spec leaves its
// meaning open, the generator prints it as 4b) and the printed surname in
// full, ICAO-transliterated with single spaces (ocr_lastName, ocr_fullName:
// the MRZ cuts it to 8 letters, the front prints it whole); on the Swiss card the line-1 number
// (ocr_number), the birth date and the names. The French licence number (5)
// is the MRZ's 9 characters; the Swiss one is the MRZ's PIN and version (12
// digits).
func designEUDL(r *rand.Rand, k *kind, ts *typesetter, now time.Time, country string) (*docData, error) {
	st := newStyle(r)
	d := &docData{k: k}
	var c *culture
	switch {
	case k.name == "frdl":
		c = cultureByCode("FRA")
	case country == "LIE" || (country != "CHE" && r.IntN(5) == 0):
		c = cultureByCode("LIE")
	default:
		c = cultureByCode("CHE")
	}
	d.issuer = c
	p := newPerson(r, c, now)
	if k.name == "frdl" && r.IntN(2) == 0 {
		p.Surname = pick(r, frDLSurnames)
	}
	if p.Sex == "X" {
		p.Sex = sexOf(r)
	}
	for p.Given == "" {
		p.Given = pick(r, c.male)
	}
	// A licence holder is at least 18 when the card is issued.
	first := time.Date(2013, 9, 16, 0, 0, 0, 0, time.UTC) // the French 2013 model
	if k.name == "chdl" {
		first = time.Date(2003, 4, 1, 0, 0, 0, 0, time.UTC) // the Swiss credit-card format
	}
	if p.Birth.After(now.AddDate(-18, 0, 0)) {
		p.Birth = adultBirth(r, now, 18)
	}
	if a := p.Birth.AddDate(18, 0, 0); a.After(first) {
		first = a
	}
	d.p = p
	d.issue = dateBetween(r, first, now)
	years := 15
	if k.name == "chdl" {
		years = 10
	}
	d.expiry = d.issue.AddDate(years, 0, -1)
	d.authority = pick(r, c.authority)

	// Categories held: B nearly always, with a few others.
	held := map[string]bool{"B": r.IntN(20) > 0, "AM": true}
	for _, cat := range []string{"A1", "A2", "A", "B1", "BE", "C1", "C", "CE", "D1", "D"} {
		if r.IntN(6) == 0 {
			held[cat] = true
		}
	}
	var cats []string
	for _, cat := range dlCategories {
		if held[cat] {
			cats = append(cats, cat)
		}
	}
	catDates := map[string]time.Time{}
	for _, cat := range cats {
		catDates[cat] = dateBetween(r, p.Birth.AddDate(18, 0, 0), d.issue)
	}

	id := mrz.Identity{IssuingState: c.code, Surname: p.Surname, GivenNames: p.Given}
	var licence string
	switch k.name {
	case "frdl":
		d.docCode = pick(r, []string{"D1", "D1", "D1", "D2"})
		d.number = d.issue.Format("06") + letters(r, 2) + randDigits(r, 5)
		licence = d.number
		id.ExpiryDate = yymmdd(d.expiry)
	default:
		d.docCode = "FA"
		lang := cantonLang[d.authority]
		if lang == "" {
			lang = "D"
		}
		if r.IntN(15) == 0 {
			lang = "R" // Romansh
		}
		d.number = randAlnum(r, 3) + randDigits(r, 3)
		pin, version := randDigits(r, 9), fmt.Sprintf("%03d", r.IntN(20))
		id.DocumentNumber = d.number + lang
		id.OptionalData1 = pin
		id.OptionalData2 = version
		id.BirthDate = yymmdd(p.Birth)
		licence = pin + version
	}
	id.DocumentCode = d.docCode
	if k.name == "frdl" {
		id.DocumentNumber = d.number
	}
	lines, err := mrz.Build(k.format, id)
	if err != nil {
		return nil, fmt.Errorf("synth: building the %s MRZ: %w", k.name, err)
	}
	d.lines = lines

	variant := r.IntN(3)
	sides := layoutEUDL(d, st, r, ts, variant, licence, cats, catDates)
	d.other = &otherDoc{country: c.code, ocr: eudlOCR(d), sides: sides, variant: variant}
	return d, nil
}

// eudlOCR is the expected summary: what the licence's MRZ gives.
func eudlOCR(d *docData) idrecog.OCR {
	squash := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
	}
	o := idrecog.OCR{Number: d.number, FullMRZ: strings.Join(d.lines, "\n"), MRZLine1: d.lines[0]}
	if d.k.name == "frdl" {
		// The printed surname in full (as the MRZ writes it, ICAO
		// transliteration, before its cut to 8 letters): the front reads
		// it, and its first 8 letters confirm it.
		o.LastName = squash(mrz.Transliterate(d.p.Surname))
		o.FullName = o.LastName
		o.ExpireDate = isoDate(d.expiry)
		return o
	}
	o.MRZLine2, o.MRZLine3 = d.lines[1], d.lines[2]
	name := d.lines[2]
	last, first := name, ""
	if i := strings.Index(name, "<<"); i >= 0 {
		last, first = name[:i], name[i+2:]
	}
	o.LastName, o.FirstName = squash(last), squash(first)
	o.FullName = strings.TrimSpace(o.FirstName + " " + o.LastName)
	o.BirthDate = isoDate(d.p.Birth)
	return o
}

// layoutEUDL lays out both sides of an EU-model licence.
func layoutEUDL(d *docData, st style, r *rand.Rand, ts *typesetter, variant int, licence string, cats []string, catDates map[string]time.Time) []*sideSpec {
	fr := d.k.name == "frdl"
	k := d.k
	date := func(t time.Time) string { return t.Format("02.01.2006") }
	short := func(t time.Time) string { return t.Format("02.01.06") }
	if fr {
		date = func(t time.Time) string { return t.Format("02/01/2006") }
		short = func(t time.Time) string { return t.Format("02/01/06") }
	}
	// The EU model's pink card.
	st.pal = palettes[pick(r, []int{1, 1, 5})]
	st.capFont = pick(r, []fontID{fontSansBold, fontLibSansBd, fontSans})
	st.valFont = pick(r, []fontID{fontSans, fontLibSans, fontSansBold, fontLibSansBd, fontSansCond})
	st.valMM = 2.0 + r.Float64()*0.3
	capMM := 1.1 + r.Float64()*0.2 // field numbers print smaller than the values

	f := newSide("front", st, r, k)
	f.specAt = [3]float64{52, 30, -0.3}
	b := &builder{st: st, s: f}
	// Header: the distinguishing sign in a blue rectangle (FR: the EU flag
	// panel) and the document's name.
	flag := rgb{30, 60, 150}
	sign := "F"
	title := "PERMIS DE CONDUIRE"
	state := "RÉPUBLIQUE FRANÇAISE"
	if !fr {
		flag = rgb{200, 30, 40}
		sign = "CH"
		title = "FÜHRERAUSWEIS  PERMIS DE CONDUIRE  LICENZA DI CONDURRE"
		state = d.issuer.country
		if d.issuer.code == "LIE" {
			sign = "FL"
			flag = rgb{20, 50, 140}
			title = "FÜHRERAUSWEIS"
		}
	}
	f.bands = append(f.bands, band{rectMM{2.5, 2.5, 13.5, 10}, flag, 0.9})
	b.text("", "", sign, fontSansBold, 3.2, 8, 8, 1, 10, rgb{245, 245, 245})
	tcap := 2.3
	if !fr && sign == "CH" {
		tcap = 1.55
	}
	b.text("", "", title, st.titleFont, tcap, 16, 5.2, 0, 67, st.pal.accent)
	b.text("", "", state, st.titleFont, 1.4, 16, 8.8, 0, 67, st.pal.accent)

	px := 2.5
	f.portraits = append(f.portraits, rectMM{px, 12.5, px + 24, 44})
	if st.ghost {
		f.ghosts = append(f.ghosts, rectMM{70, 38, 82, 50})
	}
	x, w := 29.5, 54.0
	y := 15.0
	step := 4.4 + r.Float64()*0.4
	b.lv("surname", "", "1.", st.capFont, capMM, d.p.Surname, x, y, w, ts)
	y += step
	b.lv("given_names", "", "2.", st.capFont, capMM, d.p.Given, x, y, w, ts)
	y += step
	ax := b.lv("birth_date", isoDate(d.p.Birth), "3.", st.capFont, capMM, date(d.p.Birth), x, y, 21, ts)
	if fr {
		b.text("place_of_birth", "", d.p.PlaceOfBirth, st.valFont, st.valMM, ax+20, y, 0, w-(ax-x)-20, st.pal.ink)
	}
	y += step
	if variant == 2 {
		b.lv("issue_date", isoDate(d.issue), "4a.", st.capFont, capMM, date(d.issue), x, y, w, ts)
		y += step
		b.lv("expiry_date", isoDate(d.expiry), "4b.", st.capFont, capMM, date(d.expiry), x, y, w, ts)
	} else {
		b.lv("issue_date", isoDate(d.issue), "4a.", st.capFont, capMM, date(d.issue), x, y, 26, ts)
		b.lv("expiry_date", isoDate(d.expiry), "4b.", st.capFont, capMM, date(d.expiry), x+27, y, 27, ts)
	}
	y += step
	b.lv("authority", "", "4c.", st.capFont, capMM, d.authority, x, y, w, ts)
	y += step
	b.lv("license_number", licence, "5.", st.capFont, capMM, licence, x, y, w, ts)
	y += step
	// 7: signature, 9: categories on the last row.
	b.text("", "", "7.", st.capFont, capMM, x, y+1.5, 0, 0, st.pal.caption)
	f.signatures = append(f.signatures, rectMM{x + 3, y - 2.5, x + 26, min(y+3.5, 52)})
	cx := x + 28
	if variant == 1 {
		cx = px
		y = 49
	}
	b.lv("categories", strings.Join(cats, " "), "9.", st.capFont, capMM, strings.Join(cats, "/"), cx, min(y+1.5, 52), 26, ts)

	// Back: the category table, the MRZ below it.
	bk := newSide("back", st, r, k)
	bk.specimen = false
	bb := &builder{st: st, s: bk}
	mrzTop := k.hmm - k.mrzLines[0] - k.capMM - 2.2
	bk.bands = append(bk.bands, band{rectMM{0, mrzTop, k.wmm, k.hmm}, rgb{255, 255, 255}, 0.35})
	top := 2.5
	rowH := (mrzTop - 1.5 - top) / float64(len(dlCategories)+1)
	cols := []float64{3, 19, 35, 51, 66}
	capT := min(1.1, rowH*0.55)
	for i, c := range []string{"9.", "10.", "11.", "12."} {
		bb.text("", "", c, st.capFont, capT, cols[i]+1, top+rowH*0.75, 0, 0, st.pal.caption)
	}
	for i := 0; i <= len(dlCategories)+1; i++ {
		yy := top + rowH*float64(i)
		bk.line(cols[0], yy, cols[len(cols)-1], yy, st.pal.caption)
	}
	for _, cx := range cols {
		bk.line(cx, top, cx, top+rowH*float64(len(dlCategories)+1), st.pal.caption)
	}
	for i, cat := range dlCategories {
		base := top + rowH*float64(i+1) + rowH*0.75
		bb.text("", "", cat, st.capFont, capT, cols[0]+1, base, 0, 0, st.pal.ink)
		if t, ok := catDates[cat]; ok {
			bb.text("", "", short(t), st.valFont, capT, cols[1]+1, base, 0, 14, st.pal.ink)
			exp := d.expiry
			if cat[0] == 'C' || cat[0] == 'D' {
				exp = t.AddDate(5, 0, -1)
			}
			bb.text("", "", short(exp), st.valFont, capT, cols[2]+1, base, 0, 14, st.pal.ink)
			if r.IntN(8) == 0 {
				bb.text("", "", pick(r, []string{"01", "78", "95", "101"}), st.valFont, capT, cols[3]+1, base, 0, 14, st.pal.ink)
			}
		}
	}
	if fr {
		bb.text("", "", "13.", st.capFont, capT, cols[4]+2, top+rowH*6, 0, 0, st.pal.caption)
		bb.text("", "", "14.", st.capFont, capT, cols[4]+2, top+rowH*10, 0, 0, st.pal.caption)
	}
	bk.mrz = d.lines
	return []*sideSpec{f, bk}
}
