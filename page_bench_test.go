package idrecog_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/synth"
)

// BenchmarkRecognizePassportPage times the whole default recognizer (MRZ,
// visual zone, MRZ-guided location, cross-checks, JSON-ready response) on
// the front page of synthetic passports at the photo level (seed 12, never
// the held-out seed), one page per iteration in turn. Besides ns/op (the
// mean) it reports the median wall time per page, the issue-6 speed
// target's measure:
//
//	GOMAXPROCS=1 OMP_THREAD_LIMIT=1 taskset -c 0 go test . -run XXX -bench RecognizePassportPage -benchtime 16x -count 3
func BenchmarkRecognizePassportPage(b *testing.B) {
	gen, err := synth.NewGenerator(synth.Options{Seed: 12, Level: synth.LevelPhoto, Types: []string{"td3"}})
	if err != nil {
		b.Fatal(err)
	}
	var reqs []idrecog.Request
	for i := 0; i < 8; i++ {
		doc, err := gen.Generate(i)
		if err != nil {
			b.Fatal(err)
		}
		reqs = append(reqs, idrecog.Request{FrontBytes: doc.Front, IssuingCountry: doc.Truth.IssuingCountry, IDType: doc.Truth.IDType})
	}
	r, err := idrecog.New(idrecog.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	// One warm-up page: Tesseract loads its models on first use.
	if _, err := r.Recognize(ctx, reqs[0]); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	cpus := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start, cpu := time.Now(), processCPU()
		if _, err := r.Recognize(ctx, reqs[i%len(reqs)]); err != nil {
			b.Fatalf("page %d: %v", i%len(reqs), err)
		}
		times = append(times, time.Since(start))
		cpus = append(cpus, processCPU()-cpu)
	}
	b.StopTimer()
	slices.Sort(times)
	slices.Sort(cpus)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms/page")
	if cpus[len(cpus)-1] > 0 {
		b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "median-cpu-ms/page")
	}
}
