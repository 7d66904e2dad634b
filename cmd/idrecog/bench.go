package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/bench"
)

// runBench measures the recognizer over a corpus directory: a synthetic
// corpus (NNNN.json truth next to each image) or a dev set (truth.json). It
// prints a Markdown report on stdout and, with -json, writes the report for
// machines; with -baseline it shows the change since an earlier -json report.
func runBench(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "corpus directory: NNNN.json truth files, or a dev set's truth.json")
	workers := fs.Int("workers", 1, "after the single-worker pass, a second pass with this many concurrent workers (throughput)")
	jsonOut := fs.String("json", "", "write the report as JSON to this file")
	baseline := fs.String("baseline", "", "earlier -json report to compare with")
	limit := fs.Int("limit", 0, "bench only the first N documents (sorted by name); 0 means all")
	threshold := fs.Int("threshold", 80, "score at or above which a wrong raw field counts as a false accept")
	diagnostics := fs.Bool("diagnostics", false, "ask for the diagnostics object: review reasons go into the -json per-document verdicts")
	mrzOnly := fs.Bool("mrz-only", false, "bench the recognizer without its visual-zone stage (Options.MRZOnly)")
	tolerance := fs.Float64("tolerance", -1, "with -baseline: exit 1 if an accuracy metric is worse than the baseline by more than this (0.01 = 1 point); negative: never")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog bench -dir DIR [-workers N] [-json OUT] [-baseline OLD.json] [-limit N] [-threshold 80] [-tolerance T] [-diagnostics] [-mrz-only]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir == "" || fs.NArg() > 0 || *workers < 1 || *limit < 0 {
		fs.Usage()
		return 2
	}

	var base *bench.Report
	if *baseline != "" {
		var err error
		if base, err = bench.ReadReport(*baseline); err != nil {
			fmt.Fprintln(stderr, "idrecog bench:", err)
			return 1
		}
	}
	docs, kind, err := bench.LoadDir(*dir)
	if err != nil {
		fmt.Fprintln(stderr, "idrecog bench:", err)
		return 1
	}
	if *limit > 0 && *limit < len(docs) {
		docs = docs[:*limit]
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rec, closeRec, err := openRecognizer(idrecog.Options{Diagnostics: *diagnostics, MRZOnly: *mrzOnly})
	if err != nil {
		fmt.Fprintln(stderr, "idrecog bench:", err)
		return 1
	}
	defer closeRec()

	opt := &bench.ScoreOptions{Threshold: *threshold}
	progress := func(done, total int) {
		if done%10 == 0 || done == total {
			fmt.Fprintf(stderr, "idrecog bench: %d/%d done\n", done, total)
		}
	}
	fmt.Fprintf(stderr, "idrecog bench: %d documents (%s), 1 worker\n", len(docs), kind)
	out, sp, err := bench.Run(ctx, rec, docs, &bench.RunOptions{Workers: 1, Progress: progress})
	if err != nil {
		fmt.Fprintln(stderr, "idrecog bench:", err)
		return 1
	}
	rep := bench.NewReport(*dir, kind, docs, out, opt)
	rep.Speed = append(rep.Speed, sp)
	if *workers > 1 {
		fmt.Fprintf(stderr, "idrecog bench: %d workers\n", *workers)
		out, sp, err := bench.Run(ctx, rec, docs, &bench.RunOptions{Workers: *workers, Progress: progress})
		if err != nil {
			fmt.Fprintln(stderr, "idrecog bench:", err)
			return 1
		}
		rep.AddPass(docs, out, sp, opt)
	}
	if err := rep.WriteMarkdown(stdout, base); err != nil {
		fmt.Fprintln(stderr, "idrecog bench:", err)
		return 1
	}
	if *jsonOut != "" {
		if err := rep.WriteJSON(*jsonOut); err != nil {
			fmt.Fprintln(stderr, "idrecog bench:", err)
			return 1
		}
	}
	if base != nil && *tolerance >= 0 {
		if regs := bench.Compare(base.Metrics, rep.Metrics, *tolerance); len(regs) > 0 {
			for _, r := range regs {
				fmt.Fprintln(stderr, "idrecog bench: worse than the baseline:", r)
			}
			return 1
		}
	}
	if rep.Accuracy.Crashes > 0 {
		fmt.Fprintf(stderr, "idrecog bench: %d documents crashed the recognizer\n", rep.Accuracy.Crashes)
		return 1
	}
	return 0
}

// openRecognizer returns the library's recognizer and its Close.
func openRecognizer(opt idrecog.Options) (bench.Recognizer, func(), error) {
	r, err := idrecog.New(opt)
	if err != nil {
		return nil, nil, err
	}
	return r, func() { r.Close() }, nil
}
