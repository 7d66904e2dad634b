package mrzscan_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// synthRun reads n synthetic documents of a level and reports the share read
// exactly, the false accepts (a wrong MRZ reported valid with score ≥ 80) and
// the rotation errors.
func synthRun(t *testing.T, level synth.Level, seed uint64, n int) (exact, falseAcc, rotErr, noMRZ int, med time.Duration) {
	t.Helper()
	g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: level})
	if err != nil {
		t.Skip(err)
	}
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var times []time.Duration
	var cornerErr []float64
	defer func() {
		if len(cornerErr) > 0 {
			sort.Float64s(cornerErr)
			t.Logf("%s: document corner error / diagonal: median %.3f, 90th percentile %.3f", level, cornerErr[len(cornerErr)/2], cornerErr[len(cornerErr)*9/10])
		}
	}()
	for i := 0; i < n; i++ {
		doc, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		data, view := doc.Front, doc.Truth.View
		if doc.Truth.MRZSide == "back" {
			data, view = doc.Back, *doc.Truth.Back
		}
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now()
		res, err := r.Read(context.Background(), img)
		times = append(times, time.Since(t0))
		want := strings.Join(doc.Truth.MRZ, "\n")
		if err != nil {
			noMRZ++
			if testing.Verbose() {
				t.Logf("%d %s %s: %v", i, doc.Truth.Type, level, err)
			}
			continue
		}
		got := strings.Join(res.Lines, "\n")
		if os.Getenv("MRZSCAN_STATS") != "" {
			t.Logf("STAT %v %v %.4f %.4f %d", got == want, res.Valid, res.Prob, res.MinCharProb, res.Score)
		}
		if got == want {
			exact++
			// Document geometry: the canonical corners mapped by our
			// DocToImage versus the generator's, relative to the diagonal.
			ds := doc.Truth.DocSize
			var worst float64
			for _, p := range []geometry.Point{{X: 0, Y: 0}, {X: float64(ds.W), Y: 0}, {X: float64(ds.W), Y: float64(ds.H)}, {X: 0, Y: float64(ds.H)}} {
				q := geometry.Pt(p.X*float64(res.DocSize.X)/float64(ds.W), p.Y*float64(res.DocSize.Y)/float64(ds.H))
				d := res.DocToImage.Apply(q).Dist(view.DocToPhoto.Apply(p))
				worst = math.Max(worst, d)
			}
			diag := view.DocToPhoto.Apply(geometry.Pt(0, 0)).Dist(view.DocToPhoto.Apply(geometry.Pt(float64(ds.W), float64(ds.H))))
			if diag > 0 {
				cornerErr = append(cornerErr, worst/diag)
			}
			if strconv.Itoa(res.Rotate) != view.Rotate {
				rotErr++
				t.Logf("%d %s: Rotate %d, want %s", i, doc.Truth.Type, res.Rotate, view.Rotate)
			}
			continue
		}
		if res.Valid && res.Score >= 80 && !res.Ambiguous {
			falseAcc++
		}
		if testing.Verbose() {
			t.Logf("%d %s %s: score %d valid %v amb %v\n%s\nwant\n%s", i, doc.Truth.Type, level, res.Score, res.Valid, res.Ambiguous, got, want)
		}
	}
	sortDurations(times)
	return exact, falseAcc, rotErr, noMRZ, times[len(times)/2]
}

func sortDurations(d []time.Duration) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j] < d[j-1]; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}

// TestSynth reads a few synthetic photos of every level. Set MRZSCAN_SYNTH_N
// for a measurement run (e.g. 500) and MRZSCAN_SEED for another seed.
func TestSynth(t *testing.T) {
	n := 12
	if s := os.Getenv("MRZSCAN_SYNTH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	// MRZSCAN_SEED selects the generator seed (default 1): look at failures on
	// one seed, measure on another.
	seed := uint64(1)
	if s := os.Getenv("MRZSCAN_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("MRZSCAN_SEED: %v", err)
		}
		seed = v
	}
	for _, tc := range []struct {
		level   synth.Level
		minRate float64 // regression floor on the small run (issue targets: photo 99.5%, hard 97%; not met yet, see docs/mrzscan.md)
	}{
		{synth.LevelClean, 1},
		{synth.LevelPhoto, 0.91},
		{synth.LevelHard, 0.6},
	} {
		if l := os.Getenv("MRZSCAN_SYNTH_LEVELS"); l != "" && !strings.Contains(l, string(tc.level)) {
			continue
		}
		exact, fa, rot, none, med := synthRun(t, tc.level, seed, n)
		t.Logf("%s: %d/%d exact (%.1f%%), %d no MRZ, %d false accepts, %d rotation errors, median %v",
			tc.level, exact, n, 100*float64(exact)/float64(n), none, fa, rot, med)
		if fa > 0 {
			t.Errorf("%s: %d false accepts", tc.level, fa)
		}
		if rot > 0 {
			t.Errorf("%s: %d rotation errors", tc.level, rot)
		}
		if float64(exact) < tc.minRate*float64(n) {
			t.Errorf("%s: %d/%d exact, want ≥ %.0f%%", tc.level, exact, n, 100*tc.minRate)
		}
	}
}

