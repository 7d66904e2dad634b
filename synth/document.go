package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/idrecog/idrecog/mrz"
)

// pxPerMM is the canonical resolution: 300 dpi.
const pxPerMM = 300 / 25.4

// kind is one document type the generator makes.
type kind struct {
	name     string
	format   mrz.Format
	wmm, hmm float64
	idType   string
	mrzSide  string
	mrzLeft  float64   // left edge of the first character cell, mm
	mrzLines []float64 // line-centre heights from the bottom edge, mm
	pitch    float64   // character pitch, mm
	capMM    float64   // MRZ capital height, mm
}

// Types lists the document types with an MRZ, in the order -types accepts
// them, and the default set; OtherTypes lists those without.
var Types = []string{"td3", "td1", "td2", "mrva", "mrvb", "frid"}

// kinds follows ICAO 9303's "MRZ geometry per format". The pre-2021 French
// ID card squeezes its 2×36 MRZ onto an ID-1 card, with a narrower pitch.
var kinds = []kind{
	{"td3", mrz.TD3, 125, 88, "passport", "front", 6.0, []float64{15.75, 9.40}, 2.54, 2.4},
	{"td1", mrz.TD1, 85.6, 54, "government_id", "back", 5.0, []float64{15.73, 11.5, 7.27}, 2.54, 2.4},
	{"td2", mrz.TD2, 105, 74, "government_id", "front", 4.0, []float64{15.75, 9.40}, 2.54, 2.4},
	{"mrva", mrz.MRVA, 120, 80, "visa", "front", 4.0, []float64{15.75, 9.40}, 2.54, 2.4},
	{"mrvb", mrz.MRVB, 105, 74, "visa", "front", 4.0, []float64{15.75, 9.40}, 2.54, 2.4},
	{"frid", mrz.FrenchID, 85.6, 54, "government_id", "front", 2.8, []float64{9.6, 4.6}, 2.23, 2.05},
	// Documents without an MRZ (other.go).
	{name: "usdl", wmm: 85.6, hmm: 54, idType: "drivers_license"},
	{name: "aadhaar", wmm: 85.6, hmm: 54, idType: "aadhaar"},
	{name: "pan", wmm: 85.6, hmm: 54, idType: "pancard"},
	{name: "korrc", wmm: 85.6, hmm: 54, idType: "government_id"},
	{name: "kordl", wmm: 85.6, hmm: 54, idType: "drivers_license"},
	{name: "euvrc", wmm: 210, hmm: 105, idType: "vehicle_registration_certificate"},
	{name: "korvrc", wmm: 210, hmm: 297, idType: "vehicle_registration_certificate"},
	// Driving licences with an MRZ on the back (eudl.go): the French line's
	// centre ~6 mm above the bottom edge, the Swiss lines as on a TD1 card.
	{"frdl", mrz.FrenchDL, 85.6, 54, "drivers_license", "back", 4.7, []float64{6.2}, 2.54, 2.4},
	{"chdl", mrz.SwissDL, 85.6, 54, "drivers_license", "back", 5.0, []float64{15.73, 11.5, 7.27}, 2.54, 2.4},
}

func kindOf(name string) *kind {
	for i := range kinds {
		if kinds[i].name == name {
			return &kinds[i]
		}
	}
	return nil
}

// size returns the canonical size in pixels.
func (k *kind) size() Size {
	return Size{int(k.wmm*pxPerMM + 0.5), int(k.hmm*pxPerMM + 0.5)}
}

// docData is everything printed on one document.
type docData struct {
	k         *kind
	p         person
	issuer    *culture
	docCode   string
	number    string // full document number
	personal  string // TD3 personal number ("" when none)
	issue     time.Time
	expiry    time.Time
	authority string
	lines     []string
	// visas
	passportNo, entries, visaType string
	// French ID
	height string
	// documents without an MRZ
	other *otherDoc
}

