// Command atlas writes ocrb/glyphs.bin, the embedded OCR-B glyph atlas that
// ocrb.Glyphs returns: the 37 MRZ characters rendered from Debian's OCR-B
// (fonts-ocr-b, OCRBS.otf) by the same renderer that draws the classifier's
// training cells, box-averaged from the renderer's 48 px pitch to 24 px.
//
//	go run ./ocrb/cmd/atlas -out ocrb/glyphs.bin
//
// The output is deterministic: a second run writes the same bytes.
package main

import (
	"encoding/binary"
	"flag"
	"log"
	"os"

	"github.com/idrecog/idrecog/ocrb/internal/gen"
)

func main() {
	font := flag.String("font", gen.DefaultFontPath, "OCR-B OpenType font")
	out := flag.String("out", "ocrb/glyphs.bin", "output file")
	flag.Parse()
	g, err := gen.LoadGlyphs(*font)
	if err != nil {
		log.Fatal(err)
	}
	const f = 2 // box factor: 48 px pitch → 24 px
	w, h := g.W/f, g.H/f
	b := []byte("OCRG")
	b = binary.LittleEndian.AppendUint16(b, uint16(w))
	b = binary.LittleEndian.AppendUint16(b, uint16(h))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(g.Masks)))
	for _, m := range g.Masks {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var s float32
				for dy := 0; dy < f; dy++ {
					for dx := 0; dx < f; dx++ {
						s += m[(y*f+dy)*g.W+x*f+dx]
					}
				}
				v := s / (f * f) * 255
				b = append(b, uint8(min(255, v+0.5)))
			}
		}
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
