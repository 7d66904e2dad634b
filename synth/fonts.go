package synth

import (
	"fmt"
	"image"
	"image/draw"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Font files used by the generator. They come from Debian packages
// (fonts-ocr-b, fonts-dejavu-core, fonts-dejavu-extra, fonts-liberation2;
// for Korean and Indian documents fonts-nanum, fonts-unfonts-core and
// fonts-noto-core). The MRZ uses OCRBS.otf:
// x/image's CFF parser drops '8' and '<' from OCRB.otf.
var fontFiles = [numFonts]string{
	fontOCRB:       "/usr/share/fonts/opentype/ocr-b/OCRBS.otf",
	fontSans:       "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	fontSansBold:   "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	fontSansCond:   "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
	fontSansOblq:   "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
	fontSerif:      "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
	fontSerifBold:  "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
	fontLibSans:    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
	fontLibSansBd:  "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
	fontLibSansIt:  "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf",
	fontLibSerif:   "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
	fontLibSerifBd: "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
	fontLibMono:    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
	fontKRGothic:   "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
	fontKRGothicBd: "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
	fontKRBatang:   "/usr/share/fonts/truetype/unfonts-core/UnBatang.ttf",
	fontKRDotum:    "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
	fontDeva:       "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
	fontDevaBd:     "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf",
}

type fontID int

const (
	fontOCRB fontID = iota
	fontSans
	fontSansBold
	fontSansCond
	fontSansOblq
	fontSerif
	fontSerifBold
	fontLibSans
	fontLibSansBd
	fontLibSansIt
	fontLibSerif
	fontLibSerifBd
	fontLibMono
	fontKRGothic   // Hangul and Hanja
	fontKRGothicBd // Hangul and Hanja
	fontKRBatang   // Hangul and Hanja, serif
	fontKRDotum    // Hangul and Hanja
	fontDeva       // Devanagari (no shaping: simple words only)
	fontDevaBd
	numFonts
)

// loadFonts parses every font file.
func loadFonts() ([numFonts]*opentype.Font, error) {
	var fs [numFonts]*opentype.Font
	for i, path := range fontFiles {
		b, err := os.ReadFile(path)
		if err != nil {
			return fs, fmt.Errorf("synth: font: %w", err)
		}
		f, err := opentype.Parse(b)
		if err != nil {
			return fs, fmt.Errorf("synth: font %s: %w", path, err)
		}
		fs[i] = f
	}
	return fs, nil
}

// glyphKey identifies one rasterised glyph: font, size in 1/64 px, rune and
// the horizontal sub-pixel phase in quarter pixels.
type glyphKey struct {
	font  fontID
	size  int
	r     rune
	phase int
}

// glyph is a cached coverage mask; off is the mask's top-left relative to
// the integer pen position.
type glyph struct {
	mask *image.Alpha
	off  image.Point
	adv  fixed.Int26_6
}

// typesetter rasterises text with cached glyphs. It is not safe for
// concurrent use.
type typesetter struct {
	fonts  [numFonts]*opentype.Font
	faces  map[[2]int]font.Face
	glyphs map[glyphKey]*glyph
}

func newTypesetter(fonts [numFonts]*opentype.Font) *typesetter {
	return &typesetter{fonts: fonts, faces: map[[2]int]font.Face{}, glyphs: map[glyphKey]*glyph{}}
}

// face returns the face of font f at size (1/64 px units).
func (t *typesetter) face(f fontID, size int) font.Face {
	k := [2]int{int(f), size}
	if fc, ok := t.faces[k]; ok {
		return fc
	}
	fc, err := opentype.NewFace(t.fonts[f], &opentype.FaceOptions{Size: float64(size) / 64, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// NewFace fails only on invalid options, which we never pass.
		panic(err)
	}
	t.faces[k] = fc
	return fc
}

func quantSize(px float64) int {
	s := int(px*64 + 0.5)
	if s < 64 {
		s = 64
	}
	return s
}

func (t *typesetter) glyph(f fontID, size int, r rune, phase int) *glyph {
	k := glyphKey{f, size, r, phase}
	if g, ok := t.glyphs[k]; ok {
		return g
	}
	fc := t.face(f, size)
	dr, mask, mp, adv, ok := fc.Glyph(fixed.Point26_6{X: fixed.Int26_6(phase * 16)}, r)
	if !ok {
		dr, mask, mp, adv, _ = fc.Glyph(fixed.Point26_6{X: fixed.Int26_6(phase * 16)}, '?')
	}
	g := &glyph{adv: adv, off: dr.Min}
	if !dr.Empty() && mask != nil {
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Bounds(), mask, mp, draw.Src)
		g.mask = a
	}
	t.glyphs[k] = g
	return g
}

// advance returns the width of s in pixels.
func (t *typesetter) advance(f fontID, px float64, s string) float64 {
	size := quantSize(px)
	fc := t.face(f, size)
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += fc.Kern(prev, r)
		}
		a, ok := fc.GlyphAdvance(r)
		if !ok {
			a, _ = fc.GlyphAdvance('?')
		}
		w += a
		prev = r
	}
	return float64(w) / 64
}

