// Command train trains the ocrb character classifier on OCR-B glyphs rendered
// with realistic degradations and writes the model file. It is deterministic:
// the same flags reproduce the same model bit for bit.
//
//	GOMAXPROCS=1 go run ./ocrb/cmd/train -out ocrb/model.bin
package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/ocrb/internal/gen"
)

func main() {
	var (
		out     = flag.String("out", "ocrb/model.bin", "model file to write")
		font    = flag.String("font", gen.DefaultFontPath, "OCR-B font (OCRBS.otf)")
		seed    = flag.Uint64("seed", 1, "random seed of the training data and initialisation")
		samples = flag.Int("samples", 120000, "training cells per pool")
		pools   = flag.Int("pools", 3, "number of freshly generated pools")
		epochs  = flag.Int("epochs", 4, "passes over each pool")
		hidden  = flag.String("hidden", "128", "hidden layer widths, comma-separated")
		cache   = flag.String("cache", "", "directory to cache generated pools in (speeds up experiments)")
		inW     = flag.Int("inw", 14, "input width after resampling")
		inH     = flag.Int("inh", 22, "input height after resampling")
		batch   = flag.Int("batch", 64, "minibatch size")
		lr      = flag.Float64("lr", 2e-3, "initial Adam learning rate")
		evalN   = flag.Int("eval", 100, "held-out cells per class for the final report")
		only    = flag.String("evaluate", "", "only evaluate this model file (no training)")
		cellsF  = flag.String("cells", "", "cells dumped by ocrb/cmd/cells to mix into every pool (comma-separated files)")
		share   = flag.Float64("cellshare", 0.4, "share of each pool taken from -cells")
		initF   = flag.String("init", "", "start from this model file's weights (fine-tuning) instead of a random initialisation")
		smooth  = flag.Float64("smooth", 0, "label smoothing: weight of the uniform part of the training target")
		temp    = flag.Float64("temperature", 1, "divide the output layer by this when writing the model (>1 spreads the probabilities; argmax unchanged)")
		calib   = flag.String("calib", "", "with -evaluate: also print the reliability of the top-1 probability on these cell dumps (comma-separated)")
	)
	flag.Parse()
	log.SetFlags(0)
	start := time.Now()

	glyphs, err := gen.LoadGlyphs(*font)
	if err != nil {
		log.Fatal(err)
	}
	if *only != "" {
		data, err := os.ReadFile(*only)
		if err != nil {
			log.Fatal(err)
		}
		report(data, glyphs, *seed, *evalN)
		if *calib != "" {
			sm, err := ocrb.Load(data)
			if err != nil {
				log.Fatal(err)
			}
			rel, err := reliability(sm, strings.Split(*calib, ","))
			if err != nil {
				log.Fatal(err)
			}
			fmt.Print(rel)
		}
		return
	}
	if *temp <= 0 || *smooth < 0 || *smooth >= 1 {
		log.Fatal("need -temperature > 0 and 0 <= -smooth < 1")
	}
	rnd := rand.New(rand.NewPCG(*seed, 0x5eed))
	nIn := *inW * *inH
	widths := []int{nIn}
	for _, f := range strings.Split(*hidden, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			log.Fatalf("bad -hidden %q", *hidden)
		}
		widths = append(widths, n)
	}
	net := newMLP(rnd, append(widths, ocrb.NumClasses))
	net.smooth = float32(*smooth)
	if *initF != "" {
		if err := initFrom(net, *initF); err != nil {
			log.Fatal(err)
		}
	}
	var cx []int8
	var cy []uint8
	nCells := 0
	if *cellsF != "" {
		cx, cy, err = loadCells(strings.Split(*cellsF, ","), *inW, *inH)
		if err != nil {
			log.Fatal(err)
		}
		nCells = int(math.Round(*share * float64(*samples)))
		log.Printf("%d dumped cells, %d per pool", len(cy), nCells)
	}
	cellOrder := rnd.Perm(len(cy))
	nextCell := 0

	xs := make([]int8, *samples*nIn)
	ys := make([]uint8, *samples)
	x := make([]float32, nIn)
	totalSteps := *pools * *epochs * (*samples / *batch)
	step := 0
	for pool := 0; pool < *pools; pool++ {
		t0 := time.Now()
		// Each pool has its own generator seed so that cached and fresh
		// runs see the same cells.
		g := gen.NewGenerator(glyphs, gen.Train, *seed*1000+uint64(pool))
		name := ""
		if *cache != "" {
			name = filepath.Join(*cache, fmt.Sprintf("pool-%x-%d-%d-%dx%d.bin", poolKey(), *seed*1000+uint64(pool), *samples-nCells, *inW, *inH))
		}
		// The rendered cells fill xs/ys up to rx/ry; the dumped cells the rest.
		nr := *samples - nCells
		rx, ry := xs[:nr*nIn], ys[:nr]
		if data, err := os.ReadFile(name); name != "" && err == nil && len(data) == len(rx)+len(ry) {
			for i := range rx {
				rx[i] = int8(data[i])
			}
			copy(ry, data[len(rx):])
			log.Printf("pool %d: loaded from %s", pool, name)
		} else {
			for i := 0; i < nr; i++ {
				c := i % ocrb.NumClasses
				ocrb.Normalize(g.Cell(c), *inW, *inH, x)
				quantise(x, xs[i*nIn:(i+1)*nIn])
				ys[i] = uint8(c)
			}
			log.Printf("pool %d: %d cells generated in %v", pool, *samples, time.Since(t0).Round(time.Millisecond))
			if name != "" {
				data := make([]byte, 0, len(rx)+len(ry))
				for _, v := range rx {
					data = append(data, byte(v))
				}
				data = append(data, ry...)
				if err := os.WriteFile(name, data, 0o644); err != nil {
					log.Printf("cache: %v", err)
				}
			}
		}
		for i := nr; i < *samples; i++ {
			if nextCell == len(cellOrder) {
				nextCell = 0
			}
			c := cellOrder[nextCell]
			nextCell++
			copy(xs[i*nIn:(i+1)*nIn], cx[c*nIn:(c+1)*nIn])
			ys[i] = cy[c]
		}
		order := make([]int, *samples)
		for i := range order {
			order[i] = i
		}
		for ep := 0; ep < *epochs; ep++ {
			rnd.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			var loss float64
			var correct int
			for b := 0; b+*batch <= len(order); b += *batch {
				// Cosine learning-rate decay over the whole run.
				rate := *lr * 0.5 * (1 + math.Cos(math.Pi*float64(step)/float64(totalSteps)))
				net.zeroGrad()
				for _, i := range order[b : b+*batch] {
					dequantise(xs[i*nIn:(i+1)*nIn], x)
					l, ok := net.backprop(x, int(ys[i]))
					loss += l
					if ok {
						correct++
					}
				}
				net.adam(float32(rate), *batch)
				step++
			}
			n := len(order) / *batch * *batch
			log.Printf("pool %d epoch %d: loss %.4f train acc %.4f (%v)", pool, ep, loss/float64(n), float64(correct)/float64(n), time.Since(start).Round(time.Second))
		}
	}

	m := &ocrb.Model{InW: *inW, InH: *inH}
	for _, l := range net.layers {
		m.Layers = append(m.Layers, ocrb.Layer{In: l.in, Out: l.out, W: l.w, B: l.b})
	}
	if *temp != 1 {
		last := &m.Layers[len(m.Layers)-1]
		last.W = scaled(last.W, float32(1 / *temp))
		last.B = scaled(last.B, float32(1 / *temp))
	}
	data, err := m.MarshalBinary()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s (%d bytes) in %v", *out, len(data), time.Since(start).Round(time.Second))

	report(data, glyphs, *seed, *evalN)
}

