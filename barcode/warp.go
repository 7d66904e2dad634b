package barcode

import (
	"image"

	"github.com/idrecog/idrecog/geometry"
)

// warp samples src through h (output pixel -> source pixel) into a w×h
// image, bilinearly; outside src it is white.
func warp(src *image.Gray, h geometry.Homography, w, ht int) *image.Gray {
	dst := image.NewGray(image.Rect(0, 0, w, ht))
	b := src.Bounds()
	maxX, maxY := float64(b.Dx()-1), float64(b.Dy()-1)
	for y := 0; y < ht; y++ {
		row := dst.Pix[y*dst.Stride:]
		for x := 0; x < w; x++ {
			p := h.Apply(geometry.Pt(float64(x)+0.5, float64(y)+0.5))
			sx, sy := p.X-0.5-float64(b.Min.X), p.Y-0.5-float64(b.Min.Y)
			if !(sx >= 0 && sy >= 0 && sx <= maxX && sy <= maxY) {
				row[x] = 255
				continue
			}
			x0, y0 := int(sx), int(sy)
			fx, fy := sx-float64(x0), sy-float64(y0)
			x1, y1 := x0+1, y0+1
			if x1 > int(maxX) {
				x1 = x0
			}
			if y1 > int(maxY) {
				y1 = y0
			}
			o := src.Stride
			p00 := float64(src.Pix[y0*o+x0])
			p01 := float64(src.Pix[y0*o+x1])
			p10 := float64(src.Pix[y1*o+x0])
			p11 := float64(src.Pix[y1*o+x1])
			v := (p00*(1-fx)+p01*fx)*(1-fy) + (p10*(1-fx)+p11*fx)*fy
			row[x] = uint8(v + 0.5)
		}
	}
	return dst
}

// shrink returns g reduced by an integer factor k (area average).
func shrink(g *image.Gray, k int) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	out := image.NewGray(image.Rect(0, 0, w, h))
	kk := k * k
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			s := 0
			for dy := 0; dy < k; dy++ {
				o := g.PixOffset(b.Min.X+x*k, b.Min.Y+y*k+dy)
				for dx := 0; dx < k; dx++ {
					s += int(g.Pix[o+dx])
				}
			}
			out.Pix[y*out.Stride+x] = uint8(s / kk)
		}
	}
	return out
}

// sharpen returns an unsharp-masked copy of g: g + amount·(g − blur(g)),
// the blur a box filter of radius r applied twice (close to a Gaussian).
func sharpen(g *image.Gray, r int, amount float64) *image.Gray {
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	src := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			src[y*w+x] = float64(g.Pix[g.PixOffset(b.Min.X+x, b.Min.Y+y)])
		}
	}
	blur := boxBlur(boxBlur(src, w, h, r), w, h, r)
	out := image.NewGray(image.Rect(0, 0, w, h))
	for i, v := range src {
		s := v + amount*(v-blur[i])
		out.Pix[(i/w)*out.Stride+i%w] = uint8(max(0, min(255, s+0.5)))
	}
	return out
}

// boxBlur averages each pixel over a (2r+1)² square (edges clamped),
// horizontally then vertically with running sums.
func boxBlur(src []float64, w, h, r int) []float64 {
	tmp := make([]float64, w*h)
	out := make([]float64, w*h)
	n := float64(2*r + 1)
	for y := 0; y < h; y++ {
		row := src[y*w : (y+1)*w]
		var s float64
		for k := -r; k <= r; k++ {
			s += row[min(max(k, 0), w-1)]
		}
		for x := 0; x < w; x++ {
			tmp[y*w+x] = s / n
			s += row[min(x+r+1, w-1)] - row[max(x-r, 0)]
		}
	}
	for x := 0; x < w; x++ {
		var s float64
		for k := -r; k <= r; k++ {
			s += tmp[min(max(k, 0), h-1)*w+x]
		}
		for y := 0; y < h; y++ {
			out[y*w+x] = s / n
			s += tmp[min(y+r+1, h-1)*w+x] - tmp[max(y-r, 0)*w+x]
		}
	}
	return out
}
