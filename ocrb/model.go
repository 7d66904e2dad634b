package ocrb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

// Model is a multilayer perceptron over a normalised InW×InH cell: ReLU
// hidden layers and a softmax output over Alphabet. A loaded model is
// read-only; all methods are safe for concurrent use.
type Model struct {
	InW, InH int
	Layers   []Layer

	pool sync.Pool
}

// Layer is one fully connected layer: y = W x + B, W row-major Out×In.
type Layer struct {
	In, Out int
	W, B    []float32
}

func (m *Model) maxWidth() int {
	n := 0
	for _, l := range m.Layers {
		n = max(n, l.Out)
	}
	return n
}

// The binary model format, little-endian:
//
//	magic "OCRB", version uint16 (1), InW uint16, InH uint16,
//	alphabet length uint16 + alphabet bytes,
//	layer count uint16, then layer count + 1 widths uint16 (input first),
//	then per layer, per output row: scale float32 and In int8 weights
//	(w = scale × q), followed by Out float32 biases.
const (
	magic   = "OCRB"
	version = 1
)

// ErrFormat reports a malformed model file.
var ErrFormat = errors.New("ocrb: invalid model format")

// MarshalBinary encodes the model, quantising weights to int8 per row.
func (m *Model) MarshalBinary() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	b := []byte(magic)
	u16 := func(v int) { b = binary.LittleEndian.AppendUint16(b, uint16(v)) }
	f32 := func(v float32) { b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v)) }
	u16(version)
	u16(m.InW)
	u16(m.InH)
	u16(len(Alphabet))
	b = append(b, Alphabet...)
	u16(len(m.Layers))
	u16(m.Layers[0].In)
	for _, l := range m.Layers {
		u16(l.Out)
	}
	for _, l := range m.Layers {
		for o := 0; o < l.Out; o++ {
			row := l.W[o*l.In : (o+1)*l.In]
			var mx float32
			for _, w := range row {
				mx = max(mx, float32(math.Abs(float64(w))))
			}
			scale := mx / 127
			f32(scale)
			for _, w := range row {
				q := 0
				if scale > 0 {
					q = int(math.Round(float64(w / scale)))
				}
				b = append(b, byte(int8(max(-127, min(127, q)))))
			}
		}
		for _, v := range l.B {
			f32(v)
		}
	}
	return b, nil
}

func (m *Model) check() error {
	if m.InW <= 0 || m.InH <= 0 || len(m.Layers) == 0 {
		return fmt.Errorf("%w: empty model", ErrFormat)
	}
	in := m.InW * m.InH
	for i, l := range m.Layers {
		if l.In != in || l.Out <= 0 || len(l.W) != l.In*l.Out || len(l.B) != l.Out {
			return fmt.Errorf("%w: layer %d has inconsistent dimensions", ErrFormat, i)
		}
		in = l.Out
	}
	if in != NumClasses {
		return fmt.Errorf("%w: output width %d, want %d", ErrFormat, in, NumClasses)
	}
	return nil
}

// Load decodes a model written by MarshalBinary.
func Load(data []byte) (*Model, error) {
	r := reader{b: data}
	if string(r.bytes(4)) != magic {
		return nil, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v := r.u16(); v != version {
		return nil, fmt.Errorf("%w: unsupported version %d", ErrFormat, v)
	}
	m := &Model{InW: r.u16(), InH: r.u16()}
	if a := string(r.bytes(r.u16())); r.err == nil && a != Alphabet {
		return nil, fmt.Errorf("%w: alphabet %q, want %q", ErrFormat, a, Alphabet)
	}
	n := r.u16()
	if r.err != nil || n == 0 || n > 16 {
		return nil, fmt.Errorf("%w: bad layer count", ErrFormat)
	}
	widths := make([]int, n+1)
	for i := range widths {
		widths[i] = r.u16()
	}
	for i := 0; i < n && r.err == nil; i++ {
		l := Layer{In: widths[i], Out: widths[i+1]}
		if l.In*l.Out > len(data) {
			return nil, fmt.Errorf("%w: layer %d larger than the file", ErrFormat, i)
		}
		l.W = make([]float32, l.In*l.Out)
		for o := 0; o < l.Out && r.err == nil; o++ {
			scale := r.f32()
			q := r.bytes(l.In)
			for j, v := range q {
				l.W[o*l.In+j] = scale * float32(int8(v))
			}
		}
		l.B = make([]float32, l.Out)
		for o := range l.B {
			l.B[o] = r.f32()
		}
		m.Layers = append(m.Layers, l)
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrFormat, len(r.b))
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	return m, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = fmt.Errorf("%w: truncated", ErrFormat)
		r.b = nil
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u16() int {
	v := r.bytes(2)
	if v == nil {
		return 0
	}
	return int(binary.LittleEndian.Uint16(v))
}

func (r *reader) f32() float32 {
	v := r.bytes(4)
	if v == nil {
		return 0
	}
	return math.Float32frombits(binary.LittleEndian.Uint32(v))
}
