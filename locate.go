package idrecog

import (
	"context"
	"image"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/viz"
)

// MRZ-guided location (issue 6, item 4): a raw field the MRZ gave (number,
// names, dates) is the document's printed field, but a template may not
// find it there (another layout than the one it was made for, a caption it
// does not know). The page above the MRZ is then read as a whole and the
// MRZ's values are looked for in it, in any printed style (22.01.1975,
// 12 AUG/AOÛT 74; MÄNNIK for MAENNIK); a field found keeps its MRZ value
// and takes the printed box.

// locatable are the raw keys looked for in the page, in the order they are
// matched (a run of words claimed by one is not given to the next).
var locatable = []string{"number", "personal_number", "birth_date", "expiry_date", "surname", "given_names", "sex", "nationality"}

// maxRun is the most words a printed value may span (17 DIC/DEC 1933,
// DE LA FONTAINE SAINT-EXUPÉRY).
const maxRun = 5

// locateScale is the page's scale for reading, relative to the canonical
// 300 dpi frame: text there is 25-35 px high, more than Tesseract needs.
const locateScale = 0.75

// locateMRZFields reads the page of the document placed by reading (its
// canonical frame, above mrzTop, the first MRZ line's box in that frame,
// or all of it when nil) and moves the box of every field of keys found
// printed there; printed are the keys whose box is already the printed
// field's. pre, text already read on the page (the template's zone, in
// page pixels: the canonical frame scaled by locateScale), is searched
// first; the page is read only when pre places none of keys. It returns
// the keys it placed.
func locateMRZFields(ctx context.Context, eng ocr.Engine, img image.Image, reading *fields.MRZReading,
	r *mrz.Result, out *fields.Output, keys, printed map[string]bool, mrzTop *geometry.Quad, pre ocr.Text, now time.Time) ([]string, error) {
	if len(keys) == 0 || reading == nil || reading.DocToImage == (geometry.Homography{}) || r == nil {
		return nil, nil
	}
	size := reading.DocSize
	if size.X <= 0 || size.Y <= 0 {
		return nil, nil
	}
	// The page down to the MRZ's top (the MRZ itself is known).
	bottom := float64(size.Y)
	if mrzTop != nil {
		bottom = math.Min(mrzTop[0].Y, mrzTop[1].Y) - 4
	}
	if bottom < float64(size.Y)/4 {
		return nil, nil
	}
	w, h := int(float64(size.X)*locateScale), int(bottom*locateScale)
	toImage := reading.DocToImage.Mul(geometry.Scale(1/locateScale, 1/locateScale))
	// The page's text lines found in Go and read once each (one Tesseract
	// call); the strips below only when that finds none of the keys.
	t := pre
	found := findPrinted(t, r, keys, now)
	if len(found) == 0 {
		var err error
		t, err = viz.ReadPage(ctx, img, toImage, image.Rect(0, 0, w, h), eng)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		found = findPrinted(t, r, keys, now)
	}
	if len(found) == 0 {
		page := warpGray(img, toImage, w, h)
		if page == nil {
			return nil, nil
		}
		var err error
		if t, err = readStrips(ctx, eng, page); err != nil {
			return nil, err
		}
		found = findPrinted(t, r, keys, now)
	}
	// Sex and nationality are a letter and a code, printed anywhere else
	// too (the issuing state's code, an M in a word): they are looked for
	// only on the printed birth date's row, where ICAO layouts put them.
	var birth image.Rectangle
	if b, ok := found["birth_date"]; ok {
		birth = b
	} else if bd, ok := out.Raw["birth_date"]; ok && printed["birth_date"] && bd.Quad != nil {
		birth = quadRect(*bd.Quad, locateScale)
	}
	if !birth.Empty() {
		for k, b := range findOnRow(t, birth, r, keys, found) {
			found[k] = b
		}
	}
	var placed []string
	for _, k := range locatable {
		box, ok := found[k]
		if !ok {
			continue
		}
		f := out.Raw[k]
		q := rectQuad(box, 1/locateScale)
		oq := reading.DocToImage.ApplyQuad(q)
		f.Quad, f.ImageQuad = &q, &oq
		out.Raw[k] = f
		placed = append(placed, k)
	}
	return placed, nil
}

