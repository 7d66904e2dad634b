package main

import (
	"fmt"
	"image"
	"math"
	"strings"

	"github.com/idrecog/idrecog/ocrb"
)

// calibBuckets are the lower bounds of the top-1 probability buckets of the
// reliability report.
var calibBuckets = []float64{0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99}

// relReport is a reliability table: per bucket of the top-1 probability,
// how many cells fell in it, how many of them were right and their mean
// top-1 probability. A calibrated model's accuracy matches its mean
// probability in every bucket; "surely wrong" cells (wrong with P ≥ 0.9)
// are the costly ones, since nothing downstream re-examines them.
type relReport struct {
	n, right []int
	sumP     []float64
	sure     int // wrong with top-1 P ≥ 0.9
	total    int
	nll      float64 // summed −log P(truth)
}

// bucket returns the index of the calibration bucket of p.
func bucket(p float64) int {
	b := 0
	for i, lo := range calibBuckets {
		if p >= lo {
			b = i
		}
	}
	return b
}

// add records one classified cell: its top-1 probability, whether the top-1
// is the truth and the probability given to the truth.
func (r *relReport) add(p float64, right bool, pTruth float64) {
	if r.n == nil {
		r.n = make([]int, len(calibBuckets))
		r.right = make([]int, len(calibBuckets))
		r.sumP = make([]float64, len(calibBuckets))
	}
	b := bucket(p)
	r.n[b]++
	r.sumP[b] += p
	if right {
		r.right[b]++
	} else if p >= 0.9 {
		r.sure++
	}
	r.total++
	r.nll -= math.Log(max(pTruth, 1e-9))
}

// reliability classifies every cell of the dumps with m and tabulates the
// reliability of its top-1 probability.
func reliability(m *ocrb.Model, files []string) (*relReport, error) {
	r := &relReport{}
	var p [ocrb.NumClasses]float32
	err := readCells(files, func(c int, g *image.Gray) {
		m.Probs(g, p[:])
		best := 0
		for i, v := range p {
			if v > p[best] {
				best = i
			}
		}
		r.add(float64(p[best]), best == c, float64(p[c]))
	})
	return r, err
}

func (r *relReport) String() string {
	var b strings.Builder
	wrong, ece := 0, 0.0
	fmt.Fprintf(&b, "reliability on %d cut cells (top-1 P bucket: cells, accuracy, mean P):\n", r.total)
	for i, lo := range calibBuckets {
		if r.n == nil || r.n[i] == 0 {
			continue
		}
		acc := float64(r.right[i]) / float64(r.n[i])
		mp := r.sumP[i] / float64(r.n[i])
		wrong += r.n[i] - r.right[i]
		ece += float64(r.n[i]) * math.Abs(acc-mp)
		fmt.Fprintf(&b, "  P ≥ %.2f: %7d cells, accuracy %.4f, mean P %.4f\n", lo, r.n[i], acc, mp)
	}
	if r.total > 0 {
		fmt.Fprintf(&b, "  wrong %d, surely wrong (P ≥ 0.9) %d, ECE %.4f, mean −log P(truth) %.4f\n",
			wrong, r.sure, ece/float64(r.total), r.nll/float64(r.total))
	}
	return b.String()
}
