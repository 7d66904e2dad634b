package synth

import (
	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
)

// Truth is the exact ground truth of one generated document, written as
// NNNN.json beside its image(s). All document coordinates are canonical
// pixels: the upright document at 300 dpi (DocSize). Quads list their
// corners top-left, top-right, bottom-right, bottom-left as seen on the
// upright document.
type Truth struct {
	File           string   `json:"file"`               // front image, e.g. "0007.jpg"
	BackFile       string   `json:"backFile,omitempty"` // back image (td1 only), e.g. "0007-back.jpg"
	Type           string   `json:"type"`               // generator type: td3, td1, td2, mrva, mrvb, frid
	Variant        int      `json:"variant"`            // layout variant of the type
	IssuingCountry string   `json:"issuingCountry"`     // the request's issuingCountry
	IDType         string   `json:"idType"`             // the request's idType
	Level          string   `json:"level"`              // clean, photo or hard
	Format         string   `json:"format"`             // mrz.Format.String(): TD3, TD1, ..., FRENCH_ID
	MRZ            []string `json:"mrz"`                // the MRZ lines as printed
	MRZSide        string   `json:"side"`               // side that carries the MRZ: "front" or "back"
	DocSize        Size     `json:"docSize"`            // canonical document size in pixels

	// View is the geometry of the front image. For td1 the MRZ is on the
	// back: see Back.
	View
	Back *View `json:"back,omitempty"`

	// MRZLayout is where the MRZ character cells are on the canonical
	// document (of side MRZSide).
	MRZLayout MRZLayout `json:"mrzLayout"`

	// Expected is what a perfect recognizer returns for this document.
	Expected Expected `json:"expected"`

	// Fields maps raw field keys (surname, given_names, number, birth_date,
	// ..., mrz_line1..3) to every printed field.
	Fields map[string]Field `json:"fields"`
}

// View is the geometry of one photo of one side of the document.
type View struct {
	// Rotate is the clockwise rotation ("0", "90", "180" or "270") that
	// brings the photo upright: the contract's raw.rotate. A photo in which
	// the document's top edge points to the right (the document was turned
	// 90° clockwise) has Rotate "270".
	Rotate     string              `json:"rotate"`
	ImageSize  Size                `json:"imageSize"`  // photo size in pixels
	DocQuad    geometry.Quad       `json:"docQuad"`    // document corners in the photo (TL, TR, BR, BL of the upright document)
	DocToPhoto geometry.Homography `json:"docToPhoto"` // canonical document pixels → photo pixels (pixel centres at +0.5)

	// Motion is the motion blur applied to the photo (hard level only),
	// nil when there is none. Readers must not use it; it lets
	// diagnostics compare a blur estimate with the truth.
	Motion *Motion `json:"motion,omitempty"`
}

// Motion is a motion blur of the photo: every pixel averaged with its
// neighbours over Length pixels along Dir ("0": horizontal, "90":
// vertical, "45": down to the right, "135": up to the right; a diagonal
// step is one pixel in x and one in y).
type Motion struct {
	Length int    `json:"length"`
	Dir    string `json:"dir"`
}

// Size is a width and height in pixels.
type Size struct {
	W int `json:"w"`
	H int `json:"h"`
}

// MRZLayout gives the MRZ character grid in canonical document pixels:
// character j of line i occupies the cell whose left edge is X0 + j×Pitch
// and whose vertical centre is LineCentres[i]; cells are Pitch wide and
// 1.6×Pitch high. CapHeight is the printed capital height.
type MRZLayout struct {
	X0          float64   `json:"x0"`
	Pitch       float64   `json:"pitch"`
	LineCentres []float64 `json:"lineCentres"`
	CapHeight   float64   `json:"capHeight"`
}

// CellQuad returns the canonical cell of character j of line i.
func (l MRZLayout) CellQuad(i, j int) geometry.Quad {
	x := l.X0 + float64(j)*l.Pitch
	y := l.LineCentres[i] - 0.8*l.Pitch
	return geometry.Quad{{X: x, Y: y}, {X: x + l.Pitch, Y: y}, {X: x + l.Pitch, Y: y + 1.6*l.Pitch}, {X: x, Y: y + 1.6*l.Pitch}}
}

// Expected is the recognizer output the document calls for.
type Expected struct {
	OCR          idrecog.OCR `json:"ocr"`
	DocumentType string      `json:"document_type"`
}

// Field is one printed field.
type Field struct {
	Value        string        `json:"value"`                // text as printed (dates in the printed style)
	Normalized   string        `json:"normalized,omitempty"` // dates as YYYY-MM-DD, sex as M/F/X
	Quad         geometry.Quad `json:"quad"`                 // ink box on the canonical document
	OriginalQuad geometry.Quad `json:"originalQuad"`         // the same corners in the photo of its side
	Side         string        `json:"side"`                 // "front" or "back"
	Occluded     bool          `json:"occluded,omitempty"`   // partly hidden by a finger or washed out by glare (hard level)
}

// ViewOf returns the geometry of the photo of side ("front" or "back").
func (t *Truth) ViewOf(side string) View {
	if side == "back" && t.Back != nil {
		return *t.Back
	}
	return t.View
}
