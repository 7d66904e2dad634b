package ocr

import (
	"encoding/binary"
	"fmt"
	"image"
	"math"
)

// Prepared is a region image made ready for Tesseract, with what is needed
// to map boxes found in it back to the input image.
type Prepared struct {
	Img   *image.Gray
	Scale float64     // Img pixels per input pixel
	Pad   int         // white margin added on every side, in Img pixels
	Src   image.Point // the input image's Rect.Min
}

// Unmap maps a rectangle in Prepared.Img to the input image's pixels.
func (p Prepared) Unmap(r image.Rectangle) image.Rectangle {
	f := func(v int, floor bool) int {
		x := float64(v-p.Pad) / p.Scale
		if floor {
			return int(math.Floor(x))
		}
		return int(math.Ceil(x))
	}
	return image.Rect(f(r.Min.X, true)+p.Src.X, f(r.Min.Y, true)+p.Src.Y, f(r.Max.X, false)+p.Src.X, f(r.Max.Y, false)+p.Src.Y)
}

// Target and limits for the tallest text line's height in prepared images:
// Tesseract reads best with capitals about 30-40 px high.
const (
	targetLineHeight = 44
	minLineHeight    = 28
	maxLineHeight    = 80
	pad              = 12
)

// Prepare rescales img so its tallest text line is about 44 px high (caps
// ~36 px) when it is much smaller or larger, stretches its contrast, and adds
// a white margin.
func Prepare(img *image.Gray) Prepared {
	h := TextHeight(img)
	scale := 1.0
	if h > 0 && (h < minLineHeight || h > maxLineHeight) {
		scale = math.Max(0.5, math.Min(4, float64(targetLineHeight)/float64(h)))
	}
	g := img
	if scale != 1 {
		g = resize(img, scale)
	}
	g = stretch(g)
	clearEdgeBands(g)
	out := image.NewGray(image.Rect(0, 0, g.Rect.Dx()+2*pad, g.Rect.Dy()+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := 0; y < g.Rect.Dy(); y++ {
		copy(out.Pix[(y+pad)*out.Stride+pad:], g.Pix[y*g.Stride:y*g.Stride+g.Rect.Dx()])
	}
	return Prepared{Img: out, Scale: scale, Pad: pad, Src: img.Rect.Min}
}

// inkBands returns the runs of rows holding ink (Otsu threshold, at least
// 1% of the width), as [start, end) pairs, for an image with origin (0, 0).
func inkBands(img *image.Gray) [][2]int {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	t := Otsu(img)
	minInk := max(2, w/100)
	var bands [][2]int
	in := false
	for y := 0; y < h; y++ {
		i := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		n := 0
		for _, v := range img.Pix[i : i+w] {
			if v < t {
				n++
			}
		}
		switch {
		case n >= minInk && !in:
			bands = append(bands, [2]int{y, y + 1})
			in = true
		case n >= minInk:
			bands[len(bands)-1][1] = y + 1
		default:
			in = false
		}
	}
	return bands
}

// clearEdgeBands whitens bands of ink that touch the top or bottom edge of
// img and are less than 60% as tall as the tallest band: the cut-off
// descenders of the line above or captions below a tight region, which
// Tesseract would otherwise read as a line of junk. img has origin (0, 0).
func clearEdgeBands(img *image.Gray) {
	bands := inkBands(img)
	if len(bands) < 2 {
		return
	}
	tallest := 0
	for _, b := range bands {
		tallest = max(tallest, b[1]-b[0])
	}
	h := img.Rect.Dy()
	for _, b := range bands {
		if (b[0] == 0 || b[1] == h) && float64(b[1]-b[0]) < 0.6*float64(tallest) {
			for y := b[0]; y < b[1]; y++ {
				row := img.Pix[y*img.Stride : y*img.Stride+img.Rect.Dx()]
				for i := range row {
					row[i] = 255
				}
			}
		}
	}
}

// TextHeight estimates the height in pixels of the tallest text line in img
// from the Otsu-thresholded row profile; 0 when no clear line is found (blank
// region, or ink in every row as on a patterned background).
func TextHeight(img *image.Gray) int {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == 0 || h == 0 {
		return 0
	}
	t := Otsu(img)
	minInk := max(2, w/100)
	best, run := 0, 0
	for y := 0; y < h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		n := 0
		for _, v := range row {
			if v < t {
				n++
			}
		}
		if n >= minInk {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	if best >= h*9/10 {
		return 0
	}
	return best
}

// Otsu returns the threshold that best splits img's histogram into two
// classes (Otsu 1979): pixels below it are ink.
func Otsu(img *image.Gray) uint8 {
	var hist [256]int
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range img.Pix[y*img.Stride : y*img.Stride+w] {
			hist[v]++
		}
	}
	total := w * h
	var sum float64
	for i, c := range hist {
		sum += float64(i * c)
	}
	var sumB, wB float64
	best, bestVar := 128, -1.0
	for t := 0; t < 256; t++ {
		wB += float64(hist[t])
		if wB == 0 {
			continue
		}
		wF := float64(total) - wB
		if wF == 0 {
			break
		}
		sumB += float64(t * hist[t])
		mB, mF := sumB/wB, (sum-sumB)/wF
		v := wB * wF * (mB - mF) * (mB - mF)
		if v > bestVar {
			bestVar, best = v, t+1
		}
	}
	return uint8(min(best, 255))
}

// Binarize returns img thresholded with Otsu: ink 0, background 255.
func Binarize(img *image.Gray) *image.Gray {
	t := Otsu(img)
	out := image.NewGray(img.Rect)
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		i := img.PixOffset(img.Rect.Min.X, y)
		o := out.PixOffset(img.Rect.Min.X, y)
		for x := 0; x < img.Rect.Dx(); x++ {
			if img.Pix[i+x] < t {
				out.Pix[o+x] = 0
			} else {
				out.Pix[o+x] = 255
			}
		}
	}
	return out
}

// Blank reports whether img has too little contrast to hold text: its 1st
// and 99th percentile grey levels are within 24 of each other.
func Blank(img *image.Gray) bool {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var hist [256]int
	for y := 0; y < h; y++ {
		i := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		for _, v := range img.Pix[i : i+w] {
			hist[v]++
		}
	}
	return percentile(hist[:], w*h, 0.99)-percentile(hist[:], w*h, 0.01) < 24
}

// stretch maps the 1st-99th percentile range of img to 0-255, in a new
// image with origin (0, 0).
func stretch(img *image.Gray) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var hist [256]int
	for y := 0; y < h; y++ {
		for _, v := range img.Pix[y*img.Stride : y*img.Stride+w] {
			hist[v]++
		}
	}
	lo, hi := percentile(hist[:], w*h, 0.01), percentile(hist[:], w*h, 0.99)
	out := image.NewGray(image.Rect(0, 0, w, h))
	span := float64(hi) - float64(lo)
	// The mapping of each grey level, computed once.
	var lut [256]uint8
	for i := range lut {
		v := float64(i)
		if span >= 16 {
			v = (v - float64(lo)) * 255 / span
		}
		lut[i] = uint8(math.Max(0, math.Min(255, v)))
	}
	for y := 0; y < h; y++ {
		row := out.Pix[y*out.Stride : y*out.Stride+w]
		for x, v := range img.Pix[y*img.Stride : y*img.Stride+w] {
			row[x] = lut[v]
		}
	}
	return out
}

