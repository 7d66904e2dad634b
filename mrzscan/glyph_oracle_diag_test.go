package mrzscan_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// truthMotion returns the motion blur the generator applied to the photo
// of doc's MRZ side (nil: none).
func truthMotion(doc *synth.Document) *mrzscan.OracleMotion {
	v := &doc.Truth.View
	if doc.Truth.MRZSide == "back" && doc.Truth.Back != nil {
		v = doc.Truth.Back
	}
	if v.Motion == nil {
		return nil
	}
	m := &mrzscan.OracleMotion{N: v.Motion.Length}
	switch v.Motion.Dir {
	case "0":
		m.DX = 1
	case "90":
		m.DY = 1
	case "45":
		m.DX, m.DY = 1, 1
	case "135":
		m.DX, m.DY = 1, -1
	}
	return m
}

// TestGlyphOracleCells describes the wrong cells of the synthetic
// documents MRZSCAN_ORACLE_ONLY (comma-separated indices; seed
// MRZSCAN_SEED, default 11; level MRZSCAN_DIAG_LEVEL, default hard): per
// cell, the truth's correlation against the wrong letter's under the
// fitted blur and under the true motion blur (mapped into the band,
// defocus and scale fitted). A development aid.
func TestGlyphOracleCells(t *testing.T) {
	only := envIndexList("MRZSCAN_ORACLE_ONLY")
	if len(only) == 0 {
		t.Skip("set MRZSCAN_ORACLE_ONLY")
	}
	g, _ := diagGen(t, 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range only {
		doc, img := mrzPhoto(t, g, i)
		m := truthMotion(doc)
		t.Logf("%d %s motion %+v", i, doc.Truth.Type, m)
		for _, l := range mrzscan.OracleCellDiag(r, img, doc.Truth.MRZ, m) {
			t.Logf("%d %s", i, l)
		}
	}
}

// TestGlyphOracleFit compares, over the first MRZSCAN_ORACLE_N synthetic
// documents (seed MRZSCAN_SEED, default 11; hard), the motion fitted to
// the band of each reading with the true one mapped into the band: the
// error of the fitted direction and length, and the references' fit under
// each kernel. A development aid: a metric of the blur fit independent of
// end-to-end noise.
func TestGlyphOracleFit(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_ORACLE_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	var bands, moving, still, deblurred int
	var angErr, lenErr, lenAbs, stillLen, fitF, fitO []float64
	heavyAgree := 0
	for i := 0; i < n; i++ {
		doc, img := mrzPhoto(t, g, i)
		m := truthMotion(doc)
		of, why := mrzscan.OracleBandFit(r, img, m)
		if why != "" {
			t.Logf("%d: %s", i, why)
			continue
		}
		bands++
		if of.Deblurred {
			deblurred++
		}
		fitF, fitO = append(fitF, of.FitF), append(fitO, of.FitO)
		if of.Heavy == of.OracleHeavy {
			heavyAgree++
		}
		if m == nil || of.TrueLen < 1 {
			still++
			stillLen = append(stillLen, of.FitLen)
		} else {
			moving++
			lenErr = append(lenErr, of.FitLen-of.TrueLen)
			lenAbs = append(lenAbs, math.Abs(of.FitLen-of.TrueLen))
			if of.TrueLen >= 4 {
				d := math.Abs(of.FitAngle - of.TrueAngle)
				d = math.Min(d, math.Pi-d)
				if of.FitLen == 0 {
					d = math.Pi / 2
				}
				angErr = append(angErr, d*180/math.Pi)
			}
		}
		t.Logf("%d %s true θ %.0f° L %.1f | fitted %s fit %.3f | oracle %s fit %.3f", i, doc.Truth.Type,
			of.TrueAngle*180/math.Pi, of.TrueLen, of.Fitted, of.FitF, of.Oracle, of.FitO)
	}
	t.Logf("%s: bands %d (%d from the deconvolved copy, cut again from the photo); moving %d, still %d", name, bands, deblurred, moving, still)
	t.Logf("fitted length − true: median %.2f, median |err| %.2f, |err| ≤ 2 px in %d of %d", median(lenErr), median(lenAbs), countLE(lenAbs, 2), len(lenAbs))
	t.Logf("fitted direction error (true L ≥ 4): median %.1f°, ≤ 11.25° in %d of %d", median(angErr), countLE(angErr, 11.25), len(angErr))
	t.Logf("still photos: fitted length median %.2f, ≥ 4 px in %d of %d", median(stillLen), len(stillLen)-countLE(stillLen, 3.99), len(stillLen))
	t.Logf("reference fit: fitted mean %.4f, oracle mean %.4f; heavy agrees in %d of %d", mean(fitF), mean(fitO), heavyAgree, bands)
}

// TestGlyphOracleRead reads the first MRZSCAN_ORACLE_N synthetic
// documents (seed MRZSCAN_SEED, default 11; hard) as TestMissKinds does,
// but every band cut from the photo itself is re-scored under the true
// motion blur mapped into it (defocus and scale fitted; the length scaled
// by MRZSCAN_ORACLE_LSCALE, default 1) instead of the fitted blur. Lists
// the misses; MRZSCAN_MISS_ONLY limits the documents. A development aid:
// how many glyph misses would a perfect motion fit fix? MRZSCAN_ORACLE_KERNEL=0
// keeps the fitted blur; MRZSCAN_ORACLE_PLAIN=1 re-scores the bands cut
// from the deconvolved copy on the photo's own pixels, MRZSCAN_ORACLE_PLAIN=skip
// does not re-score them at all (SetBlurOracle), MRZSCAN_ORACLE_PLAIN=both
// re-scores them on both (SetBandPhoto).
func TestGlyphOracleRead(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_ORACLE_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	ls := 1.0
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_ORACLE_LSCALE"), 64); err == nil {
		ls = v
	}
	kernel := os.Getenv("MRZSCAN_ORACLE_KERNEL") != "0"
	plain := os.Getenv("MRZSCAN_ORACLE_PLAIN") == "1"
	skip := os.Getenv("MRZSCAN_ORACLE_PLAIN") == "skip"
	both := os.Getenv("MRZSCAN_ORACLE_PLAIN") == "both"
	only := envIndices("MRZSCAN_MISS_ONLY")
	counts := map[string]int{}
	fa := 0
	var st mrzscan.OracleKernelStats
	for i := 0; i < n; i++ {
		if len(only) > 0 && !only[i] {
			continue
		}
		doc, img := mrzPhoto(t, g, i)
		want := doc.Truth.MRZ
		restore, err := mrzscan.SetBlurOracle(img, truthMotion(doc), ls, kernel, plain, skip, &st)
		if err != nil {
			t.Fatal(err)
		}
		restore2 := func() {}
		if both {
			if restore2, err = mrzscan.SetBandPhoto(img, &st); err != nil {
				t.Fatal(err)
			}
		}
		res, err := r.Read(context.Background(), img)
		restore()
		restore2()
		if err != nil {
			counts["noMRZ"]++
			t.Logf("%d %s: no MRZ", i, doc.Truth.Type)
			continue
		}
		if strings.Join(res.Lines, "\n") == strings.Join(want, "\n") {
			counts["exact"]++
			continue
		}
		if res.Valid && res.Score >= 80 && !res.Ambiguous {
			fa++
		}
		var errs []string
		if len(res.Lines) == len(want) {
			for k := range want {
				for j := range want[k] {
					if j < len(res.Lines[k]) && res.Lines[k][j] != want[k][j] {
						errs = append(errs, fmt.Sprintf("%d:%d %c→%c %.2f", k, j, want[k][j], res.Lines[k][j], res.CharProb[k][j]))
					}
				}
			}
		}
		counts["miss"]++
		t.Logf("%d %s: score %d valid %v amb %v %v\n got %q\nwant %q", i, doc.Truth.Type, res.Score, res.Valid, res.Ambiguous, errs, res.Lines, want)
	}
	t.Logf("%s oracle (kernel %v, length ×%.2f, plain %v, skip %v): counts %v, false accepts %d; bands fitted %d, oracle kernel on %d, plain pixels for (or skipped) %d", name, kernel, ls, plain, skip, counts, fa, st.Bands, st.FromPhoto, st.Replaced)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func countLE(v []float64, lim float64) int {
	n := 0
	for _, x := range v {
		if x <= lim {
			n++
		}
	}
	return n
}

// TestGlyphOracleRender checks, over the first MRZSCAN_ORACLE_N synthetic
// documents (seed MRZSCAN_SEED, default 11; hard), how faithful the glyph
// rendering is (mrzscan.OracleRenderCheck): the rendering's correlation
// with filler cells against the ceiling two identical observed fillers
// give, and the references' fit with the glyph strokes made bolder or
// thinner. A development aid.
func TestGlyphOracleRender(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_ORACLE_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	gammas := []float64{0.6, 0.8, 1, 1.25, 1.6}
	var ceil, rend []float64
	gsum := make([]float64, len(gammas))
	wins := make([]int, len(gammas))
	bands := 0
	for i := 0; i < n; i++ {
		doc, img := mrzPhoto(t, g, i)
		rc, why := mrzscan.OracleRenderCheck(r, img, doc.Truth.MRZ, gammas)
		if why != "" {
			continue
		}
		bands++
		ceil, rend = append(ceil, rc.Ceiling...), append(rend, rc.Render...)
		bi := 0
		for j, f := range rc.GammaFit {
			gsum[j] += f
			if f > rc.GammaFit[bi] {
				bi = j
			}
		}
		wins[bi]++
	}
	t.Logf("%s: %d bands; filler cells %d: ceiling (√ of two observed fillers' correlation) mean %.4f, rendering mean %.4f, median gap %.4f", name, bands, len(ceil), mean(ceil), mean(rend), median(diffs(ceil, rend)))
	for j, gm := range gammas {
		t.Logf("stroke γ %.2f: references' mean fit %.4f, best in %d bands", gm, gsum[j]/float64(max(1, bands)), wins[j])
	}
}

func diffs(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return d
}

// TestGlyphOracleResidual sums, over the first MRZSCAN_ORACLE_N synthetic
// documents (seed MRZSCAN_SEED, default 11; hard), the residuals of the
// rendering of sure cells of the classes MRZSCAN_ORACLE_CLASSES (default
// "<"), and prints the mean residual: systematic differences between the
// rendering and the photos (stroke weight, glyph placement, blur shape)
// leave a pattern well above the noise. A development aid.
func TestGlyphOracleResidual(t *testing.T) {
	g, n, name := diagGenerator(t, "MRZSCAN_ORACLE_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	classes := os.Getenv("MRZSCAN_ORACLE_CLASSES")
	if classes == "" {
		classes = "<"
	}
	const w, h = 36, 26
	for _, c := range []byte(classes) {
		sum := make([]float64, w*h)
		cells, sq := 0, 0.0
		for i := 0; i < n; i++ {
			doc, img := mrzPhoto(t, g, i)
			m, s := mrzscan.OracleResiduals(r, img, doc.Truth.MRZ, c, w, h, sum)
			cells += m
			sq += s
		}
		if cells == 0 {
			continue
		}
		var msq float64
		for _, v := range sum {
			msq += (v / float64(cells)) * (v / float64(cells))
		}
		t.Logf("%s class %c: %d cells; ‖mean residual‖² %.5f, mean ‖residual‖² %.5f (noise alone: ‖mean‖² ≈ %.5f)", name, c, cells, msq, sq/float64(cells), sq/float64(cells)/float64(cells))
		for y := 0; y < h; y += 2 {
			row := ""
			for x := 0; x < w; x += 2 {
				v := (sum[y*w+x] + sum[y*w+x+1] + sum[(y+1)*w+x] + sum[(y+1)*w+x+1]) / 4 / float64(cells)
				row += fmt.Sprintf("%+4.0f", v*1e4)
			}
			t.Log(row)
		}
	}
}
