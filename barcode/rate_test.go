package barcode

import (
	"bytes"
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"
)

// conditions of TestDecodeRate; the card is 1012 px wide at 300 dpi, so
// cardWidth 1000 keeps about 3 px per module and 500 about 1.5.
var conditions = []condition{
	{name: "upright, sharp", angle: [2]float64{-3, 3}, cardWidth: 1000},
	{name: "any rotation", angle: [2]float64{0, 360}, cardWidth: 1000},
	{name: "perspective 6%", angle: [2]float64{-10, 10}, perspective: 0.06, cardWidth: 1000},
	{name: "blur σ1.2", angle: [2]float64{-10, 10}, blur: 1.2, cardWidth: 1000},
	{name: "JPEG q60", angle: [2]float64{0, 360}, jpegQ: 60, cardWidth: 1000},
	{name: "low resolution (card 600 px)", angle: [2]float64{-10, 10}, cardWidth: 600},
	{name: "phone photo (all at once)", angle: [2]float64{0, 360}, perspective: 0.05, blur: 0.8, jpegQ: 60, cardWidth: 900},
}

// TestDecodeRate measures the decode rate of DecodePDF417 on degraded
// photos of card backs. BARCODE_RATE_N sets the number of photos per
// condition (default 12; 6 with -short).
func TestDecodeRate(t *testing.T) {
	n := 12
	if testing.Short() {
		n = 6
	}
	if s := os.Getenv("BARCODE_RATE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	total, okTotal := 0, 0
	for ci, c := range conditions {
		r := rand.New(rand.NewSource(int64(100 + ci)))
		ok := 0
		var dur time.Duration
		for i := 0; i < n; i++ {
			data := testPayload(r)
			sym, err := EncodePDF417(data, &EncodeOptions{Module: 1, Margin: 1, ECCLevel: 3})
			if err != nil {
				t.Fatal(err)
			}
			card, symQuad := cardBack(sym, r)
			photo, H := photograph(card, c, r)
			start := time.Now()
			syms, err := DecodePDF417(photo)
			dur += time.Since(start)
			if err != nil || !bytes.Equal(syms[0].Data, data) {
				t.Logf("%s #%d: not decoded (%v)", c.name, i, err)
				continue
			}
			// the corners must land on the symbol (within 4% of its width)
			want := H.ApplyQuad(symQuad)
			tol := want[0].Dist(want[1]) * 0.04
			if !sameQuad(syms[0].Corners, want, tol) {
				t.Errorf("%s #%d: corners %v, want %v (any rotation)", c.name, i, syms[0].Corners, want)
				continue
			}
			ok++
		}
		total += n
		okTotal += ok
		t.Logf("%-30s %2d/%2d decoded, mean %v", c.name, ok, n, (dur / time.Duration(n)).Round(time.Millisecond))
		if float64(ok) < 0.75*float64(n) {
			t.Errorf("%s: %d/%d decoded with the right corners, want at least 75%%", c.name, ok, n)
		}
	}
	t.Logf("all: %d/%d = %.1f%%", okTotal, total, 100*float64(okTotal)/float64(total))
	if float64(okTotal) < 0.9*float64(total) {
		t.Errorf("decoded %d/%d, want at least 90%%", okTotal, total)
	}
}
