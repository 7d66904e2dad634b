package mrzscan

import (
	"context"
	"errors"
	"image"
	"math"
	"slices"
	"sort"
	"strings"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocrb"
)

// ErrNoMRZ is returned by Read when no machine readable zone could be read.
var ErrNoMRZ = errors.New("mrzscan: no MRZ found")

// maxSide bounds the image sides Read accepts.
const maxSide = 20000

var errNoLines = errors.New("mrzscan: no text lines in band")

// Options configures a Reader. A nil *Options means defaults.
type Options struct {
	// Classifier recognises character cells; nil means ocrb.Default().
	Classifier Classifier
	// MaxBands is the number of candidate regions examined; 0 means 6.
	MaxBands int
	// Now is the reference time for resolving two-digit years; zero means
	// time.Now().
	Now mrz.Options
}

// Reader finds and reads the MRZ in photos. It is safe for concurrent use.
type Reader struct {
	cls      Classifier
	maxBands int
	mopt     mrz.Options
	// deblur, when set, replaces deblurredCopy (tests only: deconvolving
	// by the generator's true blur gives the ceiling of a perfect
	// estimate).
	deblur func(gray gocv.Mat) (gocv.Mat, bool)
	// formats are the formats read (ReadFormats sets them on a copy of
	// the Reader); 0 means readFormats, Read's.
	formats formatSet
	// probing, set by Probe on a copy of the Reader, skips the second
	// search for bands.
	probing bool
}

// NewReader returns a Reader.
func NewReader(opts *Options) (*Reader, error) {
	r := &Reader{maxBands: 6}
	if opts != nil {
		r.cls = opts.Classifier
		if opts.MaxBands > 0 {
			r.maxBands = opts.MaxBands
		}
		r.mopt = opts.Now
	}
	if r.cls == nil {
		r.cls = ocrb.Default()
	}
	return r, nil
}

// Close releases the Reader's resources. It is safe to call twice.
func (r *Reader) Close() error { return nil }

// Result is one MRZ read from a photo.
type Result struct {
	Format    mrz.Format  `json:"format"`
	Lines     []string    `json:"lines"`
	CharProb  [][]float64 `json:"charProb"` // per line, per character: probability of the chosen character
	Score     int         `json:"score"`    // 0-100 confidence in the whole read
	Ambiguous bool        `json:"ambiguous"`
	Valid     bool        `json:"valid"` // every check digit passes

	// Rotate is the clockwise quarter-turn rotation (0, 90, 180, 270) that
	// brings the upload upright.
	Rotate int `json:"rotate"`

	// LineQuads holds each MRZ line's quad in upload pixels (corners
	// top-left, top-right, bottom-right, bottom-left as seen on the upright
	// document).
	LineQuads []geometry.Quad `json:"lineQuads"`

	// DocSize is the canonical 300-dpi document size for the format and
	// DocToImage maps canonical document pixels to upload pixels, estimated
	// from the MRZ and the ICAO MRZ placement.
	DocSize    image.Point         `json:"docSize"`
	DocToImage geometry.Homography `json:"docToImage"`

	// CharQuads holds per line and character the cell in canonical
	// document pixels; ImageCharQuads the same cells in upload pixels.
	CharQuads      [][]geometry.Quad `json:"charQuads"`
	ImageCharQuads [][]geometry.Quad `json:"imageCharQuads"`

	// MRZ is the parsed reading.
	MRZ *mrz.Result `json:"-"`

	// RunnerUp is the second most probable valid reading, if any.
	RunnerUp []string `json:"runnerUp,omitempty"`

	// Prob is the decoder's share of probability mass for the reading among
	// the valid readings considered; MinCharProb the classifier's lowest
	// probability for a character of the reading.
	Prob        float64 `json:"prob"`
	MinCharProb float64 `json:"minCharProb"`
}

// Read finds and reads the MRZ in img. It returns ErrNoMRZ when nothing
// decodes.
func (r *Reader) Read(ctx context.Context, img image.Image) (*Result, error) {
	a, err := r.read(ctx, img)
	if err != nil {
		return nil, err
	}
	return a.result(), nil
}

// ReadFormats is Read restricted to MRZs of the given formats: any of
// those Read reads (mrz.TD1, mrz.TD2, mrz.TD3, mrz.MRVA, mrz.MRVB,
// mrz.FrenchID) and the driving licences mrz.FrenchDL (one line of 30
// characters) and mrz.SwissDL (lines of 9, 30 and 30). No format means
// Read's. It returns ErrNoMRZ when nothing of those formats decodes, and an
// error for a format it does not know.
func (r *Reader) ReadFormats(ctx context.Context, img image.Image, formats ...mrz.Format) (*Result, error) {
	set, err := setOf(formats...)
	if err != nil {
		return nil, err
	}
	rr := *r
	rr.formats = set
	return rr.Read(ctx, img)
}

// read returns the best attempt.
func (r *Reader) read(ctx context.Context, img image.Image) (*attempt, error) {
	return onGray(ctx, img, r.readBlurred)
}

// readMat returns the best attempt on the full-resolution gray image.
func (r *Reader) readMat(ctx context.Context, gray gocv.Mat) (*attempt, error) {
	return r.readMatSeen(ctx, gray, nil)
}

