package mrzscan_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// trueMotion returns the generator's motion blur m as the estimator
// states it: the direction (radians in [0, π), y downwards), the
// physical length (n pixels along an axis, n·√2 along a diagonal) and the
// step (dx, dy) of its box.
func trueMotion(m *synth.Motion) (angle, length float64, dx, dy int) {
	switch m.Dir {
	case "90":
		return math.Pi / 2, float64(m.Length), 0, 1
	case "45":
		return math.Pi / 4, float64(m.Length) * math.Sqrt2, 1, 1
	case "135":
		return 3 * math.Pi / 4, float64(m.Length) * math.Sqrt2, 1, -1
	}
	return 0, float64(m.Length), 1, 0
}

// angleDiff is the difference of two directions (mod π) in degrees,
// in [0, 90].
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), math.Pi)
	return math.Min(d, math.Pi-d) * 180 / math.Pi
}

// deblurSeeds returns the seeds listed in MRZSCAN_DEBLUR_SEEDS (default
// 11,977,31337).
func deblurSeeds(t *testing.T) []uint64 {
	v := os.Getenv("MRZSCAN_DEBLUR_SEEDS")
	if v == "" {
		v = "11,977,31337"
	}
	var out []uint64
	for _, f := range strings.Split(v, ",") {
		s, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			t.Fatalf("MRZSCAN_DEBLUR_SEEDS: %v", err)
		}
		out = append(out, s)
	}
	return out
}

// TestDeblurTruth measures estimateMotion against the generator's true
// motion blur over the first MRZSCAN_DEBLUR_TRUTH_N hard photos of each
// seed of MRZSCAN_DEBLUR_SEEDS (default 11,977,31337): by true length and
// direction kind (axis or diagonal), how often a blur long enough to be
// deconvolved is found, the median and worst direction error, and the
// median and mean absolute length error (estimate − truth, physical
// pixels); and how often a photo without blur is deconvolved. A
// development aid; skipped unless MRZSCAN_DEBLUR_TRUTH_N is set.
func TestDeblurTruth(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MRZSCAN_DEBLUR_TRUTH_N"))
	if n == 0 {
		t.Skip("set MRZSCAN_DEBLUR_TRUTH_N")
	}
	verbose := os.Getenv("MRZSCAN_DEBLUR_VERBOSE") != ""
	type row struct {
		n, found   int
		dAng, dLen []float64
		within     int // angle within 10° and length within 1.5 px
	}
	rows := map[string]*row{}
	var keys []string
	sharp, sharpFound := 0, 0
	for _, seed := range deblurSeeds(t) {
		g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.LevelHard})
		if err != nil {
			t.Skip(err)
		}
		for i := 0; i < n; i++ {
			doc, img := mrzPhoto(t, g, i)
			mt := doc.Truth.ViewOf(doc.Truth.MRZSide).Motion
			ang, length, _, ok := mrzscan.EstimateMotionForTest(img)
			found := ok && length >= mrzscan.MinDeblurLengthForTest
			if mt == nil {
				sharp++
				if found {
					sharpFound++
				}
				if verbose && found {
					t.Logf("seed %d #%d: no blur, estimated %.0f° %.1f px", seed, i, ang*180/math.Pi, length)
				}
				continue
			}
			ta, tl, _, _ := trueMotion(mt)
			kind := "axis"
			if mt.Dir == "45" || mt.Dir == "135" {
				kind = "diag"
			}
			key := fmt.Sprintf("%s %d", kind, mt.Length)
			r := rows[key]
			if r == nil {
				r = &row{}
				rows[key] = r
				keys = append(keys, key)
			}
			r.n++
			if verbose {
				// The profile's first zero crossing along the estimate.
				z := math.NaN()
				if ok {
					p := mrzscan.MotionProfileForTest(img, ang)
					for l := 1; l < len(p); l++ {
						if p[l] <= 0 {
							z = float64(l-1) + p[l-1]/(p[l-1]-p[l])
							break
						}
					}
				}
				t.Logf("seed %d #%d %s: true %s° %d (%.1f px), estimated %.0f° %.1f px (ok %v) zero %.2f", seed, i, doc.Truth.Type, mt.Dir, mt.Length, tl, ang*180/math.Pi, length, ok, z)
			}
			if !found {
				continue
			}
			r.found++
			da, dl := angleDiff(ang, ta), length-tl
			r.dAng = append(r.dAng, da)
			r.dLen = append(r.dLen, dl)
			if da <= 10 && math.Abs(dl) <= 1.5 {
				r.within++
			}
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		ra, rb := strings.Fields(a), strings.Fields(b)
		na, _ := strconv.Atoi(ra[1])
		nb, _ := strconv.Atoi(rb[1])
		if ra[0] != rb[0] {
			return strings.Compare(ra[0], rb[0])
		}
		return na - nb
	})
	med := func(v []float64) float64 {
		if len(v) == 0 {
			return math.NaN()
		}
		s := slices.Clone(v)
		slices.Sort(s)
		return s[len(s)/2]
	}
	var tot row
	for _, k := range keys {
		r := rows[k]
		var mae, worst float64
		for j := range r.dLen {
			mae += math.Abs(r.dLen[j])
			worst = math.Max(worst, r.dAng[j])
		}
		if len(r.dLen) > 0 {
			mae /= float64(len(r.dLen))
		}
		t.Logf("%-7s photos %3d found %3d  angle err median %4.1f° worst %4.1f°  length err median %+5.2f mean |err| %4.2f px  within 10°/1.5 px %3d", k, r.n, r.found, med(r.dAng), worst, med(r.dLen), mae, r.within)
		tot.n += r.n
		tot.found += r.found
		tot.within += r.within
		tot.dAng = append(tot.dAng, r.dAng...)
		tot.dLen = append(tot.dLen, r.dLen...)
	}
	var mae float64
	for _, v := range tot.dLen {
		mae += math.Abs(v)
	}
	mae /= math.Max(1, float64(len(tot.dLen)))
	t.Logf("all     photos %3d found %3d  angle err median %4.1f°  length err median %+5.2f mean |err| %4.2f px  within 10°/1.5 px %3d", tot.n, tot.found, med(tot.dAng), med(tot.dLen), mae, tot.within)
	t.Logf("no blur: %d photos, %d deconvolved", sharp, sharpFound)
}

