// Package mrz reads, checks, repairs, decodes and builds machine-readable
// zones (MRZ) of travel and identity documents as defined by ICAO Doc 9303
// (8th edition, 2021): Part 3 (common specifications, check digits §4.9,
// transliteration §6), Part 4 (TD3 passports), Part 5 (TD1 cards), Part 6
// (TD2) and Part 7 (MRV-A / MRV-B visas). It also reads three national
// formats that look like an MRZ: the 1988-2021 French national identity card
// (2×36, "IDFRA"), the Swiss/Liechtenstein driving licence (9/30/30) and the
// 2013 French driving licence (1×30).
//
// The package is pure Go and works on text only: [Parse] turns MRZ lines into
// a [Result] in which every field carries its own validity and position,
// [Repair] fixes OCR confusions by character type and check digit, [Decode]
// picks the most probable MRZ from per-character OCR candidates subject to
// the format and every check digit, and [Build] generates a valid MRZ.
// [Parser] parses batches with one reusable Result, and [AppendJSON] renders
// a result as the `idrecog mrz` JSON object.
//
// Parsing is never all-or-nothing: a failed check digit, an unknown country
// code or an impossible date is reported in Result.Errors (as a
// *[CheckDigitError] or *[FieldError]) while every readable field is still
// returned. Only input that is not an MRZ at all yields [ErrNotMRZ].
package mrz
