package viz

import (
	"image"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/ocr"
)

// Caption search (spec hint: "search captions inside the zone bands rather
// than fixed boxes"): the template's Zone is read once; each field's
// caption is found among the words, and the value is the first line of
// larger text below it, within the caption's column.

type zword struct {
	norm  string // upper case, letters and digits only, diacritics folded
	box   image.Rectangle
	line  int  // the row of text it is on (OCR lines side by side at one height form a row)
	lh    int  // its OCR line's text height (Line.Height)
	slash bool // a '/' stands right before it ("Date of issue/Date de délivrance")
}

// normWord folds a word for caption matching: upper case, diacritics
// folded, letters and digits only.
func normWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case unicode.IsLetter(r):
			v, _ := doctype.Normalize("code", string(r), time.Time{})
			b.WriteString(v)
		}
	}
	return b.String()
}

// phraseTokens splits a caption into folded tokens of two letters or more.
func phraseTokens(p string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(p, func(r rune) bool { return r == ' ' || r == '/' || r == '.' || r == ',' }) {
		if t := normWord(f); len([]rune(t)) >= 2 {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		// A caption of one letter ("à :" before a French place of birth).
		if t := normWord(p); len(t) == 1 {
			out = append(out, t)
		}
	}
	return out
}

// zoneWords lists the words of t row by row, left to right. The line
// finder may cut a row of captions into several lines ("Nom" and
// "Prénoms/Surname" a little apart): lines side by side at about the same
// height and size are one row, so that a caption runs across them.
func zoneWords(t ocr.Text) []zword {
	var ws []zword
	for r, row := range textRows(t.Lines) {
		slash := false
		for _, i := range row {
			l := t.Lines[i]
			for _, w := range l.Words {
				for k, part := range strings.Split(w.Value, "/") {
					if k > 0 {
						slash = true
					}
					if n := normWord(part); n != "" {
						ws = append(ws, zword{norm: n, box: w.Box, line: r, lh: max(1, l.Height), slash: slash})
						slash = false
					}
				}
			}
		}
	}
	return ws
}

// textRows groups lines into rows: lines that overlap vertically by half
// the smaller one's height, with text heights within a factor 1.5, are in
// one row, ordered left to right. Rows are ordered top to bottom.
func textRows(ls []ocr.Line) [][]int {
	order := make([]int, len(ls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ls[order[a]].Box.Min.Y < ls[order[b]].Box.Min.Y })
	var rows [][]int
	var boxes []image.Rectangle
	var heights []int
	for _, i := range order {
		l := ls[i]
		placed := false
		for r := range rows {
			b := boxes[r]
			ov := min(b.Max.Y, l.Box.Max.Y) - max(b.Min.Y, l.Box.Min.Y)
			h1, h2 := max(1, heights[r]), max(1, l.Height)
			if 2*ov >= min(b.Dy(), l.Box.Dy()) && 2*max(h1, h2) <= 3*min(h1, h2) {
				rows[r] = append(rows[r], i)
				boxes[r] = b.Union(l.Box)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, []int{i})
			boxes = append(boxes, l.Box)
			heights = append(heights, l.Height)
		}
	}
	for _, row := range rows {
		sort.SliceStable(row, func(a, b int) bool { return ls[row[a]].Box.Min.X < ls[row[b]].Box.Min.X })
	}
	return rows
}

// tokenMatch allows one edit in tokens of five letters or more (one of
// four letters may have lost one: BITH for BIRTH).
func tokenMatch(a, b string) bool {
	if a == b {
		return true
	}
	// rn read as m (SUMAME for SURNAME) is one error.
	a, b = strings.ReplaceAll(a, "RN", "M"), strings.ReplaceAll(b, "RN", "M")
	if a == b {
		return true
	}
	if min(len(a), len(b)) < 4 || max(len(a), len(b)) < 5 {
		return false
	}
	return editDistanceAtMost1(a, b)
}

func editDistanceAtMost1(a, b string) bool {
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
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// captionMatch is one caption found: the words' union box and the length
// in letters of the phrase matched (longer phrases win).
type captionMatch struct {
	box    image.Rectangle
	tokens int
	words  []int
	core   []int // words of the phrase matched, before the caption grew
	h      int   // caption text height: the median height of its words
}

// findCaption returns the best match of any of the phrases in ws. A phrase
// matches consecutive words of one line token by token (one edit allowed in
// long tokens), or, as OCR often reads the EN/FR separator '/' as I or L
// and glues the captions together ("SEXISEXE"), as a substring of the
// line's letters that starts and ends at a word boundary or next to such a
// glued I, L or 1. The caption grows over its other language versions and
// a misread first language, but never over a word blocked marks (another
// field's caption: columns of captions merged into one line); blocked may
// be nil.
func findCaption(ws []zword, phrases []string, blocked []bool) (captionMatch, bool) {
	isBlocked := func(i int) bool { return blocked != nil && blocked[i] }
	var all []captionMatch
	consider := func(m captionMatch) {
		if !anyBlocked(m.words, isBlocked) {
			all = append(all, m)
		}
	}
	// Lines as runs of consecutive words.
	type span struct{ from, to int }
	var lines []span
	for i := range ws {
		if i == 0 || ws[i].line != ws[i-1].line {
			lines = append(lines, span{i, i + 1})
		} else {
			lines[len(lines)-1].to = i + 1
		}
	}
	// The phrases' glued forms: a caption's other language glued to it
	// without its separator ("VALID FROMVALIDE A PARTIR DU") bounds it.
	var forms []string
	for _, p := range phrases {
		for _, f := range []string{strings.Join(phraseTokens(p), ""), normWord(p)} {
			if len(f) >= 3 {
				forms = append(forms, f)
			}
		}
	}
	gluedBefore := func(text string, a int) bool {
		for _, f := range forms {
			if strings.HasSuffix(text[:a], f) {
				return true
			}
		}
		return false
	}
	gluedAfter := func(text string, e int) bool {
		for _, f := range forms {
			if strings.HasPrefix(text[e:], f) {
				return true
			}
		}
		return false
	}
	for _, p := range phrases {
		toks := phraseTokens(p)
		if len(toks) == 0 {
			continue
		}
		plen := len(strings.Join(toks, ""))
	start:
		for i := range ws {
			if i+len(toks) > len(ws) {
				break
			}
			m := captionMatch{tokens: plen}
			j := i
			for _, tk := range toks {
				// A one-letter word the tokens leave out ("Valide à
				// partir du") may stand between two tokens.
				for j > i && j < len(ws) && len(ws[j].norm) == 1 && ws[j].line == ws[i].line && !tokenMatch(ws[j].norm, tk) {
					j++
				}
				if j >= len(ws) {
					continue start
				}
				w := ws[j]
				if w.line != ws[i].line || !tokenMatch(w.norm, tk) {
					continue start
				}
				m.box = m.box.Union(w.box)
				m.words = append(m.words, j)
				j++
			}
			consider(m)
		}
		// Substring of a line's glued letters, also with the phrase's
		// one-letter words.
		phrase := strings.Join(toks, "")
		if len(phrase) < 3 {
			continue
		}
		phrases := []string{phrase}
		if full := normWord(p); full != phrase {
			phrases = append(phrases, full)
		}
		for _, phrase := range phrases {
			for _, ln := range lines {
				var b strings.Builder
				var owner []int // word index per byte
				starts := map[int]bool{}
				for i := ln.from; i < ln.to; i++ {
					starts[b.Len()] = true
					b.WriteString(ws[i].norm)
					for range ws[i].norm {
						owner = append(owner, i)
					}
				}
				starts[b.Len()] = true
				text := b.String()
				for off := 0; off+len(phrase) <= len(text); {
					j := strings.Index(text[off:], phrase)
					if j < 0 {
						break
					}
					a, e := off+j, off+j+len(phrase)
					off = a + 1
					glue := func(c byte) bool { return c == 'I' || c == 'L' || c == '1' }
					okA := starts[a] || glue(text[a-1]) || gluedBefore(text, a)
					okE := starts[e] || glue(text[e]) || gluedAfter(text, e)
					if !okA || !okE {
						continue
					}
					m := captionMatch{tokens: len(phrase)}
					for k := a; k < e; k++ {
						if len(m.words) == 0 || m.words[len(m.words)-1] != owner[k] {
							m.words = append(m.words, owner[k])
							m.box = m.box.Union(ws[owner[k]].box)
						}
					}
					consider(m)
				}
			}
		}
	}
	if len(all) == 0 {
		return captionMatch{}, false
	}
	best := all[0]
	for _, m := range all[1:] {
		if m.tokens > best.tokens || (m.tokens == best.tokens && less(m.box, best.box)) {
			best = m
		}
	}
	var hs []int
	for _, i := range best.words {
		hs = append(hs, ws[i].lh)
	}
	sort.Ints(hs)
	best.h = hs[len(hs)/2]
	best.core = append([]int(nil), best.words...)
	// The other language versions of the caption, beside it or on the
	// next caption line ("Date of issue/" over "Date de délivrance"),
	// belong to it.
	for grown := true; grown; {
		grown = false
		for _, m := range all {
			near := m.box.Min.Y < best.box.Max.Y+best.h && m.box.Max.Y > best.box.Min.Y-best.h &&
				m.box.Min.X < best.box.Max.X+3*best.h && m.box.Max.X > best.box.Min.X-3*best.h
			if near && !m.box.In(best.box) && !anyBlocked(m.words, isBlocked) {
				best.box = best.box.Union(m.box)
				best.words = append(best.words, m.words...)
				grown = true
			}
		}
	}
	// The caption's first language may be misread and match no phrase
	// ("echa de expedicién/Date of issue"): when the match starts after a
	// slash inside an OCR word, the words running into it from the left on
	// its line, a word gap apart, belong to it, so that its column starts
	// where the caption does.
	first := best.words[0]
	for _, i := range best.words {
		if ws[i].box.Min.X < ws[first].box.Min.X {
			first = i
		}
	}
	line := ws[first].line
	gap := max(6, best.h*4/5)
	// The slash may stand before a one-letter word ("Passport No. / N° de
	// pasaporte").
	afterSlash := ws[first].slash || first > 0 && ws[first-1].line == line && len(ws[first-1].norm) == 1 && ws[first-1].slash

	// The first step crosses the slash (" / " leaves a wider gap).
	step := max(gap, 3*best.h)
	for grown := afterSlash; grown; step = gap {
		grown = false
		for i, w := range ws {
			if w.line != line || w.box.Max.X > best.box.Min.X || best.box.Min.X-w.box.Max.X > step || isBlocked(i) {
				continue
			}
			if w.box.Min.Y >= best.box.Max.Y || w.box.Max.Y <= best.box.Min.Y {
				continue
			}
			best.box = best.box.Union(w.box)
			best.words = append(best.words, i)
			grown = true
		}
	}
	return best, true
}

// inlineValue locates the value printed on caption c's line, right after
// it ("Nom : BERTHIER"), up to right (the next caption on the line): the
// words of value size whose middle is within a caption height of the
// caption's, left to right, up to a gap of three value heights.
func inlineValue(ws []zword, isCaption []bool, c captionMatch, right int) valueLoc {
	hC := c.h
	mid := (c.box.Min.Y + c.box.Max.Y) / 2
	var cands []zword
	for i, w := range ws {
		if isCaption[i] {
			continue
		}
		b := w.box
		if m := (b.Min.Y + b.Max.Y) / 2; m < mid-hC || m > mid+hC {
			continue
		}
		if b.Min.X < c.box.Max.X-hC/2 || b.Min.X >= right {
			continue
		}
		if float64(w.lh) < 1.3*float64(hC) || w.lh > 4*hC {
			continue // caption-sized ("N° :") or a picture
		}
		cands = append(cands, w)
	}
	loc := valueLoc{below: image.Rect(c.box.Max.X, c.box.Min.Y-hC, right, c.box.Max.Y+hC)}
	if len(cands) == 0 {
		return loc
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].box.Min.X < cands[j].box.Min.X })
	loc.box = cands[0].box
	for _, w := range cands[1:] {
		if w.box.Min.X-loc.box.Max.X > 3*w.lh {
			break
		}
		loc.box = loc.box.Union(w.box)
	}
	loc.below = image.Rect(c.box.Max.X, loc.box.Min.Y, right, loc.box.Max.Y)
	return loc
}

