package bench

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idrecog/idrecog"
)

// oracleResponse answers exactly what the truth of d calls for.
func oracleResponse(t *testing.T, d *Doc) *idrecog.Response {
	t.Helper()
	var ocr idrecog.OCR
	b, err := json.Marshal(d.OCR)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ocr); err != nil {
		t.Fatal(err)
	}
	r := &idrecog.Response{APIType: idrecog.APIType, Result: &idrecog.Result{DocumentType: d.DocumentType}}
	r.Result.Data.OCR = ocr
	r.Result.Data.Raw.Rotate = d.Rotate
	r.Result.Data.Raw.Fields = map[string]idrecog.RawField{}
	for k, f := range d.Raw {
		rf := idrecog.RawField{Value: f.Value, Score: 99}
		if f.OriginalQuad != nil {
			rf.OriginalCoordinates = coords(*f.OriginalQuad)
		}
		r.Result.Data.Raw.Fields[k] = rf
	}
	return r
}

// TestOracle scores an oracle that answers each document's truth over the
// real corpora: every metric must be perfect, so the loader and the scorer
// agree on keys and formats. A second oracle that garbles one field of every
// document must lose exactly that field.
func TestOracle(t *testing.T) {
	for _, dir := range []string{
		filepath.Join("..", "testdata", "corpus"),
		filepath.Join("..", "..", "shared", "datasets", "dev"),
	} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			docs, kind, err := LoadDir(dir)
			if err != nil {
				t.Skip("corpus absent:", err)
			}
			// The recognizer sees bytes, not names: match by content.
			byBytes := map[string]*Doc{}
			for i := range docs {
				req, err := request(&docs[i])
				if err != nil {
					t.Fatal(err)
				}
				byBytes[string(req.FrontBytes)] = &docs[i]
			}
			garble := false
			oracle := RecognizerFunc(func(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
				resp := oracleResponse(t, byBytes[string(req.FrontBytes)])
				if garble {
					resp.Result.Data.OCR.LastName += "X"
				}
				return resp, nil
			})
			out, _, err := Run(context.Background(), oracle, docs, nil)
			if err != nil {
				t.Fatal(err)
			}
			a := NewReport(dir, kind, docs, out, nil).Accuracy
			for _, m := range a.Metrics() {
				want := 1.0
				if !m.HigherBetter {
					want = 0
				}
				switch m.Name {
				case "mrz.checks_pass":
					continue // the truth MRZs need not all be valid (specimens with known bad check digits)
				case "boxes.mean_iou":
					// The contract's coordinates are integers: rounding
					// costs small boxes some overlap.
					if m.Value < 0.9 {
						t.Errorf("oracle: %s = %v, want ≥ 0.9", m.Name, m.Value)
					}
					continue
				}
				if math.Abs(m.Value-want) > 1e-9 {
					t.Errorf("oracle: %s = %v, want %v", m.Name, m.Value, want)
				}
			}

			garble = true
			out, _, err = Run(context.Background(), oracle, docs, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := NewReport(dir, kind, docs, out, nil)
			for _, m := range r.Metrics {
				switch {
				case m.Name == "ocr.ocr_lastName":
					if m.Value != 0 {
						t.Errorf("garbled: %s = %v, want 0", m.Name, m.Value)
					}
				case m.Name == "review.front_miss":
					if m.Value != 1 {
						t.Errorf("garbled: %s = %v, want 1 (never flagged)", m.Name, m.Value)
					}
				case strings.HasPrefix(m.Name, "ocr.") || strings.HasPrefix(m.Name, "raw.") || m.Name == "mrz.exact":
					if m.Value != 1 {
						t.Errorf("garbled: %s = %v, want 1", m.Name, m.Value)
					}
				}
			}
			if fa := r.Accuracy.FalseAccepts.Key["ocr_lastName"]; fa != len(docs) {
				t.Errorf("garbled: %d ocr_lastName false accepts, want %d", fa, len(docs))
			}
		})
	}
}