// report evaluates the model as shipped (quantised) on a held-out set
// rendered with another seed and other degradation ranges, and on fresh
// cells of the training distribution.
func report(data []byte, glyphs *gen.Glyphs, seed uint64, perClass int) {
	sm, err := ocrb.Load(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(evaluate(sm, gen.NewGenerator(glyphs, gen.Held, seed+1000), perClass))
	rep := evaluate(sm, gen.NewGenerator(glyphs, gen.Train, seed+2000), perClass)
	fmt.Printf("on fresh cells of the training distribution: top-1 %.4f top-2 %.4f\n", rep.top1, rep.top2)
}

// scaled returns a copy of v multiplied by f.
func scaled(v []float32, f float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * f
	}
	return out
}

// poolKey fingerprints the training degradations, so a cache never serves
// cells of an older generator setting.
func poolKey() uint32 {
	h := fnv.New32a()
	fmt.Fprintf(h, "%+v", gen.Train)
	return h.Sum32()
}

// The pools are stored as int8 at 1/32 resolution of the normalised input
// (range ±3.97) to keep memory low.
func quantise(x []float32, q []int8) {
	for i, v := range x {
		q[i] = int8(max(-127, min(127, math.Round(float64(v)*32))))
	}
}

func dequantise(q []int8, x []float32) {
	for i, v := range q {
		x[i] = float32(v) / 32
	}
}

type evalReport struct {
	top1, top2 float64
	perClass   [ocrb.NumClasses]float64
	confusions map[[2]byte]int
	n          int
}

func evaluate(m *ocrb.Model, g *gen.Generator, perClass int) *evalReport {
	r := &evalReport{confusions: map[[2]byte]int{}}
	var t1, t2 int
	for i := 0; i < perClass; i++ {
		for c := 0; c < ocrb.NumClasses; c++ {
			cands := m.Classify(g.Cell(c))
			if cands[0].Char == ocrb.Alphabet[c] {
				t1++
				r.perClass[c]++
			} else {
				r.confusions[[2]byte{ocrb.Alphabet[c], cands[0].Char}]++
			}
			if cands[0].Char == ocrb.Alphabet[c] || cands[1].Char == ocrb.Alphabet[c] {
				t2++
			}
		}
	}
	r.n = perClass * ocrb.NumClasses
	r.top1 = float64(t1) / float64(r.n)
	r.top2 = float64(t2) / float64(r.n)
	for c := range r.perClass {
		r.perClass[c] /= float64(perClass)
	}
	return r
}

func (r *evalReport) String() string {
	s := fmt.Sprintf("held-out (%d cells): top-1 %.4f top-2 %.4f\nper class:", r.n, r.top1, r.top2)
	for c, a := range r.perClass {
		if c%10 == 0 {
			s += "\n "
		}
		s += fmt.Sprintf(" %c %.3f", ocrb.Alphabet[c], a)
	}
	s += "\nconfusions (truth→read ×n, ≥2):"
	keys := make([][2]byte, 0, len(r.confusions))
	for k := range r.confusions {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return string(keys[i][:]) < string(keys[j][:]) })
	for _, k := range keys {
		if v := r.confusions[k]; v >= 2 {
			s += fmt.Sprintf(" %c→%c×%d", k[0], k[1], v)
		}
	}
	return s + "\n"
}
