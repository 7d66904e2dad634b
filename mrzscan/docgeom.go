package mrzscan

import (
	"image"

	"github.com/idrecog/idrecog/mrz"
)

// docGeom is the printed MRZ geometry of a format in millimetres, from ICAO
// Doc 9303 (spec/icao9303-viz-layouts.md, "MRZ geometry per format").
type docGeom struct {
	w, h       float64   // document size
	left       float64   // left edge of the first character cell
	centres    []float64 // line-centre heights above the bottom edge
	pitch      float64   // character pitch
	lineLength int
}

var geoms = map[mrz.Format]docGeom{
	mrz.TD3:  {125, 88, 6.0, []float64{15.75, 9.40}, 2.54, 44},
	mrz.MRVA: {120, 80, 4.0, []float64{15.75, 9.40}, 2.54, 44},
	mrz.TD2:  {105, 74, 4.0, []float64{15.75, 9.40}, 2.54, 36},
	mrz.MRVB: {105, 74, 4.0, []float64{15.75, 9.40}, 2.54, 36},
	mrz.TD1:  {85.6, 53.98, 5.0, []float64{15.73, 11.50, 7.27}, 2.54, 30},
	// The French national ID card (1988-2021) prints 2×36 characters on an
	// ID-1 card at a narrower pitch; these figures were measured on the
	// published specimen (not from a standard).
	mrz.FrenchID: {85.6, 53.98, 4.4, []float64{11.1, 5.7}, 2.13, 36},
	// The driving licences print their MRZ on the back of an ID-1 card:
	// the Swiss and Liechtenstein one like a TD1 (its first line holds 9
	// characters), the French one (2013 model) a single line centred
	// 6.2 mm above the bottom edge, its first cell 4.7 mm from the left
	// (the synthetic licences' placement, package synth; approximate: no
	// standard fixes it).
	mrz.SwissDL:  {85.6, 53.98, 5.0, []float64{15.73, 11.50, 7.27}, 2.54, 30},
	mrz.FrenchDL: {85.6, 53.98, 4.7, []float64{6.2}, 2.54, 30},
}

const dpmm = 300 / 25.4 // canonical pixels per millimetre

// size returns the canonical 300-dpi document size in pixels.
func (g docGeom) size() image.Point {
	return image.Pt(int(g.w*dpmm+0.5), int(g.h*dpmm+0.5))
}

// cellCentre returns the centre of character cell i of line k in canonical
// document pixels.
func (g docGeom) cellCentre(k int, i float64) (x, y float64) {
	return (g.left + (i+0.5)*g.pitch) * dpmm, (g.h - g.centres[k]) * dpmm
}
