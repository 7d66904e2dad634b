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

// DecodePDF417 finds and decodes the PDF417 symbols in img.
func DecodePDF417(img image.Image) ([]Symbol, error) {
	g := toGray(img)
	syms, err := zxDecode(g, true, true)
	if err != nil {
		return nil, err
	}
	if len(syms) == 0 {
		return nil, ErrNotFound
	}
	return syms, nil
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
