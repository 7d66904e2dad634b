package mrzscan

import (
	"image"
	"image/color"

	"gocv.io/x/gocv"
)

// grayPixels returns img as an 8-bit luminance raster (row-major, stride =
// width). JPEG uploads decode to *image.YCbCr whose Y plane already is the
// luminance, so the common case is a plain copy.
func grayPixels(img image.Image) (pix []byte, w, h int) {
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, 0, 0
	}
	pix = make([]byte, w*h)
	switch m := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			off := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(pix[y*w:(y+1)*w], m.Y[off:off+w])
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(pix[y*w:(y+1)*w], m.Pix[off:off+w])
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := m.Pix[off : off+4*w]
			for x := 0; x < w; x++ {
				pix[y*w+x] = lum(row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := m.Pix[off : off+4*w]
			for x := 0; x < w; x++ {
				pix[y*w+x] = lum(row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				pix[y*w+x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
			}
		}
	}
	return pix, w, h
}

func lum(r, g, b byte) byte {
	return byte((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// grayMat wraps pix (which must stay alive while the Mat is used) as a CV_8U Mat.
func grayMat(pix []byte, w, h int) (gocv.Mat, error) {
	return gocv.NewMatFromBytes(h, w, gocv.MatTypeCV8U, pix)
}

// matGray copies a CV_8U single-channel Mat into an *image.Gray.
func matGray(m gocv.Mat) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, m.Cols(), m.Rows()))
	if m.Empty() {
		return g
	}
	b := m.ToBytes()
	if len(b) == len(g.Pix) {
		copy(g.Pix, b)
	}
	return g
}