// readMatSeen is readMat that also records every band it reads into seen
// (if not nil).
func (r *Reader) readMatSeen(ctx context.Context, gray gocv.Mat, seen *readings) (*attempt, error) {
	var best *attempt
	// The second search for bands runs only when the first found no
	// reading that passes its check digits.
	var prefer func(band) bool
	if r.formats.has(mrz.FrenchDL) || r.formats.has(mrz.SwissDL) {
		prefer = licenceBandLikely
	}
	var unsized []stripGroup
	for bd := range locateAllFirst(gray, r.maxBands, func() bool { return !r.probing && (best == nil || !best.valid) }, prefer) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s, err := makeStrip(gray, bd)
		if err != nil {
			continue
		}
		// The band may hold only part of a line (a blob broken by glare or
		// a gap): look along the lines further, lest a truncated line read
		// as a shorter format.
		s, ls := longStrip(gray, bd, s, s.lines())
		groups := lineGroups(ls)
		if len(groups) == 0 && bd.blobs >= 2 {
			// Stacked line pieces too short to be MRZ lines: the rest of
			// the lines may lie to either side (blobs broken by strong
			// perspective or faint fillers). Look three times as far,
			// towards one end and then the other.
			for _, sgn := range []float64{-1, 1} {
				long := bd
				long.c = bd.c.Add(bd.u.Mul(sgn * bd.length))
				long.length = 3 * bd.length
				if s2, err := makeStrip(gray, long); err == nil {
					if ls2 := s2.lines(); len(lineGroups(ls2)) > 0 {
						s, ls, groups = s2, ls2, lineGroups(ls2)
						break
					}
				}
			}
		}
		if g3 := missedThirdLine(s, ls, groups); g3 != nil {
			groups = append(g3, groups...)
		}
		if len(groups) > 4 {
			groups = groups[:4]
		}
		for _, g := range groups {
			ns := lengthsFor(s, g)
			if len(g) == 2 && !slices.Contains(ns, 36) && !slices.Contains(ns, 44) && len(unsized) < maxUnsized {
				unsized = append(unsized, stripGroup{s, g})
			}
			for _, n := range ns {
				best = r.readGroup(gray, s, g, n, seen, best)
				if best != nil && best.confident() {
					break
				}
			}
			if best != nil && best.confident() {
				break
			}
		}
		if r.formats.has(mrz.FrenchDL) || r.formats.has(mrz.SwissDL) {
			best = r.readLicences(bd, s, ls, gray, seen, best)
		}
		if best != nil && (best.confident() || best.licenceSettled()) {
			break
		}
	}
	if (best == nil || !best.valid) && !r.probing && ctx.Err() == nil {
		// Pairs of lines whose pitch estimate ruled out both two-line
		// lengths: blur along the lines can lock the estimate at 1.3 to 2
		// pitches (a French card's 36 characters counted as 18 or 27).
		// Nothing else decoded, so read them at both lengths.
		recorded := seen.count()
		before := best
		for _, sg := range unsized {
			for _, n := range []int{36, 44} {
				prev := best
				if best = r.readGroup(gray, sg.s, sg.g, n, seen, best); best != prev {
					best.lastResort = true
				}
			}
			if best != nil && best.valid {
				break
			}
		}
		seen.markLastResort(recorded)
		if best == nil || !best.valid {
			// The pairs decoded nothing valid: they change nothing (nor
			// what finish refines).
			best = before
		}
	}
	last := best != nil && best.lastResort
	best, err := r.finish(ctx, gray, best)
	if best != nil && last {
		best.lastResort = true
	}
	return best, err
}

// maxUnsized bounds the line pairs readMatSeen keeps for reading at both
// two-line lengths when nothing decodes.
const maxUnsized = 2

// stripGroup is a group of text lines of a strip.
type stripGroup struct {
	s *strip
	g []textLine
}

// readGroup reads the line group g of strip s cut into n cells per line,
// in both reading directions (the more legible first), and returns the
// better of its readings and best.
func (r *Reader) readGroup(gray gocv.Mat, s *strip, g []textLine, n int, seen *readings, best *attempt) *attempt {
	if r.formats != 0 && len(r.formatsFor(len(g), n)) == 0 {
		return best // no format asked for has this shape
	}
	rb, err := rectify(gray, s, g, n)
	if err != nil {
		return best
	}
	rb.seen = seen
	c0 := rb.segment()
	if rf := rb.refitted(gray, c0); rf != nil {
		// Perspective along the lines: read the band warped again on
		// its cells first (bandrefit.go), then, unless that gave a
		// valid reading, as it was.
		prev := best
		best = r.readBothWays(rf, rf.segment(), best)
		if best != nil && (best.confident() || best != prev && best.valid) {
			return best
		}
	}
	return r.readBothWays(rb, c0, best)
}

// readBothWays reads band rb, cut into cells, in both reading directions
// (the more legible first, the other unless the first reading is
// confident) and returns the better of its readings and best.
func (r *Reader) readBothWays(rb *rectBand, cells [][]image.Rectangle, best *attempt) *attempt {
	ori := []*rectBand{rb, rb.rotate180()}
	cuts := [][][]image.Rectangle{cells, ori[1].segment()}
	if r.probe(ori[1], cuts[1]) > r.probe(ori[0], cuts[0]) {
		ori[0], ori[1] = ori[1], ori[0]
		cuts[0], cuts[1] = cuts[1], cuts[0]
	}
	for i, b := range ori {
		a := r.readBand(b, cuts[i])
		if a != nil && (best == nil || preferred(a, best)) {
			best = a
		}
		if best != nil && best.confident() {
			break
		}
	}
	return best
}

// finish refines the best reading of the bands of gray (refine, then
// smooth grids for an unsure reading) and returns it, or ErrNoMRZ when
// there is none or it is too illegible to report.
func (r *Reader) finish(ctx context.Context, gray gocv.Mat, best *attempt) (*attempt, error) {
	best = r.refine(ctx, gray, best)
	if best == nil {
		return nil, ErrNoMRZ
	}
	if !best.confident() {
		// The cell boundaries follow the ink profile, which heavy blur
		// flattens: a line can lose or gain a cell in the middle. Read the
		// best band again on smooth grids.
		first := best
		grids := regularGrids(best.cells)
		if fs, _ := best.rb.foreshortened(best.cells); fs != nil && !sameCells(fs, best.cells) {
			// Perspective along the lines that the band's homography
			// missed (segment uses this grid only for a large change
			// of pitch).
			grids = append(grids, fs)
		}
		for _, alt := range grids {
			a := r.readBand(best.rb, alt)
			if a != nil && a.rank() > best.rank() {
				best = a
				// Two cuts of the band read differently: whichever
				// wins, the reading is a guess to review, never a
				// confident answer.
				best.disputed = !slices.Equal(a.lines, first.lines)
			}
			if best.confident() {
				break
			}
		}
	}
	// A valid reading whose name line breaks the name grammar at a weak
	// character: that line may be cut a cell off (namecut.go).
	best = r.recutName(ctx, best)
	// A three-line reading with an outer line cut a pitch off the others'
	// line-up (linealign.go).
	best = r.realign(ctx, best)
	// Letters after a name's padding that no re-cut removed: fillers
	// read as letters (namecut.go).
	best = r.fillNameTail(best)
	if sc, _ := score(best); !best.valid && sc < minInvalidScore {
		// An invalid reading this illegible is garbage (text that is not
		// an MRZ, or a band cut with the wrong line count or length):
		// report no MRZ rather than mislead the caller.
		return nil, ErrNoMRZ
	}
	if best.valid && illegible(best.meanLogP) {
		// So is a reading as illegible whose check digits the decoder
		// could only satisfy by choosing among unlikely characters.
		return nil, ErrNoMRZ
	}
	return best, nil
}

