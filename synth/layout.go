package synth

import (
	"math/rand/v2"
	"strings"
)

// item is one run of text on a side, in millimetres; y is the baseline.
type item struct {
	key   string // raw field key ("" for captions and decoration)
	norm  string // normalised value for the truth
	text  string
	font  fontID
	cap   float64 // capital height, mm
	x, y  float64
	align int     // 0 left, 1 centre, 2 right of x
	maxW  float64 // > 0: shrink to fit this width
	color rgb
	cont  bool // continues the previous item of the same key (multi-line field)
}

// rectMM is an axis-aligned rectangle in millimetres.
type rectMM struct{ x0, y0, x1, y1 float64 }

type band struct {
	r     rectMM
	color rgb
	alpha float64
}

// sideSpec is the layout of one side of a document.
type sideSpec struct {
	name       string // "front" or "back"
	pal        palette
	items      []item
	portraits  []rectMM
	ghosts     []rectMM
	bands      []band
	signatures []rectMM
	specimen   bool
	specAt     [3]float64 // centre x, y (mm) and angle (radians)
	mrz        []string
	codes      []code   // 2-D barcodes
	seals      []rectMM // red official seals (drawn over the text)
	clearBelow float64  // > 0: fingers and glare stay above this height (mm) at the hard level
}

// builder lays out fields in a style.
type builder struct {
	st  style
	s   *sideSpec
	sex string
}

func (b *builder) text(key, norm, text string, f fontID, cap, x, y float64, align int, maxW float64, c rgb) {
	b.s.items = append(b.s.items, item{key: key, norm: norm, text: text, font: f, cap: cap, x: x + b.st.jx, y: y + b.st.jy, align: align, maxW: maxW, color: c})
}

// field places a caption above its value in a cell whose top-left corner is
// (x, top) and whose width is w.
func (b *builder) field(key, norm, capKey, value string, x, top, w float64) {
	if value == "" {
		return
	}
	st := b.st
	capBase := top + 0.45 + st.capMM
	c := caption(capKey, st.langs, st.sep)
	if st.upperCaps {
		c = strings.ToUpper(c)
	}
	b.text("", "", c, st.capFont, st.capMM, x, capBase, 0, w-1, st.pal.caption)
	b.text(key, norm, value, st.valFont, st.valMM, x, capBase+0.7+st.valMM, 0, w-1, st.pal.ink)
}

// inline places "Caption : value" on one baseline.
func (b *builder) inline(key, norm, capText, value string, x, base, w float64, ts *typesetter) {
	st := b.st
	if value == "" {
		return
	}
	b.text("", "", capText, st.capFont, st.capMM*1.15, x, base, 0, 0, st.pal.caption)
	cw := ts.advance(st.capFont, 100, capText) / 100 * (st.capMM * 1.15 / capRatio(ts, st.capFont))
	b.text(key, norm, value, st.valFont, st.valMM, x+cw+1.2, base, 0, w-cw-1.2, st.pal.ink)
}

// capRatio is capital height / font size for f.
func capRatio(ts *typesetter, f fontID) float64 { return ts.capHeight(f, 100) / 100 }

func (d *docData) sexText(st style) string {
	s := d.p.Sex
	if st.sexSlash {
		s += "/" + s
	}
	return s
}

func (d *docData) natText(st style) string {
	if st.natAdj {
		return d.p.culture.adjective
	}
	return d.p.Nationality
}

// nameText prints a name in its national script, adding the Latin form
// after a slash for non-Latin scripts.
func (d *docData) nameText(s string) string {
	if d.p.culture.cyrillic && s != "" {
		return s + "/" + latin(s)
	}
	return s
}

func (d *docData) date(key string, st style) (text, norm string) {
	switch key {
	case "birth_date":
		return formatDate(d.p.Birth, st.dates, st.langs), isoDate(d.p.Birth)
	case "issue_date":
		return formatDate(d.issue, st.dates, st.langs), isoDate(d.issue)
	default:
		return formatDate(d.expiry, st.dates, st.langs), isoDate(d.expiry)
	}
}

// header draws the issuing State's name and the document name in Zone I.
func (b *builder) header(d *docData, r *rand.Rand, docKey string, x0, x1, h float64) {
	st := b.st
	b.s.bands = append(b.s.bands, band{rectMM{0, 0, d.k.wmm, h}, st.pal.band, 0.35 + r.Float64()*0.3})
	name := d.issuer.country
	if d.issuer.countryEN != "" && r.IntN(2) == 0 {
		name += " / " + d.issuer.countryEN
	}
	docName := caption(docKey, st.langs, " / ")
	tcap := 2.2 + r.Float64()*0.8
	mid := (x0 + x1) / 2
	if r.IntN(2) == 0 {
		b.text("", "", name, st.titleFont, tcap, mid, 1.5+tcap, 1, x1-x0, st.pal.accent)
		b.text("", "", docName, st.titleFont, tcap*0.7, mid, h-1.3, 1, x1-x0, st.pal.accent)
	} else {
		b.text("", "", name, st.titleFont, tcap, x0, 1.5+tcap, 0, x1-x0, st.pal.accent)
		b.text("", "", docName, st.titleFont, tcap*0.7, x1, h-1.3, 2, x1-x0, st.pal.accent)
	}
}

