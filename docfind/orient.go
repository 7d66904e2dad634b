package docfind

import (
	"context"
	"errors"
	"image"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/idrecog/idrecog/docread"
	"github.com/idrecog/idrecog/ocr"
)

// Orientation reading parameters.
const (
	orientWidth  = 1000 // the straightened document is read at this width, px
	orientStrips = 4    // text strips read at most, each both ways
	stripFrac    = 0.10 // strip height as a share of the document height
	decisive     = 25.0 // evidence margin (confidence-weighted characters / 100) that ends the reading early
)

// Orient decides whether the document of g is upside down: it straightens
// the document, picks the horizontal strips with the most text-like
// structure, and reads each strip as it is and turned by 180° with eng.
// Upright text gives long words of letters or digits with high confidence;
// upside-down text gives short, low-confidence fragments. It returns g, or
// g turned by 180° (Flip) when the turned reading is the more plausible.
// With no readable text it returns g unchanged.
func Orient(ctx context.Context, eng ocr.Engine, img image.Image, g *docread.Geometry) (*docread.Geometry, error) {
	if g == nil {
		return nil, errors.New("docfind: nil geometry")
	}
	if eng == nil || img == nil || g.DocSize.X <= 0 || g.DocSize.Y <= 0 {
		return g, nil
	}
	s := float64(orientWidth) / float64(g.DocSize.X)
	doc := warpGray(grayOf(img), g.DocToImage, g.DocSize, s)
	var up, down float64
	for _, r := range textStrips(doc, orientStrips) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		strip := crop(doc, inkSpan(doc, r))
		a, err := eng.ReadRegion(ctx, strip, "eng", "", ocr.PSMBlock)
		if err != nil {
			return nil, err
		}
		b, err := eng.ReadRegion(ctx, rotate180(strip), "eng", "", ocr.PSMBlock)
		if err != nil {
			return nil, err
		}
		// MRZ fillers: '<' read upright come out as '>' upside down.
		up += evidence(a) + 0.5*float64(strings.Count(a.Value, "<")+strings.Count(b.Value, ">"))
		down += evidence(b) + 0.5*float64(strings.Count(b.Value, "<")+strings.Count(a.Value, ">"))
		if math.Abs(up-down) >= decisive {
			break
		}
	}
	if down > up {
		return Flip(g)
	}
	return g, nil
}

// FindFunc returns a docread.FindFunc that finds the document with Find and
// decides which way is up with Orient (skipped when eng is nil).
func FindFunc(eng ocr.Engine) docread.FindFunc {
	return func(ctx context.Context, img image.Image, size image.Point) (*docread.Geometry, error) {
		g, err := Find(ctx, img, size)
		if err != nil || eng == nil {
			return g, err
		}
		return Orient(ctx, eng, img, g)
	}
}

// evidence scores a reading as upright text: the confidence-weighted
// length of the words that look like words (at least three letters, or at
// least two digits, and nothing else but inner punctuation).
func evidence(t ocr.Text) float64 {
	var e float64
	for _, l := range t.Lines {
		for _, w := range l.Words {
			var letters, digits, other int
			for _, r := range w.Value {
				switch {
				case unicode.IsLetter(r):
					letters++
				case unicode.IsDigit(r):
					digits++
				case r == '.' || r == '/' || r == '-' || r == ',' || r == '<' || r == ':':
				default:
					other++
				}
			}
			if other > 0 || (letters < 3 && digits < 2) || (letters > 0 && digits > 0 && letters+digits < 5) {
				continue
			}
			e += float64(w.Score) * float64(letters+digits) / 100
		}
	}
	return e
}

// textStrips returns up to n non-overlapping full-width horizontal strips
// of doc with the most horizontal contrast (text), best first.
func textStrips(doc *image.Gray, n int) []image.Rectangle {
	w, h := doc.Rect.Dx(), doc.Rect.Dy()
	sh := max(8, int(stripFrac*float64(h)))
	if h < sh || w < 8 {
		return nil
	}
	x0, x1 := w/30, w-w/30
	rowE := make([]float64, h)
	for y := 0; y < h; y++ {
		row := doc.Pix[y*doc.Stride:]
		var e int
		for x := x0; x < x1-1; x++ {
			d := int(row[x+1]) - int(row[x])
			if d < 0 {
				d = -d
			}
			if d > 24 { // ink edges, not print texture
				e += d
			}
		}
		rowE[y] = float64(e)
	}
	// Window sums.
	type win struct {
		y int
		e float64
	}
	var ws []win
	var acc float64
	for y := 0; y < h; y++ {
		acc += rowE[y]
		if y >= sh {
			acc -= rowE[y-sh]
		}
		if y >= sh-1 {
			ws = append(ws, win{y - sh + 1, acc})
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].e > ws[j].e })
	var out []image.Rectangle
	for _, c := range ws {
		if c.e <= 0 || len(out) == n {
			break
		}
		r := image.Rect(0, c.y, w, c.y+sh)
		ok := true
		for _, o := range out {
			if o.Overlaps(r) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// inkSpan narrows the strip r to the columns between its first and last
// ink edges (plus a margin), so that Tesseract reads no empty paper.
func inkSpan(doc *image.Gray, r image.Rectangle) image.Rectangle {
	w := r.Dx()
	col := make([]int, w)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := doc.Pix[y*doc.Stride:]
		for x := r.Min.X; x < r.Max.X-1; x++ {
			d := int(row[x+1]) - int(row[x])
			if d > 24 || d < -24 {
				col[x-r.Min.X]++
			}
		}
	}
	lo, hi := -1, -1
	for x, c := range col {
		if c >= 2 {
			if lo < 0 {
				lo = x
			}
			hi = x
		}
	}
	if lo < 0 {
		return r
	}
	m := r.Dy() / 2
	return image.Rect(r.Min.X+max(0, lo-m), r.Min.Y, r.Min.X+min(w, hi+m), r.Max.Y)
}

func crop(g *image.Gray, r image.Rectangle) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+r.Dx()], g.Pix[(r.Min.Y+y)*g.Stride+r.Min.X:])
	}
	return out
}

func rotate180(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out.Pix[(h-1-y)*out.Stride+(w-1-x)] = g.Pix[y*g.Stride+x]
		}
	}
	return out
}