// maxCutScore caps the score of a reading whose lines seem to go on past
// its last cell (attempt.cut).
const maxCutScore = 50

// minInvalidScore is the lowest score at which Read returns a reading that
// fails its check digits; below it Read reports ErrNoMRZ.
const minInvalidScore = 10

// illegible reports whether characters of this mean log probability are
// too doubtful to be reported as an MRZ even when they pass their check
// digits: the level at which an invalid reading scores below
// minInvalidScore (a mean character probability below 1/3).
func illegible(meanLogP float64) bool {
	return 30*math.Exp(meanLogP) < minInvalidScore
}

// touchesEnds reports whether a text line of the strip runs into its left
// or right end. Lines less than half as long as the longest do not count:
// a short run of background print at the strip's end sent a whole, sharp
// TD1 off to a strip so long that, scaled down to fit (warpStrip's 3 000
// pixels), its lines merged and it read as "no MRZ".
func touchesEnds(s *strip, ls []textLine) bool {
	longest := 0.0
	for _, l := range ls {
		longest = math.Max(longest, l.xr-l.xl)
	}
	for _, l := range ls {
		if l.xr-l.xl >= minTouchShare*longest && (l.xl < 0.5*l.capH || l.xr > float64(s.w)-0.5*l.capH) {
			return true
		}
	}
	return false
}

// minTouchShare is the least share of the strip's longest line a line that
// runs into the strip's end must have for touchesEnds.
const minTouchShare = 0.5

// longStrip returns the strip of band bd and its lines, looked at twice
// as far to either side when its lines run into the strip's ends (s and ls
// unchanged otherwise, or when that strip cannot be made).
func longStrip(gray gocv.Mat, bd band, s *strip, ls []textLine) (*strip, []textLine) {
	if !touchesEnds(s, ls) {
		return s, ls
	}
	long := bd
	long.length *= 2.2
	s2, err := makeStrip(gray, long)
	if err != nil {
		return s, ls
	}
	return s2, s2.lines()
}

// missedThirdLine returns the three-line groups of strip s's lines measured
// as converging lines (convergingLines) when groups, the groups of the
// strip's lines ls as lines measured them, hold no three-line group but a
// pair of lines that may be a TD1's 30 characters long (lengthsFor), or a
// pair among three or more lines: a TD1 seen under strong perspective, one
// of whose lines was lost where it ran into its neighbour or tilted across
// the strip, or whose lines were split off each other unevenly (spacings
// too unequal for a group, pitch estimates thrown off). Otherwise, or when
// none forms, nil.
func missedThirdLine(s *strip, ls []textLine, groups [][]textLine) [][]textLine {
	pair := false
	for _, g := range groups {
		if len(g) == 3 {
			return nil
		}
		pair = pair || (len(g) == 2 && (len(ls) >= 3 || slices.Contains(lengthsFor(s, g), 30)))
	}
	if !pair {
		return nil
	}
	var out [][]textLine
	for _, g := range lineGroups(s.convergingLines()) {
		if len(g) == 3 {
			out = append(out, g)
		}
	}
	return out
}

// lengthsFor returns the plausible characters per line for a line group.
func lengthsFor(s *strip, g []textLine) []int {
	if len(g) == 3 {
		return []int{30}
	}
	// Estimate the count from the pitch.
	var est, maxEst float64
	for _, l := range g {
		if p := s.pitchEstimate(l); p > 0 {
			e := (l.xr-l.xl)/p + 0.3
			est += e
			maxEst = math.Max(maxEst, e)
		}
	}
	est /= float64(len(g))
	switch {
	case est > 41 && est < 47:
		return []int{44, 36}
	case est > 33 && est < 39:
		return []int{36, 44}
	}
	// Skip lengths the lines are far too short for (two lines of a TD1
	// whose third line was missed, or ordinary text): cut into 44 cells
	// they read as garbage that can outrank the right reading. The
	// autocorrelation can lock onto twice the pitch on one line, so a
	// length is kept when any line's estimate supports it.
	var out []int
	for _, n := range []int{44, 36, 30} {
		if maxEst <= 0 || maxEst >= 0.8*float64(n) {
			out = append(out, n)
		}
	}
	return out
}

// attempt is one reading of one rectified band.
type attempt struct {
	rb       *rectBand
	cells    [][]image.Rectangle
	format   mrz.Format
	lines    []string
	charProb [][]float64
	prob     float64 // decoder's share of probability for the chosen reading
	meanLogP float64 // mean log probability of the chosen characters
	minP     float64 // lowest classifier probability of a chosen character
	valid    bool
	runnerUp []string
	parsed   *mrz.Result
	// cut: a 36-character reading of lines that go on past the last
	// cell or before the first (maybe a 44-character MRZ cut short): two
	// formats fit.
	cut bool
	// disputed: read on a smooth grid, differently from the band's own
	// cell boundaries (see read).
	disputed bool
	// nameDoubt: a name letter the classifier read less than surely is
	// another letter to the glyph rendering (see nameDisputed).
	nameDoubt bool
	// lastResort: read on a line pair at a length its pitch estimate
	// ruled out, once nothing else decoded (readMatSeen); a valid
	// reading of the deconvolved copy's own search replaces it
	// (readBlurred).
	lastResort bool
	// cands are the candidates the reading was decoded from. resynth
	// replaces cells of a band's candidates in place only when it then
	// decodes them again (readBand), so a kept reading's cands are its own.
	cands [][][]mrz.Candidate
}

