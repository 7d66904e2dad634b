// Package ocrb is idrecog's own OCR-B character recogniser for machine
// readable zones (ICAO Doc 9303 Part 3, OCR-B size 1, 10 characters per
// inch).
//
// It classifies one fixed-pitch MRZ character cell at a time into the 37 MRZ
// classes 0-9, A-Z and '<'. A cell is a crop one character pitch (2.54 mm)
// wide and 1.6 pitches tall with the glyph roughly centred (cap height about
// 0.95 pitch), dark on light, of any pixel size: the model resamples it and
// normalises its contrast itself.
//
// The model is a small multilayer perceptron trained on glyphs rendered from
// the OCR-B font with realistic degradations (see ocrb/cmd/train and
// docs/ocrb.md). Inference is pure Go; the model is embedded in the binary.
package ocrb
