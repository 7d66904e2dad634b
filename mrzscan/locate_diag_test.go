package mrzscan_test

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
)

// TestLocateDiag classifies the failures of MRZSCAN_DIAG_N synthetic
// documents (seed MRZSCAN_SEED, level MRZSCAN_DIAG_LEVEL, default hard) by
// the stage that lost them: locate, line grouping, or the rest (the
// reading along the true line ends tells segmentation from classifier
// errors). MRZSCAN_DIAG_BAND=dir writes the oracle's rectified band of each
// failure there (band<index>.png). A development aid; skipped unless
// MRZSCAN_DIAG_N is set.
func TestLocateDiag(t *testing.T) {
	g, n, _ := diagGenerator(t, "MRZSCAN_DIAG_N", 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	only := envIndices("MRZSCAN_DIAG_ONLY")
	for i := 0; i < n; i++ {
		if len(only) > 0 && !only[i] {
			continue
		}
		doc, img := mrzPhoto(t, g, i)
		view := doc.Truth.ViewOf(doc.Truth.MRZSide)
		want := strings.Join(doc.Truth.MRZ, "\n")
		res, err := r.Read(context.Background(), img)
		got := ""
		if err == nil {
			got = strings.Join(res.Lines, "\n")
		}
		if got == want {
			counts["exact"]++
			continue
		}
		lay := doc.Truth.MRZLayout
		nc := len(doc.Truth.MRZ[0])
		var left, right []geometry.Point
		for k, yc := range lay.LineCentres {
			_ = k
			left = append(left, view.DocToPhoto.Apply(geometry.Pt(lay.X0+0.5*lay.Pitch, yc)))
			right = append(right, view.DocToPhoto.Apply(geometry.Pt(lay.X0+(float64(nc)-0.5)*lay.Pitch, yc)))
		}
		loc, grp, orc, ob := mrzscan.DiagStagesBand(r, img, left, right, nc)
		if dir := os.Getenv("MRZSCAN_DIAG_BAND"); dir != "" && ob != nil {
			// The oracle's rectified band, to look at.
			if f, err := os.Create(filepath.Join(dir, fmt.Sprintf("band%d.png", i))); err == nil {
				png.Encode(f, ob)
				f.Close()
			}
		}
		ends := ""
		if err == nil && len(res.ImageCharQuads) == len(left) {
			pitch := left[0].Dist(right[0]) / float64(nc-1)
			for k, row := range res.ImageCharQuads {
				a, b := row[0].Center(), row[len(row)-1].Center()
				ends += fmt.Sprintf(" L%d %.1f,%.1f", k, a.Dist(left[k])/pitch, b.Dist(right[k])/pitch)
			}
		}
		stage := "read"
		switch {
		case !loc:
			stage = "locate"
		case !grp:
			stage = "group"
		}
		oracleOK := strings.Join(orc, "\n") == want
		key := stage
		if err != nil {
			key += "/noMRZ"
		}
		if oracleOK {
			key += "/oracle-ok"
		}
		counts[key]++
		capPx := lay.CapHeight * left[0].Dist(right[0]) / ((float64(nc) - 1) * lay.Pitch)
		t.Logf("%d %s: %s err=%v cap=%.1fpx oracle=%v ends(pitches)%s\n got %q\n orc %q", i, doc.Truth.Type, key, err, capPx, oracleOK, ends, got, strings.Join(orc, "|"))
	}
	t.Logf("counts: %v", counts)
}

// TestSynthCPU reports the median and mean CPU time per image and the exact
// reads over the first MRZSCAN_CPU_N documents of level MRZSCAN_DIAG_LEVEL
// (default hard), seed MRZSCAN_SEED (default 11). Run it with GOMAXPROCS=1
// OMP_THREAD_LIMIT=1 to compare two builds in one window. A development
// aid; skipped unless MRZSCAN_CPU_N is set.
func TestSynthCPU(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MRZSCAN_CPU_N"))
	if n == 0 {
		t.Skip("set MRZSCAN_CPU_N")
	}
	g, name := diagGen(t, 11)
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	var cpu []time.Duration
	var sum time.Duration
	exact := 0
	for i := 0; i < n; i++ {
		doc, img := mrzPhoto(t, g, i)
		c0 := cpuTime()
		res, err := r.Read(context.Background(), img)
		d := cpuTime() - c0
		cpu = append(cpu, d)
		sum += d
		if err == nil && strings.Join(res.Lines, "\n") == strings.Join(doc.Truth.MRZ, "\n") {
			exact++
		}
	}
	sortDurations(cpu)
	t.Logf("%s: %d/%d exact, CPU per image median %.1f ms, mean %.1f ms", name, exact, n,
		float64(cpu[n/2].Microseconds())/1000, float64(sum.Microseconds())/1000/float64(n))
}