func newSide(name string, st style, r *rand.Rand, k *kind) *sideSpec {
	s := &sideSpec{name: name, pal: st.pal, specimen: st.specimen}
	// SPECIMEN across the visual zone, clear of the MRZ.
	s.specAt = [3]float64{k.wmm * (0.45 + r.Float64()*0.2), (k.hmm - 24) * (0.35 + r.Float64()*0.3), -(0.15 + r.Float64()*0.35)}
	return s
}

// layoutTD3 lays out a passport data page (ICAO 9303 Part 4, Fig. 6/7).
func layoutTD3(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	s := newSide("front", st, r, d.k)
	b := &builder{st: st, s: s}
	b.header(d, r, "passport", 37, 123, 8.35)
	s.portraits = append(s.portraits, rectMM{3, 57.45 - 45 + r.Float64()*4, 36, 57.45})
	if st.ghost {
		s.ghosts = append(s.ghosts, rectMM{104, 40, 122, 52})
	}
	colA, colB, w := 38.0, 80.0, 42.0
	row := func(j int) float64 { return 8.35 + 6.35*float64(j) }
	b.field("", "", "type", d.docCode[:1], colA, row(0), 15)
	b.field("", "", "code", d.issuer.code, 52.2, row(0), 27)
	b.field("number", d.number, "passno", d.number, colB+8, row(0), 35)
	b.field("surname", "", "surname", d.nameText(d.p.Surname), colA, row(1), 85)
	b.field("given_names", "", "given", d.nameText(d.p.Given), colA, row(2), 85)
	dob, dobN := d.date("birth_date", st)
	doi, doiN := d.date("issue_date", st)
	doe, doeN := d.date("expiry_date", st)
	type f struct{ key, norm, capKey, value string }
	fs := map[string]f{
		"nat": {"nationality", d.p.Nationality, "nationality", d.natText(st)},
		"dob": {"birth_date", dobN, "dob", dob},
		"pn":  {"personal_number", d.personal, "personal", d.personal},
		"sex": {"sex", d.p.Sex, "sex", d.sexText(st)},
		"pob": {"place_of_birth", "", "pob", d.p.PlaceOfBirth},
		"doi": {"issue_date", doiN, "doi", doi},
		"aut": {"authority", "", "authority", d.authority},
		"doe": {"expiry_date", doeN, "doe", doe},
	}
	orders := [][]string{
		{"nat", "", "dob", "pn", "sex", "pob", "doi", "aut", "doe"},
		{"nat", "sex", "dob", "pob", "pn", "", "doi", "aut", "doe"},
		{"dob", "sex", "nat", "pob", "doi", "doe", "aut", "pn", ""},
		{"nat", "pn", "dob", "sex", "pob", "aut", "doi", "", "doe"},
	}
	order := orders[st.fieldOrder%len(orders)]
	for i, key := range order {
		if key == "" {
			continue
		}
		ff := fs[key]
		x := colA
		if i%2 == 1 {
			x = colB
		}
		b.field(ff.key, ff.norm, ff.capKey, ff.value, x, row(3+i/2), w)
	}
	// Signature band.
	b.text("", "", caption("signature", st.langs, st.sep), st.capFont, st.capMM, colB, row(7)+0.45+st.capMM, 0, 40, st.pal.caption)
	s.signatures = append(s.signatures, rectMM{colB + 2, row(7) + 3, colB + 38, row(7) + 11.5})
	s.mrz = d.lines
	return []*sideSpec{s}
}

