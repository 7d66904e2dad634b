package idrecog

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sort"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
)

// debugField is one field box to draw, in upload pixels.
type debugField struct {
	key   string
	score int
	quad  geometry.Quad
}

// Colours of the field boxes: trusted, doubtful (score under
// fields.ReviewScore) and the document outline.
var (
	debugOK    = color.RGBA{0, 170, 0, 255}
	debugLow   = color.RGBA{230, 0, 0, 255}
	debugFrame = color.RGBA{255, 0, 255, 255}
)

// debugFields lists the fields of out whose boxes lie in the upload, keys
// in order; keys filters them (nil: all).
func debugFields(out fields.Output, keep func(key string) bool) []debugField {
	var fs []debugField
	for _, k := range sortedKeys(out.Raw) {
		f := out.Raw[k]
		if f.ImageQuad == nil || (keep != nil && !keep(k)) {
			continue
		}
		fs = append(fs, debugField{k, f.Score, *f.ImageQuad})
	}
	return fs
}

// documentOutline is the document's rectangle of size in upload pixels.
func documentOutline(size image.Point, docToImage geometry.Homography) (geometry.Quad, bool) {
	if size.X <= 0 || size.Y <= 0 || docToImage == (geometry.Homography{}) {
		return geometry.Quad{}, false
	}
	return docToImage.ApplyQuad(geometry.RectQuad(image.Rectangle{Max: size})), true
}

// drawFields draws each field's box with its key and score above it.
func drawFields(dst draw.Image, fs []debugField) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].key < fs[j].key })
	for _, f := range fs {
		if f.key == "document" {
			mrzscan.DrawQuad(dst, f.quad, debugFrame)
			continue
		}
		c := debugOK
		if f.score < fields.ReviewScore {
			c = debugLow
		}
		mrzscan.DrawQuad(dst, f.quad, c)
		p := f.quad[0]
		d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(int(p.X), int(p.Y)-3)}
		d.DrawString(fmt.Sprintf("%s %d", f.key, f.score))
	}
}

// writeDebug writes the debug image of a finished recognition: img, the
// side whose MRZ was read (or the front), with the MRZ stage's findings, the
// document outline and the fields drawn over it.
func (r *Recognizer) writeDebug(img image.Image, fs []debugField) {
	if r.opt.DebugImagePath == "" || img == nil {
		return
	}
	var res *mrzscan.Result
	if d, ok := r.opt.MRZ.(*defaultStage); ok {
		res = d.result(img)
	}
	writeDebugImage(r.opt.DebugImagePath, img, res, fs)
}
