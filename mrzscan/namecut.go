package mrzscan

import (
	"context"
	"image"
	"math"

	"github.com/idrecog/idrecog/mrz"
)

// A name line carries no check digit: cut a cell off (its faint first
// letter lost, or its right end a pitch too far, so that every cell from
// some point on reads the next glyph), it still decodes as a valid MRZ.
// Only the name grammar betrays it: a name field never starts with a
// filler, and once three fillers have padded it no letter follows. The
// functions here re-cut such a line alone, on the band's own warp, keeping
// the other lines' cells (moving the band's ends re-warps and re-segments
// every line, which read the other lines worse).

// nameSpan is the columns [start, end) of a name field on one line.
type nameSpan struct{ line, start, end int }

// nameSpans lists the name fields of format f on lines of n characters.
func nameSpans(f mrz.Format, nLines, n int) []nameSpan {
	var out []nameSpan
	for k := 0; k < nLines; k++ {
		start := -1
		for i := 0; i <= n; i++ {
			in := i < n && mrz.InName(f, k, i)
			switch {
			case in && start < 0:
				start = i
			case !in && start >= 0:
				out = append(out, nameSpan{k, start, i})
				start = -1
			}
		}
	}
	return out
}

// nameBreak returns the position in name field s (the characters of one
// name field) where the name grammar breaks as a cut line breaks it, and
// the side the line's cells must move to: -1 when a letter follows three
// or more fillers (the text ends before the cells do: the line was cut a
// cell late, or its right end a pitch too far), +1 when the field starts
// with a filler (the cells start before the text). It returns -1, 0 when
// the field fits the grammar. A field of fillers only is not a break.
func nameBreak(s string) (pos, side int) {
	if len(s) == 0 {
		return -1, 0
	}
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '<' {
			run++
			continue
		}
		if run >= 3 && run < i {
			return i, -1 // a letter after the padding of a name
		}
		run = 0
	}
	if s[0] == '<' && run < len(s) {
		return 0, +1
	}
	return -1, 0
}

// nameFits reports whether every name field of reading lines (format f)
// fits the name grammar as nameBreak sees it.
func nameFits(f mrz.Format, lines []string) bool {
	if len(lines) == 0 {
		return false
	}
	for _, sp := range nameSpans(f, len(lines), len(lines[0])) {
		if sp.line >= len(lines) || sp.end > len(lines[sp.line]) {
			return false
		}
		if _, side := nameBreak(lines[sp.line][sp.start:sp.end]); side != 0 {
			return false
		}
	}
	return true
}

// nameCutMaxP is the highest probability at which the character that
// breaks the name grammar betrays a cut line: a letter after the padding
// read surely is printed there (another document's text, a truncated
// name), not the next line's glyph or the card beyond the text.
const nameCutMaxP = 0.5

// nameCutLine returns the line of valid reading a whose name field breaks
// the name grammar at a weak character, and the side its cells must move
// to (see nameBreak); ok is false when there is none.
func nameCutLine(a *attempt) (k, side int, ok bool) {
	if a == nil || !a.valid || a.cut || a.rb == nil || len(a.lines) == 0 {
		return 0, 0, false
	}
	for _, sp := range nameSpans(a.format, len(a.lines), len(a.lines[0])) {
		if sp.line >= len(a.lines) || sp.end > len(a.lines[sp.line]) || sp.line >= len(a.charProb) || sp.end > len(a.charProb[sp.line]) {
			continue
		}
		pos, sd := nameBreak(a.lines[sp.line][sp.start:sp.end])
		if sd == 0 {
			continue
		}
		if a.charProb[sp.line][sp.start+pos] < nameCutMaxP {
			return sp.line, sd, true
		}
	}
	return 0, 0, false
}

// lineMove is a re-cut of one line: its left and right ends moved by dl
// and dr pitches.
type lineMove struct{ dl, dr float64 }