// TestSaveSynth writes synthetic document MRZSCAN_SAVE=i:level (seed
// MRZSCAN_SEED, default 1) to /tmp/synth.png (a development aid for the debug tests; skipped otherwise).
func TestSaveSynth(t *testing.T) {
	var idx int
	var lvl string
	if n, _ := fmt.Sscanf(os.Getenv("MRZSCAN_SAVE"), "%d:%s", &idx, &lvl); n != 2 {
		t.Skip("set MRZSCAN_SAVE=i:level")
	}
	seed := uint64(1)
	if s := os.Getenv("MRZSCAN_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.Level(lvl)})
	if err != nil {
		t.Fatal(err)
	}
	doc, img := mrzPhoto(t, g, idx)
	f, err := os.Create("/tmp/synth.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	t.Logf("truth %q rotate %s", doc.Truth.MRZ, doc.Truth.View.Rotate)
}

// BenchmarkReadSynth reads 24 synthetic photos (level photo) per iteration
// and reports the median wall and CPU time per image; run it with
// GOMAXPROCS=1 OMP_THREAD_LIMIT=1 (taskset -c 0 to pin OpenCV's threads).
func BenchmarkReadSynth(b *testing.B) {
	g, err := synth.NewGenerator(synth.Options{Seed: 2, Level: synth.LevelPhoto})
	if err != nil {
		b.Skip(err)
	}
	var imgs []image.Image
	for i := 0; i < 24; i++ {
		_, img := mrzPhoto(b, g, i)
		imgs = append(imgs, img)
	}
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	var wall, cpu []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, img := range imgs {
			t0, c0 := time.Now(), cpuTime()
			r.Read(context.Background(), img)
			wall = append(wall, time.Since(t0))
			cpu = append(cpu, cpuTime()-c0)
		}
	}
	b.StopTimer()
	sortDurations(wall)
	sortDurations(cpu)
	b.ReportMetric(float64(wall[len(wall)/2].Microseconds())/1000, "median-ms/img")
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "median-cpu-ms/img")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// mrzPhoto generates document i of g and decodes the photo of the side that
// carries its MRZ (the back of a TD1 card, the front otherwise).
func mrzPhoto(tb testing.TB, g *synth.Generator, i int) (*synth.Document, image.Image) {
	tb.Helper()
	doc, err := g.Generate(i)
	if err != nil {
		tb.Fatal(err)
	}
	data := doc.Front
	if doc.Truth.MRZSide == "back" {
		data = doc.Back
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	return doc, img
}

// diagGenerator is the generator of the development aids: it skips the
// test unless the environment variable nVar gives the number of documents
// n, and draws them from seed MRZSCAN_SEED (default defSeed) at level
// MRZSCAN_DIAG_LEVEL (default hard); name says which ("seed 11 hard").
func diagGenerator(t *testing.T, nVar string, defSeed uint64) (g *synth.Generator, n int, name string) {
	t.Helper()
	n, _ = strconv.Atoi(os.Getenv(nVar))
	if n == 0 {
		t.Skip("set " + nVar)
	}
	g, name = diagGen(t, defSeed)
	return g, n, name
}

// diagGen is diagGenerator's generator alone: seed MRZSCAN_SEED (default
// defSeed), level MRZSCAN_DIAG_LEVEL (default hard), and its name.
func diagGen(t *testing.T, defSeed uint64) (*synth.Generator, string) {
	t.Helper()
	seed, _ := strconv.ParseUint(os.Getenv("MRZSCAN_SEED"), 10, 64)
	if seed == 0 {
		seed = defSeed
	}
	lvl := synth.LevelHard
	if l := os.Getenv("MRZSCAN_DIAG_LEVEL"); l != "" {
		lvl = synth.Level(l)
	}
	g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: lvl})
	if err != nil {
		t.Skip(err)
	}
	return g, fmt.Sprintf("seed %d %s", seed, lvl)
}

// envIndexList returns the document indices listed, comma-separated, in
// the environment variable name, in their order (empty: none), for the
// development aids' "only these documents" switches.
func envIndexList(name string) []int {
	var out []int
	for _, f := range strings.Split(os.Getenv(name), ",") {
		if i, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, i)
		}
	}
	return out
}

// envIndices is envIndexList as a set.
func envIndices(name string) map[int]bool {
	only := map[int]bool{}
	for _, i := range envIndexList(name) {
		only[i] = true
	}
	return only
}
