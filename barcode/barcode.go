// Package barcode reads and writes PDF417 symbols, the barcode on the back
// of North American driving licences (AAMVA CDS Annex D), through the C++
// ZXing library (zxing-cpp, Debian's libzxing-dev) behind a small C shim.
//
// DecodePDF417 returns each symbol's bytes unchanged (binary-safe: AAMVA
// payloads hold LF, RS and CR) and its corners in image pixels. It finds
// symbols at any rotation and under the perspective and blur of a phone
// photo: besides zxing's own search it locates bar-code-like regions
// (dense, strongly oriented edges), straightens each and decodes it again.
package barcode

import (
	"errors"
	"image"
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// ErrNotFound is returned when no PDF417 symbol could be decoded.
var ErrNotFound = errors.New("barcode: no PDF417 symbol found")

// Symbol is one decoded PDF417 symbol.
type Symbol struct {
	// Data is the symbol's content as bytes, unchanged.
	Data []byte
	// Corners is the symbol's outline in the image's pixels, in the
	// order top-left, top-right, bottom-right, bottom-left of the symbol
	// read upright (start pattern on the left).
	Corners geometry.Quad
}

// EncodeOptions tunes EncodePDF417; nil means defaults.
type EncodeOptions struct {
	// ECCLevel is the error-correction level, 0-8; 0 means the writer's
	// default (chosen from the data length; AAMVA asks for at least 3).
	ECCLevel int
	// Module is the width of the narrowest bar in pixels; 0 means 3.
	// Rows are about 4 modules high, as zxing writes them.
	Module int
	// Margin is the quiet zone around the symbol in pixels; 0 means
	// 2 modules.
	Margin int
}

// EncodePDF417 renders data (any bytes) as a PDF417 symbol in black on
// white, for specimens and tests.
func EncodePDF417(data []byte, o *EncodeOptions) (*image.Gray, error) {
	var opt EncodeOptions
	if o != nil {
		opt = *o
	}
	if opt.ECCLevel < 0 || opt.ECCLevel > 8 {
		return nil, errors.New("barcode: ECC level out of 0-8")
	}
	if opt.Module < 0 || opt.Module > 64 || opt.Margin < 0 {
		return nil, errors.New("barcode: module width or margin out of range")
	}
	ecc := -1
	if opt.ECCLevel > 0 {
		ecc = opt.ECCLevel
	}
	m, err := zxEncode(data, ecc, 0, 0, 0)
	if err != nil {
		return nil, err
	}
	k := opt.Module
	if k == 0 {
		k = 3
	}
	margin := opt.Margin
	if margin == 0 {
		margin = 2 * k
	}
	b := m.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*k+2*margin, b.Dy()*k+2*margin))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < b.Dy()*k; y++ {
		src := m.Pix[(y/k)*m.Stride:]
		dst := out.Pix[(y+margin)*out.Stride+margin:]
		for x := 0; x < b.Dx()*k; x++ {
			dst[x] = src[x/k]
		}
	}
	return out, nil
}

// DecodePDF417 finds and decodes the PDF417 symbols in img. It returns
// ErrNotFound when there is none it can read.
func DecodePDF417(img image.Image) ([]Symbol, error) {
	g := toGray(img)
	b := g.Bounds()
	if b.Dx() < 8 || b.Dy() < 8 {
		return nil, ErrNotFound
	}
	// Straightened bar-code-like regions first: zxing's own detector
	// loses symbols turned by more than a few degrees.
	for i, r := range locate(g) {
		if i == 3 {
			break
		}
		for _, grow := range []float64{0.04, 0.12} {
			syms, err := decodeRegion(g, expand(r.Quad, grow, 6))
			if err != nil {
				return nil, err
			}
			if len(syms) > 0 {
				return syms, nil
			}
		}
	}
	syms, err := zxDecode(g, true, true)
	if err != nil {
		return nil, err
	}
	if len(syms) == 0 {
		return nil, ErrNotFound
	}
	return syms, nil
}

