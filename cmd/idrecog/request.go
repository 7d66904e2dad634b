package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/idrecog/idrecog"
)

// runRequest reads a request body in the contract's JSON (base64 images)
// from FILE, or from standard input when FILE is "-" or absent, and answers
// like recognize:
//
//	idrecog request [-diagnostics] [FILE|-]
//
// With a callbackUrl in the body, it prints the acknowledgement and exits
// once the result has been POSTed.
func runRequest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("request", flag.ContinueOnError)
	fs.SetOutput(stderr)
	diagnostics := fs.Bool("diagnostics", false, "add the diagnostics object (review reasons, MRZ checks, timings)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog request [-diagnostics] [FILE|-]   (a JSON request body; standard input when FILE is - or absent)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "idrecog request: unexpected argument %q\n", fs.Arg(1))
		fs.Usage()
		return 2
	}
	in := stdin
	if name := fs.Arg(0); name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(stderr, "idrecog request:", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	req, err := idrecog.DecodeRequest(in, 0)
	if err != nil {
		return printError(err, stdout, stderr)
	}
	return recognizeAndPrint(idrecog.Options{Diagnostics: *diagnostics}, *req, stdout, stderr)
}
