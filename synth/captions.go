package synth

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// captions holds the EN, FR and ES captions of ICAO 9303 Part 3's standard
// fields (ES: common national practice).
var captions = map[string][3]string{
	"type":         {"Type", "Type", "Tipo"},
	"code":         {"Country code", "Code du pays", "Código del país"},
	"passno":       {"Passport No.", "N° de passeport", "N° de pasaporte"},
	"surname":      {"Surname", "Nom", "Apellidos"},
	"given":        {"Given names", "Prénoms", "Nombres"},
	"nationality":  {"Nationality", "Nationalité", "Nacionalidad"},
	"dob":          {"Date of birth", "Date de naissance", "Fecha de nacimiento"},
	"personal":     {"Personal No.", "N° personnel", "N° personal"},
	"sex":          {"Sex", "Sexe", "Sexo"},
	"pob":          {"Place of birth", "Lieu de naissance", "Lugar de nacimiento"},
	"doi":          {"Date of issue", "Date de délivrance", "Fecha de expedición"},
	"authority":    {"Authority", "Autorité", "Autoridad"},
	"doe":          {"Date of expiry", "Date d'expiration", "Fecha de caducidad"},
	"signature":    {"Holder's signature", "Signature du titulaire", "Firma del titular"},
	"docno":        {"Document No.", "N° de document", "N° de documento"},
	"docno1":       {"Doc No.", "N° du Doc", "N° de documento"},
	"validuntil":   {"Valid until", "Valide jusqu'au", "Válido hasta"},
	"expiry1":      {"Expiry", "Expiration", "Válido hasta"},
	"name":         {"Surname, Given names", "Nom, Prénoms", "Apellidos, Nombres"},
	"primary":      {"Primary identifier", "Identifiant primaire", "Apellidos"},
	"secondary":    {"Secondary identifier", "Identifiant secondaire", "Nombres"},
	"validfrom":    {"Valid from", "Valide à partir du", "Válido desde"},
	"entries":      {"No. of entries", "Nombre d'entrées", "Número de entradas"},
	"placeofissue": {"Place of issue", "Lieu de délivrance", "Lugar de expedición"},
	"remarks":      {"Remarks", "Observations", "Observaciones"},
	"visatype":     {"Type of visa", "Type de visa", "Tipo de visado"},
	"passport":     {"PASSPORT", "PASSEPORT", "PASAPORTE"},
	"idcard":       {"IDENTITY CARD", "CARTE D'IDENTITÉ", "DOCUMENTO DE IDENTIDAD"},
	"traveldoc":    {"TRAVEL DOCUMENT", "DOCUMENT DE VOYAGE", "DOCUMENTO DE VIAJE"},
	"visa":         {"VISA", "VISA", "VISADO"},
}

// captionLangs are the language pairs a layout variant may use: the
// national language first, then the translation (-1: none).
var captionLangs = [][2]int{{0, 1}, {1, 0}, {2, 0}, {0, 2}, {0, -1}, {0, 1}}

// caption returns the caption of key in the pair langs, e.g.
// "Surname/Nom".
func caption(key string, langs [2]int, sep string) string {
	c := captions[key]
	if langs[1] < 0 || c[langs[0]] == c[langs[1]] {
		return c[langs[0]]
	}
	return c[langs[0]] + sep + c[langs[1]]
}

var monthNames = [3][12]string{
	{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"},
	{"JAN", "FÉV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC"},
	{"ENE", "FEB", "MAR", "ABR", "MAYO", "JUN", "JUL", "AGO", "SEPT", "OCT", "NOV", "DIC"},
}

// dateStyle is how a layout prints dates.
type dateStyle int

const (
	dateMonYY   dateStyle = iota // 12 AUG/AOÛT 74
	dateMonYYYY                  // 12 AUG/AOÛT 1974
	dateDots                     // 12.08.1974
	dateISO                      // 1974-08-12
	dateSpaces                   // 12 08 1974
	dateDotsYY                   // 12.08.74
	numDateStyles
)

func formatDate(t time.Time, st dateStyle, langs [2]int) string {
	d, m, y := t.Day(), int(t.Month()), t.Year()
	mon := func() string {
		s := monthNames[langs[0]][m-1]
		if langs[1] >= 0 && monthNames[langs[1]][m-1] != s {
			s += "/" + monthNames[langs[1]][m-1]
		}
		return s
	}
	switch st {
	case dateMonYY:
		return fmt.Sprintf("%02d %s %02d", d, mon(), y%100)
	case dateMonYYYY:
		return fmt.Sprintf("%02d %s %04d", d, mon(), y)
	case dateDots:
		return fmt.Sprintf("%02d.%02d.%04d", d, m, y)
	case dateISO:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case dateSpaces:
		return fmt.Sprintf("%02d %02d %04d", d, m, y)
	default:
		return fmt.Sprintf("%02d.%02d.%02d", d, m, y%100)
	}
}

func isoDate(t time.Time) string { return t.Format("2006-01-02") }

func yymmdd(t time.Time) string { return t.Format("060102") }

// style is the look of one layout variant.
type style struct {
	langs      [2]int
	sep        string
	dates      dateStyle
	capFont    fontID
	valFont    fontID
	titleFont  fontID
	capMM      float64 // caption capital height
	valMM      float64 // value capital height
	sexSlash   bool    // print "F/F"
	natAdj     bool    // nationality as adjective rather than code
	pal        palette
	jx, jy     float64 // layout offset in mm
	specimen   bool
	mirror     bool // portrait on the right (TD1 with a contact chip)
	upperCaps  bool // captions in upper case
	ghost      bool // ghost portrait
	fieldOrder int
}

func newStyle(r *rand.Rand) style {
	st := style{
		langs:     captionLangs[r.IntN(len(captionLangs))],
		sep:       pick(r, []string{"/", " / ", "/"}),
		dates:     dateStyle(r.IntN(int(numDateStyles))),
		capFont:   pick(r, []fontID{fontSans, fontSansOblq, fontLibSans, fontLibSansIt, fontSansCond}),
		valFont:   pick(r, []fontID{fontSans, fontSansBold, fontLibSans, fontLibSansBd, fontSerif, fontLibMono, fontSansCond, fontLibSerif}),
		titleFont: pick(r, []fontID{fontSansBold, fontSerifBold, fontLibSerifBd, fontLibSansBd}),
		capMM:     1.0 + r.Float64()*0.45,
		valMM:     1.9 + r.Float64()*0.6,
		sexSlash:  r.IntN(2) == 0,
		natAdj:    r.IntN(3) > 0,
		pal:       palettes[r.IntN(len(palettes))],
		jx:        (r.Float64() - 0.5) * 2,
		jy:        (r.Float64() - 0.5) * 1.2,
		specimen:  r.IntN(5) > 0,
		mirror:    r.IntN(4) == 0,
		upperCaps: r.IntN(4) == 0,
		ghost:     r.IntN(2) == 0,
	}
	st.fieldOrder = r.IntN(12)
	return st
}