func (a *attempt) rank() float64 {
	v := a.meanLogP
	if a.valid {
		v += 10
	}
	if a.cut {
		v -= 5 // below any valid reading of whole lines
	}
	return v
}

// preferred reports whether reading a of one band is to be kept over b of
// another: by rank, except that of two valid readings of one format, the
// one with the higher score (its weakest character surer) wins.
func preferred(a, b *attempt) bool {
	if a.valid && b.valid && a.format == b.format {
		sa, _ := score(a)
		sb, _ := score(b)
		if sa != sb {
			return sa > sb
		}
	}
	return a.rank() > b.rank()
}

// confident reports whether the search for a better reading can stop: a
// valid reading of whole lines whose weakest character is also sure. A
// valid reading with a doubtful character does not stop it: another band
// (the same MRZ found at another pyramid level) often reads it better.
func (a *attempt) confident() bool {
	return a.valid && !a.cut && a.meanLogP > -0.3 && a.minP >= 0.8
}

// formatsFor lists the formats read (r.formats, or Read's) with the
// band's shape.
func (r *Reader) formatsFor(nLines, n int) []mrz.Format {
	fs := formatsOfShape(nLines, n)
	set := r.formats
	if set == 0 {
		set = readFormats
	}
	out := fs[:0:0]
	for _, f := range fs {
		if set.has(f) {
			out = append(out, f)
		}
	}
	return out
}

// formatsOfShape lists the formats of nLines lines of n characters.
func formatsOfShape(nLines, n int) []mrz.Format {
	switch {
	case nLines == 3 && n == 30:
		return []mrz.Format{mrz.TD1}
	case nLines == 2 && n == 44:
		return []mrz.Format{mrz.TD3, mrz.MRVA}
	case nLines == 2 && n == 36:
		return []mrz.Format{mrz.TD2, mrz.MRVB, mrz.FrenchID}
	case nLines == 1 && n == licenceLen:
		return []mrz.Format{mrz.FrenchDL}
	}
	return nil
}

// probe classifies a sample of the cells and returns their mean log
// probability: a cheap legibility test for choosing the reading direction.
func (r *Reader) probe(rb *rectBand, cells [][]image.Rectangle) float64 {
	var lp float64
	n := 0
	for _, row := range cells {
		for i := 1; i < len(row); i += 5 {
			if row[i].Empty() {
				continue
			}
			cs := r.cls.Classify(rb.gray.SubImage(row[i]).(*image.Gray))
			if len(cs) > 0 {
				lp += math.Log(math.Max(cs[0].P, 1e-6))
				n++
			}
		}
	}
	if n == 0 {
		return math.Inf(-1)
	}
	return lp / float64(n)
}

// classifyCells classifies every cell of a band; an empty cell (no ink
// found for it) is a sure filler.
func (r *Reader) classifyCells(g *image.Gray, cells [][]image.Rectangle) [][][]mrz.Candidate {
	cands := make([][][]mrz.Candidate, len(cells))
	for k, row := range cells {
		cands[k] = make([][]mrz.Candidate, len(row))
		for i, c := range row {
			if c.Empty() {
				cands[k][i] = []mrz.Candidate{{Char: '<', P: 1}}
				continue
			}
			cands[k][i] = r.classifyCell(g, c)
		}
	}
	return cands
}

// readBand segments and classifies a rectified band and decodes it.
func (r *Reader) readBand(rb *rectBand, cells [][]image.Rectangle) (best *attempt) {
	fs := r.bandFormats(rb)
	if len(fs) == 0 {
		return nil
	}
	cands := r.classifyCells(rb.gray, cells)
	defer func() { rb.seen.add(rb, best) }()
	// Lines that go on past the last of 36 cells may be a 44-character
	// MRZ cut short, which reads as a valid 36-character one.
	cut := rb.nLines == 2 && rb.n == 36 && rb.continues(cells)
	best = r.decodeBand(rb, cells, cands, fs, cut)
	if best != nil && best.valid {
		if sc, amb := score(best); !amb {
			// The classifier alone reads it surely, but no check digit
			// vouches for a name letter: one it read less than surely in
			// a reading that would be accepted must also be the glyph
			// rendering's choice. A score under acceptScore does not
			// flag a reading by itself (the root package asks for review
			// by field scores, under fields.ReviewScore), so in a
			// heavily blurred band the name letters are checked whatever
			// the score.
			disputed, rendered := nameDisputed(rb, cells, cands, best, sc >= acceptScore)
			if !disputed {
				return best
			}
			best.nameDoubt = true
			if rendered != nil {
				// The rendering reads a name letter otherwise: decode
				// its candidates; a valid reading replaces the
				// classifier's, doubted as well.
				if a := r.decodeBand(rb, cells, rendered, fs, cut); a != nil && a.valid {
					doubtRerendered(a, cands)
					a.nameDoubt = true
					return a
				}
			}
			return best
		}
	}
	// Blurred glyphs: re-score the doubtful cells by rendering them
	// (glyph_resynth.go) and decode again. Only readings that are not
	// already valid and sure pay for it, and only they can change.
	orig := make([][][]mrz.Candidate, len(cands)) // resynth replaces cells, never edits them
	for k, row := range cands {
		orig[k] = append([][]mrz.Candidate(nil), row...)
	}
	if resynth(rb, cells, cands, &rb.blur) {
		best = r.decodeBand(rb, cells, cands, fs, cut)
		if best != nil {
			doubtRerendered(best, orig)
		}
	}
	return best
}

