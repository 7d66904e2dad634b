package docread

import (
	"context"
	"image"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/ocr"
)

// A page is the text of a whole document read once, line by line, with
// boxes in canonical (template) pixels.
type page struct {
	lines []pline
	// bare holds, by field key, the box of a caption found with no value
	// beside or below it on the page (set by locate): the value is read
	// in the region right of the caption.
	bare map[string]image.Rectangle
	// capWords holds the folded words of every caption of the template
	// being located (two characters or more): a bilingual caption's other
	// half ("SURNAME / NOM") is skipped, not taken as the value.
	capWords map[string]bool
}

type pline struct {
	text   string // words joined by single spaces
	score  int
	box    image.Rectangle
	height int
	words  []pword
	used   bool // taken as some field's value
	isCap  bool // holds only a caption found on the page
	hasCap bool // holds a caption found on the page
}

type pword struct {
	text  string
	score int
	box   image.Rectangle
	start int // byte offset of the word in the line's text
}

// newPage converts an OCR read of the document rendered at scale k
// (output px per canonical px) into canonical pixels.
func newPage(t ocr.Text, k float64) *page {
	down := func(r image.Rectangle) image.Rectangle {
		return image.Rect(int(float64(r.Min.X)/k), int(float64(r.Min.Y)/k), int(float64(r.Max.X)/k+0.999), int(float64(r.Max.Y)/k+0.999))
	}
	p := &page{}
	for _, l := range t.Lines {
		pl := pline{score: l.Score, box: down(l.Box), height: int(float64(l.Height) / k)}
		for _, w := range l.Words {
			v := strings.TrimSpace(w.Value)
			if v == "" {
				continue
			}
			if n := len(pl.words); n > 0 {
				// Tesseract's Korean model splits words into syllables:
				// Hangul "words" closer than a third of the line height are
				// one word.
				prev := &pl.words[n-1]
				gap := float64(w.Box.Min.X)/k - float64(prev.box.Max.X)
				if endsHangul(prev.text) && startsHangul(v) && gap < float64(max(l.Height, 1))/k/3 {
					prev.text += v
					prev.box = prev.box.Union(down(w.Box))
					pl.text += v
					continue
				}
			}
			if pl.text != "" {
				pl.text += " "
			}
			pl.words = append(pl.words, pword{text: v, score: w.Score, box: down(w.Box), start: len(pl.text)})
			pl.text += v
		}
		if len(pl.words) == 0 {
			// Engines that give no words: the line is one word.
			v := strings.Join(strings.Fields(l.Value), " ")
			if v == "" {
				continue
			}
			pl.words = []pword{{text: v, score: l.Score, box: pl.box}}
			pl.text = v
		}
		if pl.height <= 0 {
			pl.height = max(1, pl.box.Dy())
		}
		p.lines = append(p.lines, pl)
	}
	sort.SliceStable(p.lines, func(i, j int) bool { return p.lines[i].box.Min.Y < p.lines[j].box.Min.Y })
	return p
}

// span is a run of text on one page line: a located value.
type span struct {
	line       int
	text       string
	score      int
	box        image.Rectangle
	how        string // "caption", "pattern", "above", "below"
	lines      int    // number of page lines it covers
	captionBox image.Rectangle
}

// foldCaption reduces text to what caption matching compares: lower case
// letters and digits of any script, nothing else.
func foldCaption(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// folded is a line's folded text with, for each folded rune, the word it
// came from and its rune index within the word.
type folded struct {
	runes []rune
	word  []int
	pos   []int // rune index in the word's text
	fpos  []int // index among the word's folded runes
}

func foldLine(l *pline) folded {
	var f folded
	for wi, w := range l.words {
		i, fi := 0, 0
		for _, r := range strings.ToLower(w.text) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) {
				f.runes = append(f.runes, r)
				f.word = append(f.word, wi)
				f.pos = append(f.pos, i)
				f.fpos = append(f.fpos, fi)
				fi++
			}
			i++
		}
	}
	return f
}

