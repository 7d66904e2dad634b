package main

import (
	"fmt"
	"io"
)

// runBatch is a placeholder until the batch subcommand lands.
func runBatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog batch: not implemented yet")
	return 2
}