// doubtRerendered keeps the confidence of a reading made after the glyph
// rendering re-scored some cells (orig: the classifier's candidates) at
// what the classifier alone gave its characters: the rendering may recover
// a right reading, it may not vouch for it. A character it chose against
// the classifier's first choice scores below an even chance, so the
// reading is flagged (ambiguous, low score) instead of accepted (on a fresh
// seed, uncapped, it made 2 confident wrong readings in 300 hard photos).
func doubtRerendered(a *attempt, orig [][][]mrz.Candidate) {
	for k, l := range a.lines {
		if k >= len(orig) || k >= len(a.charProb) {
			break
		}
		for i := 0; i < len(l) && i < len(orig[k]) && i < len(a.charProb[k]); i++ {
			cs := orig[k][i]
			if len(cs) == 0 {
				continue
			}
			p := classP(cs, l[i])
			if l[i] != cs[0].Char {
				p = math.Min(p, maxRerenderedP)
			}
			if p < a.charProb[k][i] {
				a.charProb[k][i] = p
				a.minP = math.Min(a.minP, p)
			}
		}
	}
}

// acceptScore is the score from which a valid reading is taken without
// review (the root package's review_front bound, fields.ReviewScore).
const acceptScore = 80

// nameSureP is the classifier probability from which a name letter of a
// valid reading is taken without asking the glyph rendering.
const nameSureP = 0.95

// nameDisputed reports whether the glyph rendering (glyph_resynth.go)
// re-scores a name letter of reading a that the classifier gave less than
// nameSureP as another letter (or the filler), and then also returns the
// re-scored candidates, for the caller to decode; or whether the band is
// heavily blurred and such a letter is weaker still with a rival letter
// (nameBlurP, nameRivalP), or a Z or X with its blur twin among the
// classifier's candidates (blurTwins). With all false (a reading scored
// under acceptScore) only a heavily blurred band is looked at. cands are
// the classifier's candidates for cells of band rb; they are not changed.
// A band whose blur cannot be fitted disputes nothing.
func nameDisputed(rb *rectBand, cells [][]image.Rectangle, cands [][][]mrz.Candidate, a *attempt, all bool) (bool, [][][]mrz.Candidate) {
	var weak []pos
	for k, row := range a.charProb {
		for i, p := range row {
			if p < nameSureP && mrz.InName(a.format, k, i) && k < len(cands) && i < len(cands[k]) && k < len(a.lines) && i < len(a.lines[k]) {
				weak = append(weak, pos{k, i})
			}
		}
	}
	if len(weak) == 0 {
		return false, nil
	}
	if !all {
		// Only a heavily blurred band is looked at: fit its blur before
		// paying for the rendering.
		fitBand(rb, cells, cands, &rb.blur)
		if !rb.blur.heavy() {
			return false, nil
		}
	}
	cp := make([][][]mrz.Candidate, len(cands)) // resynth replaces cells, never edits them
	for k, row := range cands {
		cp[k] = append([][]mrz.Candidate(nil), row...)
	}
	changed := resynth(rb, cells, cp, &rb.blur)
	heavy := rb.blur.heavy()
	if changed {
		for _, p := range weak {
			if nameChoice(cp[p.k][p.i]) != a.lines[p.k][p.i] {
				return true, cp
			}
		}
	}
	for _, p := range weak {
		k, i := p.k, p.i
		if heavy && a.charProb[k][i] < nameBlurP && rivalLetter(cands[k][i], a.lines[k][i]) >= nameRivalP {
			return true, nil
		}
		if heavy && blurTwin(cands[k][i], a.lines[k][i]) >= blurTwinP {
			return true, nil
		}
	}
	return false, nil
}

// nameBlurP and nameRivalP: a name letter of a heavily blurred band
// (glyphKernel.heavy) that the classifier gives less than nameBlurP, while
// it gives another letter (or the filler) at least nameRivalP, is doubted
// even when the glyph rendering agrees with it: there the rendering tells
// letters of like outline (H and N) apart no better than the classifier.
// A digit as the rival does not count: no name holds one.
const (
	nameBlurP  = 0.9
	nameRivalP = 0.12
)

// blurTwins are letters heavy blur makes alike, one way: blurred by a
// motion of 8-12 px at the 20 px pitch, an OCR-B I renders within
// 0.006-0.015 of a Z's correlation with the cell (N of an X), and the
// classifier then reads Z (X), at up to 0.94. Over seven hard tuning seeds
// (1 050 documents) I was read as Z 14 times and Z as I never; N as X 7
// times, X as N once. Which one a name holds, the image cannot tell.
var blurTwins = map[byte]byte{'Z': 'I', 'X': 'N'}

// blurTwinP is the probability of its twin from which a name letter of a
// heavily blurred band read as Z or X (under nameSureP) is doubted.
const blurTwinP = 0.02

// blurTwin returns the probability among cs of the letter that c, read in
// a heavily blurred band, may be a blurred copy of (blurTwins), or 0.
func blurTwin(cs []mrz.Candidate, c byte) float64 {
	t, ok := blurTwins[c]
	if !ok {
		return 0
	}
	return classP(cs, t)
}

// rivalLetter returns the highest probability among cs of a letter or the
// filler other than c.
func rivalLetter(cs []mrz.Candidate, c byte) float64 {
	best := 0.0
	for _, x := range cs {
		if x.Char != c && (x.Char == '<' || x.Char >= 'A' && x.Char <= 'Z') {
			best = math.Max(best, x.P)
		}
	}
	return best
}

// nameChoice returns the most probable letter or filler among cs, or 0.
func nameChoice(cs []mrz.Candidate) byte {
	var c byte
	best := -1.0
	for _, x := range cs {
		if (x.Char == '<' || x.Char >= 'A' && x.Char <= 'Z') && x.P > best {
			c, best = x.Char, x.P
		}
	}
	return c
}

// maxRerenderedP is the highest probability a character the glyph
// rendering chose against the classifier keeps (score's ambiguity bound is
// 0.5).
const maxRerenderedP = 0.49