// Strips of the page read one at a time: a page read whole is scaled by
// its tallest ink run, which the portrait or a signature sets, and
// Tesseract's layout analysis loses lines in the guilloche. A strip holds
// two or three text lines, and every line up to stripStep high lies
// wholly inside one strip.
const (
	stripHeight = 80 // page px (locateScale)
	stripStep   = 40
)

// readStrips reads page in overlapping full-width strips and returns their
// lines in page pixels, top to bottom.
func readStrips(ctx context.Context, eng ocr.Engine, page *image.Gray) (ocr.Text, error) {
	var all ocr.Text
	h := page.Rect.Dy()
	for y := 0; y < h; y += stripStep {
		y1 := min(y+stripHeight, h)
		if y1-y < stripStep/2 {
			break
		}
		strip, ok := page.SubImage(image.Rect(0, y, page.Rect.Dx(), y1)).(*image.Gray)
		if !ok {
			break
		}
		t, err := eng.ReadRegion(ctx, strip, "eng", "", ocr.PSMBlock)
		if err != nil {
			if ctx.Err() != nil {
				return all, ctx.Err()
			}
			continue
		}
		all.Lines = append(all.Lines, t.Lines...) // boxes are in page pixels (the strip keeps its origin)
		if all.Value != "" && t.Value != "" {
			all.Value += "\n"
		}
		all.Value += t.Value
		if y1 == h {
			break
		}
	}
	return all, nil
}

