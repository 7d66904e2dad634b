package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/idrecog/idrecog/synth"
)

// runSynth writes a synthetic corpus: NNNN.jpg (and NNNN-back.jpg for ID
// cards) with NNNN.json ground truth beside each.
func runSynth(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output directory (created if missing)")
	n := fs.Int("n", 10, "number of documents")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives byte-identical files")
	types := fs.String("types", "", "comma-separated document types: "+strings.Join(synth.AllTypes, ",")+" (default: the travel-document MRZ types "+strings.Join(synth.Types, ",")+"; the licences with an MRZ ("+strings.Join(synth.DLTypes, ",")+") and the types without one only when named)")
	level := fs.String("level", "clean", "capture level: clean, photo, hard or mixed (clean, photo, hard in turn)")
	country := fs.String("country", "", "issuing State code for every document (default: drawn per document)")
	workers := fs.Int("workers", 1, "documents generated in parallel (the files do not depend on it)")
	name := fs.String("name", "", "with -n 1: base file name instead of 0000 (NAME.jpg, NAME.json)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog synth -out DIR -n N -seed S [-types LIST] [-level clean|photo|hard|mixed] [-country ISO3] [-name NAME] [-workers W]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || *n < 0 || fs.NArg() > 0 || (*name != "" && (*n != 1 || strings.ContainsAny(*name, `/\`))) {
		fs.Usage()
		return 2
	}
	opts := synth.Options{Seed: *seed, Level: synth.Level(*level), Country: *country, Workers: *workers}
	if *types != "" {
		opts.Types = strings.Split(*types, ",")
	}
	if err := opts.Validate(); err != nil {
		fmt.Fprintln(stderr, "idrecog synth:", err)
		return 2
	}
	var err error
	if *name != "" {
		err = writeNamed(*out, opts, *name)
	} else {
		err = synth.WriteCorpus(*out, opts, *n)
	}
	if err != nil {
		fmt.Fprintln(stderr, "idrecog synth:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d documents to %s\n", *n, *out)
	return 0
}

// writeNamed writes document 0 as NAME.jpg (NAME-back.jpg) and NAME.json.
func writeNamed(dir string, opts synth.Options, name string) error {
	d, err := synth.Generate(opts, 0)
	if err != nil {
		return err
	}
	d.Truth.File = name + ".jpg"
	if d.Truth.BackFile != "" {
		d.Truth.BackFile = name + "-back.jpg"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return d.Write(dir)
}
