// Package viz reads the visual inspection zone (VIZ) of an identity
// document: for each field of a doctype.Template it warps the field's region
// from the upload into the canonical (normalised, 300 dpi) document frame
// that the MRZ stage estimated, reads it with an ocr.Engine, normalises the
// text by the field's kind (dates in every ICAO Doc 9303 Part 3 §3 style to
// YYYY-MM-DD, names upper-cased…), and returns the value with its score and
// its box both in canonical and in upload pixels.
//
// Only the field regions are warped, not the whole page. The warp is pure
// Go (geometry.Homography); the OCR engine is the only C behind it.
package viz

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
)

// Field is one visual-zone field as read.
type Field struct {
	Key   string `json:"key"`   // the contract's raw key (surname, issue_date…)
	Value string `json:"value"` // normalised value (dates YYYY-MM-DD)
	Text  string `json:"text"`  // the OCR text the value was made from
	Score int    `json:"score"` // 0-100

	// Accepted is set on fields that can be validated (dates): whether the
	// text is a valid date. Nil elsewhere.
	Accepted *bool `json:"accepted,omitempty"`

	// Trusted is false when the value is below the template's score
	// threshold for the field or failed normalisation.
	Trusted  bool `json:"trusted"`
	Required bool `json:"required"`

	// Quad is the field's box in the normalised document image (canonical
	// px, the reading's DocSize frame), OriginalQuad the same corners in
	// the upload's pixels. Corner order: top-left, top-right, bottom-right,
	// bottom-left of the upright document.
	Quad         geometry.Quad `json:"quad"`
	OriginalQuad geometry.Quad `json:"original_quad"`
}

// Options tune Read. A nil *Options means the defaults.
type Options struct {
	// Now is the reference date for resolving two-digit years; zero means
	// time.Now().
	Now time.Time
	// Margin widens every region by this many canonical pixels on each
	// side before reading (0 = none; negative is treated as 0).
	Margin int
	// ZoneText, when not nil, receives the text lines a template with a
	// zone read there (boxes in the template's px; empty when the zone
	// was not read line by line), for callers that look for more values
	// in the same reads instead of reading the page again.
	ZoneText *ocr.Text
	// MRZ, when not nil, is the document's parsed MRZ: an issue date not
	// found by its caption is then looked for among the zone's dates by
	// elimination (the one date that is neither the MRZ's birth nor
	// expiry date and can be the issue date of this document).
	MRZ *mrz.Result
	// KeepGeometry reads with the reading's geometry as given; by default
	// a generic template's reading is first corrected by the paper's
	// edges (Register), which a caller that registered the reading
	// already may skip.
	KeepGeometry bool
}

// psmZone is the Tesseract page segmentation used to read a whole zone:
// 3, fully automatic (sparse-text mode 11 drops more values).
const psmZone = 3

// Errors returned by Read.
var (
	ErrNoGeometry = errors.New("viz: reading has no document geometry")
	ErrNoTemplate = errors.New("viz: no template")
	ErrNoEngine   = errors.New("viz: no OCR engine")
	ErrNoImage    = errors.New("viz: no image")
)

// Read reads the fields of tmpl from img, the upload, using reading's
// document geometry (DocToImage, DocSize). Fields where nothing was read
// are left out. An OCR failure on one field is skipped; Read fails only
// on bad arguments, a cancelled ctx, or when every field's OCR failed.
func Read(ctx context.Context, img image.Image, reading *fields.MRZReading, tmpl *doctype.Template, eng ocr.Engine) ([]Field, error) {
	return ReadWith(ctx, img, reading, tmpl, eng, nil)
}

