package viz

import (
	"image"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// LayoutFit tells, without OCR, how well the page placed by reading
// matches tmpl's fixed layout: the share of tmpl's required fields whose
// region holds a printed value line where the template expects it. Around
// each region (widened by half its height above and below, the shift Read
// itself tries, and by twice its height left and right) the upload is
// warped and its text lines found in Go; the region fits when a line of at
// least three letters 35-95 % of the region's height has its vertical
// centre between the region's top and a quarter of its height below its
// bottom, and starts and ends within a quarter of that height of the
// region's sides. A value printed elsewhere, a line running across the
// region's edge (a caption, another column) or only small text do not fit.
//
// It costs a few small warps (no Tesseract call), so that a caller can
// tell a country's template that was made for another print of the
// document (a specimen, an older series) before reading it field by field.
// A template without required fields, or read by captions (with a zone),
// fits (1); bad arguments give 0.
func LayoutFit(img image.Image, reading *fields.MRZReading, tmpl *doctype.Template) float64 {
	if img == nil || img.Bounds().Empty() || reading == nil || reading.DocToImage == (geometry.Homography{}) || tmpl == nil {
		return 0
	}
	if !tmpl.Zone.Empty() {
		return 1
	}
	size := reading.DocSize
	if size.X <= 0 || size.Y <= 0 {
		size = tmpl.Size
	}
	toDoc := geometry.Scale(float64(size.X)/float64(tmpl.Size.X), float64(size.Y)/float64(tmpl.Size.Y))
	h := reading.DocToImage.Mul(toDoc)
	src := newSampler(img)
	req, fit := 0, 0
	for _, f := range tmpl.Fields {
		if !f.Required {
			continue
		}
		req++
		if regionHoldsLine(src, h, f.Region.Intersect(image.Rectangle{Max: tmpl.Size})) {
			fit++
		}
	}
	if req == 0 {
		return 1
	}
	return float64(fit) / float64(req)
}

// regionHoldsLine reports whether region r (template px, mapped into the
// upload by h) holds a value line: see LayoutFit.
func regionHoldsLine(src *sampler, h geometry.Homography, r image.Rectangle) bool {
	if r.Dx() < 4 || r.Dy() < 4 {
		return false
	}
	rh := r.Dy()
	wide := image.Rect(r.Min.X-2*rh, r.Min.Y-rh/2, r.Max.X+2*rh, r.Max.Y+rh/2)
	g := warp(src, h, wide)
	if g == nil {
		return false
	}
	minH, maxH := max(minLetterPx, rh*35/100), max(minLetterPx+1, rh*95/100)
	top, bottom := r.Min.Y, r.Max.Y+rh/4
	for _, l := range findLines(g, minH/2, maxH) {
		if l.h < minH || l.h > maxH {
			continue
		}
		cy := (l.box.Min.Y + l.box.Max.Y) / 2
		if cy < top || cy > bottom {
			continue
		}
		if l.n >= 3 && l.box.Min.X >= r.Min.X-rh/4 && l.box.Max.X <= r.Max.X+rh/4 {
			return true
		}
	}
	return false
}