// rectQuad returns r scaled by s as a quad (top-left, top-right,
// bottom-right, bottom-left).
func rectQuad(r image.Rectangle, s float64) geometry.Quad {
	x0, y0, x1, y1 := float64(r.Min.X)*s, float64(r.Min.Y)*s, float64(r.Max.X)*s, float64(r.Max.Y)*s
	return geometry.Quad{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// findPrinted looks for the MRZ's values of keys in the page text t and
// returns the box of each one found (t's pixels): the shortest run of
// words on one line that reads as the value, the most confident among
// equals. A run claimed by one key is not given to another.
func findPrinted(t ocr.Text, r *mrz.Result, keys map[string]bool, now time.Time) map[string]image.Rectangle {
	type cand struct {
		box         image.Rectangle
		words, conf int
		line, first int
	}
	claimed := map[[2]int]bool{} // (line, word) taken
	out := map[string]image.Rectangle{}
	for _, key := range locatable {
		if !keys[key] {
			continue
		}
		match := matcher(key, r, now)
		if match == nil {
			continue
		}
		var best *cand
		for li, l := range t.Lines {
			for i := range l.Words {
			run:
				for n := 1; n <= maxRun && i+n <= len(l.Words); n++ {
					for j := i; j < i+n; j++ {
						if claimed[[2]int{li, j}] {
							break run
						}
					}
					ws := l.Words[i : i+n]
					parts := make([]string, n)
					box, conf := ws[0].Box, 0
					for j, w := range ws {
						parts[j] = w.Value
						box = box.Union(w.Box)
						conf += w.Score
					}
					if !match(strings.Join(parts, " ")) {
						continue
					}
					c := cand{box: box, words: n, conf: conf / n, line: li, first: i}
					if best == nil || c.words < best.words || (c.words == best.words && c.conf > best.conf) {
						best = &c
					}
					break // a longer run from i only adds words
				}
			}
		}
		if best == nil {
			continue
		}
		if (key == "surname" || key == "given_names") && r.NameTruncated {
			// The MRZ cut the name short: the printed one goes on, up to
			// the first word that is not a name's.
			ws := t.Lines[best.line].Words
			for j := best.first + best.words; j < len(ws) && isNameWord(ws[j].Value) && !claimed[[2]int{best.line, j}]; j++ {
				best.box = best.box.Union(ws[j].Box)
				best.words++
			}
		}
		for j := best.first; j < best.first+best.words; j++ {
			claimed[[2]int{best.line, j}] = true
		}
		out[key] = best.box
	}
	return out
}

// isNameWord reports whether w reads as part of a printed name: letters,
// with hyphens, apostrophes and a trailing comma.
func isNameWord(w string) bool {
	w = strings.TrimSuffix(w, ",")
	if w == "" {
		return false
	}
	for _, c := range w {
		if !unicode.IsLetter(c) && c != '-' && c != '\'' {
			return false
		}
	}
	return true
}

// findOnRow looks for the sex letter and the nationality code among the
// words of t on the row of birth (the birth date's box), for the keys not
// found yet.
func findOnRow(t ocr.Text, birth image.Rectangle, r *mrz.Result, keys map[string]bool, found map[string]image.Rectangle) map[string]image.Rectangle {
	want := map[string][]string{}
	if keys["sex"] && (r.Sex == "M" || r.Sex == "F") {
		want["sex"] = []string{r.Sex, r.Sex + "/" + r.Sex}
	}
	if n := strings.Trim(r.Nationality, "<"); keys["nationality"] && len(n) == 3 {
		want["nationality"] = []string{n}
	}
	out := map[string]image.Rectangle{}
	for k, vs := range want {
		if _, ok := found[k]; ok {
			continue
		}
		bestConf := -1
		for _, l := range t.Lines {
			for _, w := range l.Words {
				ov := min(w.Box.Max.Y, birth.Max.Y) - max(w.Box.Min.Y, birth.Min.Y)
				if 2*ov < min(w.Box.Dy(), birth.Dy()) || w.Box.Overlaps(birth) {
					continue // not on the row, or part of the date
				}
				v := w.Value
				if i := strings.LastIndexByte(v, ':'); i >= 0 && k == "sex" {
					v = v[i+1:] // the caption run into the value: "Sexe:M"
				}
				v = strings.Trim(v, ".,;:")
				for _, x := range vs {
					if v == x && w.Score > bestConf {
						bestConf = w.Score
						out[k] = w.Box
					}
				}
			}
		}
	}
	return out
}

// quadRect returns the bounding box of q scaled by s.
func quadRect(q geometry.Quad, s float64) image.Rectangle {
	x0, y0, x1, y1 := q[0].X, q[0].Y, q[0].X, q[0].Y
	for _, p := range q[1:] {
		x0, y0, x1, y1 = math.Min(x0, p.X), math.Min(y0, p.Y), math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	return image.Rect(int(x0*s), int(y0*s), int(math.Ceil(x1*s)), int(math.Ceil(y1*s)))
}

// matcher returns the test a run of printed words must pass to be the
// MRZ's value of key, or nil when the MRZ has no usable value for it.
func matcher(key string, r *mrz.Result, now time.Time) func(string) bool {
	squeeze := strings.NewReplacer(" ", "", "<", "", "-", "", ".", "")
	switch key {
	case "number", "personal_number":
		want := r.DocumentNumber
		if key == "personal_number" {
			want = personalNumber(r)
		}
		want = squeeze.Replace(want)
		if len(want) < 5 {
			return nil // too short to be told apart from other digits
		}
		return func(s string) bool {
			got := squeeze.Replace(strings.Trim(s, ",;:"))
			// One character misread in a long number still places it.
			return got == want || (len(want) >= 8 && fields.EditDistance(got, want) <= 1)
		}
	case "birth_date", "expiry_date":
		d, c := r.BirthDate, doctype.CenturyPast
		if key == "expiry_date" {
			d, c = r.ExpiryDate, doctype.CenturyExpiry
		}
		if !d.Valid {
			return nil
		}
		want := d.String()
		return func(s string) bool {
			got, err := doctype.ParseDate(s, c, now)
			return err == nil && got == want
		}
	case "surname", "given_names":
		want := r.Surname
		if key == "given_names" {
			want = r.GivenNames
		}
		if len(strings.Trim(want, "< ")) < 2 {
			return nil
		}
		return func(s string) bool {
			s = strings.TrimSpace(strings.NewReplacer(",", " ", ";", " ").Replace(strings.ToUpper(s)))
			if s == "" {
				return false
			}
			if doctype.NameMatches(s, want, r.NameTruncated) {
				return true
			}
			// A letter the OCR did not see (ÖBERG read OBERG for OEBERG).
			w := strings.NewReplacer("<", "", " ", "").Replace(want)
			return len(w) >= 5 && fields.EditDistance(strings.NewReplacer(" ", "", "-", "").Replace(s), w) <= 1
		}
	case "sex":
		// Only the bilingual form (M/M, F/F): a lone letter is anywhere.
		if r.Sex != "M" && r.Sex != "F" {
			return nil
		}
		return func(s string) bool { return s == r.Sex+"/"+r.Sex }
	}
	return nil
}

// personalNumber is the MRZ's personal number: a TD3 passport's optional
// data, without fillers.
func personalNumber(r *mrz.Result) string {
	if r.Format != mrz.TD3 {
		return ""
	}
	return strings.Trim(r.OptionalData1, "<")
}

// warpGray samples img at toImage(x, y) for every pixel centre of a w×h
// grey image (bilinear on luma). nil when the size is unusable.
func warpGray(img image.Image, toImage geometry.Homography, w, h int) *image.Gray {
	if w < 8 || h < 8 || w*h > 16<<20 || img == nil {
		return nil
	}
	lum := lumaOf(img)
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := toImage.Apply(geometry.Point{X: float64(x) + 0.5, Y: float64(y) + 0.5})
			g.Pix[y*g.Stride+x] = bilinear(lum, b, p.X-0.5, p.Y-0.5)
		}
	}
	return g
}

// lumaOf returns img's luma as a grey image over the same bounds (the Y
// plane of a JPEG directly).
func lumaOf(img image.Image) *image.Gray {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		return &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	}
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, gg, bb, _ := img.At(x, y).RGBA()
			g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)] = uint8((299*r + 587*gg + 114*bb) / 1000 >> 8)
		}
	}
	return g
}

