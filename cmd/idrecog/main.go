// Command idrecog recognises identity documents offline and prints the
// hosted ID-recognition API's JSON.
//
// Usage:
//
//	idrecog recognize -front FILE [-back FILE] -country ISO3 -type IDTYPE [-diagnostics] [-debug-image OUT.png]
//	idrecog request [FILE|-]
//	idrecog mrz [LINE...]
//	idrecog synth -out DIR -n N -seed S [-types LIST] [-level clean|photo|hard]
//	idrecog bench -dir DIR [-workers N] [-json OUT] [-baseline OLD.json]
//	idrecog serve -addr 127.0.0.1:8080
//	idrecog batch DIR -out results.jsonl
//
// Exit status: 0 on success, 1 on a contract error (its JSON on stdout),
// 2 on a usage error (usage on stderr).
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand: it gets its arguments and the standard streams
// and returns the exit status.
type command func(args []string, stdin io.Reader, stdout, stderr io.Writer) int

// commands is the subcommand table. Each subcommand lives in its own file.
var commands = map[string]command{
	"recognize": runRecognize,
	"request":   runRequest,
	"mrz":       runMRZ,
	"synth":     runSynth,
	"bench":     runBench,
	"serve":     runServe,
	"batch":     runBatch,
}

func main() {
	singleThreadedOCR()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "idrecog: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: idrecog COMMAND [flags]; commands:")
	for _, n := range names {
		fmt.Fprintln(w, "  "+n)
	}
}