// ReadWith is Read with options.
func ReadWith(ctx context.Context, img image.Image, reading *fields.MRZReading, tmpl *doctype.Template, eng ocr.Engine, opt *Options) ([]Field, error) {
	switch {
	case img == nil || img.Bounds().Empty():
		return nil, ErrNoImage
	case reading == nil || reading.DocToImage == (geometry.Homography{}):
		return nil, ErrNoGeometry
	case tmpl == nil:
		return nil, ErrNoTemplate
	case eng == nil:
		return nil, ErrNoEngine
	}
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	src := newSampler(img)
	if !o.KeepGeometry && edgeFramed(tmpl) && reading.DocSize.X > 0 && reading.DocSize.Y > 0 {
		// The MRZ's geometry is corrected by the paper's edges, where
		// they show: fields far from the MRZ land on their text.
		if h, ok := register(src, reading.DocToImage, reading.DocSize); ok {
			r := *reading
			r.DocToImage = h
			fs, err := readWith(ctx, src, &r, tmpl, eng, o)
			if o.ZoneText != nil {
				// The caller maps the zone's boxes with its own
				// geometry: they are handed over in its frame.
				*o.ZoneText = reframe(*o.ZoneText, h, reading, tmpl)
			}
			return fs, err
		}
	}
	fs, err := readWith(ctx, src, reading, tmpl, eng, o)
	return fs, err
}

// readWith is ReadWith once its arguments are checked, with the geometry as
// given.
func readWith(ctx context.Context, src *sampler, reading *fields.MRZReading, tmpl *doctype.Template, eng ocr.Engine, o Options) ([]Field, error) {
	size := reading.DocSize
	if size.X <= 0 || size.Y <= 0 {
		size = tmpl.Size
	}
	// Template px → reading's canonical px → upload px.
	toDoc := geometry.Scale(float64(size.X)/float64(tmpl.Size.X), float64(size.Y)/float64(tmpl.Size.Y))
	tmplToImage := reading.DocToImage.Mul(toDoc)

	// Generic templates: find the values below their captions in the zone.
	// The zone's text lines are found in Go and each is read once; the
	// fields' values are taken from those reads.
	var located map[string]valueLoc
	var zone ocr.Text
	zoneRead, nominal := false, true
	var used []image.Rectangle // value boxes located by caption
	if !tmpl.Zone.Empty() {
		g := warp(src, tmplToImage, tmpl.Zone)
		if ls := findLines(g, minLetterPx, maxLetterPx); len(ls) > 0 {
			t, err := readLines(ctx, src, tmplToImage, g, eng, ls, newCaptionSet(tmpl))
			if err != nil {
				return nil, err
			}
			zone, zoneRead = t, len(t.Lines) > 0
			if o.ZoneText != nil {
				*o.ZoneText = t
			}
			located = locateValues(zone, tmpl)
			captioned := 0
			for _, f := range tmpl.Fields {
				if len(f.Captions) > 0 {
					captioned++
				}
			}
			// With most captions found, a field whose caption is not is
			// taken as absent from this document (its nominal region
			// holds another field's value); otherwise the layout is not
			// the captioned one and the nominal regions are read.
			nominal = 2*len(located) < captioned
			if nominal && inlineCaptions(tmpl) {
				// A specific template whose fields are printed after
				// their captions, the captions not found: its regions
				// are read one by one, as without a zone.
				located, zone, zoneRead = nil, ocr.Text{}, false
			}
			for _, l := range located {
				used = append(used, l.box)
			}
		} else {
			// No line found (a patterned background defeats the ink
			// mask): Tesseract's own page layout over the zone.
			located = readZone(ctx, src, tmplToImage, tmpl, eng, 1)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}

	var out []Field
	var firstErr error
	failures := 0
	for _, f := range tmpl.Fields {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := f.Region.Inset(-max(0, o.Margin))
		if loc, ok := located[f.Key]; ok {
			if b := loc.box; !b.Empty() {
				// The value line found below its caption, to the column's
				// end, with a margin.
				h := b.Dy()
				r = image.Rect(min(b.Min.X-h*6/10, loc.below.Min.X), b.Min.Y-h*3/10, max(loc.below.Max.X, b.Max.X+h*6/10), b.Max.Y+h*3/10)
				f.Caption, f.PSM = false, ocr.PSMLine
			} else {
				// Caption found, value not seen by the zone read: read the
				// band under the caption.
				r = loc.below
				f.Caption, f.PSM = true, ocr.PSMBlock
			}
		}
		r = r.Intersect(image.Rectangle{Max: tmpl.Size})
		if r.Empty() {
			continue
		}
		var at image.Rectangle
		if located != nil {
			at = located[f.Key].box
		}
		if zoneRead {
			// Every line was read already: the value is the located
			// words, else the tallest line in the field's region.
			var rd fieldRead
			if !at.Empty() {
				text, score, box := zoneValue(zone, at)
				rd = finish(text, score, box, f, o.Now)
			} else if nominal {
				fz := f
				fz.Caption = true
				text, score, box := pick(zoneRegion(zone, r, used), fz)
				rd = finish(text, score, box, f, o.Now)
			}
			rd = confirmNumericDate(ctx, src, tmplToImage, rd, f, eng, o.Now)
			if vf, ok := field(rd, f, r, toDoc, reading); ok {
				out = append(out, vf)
			}
			continue
		}
		rd, err := readField(ctx, src, tmplToImage, r, f, eng, at, o.Now)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			failures++
			if firstErr == nil {
				firstErr = fmt.Errorf("viz: field %s: %w", f.Key, err)
			}
			continue
		}
		if at.Empty() && (!rd.ok || rd.score < f.MinScore) {
			// A fixed region read badly: the document geometry, estimated
			// from the MRZ alone, may be off by a few pixels this far from
			// it. Try the region shifted up and down by a quarter of its
			// height, and keep the best read.
			base, d := r, r.Dy()/4
			for _, dy := range []int{-d, d} {
				r2 := base.Add(image.Pt(0, dy)).Intersect(image.Rectangle{Max: tmpl.Size})
				if r2.Empty() {
					continue
				}
				if rd2, err := readField(ctx, src, tmplToImage, r2, f, eng, at, o.Now); err == nil && rd2.better(rd) {
					rd, r = rd2, r2
				}
			}
		}
		if vf, ok := field(rd, f, r, toDoc, reading); ok {
			out = append(out, vf)
		}
	}
	if failures > 0 && failures == len(tmpl.Fields) {
		return nil, firstErr
	}
	if zoneRead && o.MRZ != nil {
		out = issueByElimination(out, zone, tmpl, o, toDoc, reading)
	}
	return out, nil
}

