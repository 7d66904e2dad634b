package main

import (
	"fmt"
	"io"
)

// runBench is a placeholder until the bench subcommand lands.
func runBench(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog bench: not implemented yet")
	return 2
}
