package main

import (
	"fmt"
	"io"
)

// runSynth is a placeholder until the synth subcommand lands.
func runSynth(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "idrecog synth: not implemented yet")
	return 2
}