// newDocData draws a document of kind k issued by issuer (nil: random).
func newDocData(r *rand.Rand, k *kind, issuer *culture, now time.Time) (*docData, error) {
	if issuer == nil {
		switch {
		case k.name == "frid":
			issuer = cultureByCode("FRA")
		case r.IntN(3) == 0:
			issuer = cultureByCode("UTO")
		default:
			issuer = &cultures[r.IntN(len(cultures))]
		}
	}
	d := &docData{k: k, issuer: issuer}
	holder := issuer
	if k.idType == "visa" || r.IntN(12) == 0 {
		holder = &cultures[r.IntN(len(cultures))] // a foreign holder
	}
	d.p = newPerson(r, holder, now)
	if k.name == "frid" {
		// Only French nationals hold the card, whatever the origin of
		// their names; the card prints "Française" and its MRZ implies FRA.
		d.p.Nationality = "FRA"
	}
	d.authority = pick(r, issuer.authority)

	years := 10
	if r.IntN(3) == 0 {
		years = 5
	}
	switch k.name {
	case "frid":
		years = 10
		// Pre-2021 cards: issued 1995-2021.
		d.issue = dateBetween(r, time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 2, 28, 0, 0, 0, 0, time.UTC))
		if !d.p.Birth.Before(d.issue.AddDate(-1, 0, 0)) {
			d.p.Birth = dateBetween(r, now.AddDate(-99, 0, 1), d.issue.AddDate(-1, 0, 0))
		}
		if d.issue.Year() >= 2014 && d.p.Birth.Before(d.issue.AddDate(-18, 0, 0)) {
			years = 15
		}
	case "mrva", "mrvb":
		d.issue = dateBetween(r, now.AddDate(-3, 0, 0), now)
	default:
		if r.IntN(10) < 3 { // expired
			d.issue = dateBetween(r, now.AddDate(-years-8, 0, 0), now.AddDate(-years, 0, -1))
		} else {
			d.issue = dateBetween(r, now.AddDate(-years, 0, 1), now)
		}
	}
	if d.issue.Before(d.p.Birth) {
		d.issue = d.p.Birth.AddDate(0, 0, 20+r.IntN(200))
		if d.issue.After(now) {
			d.issue = now
		}
	}
	switch {
	case k.name == "mrva" || k.name == "mrvb":
		// After the birth date has moved the issue date, never before:
		// a visa expires after it was issued.
		d.expiry = d.issue.AddDate(0, 0, pick(r, []int{30, 90, 180, 365, 730}))
	case d.expiry.IsZero():
		d.expiry = d.issue.AddDate(years, 0, -1)
	}

	id := mrz.Identity{
		IssuingState: issuer.code,
		BirthDate:    yymmdd(d.p.Birth),
		ExpiryDate:   yymmdd(d.expiry),
		Sex:          d.p.Sex,
		Nationality:  d.p.Nationality,
		Surname:      d.p.Surname,
		GivenNames:   d.p.Given,
	}
	switch k.name {
	case "td3":
		d.docCode = pick(r, []string{"P<", "P<", "P<", "PP", "PD"})
		d.number = docNumber(r, pick(r, []int{8, 9, 9, 9}))
		switch r.IntN(5) {
		case 0, 1:
		case 2:
			d.personal = randDigits(r, 11)
		case 3:
			d.personal = randLetters(r, 2) + randDigits(r, 6) + randLetters(r, 1)
		default:
			d.personal = randDigits(r, 8+r.IntN(7))
		}
		id.OptionalData1 = d.personal
	case "td1", "td2":
		d.docCode = pick(r, []string{"I<", "ID", "I<", "IR", "AC"})
		if (d.docCode == "AC" && k.name == "td2") || (d.docCode == "ID" && k.name == "td2" && issuer.code == "FRA") {
			// TD2 forbids AC; a TD2 "IDFRA" line would read as the
			// French ID card's MRZ.
			d.docCode = "I<"
		}
		n := 9
		if r.IntN(10) < 3 {
			n = 10 + r.IntN(3) // long document number
		}
		d.number = docNumber(r, n)
	case "mrva", "mrvb":
		d.docCode = pick(r, []string{"V<", "VC", "VD", "V<"})
		d.number = docNumber(r, pick(r, []int{8, 9}))
		d.passportNo = docNumber(r, 9)
		d.entries = pick(r, []string{"1", "2", "MULT", "MULTIPLE"})
		d.visaType = pick(r, []string{"C", "D", "TOURIST", "BUSINESS", "STUDENT"})
	case "frid":
		d.docCode = "ID"
		dept := fmt.Sprintf("%03d", 1+r.IntN(95))
		if r.IntN(6) == 0 {
			dept = fmt.Sprintf("%02dA", 1+r.IntN(95))
		}
		d.number = d.issue.Format("0601") + dept + randDigits(r, 5)
		if r.IntN(3) > 0 {
			id.OptionalData1 = dept + randDigits(r, 3)
		}
		d.height = fmt.Sprintf("%d,%02dm", 1, 50+r.IntN(45))
	}
	id.DocumentCode = d.docCode
	id.DocumentNumber = d.number
	lines, err := mrz.Build(k.format, id)
	if err != nil {
		return nil, fmt.Errorf("synth: building the %s MRZ: %w", k.name, err)
	}
	d.lines = lines
	return d, nil
}

// mrzNames returns the holder's names as the MRZ spells them: primary and
// secondary identifier with '<' replaced by spaces.
func (d *docData) mrzNames() (last, first string) {
	clean := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
	}
	var field string
	switch d.k.format {
	case mrz.TD1:
		field = d.lines[2]
	case mrz.FrenchID:
		return clean(d.lines[0][5:30]), clean(d.lines[1][13:27])
	default:
		field = d.lines[0][5:]
	}
	if i := strings.Index(field, "<<"); i >= 0 {
		return clean(field[:i]), clean(field[i+2:])
	}
	return clean(field), ""
}
