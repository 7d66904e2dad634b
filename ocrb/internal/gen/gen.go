package gen

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// Params are the ranges from which each cell's degradations are drawn. The
// zero value renders clean, centred cells; see Train and Held for the two
// standard settings.
type Params struct {
	MinWidth, MaxWidth int     // output cell width in pixels (height = 1.6 × width)
	Shift              float64 // max misalignment, fraction of the pitch, horizontally and vertically
	MinScale, MaxScale float64 // glyph scale relative to the cell
	Aspect             float64 // max relative change of the horizontal scale
	Rotate             float64 // max rotation in degrees
	Weight             float64 // max stroke-weight change (threshold shift of the blurred mask, 0..0.45)
	Blur               float64 // max Gaussian sigma, fraction of the cell width
	MotionProb         float64 // probability of motion blur
	Motion             float64 // max motion-blur length, fraction of the cell width
	Noise              float64 // max sensor-noise sigma, grey levels
	MinContrast        float64 // min difference paper − ink, grey levels
	GradientProb       float64 // probability of an uneven background
	GuillocheProb      float64 // probability of faint guilloche lines
	JPEGProb           float64 // probability of a JPEG round trip
	MinJPEG, MaxJPEG   int     // JPEG quality range
	LowResProb         float64 // probability of rendering small then upscaling
	LowResMin          int     // smallest low-resolution cell width in pixels (0: 7)
	LowResMax          int     // largest low-resolution cell width in pixels (0: 12)
	BlankNeighbour     float64 // probability that a neighbour cell is empty (line ends)
	FillerNeighbour    float64 // probability that a neighbour is '<' (the MRZ filler)
	// Context degrades a window larger than the cell, by the reach of the
	// blur, and cuts the cell out afterwards: the neighbours' ink smears
	// into the cell as it does in a blurred photo of a whole MRZ line.
	Context bool
}

// Train is the degradation setting used to train the committed model. It
// covers hard phone captures: MRZ pitches down to 7-16 px (rendered small,
// degraded there, then upscaled as mrzscan's rectification does), defocus,
// motion blur up to 0.6 pitch in any direction (a 3-8 px shake at a 13 px
// pitch), strong sensor noise, low contrast and JPEG at low resolution.
var Train = Params{
	MinWidth: 8, MaxWidth: 40,
	Shift:    0.2,
	MinScale: 0.8, MaxScale: 1.2, Aspect: 0.08,
	Rotate:     4,
	Weight:     0.3,
	Blur:       0.16,
	MotionProb: 0.35, Motion: 0.6,
	Noise:         20,
	MinContrast:   35,
	GradientProb:  0.5,
	GuillocheProb: 0.3,
	JPEGProb:      0.4, MinJPEG: 30, MaxJPEG: 95,
	LowResProb: 0.45, LowResMin: 7, LowResMax: 16,
	BlankNeighbour:  0.05,
	FillerNeighbour: 0.3,
	Context:         false,
}

// Held is the held-out evaluation setting: moderately degraded, with ranges
// that differ from Train (narrower shift, no motion blur, other widths), to
// measure generalisation honestly rather than memorisation of one generator.
var Held = Params{
	MinWidth: 10, MaxWidth: 36,
	Shift:    0.15,
	MinScale: 0.85, MaxScale: 1.15, Aspect: 0.05,
	Rotate:     3,
	Weight:     0.25,
	Blur:       0.045,
	MotionProb: 0, Motion: 0,
	Noise:         10,
	MinContrast:   60,
	GradientProb:  0.5,
	GuillocheProb: 0.2,
	JPEGProb:      0.2, MinJPEG: 35, MaxJPEG: 90,
	LowResProb:      0.1,
	BlankNeighbour:  0.05,
	FillerNeighbour: 0.3,
}

// Generator draws degraded cells. It is not safe for concurrent use.
type Generator struct {
	G   *Glyphs
	P   Params
	Rnd *rand.Rand

	canvas, tmp []float32
}

