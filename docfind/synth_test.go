package docfind_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/idrecog/idrecog/docfind"
	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/synth"
)

// view is one photo with its true geometry.
type view struct {
	name   string
	img    image.Image
	size   image.Point
	quad   geometry.Quad
	rotate int
}

// stats accumulates the figures the package is judged by.
type stats struct {
	n, found, rotOK, rot180OK int
	cornerErr                 []float64
	elapsed                   time.Duration
	fails                     []string
}

func (s *stats) add(v view, g *docread.Geometry, err error, d time.Duration) {
	s.n++
	s.elapsed += d
	if err != nil {
		s.fails = append(s.fails, fmt.Sprintf("%s: %v", v.name, err))
		return
	}
	iou := geometry.IoU(g.Quad, v.quad)
	// Corner error: against the truth in its order, or turned by 180° when
	// only the axis is known (Find without Orient).
	e0, e2 := cornerErr(g.Quad, v.quad), cornerErr(g.Quad, v.quad.Shift(2))
	if iou >= 0.9 {
		s.found++
		s.cornerErr = append(s.cornerErr, math.Min(e0, e2))
	} else {
		s.fails = append(s.fails, fmt.Sprintf("%s: IoU %.3f score %.2f", v.name, iou, g.Score))
	}
	if g.Rotate == v.rotate {
		s.rotOK++
	}
	if g.Rotate%180 == v.rotate%180 {
		s.rot180OK++
	}
}

func (s *stats) String() string {
	var mean float64
	for _, e := range s.cornerErr {
		mean += e
	}
	med := 0.0
	if len(s.cornerErr) > 0 {
		mean /= float64(len(s.cornerErr))
		c := append([]float64(nil), s.cornerErr...)
		sort.Float64s(c)
		med = c[len(c)/2]
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(max(1, s.n)) }
	return fmt.Sprintf("n=%d IoU>=0.9 %d (%.1f%%) corner err mean %.2f px median %.2f px (found ones) rotate exact %d (%.1f%%) rotate mod 180 %d (%.1f%%) mean time %.1f ms",
		s.n, s.found, pct(s.found), mean, med, s.rotOK, pct(s.rotOK), s.rot180OK, pct(s.rot180OK),
		float64(s.elapsed.Microseconds())/1000/float64(max(1, s.n)))
}

func cornerErr(a, b geometry.Quad) float64 {
	var s float64
	for i := range a {
		s += a[i].Dist(b[i])
	}
	return s / 4
}

func viewsOf(t *synth.Truth, front, back image.Image, name string) []view {
	size := image.Pt(t.DocSize.W, t.DocSize.H)
	rot := func(v synth.View) int { r, _ := strconv.Atoi(v.Rotate); return r }
	vs := []view{{name, front, size, t.View.DocQuad, rot(t.View)}}
	if back != nil && t.Back != nil {
		vs = append(vs, view{name + "-back", back, size, t.Back.DocQuad, rot(*t.Back)})
	}
	return vs
}

// generated returns n synthetic photos made in memory.
func generated(t testing.TB, level synth.Level, seed uint64, n int, types ...string) []view {
	g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: level, Types: types})
	if err != nil {
		t.Fatal(err)
	}
	var vs []view
	for i := 0; i < n; i++ {
		d, err := g.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := image.Decode(bytes.NewReader(d.Front))
		if err != nil {
			t.Fatal(err)
		}
		var b image.Image
		if d.Back != nil {
			if b, _, err = image.Decode(bytes.NewReader(d.Back)); err != nil {
				t.Fatal(err)
			}
		}
		vs = append(vs, viewsOf(&d.Truth, f, b, fmt.Sprintf("%s/%d/%04d", level, seed, i))...)
	}
	return vs
}

