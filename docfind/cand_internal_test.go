package docfind

import (
	"encoding/json"
	"image"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

// TestCandidates lists the best candidates for the image DOCFIND_IMG
// (debugging aid; skipped otherwise).
func TestCandidates(t *testing.T) {
	f := os.Getenv("DOCFIND_IMG")
	if f == "" {
		t.Skip("set DOCFIND_IMG")
	}
	fh, err := os.Open(f)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(fh)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	target := 1476.0 / 1039
	var tr struct {
		DocQuad geometry.Quad `json:"docQuad"`
		DocSize struct{ W, H float64 }
	}
	if b, err := os.ReadFile(strings.TrimSuffix(f, ".jpg") + ".json"); err == nil {
		json.Unmarshal(b, &tr)
		target = tr.DocSize.W / tr.DocSize.H
	}
	sm := downscale(img, workSide)
	grad := newGradients(sm)
	qs := smallCandidates(sm)
	var cs []candidate
	for _, q := range qs {
		c := candidate{q: q}
		c.score, c.parts = scoreQuad(grad, q, target)
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	t.Logf("%d candidates", len(cs))
	for i, c := range cs {
		if i >= 3 {
			break
		}
		t.Logf("%.3f %+v %v", c.score, c.parts, scaleQuad(c.q, 1/sm.scale))
	}
	if tr.DocSize.W > 0 {
		s, p := scoreQuad(grad, scaleQuad(tr.DocQuad, sm.scale), target)
		t.Logf("truth %.3f %+v", s, p)
		bi, bv := -1, 0.0
		for i, c := range cs {
			if v := geometry.IoU(c.q, scaleQuad(tr.DocQuad, sm.scale)); v > bv {
				bi, bv = i, v
			}
		}
		if bi >= 0 {
			t.Logf("closest candidate #%d IoU %.3f score %.3f %+v %v", bi, bv, cs[bi].score, cs[bi].parts, scaleQuad(cs[bi].q, 1/sm.scale))
		}
	}
}

// TestAspectTruth compares aspect estimates on the true quads of the
// corpus in DOCFIND_DIR (debugging aid).
func TestAspectTruth(t *testing.T) {
	dir := os.Getenv("DOCFIND_DIR")
	if dir == "" {
		t.Skip("set DOCFIND_DIR")
	}
	js, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var ep, en []float64
	for _, j := range js {
		b, _ := os.ReadFile(j)
		var tr struct {
			DocQuad   geometry.Quad `json:"docQuad"`
			DocSize   struct{ W, H float64 }
			ImageSize struct{ W, H float64 } `json:"imageSize"`
		}
		json.Unmarshal(b, &tr)
		want := math.Log(tr.DocSize.W / tr.DocSize.H)
		r, _ := geometry.RectAspect(tr.DocQuad, geometry.Pt(tr.ImageSize.W/2, tr.ImageSize.H/2))
		q := tr.DocQuad
		n := (q[0].Dist(q[1]) + q[3].Dist(q[2])) / (q[0].Dist(q[3]) + q[1].Dist(q[2]))
		ep = append(ep, math.Abs(math.Log(r)-want))
		en = append(en, math.Abs(math.Log(n)-want))
	}
	sort.Float64s(ep)
	sort.Float64s(en)
	q := func(e []float64, f float64) float64 { return e[int(f*float64(len(e)-1))] }
	t.Logf("log-aspect error: perspective median %.3f p90 %.3f max %.3f; naive median %.3f p90 %.3f max %.3f",
		q(ep, .5), q(ep, .9), q(ep, 1), q(en, .5), q(en, .9), q(en, 1))
}
