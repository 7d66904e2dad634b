package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/idrecog/idrecog/mrz"
)

// runMRZ parses MRZ text: the lines given as arguments make one MRZ; with no
// arguments, each stdin line is one MRZ with its lines separated by '|'
// (with -jsonl, a JSON array of lines). One JSON object per MRZ goes to
// stdout (see mrz.AppendJSON). Exit status 1 when some input was not an MRZ.
func runMRZ(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonl := fs.Bool("jsonl", false, "stdin lines are JSON arrays of MRZ lines")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog mrz [-jsonl] [LINE...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	var buf []byte
	status := 0
	p := &mrz.Parser{Options: mrz.Options{Now: time.Now()}}
	emit := func(lines []string) {
		r, err := p.Parse(lines)
		if err != nil {
			status = 1
		}
		buf = mrz.AppendJSON(buf[:0], lines, r, err)
		buf = append(buf, '\n')
		w.Write(buf)
	}
	if fs.NArg() > 0 {
		emit(fs.Args())
		if err := w.Flush(); err != nil {
			fmt.Fprintln(stderr, "idrecog mrz:", err)
			return 1
		}
		return status
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var parts [8]string
	for sc.Scan() {
		text := sc.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		var lines []string
		if *jsonl {
			if err := json.Unmarshal([]byte(text), &lines); err != nil {
				buf = mrz.AppendJSON(buf[:0], []string{text}, nil, fmt.Errorf("mrz: input is not a JSON array of strings: %v", err))
				buf = append(buf, '\n')
				w.Write(buf)
				status = 1
				continue
			}
		} else {
			lines = parts[:0]
			for {
				i := strings.IndexByte(text, '|')
				if i < 0 || len(lines) == len(parts)-1 {
					lines = append(lines, text)
					break
				}
				lines = append(lines, text[:i])
				text = text[i+1:]
			}
		}
		emit(lines)
	}
	if err := sc.Err(); err != nil {
		w.Flush()
		fmt.Fprintln(stderr, "idrecog mrz:", err)
		return 1
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "idrecog mrz:", err)
		return 1
	}
	return status
}