// lineMoves lists the re-cuts tried for a line whose cells must move to
// side (see nameBreak): the whole line shifted by a cell, its far end
// moved in (the cells re-spaced), its near end moved out.
func lineMoves(side int) []lineMove {
	d := float64(side)
	return []lineMove{{d, d}, {0, d}, {d, 0}}
}

// recutGain is how much higher (in nats) the decoder's log probability of
// a reading with a re-cut line must be to replace the reading it came from
// (a factor e² ≈ 7.4), and recutRankLoss how much lower its rank may be.
const (
	recutGain     = 2.0
	recutRankLoss = 0.05
)

// logProb is the sum of the log probabilities the decoder gave the
// characters of reading a (each at least 1e-4).
func logProb(a *attempt) float64 {
	var s float64
	for _, row := range a.charProb {
		for _, p := range row {
			s += math.Log(math.Max(p, 1e-4))
		}
	}
	return s
}

// recutName re-reads a valid reading whose name line breaks the name
// grammar at a weak character (nameCutLine) with that line alone re-cut
// by a pitch (lineMoves), and returns the best re-read that is valid in
// the same format, fits the name grammar and ranks higher by recutMargin;
// best itself otherwise. A reading it changed is disputed: chosen among
// cuts a pitch apart, it is a guess to review.
func (r *Reader) recutName(ctx context.Context, best *attempt) *attempt {
	k, side, ok := nameCutLine(best)
	if !ok || k >= len(best.cells) {
		return best
	}
	rb := best.rb
	prof := rb.lineProfile(best.cells[k])
	if prof == nil {
		return best
	}
	out, gain := best, 0.0
	for _, m := range lineMoves(side) {
		if ctx.Err() != nil {
			break
		}
		row := recutRow(best.cells[k], prof, m, rb.gray.Rect)
		if row == nil {
			continue
		}
		cells := make([][]image.Rectangle, len(best.cells))
		copy(cells, best.cells)
		cells[k] = row
		a := r.readBand(rb, cells)
		if a == nil || !a.valid || a.cut || a.format != best.format || !nameFits(a.format, a.lines) {
			continue
		}
		// Only line k was cut anew: the decoder's log probability of the
		// whole reading must rise by recutGain, and the classifier's mean
		// (the rank) must not clearly fall.
		if g := logProb(a) - logProb(best); g >= recutGain && g > gain && a.rank() > best.rank()-recutRankLoss {
			out, gain = a, g
		}
	}
	if out != best {
		out.disputed = true
	}
	return out
}

// lineProfile is the column ink profile (normalised to its peak) of the
// line of band rb that row's cells cut, over 0.9 pitch around their mean
// vertical centre; nil when there is no ink.
func (rb *rectBand) lineProfile(row []image.Rectangle) []float64 {
	if len(row) == 0 {
		return nil
	}
	var yc float64
	for _, c := range row {
		yc += float64(c.Min.Y+c.Max.Y) / 2
	}
	yc /= float64(len(row))
	prof := rb.rowInk(yc)
	mx := 0.0
	for _, v := range prof {
		mx = math.Max(mx, v)
	}
	if mx == 0 {
		return nil
	}
	for x := range prof {
		prof[x] /= mx
	}
	return prof
}

