package main

import (
	"fmt"
	"io"
)

// runMRZ is a placeholder until the mrz subcommand lands.
func runMRZ(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog mrz: not implemented yet")
	return 2
}
