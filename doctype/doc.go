// Package doctype holds document templates: for each kind of document, its
// canonical (normalised, 300 dpi) size and the visual-zone fields to read,
// each with its region, kind, OCR settings, score threshold and normaliser.
//
// Templates are data: JSON files embedded from templates/, registered in one
// explicit table keyed by issuing country, idType and MRZ format, much like
// image.RegisterFormat. Lookup falls back to the generic ICAO Doc 9303
// template for the MRZ format read (Part 4 TD3 data page, Part 5 TD1, Part 6
// TD2, Part 7 MRV-A/B), laid out from the spec's rows and columns in mm.
//
// The package also holds the pure-Go text side of the visual zone: the
// normalisers that turn OCR text into contract values (ParseDate for every
// Doc 9303 Part 3 §3 date style) and CrossCheck, which compares visual-zone
// values with the MRZ. It builds with CGO_ENABLED=0.
package doctype
