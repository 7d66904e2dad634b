package docfind

import (
	"encoding/json"
	"image"
	_ "image/jpeg"
	"os"
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
	sm := downscale(img, workSide)
	grad := newGradients(sm)
	qs := smallCandidates(sm)
	var cs []candidate
	for _, q := range qs {
		c := candidate{q: q}
		c.score, c.parts = scoreQuad(grad, q, 1476.0/1039)
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	t.Logf("%d candidates", len(cs))
	for i, c := range cs {
		if i >= 12 {
			break
		}
		t.Logf("%.3f %+v %v", c.score, c.parts, scaleQuad(c.q, 1/sm.scale))
	}
	if b, err := os.ReadFile(strings.TrimSuffix(f, ".jpg") + ".json"); err == nil {
		var tr struct {
			DocQuad geometry.Quad `json:"docQuad"`
		}
		json.Unmarshal(b, &tr)
		s, p := scoreQuad(grad, scaleQuad(tr.DocQuad, sm.scale), 1476.0/1039)
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
