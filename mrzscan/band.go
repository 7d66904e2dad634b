package mrzscan

import (
	"image"
	"math"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// Rectified band geometry, in rectified pixels.
const (
	rectPitch  = 20.0 // character pitch
	rectMargin = 1.5 * rectPitch
	rectPad    = 1.2 * rectPitch
)

// rectBand is an MRZ band warped so that the character cells form a regular
// grid: line k's centre at y = rectPad + 0.8·pitch + k·linePitch, cell i of
// every line starting near x = rectMargin + i·pitch.
type rectBand struct {
	nLines, n int
	linePitch float64
	w, h      int
	gray      *image.Gray
	ink       []byte
	toImage   geometry.Homography // rectified pixel → upload pixel
}

// rectify warps the line group g (found in strip s) into a rectified band for
// lines of n characters, reading the full-resolution image.
func rectify(gray gocv.Mat, s *strip, g []textLine, n int) (*rectBand, error) {
	first, last := g[0], g[len(g)-1]
	var pitch float64
	for _, l := range g {
		pitch += (l.xr - l.xl) / (float64(n) - 0.3)
	}
	pitch /= float64(len(g))
	linePitch := rectPitch
	if len(g) > 1 {
		xm := (first.xl + first.xr) / 2
		sp := (last.yAt(xm) - first.yAt(xm)) / float64(len(g)-1)
		linePitch = rectPitch * sp / pitch
	}
	y0 := rectPad + 0.8*rectPitch
	yL := y0 + float64(len(g)-1)*linePitch
	xl := rectMargin + 0.15*rectPitch
	xr := rectMargin + (float64(n)-0.15)*rectPitch
	src := geometry.Quad{
		geometry.Pt(first.xl, first.yAt(first.xl)), geometry.Pt(first.xr, first.yAt(first.xr)),
		geometry.Pt(last.xr, last.yAt(last.xr)), geometry.Pt(last.xl, last.yAt(last.xl)),
	}
	if len(g) == 1 {
		// One line: extrude it by its own cap height.
		d := first.capH
		src[2] = geometry.Pt(first.xr, first.yAt(first.xr)+d)
		src[3] = geometry.Pt(first.xl, first.yAt(first.xl)+d)
		yL = y0 + d*rectPitch/pitch
	}
	dst := geometry.Quad{geometry.Pt(xl, y0), geometry.Pt(xr, y0), geometry.Pt(xr, yL), geometry.Pt(xl, yL)}
	toRect, err := geometry.FromQuads(src, dst)
	if err != nil {
		return nil, err
	}
	inv, err := toRect.Inverse()
	if err != nil {
		return nil, err
	}
	rb := &rectBand{
		nLines:    len(g),
		n:         n,
		linePitch: linePitch,
		w:         int(float64(n)*rectPitch + 2*rectMargin),
		h:         int(2*rectPad + 1.6*rectPitch + float64(len(g)-1)*linePitch),
		toImage:   s.toImage.Mul(inv),
	}
	if rb.h <= 0 || rb.h > 20*int(rectPitch) {
		return nil, errNoLines
	}
	m := gocv.NewMat()
	defer m.Close()
	if err := warpInto(gray, &m, rb.toImage, image.Pt(rb.w, rb.h)); err != nil {
		return nil, err
	}
	rb.gray = matGray(m)
	rb.ink, _ = inkOf(m, 0.95*rectPitch)
	return rb, nil
}

// rotate180 returns the band turned half a turn (the other reading direction).
func (rb *rectBand) rotate180() *rectBand {
	r := *rb
	r.gray = image.NewGray(rb.gray.Rect)
	r.ink = make([]byte, len(rb.ink))
	n := len(rb.ink)
	for i := range rb.ink {
		r.ink[n-1-i] = rb.ink[i]
		r.gray.Pix[n-1-i] = rb.gray.Pix[i]
	}
	flip := geometry.Homography{-1, 0, float64(rb.w - 1), 0, -1, float64(rb.h - 1), 0, 0, 1}
	r.toImage = rb.toImage.Mul(flip)
	return &r
}

// bandCells are the character cells of a rectified band.
type bandCells struct {
	cells [][]image.Rectangle // per line, per character, rectified pixels
	cands [][][]mrz.Candidate
}

// segment cuts every line into n cells, refining each line's vertical centre,
// offset and pitch so that cell boundaries fall into the gaps between glyphs.
func (rb *rectBand) segment() [][]image.Rectangle {
	out := make([][]image.Rectangle, rb.nLines)
	for k := 0; k < rb.nLines; k++ {
		yc := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
		yc = rb.refineCentre(yc)
		prof := make([]float64, rb.w)
		ya := max(0, int(yc-0.45*rectPitch))
		yb := min(rb.h, int(yc+0.45*rectPitch)+1)
		for y := ya; y < yb; y++ {
			row := rb.ink[y*rb.w : (y+1)*rb.w]
			for x, v := range row {
				prof[x] += float64(v)
			}
		}
		at := func(x float64) float64 {
			i := int(math.Floor(x))
			if i < 0 || i+1 >= rb.w {
				return 0
			}
			a := x - float64(i)
			return (1-a)*prof[i] + a*prof[i+1]
		}
		bestO, bestP, best := rectMargin, rectPitch, math.Inf(1)
		for p := rectPitch * 0.96; p <= rectPitch*1.04+1e-9; p += rectPitch * 0.005 {
			for o := rectMargin - 0.45*rectPitch; o <= rectMargin+0.45*rectPitch; o += 0.5 {
				var c float64
				for i := 0; i <= rb.n; i++ {
					c += at(o + float64(i)*p)
				}
				// mild preference for the nominal grid
				c *= 1 + 0.2*math.Abs(o-rectMargin)/rectPitch
				if c < best {
					best, bestO, bestP = c, o, p
				}
			}
		}
		row := make([]image.Rectangle, rb.n)
		for i := 0; i < rb.n; i++ {
			x0 := bestO + float64(i)*bestP
			row[i] = image.Rect(int(math.Round(x0)), int(math.Round(yc-0.8*bestP)), int(math.Round(x0+bestP)), int(math.Round(yc+0.8*bestP))).Intersect(rb.gray.Rect)
		}
		out[k] = row
	}
	return out
}

// refineCentre moves a nominal line centre to the ink centroid nearby.
func (rb *rectBand) refineCentre(yc float64) float64 {
	ya := max(0, int(yc-0.7*rectPitch))
	yb := min(rb.h, int(yc+0.7*rectPitch)+1)
	var m, my float64
	for y := ya; y < yb; y++ {
		row := rb.ink[y*rb.w+int(rectMargin) : (y+1)*rb.w-int(rectMargin)]
		var s float64
		for _, v := range row {
			s += float64(v)
		}
		m += s
		my += s * float64(y)
	}
	if m == 0 {
		return yc
	}
	return my / m
}