// reframe returns t, text boxes in tmpl's px of the document frame that h
// (canonical px → upload px) defines, with its boxes moved into the frame
// of reading's own geometry (the bounding boxes of the moved boxes).
func reframe(t ocr.Text, h geometry.Homography, reading *fields.MRZReading, tmpl *doctype.Template) ocr.Text {
	size := reading.DocSize
	if size.X <= 0 || size.Y <= 0 {
		size = tmpl.Size
	}
	toDoc := geometry.Scale(float64(size.X)/float64(tmpl.Size.X), float64(size.Y)/float64(tmpl.Size.Y))
	inv, err := reading.DocToImage.Mul(toDoc).Inverse()
	if err != nil {
		return t
	}
	c := inv.Mul(h.Mul(toDoc))
	box := func(r image.Rectangle) image.Rectangle {
		if r.Empty() {
			return r
		}
		return c.ApplyQuad(geometry.RectQuad(r)).Bounds()
	}
	return t.MapBoxes(box)
}

// edgeFramed reports whether tmpl's regions are placed from the page's
// edges (the generic ICAO layouts, Doc 9303 Parts 4-6), so that its reading
// is corrected by the edges found (Register). A country's template was
// measured on a specimen through the MRZ's frame, whose page outline need
// not be the ICAO one (the dev set's French card: 46 px off at the top),
// and keeps that frame.
func edgeFramed(tmpl *doctype.Template) bool {
	return tmpl.Country == "" && len(tmpl.Countries) == 0
}