// capHeight returns the height of the capital H of font f at px, in pixels.
func (t *typesetter) capHeight(f fontID, px float64) float64 {
	b, _, ok := t.face(f, quantSize(px)).GlyphBounds('H')
	if !ok {
		return px * 0.7
	}
	return float64(-b.Min.Y) / 64
}

// sizeForCap returns the font size in pixels whose capital height is cap px.
func (t *typesetter) sizeForCap(f fontID, cap float64) float64 {
	const ref = 100.0
	return ref * cap / t.capHeight(f, ref)
}

// draw renders s with its baseline starting at (x, y) (pixels) in colour c
// onto dst, and returns the ink bounds and the advance in pixels.
func (t *typesetter) draw(dst *image.RGBA, f fontID, px float64, x, y float64, s string, c [3]uint8) (ink image.Rectangle, adv float64) {
	size := quantSize(px)
	fc := t.face(f, size)
	pen := x
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			pen += float64(fc.Kern(prev, r)) / 64
		}
		ix := int(pen + 1e-9)
		if pen < 0 {
			ix = int(pen) - 1
		}
		phase := int((pen - float64(ix)) * 4)
		if phase > 3 {
			phase = 3
		}
		iy := int(y + 0.5)
		g := t.glyph(f, size, r, phase)
		if g.mask != nil {
			o := image.Pt(ix+g.off.X, iy+g.off.Y)
			blendMask(dst, g.mask, o, c, 255)
			ink = ink.Union(g.mask.Bounds().Add(o))
		}
		pen += float64(g.adv) / 64
		prev = r
	}
	return ink, pen - x
}

// blendMask composites colour c through mask (placed with its origin at o)
// onto dst with extra opacity alpha (0-255).
func blendMask(dst *image.RGBA, mask *image.Alpha, o image.Point, c [3]uint8, alpha int) {
	b := mask.Bounds().Add(o).Intersect(dst.Bounds())
	if b.Empty() {
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		mi := mask.PixOffset(b.Min.X-o.X, y-o.Y)
		di := dst.PixOffset(b.Min.X, y)
		for x := b.Min.X; x < b.Max.X; x, mi, di = x+1, mi+1, di+4 {
			a := int(mask.Pix[mi]) * alpha / 255
			if a == 0 {
				continue
			}
			p := dst.Pix[di : di+3 : di+3]
			p[0] = uint8((int(p[0])*(255-a) + int(c[0])*a) / 255)
			p[1] = uint8((int(p[1])*(255-a) + int(c[1])*a) / 255)
			p[2] = uint8((int(p[2])*(255-a) + int(c[2])*a) / 255)
		}
	}
}
