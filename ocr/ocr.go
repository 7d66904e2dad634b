// Package ocr reads text in small image regions with Tesseract (through
// gosseract): a bounded pool of clients, one per worker and reused, and the
// per-region preprocessing Tesseract needs (text rescaled to a ~36 px cap
// height, contrast stretched, white margin, Otsu binarisation retried where
// it raises the confidence).
//
// Engine is the seam the visual-zone reader uses, so that it can be tested
// with a fake; Pool is the Tesseract implementation. This package needs cgo
// and libtesseract.
package ocr

import (
	"context"
	"errors"
	"image"
	"sort"
	"strings"
)

// Text is what a region read returns.
type Text struct {
	Value string          // the text, lines separated by "\n"
	Score int             // 0-100, from Tesseract's word confidences (character-weighted mean)
	Box   image.Rectangle // bounding box of the text in the input image's pixels; empty when nothing was read
	Lines []Line          // the text line by line, top to bottom
}

// MapBoxes returns a copy of t whose boxes (the text's, every line's and
// every word's) are f of t's; t's slices are not shared or changed.
func (t Text) MapBoxes(f func(image.Rectangle) image.Rectangle) Text {
	out := t
	out.Box = f(t.Box)
	out.Lines = make([]Line, len(t.Lines))
	for i, l := range t.Lines {
		l.Box = f(l.Box)
		ws := make([]Word, len(l.Words))
		for j, w := range l.Words {
			w.Box = f(w.Box)
			ws[j] = w
		}
		l.Words = ws
		out.Lines[i] = l
	}
	return out
}

// SortLines orders t's lines top to bottom and sets t.Value to their
// values, one per line.
func (t *Text) SortLines() {
	sort.SliceStable(t.Lines, func(i, j int) bool { return t.Lines[i].Box.Min.Y < t.Lines[j].Box.Min.Y })
	vals := make([]string, len(t.Lines))
	for i, l := range t.Lines {
		vals[i] = l.Value
	}
	t.Value = strings.Join(vals, "\n")
}

// Line is one line of text read in a region.
type Line struct {
	Value  string
	Score  int
	Box    image.Rectangle // in the input image's pixels
	Height int             // median word height in input pixels (caption lines are smaller than values)
	Words  []Word          // the line's words, left to right
}

// Word is one word read, with its box in the input image's pixels.
type Word struct {
	Value string
	Score int
	Box   image.Rectangle
}

// Page segmentation modes most used for fields (Tesseract's numbering).
const (
	PSMBlock = 6 // a uniform block of text (captions plus value, addresses)
	PSMLine  = 7 // a single line
	PSMWord  = 8 // a single word
)

// Engine reads the text in one region image.
type Engine interface {
	// ReadRegion reads img (dark text on a light background) with the
	// given Tesseract language(s) ("eng", "eng+fra"), character whitelist
	// ("" = any) and page segmentation mode (0 = PSMLine).
	ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (Text, error)
}

// LineReader is implemented by engines that read many single-line images
// in one call (one client, no per-image set-up or retries); callers fall
// back to ReadRegion with PSMLine per image when an Engine lacks it.
type LineReader interface {
	// ReadLines reads each image as one line of dark text on white; the
	// result has one Text per image, in order.
	ReadLines(ctx context.Context, imgs []*image.Gray, lang, whitelist string) ([]Text, error)
}

// ErrClosed is returned by a closed pool.
var ErrClosed = errors.New("ocr: pool closed")
