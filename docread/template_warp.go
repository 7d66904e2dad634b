package docread

import (
	"image"
	"image/color"
	"math"

	"github.com/idrecog/idrecog/geometry"
)

// grey returns img's luma as a grey image (the Y plane of a JPEG directly).
func grey(img image.Image) *image.Gray {
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		b := m.Bounds()
		g := image.NewGray(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			copy(g.Pix[g.PixOffset(b.Min.X, y):g.PixOffset(b.Max.X, y)], m.Y[m.YOffset(b.Min.X, y):m.YOffset(b.Max.X-1, y)+1])
		}
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Pix[g.PixOffset(x, y)] = color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
		}
	}
	return g
}

// warpPage renders the document (canonical size docSize, mapped into the
// upload by docToImage) at scale k (k canonical px per output px is 1/k)
// into a grey image of docSize×k pixels. Outside the upload is white.
func warpPage(src *image.Gray, docToImage geometry.Homography, docSize image.Point, k float64) *image.Gray {
	w, h := int(math.Round(float64(docSize.X)*k)), int(math.Round(float64(docSize.Y)*k))
	out := image.NewGray(image.Rect(0, 0, max(1, w), max(1, h)))
	b := src.Bounds()
	at := func(x, y int) float64 {
		if x < b.Min.X || y < b.Min.Y || x >= b.Max.X || y >= b.Max.Y {
			return 255
		}
		return float64(src.Pix[src.PixOffset(x, y)])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			p := docToImage.Apply(geometry.Pt((float64(x)+0.5)/k, (float64(y)+0.5)/k))
			fx, fy := p.X-0.5, p.Y-0.5
			x0, y0 := int(math.Floor(fx)), int(math.Floor(fy))
			ax, ay := fx-float64(x0), fy-float64(y0)
			v := (at(x0, y0)*(1-ax)+at(x0+1, y0)*ax)*(1-ay) + (at(x0, y0+1)*(1-ax)+at(x0+1, y0+1)*ax)*ay
			out.Pix[y*out.Stride+x] = uint8(math.Round(min(255, max(0, v))))
		}
	}
	return out
}

// wholeImage is the geometry of a document that fills the upload, upright:
// used when no finder is configured or it finds nothing.
func wholeImage(img image.Image, size image.Point) *Geometry {
	b := img.Bounds()
	h := geometry.Translate(float64(b.Min.X), float64(b.Min.Y)).Mul(
		geometry.Scale(float64(b.Dx())/float64(size.X), float64(b.Dy())/float64(size.Y)))
	return &Geometry{DocSize: size, DocToImage: h, Quad: geometry.RectQuad(b)}
}

// guardStrip darkens a strip at the left edge of a page image, 1.5 % of its
// width. ocr.Prepare rescales a region to its tallest text line's height,
// estimated from the rows holding ink, and whitens ink bands touching the
// top and bottom edges: right for one field, wrong for a whole page whose
// bands, rules and backgrounds make that estimate meaningless. With ink in
// every row, Prepare finds no line height and leaves the page's scale and
// bands alone. Tesseract reads the strip as at most a "|" at the start of
// lines, which the locating step ignores.
func guardStrip(g *image.Gray) {
	w := max(3, g.Rect.Dx()*3/200)
	for y := g.Rect.Min.Y; y < g.Rect.Max.Y; y++ {
		i := g.PixOffset(g.Rect.Min.X, y)
		for x := 0; x < w && x < g.Rect.Dx(); x++ {
			g.Pix[i+x] = 0
		}
	}
}

// ruleLen is the shortest dark run, in page pixels, taken for a printed
// rule (a table border) rather than part of a glyph.
const ruleLen = 80

// removeRules whitens long horizontal and vertical dark runs: the borders
// of tables (the Korean vehicle registration certificate is one), which
// make Tesseract merge a row's cells and captions into one line of junk.
func removeRules(g *image.Gray) {
	b := g.Rect
	var hist [256]int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(b.Min.X, y) : g.PixOffset(b.Max.X-1, y)+1] {
			hist[v]++
		}
	}
	// Dark: the darkest 20 % of the page's pixels at most, and below 160.
	total, acc, t := b.Dx()*b.Dy(), 0, 0
	for ; t < 160; t++ {
		acc += hist[t]
		if acc > total/5 {
			break
		}
	}
	dark := func(x, y int) bool { return int(g.Pix[g.PixOffset(x, y)]) < t }
	mask := make([]bool, b.Dx()*b.Dy())
	at := func(x, y int) int { return (y-b.Min.Y)*b.Dx() + x - b.Min.X }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; {
			if !dark(x, y) {
				x++
				continue
			}
			e := x
			for e < b.Max.X && dark(e, y) {
				e++
			}
			if e-x >= ruleLen {
				for i := x; i < e; i++ {
					mask[at(i, y)] = true
				}
			}
			x = e
		}
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; {
			if !dark(x, y) {
				y++
				continue
			}
			e := y
			for e < b.Max.Y && dark(x, e) {
				e++
			}
			if e-y >= ruleLen {
				for i := y; i < e; i++ {
					mask[at(x, i)] = true
				}
			}
			y = e
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if mask[at(x, y)] {
				g.Pix[g.PixOffset(x, y)] = 255
			}
		}
	}
}

// whitenBackground sets to white every pixel lighter than 60 % of the way
// from the ink (the 2nd percentile) to the paper (the median): guilloche
// and tinted backgrounds, which Tesseract's layout analysis takes for text
// and merges with the lines near them.
func whitenBackground(g *image.Gray) {
	b := g.Rect
	var hist [256]int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(b.Min.X, y) : g.PixOffset(b.Max.X-1, y)+1] {
			hist[v]++
		}
	}
	total := b.Dx() * b.Dy()
	pct := func(p float64) int {
		acc := 0
		for v, n := range hist {
			acc += n
			if float64(acc) >= p*float64(total) {
				return v
			}
		}
		return 255
	}
	ink, paper := pct(0.02), pct(0.5)
	if paper-ink < 40 {
		return // no contrast to go by
	}
	t := uint8(ink + (paper-ink)*6/10)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, y) : g.PixOffset(b.Max.X-1, y)+1]
		for i, v := range row {
			if v > t {
				row[i] = 255
			}
		}
	}
}