// decodeRegion straightens quad q of g into a rectangle and decodes it,
// mapping the corners found back into g's pixels.
func decodeRegion(g *image.Gray, q geometry.Quad) ([]Symbol, error) {
	crop, toImg, ok := straighten(g, q, 0)
	if !ok {
		return nil, nil
	}
	syms, err := zxDecode(crop, true, true)
	if err == nil && len(syms) == 0 {
		// Blurred photos: once more with the edges sharpened.
		syms, err = zxDecode(sharpen(crop, 2, 1.5), true, true)
	}
	for i := range syms {
		zq := toImg.ApplyQuad(syms[i].Corners)
		c := toImg.ApplyQuad(refine(crop, syms[i].Corners))
		// Straighten again on the symbol itself and measure once more:
		// the first crop was only as square as the region found.
		for it := 0; it < 2 && plausible(c, q, g.Bounds()); it++ {
			crop2, toImg2, ok := straighten(g, c, 0.06)
			if !ok {
				break
			}
			w, h := float64(crop2.Bounds().Dx()), float64(crop2.Bounds().Dy())
			mx, my := w*0.06/1.12, h*0.06/1.12
			in := geometry.Quad{{X: mx, Y: my}, {X: w - mx, Y: my}, {X: w - mx, Y: h - my}, {X: mx, Y: h - my}}
			c2 := toImg2.ApplyQuad(refine(crop2, in))
			if !plausible(c2, q, g.Bounds()) {
				break
			}
			c = c2
		}
		switch {
		case plausible(c, q, g.Bounds()):
			syms[i].Corners = c
		case plausible(zq, q, g.Bounds()):
			syms[i].Corners = zq
		default:
			syms[i].Corners = wholeImageCorners(g, syms[i].Data, q)
		}
	}
	return syms, err
}

// straighten warps quad q of g (grown by margin of its size on each side)
// into an upright rectangle, magnified when thin, and returns it with the
// map from its pixels to g's.
func straighten(g *image.Gray, q geometry.Quad, margin float64) (*image.Gray, geometry.Homography, bool) {
	w := math.Max(q[0].Dist(q[1]), q[3].Dist(q[2]))
	h := math.Max(q[0].Dist(q[3]), q[1].Dist(q[2]))
	if w < 16 || h < 8 || w > 20000 || h > 20000 {
		return nil, geometry.Homography{}, false
	}
	f := 1.0
	if w < 1200 {
		f = math.Min(2, 1200/w)
	}
	W, H := int(w*f*(1+2*margin)+0.5), int(h*f*(1+2*margin)+0.5)
	mx, my := float64(W)*margin/(1+2*margin), float64(H)*margin/(1+2*margin)
	dst := geometry.Quad{{X: mx, Y: my}, {X: float64(W) - mx, Y: my}, {X: float64(W) - mx, Y: float64(H) - my}, {X: mx, Y: float64(H) - my}}
	toImg, err := geometry.FromQuads(dst, q)
	if err != nil {
		return nil, geometry.Homography{}, false
	}
	return warp(g, toImg, W, H), toImg, true
}

func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	switch m := img.(type) {
	case *image.YCbCr:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			copy(g.Pix[g.PixOffset(b.Min.X, y):g.PixOffset(b.Max.X, y)], m.Y[m.YOffset(b.Min.X, y):m.YOffset(b.Max.X, y)])
		}
	default:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, gg, bb, _ := img.At(x, y).RGBA()
				g.Pix[g.PixOffset(x, y)] = uint8((299*r + 587*gg + 114*bb) / 1000 >> 8)
			}
		}
	}
	return g
}

// plausible reports whether a measured outline q can replace zxing's: it
// is convex, its area between 0.3 and 1.3 times that of the region z the
// symbol was found in, and it lies inside the image give or take 2 %.
// (zxing's own outline is no reference: it is what may be short.)
func plausible(q, z geometry.Quad, b image.Rectangle) bool {
	if !q.Convex() && !(geometry.Quad{q[3], q[2], q[1], q[0]}).Convex() {
		return false
	}
	r := math.Abs(q.Area() / z.Area())
	if math.IsNaN(r) || r < 0.3 || r > 1.3 {
		return false
	}
	m := 0.02 * float64(max(b.Dx(), b.Dy()))
	for _, p := range q {
		if p.X < float64(b.Min.X)-m || p.Y < float64(b.Min.Y)-m || p.X > float64(b.Max.X)+m || p.Y > float64(b.Max.Y)+m {
			return false
		}
	}
	return true
}

// wholeImageCorners is the last resort for the outline of a symbol decoded
// in a region whose corners could not be measured: zxing's outline from the
// whole image when it decodes the same data there and it is convex, else
// the region itself, clamped to the image.
func wholeImageCorners(g *image.Gray, data []byte, q geometry.Quad) geometry.Quad {
	if syms, err := zxDecode(g, true, true); err == nil {
		for _, s := range syms {
			if string(s.Data) == string(data) && (s.Corners.Convex() || (geometry.Quad{s.Corners[3], s.Corners[2], s.Corners[1], s.Corners[0]}).Convex()) {
				return s.Corners
			}
		}
	}
	b := g.Bounds()
	for i := range q {
		q[i].X = math.Max(float64(b.Min.X), math.Min(float64(b.Max.X), q[i].X))
		q[i].Y = math.Max(float64(b.Min.Y), math.Min(float64(b.Max.Y), q[i].Y))
	}
	return q
}