// fromDir loads a corpus written by `idrecog synth`.
func fromDir(t testing.TB, dir string) []view {
	js, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(js)
	var vs []view
	load := func(f string) image.Image {
		fh, err := os.Open(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		img, _, err := image.Decode(fh)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	for _, j := range js {
		b, err := os.ReadFile(j)
		if err != nil {
			t.Fatal(err)
		}
		var tr synth.Truth
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		var back image.Image
		if tr.BackFile != "" {
			back = load(tr.BackFile)
		}
		vs = append(vs, viewsOf(&tr, load(tr.File), back, strings.TrimSuffix(filepath.Base(j), ".json"))...)
	}
	return vs
}

func run(vs []view, find docread.FindFunc) *stats {
	s := &stats{}
	for _, v := range vs {
		t0 := time.Now()
		g, err := find(context.Background(), v.img, v.size)
		s.add(v, g, err, time.Since(t0))
	}
	return s
}

// TestSynthFind asserts the finder's rates on freshly generated photos
// (seed 7, not the tuning seed). DOCFIND_DIR=dir evaluates a corpus written
// by `idrecog synth` instead and only reports (DOCFIND_ORIENT=1: with
// Orient, reading with Tesseract; DOCFIND_N: the first N photos only).
func TestSynthFind(t *testing.T) {
	if dir := os.Getenv("DOCFIND_DIR"); dir != "" {
		find := docread.FindFunc(docfind.Find)
		if os.Getenv("DOCFIND_ORIENT") != "" {
			pool := ocr.NewPool(1)
			defer pool.Close()
			find = docfind.FindFunc(pool)
		}
		vs := fromDir(t, dir)
		if n, err := strconv.Atoi(os.Getenv("DOCFIND_N")); err == nil && n < len(vs) {
			vs = vs[:n]
		}
		s := run(vs, find)
		t.Logf("%s: %s", dir, s)
		if os.Getenv("DOCFIND_VERBOSE") != "" {
			for _, f := range s.fails {
				t.Log(f)
			}
		}
		return
	}
	if testing.Short() {
		t.Skip("generates photos")
	}
	for _, c := range []struct {
		name                string
		level               synth.Level
		types               []string
		n                   int
		minFound, minRot180 float64
		maxCornerErr        float64
	}{
		{"photo", synth.LevelPhoto, nil, 12, 0.9, 0.9, 6},
		{"hard", synth.LevelHard, nil, 12, 0.8, 0.8, 8},
		{"photo-no-mrz", synth.LevelPhoto, synth.OtherTypes, 14, 0.85, 0.9, 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			vs := generated(t, c.level, 7, c.n, c.types...)
			s := run(vs, docfind.Find)
			t.Log(s)
			for _, f := range s.fails {
				t.Log(f)
			}
			if r := float64(s.found) / float64(s.n); r < c.minFound {
				t.Errorf("found %.2f of documents with IoU >= 0.9, want >= %.2f", r, c.minFound)
			}
			if r := float64(s.rot180OK) / float64(s.n); r < c.minRot180 {
				t.Errorf("orientation axis right on %.2f, want >= %.2f", r, c.minRot180)
			}
			var mean float64
			for _, e := range s.cornerErr {
				mean += e / float64(len(s.cornerErr))
			}
			if mean > c.maxCornerErr {
				t.Errorf("mean corner error %.2f px, want <= %.1f", mean, c.maxCornerErr)
			}
		})
	}
}

// TestSynthOrient asserts that FindFunc (Find, then Orient with Tesseract)
// gives the exact rotation on generated photos of documents with and
// without an MRZ.
func TestSynthOrient(t *testing.T) {
	if testing.Short() {
		t.Skip("generates photos and reads them with Tesseract")
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	vs := append(generated(t, synth.LevelPhoto, 11, 6), generated(t, synth.LevelPhoto, 11, 6, synth.OtherTypes...)...)
	s := run(vs, docfind.FindFunc(pool))
	t.Log(s)
	if r := float64(s.rotOK) / float64(s.n); r < 0.85 {
		t.Errorf("rotate exact on %.2f of %d photos, want >= 0.85", r, s.n)
	}
}
