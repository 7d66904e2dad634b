package ocrb

import (
	_ "embed"
	"github.com/idrecog/idrecog/ocrb/internal/linalg"
	"image"
	"math"
	"sync"

	"github.com/idrecog/idrecog/mrz"
)

// Alphabet is the 37 MRZ classes in class-index order: Probs writes the
// probability of Alphabet[i] into out[i].
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"

// NumClasses is len(Alphabet).
const NumClasses = len(Alphabet)

// MaxCandidates is the number of candidates Classify returns.
const MaxCandidates = 5

//go:embed model.bin
var modelData []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
)

// Default returns the embedded model, loaded once and shared. The model is
// read-only and safe for concurrent use. It panics if the embedded model is
// corrupt, which is a build defect caught by the package tests.
func Default() *Model {
	defaultOnce.Do(func() {
		m, err := Load(modelData)
		if err != nil {
			panic("ocrb: embedded model: " + err.Error())
		}
		defaultModel = m
	})
	return defaultModel
}

// scratch holds per-call buffers, pooled so that Probs allocates nothing and
// Classify only its result.
type scratch struct {
	in, a, b []float32
	probs    [NumClasses]float32
	rs       resampler
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{in: make([]float32, m.InW*m.InH), a: make([]float32, m.maxWidth()), b: make([]float32, m.maxWidth())}
}

// Probs writes the probability of every class (indexed like Alphabet) for
// the cell into out; out should hold NumClasses values (extra values are
// left alone, a shorter out receives the first len(out)). An empty or nil
// cell yields a uniform distribution.
func (m *Model) Probs(cell *image.Gray, out []float32) {
	s := m.getScratch()
	defer m.pool.Put(s)
	m.probs(cell, s)
	copy(out, s.probs[:])
}

// probs classifies cell into s.probs.
func (m *Model) probs(cell *image.Gray, s *scratch) {
	p := s.probs[:]
	if !normalize(cell, m.InW, m.InH, s.in, &s.rs) {
		for i := range p {
			p[i] = 1 / float32(NumClasses)
		}
		return
	}
	m.forward(s, p)
}

// Classify returns the MaxCandidates most probable characters for the cell,
// sorted by probability, highest first.
func (m *Model) Classify(cell *image.Gray) []mrz.Candidate {
	s := m.getScratch()
	defer m.pool.Put(s)
	m.probs(cell, s)
	return topK(s.probs[:], MaxCandidates)
}

// topK returns the k largest entries of p as candidates, sorted descending.
func topK(p []float32, k int) []mrz.Candidate {
	out := make([]mrz.Candidate, 0, k)
	var used [NumClasses]bool
	for len(out) < k {
		best := -1
		for i, v := range p {
			if !used[i] && (best < 0 || v > p[best]) {
				best = i
			}
		}
		used[best] = true
		out = append(out, mrz.Candidate{Char: Alphabet[best], P: float64(p[best])})
	}
	return out
}

// forward runs the network on s.in and writes softmax probabilities to out.
func (m *Model) forward(s *scratch, out []float32) {
	x := s.in
	buf := [2][]float32{s.a, s.b}
	for li := range m.Layers {
		l := &m.Layers[li]
		y := buf[li&1][:l.Out]
		for o := 0; o < l.Out; o++ {
			y[o] = l.B[o] + linalg.Dot(l.W[o*l.In:(o+1)*l.In], x)
		}
		if li < len(m.Layers)-1 {
			for i, v := range y {
				if v < 0 {
					y[i] = 0
				}
			}
		}
		x = y
	}
	softmax(x, out)
}

// softmax writes softmax(z) into out (len(out) == len(z)).
func softmax(z, out []float32) {
	mx := z[0]
	for _, v := range z {
		if v > mx {
			mx = v
		}
	}
	var sum float32
	for i, v := range z {
		e := float32(math.Exp(float64(v - mx)))
		out[i] = e
		sum += e
	}
	for i := range out {
		out[i] /= sum
	}
}
