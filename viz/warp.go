package viz

import (
	"image"
	"image/color"
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// sampler reads grey levels (0-255) from an image without converting all of
// it: the Y plane of JPEG images is used directly.
type sampler struct {
	b   image.Rectangle
	at  func(x, y int) float64
	img image.Image

	// plane is the grey plane when the image has one (Gray, YCbCr's Y):
	// plane[(y-b.Min.Y)*stride+(x-b.Min.X)], read without a call.
	plane  []uint8
	stride int
}

func newSampler(img image.Image) *sampler {
	s := &sampler{b: img.Bounds(), img: img}
	switch m := img.(type) {
	case *image.Gray:
		s.at = func(x, y int) float64 { return float64(m.Pix[m.PixOffset(x, y)]) }
		s.plane, s.stride = m.Pix, m.Stride
	case *image.YCbCr:
		s.at = func(x, y int) float64 { return float64(m.Y[m.YOffset(x, y)]) }
		s.plane, s.stride = m.Y, m.YStride
	case *image.RGBA:
		s.at = func(x, y int) float64 {
			i := m.PixOffset(x, y)
			return luma(uint32(m.Pix[i]), uint32(m.Pix[i+1]), uint32(m.Pix[i+2]))
		}
	case *image.NRGBA:
		s.at = func(x, y int) float64 {
			i := m.PixOffset(x, y)
			return luma(uint32(m.Pix[i]), uint32(m.Pix[i+1]), uint32(m.Pix[i+2]))
		}
	default:
		s.at = func(x, y int) float64 {
			return float64(color.GrayModel.Convert(m.At(x, y)).(color.Gray).Y)
		}
	}
	return s
}

func luma(r, g, b uint32) float64 { return (299*float64(r) + 587*float64(g) + 114*float64(b)) / 1000 }

// bilinear samples at a real point (pixel centres at +0.5); outside the
// image is paper white.
func (s *sampler) bilinear(x, y float64) float64 {
	x -= 0.5
	y -= 0.5
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	if s.plane != nil && x0 >= s.b.Min.X && y0 >= s.b.Min.Y && x0+1 < s.b.Max.X && y0+1 < s.b.Max.Y {
		i := (y0-s.b.Min.Y)*s.stride + (x0 - s.b.Min.X)
		p := s.plane[i : i+s.stride+2]
		a, b := float64(p[0]), float64(p[1])
		c, d := float64(p[s.stride]), float64(p[s.stride+1])
		return (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy
	}
	get := func(xi, yi int) float64 {
		if xi < s.b.Min.X || yi < s.b.Min.Y || xi >= s.b.Max.X || yi >= s.b.Max.Y {
			return 255
		}
		return s.at(xi, yi)
	}
	return (get(x0, y0)*(1-fx)+get(x0+1, y0)*fx)*(1-fy) + (get(x0, y0+1)*(1-fx)+get(x0+1, y0+1)*fx)*fy
}

// warp renders the canonical rectangle r (template px) from the upload
// through h (template px → upload px) into a grey image whose Rect is r, so
// that boxes found in it are already in template px. When a canonical pixel
// spans several upload pixels it is supersampled (up to 4×4).
func warp(s *sampler, h geometry.Homography, r image.Rectangle) *image.Gray {
	out := image.NewGray(r)
	if r.Empty() {
		return out
	}
	k := int(math.Ceil(localScale(h, geometry.Pt(float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2))))
	k = max(1, min(4, k))
	if s.plane != nil {
		return warpPlane(s, h, r, k)
	}
	inv := 1 / float64(k)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			var sum float64
			for j := 0; j < k; j++ {
				for i := 0; i < k; i++ {
					p := h.Apply(geometry.Pt(float64(x)+(float64(i)+0.5)*inv, float64(y)+(float64(j)+0.5)*inv))
					sum += s.bilinear(p.X, p.Y)
				}
			}
			out.Pix[out.PixOffset(x, y)] = uint8(math.Max(0, math.Min(255, sum/float64(k*k)+0.5)))
		}
	}
	return out
}
