package viz_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/synth"
	"github.com/idrecog/idrecog/viz"
)

// TestSynthHeldOut measures the visual-zone reader on synthetic documents
// from package synth, which were not used to design the templates: the
// generic ICAO templates (caption search plus nominal regions) for TD3,
// TD1 front, TD2, MRV-A and MRV-B, and the French ID template (designed on
// the one dev specimen) for the synthetic French ID cards. The document
// geometry is the generator's truth (DocToPhoto), so this measures the VIZ
// stage alone, not the MRZ stage.
//
// It is opt-in, as it is CPU-heavy:
//
//	VIZ_SYNTH=4 VIZ_SYNTH_LEVEL=clean go test ./viz -run SynthHeldOut -v -timeout 30m
//
// VIZ_SYNTH is the number of documents per type.
func TestSynthHeldOut(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("VIZ_SYNTH"))
	if n <= 0 {
		t.Skip("set VIZ_SYNTH=N to measure on N synthetic documents per type")
	}
	level := synth.Level(os.Getenv("VIZ_SYNTH_LEVEL"))
	if level == "" {
		level = synth.LevelClean
	}
	// Seed 9303 was looked at while developing the caption search; the
	// default seed 2026 was not.
	seed := uint64(2026)
	if v, err := strconv.ParseUint(os.Getenv("VIZ_SYNTH_SEED"), 10, 64); err == nil {
		seed = v
	}
	gen, err := synth.NewGenerator(synth.Options{Seed: seed, Level: level})
	if err != nil {
		t.Fatal(err)
	}
	pool := ocr.NewPool(1)
	defer pool.Close()

	type tally struct{ hit, folded, total int }
	byType := map[string]*tally{}
	byKey := map[string]*tally{}
	var iouSum float64
	var iouN int
	var elapsed time.Duration
	docs := 0
	for i := 0; i < n*len(synth.Types); i++ {
		doc, err := gen.Generate(i)
		if err != nil {
			t.Fatal(err)
		}
		tr := doc.Truth
		img, _, err := image.Decode(bytes.NewReader(doc.Front))
		if err != nil {
			t.Fatal(err)
		}
		var tm *doctype.Template
		if tr.Type == "frid" {
			tm, _ = doctype.Lookup("FRA", "government_id", tr.Format)
		} else {
			tm, _ = doctype.Lookup("ZZZ", tr.IDType, tr.Format) // never a specific template
		}
		if tm == nil {
			t.Errorf("%s: no template for %s", tr.File, tr.Format)
			continue
		}
		reading := &fields.MRZReading{DocSize: image.Pt(tr.DocSize.W, tr.DocSize.H), DocToImage: tr.View.DocToPhoto}
		start := time.Now()
		got, err := viz.ReadWith(context.Background(), img, reading, tm, pool, &viz.Options{Now: synth.DefaultNow})
		elapsed += time.Since(start)
		docs++
		if err != nil {
			t.Errorf("%s: %v", tr.File, err)
			continue
		}
		read := map[string]viz.Field{}
		for _, f := range got {
			read[f.Key] = f
		}
		tt := byType[tr.Type]
		if tt == nil {
			tt = &tally{}
			byType[tr.Type] = tt
		}
		var misses []string
		for _, f := range tm.Fields {
			want, ok := tr.Fields[f.Key]
			if !ok || want.Side != "front" {
				continue
			}
			exp := want.Value
			switch {
			case f.Kind == doctype.KindDate || f.Normalizer == "sex":
				exp = want.Normalized
			default:
				exp, _ = doctype.Normalize(f.Normalizer, want.Value, synth.DefaultNow)
			}
			tk := byKey[f.Key]
			if tk == nil {
				tk = &tally{}
				byKey[f.Key] = tk
			}
			tt.total++
			tk.total++
			g := read[f.Key]
			// The eng Tesseract model reads no diacritics (Ś, Ø): count
			// those reads apart.
			folded := fold(g.Value) == fold(exp)
			if folded {
				tt.folded++
				tk.folded++
			}
			if g.Value == exp {
				tt.hit++
				tk.hit++
				iouSum += geometry.IoU(g.Quad, want.Quad)
				iouN++
			} else {
				misses = append(misses, fmt.Sprintf("%s=%q want %q", f.Key, g.Value, exp))
			}
		}
		if len(misses) > 0 {
			t.Logf("%s %s v%d: %s", tr.File, tr.Type, tr.Variant, strings.Join(misses, "; "))
		}
	}
	lines := []string{"  (exact / exact ignoring diacritics / total)"}
	hit, hitF, total := 0, 0, 0
	for _, k := range sortedKeys(byType) {
		v := byType[k]
		hit += v.hit
		hitF += v.folded
		total += v.total
		lines = append(lines, fmt.Sprintf("  %-16s %3d %3d %3d", k, v.hit, v.folded, v.total))
	}
	for _, k := range sortedKeys(byKey) {
		v := byKey[k]
		lines = append(lines, fmt.Sprintf("  %-16s %3d %3d %3d", k, v.hit, v.folded, v.total))
	}
	meanIoU := 0.0
	if iouN > 0 {
		meanIoU = iouSum / float64(iouN)
	}
	t.Logf("seed %d level %s, %d documents: %d/%d fields exact (%.1f%%), %d ignoring diacritics (%.1f%%), mean box IoU of exact fields %.2f, %v per document\n%s",
		seed, level, docs, hit, total, 100*float64(hit)/float64(max(1, total)), hitF, 100*float64(hitF)/float64(max(1, total)),
		meanIoU, (elapsed / time.Duration(max(1, docs))).Round(time.Millisecond), strings.Join(lines, "\n"))
	if total == 0 {
		t.Fatal("no field measured")
	}
}

// fold removes diacritics from letters (Ś→S, Ø→O), keeping everything else.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 128 && unicode.IsLetter(r) {
			if v, ok := doctype.Normalize("code", string(r), time.Time{}); ok {
				b.WriteString(v)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