// layoutTD1 lays out an ID-1 card: visual zone on the front, Zone VI and
// the MRZ on the back (ICAO 9303 Part 5).
func layoutTD1(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	f := newSide("front", st, r, d.k)
	f.specAt[1] = 20 + r.Float64()*20
	b := &builder{st: st, s: f}
	st.valMM = 1.8 + r.Float64()*0.4
	st.capMM = 0.95 + r.Float64()*0.3
	b.st = st
	b.header(d, r, pick(r, []string{"idcard", "idcard", "traveldoc"}), 3, 82.6, 10.5)
	px0, dx := 2.5, 31.0
	if st.mirror {
		px0, dx = 57.1, 3.0
	}
	f.portraits = append(f.portraits, rectMM{px0, 12, px0 + 26, 46})
	if st.ghost {
		gx := dx + 40
		f.ghosts = append(f.ghosts, rectMM{gx, 38, gx + 11, 47})
	}
	W := 51.0
	row := func(j int) float64 { return 11.2 + 5.6*float64(j) }
	dob, dobN := d.date("birth_date", st)
	doe, doeN := d.date("expiry_date", st)
	j := 0
	if st.fieldOrder%2 == 1 {
		b.field("number", d.number, "docno1", d.number, dx, row(j), W)
		j++
	}
	if st.fieldOrder%3 == 2 {
		b.field("surname", "", "primary", d.nameText(d.p.Surname), dx, row(j), W)
		b.field("given_names", "", "secondary", d.nameText(d.p.Given), dx, row(j+1), W)
	} else {
		b.field("surname", "", "surname", d.nameText(d.p.Surname), dx, row(j), W)
		b.field("given_names", "", "given", d.nameText(d.p.Given), dx, row(j+1), W)
	}
	j += 2
	b.field("sex", d.p.Sex, "sex", d.sexText(st), dx, row(j), 12)
	b.field("nationality", d.p.Nationality, "nationality", d.p.Nationality, dx+12, row(j), 16)
	b.field("birth_date", dobN, "dob", dob, dx+28, row(j), W-28)
	j++
	if st.fieldOrder%2 == 0 {
		b.field("number", d.number, "docno1", d.number, dx, row(j), 26)
		b.field("expiry_date", doeN, "expiry1", doe, dx+26, row(j), W-26)
	} else {
		b.field("expiry_date", doeN, "expiry1", doe, dx, row(j), W)
	}
	j++
	if row(j)+6 < 52 {
		f.signatures = append(f.signatures, rectMM{dx + 2, row(j) + 0.5, dx + 30, 52})
	}

	bk := newSide("back", st, r, d.k)
	bk.specimen = false
	bb := &builder{st: st, s: bk}
	bk.bands = append(bk.bands, band{rectMM{0, 29, d.k.wmm, d.k.hmm}, rgb{255, 255, 255}, 0.35})
	doi, doiN := d.date("issue_date", st)
	bb.field("place_of_birth", "", "pob", d.p.PlaceOfBirth, 4, 3, 45)
	bb.field("issue_date", doiN, "doi", doi, 50, 3, 32)
	bb.field("authority", "", "authority", d.authority, 4, 9.5, 78)
	if r.IntN(2) == 0 {
		bk.ghosts = append(bk.ghosts, rectMM{66, 14, 80, 28})
	}
	bk.mrz = d.lines
	return []*sideSpec{f, bk}
}

// layoutTD2 lays out a TD2 card or travel document (ICAO 9303 Part 6).
func layoutTD2(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	s := newSide("front", st, r, d.k)
	b := &builder{st: st, s: s}
	b.header(d, r, pick(r, []string{"idcard", "traveldoc"}), 37, 102, 10.5)
	s.portraits = append(s.portraits, rectMM{3, 12.5, 34, 50})
	if st.ghost {
		s.ghosts = append(s.ghosts, rectMM{88, 36, 102, 48})
	}
	x, W := 37.5, 65.0
	row := func(j int) float64 { return 10.8 + 6.0*float64(j) }
	dob, dobN := d.date("birth_date", st)
	doe, doeN := d.date("expiry_date", st)
	doi, doiN := d.date("issue_date", st)
	b.field("surname", "", "primary", d.nameText(d.p.Surname), x, row(0), W)
	b.field("given_names", "", "secondary", d.nameText(d.p.Given), x, row(1), W)
	b.field("sex", d.p.Sex, "sex", d.sexText(st), x, row(2), 13)
	b.field("nationality", d.p.Nationality, "nationality", d.p.Nationality, x+13, row(2), 24)
	b.field("birth_date", dobN, "dob", dob, x+37, row(2), W-37)
	if st.fieldOrder%2 == 0 {
		b.field("number", d.number, "docno", d.number, x, row(3), 30)
		b.field("expiry_date", doeN, "validuntil", doe, x+32, row(3), W-32)
		b.field("issue_date", doiN, "doi", doi, x, row(4), 30)
		b.field("authority", "", "authority", d.authority, x+32, row(4), W-32)
	} else {
		b.field("issue_date", doiN, "doi", doi, x, row(3), 30)
		b.field("expiry_date", doeN, "validuntil", doe, x+32, row(3), W-32)
		b.field("number", d.number, "docno", d.number, x, row(4), 30)
		b.field("place_of_birth", "", "pob", d.p.PlaceOfBirth, x+32, row(4), W-32)
	}
	s.signatures = append(s.signatures, rectMM{x + 2, row(5) + 0.5, x + 34, row(5) + 5.5})
	s.mrz = d.lines
	return []*sideSpec{s}
}

