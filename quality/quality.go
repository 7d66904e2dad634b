// Package quality measures how far a photo of a document can be trusted:
// the text's size in pixels (resolution), its sharpness (blur) and how much
// of the fields is washed out by glare. It is pure Go: the recognizer samples
// the regions it already located through their homography.
//
// Sharpness is measured at a fixed scale, so it does not depend on how large
// the document is in the photo: the region is resampled so that a text line
// is Height pixels tall, and the strongest intensity steps are compared with
// the region's contrast. A step printed sharply rises over about one pixel
// (sharpness near 1/2 with central differences); a blurred or upsampled one
// over several (sharpness 1/w for an edge w pixels wide).
package quality

import (
	"image"
	"image/color"
	"math"
	"sort"

	"github.com/idrecog/idrecog/geometry"
)

// Measures are the quality measures of one side.
type Measures struct {
	// CharHeight is the height of a text line (the MRZ character cell)
	// in upload pixels; 0 when unknown.
	CharHeight float64 `json:"charHeightPx"`
	// Sharpness is 0 (flat) to about 1 (crisp steps) at the fixed scale.
	Sharpness float64 `json:"sharpness"`
	// Glare is the largest share of one field's box that is saturated
	// (washed out), 0 to 1.
	Glare float64 `json:"glare"`
	// GlareField is the key of that field.
	GlareField string `json:"glareField,omitempty"`
}

// Height is the text-line height, in pixels, at which Sharpness is measured.
const Height = 24

// Sample resamples the canonical rectangle r of a document (canonical
// pixels, mapped into img by docToImage) at scale s output pixels per
// canonical pixel, bilinearly, as gray. The result is at most maxSide
// pixels on its longer side (s is reduced to fit).
func Sample(img image.Image, docToImage geometry.Homography, r image.Rectangle, s float64) *image.Gray {
	const maxSide = 4096
	if r.Empty() || s <= 0 || math.IsNaN(s) {
		return image.NewGray(image.Rect(0, 0, 0, 0))
	}
	if long := float64(max(r.Dx(), r.Dy())) * s; long > maxSide {
		s *= maxSide / long
	}
	w, h := max(1, int(float64(r.Dx())*s)), max(1, int(float64(r.Dy())*s))
	out := image.NewGray(image.Rect(0, 0, w, h))
	g := grayOf(img)
	b := g.Bounds()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := docToImage.Apply(geometry.Pt(float64(r.Min.X)+(float64(x)+0.5)/s, float64(r.Min.Y)+(float64(y)+0.5)/s))
			out.Pix[y*out.Stride+x] = bilinear(g, b, p.X-0.5, p.Y-0.5)
		}
	}
	return out
}

// grayOf returns img as *image.Gray, converting when it is not one.
func grayOf(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)] = color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
		}
	}
	return g
}

func bilinear(g *image.Gray, b image.Rectangle, x, y float64) uint8 {
	if math.IsNaN(x) || math.IsNaN(y) || x < float64(b.Min.X) || y < float64(b.Min.Y) || x > float64(b.Max.X-1) || y > float64(b.Max.Y-1) {
		return 255
	}
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, b.Max.X-1), min(y0+1, b.Max.Y-1)
	fx, fy := x-float64(x0), y-float64(y0)
	at := func(x, y int) float64 { return float64(g.Pix[(y-b.Min.Y)*g.Stride+(x-b.Min.X)]) }
	v := (at(x0, y0)*(1-fx)+at(x1, y0)*fx)*(1-fy) + (at(x0, y1)*(1-fx)+at(x1, y1)*fx)*fy
	return uint8(v + 0.5)
}

// crossingPx: a region with text crosses mid-grey at least once per
// crossingPx pixels of a row on average.
const crossingPx = 60

// Sharpness is the mean of the strongest 5% intensity steps (forward
// differences, the larger of x and y) divided by the region's contrast
// (95th minus 5th percentile of intensity). Flat regions, and regions with
// too few edges to hold text, give 0.
func Sharpness(g *image.Gray) float64 {
	b := g.Bounds()
	if b.Dx() < 3 || b.Dy() < 3 {
		return 0
	}
	var hist [256]int
	grads := make([]float64, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y-1; y++ {
		row := g.Pix[(y-b.Min.Y)*g.Stride:]
		down := g.Pix[(y+1-b.Min.Y)*g.Stride:]
		for x := 0; x < b.Dx()-1; x++ {
			hist[row[x]]++
			gx := math.Abs(float64(row[x+1]) - float64(row[x]))
			gy := math.Abs(float64(down[x]) - float64(row[x]))
			grads = append(grads, math.Max(gx, gy))
		}
	}
	n := len(grads)
	lo, hi := percentile(hist[:], n, 0.05), percentile(hist[:], n, 0.95)
	contrast := float64(hi - lo)
	if contrast < 16 {
		return 0
	}
	sort.Float64s(grads)
	// Text crosses mid-grey often along a row, however blurred: when rows
	// cross it less than once per crossingPx pixels on average there is no
	// text here to measure (a band placed on blank paper, a lone border).
	mid := uint8((lo + hi) / 2)
	crossings := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := g.Pix[(y-b.Min.Y)*g.Stride : (y-b.Min.Y)*g.Stride+b.Dx()]
		for x := 1; x < len(row); x++ {
			if (row[x] < mid) != (row[x-1] < mid) {
				crossings++
			}
		}
	}
	if float64(crossings)*crossingPx < float64(b.Dx()*b.Dy()) {
		return 0
	}
	top := grads[n-max(1, n/20):]
	sum := 0.0
	for _, v := range top {
		sum += v
	}
	return sum / float64(len(top)) / contrast
}

func percentile(hist []int, total int, p float64) int {
	want := int(p * float64(total))
	acc := 0
	for v, c := range hist {
		acc += c
		if acc > want {
			return v
		}
	}
	return len(hist) - 1
}

// Saturated is the share of the quad q (upload pixels) whose pixels are
// washed out: every channel at 250 or more. Quads outside the image count
// only their inside part; an empty overlap gives 0.
func Saturated(img image.Image, q geometry.Quad) float64 {
	b := q.Bounds().Intersect(img.Bounds())
	if b.Empty() {
		return 0
	}
	// Sample at most about 4,000 points of the box, inside the quad.
	step := max(1, int(math.Sqrt(float64(b.Dx()*b.Dy())/4000)))
	in, sat := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			if !inside(q, geometry.Pt(float64(x)+0.5, float64(y)+0.5)) {
				continue
			}
			in++
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 >= 250 && g>>8 >= 250 && bl>>8 >= 250 {
				sat++
			}
		}
	}
	if in == 0 {
		return 0
	}
	return float64(sat) / float64(in)
}

// inside reports whether p is inside the convex quad q (either winding).
func inside(q geometry.Quad, p geometry.Point) bool {
	sign := 0
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		c := (b.X-a.X)*(p.Y-a.Y) - (b.Y-a.Y)*(p.X-a.X)
		s := 1
		if c < 0 {
			s = -1
		}
		if c == 0 {
			continue
		}
		if sign == 0 {
			sign = s
		} else if s != sign {
			return false
		}
	}
	return true
}
