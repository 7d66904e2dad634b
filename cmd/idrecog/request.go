package main

import (
	"fmt"
	"io"
)

// runRequest is a placeholder until the request subcommand lands.
func runRequest(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog request: not implemented yet")
	return 2
}