// layoutVisa lays out an MRV-A or MRV-B visa: Zone III above Zone II
// (ICAO 9303 Part 7, Fig. 5).
func layoutVisa(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	s := newSide("front", st, r, d.k)
	b := &builder{st: st, s: s}
	wmm := d.k.wmm
	b.header(d, r, "visa", 34, wmm-3, 11.5)
	pw, ph := 28.0, 36.0
	s.portraits = append(s.portraits, rectMM{3, 13, 3 + pw, 13 + ph})
	x := 34.0
	W := wmm - 3 - x
	rh, top := 7.1, 12.0
	if d.k.name == "mrvb" {
		rh, top = 6.4, 11.8
	}
	row := func(j int) float64 { return top + rh*float64(j) }
	doi, doiN := d.date("issue_date", st)
	doe, doeN := d.date("expiry_date", st)
	dob, dobN := d.date("birth_date", st)
	third := W / 3
	b.field("place_of_issue", "", "placeofissue", d.issuer.places[0], x, row(0), third)
	b.field("issue_date", doiN, "validfrom", doi, x+third, row(0), third)
	b.field("expiry_date", doeN, "validuntil", doe, x+2*third, row(0), third)
	b.field("entries", "", "entries", d.entries, x, row(1), third)
	b.field("number", d.number, "docno", d.number, x+third, row(1), 2*third)
	b.field("", "", "visatype", d.visaType, x, row(2), W)
	name := d.nameText(d.p.Surname)
	if d.p.Given != "" {
		name += ", " + d.nameText(d.p.Given)
	}
	b.field("name", "", "name", name, x, row(3), W)
	q := W / 4
	b.field("passport_number", d.passportNo, "passno", d.passportNo, x, row(4), q+3)
	b.field("sex", d.p.Sex, "sex", d.sexText(st), x+q+3, row(4), q-6)
	b.field("birth_date", dobN, "dob", dob, x+2*q-3, row(4), q+3)
	b.field("nationality", d.p.Nationality, "nationality", d.p.Nationality, x+3*q, row(4), q)
	// Officer's stamp and signature above the MRZ, at the right.
	s.signatures = append(s.signatures, rectMM{wmm - 40, row(5), wmm - 6, d.k.hmm - 24})
	s.mrz = d.lines
	return []*sideSpec{s}
}

// layoutFRID lays out the front of a French national identity card of the
// 1988-2021 model: inline captions, the MRZ at the bottom of the front.
func layoutFRID(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	st.langs = [2]int{1, -1}
	st.dates = dateDots
	st.capMM = 1.05 + r.Float64()*0.2
	st.valMM = 1.9 + r.Float64()*0.35
	st.pal = palettes[pick(r, []int{1, 3, 5})]
	s := newSide("front", st, r, d.k)
	s.specAt = [3]float64{55, 28, -0.3}
	b := &builder{st: st, s: s}
	b.text("", "", "RÉPUBLIQUE FRANÇAISE", st.titleFont, 1.9, 42.8, 4.2, 1, 60, st.pal.accent)
	b.inline("number", d.number, "CARTE NATIONALE D'IDENTITÉ N° :", d.number, 13, 8.6, 72, ts)
	b.inline("nationality", "FRA", "Nationalité", "Française", 30, 12.6, 50, ts)
	s.portraits = append(s.portraits, rectMM{2.5, 12, 27.5, 41})
	dob, dobN := d.date("birth_date", st)
	x := 30.0
	b.inline("surname", "", "Nom :", d.p.Surname, x, 17.5, 54, ts)
	given := strings.ReplaceAll(d.p.Given, " ", ", ")
	b.inline("given_names", "", "Prénom(s) :", given, x, 22.5, 54, ts)
	b.inline("sex", d.p.Sex, "Sexe :", d.p.Sex, x, 27.5, 14, ts)
	b.inline("birth_date", dobN, "Né(e) le :", dob, x+15, 27.5, 40, ts)
	b.inline("place_of_birth", "", "à :", d.p.PlaceOfBirth, x, 32, 54, ts)
	b.inline("", "", "Taille :", d.height, x, 36.5, 25, ts)
	b.text("", "", "Signature du titulaire :", st.capFont, st.capMM, x+26, 36.5, 0, 28, st.pal.caption)
	s.signatures = append(s.signatures, rectMM{x + 28, 37, x + 52, 41.5})
	s.mrz = d.lines
	return []*sideSpec{s}
}

func layout(d *docData, st style, r *rand.Rand, ts *typesetter) []*sideSpec {
	switch d.k.name {
	case "td3":
		return layoutTD3(d, st, r, ts)
	case "td1":
		return layoutTD1(d, st, r, ts)
	case "td2":
		return layoutTD2(d, st, r, ts)
	case "frid":
		return layoutFRID(d, st, r, ts)
	default:
		return layoutVisa(d, st, r, ts)
	}
}
