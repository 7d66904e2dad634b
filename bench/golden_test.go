package bench

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
// fast: with the visual zone read by Tesseract a document takes 1-3 s on the
// shared 2-core machine, and all 27 of testdata/corpus took 87 s. A larger
// corpus is subsampled deterministically (see subsample).
const maxGoldenDocs = 12

// subsample returns at most n documents of docs, in their order: those whose
// ID hashes (SHA-256) lowest. Unlike every k-th document, this does not fall
// into step with the generator's cycles (type, level).
func subsample(docs []Doc, n int) []Doc {
	if n <= 0 || len(docs) <= n {
		return docs
	}
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) string {
		h := sha256.Sum256([]byte(docs[i].ID))
		return string(h[:])
	}
	sort.Slice(idx, func(a, b int) bool { return key(idx[a]) < key(idx[b]) })
	idx = idx[:n]
	sort.Ints(idx)
	out := make([]Doc, n)
	for i, j := range idx {
		out[i] = docs[j]
	}
	return out
}

func TestSubsample(t *testing.T) {
	docs := make([]Doc, 30)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("%04d", i)
	}
	if got := subsample(docs, 0); len(got) != 30 {
		t.Errorf("subsample(30, 0) kept %d", len(got))
	}
	if got := subsample(docs, 40); len(got) != 30 {
		t.Errorf("subsample(30, 40) kept %d", len(got))
	}
	a, b := subsample(docs, 12), subsample(docs, 12)
	if len(a) != 12 {
		t.Fatalf("subsample(30, 12) kept %d", len(a))
	}
	phase := map[int]int{}
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatal("subsample not deterministic")
		}
		if i > 0 && a[i].ID <= a[i-1].ID {
			t.Errorf("subsample out of order: %s after %s", a[i].ID, a[i-1].ID)
		}
		var n int
		fmt.Sscan(a[i].ID, &n)
		phase[n%3]++
	}
	if len(phase) != 3 {
		t.Errorf("subsample fell into step with a cycle of 3: %v", phase)
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
	out, sp, err := Run(ctx, rec, docs, &RunOptions{Workers: 2}) // verdicts do not depend on the workers
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