// bilinear samples g at (x, y) (pixel centres at integers); outside the
// bounds the page is white.
func bilinear(g *image.Gray, b image.Rectangle, x, y float64) uint8 {
	if math.IsNaN(x) || math.IsNaN(y) || x < float64(b.Min.X) || y < float64(b.Min.Y) ||
		x > float64(b.Max.X-1) || y > float64(b.Max.Y-1) {
		return 255
	}
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, b.Max.X-1), min(y0+1, b.Max.Y-1)
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(px, py int) float64 { return float64(g.Pix[(py-b.Min.Y)*g.Stride+(px-b.Min.X)]) }
	v := (at(x0, y0)*(1-fx)+at(x1, y0)*fx)*(1-fy) + (at(x0, y1)*(1-fx)+at(x1, y1)*fx)*fy
	return uint8(v + 0.5)
}

// scaleText returns t with every box scaled by sx, sy.
func scaleText(t ocr.Text, sx, sy float64) ocr.Text {
	sc := func(b image.Rectangle) image.Rectangle {
		return image.Rect(int(float64(b.Min.X)*sx), int(float64(b.Min.Y)*sy),
			int(math.Ceil(float64(b.Max.X)*sx)), int(math.Ceil(float64(b.Max.Y)*sy)))
	}
	out := t.MapBoxes(sc)
	for i := range out.Lines {
		out.Lines[i].Height = int(math.Round(float64(out.Lines[i].Height) * sy))
	}
	return out
}