// decodeBand decodes the classified cells of band rb in each format of fs
// and returns the best attempt, or nil.
func (r *Reader) decodeBand(rb *rectBand, cells [][]image.Rectangle, cands [][][]mrz.Candidate, fs []mrz.Format, cut bool) *attempt {
	var best *attempt
	for _, f := range fs {
		if f == mrz.FrenchDL || f == mrz.SwissDL {
			if a := r.decodeLicence(rb, cells, cands, f); a != nil && (best == nil || a.rank() > best.rank()) {
				best = a
			}
			continue
		}
		a := &attempt{rb: rb, cells: cells, format: f, cut: cut, cands: cands}
		if d, err := mrz.Decode(f, docCodeCands(f, cands)); err == nil && d != nil && len(d.Lines) == len(cells) {
			a.lines, a.charProb, a.prob, a.runnerUp = d.Lines, d.CharProb, d.Prob, d.RunnerUp
			a.parsed = d.Result
			a.valid = d.Result == nil || d.Result.Valid
			// The document code was decoded among the letters the format
			// allows, which the decoder's per-position normalisation
			// hides: its confidence is the classifier's own probability.
			for i := 0; i < docCodeLen(f) && len(a.charProb) > 0 && i < len(a.charProb[0]); i++ {
				a.charProb[0][i] = math.Min(a.charProb[0][i], classP(cands[0][i], a.lines[0][i]))
			}
		} else {
			// No valid reading: keep the most probable characters.
			a.lines = make([]string, len(cands))
			a.charProb = make([][]float64, len(cands))
			for k, row := range cands {
				var sb strings.Builder
				a.charProb[k] = make([]float64, len(row))
				for i, cs := range row {
					if len(cs) == 0 {
						sb.WriteByte('<')
						continue
					}
					sb.WriteByte(cs[0].Char)
					a.charProb[k][i] = cs[0].P
				}
				a.lines[k] = sb.String()
			}
			if p, err := mrz.Parse(a.lines, &r.mopt); err == nil {
				a.parsed = p
				a.valid = p.Valid && p.Format == f && len(p.Corrections) == 0
			}
		}
		if !a.valid && !docCodeFits(f, a.lines) {
			// A reading that fails its check digits must at least start
			// like the format (fewer spurious reads of non-MRZ text).
			continue
		}
		a.meanLogP, a.minP = charStats(a.lines, cands)
		if a.prob > 0 {
			// The decoder's per-character probabilities are normalised over
			// the characters the position allows (a '0' read in a name
			// counts for 'O'): prefer them for the weakest character.
			a.minP = 1
			for _, row := range a.charProb {
				for _, p := range row {
					a.minP = math.Min(a.minP, p)
				}
			}
		}
		if best == nil || a.rank() > best.rank() {
			best = a
		}
	}
	return best
}

// result converts the attempt into the public Result with its geometry.
func (a *attempt) result() *Result {
	rb := a.rb
	res := &Result{
		Format:   a.format,
		Lines:    a.lines,
		CharProb: a.charProb,
		Valid:    a.valid,
		MRZ:      a.parsed,
		RunnerUp: a.runnerUp,
	}
	res.Prob, res.MinCharProb = a.prob, a.minP
	res.Score, res.Ambiguous = score(a)
	// Line and cell quads in upload pixels.
	for _, row := range a.cells {
		var iq []geometry.Quad
		for _, c := range row {
			iq = append(iq, rb.toImage.ApplyQuad(geometry.RectQuad(c)))
		}
		res.ImageCharQuads = append(res.ImageCharQuads, iq)
		if len(row) > 0 {
			f, l := row[0], row[len(row)-1]
			q := geometry.Quad{
				geometry.Pt(float64(f.Min.X), float64(f.Min.Y)), geometry.Pt(float64(l.Max.X), float64(l.Min.Y)),
				geometry.Pt(float64(l.Max.X), float64(l.Max.Y)), geometry.Pt(float64(f.Min.X), float64(f.Max.Y)),
			}
			res.LineQuads = append(res.LineQuads, rb.toImage.ApplyQuad(q))
		}
	}
	// Reading direction in the upload gives the rotation.
	if len(res.LineQuads) > 0 {
		q := res.LineQuads[0]
		d := q[1].Sub(q[0])
		deg := math.Atan2(d.Y, d.X) * 180 / math.Pi // document's clockwise rotation
		quarter := int(math.Round(deg/90)) * 90
		res.Rotate = ((-quarter)%360 + 360) % 360
	}
	// Document geometry from the ICAO MRZ placement.
	if g, ok := geoms[a.format]; ok && len(a.cells) == len(g.centres) {
		res.DocSize = g.size()
		// The end cells of the band's own boundaries place the document:
		// a foreshortened re-cut moves the end cells within their line,
		// and four points on two close lines cannot tell that apart from
		// a shift of the page (the visual zone then lands off its text).
		gc := a.cells
		if sameShape(rb.uniform, a.cells) {
			gc = rb.uniform
		}
		k0, kL := 0, len(gc)-1
		n0, nL := len(gc[k0]), len(gc[kL])
		// down: a point below the cell centres of a single line, by a
		// pitch (the rectified band's scale is the same across the line
		// as along it).
		down := 0.0
		if k0 == kL {
			down = 1
		}
		centre := func(c image.Rectangle, d float64) geometry.Point {
			return rb.toImage.Apply(geometry.Pt(float64(c.Min.X+c.Max.X)/2, float64(c.Min.Y+c.Max.Y)/2+d*rectPitch))
		}
		docCentre := func(k, i int, d float64) geometry.Point {
			x, y := g.cellCentre(k, float64(i))
			return geometry.Pt(x, y+d*g.pitch*dpmm)
		}
		// A short first line (the Swiss licence's) ends too soon to
		// place the document: its right end is the next line's.
		kR := k0
		if n0 < nL && k0+1 < kL {
			kR, n0 = k0+1, len(gc[k0+1])
		}
		var dq, iq geometry.Quad
		dq[0], dq[1] = docCentre(k0, 0, 0), docCentre(kR, n0-1, 0)
		dq[2], dq[3] = docCentre(kL, nL-1, down), docCentre(kL, 0, down)
		iq[0], iq[1] = centre(gc[k0][0], 0), centre(gc[kR][n0-1], 0)
		iq[2], iq[3] = centre(gc[kL][nL-1], down), centre(gc[kL][0], down)
		if h, err := geometry.FromQuads(dq, iq); err == nil {
			res.DocToImage = h
			if inv, err := h.Inverse(); err == nil {
				for _, row := range res.ImageCharQuads {
					var dr []geometry.Quad
					for _, q := range row {
						dr = append(dr, inv.ApplyQuad(q))
					}
					res.CharQuads = append(res.CharQuads, dr)
				}
			}
		}
	}
	return res
}

