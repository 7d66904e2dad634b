package barcode

// #cgo CXXFLAGS: -std=c++17 -DZX_USE_UTF8
// #cgo LDFLAGS: -lZXing
// #include <stdlib.h>
// #include "zx.h"
import "C"

import (
	"errors"
	"image"
	"unsafe"

	"github.com/idrecog/idrecog/geometry"
)

// Binarizers of zxDecode (zxing's Binarizer).
const (
	binLocal  = 0 // LocalAverage, zxing's default
	binGlobal = 1 // GlobalHistogram
	binFixed  = 2 // FixedThreshold (127)
)

// zxDecode runs zxing-cpp's PDF417 reader on g once.
func zxDecode(g *image.Gray, tryHarder, tryRotate bool) ([]Symbol, error) {
	return zxDecodeBin(g, tryHarder, tryRotate, binLocal)
}

// zxDecodeBin is zxDecode with a chosen binarizer.
func zxDecodeBin(g *image.Gray, tryHarder, tryRotate bool, bin int) ([]Symbol, error) {
	b := g.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		return nil, nil
	}
	var out *C.zx_symbol
	var cerr *C.char
	pix := g.Pix[g.PixOffset(b.Min.X, b.Min.Y):]
	n := C.zx_decode_pdf417((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()), C.int(g.Stride),
		cbool(tryHarder), cbool(tryRotate), C.int(bin), &out, &cerr)
	if n < 0 {
		msg := C.GoString(cerr)
		C.zx_free(unsafe.Pointer(cerr))
		return nil, errors.New("barcode: zxing: " + msg)
	}
	if n == 0 {
		return nil, nil
	}
	defer C.zx_free_symbols(out, n)
	syms := unsafe.Slice(out, int(n))
	res := make([]Symbol, 0, int(n))
	for _, s := range syms {
		var sym Symbol
		sym.Data = C.GoBytes(unsafe.Pointer(s.data), s.len)
		for k := 0; k < 4; k++ {
			sym.Corners[k] = geometry.Pt(float64(s.pts[2*k])+float64(b.Min.X), float64(s.pts[2*k+1])+float64(b.Min.Y))
		}
		res = append(res, sym)
	}
	return res, nil
}

func cbool(v bool) C.int {
	if v {
		return 1
	}
	return 0
}

// zxEncode renders data with zxing-cpp's PDF417 writer.
func zxEncode(data []byte, ecc, margin, width, height int) (*image.Gray, error) {
	if len(data) == 0 {
		return nil, errors.New("barcode: nothing to encode")
	}
	var w, h C.int
	var cerr *C.char
	buf := C.zx_encode_pdf417((*C.uchar)(unsafe.Pointer(&data[0])), C.int(len(data)), C.int(ecc), C.int(margin),
		C.int(width), C.int(height), &w, &h, &cerr)
	if buf == nil {
		msg := "unknown error"
		if cerr != nil {
			msg = C.GoString(cerr)
			C.zx_free(unsafe.Pointer(cerr))
		}
		return nil, errors.New("barcode: zxing: " + msg)
	}
	defer C.zx_free(unsafe.Pointer(buf))
	g := image.NewGray(image.Rect(0, 0, int(w), int(h)))
	copy(g.Pix, unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(w)*int(h)))
	return g, nil
}