// anyBlocked reports whether one of the words is blocked.
func anyBlocked(words []int, blocked func(int) bool) bool {
	for _, i := range words {
		if blocked(i) {
			return true
		}
	}
	return false
}

// less orders boxes top to bottom, then left to right.
func less(a, b image.Rectangle) bool {
	if a.Min.Y/8 != b.Min.Y/8 {
		return a.Min.Y < b.Min.Y
	}
	return a.Min.X < b.Min.X
}

// stopCaptions bound columns without being fields of their own: a value's
// column ends where one of these starts on the caption's row.
var stopCaptions = []string{"Signature", "Holder's signature", "Signature du titulaire", "Firma", "Firma del titular", "Type", "Tipo", "Country code", "Code du pays", "Código del país"}

// valueLoc is where a field's value was found in the zone (canonical px):
// box is the value's words when found, else empty; below is the area under
// the caption where the value should be; right is the column's right edge.
type valueLoc struct {
	box   image.Rectangle
	below image.Rectangle
}

// locateValues finds, for each field with captions, its value below its
// caption. Fields whose caption is not found are absent from the result.
func locateValues(t ocr.Text, tmpl *doctype.Template) map[string]valueLoc {
	ws := zoneWords(t)
	caps := map[string]captionMatch{}
	isCaption := make([]bool, len(ws))
	mark := func(m captionMatch) {
		for _, i := range m.words {
			isCaption[i] = true
		}
	}
	// Two passes: the phrases each caption matched (its core) block the
	// other captions' growth, so that captions printed in columns and
	// read as one line do not swallow each other.
	// Where two fields' captions match the same words ("Nombre" in
	// "Nombre d'entrées"), the longer phrase keeps them and the other
	// field looks elsewhere.
	type first struct {
		f doctype.Field
		m captionMatch
	}
	var firsts []first
	for _, f := range tmpl.Fields {
		if len(f.Captions) == 0 {
			continue
		}
		if m, ok := findCaption(ws, f.Captions, nil); ok {
			firsts = append(firsts, first{f, m})
		}
	}
	sort.SliceStable(firsts, func(i, j int) bool { return firsts[i].m.tokens > firsts[j].m.tokens })
	core := map[string][]int{}
	taken := make([]bool, len(ws))
	for _, c := range firsts {
		m := c.m
		if anyBlocked(m.core, func(i int) bool { return taken[i] }) {
			var ok bool
			if m, ok = findCaption(ws, c.f.Captions, taken); !ok {
				continue
			}
		}
		core[c.f.Key] = m.core
		for _, i := range m.core {
			taken[i] = true
		}
	}
	var stopCore []int
	for _, p := range stopCaptions {
		if m, ok := findCaption(ws, []string{p}, nil); ok {
			stopCore = append(stopCore, m.core...)
		}
	}
	blockedBut := func(key string) []bool {
		b := make([]bool, len(ws))
		for k, c := range core {
			if k == key {
				continue
			}
			for _, i := range c {
				b[i] = true
			}
		}
		for _, i := range stopCore {
			b[i] = true
		}
		if own, ok := core[key]; ok {
			for _, i := range own {
				b[i] = false
			}
		}
		return b
	}
	for _, f := range tmpl.Fields {
		if len(f.Captions) == 0 {
			continue
		}
		if _, ok := core[f.Key]; !ok {
			continue
		}
		if m, ok := findCaption(ws, f.Captions, blockedBut(f.Key)); ok {
			caps[f.Key] = m
			mark(m)
		}
	}
	var stops []captionMatch
	for _, p := range stopCaptions {
		if m, ok := findCaption(ws, []string{p}, blockedBut("")); ok {
			stops = append(stops, m)
			mark(m)
		}
	}
	// Words of a caption's language variants ("Surname/ Nom") are captions
	// too: mark caption-sized words that match any caption token.
	vocab := map[string]bool{}
	for _, f := range tmpl.Fields {
		for _, c := range f.Captions {
			for _, tk := range phraseTokens(c) {
				vocab[tk] = true
			}
		}
	}
	var hs []int
	for _, m := range caps {
		hs = append(hs, m.h)
	}
	sort.Ints(hs)
	if len(hs) > 0 {
		hMed := float64(hs[len(hs)/2])
		for i, w := range ws {
			if vocab[w.norm] && float64(w.lh) < 1.15*hMed {
				isCaption[i] = true
			}
		}
	}
	inline := map[string]bool{}
	for _, f := range tmpl.Fields {
		inline[f.Key] = f.Inline
	}
	out := map[string]valueLoc{}
	for key, c := range caps {
		hC := c.h
		if hC <= 0 {
			continue
		}
		others := append([]captionMatch(nil), stops...)
		for k2, o := range caps {
			if k2 != key {
				others = append(others, o)
			}
		}
		// The column ends where the next caption on the same row begins.
		right := tmpl.Zone.Max.X
		for _, o := range others {
			sameRow := o.box.Min.Y < c.box.Max.Y && o.box.Max.Y > c.box.Min.Y
			if sameRow && o.box.Min.X > c.box.Max.X && o.box.Min.X < right {
				right = o.box.Min.X
			}
		}
		if inline[key] {
			out[key] = inlineValue(ws, isCaption, c, right)
			continue
		}
		left := c.box.Min.X - hC
		// The value lies above the next caption down the column.
		bottom := c.box.Max.Y + 3*hC
		for _, o := range others {
			if o.box.Min.Y > c.box.Max.Y-hC/2 && o.box.Min.Y < bottom && o.box.Max.X > left && o.box.Min.X < right {
				bottom = o.box.Min.Y
			}
		}
		loc := valueLoc{below: image.Rect(left, c.box.Max.Y, right, bottom)}
		// The caption's word box height (median), to compare with value
		// word boxes.
		var bh []int
		for _, i := range c.core {
			bh = append(bh, ws[i].box.Dy())
		}
		sort.Ints(bh)
		capBox := 0
		if len(bh) > 0 {
			capBox = bh[len(bh)/2]
		}
		// Candidate value words: below the caption's middle, within about
		// three caption heights, in the column, not captions, taller than
		// caption text but not a signature or a picture.
		var cands []zword
		for i, w := range ws {
			if isCaption[i] {
				continue
			}
			b := w.box
			if b.Min.Y < c.box.Max.Y-hC/2 || b.Min.Y >= bottom {
				continue
			}
			if cx := (b.Min.X + b.Max.X) / 2; cx < left || cx >= right {
				continue // another column's (values side by side read as one line)
			}
			if float64(w.lh) < 1.3*float64(hC) && len(w.norm) > 1 && (capBox == 0 || float64(w.box.Dy()) < 1.3*float64(capBox)) {
				// Caption-sized text (a second caption line). A value
				// read in one line with smaller text (the previous
				// column's place name and this column's date) has the
				// line's lower height but keeps its own word boxes.
				continue
			}
			if w.lh > 4*hC {
				continue
			}
			cands = append(cands, w)
		}
		if len(cands) > 0 {
			sort.Slice(cands, func(i, j int) bool { return cands[i].box.Min.Y < cands[j].box.Min.Y })
			// The first line: words overlapping the topmost candidate.
			top := cands[0].box
			for _, w := range cands {
				if w.box.Min.Y < top.Max.Y && w.box.Max.Y > top.Min.Y {
					loc.box = loc.box.Union(w.box)
				}
			}
			// The sparse read may stop early in a word: read the value's
			// line to the column's end.
			loc.below = image.Rect(left, loc.box.Min.Y, right, loc.box.Max.Y)
		}
		out[key] = loc
	}
	return out
}