// issueByElimination returns fs with the issue date of tmpl, when fs has
// none accepted, taken from the zone's lines t (template px): of the lines
// that read as a date, the dates other than the MRZ's birth and expiry
// dates that can be this document's issue date (plausibleIssue); only
// when exactly one such date is printed. The value is read, never
// inferred: the MRZ only rules the other dates out.
func issueByElimination(fs []Field, t ocr.Text, tmpl *doctype.Template, o Options, toDoc geometry.Homography, reading *fields.MRZReading) []Field {
	var f doctype.Field
	found := false
	for _, tf := range tmpl.Fields {
		if tf.Key == "issue_date" && tf.Kind == doctype.KindDate {
			f, found = tf, true
		}
	}
	if !found {
		return fs
	}
	for _, g := range fs {
		if g.Key == "issue_date" && g.Accepted != nil && *g.Accepted {
			return fs
		}
	}
	var birth, expiry string
	if o.MRZ.BirthDate.Valid {
		birth = o.MRZ.BirthDate.String()
	}
	if o.MRZ.ExpiryDate.Valid {
		expiry = o.MRZ.ExpiryDate.String()
	}
	if expiry == "" {
		return fs // nothing to check an issue date against
	}
	var pick fieldRead
	n := 0
	for _, l := range t.Lines {
		rd := finish(l.Value, l.Score, l.Box, f, o.Now)
		if !rd.ok || rd.value == birth || rd.value == expiry || !plausibleIssue(rd.value, o.MRZ) {
			continue
		}
		if n == 0 || rd.value != pick.value {
			n++
		}
		pick = rd
	}
	if n != 1 {
		return fs
	}
	vf, ok := field(pick, f, pick.box, toDoc, reading)
	if !ok {
		return fs
	}
	out := make([]Field, 0, len(fs)+1)
	for _, g := range fs {
		if g.Key != "issue_date" {
			out = append(out, g)
		}
	}
	return append(out, vf)
}

// inlineCaptions reports whether a field of tmpl is printed after its
// caption on the same line.
func inlineCaptions(tmpl *doctype.Template) bool {
	for _, f := range tmpl.Fields {
		if f.Inline {
			return true
		}
	}
	return false
}

// readZone reads tmpl's zone at k times the canonical resolution and finds
// the values below their captions (boxes in template px).
func readZone(ctx context.Context, src *sampler, tmplToImage geometry.Homography, tmpl *doctype.Template, eng ocr.Engine, k int) map[string]valueLoc {
	z := image.Rectangle{Min: tmpl.Zone.Min.Mul(k), Max: tmpl.Zone.Max.Mul(k)}
	h := tmplToImage.Mul(geometry.Scale(1/float64(k), 1/float64(k)))
	zt, err := eng.ReadRegion(ctx, warp(src, h, z), "eng", "", psmZone)
	if err != nil {
		return nil
	}
	if k != 1 {
		down := func(r image.Rectangle) image.Rectangle {
			return image.Rect(r.Min.X/k, r.Min.Y/k, (r.Max.X+k-1)/k, (r.Max.Y+k-1)/k)
		}
		for i := range zt.Lines {
			l := &zt.Lines[i]
			l.Box, l.Height = down(l.Box), l.Height/k
			for j := range l.Words {
				l.Words[j].Box = down(l.Words[j].Box)
			}
		}
		zt.Box = down(zt.Box)
	}
	return locateValues(zt, tmpl)
}

// fieldRead is one read of one field's region.
type fieldRead struct {
	text, value string
	score       int
	box         image.Rectangle
	ok          bool // the text normalised
}

