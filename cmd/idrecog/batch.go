package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/server/batch"
)

// runBatch recognises every image of a folder, or every file a manifest
// names, writing one JSON line per file to -out. A second run with the same
// -out skips the files already there.
func runBatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output JSON lines file (appended to; files already in it are skipped)")
	workers := fs.Int("workers", runtime.NumCPU(), "concurrent recognitions")
	country := fs.String("country", "", "issuingCountry of every document (default for manifest entries without one)")
	idType := fs.String("type", "", "idType of every document (default for manifest entries without one)")
	manifest := fs.String("manifest", "", "JSON lines ({\"file\",\"issuingCountry\",\"idType\",\"back\"}) or .csv with a header naming those columns")
	retry := fs.Bool("retry-failed", false, "also redo files whose earlier result is an error")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	diagnostics := fs.Bool("diagnostics", false, "include the diagnostics object in each response")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog batch DIR -out results.jsonl [-workers N] [-country C -type T | -manifest FILE] [-retry-failed] [-diagnostics] [-quiet]")
		fmt.Fprintln(stderr, "  With -manifest, DIR (optional) is the base of the manifest's relative paths; default: the manifest's directory.")
		fmt.Fprintln(stderr, "  In a folder, NAME_back.EXT is sent as the back of NAME.EXT (or NAME_front.EXT).")
		fs.PrintDefaults()
	}
	// Flags may come before or after DIR.
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *out == "" || len(pos) > 1 || *workers < 1 ||
		(*manifest == "" && (len(pos) != 1 || *country == "" || *idType == "")) {
		fs.Usage()
		return 2
	}

	var jobs []batch.Job
	var dir string
	var err error
	if *manifest != "" {
		dir = filepath.Dir(*manifest)
		if len(pos) == 1 {
			dir = pos[0]
		}
		jobs, err = batch.ReadManifestFile(*manifest)
		batch.FillDefaults(jobs, *country, *idType)
	} else {
		dir = pos[0]
		jobs, err = batch.ScanDir(dir, *country, *idType)
	}
	if err != nil {
		fmt.Fprintln(stderr, "idrecog batch:", err)
		return 1
	}
	if len(jobs) == 0 {
		fmt.Fprintln(stderr, "idrecog batch: no images found")
		return 1
	}

	rec, err := idrecog.New(idrecog.Options{Diagnostics: *diagnostics})
	if err != nil {
		fmt.Fprintln(stderr, "idrecog batch:", err)
		return 1
	}
	defer rec.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opt := &batch.Options{Dir: dir, Workers: *workers, RetryFailed: *retry}
	if !*quiet {
		opt.Progress, opt.Terminal = stderr, isTerminal(stderr)
	}
	sum, err := batch.Run(ctx, rec, jobs, *out, opt)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "idrecog batch: interrupted after %d files; run the same command again to resume\n", sum.OK+sum.Failed)
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "idrecog batch:", err)
		return 1
	}
	return 0
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