func indexRunes(s, sub []rune, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		ok := true
		for j := range sub {
			if s[i+j] != sub[j] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// findCaption looks for one of captions on the page. Short captions (three
// folded characters or fewer, such as the EU codes "A", "C.1.1") must be
// whole words opening the line or a column (after a gap); longer ones may
// be glued to their value. It returns the line, the word and rune where the
// text after the caption starts, and the caption's box.
func (p *page) findCaption(captions []string) (li, wi, ri int, box image.Rectangle, ok bool) {
	// Longest captions first: "Date of Birth" before "Birth".
	cs := append([]string(nil), captions...)
	sort.SliceStable(cs, func(i, j int) bool { return len(foldCaption(cs[i])) > len(foldCaption(cs[j])) })
	for _, c := range cs {
		fc := []rune(foldCaption(c))
		if len(fc) == 0 {
			continue
		}
		short := len(fc) <= 3
		for i := range p.lines {
			l := &p.lines[i]
			f := foldLine(l)
			for at := indexRunes(f.runes, fc, 0); at >= 0; at = indexRunes(f.runes, fc, at+1) {
				end := at + len(fc) // folded index after the caption
				w0, w1 := f.word[at], f.word[end-1]
				if f.fpos[at] != 0 {
					continue // captions start a word
				}
				if end < len(f.runes) && f.word[end] == w1 && !glueable(fc[len(fc)-1], f.runes[end]) {
					continue // the word runs on: "Name" inside "Namesake"
				}
				if short {
					if end < len(f.runes) && f.word[end] == w1 {
						continue // not whole words
					}
					if w0 > 0 && l.words[w0].box.Min.X-l.words[w0-1].box.Max.X < l.height {
						continue // inside running text
					}
				}
				var cb image.Rectangle
				for w := w0; w <= w1; w++ {
					cb = cb.Union(l.words[w].box)
				}
				if end < len(f.runes) && f.word[end] == w1 {
					return i, w1, f.pos[end], cb, true // value glued to the caption
				}
				return i, w1 + 1, 0, cb, true
			}
		}
	}
	// No exact match: captions of four characters or more may be misread
	// by one character (자동차등쪽번호 for 자동차등록번호), as whole words.
	for _, c := range cs {
		fc := []rune(foldCaption(c))
		if len(fc) < 4 {
			continue
		}
		for i := range p.lines {
			l := &p.lines[i]
			f := foldLine(l)
			for at := range f.runes {
				if f.fpos[at] != 0 {
					continue
				}
				for _, n := range []int{len(fc), len(fc) - 1, len(fc) + 1} {
					end := at + n
					if end > len(f.runes) || (end < len(f.runes) && f.word[end] == f.word[end-1]) {
						continue // must end a word
					}
					if !within1(f.runes[at:end], fc) {
						continue
					}
					w0, w1 := f.word[at], f.word[end-1]
					var cb image.Rectangle
					for w := w0; w <= w1; w++ {
						cb = cb.Union(l.words[w].box)
					}
					return i, w1 + 1, 0, cb, true
				}
			}
		}
	}
	return 0, 0, 0, image.Rectangle{}, false
}

// glueable reports whether a caption ending in rune a may be glued to a
// value starting with rune b: a letter caption before a digit ("DOB:01/…",
// folded "dob01…"), or a change of script.
func glueable(a, b rune) bool {
	if unicode.IsLetter(a) && unicode.IsDigit(b) {
		return true
	}
	return unicode.IsLetter(a) && unicode.IsLetter(b) && script(a) != script(b)
}

func script(r rune) string {
	for _, t := range []struct {
		name string
		tab  *unicode.RangeTable
	}{{"latin", unicode.Latin}, {"hangul", unicode.Hangul}, {"han", unicode.Han}, {"devanagari", unicode.Devanagari}, {"cyrillic", unicode.Cyrillic}, {"greek", unicode.Greek}} {
		if unicode.Is(t.tab, r) {
			return t.name
		}
	}
	return ""
}

// after returns the text of line li from word wi (rune ri in it) up to the
// first gap wider than twice the line height: the value that follows a
// caption on the same line.
func (p *page) after(li, wi, ri int) (span, bool) {
	l := &p.lines[li]
	var parts []string
	var box image.Rectangle
	sum, n := 0, 0
	for w := wi; w < len(l.words); w++ {
		word := l.words[w]
		if w > wi && word.box.Min.X-l.words[w-1].box.Max.X > 2*l.height {
			break
		}
		t, b := word.text, word.box
		if w == wi && ri > 0 {
			rs := []rune(t)
			ri = min(ri, len(rs))
			t = string(rs[ri:])
			b.Min.X += b.Dx() * ri / max(1, len(rs))
		}
		t = strings.TrimLeft(t, ":.;|/-)]")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if len(parts) == 0 {
			if fw := foldCaption(t); len([]rune(fw)) >= 2 && p.capWords[fw] {
				continue // the caption's other language
			}
		}
		parts = append(parts, t)
		box = box.Union(b)
		sum += word.score * len([]rune(t))
		n += len([]rune(t))
	}
	if n == 0 {
		return span{}, false
	}
	return span{line: li, text: strings.Join(parts, " "), score: sum / n, box: box, lines: 1}, true
}

// lineNear returns the nearest unused line below (dir > 0) or above
// (dir < 0) the box b, overlapping b's column, within three line heights.
func (p *page) lineNear(b image.Rectangle, dir int, skip map[int]bool) int {
	best, bestD := -1, 0
	for i := range p.lines {
		l := &p.lines[i]
		if skip[i] || l.used || l.isCap {
			continue
		}
		var d int
		if dir > 0 {
			d = l.box.Min.Y - b.Max.Y
		} else {
			d = b.Min.Y - l.box.Max.Y
		}
		lim := 3 * max(l.height, b.Dy()/2)
		if d < -l.height/2 || d > lim {
			continue
		}
		// Same column: the line starts near the box's left edge or overlaps it.
		if l.box.Max.X < b.Min.X || l.box.Min.X > b.Max.X {
			continue
		}
		if best < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// rightOf returns the nearest unused line that starts right of the caption
// box b (on line li) on the same row: its vertical middle within b's
// height stretched by half, within fifteen caption heights. Tesseract often
// puts a caption and its larger value on separate lines.
func (p *page) rightOf(b image.Rectangle, li int) int {
	best, bestD := -1, 0
	mid := func(r image.Rectangle) int { return (r.Min.Y + r.Max.Y) / 2 }
	h := max(1, b.Dy())
	for i := range p.lines {
		l := &p.lines[i]
		if i == li || l.used || l.isCap {
			continue
		}
		if d := mid(l.box) - mid(b); d < -h || d > h {
			continue
		}
		d := l.box.Min.X - b.Max.X
		if d < -h/2 || d > 15*h {
			continue
		}
		if best < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// columnSpan is the part of line i in the column of box b: from the first
// word ending right of b's left edge (less a line height), the words that
// follow without a gap wider than twice the line height.
func (p *page) columnSpan(i int, b image.Rectangle, how string) span {
	l := &p.lines[i]
	first := -1
	for wi, w := range l.words {
		if w.box.Max.X > b.Min.X-l.height {
			first = wi
			break
		}
	}
	if first < 0 {
		return p.lineSpan(i, how)
	}
	s, ok := p.after(i, first, 0)
	if !ok {
		return p.lineSpan(i, how)
	}
	s.how = how
	return s
}

func (p *page) lineSpan(i int, how string) span {
	l := &p.lines[i]
	return span{line: i, text: l.text, score: l.score, box: l.box, how: how, lines: 1}
}

// extend adds up to n-1 further lines below s (a multi-line address).
func (p *page) extend(s span, n int) span {
	skip := map[int]bool{s.line: true}
	for s.lines < n {
		i := p.lineNear(s.box, +1, skip)
		if i < 0 {
			break
		}
		l := &p.lines[i]
		if l.hasCap || l.box.Min.X > s.box.Min.X+3*l.height || l.height > 2*max(1, p.lines[s.line].height) {
			break // another field's caption, or not the same block
		}
		if l.box.Min.Y-s.box.Max.Y > max(l.height, p.lines[s.line].height) {
			break // a wider gap than between a value's lines: the next row
		}
		skip[i] = true
		s.text += "\n" + l.text
		s.box = s.box.Union(l.box)
		s.score = (s.score*s.lines + l.score) / (s.lines + 1)
		s.lines++
	}
	return s
}

// matchPattern finds the first unused line matching re and returns the
// words the match covers.
func (p *page) matchPattern(re *regexp.Regexp) (span, bool) {
	for i := range p.lines {
		l := &p.lines[i]
		if l.used {
			continue
		}
		loc := re.FindStringIndex(l.text)
		if loc == nil {
			continue
		}
		var box image.Rectangle
		sum, n := 0, 0
		for _, w := range l.words {
			if w.start+len(w.text) > loc[0] && w.start < loc[1] {
				box = box.Union(w.box)
				sum += w.score
				n++
			}
		}
		if n == 0 {
			continue
		}
		return span{line: i, text: l.text[loc[0]:loc[1]], score: sum / n, box: box, how: "pattern", lines: 1}, true
	}
	return span{}, false
}

// locate finds the template's values on the page: by caption (the value
// after it on the same line, else the line below), by pattern, then
// relative to another located field (above/below). Fields not found are
// absent from the map.
func locate(p *page, tmpl *doctype.Template) map[string]span {
	out := map[string]span{}
	p.capWords = map[string]bool{}
	p.bare = map[string]image.Rectangle{}
	for _, f := range tmpl.Fields {
		for _, c := range f.Captions {
			for _, w := range strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == '/' }) {
				if fw := foldCaption(w); len([]rune(fw)) >= 2 {
					p.capWords[fw] = true
				}
			}
		}
	}
	for i := range p.lines {
		// A line opening with a caption word is a caption, not a value; so
		// is a line holding only a bracketed code ("(G)", "(S.1)").
		if l := &p.lines[i]; len(l.words) > 0 {
			if fw := foldCaption(l.words[0].text); len([]rune(fw)) >= 3 && p.capWords[fw] {
				l.isCap = true
			}
			if len(l.words) == 1 && bracketed.MatchString(l.words[0].text) {
				l.isCap = true
			}
		}
	}
	take := func(f doctype.Field, s span) {
		if f.Lines > 1 {
			s = p.extend(s, f.Lines)
		}
		if f.Kind == doctype.KindName && s.lines == 1 && (s.how == "above" || s.how == "below") && !slices.ContainsFunc(f.Captions, func(c string) bool { return hasScript(c, hangul) }) {
			// A whole line taken for a name (a caption's value stops at
			// the first wide gap already); Korean names, captioned in
			// Hangul, have their own reading.
			s = p.trimName(s)
		}
		p.lines[s.line].used = true
		out[f.Key] = s
	}
	// Captions first, over every field, so that a pattern does not take a
	// line a caption names.
	for _, f := range tmpl.Fields {
		if len(f.Captions) == 0 {
			continue
		}
		li, wi, ri, cb, ok := p.findCaption(f.Captions)
		if !ok {
			continue
		}
		p.lines[li].hasCap = true
		s, ok := p.after(li, wi, ri)
		if !ok && wi >= len(p.lines[li].words) {
			p.lines[li].isCap = true
		}
		if ok {
			s.how = "caption"
		} else if j := p.rightOf(cb, li); j >= 0 {
			s = p.columnSpan(j, cb, "caption")
		} else if j := p.lineNear(cb, +1, map[int]bool{li: true}); j >= 0 {
			s = p.columnSpan(j, cb, "caption")
		} else {
			p.bare[f.Key] = cb
			continue
		}
		s.captionBox = cb
		take(f, s)
	}
	for _, f := range tmpl.Fields {
		if _, ok := out[f.Key]; ok || f.Pattern == "" {
			continue
		}
		re, err := regexp.Compile(f.Pattern)
		if err != nil {
			continue // Validate rejects these; a hand-made template may not be validated
		}
		if s, ok := p.matchPattern(re); ok {
			take(f, s)
		}
	}
	// Anchored fields, until nothing more is found (an anchor may itself be
	// anchored).
	for progress := true; progress; {
		progress = false
		for _, f := range tmpl.Fields {
			if _, ok := out[f.Key]; ok {
				continue
			}
			ref, dir, how := f.Above, -1, "above"
			if ref == "" {
				ref, dir, how = f.Below, +1, "below"
			}
			a, ok := out[ref]
			if ref == "" || !ok {
				continue
			}
			if j := p.lineNear(a.box, dir, map[int]bool{a.line: true}); j >= 0 {
				take(f, p.lineSpan(j, how))
				progress = true
			}
		}
	}
	return out
}

func endsHangul(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && unicode.Is(unicode.Hangul, rs[len(rs)-1])
}

func startsHangul(s string) bool {
	rs := []rune(s)
	return len(rs) > 0 && unicode.Is(unicode.Hangul, rs[0])
}

// joinSyllables undoes Tesseract's Korean habit of spacing syllables: a
// lone Hangul syllable is joined to the Hangul words beside it ("서 울특별시
// 달 구 벌대로" → "서울특별시 달구벌대로"). Korean words of one syllable are
// rare in names, addresses and authorities.
func joinSyllables(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		var out []string
		pending := ""
		flush := func() {
			if pending == "" {
				return
			}
			if n := len(out); n > 0 && (endsHangul(out[n-1]) || endsDigit(out[n-1])) {
				out[n-1] += pending // a tail: 전라북 도 → 전라북도, 229 루 → 229루
			} else {
				out = append(out, pending)
			}
			pending = ""
		}
		for _, w := range strings.Fields(l) {
			switch {
			case len([]rune(w)) == 1 && startsHangul(w):
				pending += w
			case startsHangul(w) && compassDistrict[pending]:
				// 북 구 세종대로: the districts named by a compass
				// point (중구, 북구, …) are words of their own.
				out = append(out, pending, w)
				pending = ""
			case startsHangul(w):
				out = append(out, pending+w) // a head: 서 울특별시 → 서울특별시
				pending = ""
			default:
				flush()
				out = append(out, w)
			}
		}
		flush()
		lines[i] = strings.Join(out, " ")
	}
	return strings.Join(lines, "\n")
}

// compassDistrict are the districts (구) most Korean metropolitan cities
// name by a compass point or the centre.
var compassDistrict = map[string]bool{"중구": true, "동구": true, "서구": true, "남구": true, "북구": true}

func endsDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

// within1 reports whether a and b are at most one edit apart.
func within1(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) {
		return true // equal, or b is a with one more rune at the end
	}
	if len(a) == len(b) {
		return string(a[i+1:]) == string(b[i+1:])
	}
	return string(a[i:]) == string(b[i+1:])
}

// codeCaption is a caption printed as a bracketed item code: "(A)",
// "(C.1.1)", "(P.3)" (the EU vehicle registration certificate's harmonised
// codes).
var codeCaption = regexp.MustCompile(`^\(([A-Z](\.[0-9])*)\)$`)

// bracketed is a page word that may be such a code as Tesseract reads it:
// "(C,11)", "{R)", "(Fi)", "(8)", "(0" (the closing bracket lost).
var bracketed = regexp.MustCompile(`^([(\[{|][A-Za-z0-9.,:;]{0,6}[)\]}|]|[(\[{][A-Za-z0-9.,:;]{1,6})$`)

// codeCaptions returns the template's bracketed-code captions, by their
// folded form ("C11" for "(C.1.1)"); nil when it has none.
func codeCaptions(tmpl *doctype.Template) map[string]string {
	var out map[string]string
	for _, f := range tmpl.Fields {
		for _, c := range f.Captions {
			if m := codeCaption.FindStringSubmatch(c); m != nil {
				if out == nil {
					out = map[string]string{}
				}
				out[strings.ToUpper(foldCaption(c))] = c
			}
		}
	}
	return out
}

// codeWhitelist holds the characters of bracketed item codes: capital
// letters, the digits 1-9 (no code has a 0, which Tesseract would take for
// a D) and the brackets and dot.
const codeWhitelist = "()ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789."

// rereadCodes reads again, each on its own and enlarged, the page's words
// that look like bracketed item codes, and gives the words whose re-read
// is one of codes (folded form → caption) that caption's text. Printed
// small beside larger values, the codes are what a page read gets wrong
// ("(C.1.2)" read "(C.2.2)", "(G)" read "(S)"), and a misread code gives
// its value to another field. pg is the page at k page px per canonical
// px. It returns the number of words changed.
func rereadCodes(ctx context.Context, eng ocr.Engine, pg *image.Gray, p *page, k float64, codes map[string]string) int {
	type at struct{ line, word int }
	var where []at
	var imgs []*image.Gray
	for li := range p.lines {
		for wi, w := range p.lines[li].words {
			if !bracketed.MatchString(w.text) {
				continue
			}
			b := image.Rect(int(float64(w.box.Min.X)*k), int(float64(w.box.Min.Y)*k), int(float64(w.box.Max.X)*k+0.999), int(float64(w.box.Max.Y)*k+0.999))
			b = b.Inset(-max(2, b.Dy()/4)).Intersect(pg.Rect)
			if b.Dx() < 4 || b.Dy() < 4 {
				continue
			}
			crop := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
			for y := 0; y < b.Dy(); y++ {
				copy(crop.Pix[y*crop.Stride:], pg.Pix[pg.PixOffset(b.Min.X, b.Min.Y+y):pg.PixOffset(b.Max.X, b.Min.Y+y)])
			}
			where = append(where, at{li, wi})
			imgs = append(imgs, crop)
		}
	}
	if len(imgs) == 0 {
		return 0
	}
	var texts []ocr.Text
	if lr, ok := eng.(ocr.LineReader); ok {
		ts, err := lr.ReadLines(ctx, imgs, "eng", codeWhitelist)
		if err != nil {
			return 0
		}
		texts = ts
	} else {
		for _, img := range imgs {
			t, err := eng.ReadRegion(ctx, img, "eng", codeWhitelist, ocr.PSMWord)
			if err != nil {
				return 0
			}
			texts = append(texts, t)
		}
	}
	var ws []codeWord
	for i, w := range where {
		cw := codeWord{line: w.line, word: w.word, text: p.lines[w.line].words[w.word].text, box: p.lines[w.line].words[w.word].box}
		if i < len(texts) {
			// The re-read, unless it lost what the page read had: a
			// code, or the brackets.
			t := strings.TrimSpace(texts[i].Value)
			_, reCode := harmonisedFold[codeFold(t)]
			_, pageCode := harmonisedFold[codeFold(cw.text)]
			if reCode || !pageCode && bracketed.MatchString(t) {
				cw.text = t
			}
		}
		ws = append(ws, cw)
	}
	want := map[string]bool{}
	for _, c := range codes {
		want[strings.Trim(c, "()")] = true
	}
	n := 0
	for _, cw := range assignCodes(ws, want) {
		c, ok := codes[strings.ToUpper(foldCaption(cw.code))]
		if !ok {
			continue
		}
		if w := &p.lines[cw.line].words[cw.word]; w.text != c {
			w.text = c
			n++
		}
	}
	if n > 0 {
		for li := range p.lines {
			p.lines[li].retext()
		}
	}
	return n
}

// harmonisedCodes are the EU vehicle registration certificate's item codes
// in the order of Directive 1999/37/EC Annex I, the order a certificate's
// columns mostly print them in.
var harmonisedCodes = []string{
	"A", "B", "C.1.1", "C.1.2", "C.1.3", "C.2.1", "C.2.2", "C.2.3", "C.3.1", "C.3.2", "C.3.3", "C.4",
	"D.1", "D.2", "D.3", "E", "F.1", "F.2", "F.3", "G", "H", "I", "J", "K", "L", "M", "N", "O.1", "O.2",
	"P.1", "P.2", "P.3", "P.4", "P.5", "Q", "R", "S.1", "S.2", "T", "U.1", "U.2", "U.3",
	"V.1", "V.2", "V.3", "V.4", "V.5", "V.6", "V.7", "V.8", "V.9", "W", "X", "Y", "Z",
}

// harmonisedIndex and harmonisedFold give a harmonised code's place in
// harmonisedCodes, and the code of a folded read (codeFold).
var harmonisedIndex, harmonisedFold = func() (map[string]int, map[string]string) {
	index, fold := map[string]int{}, map[string]string{}
	for i, c := range harmonisedCodes {
		index[c] = i
		fold[codeFold(c)] = c
	}
	return index, fold
}()

// codeWord is a bracketed word of the page: where it is, what was read,
// and the code it is taken for ("" for none).
type codeWord struct {
	line, word int
	text       string
	box        image.Rectangle
	code       string
}

// codeFold is a code's letters and digits, upper case, with the digit a
// small code's letter is misread as put back (8 → B, 0 → D, 5 → S, 6 → G)
// in the first place, where codes have their letter.
func codeFold(s string) string {
	f := []rune(strings.ToUpper(foldCaption(s)))
	if len(f) > 0 {
		switch f[0] {
		case '8':
			f[0] = 'B'
		case '0':
			f[0] = 'D'
		case '5':
			f[0] = 'S'
		case '6':
			f[0] = 'G'
		}
	}
	return string(f)
}

// notCode reports whether a folded read cannot be an item code: codes have
// one letter, a read with three or more ("CZE") is something else.
func notCode(f string) bool {
	n := 0
	for _, r := range f {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 3
}

// assignCodes decides which harmonised code each bracketed word is. A read
// that is one of the codes in want (the template's), and the only read of
// it, is taken; so is a read of another harmonised code that no code of
// want is one character from ("(H)" beside "(G)" and "(I)" is not taken:
// it may be either). The other words are placed by order: in a column,
// between the nearest taken codes above and below, the words are aligned
// in order with the codes of want that lie between (the alignment that
// pairs the most words, then the most alike); a word above or below an
// out-of-order pair of codes takes the code of want its read is nearest
// to, if only one is nearest. What stays undecided keeps code "".
func assignCodes(ws []codeWord, want map[string]bool) []codeWord {
	count := map[string]int{}
	for i := range ws {
		if c, ok := harmonisedFold[codeFold(ws[i].text)]; ok {
			ws[i].code = c
			count[c]++
		}
	}
	taken := map[string]bool{}
	for i := range ws {
		c := ws[i].code
		if c == "" {
			continue
		}
		soft := false
		if !want[c] {
			for w := range want {
				if fields.EditDistance(codeFold(c), codeFold(w)) <= 1 && count[w] == 0 {
					soft = true
					break
				}
			}
		}
		if count[c] > 1 || soft {
			ws[i].code = "" // read twice (one is wrong), or perhaps a misread code of want
		} else {
			taken[c] = true
		}
	}
	// Columns: words whose left edges are within two heights of each other.
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ws[order[a]].box.Min.X < ws[order[b]].box.Min.X })
	var cols [][]int
	for _, i := range order {
		h := max(1, ws[i].box.Dy())
		if n := len(cols); n > 0 && ws[i].box.Min.X-ws[cols[n-1][0]].box.Min.X <= 2*h {
			cols[n-1] = append(cols[n-1], i)
			continue
		}
		cols = append(cols, []int{i})
	}
	for _, col := range cols {
		sort.SliceStable(col, func(a, b int) bool { return ws[col[a]].box.Min.Y < ws[col[b]].box.Min.Y })
		for start := 0; start < len(col); {
			if ws[col[start]].code != "" {
				start++
				continue
			}
			end := start // the run of undecided words col[start:end]
			for end < len(col) && ws[col[end]].code == "" {
				end++
			}
			lo, hi := -1, len(harmonisedCodes)
			if start > 0 {
				lo = harmonisedIndex[ws[col[start-1]].code]
			}
			if end < len(col) {
				hi = harmonisedIndex[ws[col[end]].code]
			}
			var run []int
			for _, i := range col[start:end] {
				if !notCode(codeFold(ws[i].text)) {
					run = append(run, i)
				}
			}
			var cands []string
			for i := lo + 1; i < hi && i >= 0; i++ {
				if c := harmonisedCodes[i]; !taken[c] && want[c] {
					cands = append(cands, c)
				}
			}
			if lo < hi && len(cands) > 0 {
				for k, c := range alignCodes(ws, run, cands) {
					if c != "" {
						ws[run[k]].code = c
						taken[c] = true
					}
				}
			} else if lo >= hi {
				// Out of order (a layout printing B above A): any code of
				// want not taken.
				cands = cands[:0]
				for _, c := range harmonisedCodes {
					if !taken[c] && want[c] {
						cands = append(cands, c)
					}
				}
				for _, i := range run {
					if c := nearestCode(codeFold(ws[i].text), cands, taken); c != "" {
						ws[i].code = c
						taken[c] = true
					}
				}
			}
			start = end
		}
	}
	return ws
}

// alignCodes pairs the words run (in order down a column) with codes
// (in harmonised order), keeping both orders: the most pairs, then the
// most alike (edit distance of the folded read and code). out[k] is run[k]'s
// code, "" for none.
func alignCodes(ws []codeWord, run []int, codes []string) []string {
	m, n := len(run), len(codes)
	sim := func(i, j int) int {
		d := fields.EditDistance(codeFold(ws[run[i]].text), codeFold(codes[j]))
		return 100 + max(0, 3-d) // any pair beats none
	}
	dp := make([][]int, m+1)
	for i := range dp {
		dp[i] = make([]int, n+1)
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			dp[i][j] = max(dp[i-1][j], dp[i][j-1], dp[i-1][j-1]+sim(i-1, j-1))
		}
	}
	out := make([]string, m)
	for i, j := m, n; i > 0 && j > 0; {
		switch {
		case dp[i][j] == dp[i-1][j-1]+sim(i-1, j-1):
			out[i-1] = codes[j-1]
			i, j = i-1, j-1
		case dp[i][j] == dp[i-1][j]:
			i--
		default:
			j--
		}
	}
	return out
}