// better reports whether a is a better read than b: normalised first, then
// by a clear margin of score (Tesseract's confidences are noisy).
func (a fieldRead) better(b fieldRead) bool {
	if a.value == "" {
		return false
	}
	if b.value == "" || a.ok != b.ok {
		return a.ok || b.value == ""
	}
	return a.score > b.score+15
}

// readField warps region r (template px) from the upload, reads it, picks
// the value text and normalises it. at is where the value was located by
// caption search (empty when not).
func readField(ctx context.Context, src *sampler, tmplToImage geometry.Homography, r image.Rectangle, f doctype.Field, eng ocr.Engine, at image.Rectangle, now time.Time) (fieldRead, error) {
	t, err := eng.ReadRegion(ctx, warp(src, tmplToImage, r), f.Lang, f.Whitelist, f.PSM)
	if err != nil {
		return fieldRead{}, err
	}
	text, score, box := pick(t, f)
	if !at.Empty() {
		text, score, box = contiguous(t, at, text, score, box)
	}
	return finish(text, score, box, f, now), nil
}

// numericDateGlyphs are the characters of a date printed in digits
// (22.01.1975, 06 12 1965, 1974-08-12).
const numericDateGlyphs = "0123456789./- "

// confirmNumericDate re-reads a date printed in digits whose zone read
// scored below f's threshold (Tesseract is unsure of digits between
// dots), its box alone with a digits-and-separators whitelist: when both
// reads give the same date, the second read's score stands for it. The
// value is never changed; a read that disagrees leaves rd as it was.
func confirmNumericDate(ctx context.Context, src *sampler, tmplToImage geometry.Homography, rd fieldRead, f doctype.Field, eng ocr.Engine, now time.Time) fieldRead {
	if f.Kind != doctype.KindDate || !rd.ok || rd.score >= f.MinScore || rd.box.Empty() ||
		strings.Trim(rd.text, numericDateGlyphs) != "" {
		return rd
	}
	pad := max(4, rd.box.Dy()/4)
	r := rd.box.Inset(-pad)
	g := f
	g.Whitelist, g.PSM = numericDateGlyphs, ocr.PSMLine
	rd2, err := readField(ctx, src, tmplToImage, r, g, eng, image.Rectangle{}, now)
	if err != nil || !rd2.ok || rd2.value != rd.value || rd2.score <= rd.score {
		return rd
	}
	rd.score = rd2.score
	return rd
}

// finish normalises a field's text by its kind.
func finish(text string, score int, box image.Rectangle, f doctype.Field, now time.Time) fieldRead {
	if strings.TrimSpace(text) == "" {
		return fieldRead{}
	}
	value, ok := doctype.Normalize(f.Normalizer, text, now)
	if f.Kind == doctype.KindDate && !ok {
		value = strings.Join(strings.Fields(strings.ToUpper(text)), " ") // kept as read, not accepted
	}
	return fieldRead{text: text, value: value, score: score, box: box, ok: ok}
}