// NewGenerator returns a generator with its own deterministic random source.
func NewGenerator(g *Glyphs, p Params, seed uint64) *Generator {
	return &Generator{G: g, P: p, Rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (gn *Generator) uniform(lo, hi float64) float64 { return lo + (hi-lo)*gn.Rnd.Float64() }

// neighbour picks the class of a neighbouring cell, -1 for empty.
func (gn *Generator) neighbour() int {
	u := gn.Rnd.Float64()
	switch {
	case u < gn.P.BlankNeighbour:
		return -1
	case u < gn.P.BlankNeighbour+gn.P.FillerNeighbour:
		return len(Alphabet) - 1
	}
	return gn.Rnd.IntN(len(Alphabet))
}

// Cell renders one degraded cell of class c (an index into Alphabet).
func (gn *Generator) Cell(c int) *image.Gray {
	g, p, r := gn.G, gn.P, gn.Rnd
	cw, ch := 3*g.W, g.H // canvas: three cells on the pitch grid
	n := cw * ch
	if cap(gn.canvas) < n {
		gn.canvas = make([]float32, n)
		gn.tmp = make([]float32, n)
	}
	cv := gn.canvas[:n]
	clear(cv)
	// Printers are not perfectly on the pitch grid: jitter the neighbours a
	// little relative to the centre character.
	for k, cls := range [3]int{gn.neighbour(), c, gn.neighbour()} {
		if cls < 0 {
			continue
		}
		off := k * g.W
		if k != 1 {
			off += int(gn.uniform(-0.06, 0.06) * float64(g.W))
		}
		m := g.Masks[cls]
		for y := 0; y < g.H; y++ {
			row := cv[y*cw : (y+1)*cw]
			src := m[y*g.W : (y+1)*g.W]
			for x, a := range src {
				xx := x + off
				if xx >= 0 && xx < cw && a > row[xx] {
					row[xx] = a
				}
			}
		}
	}
	// Stroke weight: blur the coverage, then threshold it softly at a level
	// away from 0.5 (below dilates, above erodes).
	if p.Weight > 0 {
		boxBlur(cv, gn.tmp[:n], cw, ch, 2)
		t := float32(0.5 + gn.uniform(-p.Weight, p.Weight))
		const k = 1 / float32(0.12)
		for i, a := range cv {
			v := (a-t)*k + 0.5
			if v < 0 {
				v = 0
			} else if v > 1 {
				v = 1
			}
			cv[i] = v
		}
	}

	// Output geometry.
	w := p.MinWidth
	if p.MaxWidth > p.MinWidth {
		w += r.IntN(p.MaxWidth - p.MinWidth + 1)
	}
	if w < 4 {
		w = 4
	}
	outW := w
	lowRes := r.Float64() < p.LowResProb
	if lowRes {
		lo, hi := p.LowResMin, p.LowResMax
		if lo <= 0 {
			lo = 7
		}
		if hi < lo {
			hi = max(lo, 12)
		}
		w = lo + r.IntN(hi-lo+1) // later upscaled
		outW = 16 + r.IntN(17)
	}
	h := int(1.6*float64(w) + 0.5)
	scale := 1.0
	if p.MaxScale > 0 {
		scale = gn.uniform(p.MinScale, p.MaxScale)
	}
	sx := scale * (1 + gn.uniform(-p.Aspect, p.Aspect))
	sy := scale
	th := gn.uniform(-p.Rotate, p.Rotate) * math.Pi / 180
	dx := gn.uniform(-p.Shift, p.Shift) * float64(g.W)
	dy := gn.uniform(-p.Shift, p.Shift) * float64(g.W)
	unit := float64(g.W) / float64(w) // canvas pixels per output pixel
	cos, sin := math.Cos(th), math.Sin(th)
	// Map output (u,v) relative to the cell centre to canvas coordinates.
	axx, axy := cos*unit/sx, -sin*unit/sy
	ayx, ayy := sin*unit/sx, cos*unit/sy
	cx, cy := 1.5*float64(g.W)+dx, float64(g.H)/2+dy
	ss := int(math.Ceil(unit / scale))
	if ss < 1 {
		ss = 1
	} else if ss > 4 {
		ss = 4
	}
	// With Context the optics are drawn first, so that the window can
	// grow by their reach (mx, my pixels on each side).
	var opt *optics
	mx, my := 0, 0
	if p.Context {
		opt = gn.drawOptics(float64(w))
		ext := int(math.Ceil(opt.reach()))
		mx, my = min(ext, (w+1)/2), min(ext, (h+1)/2)
	}
	ww, wh := w+2*mx, h+2*my
	cov := make([]float64, ww*wh)
	inv := 1 / float64(ss*ss)
	for oy := 0; oy < wh; oy++ {
		for ox := 0; ox < ww; ox++ {
			var s float64
			for j := 0; j < ss; j++ {
				v := float64(oy-my) + (float64(j)+0.5)/float64(ss) - float64(h)/2
				for i := 0; i < ss; i++ {
					u := float64(ox-mx) + (float64(i)+0.5)/float64(ss) - float64(w)/2
					s += bilinear(cv, cw, ch, cx+axx*u+axy*v, cy+ayx*u+ayy*v)
				}
			}
			cov[oy*ww+ox] = s * inv
		}
	}

	out := gn.finish(cov, ww, wh, float64(w), opt)
	if mx > 0 || my > 0 {
		out = cropGray(out, image.Rect(mx, my, mx+w, my+h))
	}
	if lowRes {
		out = resizeBilinear(out, outW, int(1.6*float64(outW)+0.5))
	}
	return out
}

// finish turns ink coverage cov (w×h) into a grey image: paper with an
// uneven background and guilloche, ink, blur, motion blur, sensor noise and a
// JPEG round trip. pitch is the character pitch in pixels, which scales the
// blur and the guilloche.
func (gn *Generator) finish(cov []float64, w, h int, pitch float64, opt *optics) *image.Gray {
	p, r := gn.P, gn.Rnd
	// Paper and ink.
	paper := gn.uniform(150, 250)
	inkMax := paper - p.MinContrast
	if inkMax < 0 {
		inkMax = 0
	}
	ink := gn.uniform(0, math.Min(inkMax, 130))
	img := make([]float64, w*h)
	var gx, gy float64
	if r.Float64() < p.GradientProb {
		a := gn.uniform(0, 2*math.Pi)
		amp := gn.uniform(0, 0.5) * (paper - ink) // change across the image
		gx, gy = amp*math.Cos(a)/float64(w), amp*math.Sin(a)/float64(h)
	}
	gu := r.Float64() < p.GuillocheProb
	var gAmp, gLam, gPhi, gPh, gCurve float64
	if gu {
		gAmp = gn.uniform(0.08, 0.3) * (paper - ink)
		gLam = gn.uniform(0.25, 0.8) * pitch
		gPhi = gn.uniform(0, math.Pi)
		gPh = gn.uniform(0, 2*math.Pi)
		gCurve = gn.uniform(-0.5, 0.5)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			bg := paper + gx*(float64(x)-float64(w)/2) + gy*(float64(y)-float64(h)/2)
			if gu {
				t := (float64(x)*math.Cos(gPhi) + float64(y)*math.Sin(gPhi)) / gLam
				t += gCurve * math.Sin(float64(y)/(1.6*pitch)*3)
				c := math.Cos(2*math.Pi*t + gPh)
				bg -= gAmp * math.Pow(math.Max(c, 0), 8)
			}
			a := cov[y*w+x]
			img[y*w+x] = bg*(1-a) + ink*a
		}
	}

	// Optics.
	if opt == nil {
		opt = gn.drawOptics(pitch)
	}
	if opt.sigma > 0.25 {
		gaussBlur(img, w, h, opt.sigma)
	}
	if opt.motion {
		motionBlur(img, w, h, opt.length, opt.angle)
	}
	// Sensor noise.
	sigma := gn.uniform(0, p.Noise)
	out := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range img {
		v += sigma * r.NormFloat64()
		out.Pix[i] = clamp8(v)
	}
	if r.Float64() < p.JPEGProb {
		out = jpegRoundTrip(out, p.MinJPEG+r.IntN(p.MaxJPEG-p.MinJPEG+1))
	}
	return out
}

// optics are a cell's defocus and motion blur.
type optics struct {
	sigma         float64 // Gaussian blur, pixels (none at or below 0.25)
	motion        bool
	length, angle float64 // motion-blur length (pixels) and direction (radians)
}

// drawOptics draws the blur of a cell of the given pitch in pixels.
func (gn *Generator) drawOptics(pitch float64) *optics {
	p, r := gn.P, gn.Rnd
	o := &optics{sigma: gn.uniform(0, p.Blur*pitch)}
	if r.Float64() < p.MotionProb {
		o.motion = true
		o.length = gn.uniform(1, max(1, p.Motion*pitch))
		o.angle = gn.uniform(0, math.Pi)
	}
	return o
}

// reach is how far, in pixels, the blur carries ink.
func (o *optics) reach() float64 {
	var d float64
	if o.sigma > 0.25 {
		d += 2.5 * o.sigma
	}
	if o.motion {
		d += o.length / 2
	}
	return d
}

// cropGray copies r out of g.
func cropGray(g *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.Stride:(y+1)*out.Stride], g.Pix[(r.Min.Y+y)*g.Stride+r.Min.X:])
	}
	return out
}

