package docfind

import (
	"image"
	"image/color"
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// gray is an 8-bit luminance raster, row-major, stride w.
type gray struct {
	pix  []byte
	w, h int
}

// at returns the bilinearly interpolated value at (x, y) (pixel centres at
// integer coordinates), clamped at the borders.
func (g *gray) at(x, y float64) float64 {
	if x < 0 {
		x = 0
	}
	if y < 0 {
		y = 0
	}
	if mx := float64(g.w - 1); x > mx {
		x = mx
	}
	if my := float64(g.h - 1); y > my {
		y = my
	}
	x0, y0 := int(x), int(y)
	fx, fy := x-float64(x0), y-float64(y0)
	x1, y1 := min(x0+1, g.w-1), min(y0+1, g.h-1)
	r0 := g.pix[y0*g.w:]
	r1 := g.pix[y1*g.w:]
	a := float64(r0[x0])*(1-fx) + float64(r0[x1])*fx
	b := float64(r1[x0])*(1-fx) + float64(r1[x1])*fx
	return a*(1-fy) + b*fy
}

// grayOf returns img's luminance. JPEG uploads decode to *image.YCbCr whose
// Y plane already is the luminance, so the common case is a plain copy.
func grayOf(img image.Image) *gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := &gray{pix: make([]byte, w*h), w: w, h: h}
	switch m := img.(type) {
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			off := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.pix[y*w:(y+1)*w], m.Y[off:off+w])
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			off := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(g.pix[y*w:(y+1)*w], m.Pix[off:off+w])
		}
	default:
		at := rgbFunc(img)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, gg, bb := at(b.Min.X+x, b.Min.Y+y)
				g.pix[y*w+x] = lum(r, gg, bb)
			}
		}
	}
	return g
}

func lum(r, g, b byte) byte {
	return byte((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// rgbFunc returns a fast pixel reader for the common image types.
func rgbFunc(img image.Image) func(x, y int) (r, g, b byte) {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) (byte, byte, byte) {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			return color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
		}
	case *image.RGBA:
		return func(x, y int) (byte, byte, byte) {
			o := m.PixOffset(x, y)
			return m.Pix[o], m.Pix[o+1], m.Pix[o+2]
		}
	case *image.NRGBA:
		return func(x, y int) (byte, byte, byte) {
			o := m.PixOffset(x, y)
			return m.Pix[o], m.Pix[o+1], m.Pix[o+2]
		}
	case *image.Gray:
		return func(x, y int) (byte, byte, byte) {
			v := m.Pix[m.PixOffset(x, y)]
			return v, v, v
		}
	}
	return func(x, y int) (byte, byte, byte) {
		c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
		return c.R, c.G, c.B
	}
}

// small is the downscaled colour image the candidates are searched in.
type small struct {
	ch    [3][]byte // R, G, B planes
	gray  []byte
	w, h  int
	scale float64 // small pixels per upload pixel
}

// downscale averages a 3×3 grid of samples per output pixel so that the
// long side is at most longSide.
func downscale(img image.Image, longSide int) *small {
	b := img.Bounds()
	W, H := b.Dx(), b.Dy()
	s := 1.0
	if m := max(W, H); m > longSide {
		s = float64(longSide) / float64(m)
	}
	w, h := max(1, int(math.Round(float64(W)*s))), max(1, int(math.Round(float64(H)*s)))
	sm := &small{w: w, h: h, scale: float64(w) / float64(W)}
	for i := range sm.ch {
		sm.ch[i] = make([]byte, w*h)
	}
	sm.gray = make([]byte, w*h)
	at := rgbFunc(img)
	fx, fy := float64(W)/float64(w), float64(H)/float64(h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var r, g, bb int
			for j := 0; j < 3; j++ {
				sy := min(H-1, int((float64(y)+(float64(j)+0.5)/3)*fy))
				for i := 0; i < 3; i++ {
					sx := min(W-1, int((float64(x)+(float64(i)+0.5)/3)*fx))
					pr, pg, pb := at(b.Min.X+sx, b.Min.Y+sy)
					r += int(pr)
					g += int(pg)
					bb += int(pb)
				}
			}
			o := y*w + x
			sm.ch[0][o], sm.ch[1][o], sm.ch[2][o] = byte(r/9), byte(g/9), byte(bb/9)
			sm.gray[o] = lum(sm.ch[0][o], sm.ch[1][o], sm.ch[2][o])
		}
	}
	return sm
}

// warpGray samples the canonical document (size sz, scaled by s) from g
// through docToImage: pixel (x, y) of the result is canonical point
// ((x+0.5)/s, (y+0.5)/s).
func warpGray(g *gray, docToImage geometry.Homography, sz image.Point, s float64) *image.Gray {
	w, h := max(1, int(float64(sz.X)*s)), max(1, int(float64(sz.Y)*s))
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := docToImage.Apply(geometry.Pt((float64(x)+0.5)/s, (float64(y)+0.5)/s))
			out.Pix[y*out.Stride+x] = byte(g.at(p.X-0.5, p.Y-0.5) + 0.5)
		}
	}
	return out
}
