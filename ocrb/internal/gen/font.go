// Package gen renders synthetic OCR-B MRZ character cells with realistic
// degradations, for training and evaluating the ocrb classifier.
//
// A cell follows the ocrb input convention: width = the character pitch,
// height = 1.6 × pitch, the glyph roughly centred with its cap height about
// 0.95 pitch, dark text on a light background.
package gen

import (
	"fmt"
	"image"
	"math"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// DefaultFontPath is Debian's OCR-B (fonts-ocr-b). OCRBS.otf is used on
// purpose: x/image's CFF parser draws nothing for '8' and '<' in OCRB.otf.
const DefaultFontPath = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"

// Alphabet is the 37 MRZ classes in class-index order.
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"

// Pitch is the high-resolution pitch, in pixels, at which glyphs are rendered
// before being warped and resampled to the output cell.
const Pitch = 48

// CapHeight is the cap height relative to the pitch (2.4 mm / 2.54 mm).
const CapHeight = 0.95

// Glyphs holds high-resolution coverage masks of the 37 MRZ characters, each
// drawn in a canvas one pitch wide and cellH tall with the glyph centred the
// way an MRZ printer places it.
type Glyphs struct {
	W, H  int         // canvas size: Pitch × round(1.6 Pitch)
	Masks [][]float32 // per class, W*H coverage in [0,1]
}

// LoadGlyphs renders the alphabet from the OpenType font at path.
func LoadGlyphs(path string) (*Glyphs, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("gen: parse %s: %w", path, err)
	}
	// Measure the cap height at a reference size, then choose the size that
	// gives CapHeight × Pitch.
	const ref = 100.0
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: ref, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	b, _, ok := face.GlyphBounds('H')
	face.Close()
	if !ok {
		return nil, fmt.Errorf("gen: font has no 'H'")
	}
	capRef := float64(b.Max.Y-b.Min.Y) / 64
	size := ref * CapHeight * Pitch / capRef
	face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	defer face.Close()

	g := &Glyphs{W: Pitch, H: int(math.Round(1.6 * Pitch))}
	capPx := CapHeight * Pitch
	baseline := (float64(g.H) + capPx) / 2
	for i := 0; i < len(Alphabet); i++ {
		r := rune(Alphabet[i])
		adv, ok := face.GlyphAdvance(r)
		if !ok {
			return nil, fmt.Errorf("gen: font has no %q", r)
		}
		dst := image.NewAlpha(image.Rect(0, 0, g.W, g.H))
		x := (float64(g.W) - float64(adv)/64) / 2
		d := font.Drawer{Dst: dst, Src: image.Opaque, Face: face,
			Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(baseline * 64)}}
		d.DrawString(string(r))
		m := make([]float32, g.W*g.H)
		ink := 0
		for j, a := range dst.Pix {
			m[j] = float32(a) / 255
			if a > 127 {
				ink++
			}
		}
		if ink == 0 {
			return nil, fmt.Errorf("gen: font draws nothing for %q", r)
		}
		g.Masks = append(g.Masks, m)
	}
	return g, nil
}
