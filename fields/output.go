package fields

import (
	"errors"

	"github.com/idrecog/idrecog/geometry"
)

// ErrNoMRZ is the sentinel an MRZ stage returns (or wraps) when an image
// holds no machine-readable zone.
var ErrNoMRZ = errors.New("fields: no machine-readable zone found")

// ReviewScore is the field score below which a person should look at the
// document: a field scoring less asks for review.
const ReviewScore = 60

// MinCharHeight is the MRZ character height, in upload pixels, below which
// the photo is too small to trust (OCR-B at 300 dpi is about 28 px tall).
const MinCharHeight = 12

// Output is what the field mapping hands to the response: the contract's raw
// fields and flat summary, with the review verdict. Plain data.
type Output struct {
	// Raw holds one entry per field read, keyed by the contract's raw keys
	// (surname, given_names, number, birth_date, ...).
	Raw map[string]Field
	// Summary holds the ocr_* values.
	Summary Summary
	// Rotate is the clockwise rotation, 0, 90, 180 or 270, that brought the
	// upload upright.
	Rotate int
	// Kind is the kind of document the reading shows, as an idType value:
	// passport, visa, government_id or drivers_license ("" when unknown).
	Kind string
	// Review is set when a person should look at the document; Reasons
	// says why.
	Review  bool
	Reasons []string
	// BackReasons are reasons that concern the back side when the front
	// is judged separately (a TD1 card's back, read for its visual zone
	// as well as its MRZ).
	BackReasons []string
	// Notes are remarks that do not ask for review (a possibly truncated
	// name, for instance).
	Notes []string
	// Front holds, for a driving licence read by its MRZ, the trusted
	// values the front's visual zone read, by raw key, as read (the merge
	// keeps the MRZ's value under a key the MRZ gave): the licence's
	// cross-check confirms MRZ fields with them. Not part of the response;
	// nil for every other document.
	Front map[string]Field
}

// Field is one raw field.
type Field struct {
	Value    string
	Score    int   // 0-100
	Accepted *bool // nil when the field cannot be validated
	// Quad is the field's outline in canonical document pixels and
	// ImageQuad the same corners in the upload's pixels; nil when the
	// reading carries no geometry. Corners: top-left, top-right,
	// bottom-right, bottom-left on the upright document.
	Quad      *geometry.Quad
	ImageQuad *geometry.Quad
}

// Summary is the flat ocr_* summary; empty strings where unknown.
type Summary struct {
	FullName, FirstName, MiddleName, LastName string
	Gender, Nationality                       string
	BirthDate, IssueDate, ExpireDate          string // YYYY-MM-DD
	IdentityNumber, Number, Version           string
	FullMRZ                                   string   // lines joined with "\n"
	MRZLines                                  []string // mrz_line1, mrz_line2[, mrz_line3]
}
