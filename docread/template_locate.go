package docread

import (
	"image"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/ocr"
)

// A page is the text of a whole document read once, line by line, with
// boxes in canonical (template) pixels.
type page struct {
	lines []pline
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
		// A line opening with a caption word is a caption, not a value.
		if l := &p.lines[i]; len(l.words) > 0 {
			if fw := foldCaption(l.words[0].text); len([]rune(fw)) >= 3 && p.capWords[fw] {
				l.isCap = true
			}
		}
	}
	take := func(f doctype.Field, s span) {
		if f.Lines > 1 {
			s = p.extend(s, f.Lines)
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
