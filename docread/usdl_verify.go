package docread

import (
	"context"
	"image"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// The front of a licence is verified against its barcode value by value:
// each value the front always prints (surname, given names, the three
// dates, licence number, street, sex) must be confirmed by a read of the
// front, or the front is sent to review. The page read (Tesseract's own
// layout analysis over the whole card) misses lines on busy guilloche
// backgrounds, so a value it does not confirm is looked for again: first
// in a read of the page with the background dropped (ink only), then in
// single-line reads of the lines that hold the value's caption or look
// most like it, in grey and ink-only. Those reads are what the front
// shows; the barcode only says where to look, never what is read.

// expectation is one barcode value the front must confirm.
type expectation struct {
	key  string
	want string
}

// frontExpectations lists the values of out the front must confirm:
// crossCheckKeys that the barcode holds, the address by its street.
func frontExpectations(out *fields.Output, street string) []expectation {
	var exps []expectation
	for _, key := range crossCheckKeys {
		bf, ok := out.Raw[key]
		if !ok || strings.TrimSpace(bf.Value) == "" {
			continue
		}
		want := bf.Value
		if key == "address" {
			if street == "" {
				continue
			}
			want = street
		}
		if isDateKey(key) && !accepted(bf) {
			continue // not a calendar date: already a problem of its own
		}
		exps = append(exps, expectation{key, want})
	}
	return exps
}

func isDateKey(key string) bool {
	return key == "birth_date" || key == "issue_date" || key == "expiry_date"
}

// confirms reports whether some read of the front shows want for key:
// dates as calendar dates, the licence number exactly (up to the shapes
// OCR confuses), names and street exactly or by a per-character majority
// of several reads (consensus: a name altered by one letter is read that
// way by every read, so it never wins), sex as the letter
// after a SEX caption.
func (f *usdlFront) confirms(key, want string) bool {
	switch key {
	case "sex":
		return f.sexSeen()[want]
	case "surname", "given_names", "address":
		if _, ok := f.findValue(key, want); ok {
			return true
		}
		return f.consensus(key, want)
	case "license_number":
		// Exactly, but also glued to its caption or a neighbour
		// (NUMERON6647581348166BSSICARC): a stretch of a line.
		if w := comparable(want); len(w) >= 6 && f.nearest(want) == 0 {
			return true
		}
	}
	if _, ok := f.findValue(key, want); ok {
		return true
	}
	return f.consensus(key, want)
}

// consensus reports whether the reads that show a value of want's shape
// agree on want by majority, character by character: several reads of one
// line, each with another character misread (WDL9RCOWLPUG, WDLORCOWLPU6,
// WOL9RCOWLPU6), confirm WDL9RC0WLPU6. Each read is a stretch of one line
// as long as want (folded; dates in their printed forms) that differs from
// it in one character at most, so that another value printed on the card
// (a date with the same day and month) takes no part; at least two reads
// are needed, and at every position want's character must have more
// votes than any other: a value printed otherwise is misread the same way
// by no majority.
func (f *usdlFront) consensus(key, want string) bool {
	for _, form := range displayForms(key, want) {
		w := []rune(comparable(form))
		if len(w) < 6 {
			continue
		}
		var reads [][]rune
		for _, l := range f.all() {
			line := []rune(comparable(l.Value))
			best, at := len(w)+1, -1
			for i := 0; i+len(w) <= len(line); i++ {
				d := 0
				for j := range w {
					if line[i+j] != w[j] {
						d++
					}
				}
				if d < best {
					best, at = d, i
				}
			}
			if at >= 0 && best <= 1 {
				reads = append(reads, line[at:at+len(w)])
			}
		}
		if len(reads) < 2 {
			continue
		}
		ok := true
		for j := range w {
			votes := map[rune]int{}
			for _, r := range reads {
				votes[r[j]]++
			}
			for c, n := range votes {
				if c != w[j] && n >= votes[w[j]] {
					ok = false
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

var sexWordRe = regexp.MustCompile(`SEXE?[:.]?([MFX])?$`)

// sexSeen returns the letters read after a SEX caption (15 SEX M, 15SEX F,
// SEX/SEXE F, SEXM) in every read of the front.
func (f *usdlFront) sexSeen() map[string]bool {
	seen := map[string]bool{}
	if ff, ok := f.fields["sex"]; ok {
		if v := frontValue("sex", ff.value); v != "" && len(strings.TrimSpace(ff.value)) <= 2 {
			seen[v] = true
		}
	}
	for _, l := range f.all() {
		for i, w := range l.Words {
			m := sexWordRe.FindStringSubmatch(strings.ToUpper(strings.Trim(w.Value, ".:,;")))
			if m == nil {
				continue
			}
			if m[1] != "" {
				seen[m[1]] = true
				continue
			}
			if i+1 < len(l.Words) {
				v := strings.ToUpper(strings.Trim(l.Words[i+1].Value, ".:,;"))
				if v == "M" || v == "F" || v == "X" {
					seen[v] = true
				}
			}
		}
	}
	return seen
}

// all returns the page read's lines followed by the re-reads' lines.
func (f *usdlFront) all() []ocr.Line {
	if len(f.more) == 0 {
		return f.lines
	}
	return append(append([]ocr.Line(nil), f.lines...), f.more...)
}

// How a region of the front is read again.
const (
	readGrey = iota // the page, as warped for the page read
	readInk         // the page with its background dropped (inkPage)
	readFine        // the region warped again from the upload at twice the page's scale
)

// readKey names one read of the front: a page region and how it was read.
type readKey struct {
	r    image.Rectangle
	mode int
	psm  int
}

// read reads region r of the page (page pixels) in the given mode,
// through the front's cache, and adds the lines read, in page pixels, to
// f.more.
func (f *usdlFront) read(ctx context.Context, env *Env, r image.Rectangle, mode, psm int) error {
	r = r.Intersect(f.page.Rect)
	if r.Dx() < 8 || r.Dy() < 8 {
		return nil
	}
	k := readKey{r, mode, psm}
	if f.cache == nil {
		f.cache = map[readKey]ocr.Text{}
	}
	t, ok := f.cache[k]
	if !ok {
		var err error
		switch mode {
		case readInk:
			t, err = env.OCR.ReadRegion(ctx, f.inkPage().SubImage(r).(*image.Gray), "eng", "", psm)
		case readFine:
			if f.src == nil || f.geo == nil {
				return nil
			}
			const s = 2.0 // fine pixels per page pixel
			img := warpPage(f.src, f.geo.DocToImage.Mul(geometry.Translate(float64(r.Min.X)/f.k, float64(r.Min.Y)/f.k)),
				image.Pt(int(math.Ceil(float64(r.Dx())/f.k)), int(math.Ceil(float64(r.Dy())/f.k))), f.k*s)
			t, err = env.OCR.ReadRegion(ctx, img, "eng", "", psm)
			back := func(b image.Rectangle) image.Rectangle {
				return scaleRect(b, 1/s).Add(r.Min)
			}
			for i := range t.Lines {
				l := &t.Lines[i]
				l.Box = back(l.Box)
				l.Height = int(float64(l.Height) / s)
				for j := range l.Words {
					l.Words[j].Box = back(l.Words[j].Box)
				}
			}
		default:
			t, err = env.OCR.ReadRegion(ctx, f.page.SubImage(r).(*image.Gray), "eng", "", psm)
		}
		if err != nil {
			return err
		}
		f.cache[k] = t
	}
	for _, l := range t.Lines {
		if !f.hasRead(l) {
			f.more = append(f.more, l)
		}
	}
	return nil
}

// hasRead reports whether l, the same text at the same place, is among
// the re-reads already.
func (f *usdlFront) hasRead(l ocr.Line) bool {
	for _, m := range f.more {
		if m.Value == l.Value && m.Box == l.Box {
			return true
		}
	}
	return false
}

// inkPage returns the page with its background dropped: pixels lighter
// than 40% of the way from the ink (1st percentile) to the paper (median)
// become white. Printed values are the darkest marks on a card; the
// guilloche, the SPECIMEN stamp and the tint are lighter.
func (f *usdlFront) inkPage() *image.Gray {
	if f.ink != nil {
		return f.ink
	}
	var hist [256]int
	for _, p := range f.page.Pix {
		hist[p]++
	}
	at := func(q float64) int {
		n := int(q * float64(len(f.page.Pix)))
		s := 0
		for v, c := range hist {
			s += c
			if s > n {
				return v
			}
		}
		return 255
	}
	lo, mid := at(0.01), at(0.5)
	t := uint8(lo + (mid-lo)*2/5)
	ink := image.NewGray(f.page.Rect)
	for i, p := range f.page.Pix {
		if p > t {
			ink.Pix[i] = 255
		} else {
			ink.Pix[i] = p
		}
	}
	f.ink = ink
	return ink
}

// displayForms are the ways the front may print a barcode value: dates
// as MM/DD/YYYY and YYYY/MM/DD, everything else as it is.
func displayForms(key, want string) []string {
	if isDateKey(key) && len(want) == 10 {
		y, m, d := want[:4], want[5:7], want[8:10]
		return []string{m + "/" + d + "/" + y, y + "/" + m + "/" + d, d + "/" + m + "/" + y}
	}
	return []string{want}
}

// lineDistance is the smallest edit distance between want (folded) and a
// stretch of line l (folded).
func lineDistance(l ocr.Line, want string) int {
	f := usdlFront{lines: []ocr.Line{l}}
	return f.nearest(want)
}

// rereadCandidates returns the boxes of the lines (page pixels) worth
// reading again for key: the lines holding its caption, then the lines
// nearest to its value, at most three, each widened to the whole line.
func (f *usdlFront) rereadCandidates(key, want string) []image.Rectangle {
	type cand struct {
		box image.Rectangle
		d   int
	}
	var cands []cand
	forms := displayForms(key, want)
	n := len(comparable(want))
	for _, l := range f.all() {
		if len(l.Words) == 0 {
			continue
		}
		h := max(l.Height, l.Box.Dy()/2, 8)
		if key == "sex" {
			// The caption (15 SEX) is small and often misread: look
			// again at every SEX word and every lone M, F or X, with
			// what stands left of it.
			for _, w := range l.Words {
				v := strings.ToUpper(strings.Trim(w.Value, ".:,;"))
				switch {
				case strings.Contains(v, "SEX"):
					cands = append(cands, cand{image.Rect(w.Box.Min.X-h, l.Box.Min.Y, w.Box.Max.X+4*h, l.Box.Max.Y), 0})
				case v == "M" || v == "F" || v == "X":
					cands = append(cands, cand{image.Rect(w.Box.Min.X-8*h, l.Box.Min.Y, w.Box.Max.X+h, l.Box.Max.Y), 1})
				}
			}
			continue
		}
		d := n
		for _, fm := range forms {
			d = min(d, lineDistance(l, fm))
		}
		words := make([]string, len(l.Words))
		for i, w := range l.Words {
			words[i] = w.Value
		}
		for i := range words {
			if c, _ := captionAt(words, i); c != nil && c.key == key {
				d = 0
			}
		}
		if d <= n/2 {
			cands = append(cands, cand{image.Rect(l.Box.Min.X-3*h, l.Box.Min.Y, l.Box.Max.X+3*h, l.Box.Max.Y), d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	var out []image.Rectangle
	for _, c := range cands {
		h := c.box.Dy()
		r := c.box.Inset(-h * 2 / 5)
		r.Min.X, r.Max.X = c.box.Min.X, c.box.Max.X
		dup := false
		for _, o := range out {
			if overlap(o, r) > 0.6 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

// rows returns the rows of text of the front, across the page: the rows
// of the lines read (lines of at most twice the usual height), and rows of
// the usual height filling gaps between them where the reads found no
// line (at most 16 rows).
func (f *usdlFront) rows() []image.Rectangle {
	var ls []image.Rectangle
	var hs []int
	for _, l := range f.all() {
		hs = append(hs, l.Box.Dy())
	}
	if len(hs) == 0 {
		return nil
	}
	sort.Ints(hs)
	h := max(hs[len(hs)/2], 8)
	for _, l := range f.all() {
		if l.Box.Dy() <= 2*h {
			ls = append(ls, l.Box)
		}
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].Min.Y+ls[i].Max.Y < ls[j].Min.Y+ls[j].Max.Y })
	type band struct{ y0, y1, x0, x1 int }
	var bands []band
	for _, b := range ls {
		c := (b.Min.Y + b.Max.Y) / 2
		if n := len(bands); n > 0 && c < bands[n-1].y1 {
			l := &bands[n-1]
			l.y1, l.x0, l.x1 = max(l.y1, b.Max.Y), min(l.x0, b.Min.X), max(l.x1, b.Max.X)
			continue
		}
		bands = append(bands, band{b.Min.Y, b.Max.Y, b.Min.X, b.Max.X})
	}
	// A row is read from its lines' left to a little past their right
	// (a short value after them, such as the sex), not across the
	// portrait; a gap between rows spans both neighbours' widths.
	var out []image.Rectangle
	add := func(y0, y1, x0, x1 int) {
		m := (y1 - y0) * 2 / 5
		out = append(out, image.Rect(x0-h, y0-m, x1+5*h, y1+m).Intersect(f.page.Rect))
	}
	for i, b := range bands {
		if i > 0 {
			p := bands[i-1]
			for y := p.y1 + h/2; y+h <= b.y0-h/4; y += h + h/2 {
				add(y, y+h, min(p.x0, b.x0), max(p.x1, b.x1))
			}
		}
		add(b.y0, b.y1, b.x0, b.x1)
	}
	if len(out) > 16 {
		out = out[:16]
	}
	return out
}

// overlap is the intersection over the smaller of a and b.
func overlap(a, b image.Rectangle) float64 {
	i := a.Intersect(b)
	if i.Empty() {
		return 0
	}
	s := min(a.Dx()*a.Dy(), b.Dx()*b.Dy())
	return float64(i.Dx()*i.Dy()) / float64(max(s, 1))
}

// confirmFront re-reads the front until each expectation is confirmed or
// every re-read has been tried: each unconfirmed value's candidate lines,
// warped finer from the upload, then ink only; the whole page ink only
// when a value has no candidate line (the page read missed it), and then
// that value's new candidates.
func (f *usdlFront) confirmFront(ctx context.Context, env *Env, exps []expectation) error {
	if env == nil || env.OCR == nil || f.page == nil {
		return nil
	}
	inkRead := false
	for _, e := range exps {
		if f.confirms(e.key, e.want) {
			continue
		}
		for pass := 0; pass < 2; pass++ {
			cands := f.rereadCandidates(e.key, e.want)
			for _, r := range cands {
				for _, mode := range []int{readFine, readInk} {
					if err := f.read(ctx, env, r, mode, ocr.PSMLine); err != nil {
						return err
					}
					if f.confirms(e.key, e.want) {
						break
					}
				}
				if f.confirms(e.key, e.want) {
					break
				}
			}
			if f.confirms(e.key, e.want) {
				break
			}
			if inkRead {
				// Last: every row of text, finer, across the card.
				for _, r := range f.rows() {
					if err := f.read(ctx, env, r, readFine, ocr.PSMLine); err != nil {
						return err
					}
					if f.confirms(e.key, e.want) {
						break
					}
				}
				break
			}
			// Not confirmed on the lines the reads have: read the
			// whole page again, ink only, and try its lines.
			inkRead = true
			if err := f.read(ctx, env, f.page.Rect, readInk, 3); err != nil {
				return err
			}
			if f.confirms(e.key, e.want) {
				break
			}
		}
	}
	return nil
}

// verifyFront cross-checks the barcode's values (out, parsed from doc)
// with the front, re-reading the front where its first read does not
// confirm a value, and returns one reason per field to review.
func verifyFront(ctx context.Context, env *Env, out *fields.Output, front *usdlFront, doc *aamva.Document) ([]string, error) {
	a := doc.Address()
	street := strings.TrimSpace(a.Street1 + " " + a.Street2)
	city := strings.TrimSpace(a.City + ", " + strings.TrimSpace(a.State+" "+a.PostalCode))
	var other []string
	for _, id := range []string{"DDB", "DDC", "DDH", "DDI", "DDJ"} {
		if t, err := doc.Date(id); err == nil {
			other = append(other, t.Format("2006-01-02"))
		}
	}
	if err := front.confirmFront(ctx, env, frontExpectations(out, street)); err != nil {
		return nil, err
	}
	return crossCheck(out, front, street, city, other), nil
}
