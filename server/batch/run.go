package batch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/idrecog/idrecog"
)

// Recognizer is what a run needs of *idrecog.Recognizer.
type Recognizer interface {
	Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error)
}

// Line is one line of the output.
type Line struct {
	File     string            `json:"file"`
	Back     string            `json:"back,omitempty"`
	Response *idrecog.Response `json:"response,omitempty"`
	Error    *idrecog.Error    `json:"error,omitempty"`
}

// Options configures Run; nil means the defaults.
type Options struct {
	Dir         string        // base of relative job paths ("" = current directory)
	Workers     int           // concurrent recognitions, default runtime.NumCPU()
	RetryFailed bool          // on resume, process again the files whose line is an error
	Progress    io.Writer     // progress and the final summary go here; nil: none
	Terminal    bool          // Progress is a terminal: redraw a bar in place
	Every       time.Duration // plain progress line interval when not Terminal, default 10 s
}

// Summary counts a run's outcome.
type Summary struct {
	Total   int           // jobs given (after removing duplicates)
	Skipped int           // already in the output
	OK      int           // recognised this run
	Failed  int           // recorded with an error this run
	Elapsed time.Duration // this run
}

// Done reads an output file and returns the files it already holds: every
// file with a response, and, unless retryFailed, every file with an error.
// A missing file is an empty output. A truncated last line (from a run that
// was killed mid-write) is ignored.
func Done(name string, retryFailed bool) (map[string]bool, error) {
	done := map[string]bool{}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	defer f.Close()
	rd := bufio.NewReader(f)
	for n := 1; ; n++ {
		line, err := rd.ReadBytes('\n')
		if err == io.EOF {
			return done, nil // a last line without '\n' is incomplete
		}
		if err != nil {
			return nil, fmt.Errorf("batch: %s: %w", name, err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var l struct {
			File     string          `json:"file"`
			Response json.RawMessage `json:"response"`
			Error    json.RawMessage `json:"error"`
		}
		if err := json.Unmarshal(line, &l); err != nil || l.File == "" {
			return nil, fmt.Errorf("batch: %s line %d is not a batch result; refusing to append to it", name, n)
		}
		if l.Response != nil || !retryFailed {
			done[l.File] = true
		}
	}
}

// Run recognises the jobs not yet in the output file out, appending one
// line per job as it finishes (in completion order). A failure is recorded
// with its error code and the run goes on. Cancelling ctx stops dispatching;
// jobs cut short by the cancellation are not recorded, so that the next run
// does them. The error is about the run itself (the output cannot be
// written, ctx was cancelled), never about one file.
func Run(ctx context.Context, rec Recognizer, jobs []Job, out string, opt *Options) (Summary, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Every <= 0 {
		o.Every = 10 * time.Second
	}
	var sum Summary
	done, err := Done(out, o.RetryFailed)
	if err != nil {
		return sum, err
	}
	seen := map[string]bool{}
	var todo []Job
	for _, j := range jobs {
		if seen[j.File] {
			continue
		}
		seen[j.File] = true
		sum.Total++
		if done[j.File] {
			sum.Skipped++
			continue
		}
		todo = append(todo, j)
	}

	w, err := openAppend(out)
	if err != nil {
		return sum, err
	}
	defer w.Close()

	start := time.Now()
	p := &progress{w: o.Progress, terminal: o.Terminal, every: o.Every, total: len(todo), start: start}
	var (
		mu       sync.Mutex
		writeErr error
	)
	record := func(l *Line) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(l); err != nil {
			l = &Line{File: l.File, Back: l.Back, Error: idrecog.NewError(idrecog.CodeProcessFailed, "cannot encode the response")}
			buf.Reset()
			enc.Encode(l)
		}
		mu.Lock()
		defer mu.Unlock()
		if writeErr != nil {
			return
		}
		if _, err := w.Write(buf.Bytes()); err != nil {
			writeErr = fmt.Errorf("batch: writing %s: %w", out, err)
			return
		}
		if l.Error != nil {
			sum.Failed++
		} else {
			sum.OK++
		}
		p.update(sum.OK, sum.Failed)
	}

	jobc := make(chan Job)
	var wg sync.WaitGroup
	for range min(o.Workers, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobc {
				if l, ok := process(ctx, rec, o.Dir, j); ok {
					record(l)
				}
			}
		}()
	}
dispatch:
	for _, j := range todo {
		mu.Lock()
		failed := writeErr != nil
		mu.Unlock()
		if failed {
			break
		}
		select {
		case jobc <- j:
		case <-ctx.Done():
			break dispatch
		}
	}
	close(jobc)
	wg.Wait()
	sum.Elapsed = time.Since(start)
	p.finish(sum)
	if err := w.Close(); err != nil && writeErr == nil {
		writeErr = fmt.Errorf("batch: %w", err)
	}
	if writeErr != nil {
		return sum, writeErr
	}
	return sum, ctx.Err()
}

