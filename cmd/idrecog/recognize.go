package main

import (
	"fmt"
	"io"
)

// runRecognize is a placeholder until the recognize subcommand lands.
func runRecognize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog recognize: not implemented yet")
	return 2
}
