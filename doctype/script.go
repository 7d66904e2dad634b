package doctype

import "strings"

// plainLatin lists the issuing States (ISO 3166-1 alpha-3 and Doc 9303
// codes) whose documents print places and authorities in the 26 unaccented
// Latin letters only: English-language administrations, Indonesian and
// Malay, and ICAO's specimen State Utopia. Everywhere else a place or an
// authority may carry diacritics (MALMÖ, POLICÍA NACIONAL) or a second
// script (МОСКВА/MOSCOW).
var plainLatin = map[string]bool{
	"UTO": true, "GBR": true, "GBD": true, "GBN": true, "GBO": true, "GBS": true, "GBP": true,
	"USA": true, "IRL": true, "AUS": true, "NZL": true, "SGP": true, "MYS": true, "IDN": true,
	"NGA": true, "GHA": true, "KEN": true, "UGA": true, "ZMB": true, "ZWE": true, "JAM": true,
}

// PlainLatin reports whether the documents of country print their places
// and authorities in unaccented Latin letters only, so that a reading
// model without diacritics (Tesseract's eng) can read them exactly.
func PlainLatin(country string) bool {
	return plainLatin[strings.ToUpper(strings.TrimSpace(country))]
}
