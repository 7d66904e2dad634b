package bench

import (
	"context"
	"errors"
	"image"
	"path/filepath"
	"testing"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/mrzscan"
)

// benchDocs loads the committed synthetic corpus, or the shared dev set when
// the corpus is absent, for the Go benchmarks.
func benchDocs(b *testing.B) []Doc {
	b.Helper()
	for _, dir := range []string{
		filepath.Join("..", "testdata", "corpus"),
		filepath.Join("..", "..", "shared", "datasets", "dev"),
	} {
		if docs, _, err := LoadDir(dir); err == nil {
			return docs
		}
	}
	b.Skip("no corpus: testdata/corpus and ../shared/datasets/dev are absent")
	return nil
}

// benchRequests reads every document's request once, outside the timing.
func benchRequests(b *testing.B, docs []Doc) ([]idrecog.Request, int64) {
	b.Helper()
	reqs := make([]idrecog.Request, len(docs))
	var total int64
	for i := range docs {
		r, err := request(&docs[i])
		if err != nil {
			b.Fatal(err)
		}
		reqs[i] = r
		total += int64(len(r.FrontBytes) + len(r.BackBytes))
	}
	return reqs, total / int64(len(docs))
}

// BenchmarkRecognize is the whole pipeline, one document per iteration,
// cycling through the corpus.
func BenchmarkRecognize(b *testing.B) {
	docs := benchDocs(b)
	reqs, avg := benchRequests(b, docs)
	rec := newRecognizer(b)
	ctx := context.Background()
	b.SetBytes(avg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := rec.Recognize(ctx, reqs[i%len(reqs)]); err != nil && !isContractError(err) {
			b.Fatal(err)
		}
	}
	reportPerDoc(b)
}

// BenchmarkRecognizeMRZOnly is the pipeline without the visual-zone stage
// (Options.MRZOnly): the difference from BenchmarkRecognize is the VIZ cost.
func BenchmarkRecognizeMRZOnly(b *testing.B) {
	docs := benchDocs(b)
	reqs, avg := benchRequests(b, docs)
	r, err := idrecog.New(idrecog.Options{MRZOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	b.SetBytes(avg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Recognize(ctx, reqs[i%len(reqs)]); err != nil && !isContractError(err) {
			b.Fatal(err)
		}
	}
	reportPerDoc(b)
}

// BenchmarkRecognizeParallel measures throughput with GOMAXPROCS workers.
func BenchmarkRecognizeParallel(b *testing.B) {
	docs := benchDocs(b)
	reqs, avg := benchRequests(b, docs)
	rec := newRecognizer(b)
	ctx := context.Background()
	b.SetBytes(avg)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			rec.Recognize(ctx, reqs[i%len(reqs)])
			i++
		}
	})
	reportPerDoc(b)
}

// BenchmarkDecodeImage is the intake stage: format sniffing, decoding and
// EXIF orientation of the front image.
func BenchmarkDecodeImage(b *testing.B) {
	docs := benchDocs(b)
	reqs, avg := benchRequests(b, docs)
	b.SetBytes(avg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := idrecog.DecodeImage(reqs[i%len(reqs)].FrontBytes, idrecog.ImageLimits{}); err != nil {
			b.Fatal(err)
		}
	}
	reportPerDoc(b)
}

// BenchmarkMRZParse is the text stage: parsing and validating the corpus's
// true MRZs.
func BenchmarkMRZParse(b *testing.B) {
	var mrzs [][]string
	for _, d := range benchDocs(b) {
		if len(d.MRZ) > 0 {
			mrzs = append(mrzs, d.MRZ)
		}
	}
	if len(mrzs) == 0 {
		b.Skip("no MRZ in the corpus")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mrz.Parse(mrzs[i%len(mrzs)], nil)
	}
}

func reportPerDoc(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 && b.N > 0 {
		b.ReportMetric(float64(b.N)/s, "docs/s")
		b.ReportMetric(1000*s/float64(b.N), "ms/doc")
	}
}

func isContractError(err error) bool {
	var e *idrecog.Error
	return errors.As(err, &e)
}

// BenchmarkMRZScan is the MRZ reading stage (package mrzscan: locate,
// straighten, segment, classify, decode) on decoded front images.
func BenchmarkMRZScan(b *testing.B) {
	docs := benchDocs(b)
	reqs, avg := benchRequests(b, docs)
	imgs := make([]image.Image, len(reqs))
	for i, r := range reqs {
		img, err := idrecog.DecodeImage(r.FrontBytes, idrecog.ImageLimits{})
		if err != nil {
			b.Fatal(err)
		}
		imgs[i] = img
	}
	rd, err := mrzscan.NewReader(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer rd.Close()
	ctx := context.Background()
	b.SetBytes(avg)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rd.Read(ctx, imgs[i%len(imgs)]) // ErrNoMRZ on a back-side MRZ document is part of the cost
	}
	reportPerDoc(b)
}