func percentile(hist []int, total int, p float64) int {
	target := int(p * float64(total))
	acc := 0
	for i, c := range hist {
		acc += c
		if acc > target {
			return i
		}
	}
	return len(hist) - 1
}

// resize scales img by s with bilinear interpolation (Prepare never shrinks
// by more than 2), into an image with origin (0, 0).
func resize(img *image.Gray, s float64) *image.Gray {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	nw, nh := max(1, int(math.Round(float64(w)*s))), max(1, int(math.Round(float64(h)*s)))
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	at := func(x, y int) float64 {
		x = max(0, min(w-1, x))
		y = max(0, min(h-1, y))
		return float64(img.Pix[y*img.Stride+x])
	}
	for y := 0; y < nh; y++ {
		sy := (float64(y)+0.5)/s - 0.5
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		for x := 0; x < nw; x++ {
			sx := (float64(x)+0.5)/s - 0.5
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			v := (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}

// encodeBMP encodes img as an uncompressed 8-bit BMP with a grey palette,
// which Leptonica reads row by row (its PGM reader reads pixel by pixel).
func encodeBMP(img *image.Gray) ([]byte, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w == 0 || h == 0 {
		return nil, fmt.Errorf("ocr: empty image")
	}
	stride := (w + 3) &^ 3
	const headers = 14 + 40 + 256*4
	size := headers + stride*h
	b := make([]byte, size)
	le32 := func(at int, v uint32) { binary.LittleEndian.PutUint32(b[at:], v) }
	le16 := func(at int, v uint16) { binary.LittleEndian.PutUint16(b[at:], v) }
	// BITMAPFILEHEADER
	b[0], b[1] = 'B', 'M'
	le32(2, uint32(size))
	le32(10, headers)
	// BITMAPINFOHEADER
	le32(14, 40)
	le32(18, uint32(w))
	le32(22, uint32(h)) // positive: rows bottom-up
	le16(26, 1)
	le16(28, 8)
	le32(34, uint32(stride*h))
	le32(38, 11811) // 300 dpi in pixels per metre
	le32(42, 11811)
	le32(46, 256)
	for i := 0; i < 256; i++ {
		p := 54 + 4*i
		b[p], b[p+1], b[p+2] = byte(i), byte(i), byte(i)
	}
	for y := 0; y < h; y++ {
		i := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
		copy(b[headers+(h-1-y)*stride:], img.Pix[i:i+w])
	}
	return b, nil
}
