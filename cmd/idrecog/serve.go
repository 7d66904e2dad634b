package main

import (
	"fmt"
	"io"
)

// runServe is a placeholder until the serve subcommand lands.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog serve: not implemented yet")
	return 2
}
