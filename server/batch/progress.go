package batch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports a run's progress: on a terminal a bar redrawn in place
// (at most ten times a second), elsewhere a plain line every few seconds.
type progress struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	total    int // jobs to do this run
	start    time.Time
	last     time.Time
	drawn    bool
}

func (p *progress) update(ok, failed int) {
	if p.w == nil {
		return
	}
	now := time.Now()
	n := ok + failed
	interval := p.every
	if p.terminal {
		interval = 100 * time.Millisecond
	}
	if n < p.total && now.Sub(p.last) < interval {
		return
	}
	p.last = now
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(n, failed, now, true))
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, "batch: "+p.line(n, failed, now, false))
}

// line is "[####----] 12/40  30%  2.5 files/s  ETA 11s  1 failed".
func (p *progress) line(n, failed int, now time.Time, bar bool) string {
	var b strings.Builder
	frac := 1.0
	if p.total > 0 {
		frac = float64(n) / float64(p.total)
	}
	if bar {
		const width = 24
		full := int(frac * width)
		b.WriteString("[" + strings.Repeat("#", full) + strings.Repeat("-", width-full) + "] ")
	}
	elapsed := now.Sub(p.start)
	fmt.Fprintf(&b, "%d/%d  %3.0f%%", n, p.total, 100*frac)
	if elapsed > 0 && n > 0 {
		rate := float64(n) / elapsed.Seconds()
		fmt.Fprintf(&b, "  %.2f files/s", rate)
		if n < p.total {
			eta := time.Duration(float64(p.total-n) / rate * float64(time.Second))
			fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
		}
	}
	if failed > 0 {
		fmt.Fprintf(&b, "  %d failed", failed)
	}
	return b.String()
}

func (p *progress) finish(s Summary) {
	if p.w == nil {
		return
	}
	if p.drawn {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "batch: %d files: %d recognised, %d failed, %d skipped (already in the output) in %s\n",
		s.Total, s.OK, s.Failed, s.Skipped, s.Elapsed.Round(time.Millisecond))
}
