package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Report is the result of a bench run: what the Markdown table shows and
// what -json writes.
type Report struct {
	Corpus   string     `json:"corpus"`
	Kind     string     `json:"kind"` // KindSynth or KindDev
	Docs     int        `json:"docs"`
	Accuracy Accuracy   `json:"accuracy"`
	Metrics  []Metric   `json:"metrics"` // Accuracy flattened
	Speed    []Speed    `json:"speed"`   // one per pass (1 worker, then N)
	PerDoc   []DocScore `json:"perDoc,omitempty"`

	// Unstable lists documents whose verdict differed between passes
	// (a nondeterministic recognizer).
	Unstable []string `json:"unstable,omitempty"`
}

// NewReport scores the outcomes of one pass against docs.
func NewReport(corpus, kind string, docs []Doc, out []Outcome, opt *ScoreOptions) *Report {
	r := &Report{Corpus: corpus, Kind: kind, Docs: len(docs)}
	r.PerDoc = make([]DocScore, len(docs))
	for i := range docs {
		r.PerDoc[i] = Score(&docs[i], &out[i], opt)
	}
	r.Accuracy = Aggregate(r.PerDoc)
	r.Metrics = r.Accuracy.Metrics()
	return r
}

// AddPass records the speed of a further pass and notes the documents whose
// verdict differs from the first pass.
func (r *Report) AddPass(docs []Doc, out []Outcome, sp Speed, opt *ScoreOptions) {
	r.Speed = append(r.Speed, sp)
	for i := range docs {
		s := Score(&docs[i], &out[i], opt)
		if i < len(r.PerDoc) && !sameVerdict(&r.PerDoc[i], &s) {
			r.Unstable = append(r.Unstable, s.ID)
		}
	}
}

func sameVerdict(a, b *DocScore) bool {
	return a.Code == b.Code && a.ReadRight == b.ReadRight && a.MRZEdits == b.MRZEdits &&
		strings.Join(a.OCRWrong, ",") == strings.Join(b.OCRWrong, ",") &&
		strings.Join(a.RawWrong, ",") == strings.Join(b.RawWrong, ",") &&
		a.ReviewFront == b.ReviewFront && a.ReviewBack == b.ReviewBack
}