func clamp8(v float64) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v + 0.5)
}

func bilinear(m []float32, w, h int, x, y float64) float64 {
	x -= 0.5
	y -= 0.5
	fx, fy := math.Floor(x), math.Floor(y)
	ix, iy := int(fx), int(fy)
	ax, ay := float32(x-fx), float32(y-fy)
	at := func(i, j int) float32 {
		if i < 0 || j < 0 || i >= w || j >= h {
			return 0
		}
		return m[j*w+i]
	}
	top := at(ix, iy)*(1-ax) + at(ix+1, iy)*ax
	bot := at(ix, iy+1)*(1-ax) + at(ix+1, iy+1)*ax
	return float64(top*(1-ay) + bot*ay)
}

// boxBlur blurs m (w×h) in place with a separable box of radius rad
// (running sums; zero outside the canvas).
func boxBlur(m, tmp []float32, w, h, rad int) {
	norm := 1 / float32(2*rad+1)
	for y := 0; y < h; y++ {
		row := m[y*w : (y+1)*w]
		out := tmp[y*w : (y+1)*w]
		var s float32
		for k := 0; k < rad && k < w; k++ {
			s += row[k]
		}
		for x := range row {
			if k := x + rad; k < w {
				s += row[k]
			}
			if k := x - rad - 1; k >= 0 {
				s -= row[k]
			}
			out[x] = s * norm
		}
	}
	for x := 0; x < w; x++ {
		var s float32
		for k := 0; k < rad && k < h; k++ {
			s += tmp[k*w+x]
		}
		for y := 0; y < h; y++ {
			if k := y + rad; k < h {
				s += tmp[k*w+x]
			}
			if k := y - rad - 1; k >= 0 {
				s -= tmp[k*w+x]
			}
			m[y*w+x] = s * norm
		}
	}
}

