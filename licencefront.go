package idrecog

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/viz"
)

// isLicenceTemplate reports whether tmpl reads the front of a driving
// licence of the EU model with an MRZ on its back (FRENCH_DL, SWISS_DL).
func isLicenceTemplate(tmpl *doctype.Template) bool {
	return tmpl != nil && (tmpl.Format == "FRENCH_DL" || tmpl.Format == "SWISS_DL")
}

// rowOrderScore caps the score of a value placed by its row rather than by
// its field number: trusted (above the templates' minScore 60), but below
// the usual accept threshold of 80, since a misplaced row would give
// another field's value.
const rowOrderScore = 79

// captionLike matches the EU model's field numbers as read (1., 4a, 4b.).
var captionLike = regexp.MustCompile(`^\W*(1[0-4]|[1-9])[a-dA-D]?\W*$`)

// licenceRows completes fs, a reading of an EU-model licence front with
// tmpl, from the zone's text lines (template px): the field numbers are
// small single characters that the zone read often misses, and a field
// whose number is not found is not read at all. The values are printed in
// a fixed order, so each missing field is taken from its row: the dates,
// top to bottom, are the birth, issue and expiry dates (4a before 4b on
// one row or two); the two rows above the birth date are the surname and
// the given names; the licence number is the line matching its pattern,
// and the row just above it, not a date, the authority. The surname's row
// is the one above the birth date that agrees with the MRZ surname p (the
// given names follow it); without such a row, names are taken only when
// exactly two rows precede the birth date. Fields already in fs are kept.
// reading is the front's geometry.
func licenceRows(fs []viz.Field, zone ocr.Text, tmpl *doctype.Template, reading *fields.MRZReading, p *mrz.Result, now time.Time) []viz.Field {
	if !isLicenceTemplate(tmpl) || len(zone.Lines) == 0 || reading == nil || reading.DocToImage == (geometry.Homography{}) {
		return fs
	}
	have := map[string]bool{}
	for _, f := range fs {
		if f.Value != "" {
			have[f.Key] = true
		}
	}
	// Value lines: as tall as the values, right of the portrait, not a
	// field number.
	var hs []int
	for _, l := range zone.Lines {
		if len(strings.TrimSpace(l.Value)) >= 4 {
			hs = append(hs, l.Height)
		}
	}
	if len(hs) == 0 {
		return fs
	}
	sort.Ints(hs)
	hv := hs[len(hs)/2]
	var lines []ocr.Line
	for _, l := range zone.Lines {
		v := strings.TrimSpace(l.Value)
		if v == "" || captionLike.MatchString(v) || float64(l.Height) < 0.75*float64(hv) || l.Height > 2*hv {
			continue
		}
		lines = append(lines, l)
	}
	// Rows, top to bottom; lines left to right within a row.
	sort.Slice(lines, func(i, j int) bool {
		return lines[i].Box.Min.Y+lines[i].Box.Max.Y < lines[j].Box.Min.Y+lines[j].Box.Max.Y
	})
	var rows [][]ocr.Line
	for _, l := range lines {
		cy := (l.Box.Min.Y + l.Box.Max.Y) / 2
		if n := len(rows); n > 0 {
			r0 := rows[n-1][0]
			if abs(cy-(r0.Box.Min.Y+r0.Box.Max.Y)/2) < hv/2 {
				rows[n-1] = append(rows[n-1], l)
				continue
			}
		}
		rows = append(rows, []ocr.Line{l})
	}
	for _, r := range rows {
		sort.Slice(r, func(i, j int) bool { return r[i].Box.Min.X < r[j].Box.Min.X })
	}
	kinds := map[string]doctype.Field{}
	for _, f := range tmpl.Fields {
		kinds[f.Key] = f
	}
	add := func(key string, l ocr.Line) {
		tf, ok := kinds[key]
		if !ok || have[key] {
			return
		}
		v, ok := doctype.Normalize(tf.Normalizer, l.Value, now)
		if !ok || v == "" {
			return
		}
		score := min(l.Score, rowOrderScore)
		if tf.MaxScore > 0 {
			score = min(score, tf.MaxScore)
		}
		f := viz.Field{Key: key, Value: v, Text: l.Value, Score: score, Required: tf.Required, Trusted: score >= tf.MinScore}
		// Accepted stays nil: a date placed by its row is a valid date,
		// but nothing says it is this field's.
		sx := float64(reading.DocSize.X) / float64(tmpl.Size.X)
		sy := float64(reading.DocSize.Y) / float64(tmpl.Size.Y)
		b := l.Box
		f.Quad = geometry.Quad{
			{X: float64(b.Min.X) * sx, Y: float64(b.Min.Y) * sy}, {X: float64(b.Max.X) * sx, Y: float64(b.Min.Y) * sy},
			{X: float64(b.Max.X) * sx, Y: float64(b.Max.Y) * sy}, {X: float64(b.Min.X) * sx, Y: float64(b.Max.Y) * sy},
		}
		f.OriginalQuad = reading.DocToImage.ApplyQuad(f.Quad)
		fs = append(fs, f)
		have[key] = true
	}
	isDate := func(l ocr.Line) bool {
		_, ok := doctype.Normalize("date_past", l.Value, now)
		return ok
	}
	// The dates, in reading order, fill the birth, issue and expiry slots
	// in turn; a date the zone's captions already gave marks its own slot,
	// so that a missed date is not filled with the next one.
	slots := []string{"birth_date", "issue_date", "expiry_date"}
	known := map[string]int{}
	for _, f := range fs {
		for i, k := range slots {
			if f.Key == k && f.Value != "" {
				known[f.Value] = i
			}
		}
	}
	birthRow, next := -1, 0
	for i, r := range rows {
		for _, l := range r {
			if !isDate(l) {
				continue
			}
			slot := next
			v, _ := doctype.Normalize("date_past", l.Value, now)
			if k, ok := known[v]; ok {
				slot = k
			} else if next < len(slots) {
				add(slots[next], l)
			}
			if slot == 0 && birthRow < 0 {
				birthRow = i
			}
			next = slot + 1
		}
	}
	surnameRow := -1
	if p != nil && p.Surname != "" {
		for i := 0; i < birthRow && surnameRow < 0; i++ {
			if v, ok := doctype.Normalize("name", rows[i][0].Value, now); ok && doctype.NameMatches(v, p.Surname, p.NameTruncated) {
				surnameRow = i
			}
		}
	}
	if surnameRow < 0 && birthRow == 2 {
		surnameRow = 0
	}
	if surnameRow >= 0 {
		add("surname", rows[surnameRow][0])
		if surnameRow+1 < birthRow {
			add("given_names", rows[surnameRow+1][0])
		}
	}
	if tf, ok := kinds["license_number"]; ok && tf.Pattern != "" {
		re, err := regexp.Compile(tf.Pattern)
		if err != nil {
			return fs
		}
		for i, r := range rows {
			if i <= birthRow {
				continue
			}
			for _, l := range r {
				v, _ := doctype.Normalize(tf.Normalizer, l.Value, now)
				if !re.MatchString(v) {
					continue
				}
				add("license_number", l)
				if i-1 > birthRow && !isDate(rows[i-1][0]) {
					add("authority", rows[i-1][0])
				}
			}
		}
	}
	return fs
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// keepLicenceFront records in out.Front the trusted values fs, a reading of
// a licence's front with tmpl, holds: the merge keeps the MRZ's value under
// the keys the MRZ gave, and licenceConfirm compares the front's own with
// it. Other templates leave out as it is.
func keepLicenceFront(out *fields.Output, tmpl *doctype.Template, fs []viz.Field) {
	if !isLicenceTemplate(tmpl) {
		return
	}
	out.Front = map[string]fields.Field{}
	for _, f := range fs {
		if f.Value == "" || !f.Trusted || (f.Accepted != nil && !*f.Accepted) {
			continue // as viz.Values: trusted and not ruled out
		}
		q, oq := f.Quad, f.OriginalQuad
		out.Front[f.Key] = fields.Field{Value: f.Value, Score: f.Score, Accepted: f.Accepted, Quad: &q, ImageQuad: &oq}
	}
}