// nearestCode returns the code of cands not taken whose folded form is
// nearest (edit distance, at most 1) to the folded read f, when only one
// is nearest.
func nearestCode(f string, cands []string, taken map[string]bool) string {
	best, bestD, ties := "", 2, 0
	for _, c := range cands {
		if taken[c] {
			continue
		}
		d := fields.EditDistance(f, codeFold(c))
		switch {
		case d < bestD:
			best, bestD, ties = c, d, 1
		case d == bestD:
			ties++
		}
	}
	if ties != 1 {
		return ""
	}
	return best
}

// retext rebuilds the line's text and word offsets from its words.
func (l *pline) retext() {
	var b strings.Builder
	for i := range l.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		l.words[i].start = b.Len()
		b.WriteString(l.words[i].text)
	}
	l.text = b.String()
}

// trimName drops from the ends of s, a one-line name, the words that are
// not part of the name: print or pattern beside it read as words ("_",
// "rin,", "FIA" before "Sunita Reddy", a misread word of the name in
// another script). An end word goes when it holds no letter, when its
// letters are not in the script of most of the line's letters, when it
// stands farther from its neighbour than 1.5 line heights, when it holds
// a character a name does not (a comma, a bracket…), or when the words
// between are all capitalised (Sunita Reddy) and it is not. Only lines
// mostly in Latin letters, with no Hangul or Han, are trimmed. At least one word stays; the
// span's box and score are those of the words kept.
func (p *page) trimName(s span) span {
	l := &p.lines[s.line]
	var ws []pword
	for _, w := range l.words {
		if in := w.box.Intersect(s.box); !in.Empty() && 2*in.Dx() >= w.box.Dx() {
			ws = append(ws, w)
		}
	}
	if len(ws) < 2 {
		return s
	}
	counts := map[string]int{}
	for _, w := range ws {
		for _, r := range w.text {
			if unicode.IsLetter(r) {
				counts[script(r)]++
			}
		}
	}
	main := ""
	for sc, n := range counts {
		if main == "" || n > counts[main] || n == counts[main] && sc < main {
			main = sc
		}
	}
	if main != "latin" || counts["hangul"] > 0 || counts["han"] > 0 {
		return s // Korean names have their own reading (syllables, Hanja)
	}
	h := max(1, l.height)
	junk := func(i, next int, inner []pword) bool {
		w := ws[i]
		letters, other := 0, 0
		for _, r := range w.text {
			switch {
			case unicode.IsLetter(r):
				letters++
				if script(r) != main {
					other++
				}
			case r == '-' || r == '\'' || r == '.':
			default:
				return true // a comma, a bracket, a digit: not a name's
			}
		}
		if letters == 0 || 2*other > letters {
			return true
		}
		gap := ws[next].box.Min.X - w.box.Max.X
		if next < i {
			gap = w.box.Min.X - ws[next].box.Max.X
		}
		if 2*gap > 3*h {
			return true
		}
		return titled(inner) && !titled([]pword{w})
	}
	lo, hi := 0, len(ws)-1
	for lo < hi && junk(lo, lo+1, ws[lo+1:hi+1]) {
		lo++
	}
	for hi > lo && junk(hi, hi-1, ws[lo:hi]) {
		hi--
	}
	if lo == 0 && hi == len(ws)-1 {
		return s
	}
	kept := ws[lo : hi+1]
	var parts []string
	box := image.Rectangle{}
	sum, n := 0, 0
	for _, w := range kept {
		parts = append(parts, w.text)
		box = box.Union(w.box)
		sum += w.score * len([]rune(w.text))
		n += len([]rune(w.text))
	}
	s.text, s.box, s.score = strings.Join(parts, " "), box, sum/max(1, n)
	return s
}

// titled reports whether every word of ws is capitalised (an upper-case
// letter, then lower-case ones) and ws is not empty: a name printed in
// title case.
func titled(ws []pword) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		rs := []rune(strings.Trim(w.text, "-'."))
		if len(rs) == 0 || !unicode.IsUpper(rs[0]) {
			return false
		}
		for _, r := range rs[1:] {
			if unicode.IsLetter(r) && !unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}