// TestDeblurOracle reads the first MRZSCAN_DEBLUR_ORACLE_N hard photos of
// each seed of MRZSCAN_DEBLUR_SEEDS (or only MRZSCAN_DIAG_ONLY) and, for
// every motion-blurred photo not read exactly, reads it again with the
// deconvolved pass using the generator's true blur (the exact box of the
// generator, then the line PSF of the true direction and length), and cuts
// the band on the true line ends of the photo deconvolved by the true box
// and by the estimate: the ceiling of a perfect estimate. The
// deconvolution takes MRZSCAN_DEBLUR_ITERS iterations (default 7). A
// development aid; skipped unless MRZSCAN_DEBLUR_ORACLE_N is set.
func TestDeblurOracle(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MRZSCAN_DEBLUR_ORACLE_N"))
	if n == 0 {
		t.Skip("set MRZSCAN_DEBLUR_ORACLE_N")
	}
	iters := 7
	if v, err := strconv.Atoi(os.Getenv("MRZSCAN_DEBLUR_ITERS")); err == nil && v > 0 {
		iters = v
	}
	only := envIndices("MRZSCAN_DIAG_ONLY")
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var misses, blurred, box, line, orcBox, orcEst, falseAcc int
	for _, seed := range deblurSeeds(t) {
		g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.LevelHard})
		if err != nil {
			t.Skip(err)
		}
		for i := 0; i < n; i++ {
			if len(only) > 0 && !only[i] {
				continue
			}
			doc, img := mrzPhoto(t, g, i)
			view := doc.Truth.ViewOf(doc.Truth.MRZSide)
			mt := view.Motion
			want := strings.Join(doc.Truth.MRZ, "|")
			read := func(r *mrzscan.Reader) string {
				res, err := r.Read(ctx, img)
				if err != nil {
					return "no MRZ"
				}
				if res.Valid && res.Score >= 80 && !res.Ambiguous && strings.Join(res.Lines, "|") != want {
					falseAcc++
				}
				return strings.Join(res.Lines, "|")
			}
			got := read(r)
			if got == want {
				continue
			}
			misses++
			if mt == nil {
				t.Logf("seed %d #%d %s: missed, no blur (%q)", seed, i, doc.Truth.Type, got)
				continue
			}
			blurred++
			ta, tl, dx, dy := trueMotion(mt)
			bk := mrzscan.BoxPSFForTest(mt.Length, dx, dy)
			gBox := read(mrzscan.ReaderWithPSFForTest(r, bk, iters))
			gLine := read(mrzscan.ReaderWithPSFForTest(r, mrzscan.LinePSFForTest(ta, tl), iters))
			lay := doc.Truth.MRZLayout
			nc := len(doc.Truth.MRZ[0])
			var left, right []geometry.Point
			for _, yc := range lay.LineCentres {
				left = append(left, view.DocToPhoto.Apply(geometry.Pt(lay.X0+0.5*lay.Pitch, yc)))
				right = append(right, view.DocToPhoto.Apply(geometry.Pt(lay.X0+(float64(nc)-0.5)*lay.Pitch, yc)))
			}
			_, _, ob := mrzscan.DiagStages(r, mrzscan.DeblurPSFForTest(img, bk, iters), left, right, nc)
			ea, el, _, eok := mrzscan.EstimateMotionForTest(img)
			oe := false
			if eok {
				_, _, o := mrzscan.DiagStages(r, mrzscan.DeblurForTest(img, ea, el, iters), left, right, nc)
				oe = strings.Join(o, "|") == want
			}
			okBox, okLine, okOB := gBox == want, gLine == want, strings.Join(ob, "|") == want
			if okBox {
				box++
			}
			if okLine {
				line++
			}
			if okOB {
				orcBox++
			}
			if oe {
				orcEst++
			}
			pitch := view.DocToPhoto.Apply(geometry.Pt(lay.X0+lay.Pitch, lay.LineCentres[0])).Dist(view.DocToPhoto.Apply(geometry.Pt(lay.X0, lay.LineCentres[0])))
			t.Logf("seed %d #%d %s (pitch %.1f px): true %s° %d, estimated %.0f° %.1f px (ok %v); read: true box %v, true line %v; oracle cut: true box %v, estimate %v; got %q",
				seed, i, doc.Truth.Type, pitch, mt.Dir, mt.Length, ea*180/math.Pi, el, eok, okBox, okLine, okOB, oe, got)
		}
	}
	t.Logf("misses %d, %d blurred: read exactly with the true box %d, true line %d; oracle cut exact with the true box %d, the estimate %d; false accepts %d",
		misses, blurred, box, line, orcBox, orcEst, falseAcc)
}
