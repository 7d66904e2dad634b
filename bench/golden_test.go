package bench

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/bench-*.json from this run")

// goldenTolerance is how much worse (absolute: 0.01 is one percentage point,
// or 0.01 of mean IoU) an accuracy metric may get before the golden test
// fails. Crashes tolerate none.
const goldenTolerance = 0.01

// maxGoldenDocs bounds the documents the golden test runs so that it stays
// fast; a larger corpus is subsampled deterministically (every k-th
// document in name order, see subsample).
const maxGoldenDocs = 60

// subsample returns at most n documents of docs: every k-th, starting with
// the first, with k the smallest stride that fits.
func subsample(docs []Doc, n int) []Doc {
	if n <= 0 || len(docs) <= n {
		return docs
	}
	k := (len(docs) + n - 1) / n
	var out []Doc
	for i := 0; i < len(docs); i += k {
		out = append(out, docs[i])
	}
	return out
}

func TestSubsample(t *testing.T) {
	docs := make([]Doc, 10)
	for i := range docs {
		docs[i].ID = string(rune('a' + i))
	}
	ids := func(ds []Doc) string {
		var s string
		for _, d := range ds {
			s += d.ID
		}
		return s
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, "abcdefghij"}, {10, "abcdefghij"}, {20, "abcdefghij"}, {5, "acegi"}, {4, "adgj"}, {1, "a"}} {
		if got := ids(subsample(docs, c.n)); got != c.want {
			t.Errorf("subsample(10 docs, %d) = %s, want %s", c.n, got, c.want)
		}
	}
}

// TestGoldenCorpus runs the recognizer over the committed synthetic corpus
// and fails if any accuracy metric is worse than testdata/golden by more than
// goldenTolerance. `go test ./bench -run Golden -update` rewrites the golden.
func TestGoldenCorpus(t *testing.T) {
	runGolden(t, filepath.Join("..", "testdata", "corpus"), "testdata/corpus", filepath.Join("..", "testdata", "golden", "bench-corpus.json"))
}

// TestGoldenDev does the same over the shared dev set of real specimens.
func TestGoldenDev(t *testing.T) {
	runGolden(t, filepath.Join("..", "..", "shared", "datasets", "dev"), "../shared/datasets/dev", filepath.Join("..", "testdata", "golden", "bench-dev.json"))
}

func runGolden(t *testing.T, dir, name, golden string) {
	if testing.Short() {
		t.Skip("runs the recognizer over a corpus; skipped with -short")
	}
	docs, kind, err := LoadDir(dir)
	if errors.Is(err, ErrNoTruth) || errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus %s absent: %v", dir, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	docs = subsample(docs, maxGoldenDocs)
	rec := newRecognizer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, sp, err := Run(ctx, rec, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := NewReport(name, kind, docs, out, nil)
	t.Logf("%s: %d documents in %.1f s (p50 %.0f ms)", name, len(docs), sp.WallS, sp.P50MS)
	for i, o := range out {
		if o.Panic != "" {
			t.Errorf("%s crashed the recognizer: %s", docs[i].ID, firstLine(o.Panic))
		}
	}

	fp, err := Fingerprint(docs)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		g := rep.Golden()
		g.Fingerprint = fp
		b, err := json.MarshalIndent(g, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", golden)
		return
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run `go test ./bench -run Golden -update` to create it)", err)
	}
	var g Golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", golden, err)
	}
	if g.Docs != rep.Docs || g.Fingerprint != "" && g.Fingerprint != fp {
		t.Fatalf("%s changed since %s was written (%d documents, golden %d; fingerprint %.12s, golden %.12s): "+
			"rerun `go test ./bench -run Golden -update` and commit the golden with the corpus", name, golden, rep.Docs, g.Docs, fp, g.Fingerprint)
	}
	for _, r := range Compare(g.Metrics, rep.Metrics, goldenTolerance) {
		t.Errorf("%s: accuracy regressed: %s", name, r)
	}
	if t.Failed() {
		var md strings.Builder
		if err := rep.WriteMarkdown(&md, nil); err == nil {
			t.Log("\n" + md.String())
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