// field makes the Field of a read of f in region r (template px); false
// when nothing was read.
func field(rd fieldRead, f doctype.Field, r image.Rectangle, toDoc geometry.Homography, reading *fields.MRZReading) (Field, bool) {
	if rd.value == "" {
		return Field{}, false
	}
	vf := Field{Key: f.Key, Value: rd.value, Text: rd.text, Score: rd.score, Required: f.Required}
	if f.Kind == doctype.KindDate {
		acc := rd.ok
		vf.Accepted = &acc
		if !rd.ok {
			// Not a date: kept as read, but never reported as trustworthy.
			vf.Score = min(vf.Score, unreadableDateScore)
		}
	}
	if f.Kind == doctype.KindNumber && ambiguousGlyphs(rd.value) {
		vf.Score = min(vf.Score, ambiguousScore)
	}
	if f.Kind == doctype.KindNumber && len(rd.value) < minNumberLen {
		// Too short for a document number: a caption's remnant ("N°").
		vf.Score = min(vf.Score, unreadableDateScore)
	}
	if f.Kind == doctype.KindText && looksLikeDate(rd.value) {
		// A place or an authority that reads as a date is another
		// field's value.
		vf.Score = min(vf.Score, unreadableDateScore)
	}
	if placeKeys[f.Key] && strings.ContainsAny(rd.value, "0123456789") {
		// Digits in a place or an authority: most likely part of
		// another field's value (ENE/JAN 11) or a misread letter.
		vf.Score = min(vf.Score, ambiguousScore)
	}
	if f.Kind != doctype.KindDate && strangeGlyphs(rd.value) {
		// A '!' for an I, a '|' for an l: a misread Tesseract was sure of.
		vf.Score = min(vf.Score, ambiguousScore)
	}
	if f.MaxScore > 0 {
		vf.Score = min(vf.Score, f.MaxScore)
	}
	vf.Trusted = rd.ok && vf.Score >= f.MinScore
	box := rd.box
	if box.Empty() {
		box = r
	} else {
		box = box.Intersect(r) // the crop's pixel grid is the template's
		if box.Empty() {
			box = rd.box
		}
	}
	vf.Quad = toDoc.ApplyQuad(geometry.RectQuad(box))
	vf.OriginalQuad = reading.DocToImage.ApplyQuad(vf.Quad)
	return vf, true
}

// pick chooses the text of a region read. With a caption in the region, the
// value is the tallest text (captions are printed 1.0-1.8 mm high, values
// larger): among lines at least 80% as tall as the tallest, the most
// confident, and for multi-line fields that many lines in reading order.
func pick(t ocr.Text, f doctype.Field) (string, int, image.Rectangle) {
	if !f.Caption || len(t.Lines) <= 1 {
		if len(t.Lines) == 0 {
			return t.Value, t.Score, t.Box
		}
		if f.Lines <= 1 && len(t.Lines) > 1 {
			// One value line expected: keep the most confident.
			best := t.Lines[0]
			for _, l := range t.Lines[1:] {
				if l.Score > best.Score {
					best = l
				}
			}
			return best.Value, best.Score, best.Box
		}
		return t.Value, t.Score, t.Box
	}
	maxH := 0
	for _, l := range t.Lines {
		maxH = max(maxH, l.Height)
	}
	var cands []ocr.Line
	for _, l := range t.Lines {
		if float64(l.Height) >= 0.8*float64(maxH) {
			cands = append(cands, l)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	n := min(max(1, f.Lines), len(cands))
	keep := cands[:n]
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].Box.Min.Y < keep[j].Box.Min.Y })
	var parts []string
	var box image.Rectangle
	score := 0
	for _, l := range keep {
		parts = append(parts, l.Value)
		box = box.Union(l.Box)
		score += l.Score
	}
	return strings.Join(parts, "\n"), score / len(keep), box
}

// contiguous keeps, of a value line read to the end of its column, the
// words that run on from the located value without a gap wider than the
// line's height: the next column's text is not part of the value.
func contiguous(t ocr.Text, at image.Rectangle, text string, score int, box image.Rectangle) (string, int, image.Rectangle) {
	if len(t.Lines) != 1 || len(t.Lines[0].Words) < 2 {
		return text, score, box
	}
	l := t.Lines[0]
	ws := l.Words
	first := -1
	for i, w := range ws {
		if w.Box.Max.X > at.Min.X {
			first = i
			break
		}
	}
	if first < 0 {
		return text, score, box
	}
	gap := max(l.Height, 8) * 6 / 5
	last := first
	for last+1 < len(ws) && ws[last+1].Box.Min.X-ws[last].Box.Max.X <= gap {
		last++
	}
	if first == 0 && last == len(ws)-1 {
		return text, score, box
	}
	var parts []string
	var b image.Rectangle
	sum, n := 0, 0
	for _, w := range ws[first : last+1] {
		parts = append(parts, w.Value)
		b = b.Union(w.Box)
		sum += w.Score * len(w.Value)
		n += len(w.Value)
	}
	return strings.Join(parts, " "), sum / max(1, n), b
}