// score maps the decoder's confidence to 0-100 and flags ambiguous reads.
//
// Check digits protect only some fields: a name letter misread with
// confidence still yields a valid MRZ. The score therefore follows the
// weakest character (the lowest per-character probability)
// as well as the decoder's share of probability among valid readings. On
// 300 synthetic photo and hard documents no wrong reading scored 80 or more
// (docs/mrzscan.md).
func score(a *attempt) (int, bool) {
	if !a.valid {
		return int(math.Min(30, 30*math.Exp(a.meanLogP))), true
	}
	prob := a.prob
	if prob == 0 {
		prob = 1 // no decoder share: a valid argmax reading
	}
	s := prob * math.Max(a.minP, 0)
	amb := prob < 0.9
	if a.format == mrz.SwissDL {
		// No check digit: prob is the chance that every character is
		// right (decodeLicence), the reading sure only when the score is.
		amb = int(math.Round(100*s)) < acceptScore
	}
	if a.cut || a.disputed || a.nameDoubt {
		// Two formats fit (the lines may go on), two cuts of the band
		// read differently, or the classifier and the glyph rendering
		// read a name letter differently: at most an even chance.
		s = math.Min(s, maxCutScore/100.0)
	}
	return int(math.Round(100 * s)), amb || a.minP < 0.5 || a.cut || a.disputed || a.nameDoubt
}

// charStats returns the mean log probability the classifier gave the
// characters of lines (a character outside a position's candidates counts as
// 1e-4) and the lowest such probability.
func charStats(lines []string, cands [][][]mrz.Candidate) (meanLogP, minP float64) {
	var lp float64
	minP = 1
	n := 0
	for k, l := range lines {
		if k >= len(cands) {
			break
		}
		for i := 0; i < len(l) && i < len(cands[k]); i++ {
			p := 1e-4
			for _, c := range cands[k][i] {
				if c.Char == l[i] {
					p = math.Max(c.P, 1e-4)
					break
				}
			}
			lp += math.Log(p)
			minP = math.Min(minP, p)
			n++
		}
	}
	if n == 0 {
		return math.Inf(-1), 0
	}
	return lp / float64(n), minP
}

// docCodeFits reports whether the first document-code letter suits the
// format: P for passports (TD3), V for visas; 2-line 36-character
// documents other than visas start with I, A or C.
func docCodeFits(f mrz.Format, lines []string) bool {
	if len(lines) == 0 || len(lines[0]) == 0 {
		return false
	}
	c := lines[0][0]
	switch f {
	case mrz.TD3:
		return c == 'P'
	case mrz.MRVA, mrz.MRVB:
		return c == 'V'
	case mrz.TD2, mrz.TD1:
		return c == 'I' || c == 'A' || c == 'C'
	case mrz.FrenchID:
		return strings.HasPrefix(lines[0], "ID")
	}
	return true
}

// docCodeLetters lists, per position of the document code, the letters a
// format allows there (nil: no constraint).
func docCodeLetters(f mrz.Format) []string {
	switch f {
	case mrz.TD3:
		return []string{"P"}
	case mrz.MRVA, mrz.MRVB:
		return []string{"V"}
	case mrz.TD2, mrz.TD1:
		return []string{"IAC"}
	case mrz.FrenchID:
		return []string{"I", "D"}
	}
	return nil
}

func docCodeLen(f mrz.Format) int { return len(docCodeLetters(f)) }

// docCodeCands returns cands with the document-code positions restricted to
// the letters the format allows, so that a misread first character (top-1
// wrong, the right letter lower in the list or absent) does not rule the
// format out: the position is decoded among the allowed letters, an allowed
// letter the classifier did not list getting a small probability. cands is
// not modified.
func docCodeCands(f mrz.Format, cands [][][]mrz.Candidate) [][][]mrz.Candidate {
	letters := docCodeLetters(f)
	if len(letters) == 0 || len(cands) == 0 || len(cands[0]) < len(letters) {
		return cands
	}
	out := make([][][]mrz.Candidate, len(cands))
	copy(out, cands)
	row := make([][]mrz.Candidate, len(cands[0]))
	copy(row, cands[0])
	for i, allowed := range letters {
		var cs []mrz.Candidate
		for j := 0; j < len(allowed); j++ {
			p := classP(row[i], allowed[j])
			cs = append(cs, mrz.Candidate{Char: allowed[j], P: math.Max(p, 1e-3)})
		}
		row[i] = cs
	}
	out[0] = row
	return out
}

// classP returns the probability cs gives c (0 when not listed).
func classP(cs []mrz.Candidate, c byte) float64 {
	for _, x := range cs {
		if x.Char == c {
			return x.P
		}
	}
	return 0
}

// cellShifts are the horizontal offsets, in rectified pixels (a pitch is
// 20), at which every cell is classified; the probabilities are averaged.
// A glyph read the same way when the cell moves by a tenth of a pitch is
// read with more right to confidence than one whose reading flips.
var cellShifts = []int{-2, 0, 2}

// doubtCells are the extra views of a cell whose reading at the
// cellShifts stays doubtful (best probability below doubtP): moved up and
// down by a tenth of a pitch, and cut about a tenth smaller and larger
// (rectified pixels; a cell is 20 wide and 32 tall). Blurred glyphs whose reading
// depends on the exact cut are read from the average of all views.
var doubtCells = []struct{ dx, dy, ex, ey int }{
	{0, -2, 0, 0}, {0, 2, 0, 0}, {0, 0, -1, -2}, {0, 0, 1, 2},
}

