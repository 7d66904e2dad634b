package viz

import (
	"image"
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// warpPlane is warp for a sampler over a grey plane (a JPEG's Y plane, a
// Gray image): the same samples, the same arithmetic in the same order,
// so the same pixels, with the homography and the bilinear interpolation
// written out in the loop instead of called per sample. Samples whose 2×2
// neighbourhood leaves the plane go through sampler.bilinear (paper white
// outside).
func warpPlane(s *sampler, h geometry.Homography, r image.Rectangle, k int) *image.Gray {
	out := image.NewGray(r)
	inv := 1 / float64(k)
	kk := float64(k * k)
	plane, stride := s.plane, s.stride
	bx0, by0, bx1, by1 := s.b.Min.X, s.b.Min.Y, s.b.Max.X, s.b.Max.Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := out.Pix[out.PixOffset(r.Min.X, y):][:r.Dx()]
		for xi := range row {
			x := r.Min.X + xi
			var sum float64
			for j := 0; j < k; j++ {
				py := float64(y) + (float64(j)+0.5)*inv
				for i := 0; i < k; i++ {
					px := float64(x) + (float64(i)+0.5)*inv
					// geometry.Homography.Apply
					w := h[6]*px + h[7]*py + h[8]
					if w == 0 {
						w = 1e-12
					}
					qx, qy := (h[0]*px+h[1]*py+h[2])/w, (h[3]*px+h[4]*py+h[5])/w
					// sampler.bilinear
					fxr, fyr := qx-0.5, qy-0.5
					x0, y0 := int(math.Floor(fxr)), int(math.Floor(fyr))
					if x0 < bx0 || y0 < by0 || x0+1 >= bx1 || y0+1 >= by1 {
						sum += s.bilinear(qx, qy)
						continue
					}
					fx, fy := fxr-float64(x0), fyr-float64(y0)
					p := (y0-by0)*stride + (x0 - bx0)
					a, b := float64(plane[p]), float64(plane[p+1])
					c, d := float64(plane[p+stride]), float64(plane[p+stride+1])
					sum += (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy
				}
			}
			v := sum/kk + 0.5
			if v < 0 {
				v = 0
			} else if v > 255 {
				v = 255
			}
			row[xi] = uint8(v)
		}
	}
	return out
}
