package mrzscan

import (
	"context"
	"fmt"
	"image"
	"math"

	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
)

// ResynthStats counts, over doubtful cells (see glyph_resynth.go), how many
// each reading gets right. For TestResynthDiag of package mrzscan_test.
type ResynthStats struct {
	Fitted, Doubtful, Classifier, Top5, Rendering int
	Betas                                         []float64
	Combined                                      []int
	Log                                           []string
}

// ResynthDiag reads img and, when the band was cut with the layout of want,
// adds to st how the doubtful cells are read by the classifier, by the
// rendering alone (best of all 37 classes) and by their combination at
// each of st.Betas.
func ResynthDiag(r *Reader, img image.Image, want []string, st *ResynthStats, verbose bool) {
	if st.Combined == nil {
		st.Combined = make([]int, len(st.Betas))
	}
	_, cands, sb, refs, why := diagBand(r, img, want)
	if why != "" {
		return
	}
	kern, fit := fitKernel(sb, refs)
	if fit < resynthMinFit {
		return
	}
	st.Fitted++
	for k, row := range cands {
		for i, cs := range row {
			if len(cs) == 0 || cs[0].P >= resynthDoubt || i >= len(want[k]) {
				continue
			}
			truth := want[k][i]
			st.Doubtful++
			if cs[0].Char == truth {
				st.Classifier++
			}
			for _, c := range cs {
				if c.Char == truth {
					st.Top5++
				}
			}
			var sc [ocrb.NumClasses]float64
			bi := 0
			for j := range sc {
				sc[j], _ = sb.score(k, i, ocrb.Alphabet[j], kern, image.Point{}, glyphShift)
				if sc[j] > sc[bi] {
					bi = j
				}
			}
			if ocrb.Alphabet[bi] == truth {
				st.Rendering++
			}
			for bj, beta := range st.Betas {
				best, bv := byte(0), math.Inf(-1)
				for _, c := range cs {
					if v := math.Log(math.Max(c.P, 1e-6)) + beta*sc[classIndex(c.Char)]; v > bv {
						best, bv = c.Char, v
					}
				}
				if best == truth {
					st.Combined[bj]++
				}
			}
			if verbose {
				st.Log = append(st.Log, fmt.Sprintf("%d:%d truth %c cls %c %.2f syn %c %.3f (truth %.3f) kern %+v", k, i, truth, cs[0].Char, cs[0].P, ocrb.Alphabet[bi], sc[bi], sc[classIndex(truth)], kern))
			}
		}
	}
}

// GlyphCellDiag reads img and, when the chosen band has the layout of want,
// describes every cell the classifier or the final reading gets wrong: the
// classifier's candidates and the rendering's correlation for each of
// them and for the truth, under the band's fitted blur.
func GlyphCellDiag(r *Reader, img image.Image, want []string) []string {
	a, cands, sb, refs, why := diagBand(r, img, want)
	if why != "" {
		return []string{why}
	}
	kern, fit := fitKernel(sb, refs)
	out := []string{fmt.Sprintf("kernel %+v fit %.3f heavy %v, got %q", kern, fit, kern.heavy(), a.lines)}
	re := make([][][]mrz.Candidate, len(cands))
	for k, row := range cands {
		re[k] = append([][]mrz.Candidate(nil), row...)
	}
	var memo blurMemo
	resynth(a.rb, a.cells, re, &memo)
	out = append(out, fmt.Sprintf("resynth kernel %+v fit %.3f", memo.k, memo.fit))
	for k, row := range cands {
		for i, cs := range row {
			if len(cs) == 0 || i >= len(want[k]) {
				continue
			}
			truth := want[k][i]
			got := byte(0)
			if k < len(a.lines) && i < len(a.lines[k]) {
				got = a.lines[k][i]
			}
			if cs[0].Char == truth && got == truth {
				continue
			}
			s := fmt.Sprintf("%d:%d truth %c got %c:", k, i, truth, got)
			for _, c := range cs {
				sc, d := sb.score(k, i, c.Char, kern, image.Point{}, glyphShift)
				s += fmt.Sprintf(" %c %.3f/%.3f%v", c.Char, c.P, sc, d)
			}
			sc, _ := sb.score(k, i, truth, kern, image.Point{}, glyphShift)
			s += fmt.Sprintf(" | truth %.3f | resynth", sc)
			for _, c := range re[k][i] {
				s += fmt.Sprintf(" %c %.3f", c.Char, c.P)
			}
			out = append(out, s)
		}
	}
	return out
}

// diagBand reads img and, when its band has the layout of want, returns the
// reading, the classifier's candidates, the glyph band and the cells
// resynth fits the blur on; else the reason it cannot.
func diagBand(r *Reader, img image.Image, want []string) (*attempt, [][][]mrz.Candidate, *glyphBand, []pos, string) {
	a, err := r.read(context.Background(), img)
	if err != nil || a.rb == nil {
		return nil, nil, nil, nil, fmt.Sprint("no reading: ", err)
	}
	if len(a.cells) != len(want) || len(a.cells[0]) != len(want[0]) {
		return nil, nil, nil, nil, "band with another layout"
	}
	cands := r.classifyCells(a.rb.gray, a.cells)
	_, sure := splitCells(a.cells, cands)
	refs := glyphRefs(cands, sure)
	if len(refs) < 4 {
		return nil, nil, nil, nil, "too few references"
	}
	sb := &glyphBand{g: a.rb.gray, cells: a.cells, cands: cands, atlas: ocrb.Glyphs()}
	return a, cands, sb, refs, ""
}