// recutRow re-cuts the cells of one line with its ends moved by m (in
// pitches of the line's own mean pitch): the cell boundaries placed again
// by cellBounds' dynamic programming on the line's ink profile prof, from
// the moved first end at the pitch that spans the moved ends. Each cell
// keeps the vertical extent of the old cell nearest its centre. It returns
// nil when the line is too short or the new pitch is off the nominal by
// more than 30 %; cells are clipped to bounds.
func recutRow(row []image.Rectangle, prof []float64, m lineMove, bounds image.Rectangle) []image.Rectangle {
	n := len(row)
	if n < 4 {
		return nil
	}
	x0, x1 := float64(row[0].Min.X), float64(row[n-1].Max.X)
	p := (x1 - x0) / float64(n)
	if m.dl == m.dr && math.Abs(m.dl) == 1 {
		// The whole line a cell earlier or later: the cells keep their
		// boundaries, one cell a pitch beyond the line's end is added.
		out := make([]image.Rectangle, n)
		if m.dl < 0 {
			out[0] = row[0].Sub(image.Pt(row[0].Dx(), 0))
			copy(out[1:], row[:n-1])
		} else {
			copy(out, row[1:])
			out[n-1] = row[n-1].Add(image.Pt(row[n-1].Dx(), 0))
		}
		for i, c := range out {
			if out[i] = c.Intersect(bounds); out[i].Empty() {
				return nil
			}
		}
		return out
	}
	a, b := x0+m.dl*p, x1+m.dr*p
	np := (b - a) / float64(n)
	if !(np >= 0.7*rectPitch && np <= 1.3*rectPitch) { // NaN too
		return nil
	}
	xs := cellBoundsFrom(prof, n, a, np)
	out := make([]image.Rectangle, n)
	for i := 0; i < n; i++ {
		cx := (xs[i] + xs[i+1]) / 2
		j := min(n-1, max(0, int((cx-x0)/p)))
		old := row[j]
		out[i] = image.Rect(int(math.Round(xs[i])), old.Min.Y, int(math.Round(xs[i+1])), old.Max.Y).Intersect(bounds)
		if out[i].Empty() {
			return nil
		}
	}
	return out
}

// fillNameTail re-decodes a valid reading with letters after the padding
// of a name field (a letter after three or more fillers, which no name
// holds: nameBreak) that a re-cut of its line (recutName) did not remove,
// with every cell from that padding to the field's end taken for a filler.
// Such letters are what the band shows past the name (background print,
// the card's corner, a blurred filler the rendering matched with a letter),
// and the decoder's name prior (mrz's pAfterFill) yields to them when the
// candidates list no filler. The re-decoded reading, valid in the same
// format, replaces best, disputed; each filled cell keeps the probability
// the candidates gave the filler.
func (r *Reader) fillNameTail(best *attempt) *attempt {
	if best == nil || !best.valid || best.rb == nil || len(best.lines) == 0 || len(best.cands) != len(best.lines) {
		return best
	}
	var cands [][][]mrz.Candidate
	var filled []pos
	for _, sp := range nameSpans(best.format, len(best.lines), len(best.lines[0])) {
		if sp.line >= len(best.lines) || sp.end > len(best.lines[sp.line]) || sp.end > len(best.cands[sp.line]) {
			continue
		}
		s := best.lines[sp.line][sp.start:sp.end]
		at, side := nameBreak(s)
		if side >= 0 {
			continue
		}
		if cands == nil {
			cands = make([][][]mrz.Candidate, len(best.cands))
			for k, row := range best.cands {
				cands[k] = append([][]mrz.Candidate(nil), row...)
			}
		}
		for at > 0 && s[at-1] == '<' {
			at--
		}
		for i := sp.start + at; i < sp.end; i++ {
			cands[sp.line][i] = []mrz.Candidate{{Char: '<', P: 1}}
			filled = append(filled, pos{sp.line, i})
		}
	}
	if cands == nil {
		return best
	}
	a := r.decodeBand(best.rb, best.cells, cands, []mrz.Format{best.format}, best.cut)
	if a == nil || !a.valid || a.format != best.format || len(a.charProb) != len(best.cands) {
		return best
	}
	for _, p := range filled {
		if p.i < len(a.charProb[p.k]) {
			q := classP(best.cands[p.k][p.i], '<')
			a.charProb[p.k][p.i] = q
			a.minP = math.Min(a.minP, q)
		}
	}
	a.meanLogP, _ = charStats(a.lines, best.cands)
	a.cands = best.cands
	a.disputed = true
	return a
}