func gaussBlur(m []float64, w, h int, sigma float64) {
	rad := int(math.Ceil(2.5 * sigma))
	k := make([]float64, 2*rad+1)
	var sum float64
	for i := range k {
		d := float64(i - rad)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float64, len(m))
	clampi := func(v, n int) int {
		if v < 0 {
			return 0
		}
		if v >= n {
			return n - 1
		}
		return v
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				s += kv * m[y*w+clampi(x+i-rad, w)]
			}
			tmp[y*w+x] = s
		}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				s += kv * tmp[clampi(y+i-rad, h)*w+x]
			}
			m[y*w+x] = s
		}
	}
}

func motionBlur(m []float64, w, h int, length, angle float64) {
	n := int(math.Ceil(length)) + 1
	src := make([]float32, len(m))
	for i, v := range m {
		src[i] = float32(v)
	}
	dx, dy := math.Cos(angle), math.Sin(angle)
	sample := func(x, y float64) float64 {
		// clamp to the border (replicate edge)
		x = math.Max(0.5, math.Min(float64(w)-0.5, x))
		y = math.Max(0.5, math.Min(float64(h)-0.5, y))
		return bilinear(src, w, h, x, y)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i := 0; i < n; i++ {
				t := (float64(i)/float64(n-1) - 0.5) * length
				s += sample(float64(x)+0.5+t*dx, float64(y)+0.5+t*dy)
			}
			m[y*w+x] = s / float64(n)
		}
	}
}

func jpegRoundTrip(g *image.Gray, q int) *image.Gray {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: q}); err != nil {
		return g
	}
	im, err := jpeg.Decode(&buf)
	if err != nil {
		return g
	}
	out := image.NewGray(g.Bounds())
	b := im.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, _, _, _ := im.At(b.Min.X+x, b.Min.Y+y).RGBA()
			out.Pix[y*out.Stride+x] = uint8(r >> 8)
		}
	}
	return out
}

func resizeBilinear(g *image.Gray, w, h int) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	src := make([]float32, sw*sh)
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			src[y*sw+x] = float32(g.Pix[y*g.Stride+x])
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx := (float64(x) + 0.5) * float64(sw) / float64(w)
			fy := (float64(y) + 0.5) * float64(sh) / float64(h)
			fx = math.Max(0.5, math.Min(float64(sw)-0.5, fx))
			fy = math.Max(0.5, math.Min(float64(sh)-0.5, fy))
			out.Pix[y*w+x] = clamp8(bilinear(src, sw, sh, fx, fy))
		}
	}
	return out
}
