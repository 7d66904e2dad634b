package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
)

// fakeCorpus writes n tiny "images" whose bytes name their behaviour.
func fakeCorpus(t *testing.T, behaviours ...string) []Doc {
	t.Helper()
	dir := t.TempDir()
	var docs []Doc
	for i, b := range behaviours {
		name := filepath.Join(dir, b+string(rune('a'+i))+".img")
		if err := os.WriteFile(name, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
		d := passportDoc()
		d.ID, d.Front = b+string(rune('a'+i)), name
		docs = append(docs, *d)
	}
	return docs
}

// fakeRecognizer answers by the image bytes: "right", "wrong", "error",
// "panic"; it sleeps 2 ms to have a latency.
var fakeRecognizer = RecognizerFunc(func(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
	time.Sleep(2 * time.Millisecond)
	switch string(req.FrontBytes) {
	case "right":
		return response(td3, "L898902C3", "ERIKSSON", false), nil
	case "wrong":
		return response(td3Bad, "L898902C8", "ERIKSSON", false), nil
	case "panic":
		var m map[string]int
		m["x"]++ // nil map write
	}
	return nil, idrecog.NewError(idrecog.CodeAnalyzeFailed, "")
})

func TestRun(t *testing.T) {
	docs := fakeCorpus(t, "right", "wrong", "error", "panic", "right", "right")
	for _, workers := range []int{1, 3} {
		var calls, last int
		progress := func(done, total int) {
			calls++
			if done != last+1 || total != len(docs) {
				t.Errorf("progress(%d, %d) after %d", done, total, last)
			}
			last = done
		}
		out, sp, err := Run(context.Background(), fakeRecognizer, docs, &RunOptions{Workers: workers, Sample: time.Millisecond, Progress: progress})
		if err != nil {
			t.Fatal(err)
		}
		if calls != len(docs) {
			t.Errorf("workers %d: %d progress calls, want %d", workers, calls, len(docs))
		}
		if len(out) != len(docs) || sp.Docs != len(docs) || sp.Workers != workers {
			t.Fatalf("workers %d: %d outcomes, speed %+v", workers, len(out), sp)
		}
		if out[3].Panic == "" || !strings.Contains(out[3].Panic, "nil map") || out[3].Response != nil {
			t.Errorf("panic outcome = %+v", out[3])
		}
		if out[2].Err == nil || out[0].Response == nil || out[1].Response == nil {
			t.Errorf("outcomes out of order: %+v", out[:3])
		}
		if sp.P50MS < 2 || sp.MaxMS < sp.P95MS || sp.P95MS < sp.P50MS || sp.DocsPerSec <= 0 || sp.PeakSysMB <= 0 || sp.MaxRSSMB <= 0 {
			t.Errorf("speed = %+v", sp)
		}
		r := NewReport("fake", KindSynth, docs, out, scoreOpt)
		a := r.Accuracy
		if a.Crashes != 1 || a.MRZ.Exact.OK != 3 || a.MRZ.FalseAccepts.OK != 1 || a.Errors["1009"] != 1 {
			t.Errorf("accuracy: crashes %d exact %v falseAcc %v errors %v", a.Crashes, a.MRZ.Exact, a.MRZ.FalseAccepts, a.Errors)
		}
	}
}

func TestRunMissingImage(t *testing.T) {
	docs := fakeCorpus(t, "right", "right")
	docs[1].Front = filepath.Join(t.TempDir(), "absent.jpg")
	if _, _, err := Run(context.Background(), fakeRecognizer, docs, &RunOptions{Workers: 2}); err == nil || !strings.Contains(err.Error(), "absent.jpg") {
		t.Errorf("Run with a missing image: %v", err)
	}
}

func TestRunCancel(t *testing.T) {
	docs := fakeCorpus(t, "right", "right", "right", "right")
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	rec := RecognizerFunc(func(c context.Context, req idrecog.Request) (*idrecog.Response, error) {
		if n.Add(1) == 1 {
			cancel()
		}
		return fakeRecognizer(c, req)
	})
	if _, _, err := Run(ctx, rec, docs, nil); err != context.Canceled {
		t.Errorf("Run after cancel: %v, want context.Canceled", err)
	}
	if n.Load() == int32(len(docs)) {
		t.Error("Run went on after the context was cancelled")
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if got := percentile(xs, 0.5); got != 5.5 {
		t.Errorf("p50 = %v, want 5.5", got)
	}
	if got := percentile(xs, 0.95); got < 9.5 || got > 9.6 {
		t.Errorf("p95 = %v, want 9.55", got)
	}
	if got := percentile(xs[:1], 0.95); got != 1 {
		t.Errorf("p95 of one = %v", got)
	}
}

func TestMarkdownBaseline(t *testing.T) {
	docs := fakeCorpus(t, "right", "wrong", "right", "right")
	out, sp, err := Run(context.Background(), fakeRecognizer, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := NewReport("now", KindSynth, docs, out, scoreOpt)
	r.Speed = append(r.Speed, sp)

	// The baseline read everything right: the wrong read is a drop.
	for i := range docs {
		docs[i].Front = fakeCorpus(t, "right")[0].Front
	}
	bout, bsp, err := Run(context.Background(), fakeRecognizer, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := NewReport("before", KindSynth, docs, bout, scoreOpt)
	base.Speed = append(base.Speed, bsp)

	var buf bytes.Buffer
	if err := r.WriteMarkdown(&buf, base); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"Worse than the baseline: doc.read_right, mrz.exact, mrz.cer, mrz.checks_pass, mrz.false_accept, ocr.full_mrz, ocr.mrz_line2, ocr.ocr_number, raw.number, false_accept.ocr, false_accept.raw.",
		"| mrz.exact | 75.0% | 4 | -25.0 pt worse |",
		"| mrz.false_accept | 25.0% | 4 | +25.0 pt worse |",
		"| ocr.ocr_lastName | 100.0% | 4 | = |",
		"### Speed", "| 1 |",
		"- wrongb: MRZ 1 edits; ocr: full_mrz mrz_line2 ocr_number; raw: number",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}

	// JSON round trip keeps what the baseline comparison needs.
	name := filepath.Join(t.TempDir(), "r.json")
	if err := r.WriteJSON(name); err != nil {
		t.Fatal(err)
	}
	back, err := ReadReport(name)
	if err != nil {
		t.Fatal(err)
	}
	if regs := Compare(r.Metrics, back.Metrics, 0); len(regs) != 0 || back.Docs != 4 || len(back.Speed) != 1 {
		t.Errorf("round trip: regressions %v docs %d speed %v", regs, back.Docs, back.Speed)
	}
	if regs := Compare(base.Metrics, r.Metrics, 0.01); len(regs) == 0 {
		t.Error("a worse run shows no regression against a better baseline")
	}
}