// Values returns the trusted values by key, for CrossCheck and the ocr_*
// summary: dates only when accepted.
func Values(fs []Field) map[string]string {
	m := map[string]string{}
	for _, f := range fs {
		if f.Accepted != nil && !*f.Accepted {
			continue
		}
		if f.Trusted {
			m[f.Key] = f.Value
		}
	}
	return m
}

// CrossCheck compares the trusted visual-zone values with the MRZ; see
// doctype.CrossCheck.
func CrossCheck(fs []Field, r *mrz.Result) []doctype.Disagreement {
	return doctype.CrossCheck(Values(fs), r)
}

// Missing returns the keys of tmpl's required fields that were not read or
// are not trusted: reasons to ask for review.
func Missing(tmpl *doctype.Template, fs []Field) []string {
	if tmpl == nil {
		return nil
	}
	got := map[string]bool{}
	for _, f := range fs {
		if f.Trusted {
			got[f.Key] = true
		}
	}
	var miss []string
	for _, f := range tmpl.Fields {
		if f.Required && !got[f.Key] {
			miss = append(miss, f.Key)
		}
	}
	return miss
}

// localScale returns how many upload pixels one canonical pixel spans near
// p under h (the larger of the two axis stretches).
func localScale(h geometry.Homography, p geometry.Point) float64 {
	a := h.Apply(p)
	return math.Max(a.Dist(h.Apply(p.Add(geometry.Pt(1, 0)))), a.Dist(h.Apply(p.Add(geometry.Pt(0, 1)))))
}

// unreadableDateScore caps the score of a date field whose text is not a
// date.
const unreadableDateScore = 30

// ambiguousScore caps the score of a number whose letters and digits may
// have been confused.
const ambiguousScore = 70

// ambiguousGlyphs reports whether v, a document number read without a check
// digit, may hold a glyph of the wrong class that the fonts of visual zones
// barely tell apart: letters and digits mixed with one of O/0/Q/D, I/1; a
// first digit 0 or 1 where a letter prefix may have been (I27992657 read
// 127992657); or seven letters or more without a digit, one of them S, O,
// I, B, Z or G (IWCFHLU5P read IWCFHLUSP). Such a read cannot be trusted
// at a high score.
func ambiguousGlyphs(v string) bool {
	letters, digits, amb := false, false, false
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r >= 'A' && r <= 'Z':
			letters = true
		}
		if strings.ContainsRune("O0QDI1", r) {
			amb = true
		}
	}
	switch {
	case letters && digits:
		return amb
	case digits:
		return v[0] == '0' || v[0] == '1'
	case letters:
		return len(v) >= 7 && strings.ContainsAny(v, "SOIBZG")
	}
	return false
}

// placeKeys are the raw keys of places and authorities, printed in words.
var placeKeys = map[string]bool{"authority": true, "place_of_birth": true, "place_of_issue": true}

// minNumberLen is the length under which a number read is not a document
// number (ICAO document numbers have up to 9 characters, national ones
// rarely fewer than 6).
const minNumberLen = 5

// looksLikeDate reports whether v, a place or authority read, is a date
// (Doc 9303 Part 3 §3 styles) rather than words.
func looksLikeDate(v string) bool {
	_, err := doctype.ParseDate(v, doctype.CenturyPast, time.Now())
	return err == nil
}

// strangeGlyphs reports whether v holds characters no printed name,
// number, place or authority uses ('!', '|', '¦', '{', '}', '[', ']', '_',
// '~', '^', '*', '@', '#', '$', '%', '=', '<', '>', '?', '\\'): OCR
// noise or a misread letter.
func strangeGlyphs(v string) bool {
	return strings.ContainsAny(v, "!|¦{}[]_~^*@#$%=<>?\\")
}
