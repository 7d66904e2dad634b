package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/idrecog/idrecog"
)

// runRecognize recognises one document given as image files:
//
//	idrecog recognize -front FILE [-back FILE] -country ISO3 -type IDTYPE [-diagnostics] [-debug-image OUT.png]
//
// It prints the response JSON and exits 0, or prints the contract error JSON
// and exits 1. A missing -front, -country or -type is the contract's error
// (1005, 1006, 1014), as the API would answer; no arguments at all, an
// unknown flag or an unreadable file is a usage error (exit 2).
func runRecognize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("recognize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	front := fs.String("front", "", "front image `FILE` (JPEG, PNG, WebP, TIFF, BMP or GIF)")
	back := fs.String("back", "", "back image `FILE` (optional)")
	country := fs.String("country", "", "issuing country, ISO 3166-1 alpha-3 or ICAO code (USA, KOR, UTO, ...)")
	idType := fs.String("type", "", "idType: government_id, passport, drivers_license, residence_permit, visa, ...")
	diagnostics := fs.Bool("diagnostics", false, "add the diagnostics object (review reasons, MRZ checks, timings)")
	debugImage := fs.String("debug-image", "", "write the MRZ stage's drawing of what it found to `OUT.png`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog recognize -front FILE [-back FILE] -country ISO3 -type IDTYPE [-diagnostics] [-debug-image OUT.png]")
		fs.PrintDefaults()
	}
	if len(args) == 0 {
		fs.Usage()
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "idrecog recognize: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	req := idrecog.Request{IssuingCountry: *country, IDType: *idType}
	var err error
	if *front != "" {
		if req.FrontBytes, err = readImageFile(*front); err != nil {
			fmt.Fprintln(stderr, "idrecog recognize:", err)
			return 2
		}
	}
	if *back != "" {
		if req.BackBytes, err = readImageFile(*back); err != nil {
			fmt.Fprintln(stderr, "idrecog recognize:", err)
			return 2
		}
	}
	opt := idrecog.Options{Diagnostics: *diagnostics, DebugImagePath: *debugImage}
	return recognizeAndPrint(opt, req, stdout, stderr)
}

// readImageFile reads at most one byte more than the image size limit, so
// that an oversized file is refused by the recognizer (1013) without being
// read whole.
func readImageFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, idrecog.DefaultMaxBytes+1))
}

// recognizeAndPrint runs one request and prints the response or the
// contract error as JSON; it returns the exit status. Asynchronous requests
// print the acknowledgement and return once the result was delivered.
func recognizeAndPrint(opt idrecog.Options, req idrecog.Request, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := idrecog.New(opt)
	if err != nil {
		return printError(err, stdout, stderr)
	}
	defer r.Close()
	resp, err := r.Recognize(ctx, req)
	if err != nil {
		return printError(err, stdout, stderr)
	}
	if err := idrecog.WriteJSON(stdout, resp); err != nil {
		fmt.Fprintln(stderr, "idrecog:", err)
		return 1
	}
	return 0
}

// printError prints a contract error's JSON on stdout and returns 1.
func printError(err error, stdout, stderr io.Writer) int {
	var e *idrecog.Error
	if !errors.As(err, &e) {
		e = idrecog.NewError(idrecog.CodeProcessFailed, err.Error())
	}
	if werr := idrecog.WriteJSON(stdout, e); werr != nil {
		fmt.Fprintln(stderr, "idrecog:", werr)
	}
	return 1
}
