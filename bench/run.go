package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"github.com/idrecog/idrecog"
)

// Recognizer is what the bench drives: the root package's recognizer, or any
// stand-in with the same method.
type Recognizer interface {
	Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error)
}

// RecognizerFunc adapts a function to Recognizer.
type RecognizerFunc func(ctx context.Context, req idrecog.Request) (*idrecog.Response, error)

// Recognize calls f.
func (f RecognizerFunc) Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
	return f(ctx, req)
}

// Speed is the timing of one pass over the corpus.
type Speed struct {
	Workers    int     `json:"workers"`
	Docs       int     `json:"docs"`
	WallS      float64 `json:"wallS"`
	DocsPerSec float64 `json:"docsPerSec"`
	P50MS      float64 `json:"p50Ms"`
	P95MS      float64 `json:"p95Ms"`
	MaxMS      float64 `json:"maxMs"`
	MeanMS     float64 `json:"meanMs"`

	// Peak memory: Go heap and runtime totals sampled during the pass
	// (runtime.MemStats HeapSys and Sys), and the process's maximum
	// resident set size so far (getrusage; includes C memory).
	PeakHeapSysMB float64 `json:"peakHeapSysMB"`
	PeakSysMB     float64 `json:"peakSysMB"`
	MaxRSSMB      float64 `json:"maxRssMB"`
}

// RunOptions tunes Run. A nil *RunOptions means one worker.
type RunOptions struct {
	Workers int           // concurrent Recognize calls; <1 means 1
	Sample  time.Duration // memory sampling period; 0 means 50 ms

	// Progress, if set, is called after each document with the number
	// done so far; calls are serialised.
	Progress func(done, total int)
}

// Run recognises every document with rec and returns one Outcome per
// document (in docs order) and the pass's speed. A panic in Recognize is
// recovered and recorded in its Outcome; an image that cannot be read is an
// error of Run. Run stops early, returning ctx's error, when ctx is done.
func Run(ctx context.Context, rec Recognizer, docs []Doc, opt *RunOptions) ([]Outcome, Speed, error) {
	workers, period := 1, 50*time.Millisecond
	var progress func(done, total int)
	if opt != nil {
		progress = opt.Progress
		if opt.Workers > 1 {
			workers = opt.Workers
		}
		if opt.Sample > 0 {
			period = opt.Sample
		}
	}
	out := make([]Outcome, len(docs))
	sampler := startMemSampler(period)

	jobs := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				req, err := request(&docs[i])
				if err != nil {
					errs <- err
					return
				}
				out[i] = recognizeOne(ctx, rec, req)
				if progress != nil {
					mu.Lock()
					done++
					progress(done, len(docs))
					mu.Unlock()
				}
			}
		}()
	}
	var runErr error
feed:
	for i := range docs {
		select {
		case jobs <- i:
		case runErr = <-errs:
			break feed
		case <-ctx.Done():
			runErr = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	wall := time.Since(start)
	heap, sys := sampler.stop()
	if runErr == nil {
		select {
		case runErr = <-errs:
		default:
		}
	}
	if runErr != nil {
		return nil, Speed{}, runErr
	}
	sp := speedOf(out, wall, workers)
	sp.PeakHeapSysMB, sp.PeakSysMB = mb(heap), mb(sys)
	sp.MaxRSSMB = maxRSSMB()
	return out, sp, nil
}

// request builds the recognition request of d, reading its images.
func request(d *Doc) (idrecog.Request, error) {
	front, err := os.ReadFile(d.Front)
	if err != nil {
		return idrecog.Request{}, fmt.Errorf("bench: %s: %w", d.ID, err)
	}
	req := idrecog.Request{IssuingCountry: d.IssuingCountry, IDType: d.IDType, FrontBytes: front}
	if d.Back != "" {
		if req.BackBytes, err = os.ReadFile(d.Back); err != nil {
			return idrecog.Request{}, fmt.Errorf("bench: %s: %w", d.ID, err)
		}
	}
	return req, nil
}

// recognizeOne runs one recognition, timing it and turning a panic into a
// recorded outcome.
func recognizeOne(ctx context.Context, rec Recognizer, req idrecog.Request) (o Outcome) {
	start := time.Now()
	defer func() {
		o.Latency = time.Since(start)
		if p := recover(); p != nil {
			o = Outcome{Panic: fmt.Sprintf("%v\n%s", p, debug.Stack()), Latency: time.Since(start)}
		}
	}()
	resp, err := rec.Recognize(ctx, req)
	return Outcome{Response: resp, Err: err}
}

func speedOf(out []Outcome, wall time.Duration, workers int) Speed {
	sp := Speed{Workers: workers, Docs: len(out), WallS: wall.Seconds()}
	if len(out) == 0 {
		return sp
	}
	ms := make([]float64, len(out))
	var sum float64
	for i, o := range out {
		ms[i] = float64(o.Latency.Microseconds()) / 1000
		sum += ms[i]
	}
	sort.Float64s(ms)
	sp.P50MS, sp.P95MS, sp.MaxMS = percentile(ms, 0.50), percentile(ms, 0.95), ms[len(ms)-1]
	sp.MeanMS = sum / float64(len(ms))
	if wall > 0 {
		sp.DocsPerSec = float64(len(out)) / wall.Seconds()
	}
	return sp
}

// percentile returns the p-quantile of sorted xs by linear interpolation.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	pos := p * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	f := pos - float64(i)
	return xs[i]*(1-f) + xs[i+1]*f
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// memSampler records the peak HeapSys and Sys while a pass runs.
type memSampler struct {
	done      chan struct{}
	wg        sync.WaitGroup
	heap, sys uint64
}

func startMemSampler(period time.Duration) *memSampler {
	s := &memSampler{done: make(chan struct{})}
	s.read()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				s.read()
			}
		}
	}()
	return s
}

func (s *memSampler) read() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s.heap = max(s.heap, m.HeapSys)
	s.sys = max(s.sys, m.Sys)
}

// stop ends the sampling goroutine and returns the peaks.
func (s *memSampler) stop() (heap, sys uint64) {
	close(s.done)
	s.wg.Wait()
	s.read()
	return s.heap, s.sys
}
