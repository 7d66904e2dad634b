package mrzscan_test

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/synth"
)

// missKind classifies a wrong reading against the truth: "band" when the
// line count or length differs (the band was not found or cut with the wrong
// shape), "drift" when some line holds a run of at least three wrong
// characters that are the truth moved by one cell (cells slipped by a pitch
// inside the line), "glyph" otherwise (single characters misread).
func missKind(got, want []string) string {
	if len(got) != len(want) {
		return "band"
	}
	for k := range got {
		if len(got[k]) != len(want[k]) {
			return "band"
		}
	}
	for k := range got {
		g, w := got[k], want[k]
		for _, s := range []int{-1, 1} {
			run := 0
			for i := range g {
				j := i + s
				if j >= 0 && j < len(w) && g[i] != w[i] && g[i] == w[j] {
					run++
					if run >= 3 {
						return "drift"
					}
				} else if g[i] != w[i] || w[i] != '<' {
					// Fillers match either way; anything else ends the run.
					run = 0
				}
			}
		}
	}
	return "glyph"
}

// ensemble averages the class probabilities of several models.
type ensemble []*ocrb.Model

func (e ensemble) Classify(cell *image.Gray) []mrz.Candidate {
	var sum, p [ocrb.NumClasses]float32
	for _, m := range e {
		m.Probs(cell, p[:])
		for i := range p {
			sum[i] += p[i] / float32(len(e))
		}
	}
	var out []mrz.Candidate
	for i, v := range sum {
		out = append(out, mrz.Candidate{Char: ocrb.Alphabet[i], P: float64(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].P > out[j].P })
	return out[:ocrb.MaxCandidates]
}

func TestMissKind(t *testing.T) {
	for _, tc := range []struct {
		got, want []string
		kind      string
	}{
		{[]string{"ABCDEF"}, []string{"ABCDEF<"}, "band"},
		{[]string{"AB", "C"}, []string{"AB"}, "band"},
		{[]string{"ABXDEF"}, []string{"ABCDEF"}, "glyph"},
		{[]string{"ABCCDEFG"}, []string{"ABCDEFGH"}, "drift"},
		{[]string{"ACDEFGHH"}, []string{"ABCDEFGH"}, "drift"},
		{[]string{"AB<<<<<X"}, []string{"AB<<<<<<"}, "glyph"},
	} {
		if k := missKind(tc.got, tc.want); k != tc.kind {
			t.Errorf("missKind(%q, %q) = %s, want %s", tc.got, tc.want, k, tc.kind)
		}
	}
}

// TestMissKinds reads MRZSCAN_MISS_N synthetic documents (seed MRZSCAN_SEED,
// default 11; level MRZSCAN_DIAG_LEVEL, default hard) and counts the misses
// by kind: no MRZ, band (wrong line count or length), drift (cells slipped
// by one inside a line), glyph (characters misread in place), listing each
// wrong character with the probability given to it. MRZSCAN_MISS_ONLY (a
// comma-separated list of indices) reads only those documents and
// MRZSCAN_MISS_TYPE (e.g. frid) only documents of that type;
// MRZSCAN_MISS_SAVE=dir writes each missed photo there as <index>.png. A development
// aid; skipped unless MRZSCAN_MISS_N is set.
func TestMissKinds(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_MISS_N", 11)
	var opts *mrzscan.Options
	if v := os.Getenv("MRZSCAN_MODELS"); v != "" {
		// An ensemble of model files (averaged probabilities), to try
		// candidate models end to end.
		var e ensemble
		for _, f := range strings.Split(v, ",") {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ocrb.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			e = append(e, m)
		}
		opts = &mrzscan.Options{Classifier: e}
	}
	r, err := mrzscan.NewReader(opts)
	if err != nil {
		t.Fatal(err)
	}
	only := envIndices("MRZSCAN_MISS_ONLY")
	typ := os.Getenv("MRZSCAN_MISS_TYPE")
	counts := map[string]int{}
	fa := 0
	for i := 0; i < n; i++ {
		if len(only) > 0 && !only[i] {
			continue
		}
		doc, img := mrzPhoto(t, g, i)
		if typ != "" && doc.Truth.Type != typ {
			continue
		}
		want := doc.Truth.MRZ
		res, err := r.Read(context.Background(), img)
		if err != nil {
			counts["noMRZ"]++
			saveMiss(t, i, img)
			t.Logf("%d %s: no MRZ", i, doc.Truth.Type)
			continue
		}
		if strings.Join(res.Lines, "\n") == strings.Join(want, "\n") {
			counts["exact"]++
			continue
		}
		if res.Valid && !res.Ambiguous {
			// Not flagged by the reader: the root package then asks for
			// review only for a field under fields.ReviewScore, so this
			// counts wrong readings that may go unreviewed (a superset
			// of the bench's false accepts), whatever their score.
			fa++
		}
		saveMiss(t, i, img)
		kind := missKind(res.Lines, want)
		counts[kind]++
		var errs []string
		if kind != "band" {
			for k := range want {
				for j := range want[k] {
					if res.Lines[k][j] != want[k][j] {
						errs = append(errs, fmt.Sprintf("%d:%d %c→%c %.2f", k, j, want[k][j], res.Lines[k][j], res.CharProb[k][j]))
					}
				}
			}
		}
		t.Logf("%d %s: %s score %d valid %v amb %v %v\n got %q\nwant %q", i, doc.Truth.Type, kind, res.Score, res.Valid, res.Ambiguous, errs, res.Lines, want)
	}
	t.Logf("%s: counts %v, false accepts (wrong, valid, not ambiguous) %d", name, counts, fa)
}

// TestCutDiag prints, for the synthetic documents MRZSCAN_CUT_ONLY (seed
// MRZSCAN_SEED, hard level), the true cell centres in the rectified band of
// the best reading next to the centres of its cells and of glyphCut's. A
// development aid; skipped unless MRZSCAN_CUT_ONLY is set.
func TestCutDiag(t *testing.T) {
	only := envIndexList("MRZSCAN_CUT_ONLY")
	if len(only) == 0 {
		t.Skip("set MRZSCAN_CUT_ONLY")
	}
	seed, _ := strconv.ParseUint(os.Getenv("MRZSCAN_SEED"), 10, 64)
	g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.LevelHard})
	if err != nil {
		t.Skip(err)
	}
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range only {
		doc, img := mrzPhoto(t, g, i)
		view := doc.Truth.ViewOf(doc.Truth.MRZSide)
		lay := doc.Truth.MRZLayout
		lines, cut, glyph, want, err := mrzscan.DiagCut(r, img, func(k, j int) geometry.Point {
			return view.DocToPhoto.Apply(geometry.Pt(lay.X0+(float64(j)+0.5)*lay.Pitch, lay.LineCentres[k]))
		})
		if err != nil {
			t.Logf("%d: %v", i, err)
			continue
		}
		for k := range cut {
			var sb strings.Builder
			for j := range cut[k] {
				gx := math.NaN()
				if len(glyph[k]) > j {
					gx = glyph[k][j] - want[k][j]
				}
				fmt.Fprintf(&sb, " %.0f/%+.0f/%+.0f", want[k][j], cut[k][j]-want[k][j], gx)
			}
			t.Logf("%d line %d (true x / cut−true / glyphCut−true):%s", i, k, sb.String())
		}
		t.Logf("%d got %q want %q", i, lines, doc.Truth.MRZ)
	}
}

// saveMiss writes photo i to the directory MRZSCAN_MISS_SAVE, if set.
func saveMiss(t *testing.T, i int, img image.Image) {
	dir := os.Getenv("MRZSCAN_MISS_SAVE")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, strconv.Itoa(i)+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
