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
	norm string // upper case, letters and digits only, diacritics folded
	box  image.Rectangle
	line int // index of the OCR line it came from
	lh   int // the line's text height (Line.Height)
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
	return out
}

func zoneWords(t ocr.Text) []zword {
	var ws []zword
	for i, l := range t.Lines {
		for _, w := range l.Words {
			for _, part := range strings.Split(w.Value, "/") {
				if n := normWord(part); n != "" {
					ws = append(ws, zword{norm: n, box: w.Box, line: i, lh: max(1, l.Height)})
				}
			}
		}
	}
	return ws
}

// tokenMatch allows one edit in tokens of five letters or more.
func tokenMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 5 || len(b) < 5 {
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
	h      int // caption text height: the median height of its words
}

// findCaption returns the best match of any of the phrases in ws. A phrase
// matches consecutive words of one line token by token (one edit allowed in
// long tokens), or, as OCR often reads the EN/FR separator '/' as I or L
// and glues the captions together ("SEXISEXE"), as a substring of the
// line's letters that starts and ends at a word boundary or next to such a
// glued I, L or 1.
func findCaption(ws []zword, phrases []string) (captionMatch, bool) {
	var all []captionMatch
	consider := func(m captionMatch) { all = append(all, m) }
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
			for k, tk := range toks {
				w := ws[i+k]
				if w.line != ws[i].line || !tokenMatch(w.norm, tk) {
					continue start
				}
				m.box = m.box.Union(w.box)
				m.words = append(m.words, i+k)
			}
			consider(m)
		}
		// Substring of a line's glued letters.
		phrase := strings.Join(toks, "")
		if len(phrase) < 3 {
			continue
		}
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
				okA := starts[a] || glue(text[a-1])
				okE := starts[e] || glue(text[e])
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
	// The other language versions of the caption, beside it or on the
	// next caption line ("Date of issue/" over "Date de délivrance"),
	// belong to it.
	for grown := true; grown; {
		grown = false
		for _, m := range all {
			near := m.box.Min.Y < best.box.Max.Y+best.h && m.box.Max.Y > best.box.Min.Y-best.h &&
				m.box.Min.X < best.box.Max.X+3*best.h && m.box.Max.X > best.box.Min.X-3*best.h
			if near && !m.box.In(best.box) {
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
	afterSlash := first > 0 && ws[first-1].line == line && ws[first-1].box == ws[first].box
	for grown := afterSlash; grown; {
		grown = false
		for i, w := range ws {
			if w.line != line || w.box.Max.X > best.box.Min.X || best.box.Min.X-w.box.Max.X > gap {
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
	for _, f := range tmpl.Fields {
		if len(f.Captions) == 0 {
			continue
		}
		if m, ok := findCaption(ws, f.Captions); ok {
			caps[f.Key] = m
			mark(m)
		}
	}
	var stops []captionMatch
	for _, p := range stopCaptions {
		if m, ok := findCaption(ws, []string{p}); ok {
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
	out := map[string]valueLoc{}
	for key, c := range caps {
		hC := c.h
		if hC <= 0 {
			continue
		}
		// The column ends where the next caption on the same row begins.
		right := tmpl.Zone.Max.X
		others := append([]captionMatch(nil), stops...)
		for k2, o := range caps {
			if k2 != key {
				others = append(others, o)
			}
		}
		for _, o := range others {
			sameRow := o.box.Min.Y < c.box.Max.Y && o.box.Max.Y > c.box.Min.Y
			if sameRow && o.box.Min.X > c.box.Max.X && o.box.Min.X < right {
				right = o.box.Min.X
			}
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
			if b.Max.X <= left || b.Min.X >= right {
				continue
			}
			if float64(w.lh) < 1.3*float64(hC) && len(w.norm) > 1 {
				continue // caption-sized text (a second caption line)
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
