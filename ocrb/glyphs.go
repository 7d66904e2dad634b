package ocrb

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
)

// Atlas holds coverage masks of the 37 MRZ characters in OCR-B, for
// analysis by synthesis (rendering the expected appearance of a cell and
// comparing it with the observed one). Each mask is one character pitch
// wide (W = Pitch pixels) and H ≈ 1.6 pitches tall, the glyph placed the
// way an MRZ printer places it in its cell (horizontally centred, cap
// height 0.95 pitch, vertically centred): the cell convention of Classify.
type Atlas struct {
	Pitch, W, H int
	// Masks holds, per class (indexed like Alphabet), W×H coverage values
	// row-major, 0 (paper) to 255 (ink).
	Masks [NumClasses][]uint8
}

//go:embed glyphs.bin
var glyphData []byte

var (
	glyphOnce  sync.Once
	glyphAtlas *Atlas
)

// Glyphs returns the embedded glyph atlas (made by ocrb/cmd/atlas from
// Debian's OCRBS.otf), decoded once and shared; callers must not modify it.
// It panics if the embedded file is corrupt, a build defect caught by the
// package tests.
func Glyphs() *Atlas {
	glyphOnce.Do(func() {
		a, err := loadAtlas(glyphData)
		if err != nil {
			panic("ocrb: embedded glyph atlas: " + err.Error())
		}
		glyphAtlas = a
	})
	return glyphAtlas
}

// Mask returns the coverage mask of character c, or nil when c is not an
// MRZ character.
func (a *Atlas) Mask(c byte) []uint8 {
	i := strings.IndexByte(Alphabet, c)
	if i < 0 {
		return nil
	}
	return a.Masks[i]
}

// loadAtlas decodes the atlas format: magic "OCRG", then uint16 W, H and
// class count (little-endian), then per class W×H coverage bytes.
func loadAtlas(b []byte) (*Atlas, error) {
	if len(b) < 10 || string(b[:4]) != "OCRG" {
		return nil, fmt.Errorf("%w: bad atlas header", ErrFormat)
	}
	w := int(binary.LittleEndian.Uint16(b[4:]))
	h := int(binary.LittleEndian.Uint16(b[6:]))
	n := int(binary.LittleEndian.Uint16(b[8:]))
	if w == 0 || h == 0 || n != NumClasses || len(b) != 10+n*w*h {
		return nil, fmt.Errorf("%w: atlas size", ErrFormat)
	}
	a := &Atlas{Pitch: w, W: w, H: h}
	for i := range a.Masks {
		a.Masks[i] = b[10+i*w*h : 10+(i+1)*w*h]
	}
	return a, nil
}
