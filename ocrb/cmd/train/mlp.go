package main

import (
	"github.com/idrecog/idrecog/ocrb/internal/linalg"
	"math"
	"math/rand/v2"
)

// layer is a fully connected layer with its gradient and Adam moments.
type layer struct {
	in, out        int
	w, b           []float32
	gw, gb         []float32
	mw, vw, mb, vb []float32
	act, pre, dpre []float32 // scratch: output after activation, before, and its gradient
}

type mlp struct {
	layers []*layer
	t      int // Adam step
	dx     []float32
	// smooth is the label-smoothing weight: the target puts 1-smooth on
	// the label and smooth spread evenly over all classes, so the model
	// learns to stay unsure where cells are ambiguous (0: plain one-hot).
	smooth float32
}

func newMLP(r *rand.Rand, widths []int) *mlp {
	n := &mlp{}
	for i := 0; i+1 < len(widths); i++ {
		in, out := widths[i], widths[i+1]
		l := &layer{in: in, out: out,
			w: make([]float32, in*out), b: make([]float32, out),
			gw: make([]float32, in*out), gb: make([]float32, out),
			mw: make([]float32, in*out), vw: make([]float32, in*out),
			mb: make([]float32, out), vb: make([]float32, out),
			act: make([]float32, out), pre: make([]float32, out), dpre: make([]float32, out)}
		std := math.Sqrt(2 / float64(in)) // He initialisation
		for j := range l.w {
			l.w[j] = float32(r.NormFloat64() * std)
		}
		n.layers = append(n.layers, l)
		n.dx = make([]float32, max(len(n.dx), out, in))
	}
	return n
}

func (n *mlp) zeroGrad() {
	for _, l := range n.layers {
		clear(l.gw)
		clear(l.gb)
	}
}

// axpy: y += a*x
func axpy(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

// backprop runs one sample forward and accumulates gradients of the
// cross-entropy loss (against the smoothed target when n.smooth > 0); it
// returns the loss and whether the argmax is right.
func (n *mlp) backprop(x []float32, label int) (float64, bool) {
	in := x
	for li, l := range n.layers {
		for o := 0; o < l.out; o++ {
			v := l.b[o] + linalg.Dot(l.w[o*l.in:(o+1)*l.in], in)
			l.pre[o] = v
			if li < len(n.layers)-1 && v < 0 {
				v = 0
			}
			l.act[o] = v
		}
		in = l.act
	}
	last := n.layers[len(n.layers)-1]
	z := last.act
	mx := z[0]
	arg := 0
	for i, v := range z {
		if v > mx {
			mx, arg = v, i
		}
	}
	var sum float64
	for _, v := range z {
		sum += math.Exp(float64(v - mx))
	}
	lse := math.Log(sum)
	even := n.smooth / float32(len(z))
	var loss float64
	for i, v := range z {
		t := even
		if i == label {
			t += 1 - n.smooth
		}
		if t > 0 {
			loss -= float64(t) * (float64(v-mx) - lse)
		}
		last.dpre[i] = float32(math.Exp(float64(v-mx))/sum) - t
	}
	for li := len(n.layers) - 1; li >= 0; li-- {
		l := n.layers[li]
		prev := x
		if li > 0 {
			prev = n.layers[li-1].act
		}
		var dprev []float32
		if li > 0 {
			dprev = n.dx[:l.in]
			clear(dprev)
		}
		for o := 0; o < l.out; o++ {
			d := l.dpre[o]
			if d == 0 {
				continue
			}
			l.gb[o] += d
			axpy(d, prev, l.gw[o*l.in:(o+1)*l.in])
			if dprev != nil {
				axpy(d, l.w[o*l.in:(o+1)*l.in], dprev)
			}
		}
		if li > 0 {
			pl := n.layers[li-1]
			for i, v := range dprev {
				if pl.pre[i] <= 0 {
					v = 0
				}
				pl.dpre[i] = v
			}
		}
	}
	return loss, arg == label
}

// adam applies one Adam step with the gradients averaged over the batch.
func (n *mlp) adam(rate float32, batch int) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	n.t++
	c1 := 1 - math.Pow(b1, float64(n.t))
	c2 := 1 - math.Pow(b2, float64(n.t))
	step := rate * float32(math.Sqrt(c2)/c1)
	scale := 1 / float32(batch)
	upd := func(w, g, m, v []float32) {
		for i := range w {
			gi := g[i] * scale
			m[i] = b1*m[i] + (1-b1)*gi
			v[i] = b2*v[i] + (1-b2)*gi*gi
			w[i] -= step * m[i] / (float32(math.Sqrt(float64(v[i]))) + eps)
		}
	}
	for _, l := range n.layers {
		upd(l.w, l.gw, l.mw, l.vw)
		upd(l.b, l.gb, l.mb, l.vb)
	}
}