// WriteJSON writes r as indented JSON to the file name.
func (r *Report) WriteJSON(name string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := os.WriteFile(name, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// ReadReport reads a report written by WriteJSON.
func ReadReport(name string) (*Report, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("bench: %s: %w", name, err)
	}
	return &r, nil
}

// WriteMarkdown writes r as Markdown tables; with a non-nil baseline every
// figure is followed by its change since the baseline.
func (r *Report) WriteMarkdown(w io.Writer, baseline *Report) error {
	p := &mdWriter{w: w}
	p.f("## idrecog bench: %s (%s, %d documents)\n\n", r.Corpus, r.Kind, r.Docs)
	base := map[string]Metric{}
	if baseline != nil {
		for _, m := range baseline.Metrics {
			base[m.Name] = m
		}
		p.f("Baseline: %s (%d documents). ", baseline.Corpus, baseline.Docs)
		if regs := Compare(baseline.Metrics, r.Metrics, 0); len(regs) > 0 {
			names := make([]string, len(regs))
			for i, g := range regs {
				names[i] = g.Name
			}
			p.f("Worse than the baseline: %s.\n\n", strings.Join(names, ", "))
		} else {
			p.f("No metric is worse than the baseline.\n\n")
		}
	}
	head := "| metric | value | n |"
	rule := "| --- | ---: | ---: |"
	if baseline != nil {
		head += " Δ baseline |"
		rule += " ---: |"
	}
	sections := []struct{ title, prefix string }{
		{"Documents", "success|doc.|level.|format.|type."},
		{"MRZ", "mrz."},
		{"Flat summary (ocr_*, exact match)", "ocr."},
		{"Raw fields (exact match)", "raw."},
		{"False accepts (wrong but reported as trustworthy)", "false_accept."},
		{"Boxes and rotation", "boxes.|rotate"},
		{"Review flags", "review."},
		{"Crashes", "crashes"},
	}
	for _, sec := range sections {
		var rows []Metric
		for _, m := range r.Metrics {
			if hasPrefix(m.Name, sec.prefix) {
				rows = append(rows, m)
			}
		}
		if len(rows) == 0 {
			continue
		}
		p.f("### %s\n\n%s\n%s\n", sec.title, head, rule)
		for _, m := range rows {
			p.f("| %s | %s | %d |", m.Name, formatMetric(m.Name, m.Value), m.N)
			if baseline != nil {
				p.f(" %s |", formatDelta(m, base))
			}
			p.f("\n")
		}
		p.f("\n")
	}
	if fa := r.Accuracy.FalseAccepts.Key; len(fa) > 0 {
		p.f("False accepts by key: ")
		for i, k := range sortedKeys(fa) {
			if i > 0 {
				p.f(", ")
			}
			p.f("%s %d", k, fa[k])
		}
		p.f("\n\n")
	}
	if bk := r.Accuracy.Boxes.Key; len(bk) > 0 {
		p.f("Box IoU by key: ")
		for i, k := range sortedKeys(bk) {
			if i > 0 {
				p.f(", ")
			}
			p.f("%s %.2f (%d)", k, bk[k].Mean, bk[k].N)
		}
		p.f("\n\n")
	}
	p.f("### Error codes\n\n| code | documents |\n| --- | ---: |\n")
	for _, k := range sortedKeys(r.Accuracy.Errors) {
		p.f("| %s | %d |\n", k, r.Accuracy.Errors[k])
	}
	p.f("\n")
	if len(r.Speed) > 0 {
		p.f("### Speed\n\n| workers | docs/s | p50 ms | p95 ms | max ms | mean ms | peak HeapSys MB | peak Sys MB | max RSS MB |\n")
		p.f("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, s := range r.Speed {
			p.f("| %d | %.2f%s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", s.Workers,
				s.DocsPerSec, speedDelta(s, baseline), s.P50MS, s.P95MS, s.MaxMS, s.MeanMS,
				s.PeakHeapSysMB, s.PeakSysMB, s.MaxRSSMB)
		}
		p.f("\n")
	}
	if len(r.Unstable) > 0 {
		p.f("Unstable between passes: %s\n\n", strings.Join(r.Unstable, ", "))
	}
	var bad []string
	for _, s := range r.PerDoc {
		if s.ReadRight && len(s.RawWrong) == 0 {
			continue
		}
		why := []string{}
		if s.Code != 0 {
			why = append(why, "error "+codeName(s.Code))
		}
		if s.HasMRZ && !s.MRZExact && s.Code == 0 {
			why = append(why, fmt.Sprintf("MRZ %d edits", s.MRZEdits))
		}
		if len(s.OCRWrong) > 0 && s.Code == 0 {
			why = append(why, "ocr: "+strings.Join(s.OCRWrong, " "))
		}
		if len(s.RawWrong) > 0 && s.Code == 0 {
			why = append(why, "raw: "+strings.Join(s.RawWrong, " "))
		}
		bad = append(bad, fmt.Sprintf("- %s: %s", s.ID, strings.Join(why, "; ")))
	}
	if len(bad) > 0 {
		p.f("### Documents not read right (%d)\n\n", len(bad))
		const show = 20
		for i, b := range bad {
			if i == show {
				p.f("- … %d more (see -json perDoc)\n", len(bad)-show)
				break
			}
			p.f("%s\n", b)
		}
		p.f("\n")
	}
	return p.err
}

type mdWriter struct {
	w   io.Writer
	err error
}

func (p *mdWriter) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// hasPrefix matches name against "|"-separated prefixes.
func hasPrefix(name, prefixes string) bool {
	for _, p := range strings.Split(prefixes, "|") {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// isRate tells the metrics shown in per cent.
func isRate(name string) bool {
	return name != "boxes.mean_iou" && name != "boxes.mrz_mean_iou" && name != "crashes"
}

func formatMetric(name string, v float64) string {
	switch {
	case name == "crashes":
		return fmt.Sprintf("%.0f", v)
	case name == "boxes.mean_iou" || name == "boxes.mrz_mean_iou":
		return fmt.Sprintf("%.3f", v)
	case name == "mrz.cer":
		return fmt.Sprintf("%.2f%%", 100*v)
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// formatDelta shows the change since the baseline and whether it is better.
func formatDelta(m Metric, base map[string]Metric) string {
	b, ok := base[m.Name]
	if !ok {
		return "new"
	}
	d := m.Value - b.Value
	if d > -1e-9 && d < 1e-9 {
		return "="
	}
	better := (d > 0) == m.HigherBetter
	mark := "worse"
	if better {
		mark = "better"
	}
	switch {
	case m.Name == "crashes":
		return fmt.Sprintf("%+.0f %s", d, mark)
	case isRate(m.Name):
		return fmt.Sprintf("%+.1f pt %s", 100*d, mark)
	}
	return fmt.Sprintf("%+.3f %s", d, mark)
}

func speedDelta(s Speed, baseline *Report) string {
	if baseline == nil {
		return ""
	}
	for _, b := range baseline.Speed {
		if b.Workers == s.Workers && b.DocsPerSec > 0 {
			return fmt.Sprintf(" (%+.0f%%)", 100*(s.DocsPerSec/b.DocsPerSec-1))
		}
	}
	return ""
}

// Golden is the committed accuracy reference of a corpus: the metrics only,
// no timings.
type Golden struct {
	Corpus      string   `json:"corpus"`
	Docs        int      `json:"docs"`
	Fingerprint string   `json:"fingerprint,omitempty"` // of the documents and their truth, see Fingerprint
	Metrics     []Metric `json:"metrics"`
}

// Golden returns r's accuracy reference.
func (r *Report) Golden() Golden {
	return Golden{Corpus: r.Corpus, Docs: r.Docs, Metrics: append([]Metric(nil), r.Metrics...)}
}

// Fingerprint returns a SHA-256 over every document's truth and image bytes,
// in order: it changes whenever the corpus does, so that a golden can tell a
// new corpus from a changed recognizer.
func Fingerprint(docs []Doc) (string, error) {
	h := sha256.New()
	for i := range docs {
		d := &docs[i]
		c := *d // names, not paths: the same corpus anywhere has one fingerprint
		c.Front, c.Back = filepath.Base(d.Front), filepath.Base(d.Back)
		// The type is left out so that fingerprints written before Doc had
		// it stay valid; it is fixed by the truth hashed here anyway.
		c.Type = ""
		b, err := json.Marshal(c)
		if err != nil {
			return "", fmt.Errorf("bench: %w", err)
		}
		h.Write(b)
		for _, name := range []string{d.Front, d.Back} {
			if name == "" {
				continue
			}
			f, err := os.ReadFile(name)
			if err != nil {
				return "", fmt.Errorf("bench: %s: %w", d.ID, err)
			}
			fmt.Fprintf(h, "%d:", len(f))
			h.Write(f)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