// openAppend opens out for appending, first cutting off an incomplete last
// line left by a killed run.
func openAppend(out string) (*os.File, error) {
	f, err := os.OpenFile(out, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("batch: %w", err)
	}
	if size := st.Size(); size > 0 {
		// Find the last '\n' scanning backwards in blocks.
		keep := int64(0)
		buf := make([]byte, 64<<10)
		for end := size; end > 0; {
			n := min(int64(len(buf)), end)
			if _, err := f.ReadAt(buf[:n], end-n); err != nil {
				f.Close()
				return nil, fmt.Errorf("batch: %w", err)
			}
			if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
				keep = end - n + int64(i) + 1
				break
			}
			end -= n
		}
		if keep != size {
			if err := f.Truncate(keep); err != nil {
				f.Close()
				return nil, fmt.Errorf("batch: %w", err)
			}
		}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, fmt.Errorf("batch: %w", err)
	}
	return f, nil
}

// process recognises one job. ok is false when the job was cut short by
// ctx and must not be recorded.
func process(ctx context.Context, rec Recognizer, dir string, j Job) (*Line, bool) {
	l := &Line{File: j.File, Back: j.Back}
	if ctx.Err() != nil {
		return nil, false
	}
	req := idrecog.Request{IssuingCountry: j.IssuingCountry, IDType: j.IDType}
	var err error
	if req.FrontBytes, err = os.ReadFile(resolve(dir, j.File)); err != nil {
		l.Error = idrecog.NewError(idrecog.CodeIDImageRequired, "cannot read "+j.File+": "+errText(err))
		return l, true
	}
	if j.Back != "" {
		if req.BackBytes, err = os.ReadFile(resolve(dir, j.Back)); err != nil {
			l.Error = idrecog.NewError(idrecog.CodeInvalidInputs, "cannot read back "+j.Back+": "+errText(err))
			return l, true
		}
	}
	resp, err := recognize(ctx, rec, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false
		}
		var ce *idrecog.Error
		if !errors.As(err, &ce) {
			ce = idrecog.NewError(idrecog.CodeProcessFailed, err.Error())
		}
		l.Error = ce
		return l, true
	}
	if resp == nil {
		l.Error = idrecog.NewError(idrecog.CodeProcessFailed, "no response")
		return l, true
	}
	l.Response = resp
	return l, true
}

// recognize calls rec, turning a panic into a recorded failure so that one
// bad file cannot end the run.
func recognize(ctx context.Context, rec Recognizer, req idrecog.Request) (resp *idrecog.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, idrecog.NewError(idrecog.CodeProcessFailed, fmt.Sprintf("internal error: %v", p))
		}
	}()
	return rec.Recognize(ctx, req)
}

func resolve(dir, file string) string {
	p := filepath.FromSlash(file)
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

// errText is an OS error without the path it repeats.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
