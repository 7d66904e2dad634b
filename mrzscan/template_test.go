package mrzscan

import (
	"image"
	"image/draw"
	"math"
	"os"
	"sort"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/idrecog/idrecog/mrz"
)

// The template classifier was the development stand-in before package ocrb
// landed: normalised cross-correlation against OCR-B glyphs rendered from the
// system font. Tests use it with MRZSCAN_CLASSIFIER=template (it misreads
// O/0 on the Utopia specimens, so TestDevSet fails with it).

const (
	tplW = 20 // template cell width: one character pitch
	tplH = 32 // template cell height: 1.6 pitch
)

const mrzAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"

// ocrbFontPath is the OCR-B font used for the templates (OCRBS: x/image's CFF
// parser drops '8' and '<' from OCRB.otf).
const ocrbFontPath = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"

type templateSet struct {
	chars []byte
	tpl   [][]float64 // zero-mean, unit-norm, tplW×tplH
}

var (
	tplOnce sync.Once
	tplSet  *templateSet
	tplErr  error
)

func templates() (*templateSet, error) {
	tplOnce.Do(func() { tplSet, tplErr = renderTemplates() })
	return tplSet, tplErr
}

func renderTemplates() (*templateSet, error) {
	data, err := os.ReadFile(ocrbFontPath)
	if err != nil {
		return nil, err
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, err
	}
	// Render large, then box-filter down: smoother templates.
	const k = 4
	W, H := tplW*k, tplH*k
	capH := 0.95 * float64(W) // cap height ≈ 0.95 pitch
	// The font's cap height as a fraction of the em: measure 'H'.
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 100, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	bH, _, _ := face.GlyphBounds('H')
	face.Close()
	capFrac := float64(bH.Max.Y-bH.Min.Y) / 64 / 100
	size := capH / capFrac
	face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, err
	}
	defer face.Close()
	ts := &templateSet{}
	for i := 0; i < len(mrzAlphabet); i++ {
		c := mrzAlphabet[i]
		img := image.NewGray(image.Rect(0, 0, W, H))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		adv, _ := face.GlyphAdvance(rune(c))
		// Fixed pitch: centre the advance box in the cell; baseline so that
		// the cap height is vertically centred.
		x := (fixed.I(W) - adv) / 2
		y := fixed.Int26_6((float64(H)/2 + capH/2) * 64)
		d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.Point26_6{X: x, Y: y}}
		d.DrawString(string(c))
		small := make([]float64, tplW*tplH)
		for yy := 0; yy < tplH; yy++ {
			for xx := 0; xx < tplW; xx++ {
				var s float64
				for dy := 0; dy < k; dy++ {
					row := img.Pix[(yy*k+dy)*img.Stride+xx*k:]
					for dx := 0; dx < k; dx++ {
						s += float64(row[dx])
					}
				}
				small[yy*tplW+xx] = 255 - s/(k*k)
			}
		}
		ts.chars = append(ts.chars, c)
		ts.tpl = append(ts.tpl, normalise(small))
	}
	return ts, nil
}

func normalise(v []float64) []float64 {
	var m float64
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	var ss float64
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x - m
		ss += out[i] * out[i]
	}
	if ss > 0 {
		n := 1 / math.Sqrt(ss)
		for i := range out {
			out[i] *= n
		}
	}
	return out
}

// templateClassifier classifies one cell by NCC against the templates,
// allowing a one-pixel shift.
type templateClassifier struct{ ts *templateSet }

// Classify implements charClassifier.
func (tc templateClassifier) Classify(cell *image.Gray) []mrz.Candidate {
	// Resample the cell to (tplW+2)×(tplH+2) so that ±1 px shifts stay inside.
	const pw, ph = tplW + 2, tplH + 2
	b := cell.Bounds()
	if b.Dx() < 2 || b.Dy() < 2 {
		return nil
	}
	src := resampleInk(cell, pw, ph, float64(b.Dx())*float64(pw)/float64(tplW), float64(b.Dy())*float64(ph)/float64(tplH))
	best := make([]float64, len(tc.ts.tpl))
	win := make([]float64, tplW*tplH)
	for i := range best {
		best[i] = -1
	}
	for sy := 0; sy <= 2; sy++ {
		for sx := 0; sx <= 2; sx++ {
			for y := 0; y < tplH; y++ {
				copy(win[y*tplW:(y+1)*tplW], src[(y+sy)*pw+sx:(y+sy)*pw+sx+tplW])
			}
			nw := normalise(win)
			for t, tp := range tc.ts.tpl {
				var s float64
				for j, v := range tp {
					s += v * nw[j]
				}
				if s > best[t] {
					best[t] = s
				}
			}
		}
	}
	return softmaxTop(tc.ts.chars, best, 0.04, 5)
}

// resampleInk samples cell (centred) into a w×h float raster of ink (255-lum)
// covering sw×sh source pixels around the cell centre, bilinear.
func resampleInk(cell *image.Gray, w, h int, sw, sh float64) []float64 {
	b := cell.Bounds()
	cx := float64(b.Min.X) + float64(b.Dx())/2
	cy := float64(b.Min.Y) + float64(b.Dy())/2
	out := make([]float64, w*h)
	for y := 0; y < h; y++ {
		fy := cy + (float64(y)+0.5)/float64(h)*sh - sh/2 - 0.5
		for x := 0; x < w; x++ {
			fx := cx + (float64(x)+0.5)/float64(w)*sw - sw/2 - 0.5
			out[y*w+x] = 255 - bilinear(cell, fx, fy)
		}
	}
	return out
}

func bilinear(g *image.Gray, fx, fy float64) float64 {
	b := g.Bounds()
	x0 := int(math.Floor(fx))
	y0 := int(math.Floor(fy))
	ax, ay := fx-float64(x0), fy-float64(y0)
	at := func(x, y int) float64 {
		if x < b.Min.X {
			x = b.Min.X
		} else if x >= b.Max.X {
			x = b.Max.X - 1
		}
		if y < b.Min.Y {
			y = b.Min.Y
		} else if y >= b.Max.Y {
			y = b.Max.Y - 1
		}
		return float64(g.Pix[(y-g.Rect.Min.Y)*g.Stride+(x-g.Rect.Min.X)])
	}
	return (1-ay)*((1-ax)*at(x0, y0)+ax*at(x0+1, y0)) + ay*((1-ax)*at(x0, y0+1)+ax*at(x0+1, y0+1))
}

// softmaxTop turns scores into probabilities (temperature tau) and returns
// the k best.
func softmaxTop(chars []byte, score []float64, tau float64, k int) []mrz.Candidate {
	mx := math.Inf(-1)
	for _, s := range score {
		mx = math.Max(mx, s)
	}
	var z float64
	c := make([]mrz.Candidate, len(score))
	for i, s := range score {
		p := math.Exp((s - mx) / tau)
		z += p
		c[i] = mrz.Candidate{Char: chars[i], P: p}
	}
	for i := range c {
		c[i].P /= z
	}
	sort.Slice(c, func(i, j int) bool { return c[i].P > c[j].P })
	if len(c) > k {
		c = c[:k]
	}
	return c
}
