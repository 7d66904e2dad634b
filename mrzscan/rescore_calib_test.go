package mrzscan_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/synth"
)

// calibCell is one line of a re-scoring dump: a heavily blurred cell the
// re-scoring weighed, with the generator's true character.
type calibCell struct {
	Seed  uint64    `json:"seed"`
	Doc   int       `json:"doc"`
	Truth string    `json:"truth"`
	Chars string    `json:"chars"`
	LogP  []float64 `json:"lg"`
	Corr  []float64 `json:"corr"`
	Wide  bool      `json:"wide"`
	// The band's fitted blur: defocus width, motion angle (radians) and
	// length, pixels at the rectified pitch.
	Sigma  float64 `json:"sigma"`
	Angle  float64 `json:"angle"`
	Length float64 `json:"length"`
}

// TestRescoreDump reads MRZSCAN_CALIB_N hard photos of each seed of
// MRZSCAN_CALIB_SEEDS and writes, as JSON lines to MRZSCAN_CALIB_OUT,
// every cell a band's re-scoring weighed, labelled with the true
// character: only bands whose best characters have the true MRZ's shape
// and agree with it on at least 85 % of the characters (a band shifted by
// a cell or cut elsewhere labels nothing). The data the heavy re-scoring's
// class offsets (glyph_calib.go) are fitted on, read without them; a
// development aid, skipped unless MRZSCAN_CALIB_N is set.
func TestRescoreDump(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MRZSCAN_CALIB_N"))
	if n == 0 {
		t.Skip("set MRZSCAN_CALIB_N")
	}
	var seeds []uint64
	for _, s := range strings.Split(os.Getenv("MRZSCAN_CALIB_SEEDS"), ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			t.Fatalf("MRZSCAN_CALIB_SEEDS: %v", err)
		}
		if v == 424242 || v == 515151 {
			t.Fatalf("seed %d is held out", v)
		}
		seeds = append(seeds, v)
	}
	f, err := os.Create(os.Getenv("MRZSCAN_CALIB_OUT"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mrzscan.HeavyOffsetsOff()()
	kept, bands := 0, 0
	for _, seed := range seeds {
		g, err := synth.NewGenerator(synth.Options{Seed: seed, Level: synth.LevelHard})
		if err != nil {
			t.Skip(err)
		}
		for i := 0; i < n; i++ {
			doc, img := mrzPhoto(t, g, i)
			want := doc.Truth.MRZ
			stop := mrzscan.TraceRescore()
			_, _ = r.Read(context.Background(), img)
			for _, b := range stop() {
				bands++
				if agreement(b.Best, want) < 0.85 {
					continue
				}
				for _, c := range b.Cells {
					cc := calibCell{Seed: seed, Doc: i, Truth: string(want[c.Line][c.Col]), Chars: string(c.Chars),
						LogP: c.LogP, Corr: c.Corr, Wide: c.Wide, Sigma: c.Sigma, Angle: c.Angle, Length: c.Length}
					data, _ := json.Marshal(cc)
					w.Write(append(data, '\n'))
					kept++
				}
			}
		}
	}
	t.Logf("%d re-scored bands, %d labelled cells", bands, kept)
}

// agreement is the share of characters a and b have in common, 0 when
// their shapes differ (number of lines, length of each).
func agreement(a, b []string) float64 {
	if len(a) != len(b) {
		return 0
	}
	same, all := 0, 0
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return 0
		}
		for j := range a[i] {
			all++
			if a[i][j] == b[i][j] {
				same++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(same) / float64(all)
}

func readCalib(t *testing.T, path string) []calibCell {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []calibCell
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c calibCell
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			continue // a line cut short by a dump still running
		}
		out = append(out, c)
	}
	return out
}

// calibGroup restricts the competition to the truth's group: letters and
// the filler for a letter or filler, digits and the filler for a digit
// (the decoder's field types keep the other group out of most positions).
// MRZSCAN_CALIB_ALL=1 lets every class compete (tried: fits the offsets
// to letter/digit confusions the check digits settle anyway).
var calibGroup = os.Getenv("MRZSCAN_CALIB_ALL") == ""

func sameGroup(c, truth byte) bool {
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	return c == '<' || truth == '<' || digit(c) == digit(truth)
}

