package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/idrecog/idrecog/mrz"
)

// runMRZ parses MRZ text: the lines given as arguments make one MRZ; with no
// arguments, each stdin line is one MRZ with its lines separated by '|'
// (with -jsonl, a JSON array of lines). One JSON object per MRZ goes to
// stdout, in input order (see mrz.AppendJSON). Exit status 1 when some input
// was not an MRZ.
func runMRZ(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mrz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonl := fs.Bool("jsonl", false, "stdin lines are JSON arrays of MRZ lines")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "parallel parsers for stdin input")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog mrz [-jsonl] [-workers N] [LINE...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opt := mrz.Options{Now: time.Now()}
	w := bufio.NewWriterSize(stdout, 1<<16)
	if fs.NArg() > 0 {
		p := &mrz.Parser{Options: opt}
		r, err := p.Parse(fs.Args())
		w.Write(append(mrz.AppendJSON(nil, fs.Args(), r, err), '\n'))
		if ferr := w.Flush(); ferr != nil {
			fmt.Fprintln(stderr, "idrecog mrz:", ferr)
			return 1
		}
		if err != nil {
			return 1
		}
		return 0
	}
	if *workers < 1 {
		*workers = 1
	}

	// Pipeline: the reader cuts stdin into chunks, workers parse them, the
	// writer prints the chunks in input order.
	type chunk struct {
		texts []string
		out   []byte
		bad   bool
		done  chan struct{}
	}
	const chunkSize = 1024
	work := make(chan *chunk, *workers*2)
	order := make(chan *chunk, *workers*4)
	free := make(chan *chunk, *workers*4+2) // recycled chunks and their buffers
	newChunk := func() *chunk {
		select {
		case c := <-free:
			c.texts, c.out, c.bad, c.done = c.texts[:0], c.out[:0], false, make(chan struct{})
			return c
		default:
			return &chunk{done: make(chan struct{}), out: make([]byte, 0, chunkSize*1024)}
		}
	}
	for i := 0; i < *workers; i++ {
		go func() {
			p := &mrz.Parser{Options: opt}
			var parts [8]string
			for c := range work {
				for _, text := range c.texts {
					var lines []string
					if *jsonl {
						if err := json.Unmarshal([]byte(text), &lines); err != nil {
							c.out = mrz.AppendJSON(c.out, []string{text}, nil, fmt.Errorf("mrz: input is not a JSON array of strings: %v", err))
							c.out = append(c.out, '\n')
							c.bad = true
							continue
						}
					} else {
						lines = splitPipes(text, parts[:0])
					}
					r, err := p.Parse(lines)
					if err != nil {
						c.bad = true
					}
					c.out = mrz.AppendJSON(c.out, lines, r, err)
					c.out = append(c.out, '\n')
				}
				close(c.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		c := newChunk()
		flush := func() {
			order <- c
			work <- c
			c = newChunk()
		}
		for sc.Scan() {
			text := sc.Text()
			if strings.TrimSpace(text) == "" {
				continue
			}
			c.texts = append(c.texts, text)
			if len(c.texts) == chunkSize {
				flush()
			}
		}
		if len(c.texts) > 0 {
			flush()
		}
		readErr <- sc.Err()
	}()
	status := 0
	var werr error
	for c := range order {
		<-c.done
		if c.bad {
			status = 1
		}
		if werr == nil {
			_, werr = w.Write(c.out)
		}
		select {
		case free <- c:
		default:
		}
	}
	if err := <-readErr; err != nil {
		w.Flush()
		fmt.Fprintln(stderr, "idrecog mrz:", err)
		return 1
	}
	if werr == nil {
		werr = w.Flush()
	}
	if werr != nil {
		fmt.Fprintln(stderr, "idrecog mrz:", werr)
		return 1
	}
	return status
}

// splitPipes splits one input line into MRZ lines at '|' (at most 8).
func splitPipes(text string, lines []string) []string {
	for {
		i := strings.IndexByte(text, '|')
		if i < 0 || len(lines) == cap(lines)-1 {
			return append(lines, text)
		}
		lines = append(lines, text[:i])
		text = text[i+1:]
	}
}
