package barcode

import (
	"bytes"
	"encoding/json"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// TestSynthBacks decodes the backs of a synth corpus of US licences and
// compares them with the payload the generator drew:
//
//	idrecog synth -out DIR -n 200 -seed 424242 -types usdl -level photo
//	BARCODE_SYNTH_DIR=DIR go test ./barcode -run TestSynthBacks -v
func TestSynthBacks(t *testing.T) {
	dir := os.Getenv("BARCODE_SYNTH_DIR")
	if dir == "" {
		t.Skip("set BARCODE_SYNTH_DIR to a synth corpus with -types usdl")
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(names)
	n, ok := 0, 0
	var dur time.Duration
	for _, name := range names {
		var truth struct {
			BackFile string `json:"backFile"`
			Fields   map[string]struct {
				Value string `json:"value"`
			} `json:"fields"`
		}
		b, err := os.ReadFile(name)
		if err != nil || json.Unmarshal(b, &truth) != nil {
			continue
		}
		want, has := truth.Fields["pdf417"]
		if !has || truth.BackFile == "" {
			continue
		}
		f, err := os.Open(filepath.Join(dir, truth.BackFile))
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		n++
		start := time.Now()
		syms, err := DecodePDF417(img)
		dur += time.Since(start)
		if err != nil || !bytes.Equal(syms[0].Data, []byte(want.Value)) {
			t.Logf("%s: not decoded (%v)", truth.BackFile, err)
			continue
		}
		ok++
	}
	if n == 0 {
		t.Fatalf("no usdl backs in %s", dir)
	}
	t.Logf("decoded %d/%d = %.1f%%, mean %v per back", ok, n, 100*float64(ok)/float64(n), (dur / time.Duration(n)).Round(time.Millisecond))
}