// calibLoss is the mean negative log likelihood of the truth, and the
// share of cells whose best class is the truth, when a wide cell's class c
// scores lg + beta·(corr + off[c]).
func calibLoss(cells []calibCell, off []float64, beta float64, grad []float64) (nll, acc float64) {
	for i := range grad {
		grad[i] = 0
	}
	idx := func(c byte) int { return strings.IndexByte(ocrb.Alphabet, c) }
	n := 0
	s := make([]float64, 0, 64)
	for _, c := range cells {
		s = s[:0]
		mx := math.Inf(-1)
		ti := -1
		for j := range c.Chars {
			v := c.LogP[j] + beta*(c.Corr[j]+off[idx(c.Chars[j])])
			if calibGroup && !sameGroup(c.Chars[j], c.Truth[0]) {
				v = math.Inf(-1)
			}
			s = append(s, v)
			mx = math.Max(mx, v)
			if c.Chars[j] == c.Truth[0] {
				ti = j
			}
		}
		if ti < 0 {
			continue
		}
		n++
		sum := 0.0
		best := 0
		for j := range s {
			if s[j] > s[best] {
				best = j
			}
		}
		for j := range s {
			s[j] = math.Exp(s[j] - mx)
			sum += s[j]
		}
		if best == ti {
			acc++
		}
		nll -= math.Log(s[ti]/sum + 1e-300)
		if grad != nil {
			for j := range s {
				pj := s[j] / sum
				g := beta * pj
				if j == ti {
					g -= beta
				}
				grad[idx(c.Chars[j])] += g
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	for i := range grad {
		grad[i] /= float64(n)
	}
	return nll / float64(n), acc / float64(n)
}

// fitOffsets fits the class offsets by gradient descent with an L2 pull
// to zero (lambda), the first class's offset pinned... none: the softmax
// is invariant to a common shift, which the pull removes.
func fitOffsets(cells []calibCell, beta, lambda float64) []float64 {
	return fitOffsetsFrom(cells, beta, lambda, make([]float64, ocrb.NumClasses))
}

// fitOffsetsFrom fits the offsets starting from, and pulled towards
// (lambda), prior.
func fitOffsetsFrom(cells []calibCell, beta, lambda float64, prior []float64) []float64 {
	off := append([]float64(nil), prior...)
	grad := make([]float64, ocrb.NumClasses)
	lr := 0.5 / (beta * beta) * 50
	if lambda > 0 {
		lr = min(lr, 0.5/lambda) // the pull's own step stays stable
	}
	for it := 0; it < 400; it++ {
		calibLoss(cells, off, beta, grad)
		for i := range off {
			off[i] -= lr * (grad[i] + 2*lambda*(off[i]-prior[i]))
		}
	}
	return off
}

// blurBucket sorts a cell by its band's blur: 0 when the motion is short
// (the defocus dominates), else 1-4 by the motion's direction, 45° bins
// centred on 0°, 45°, 90° and 135°.
func blurBucket(c calibCell) int {
	if c.Length < 3 {
		return 0
	}
	a := math.Mod(c.Angle*180/math.Pi+22.5, 180)
	if a < 0 {
		a += 180
	}
	return 1 + int(a/45)%4
}

// TestRescoreFit fits per-class correlation offsets for heavily blurred
// bands on the dump MRZSCAN_CALIB_FIT (TestRescoreDump) and reports, with
// the seeds split in two (fit on one half, test on the other), the cells'
// accuracy before and after. A development aid.
func TestRescoreFit(t *testing.T) {
	path := os.Getenv("MRZSCAN_CALIB_FIT")
	if path == "" {
		t.Skip("set MRZSCAN_CALIB_FIT")
	}
	beta := 250.0
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_CALIB_BETA"), 64); err == nil {
		beta = v
	}
	lambda := 0.0
	if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_CALIB_LAMBDA"), 64); err == nil {
		lambda = v
	}
	var wide []calibCell
	narrow := os.Getenv("MRZSCAN_CALIB_NARROW") != "" // the cells of bands not heavily blurred instead (β 40)
	for _, c := range readCalib(t, path) {
		if c.Wide != narrow {
			wide = append(wide, c)
		}
	}
	var a, b []calibCell
	for _, c := range wide {
		if c.Seed%2 == 0 {
			a = append(a, c)
		} else {
			b = append(b, c)
		}
	}
	zero := make([]float64, ocrb.NumClasses)
	for _, half := range []struct {
		name       string
		train, dev []calibCell
	}{{"fit even seeds, test odd", a, b}, {"fit odd seeds, test even", b, a}, {"fit all, test all", wide, wide}} {
		off := fitOffsets(half.train, beta, lambda)
		n0, a0 := calibLoss(half.dev, zero, beta, nil)
		n1, a1 := calibLoss(half.dev, off, beta, nil)
		t.Logf("%s: %d / %d cells; nll %.4f → %.4f, accuracy %.4f → %.4f", half.name, len(half.train), len(half.dev), n0, n1, a0, a1)
		if half.name == "fit all, test all" {
			type co struct {
				c byte
				v float64
			}
			var cs []co
			var sb strings.Builder
			for i, v := range off {
				cs = append(cs, co{ocrb.Alphabet[i], v})
			}
			sort.Slice(cs, func(i, j int) bool { return cs[i].v < cs[j].v })
			for _, c := range cs {
				fmt.Fprintf(&sb, " %c%+.4f", c.c, c.v)
			}
			t.Logf("offsets:%s", sb.String())
			fmt.Fprintf(&sb, "\n")
			var gs strings.Builder
			for i, v := range off {
				fmt.Fprintf(&gs, "'%c': %.4f, ", ocrb.Alphabet[i], v)
			}
			t.Logf("go: %s", gs.String())
			if out := os.Getenv("MRZSCAN_CALIB_WRITE"); out != "" {
				if err := os.WriteFile(out, []byte(offsetTableSource(off)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if os.Getenv("MRZSCAN_CALIB_BUCKETS") != "" {
		// Offsets per blur bucket, pulled towards the global ones.
		lb := 1e-3
		if v, err := strconv.ParseFloat(os.Getenv("MRZSCAN_CALIB_BUCKETS"), 64); err == nil {
			lb = v
		}
		nb := map[int]int{}
		for _, c := range wide {
			nb[blurBucket(c)]++
		}
		t.Logf("cells per blur bucket: %v", nb)
		for _, half := range []struct {
			name       string
			train, dev []calibCell
		}{{"fit even seeds, test odd", a, b}, {"fit odd seeds, test even", b, a}} {
			g := fitOffsets(half.train, beta, lambda)
			var accG, accB, n float64
			for k := 0; k < 5; k++ {
				var tr, dv []calibCell
				for _, c := range half.train {
					if blurBucket(c) == k {
						tr = append(tr, c)
					}
				}
				for _, c := range half.dev {
					if blurBucket(c) == k {
						dv = append(dv, c)
					}
				}
				if len(tr) == 0 || len(dv) == 0 {
					continue
				}
				ob := fitOffsetsFrom(tr, beta, lb, g)
				_, ag := calibLoss(dv, g, beta, nil)
				_, ab := calibLoss(dv, ob, beta, nil)
				t.Logf("%s, bucket %d: %d / %d cells, accuracy global %.4f, bucket %.4f", half.name, k, len(tr), len(dv), ag, ab)
				accG += ag * float64(len(dv))
				accB += ab * float64(len(dv))
				n += float64(len(dv))
			}
			t.Logf("%s: global offsets %.4f, per-bucket %.4f", half.name, accG/n, accB/n)
		}
	}
	// Confusions among the wide cells, before and after (all data).
	off := fitOffsets(wide, beta, lambda)
	for _, o := range [][]float64{zero, off} {
		conf := map[string]int{}
		for _, c := range wide {
			best, bv := byte(0), math.Inf(-1)
			for j := range c.Chars {
				v := c.LogP[j] + beta*(c.Corr[j]+o[strings.IndexByte(ocrb.Alphabet, c.Chars[j])])
				if calibGroup && !sameGroup(c.Chars[j], c.Truth[0]) {
					continue
				}
				if v > bv {
					best, bv = c.Chars[j], v
				}
			}
			if best != c.Truth[0] {
				conf[c.Truth+"→"+string(best)]++
			}
		}
		type kv struct {
			k string
			v int
		}
		var l []kv
		for k, v := range conf {
			l = append(l, kv{k, v})
		}
		sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
		if len(l) > 15 {
			l = l[:15]
		}
		t.Logf("confusions: %v", l)
	}
}

// offsetTableSource is glyph_calib_table.go holding off.
func offsetTableSource(off []float64) string {
	var sb strings.Builder
	sb.WriteString("// Code generated by TestRescoreFit (MRZSCAN_CALIB_WRITE); DO NOT EDIT.\n\npackage mrzscan\n\n")
	sb.WriteString("import \"github.com/idrecog/idrecog/ocrb\"\n\n")
	sb.WriteString("// heavyOffsetTable is indexed like ocrb.Alphabet (see heavyOffset).\n")
	sb.WriteString("var heavyOffsetTable = [ocrb.NumClasses]float64{\n")
	for i := 0; i < len(off); i += 8 {
		sb.WriteString("\t")
		j := min(i+8, len(off))
		for k := i; k < j; k++ {
			v := math.Round(off[k]*1e4) / 1e4
			if v == 0 {
				v = 0 // no negative zero
			}
			fmt.Fprintf(&sb, "%.4f,", v)
			if k < j-1 {
				sb.WriteString(" ")
			}
		}
		fmt.Fprintf(&sb, " // %s\n", ocrb.Alphabet[i:j])
	}
	sb.WriteString("}\n")
	return sb.String()
}