// doubtP is the averaged best probability below which classifyCell looks
// at the doubtCells views as well.
const doubtP = 0.9

// classifyCell classifies cell c of the band at the cellShifts (and, when
// the reading stays doubtful, at the doubtCells views) and returns the
// averaged candidates, best first (at most 5).
func (r *Reader) classifyCell(g *image.Gray, c image.Rectangle) []mrz.Candidate {
	var sum [256]float64
	var seen []byte
	n := 0
	add := func(cc image.Rectangle) {
		cc = cc.Intersect(g.Rect)
		if cc.Dx() < c.Dx()*3/4 || cc.Dy() < c.Dy()/2 {
			return
		}
		n++
		for _, cd := range r.cls.Classify(g.SubImage(cc).(*image.Gray)) {
			if sum[cd.Char] == 0 {
				seen = append(seen, cd.Char)
			}
			sum[cd.Char] += cd.P
		}
	}
	for _, dx := range cellShifts {
		add(c.Add(image.Pt(dx, 0)))
	}
	if n == 0 {
		return r.cls.Classify(g.SubImage(c).(*image.Gray))
	}
	top := 0.0
	for _, ch := range seen {
		top = math.Max(top, sum[ch])
	}
	if top < doubtP*float64(n) {
		for _, v := range doubtCells {
			cc := c.Add(image.Pt(v.dx, v.dy))
			cc.Min.X, cc.Max.X = cc.Min.X-v.ex, cc.Max.X+v.ex
			cc.Min.Y, cc.Max.Y = cc.Min.Y-v.ey, cc.Max.Y+v.ey
			add(cc)
		}
	}
	out := make([]mrz.Candidate, 0, len(seen))
	for _, ch := range seen {
		out = append(out, mrz.Candidate{Char: ch, P: sum[ch] / float64(n)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].P > out[j].P })
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

// regularGrids returns alternative cuts of the lines: every line's cells
// on a smooth grid that best fits the given cell boundaries (least squares;
// boundary i at a + b·i + c·i², the quadratic term for the pitch change
// that perspective the band's homography missed leaves), then on the
// nominal grid of the rectified band (cell i at rectMargin + i·pitch, where
// the line's end points were mapped). Each cell keeps its vertical centre.
// MRZ printing is fixed-pitch, so a smooth grid is right wherever the
// boundaries found in a blurred ink profile drifted locally.
func regularGrids(cells [][]image.Rectangle) [][][]image.Rectangle {
	fit := make([][]image.Rectangle, len(cells))
	nom := make([][]image.Rectangle, len(cells))
	for k, row := range cells {
		n := len(row)
		if n < 4 {
			return nil
		}
		xs := make([]float64, n+1)
		for i, c := range row {
			xs[i] = float64(c.Min.X)
		}
		xs[n] = float64(row[n-1].Max.X)
		a, b, c, ok := fitQuadratic(xs)
		// The pitch must stay within ±30 % of the nominal along the line.
		if !ok || b < 0.7*rectPitch || b > 1.3*rectPitch || math.Abs(b+2*c*float64(n)-rectPitch) > 0.3*rectPitch {
			return nil
		}
		fit[k] = make([]image.Rectangle, n)
		for i, cl := range row {
			fi := float64(i)
			x0 := a + b*fi + c*fi*fi
			x1 := a + b*(fi+1) + c*(fi+1)*(fi+1)
			fit[k][i] = gridCell(cl, x0, x1)
		}
		nom[k] = make([]image.Rectangle, n)
		for i, cl := range row {
			nom[k][i] = gridCell(cl, rectMargin+float64(i)*rectPitch, rectMargin+float64(i+1)*rectPitch)
		}
	}
	return [][][]image.Rectangle{fit, nom}
}

// sameCells reports whether two cuts of a band are identical.
func sameCells(a, b [][]image.Rectangle) bool {
	return slices.EqualFunc(a, b, func(x, y []image.Rectangle) bool { return slices.Equal(x, y) })
}

// fitQuadratic fits y_i = a + b·i + c·i² to ys by least squares.
func fitQuadratic(ys []float64) (a, b, c float64, ok bool) {
	// Normal equations with i centred on the middle for conditioning.
	m := float64(len(ys)-1) / 2
	var s0, s1, s2, s3, s4, t0, t1, t2 float64
	for i, y := range ys {
		u := float64(i) - m
		s0++
		s1 += u
		s2 += u * u
		s3 += u * u * u
		s4 += u * u * u * u
		t0 += y
		t1 += u * y
		t2 += u * u * y
	}
	// Solve [s0 s1 s2; s1 s2 s3; s2 s3 s4] [A B C] = [t0 t1 t2] (Cramer).
	det := s0*(s2*s4-s3*s3) - s1*(s1*s4-s3*s2) + s2*(s1*s3-s2*s2)
	if math.Abs(det) < 1e-9 {
		return 0, 0, 0, false
	}
	A := (t0*(s2*s4-s3*s3) - s1*(t1*s4-s3*t2) + s2*(t1*s3-s2*t2)) / det
	B := (s0*(t1*s4-s3*t2) - t0*(s1*s4-s3*s2) + s2*(s1*t2-t1*s2)) / det
	C := (s0*(s2*t2-t1*s3) - s1*(s1*t2-t1*s2) + t0*(s1*s3-s2*s2)) / det
	// Back from u = i − m: y = A + B(i−m) + C(i−m)².
	return A - B*m + C*m*m, B - 2*C*m, C, true
}

// gridCell is the cell from x0 to x1, 1.6 pitches tall around the vertical
// centre of old.
func gridCell(old image.Rectangle, x0, x1 float64) image.Rectangle {
	yc := float64(old.Min.Y+old.Max.Y) / 2
	h := 0.8 * (x1 - x0)
	return image.Rect(int(math.Round(x0)), int(math.Round(yc-h)), int(math.Round(x1)), int(math.Round(yc+h)))
}

// sameShape reports whether a and b have the same number of rows and the
// same number of cells in each.
func sameShape(a, b [][]image.Rectangle) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
	}
	return true
}
