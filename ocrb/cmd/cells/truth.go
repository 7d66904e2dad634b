package main

import (
	"image"

	"image/draw"
	"math"
	"math/rand/v2"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/synth"
)

// truthPitch is the width, in pixels, of a cell cut along the true
// geometry: the reader's rectified pitch (mrzscan's rectPitch), so the
// photo's glyphs go through the same resampling as in a read band.
const truthPitch = 20

// truthCells cuts every MRZ character of a synthetic photo along the
// generator's true geometry (the canonical cell grid mapped by the view's
// homography), whether or not the reader finds the band: the cells of the
// photos the reader fails on (small or heavily blurred glyphs) are the ones
// the reader-cut dump lacks. Each cell is resampled to truthPitch ×
// 1.6·truthPitch pixels with its centre moved by up to jitter pitches in x
// and y and its size scaled by up to ±jitter/2, drawn from rnd, so the
// cells are misaligned about as the reader's own cuts are. A line is kept
// only when cls has the true character among its candidates for at least
// legible of its cells (a line blurred or glared past reading teaches
// nothing); with top1 only its first candidate counts. fn receives the
// label and the cell of every kept line.
func truthCells(photo image.Image, tr *synth.Truth, jitter float64, rnd *rand.Rand, cls mrzscan.Classifier, legible float64, top1 bool, fn func(label byte, g *image.Gray)) {
	view := tr.ViewOf(tr.MRZSide)
	lay := tr.MRZLayout
	if len(lay.LineCentres) != len(tr.MRZ) || lay.Pitch <= 0 {
		return
	}
	gray := toGray(photo)
	h := view.DocToPhoto
	w, ht := truthPitch, int(math.Round(1.6*truthPitch))
	for k, line := range tr.MRZ {
		cells := make([]*image.Gray, len(line))
		for j := 0; j < len(line); j++ {
			cx := lay.X0 + (float64(j)+0.5)*lay.Pitch + (2*rnd.Float64()-1)*jitter*lay.Pitch
			cy := lay.LineCentres[k] + (2*rnd.Float64()-1)*jitter*lay.Pitch
			s := 1 + (2*rnd.Float64()-1)*jitter/2
			// Canonical document pixels per cell pixel.
			unit := s * lay.Pitch / truthPitch
			// Photo pixels per cell pixel, for the supersampling.
			a := h.Apply(geometry.Pt(cx, cy))
			b := h.Apply(geometry.Pt(cx+lay.Pitch, cy))
			ss := max(1, min(4, int(math.Ceil(a.Dist(b)/truthPitch))))
			cell := image.NewGray(image.Rect(0, 0, w, ht))
			for y := 0; y < ht; y++ {
				for x := 0; x < w; x++ {
					var sum float64
					for sy := 0; sy < ss; sy++ {
						for sx := 0; sx < ss; sx++ {
							u := (float64(x) + (float64(sx)+0.5)/float64(ss) - float64(w)/2) * unit
							v := (float64(y) + (float64(sy)+0.5)/float64(ss) - float64(ht)/2) * unit
							p := h.Apply(geometry.Pt(cx+u, cy+v))
							sum += sampleGray(gray, p.X, p.Y)
						}
					}
					cell.Pix[y*cell.Stride+x] = uint8(math.Round(sum / float64(ss*ss)))
				}
			}
			cells[j] = cell
		}
		known := 0
		for j, c := range cells {
			for n, cd := range cls.Classify(c) {
				if top1 && n > 0 {
					break
				}
				if cd.Char == line[j] {
					known++
					break
				}
			}
		}
		if float64(known) < legible*float64(len(line)) {
			continue
		}
		for j, c := range cells {
			fn(line[j], c)
		}
	}
}

// toGray converts img to grey (a copy; *image.Gray is returned as is).
func toGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok {
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	draw.Draw(g, b, img, b.Min, draw.Src)
	return g
}

// sampleGray interpolates g bilinearly at (x, y) (pixel centres at
// half-integers), replicating the border.
func sampleGray(g *image.Gray, x, y float64) float64 {
	b := g.Bounds()
	x = math.Max(float64(b.Min.X)+0.5, math.Min(float64(b.Max.X)-0.5, x)) - 0.5
	y = math.Max(float64(b.Min.Y)+0.5, math.Min(float64(b.Max.Y)-0.5, y)) - 0.5
	if math.IsNaN(x) || math.IsNaN(y) {
		return 255
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	x1, y1 := min(x0+1, b.Max.X-1), min(y0+1, b.Max.Y-1)
	at := func(x, y int) float64 { return float64(g.Pix[g.PixOffset(x, y)]) }
	top := at(x0, y0)*(1-fx) + at(x1, y0)*fx
	bot := at(x0, y1)*(1-fx) + at(x1, y1)*fx
	return top*(1-fy) + bot*fy
}
