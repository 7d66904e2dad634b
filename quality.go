package idrecog

import (
	"fmt"
	"image"
	"math"
	"sort"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/quality"
)

// Thresholds of the image-quality review, chosen on synthetic hard-level
// captures (see docs/quality.md for the measurement and its command).
const (
	// minSharpness: an MRZ band whose strongest steps rise over more than
	// about 1/minSharpness pixels at quality.Height px per line. Below
	// every MRZ located on synthetic hard captures (lowest 0.38).
	minSharpness = 0.35
)

// measure computes the quality measures of the side the MRZ was read on:
// character height and sharpness from the MRZ band, glare over every field
// box read on that side.
func measure(img image.Image, rd *fields.MRZReading, out *fields.Output) quality.Measures {
	var m quality.Measures
	if rd == nil || rd.DocToImage == (geometry.Homography{}) || len(rd.CharQuads) == 0 {
		return m
	}
	var hs []float64
	band := image.Rectangle{}
	for _, line := range rd.CharQuads {
		for _, q := range line {
			band = band.Union(q.Bounds())
			iq := rd.DocToImage.ApplyQuad(q)
			top, bottom := iq[0].Add(iq[1]).Mul(0.5), iq[3].Add(iq[2]).Mul(0.5)
			if h := top.Dist(bottom); !math.IsNaN(h) && !math.IsInf(h, 0) {
				hs = append(hs, h)
			}
		}
	}
	if len(hs) > 0 {
		sort.Float64s(hs)
		m.CharHeight = math.Round(hs[len(hs)/2]*10) / 10
	}
	if q := rd.CharQuads[0]; len(q) > 0 {
		cell := q[0][3].Y - q[0][0].Y
		if cell > 0 {
			g := quality.Sample(grayPlane(img), rd.DocToImage, band, quality.Height/cell)
			m.Sharpness = math.Round(quality.Sharpness(g)*1000) / 1000
		}
	}
	for _, key := range sortedKeys(out.Raw) {
		f := out.Raw[key]
		if f.ImageQuad == nil {
			continue
		}
		if s := quality.Saturated(img, *f.ImageQuad); s > m.Glare {
			m.Glare, m.GlareField = math.Round(s*1000)/1000, key
		}
	}
	return m
}

// grayPlane returns img's grey plane as an *image.Gray sharing its pixels
// when img has one (a JPEG's Y plane, as the visual-zone reader samples
// it), else img: quality.Sample converts any other image to grey whole,
// which on a decoded photo costs more than the rest of the measures.
func grayPlane(img image.Image) image.Image {
	if m, ok := img.(*image.YCbCr); ok && !m.Rect.Empty() && len(m.Y) >= (m.Rect.Dy()-1)*m.YStride+m.Rect.Dx() {
		return &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	}
	return img
}

// qualityReasons says why the measures ask for review, if they do. Glare
// is reported, not judged: as measured it cannot tell a washed-out field
// from white paper (a scan's "P<" box is all white), see docs/quality.md.
func qualityReasons(m quality.Measures) []string {
	var why []string
	if m.Sharpness > 0 && m.Sharpness < minSharpness {
		why = append(why, fmt.Sprintf("the MRZ is blurred (sharpness %.3f, below %.2f)", m.Sharpness, minSharpness))
	}
	return why
}

func sortedKeys(m map[string]fields.Field) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
