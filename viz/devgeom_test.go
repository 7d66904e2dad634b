package viz

import (
	"encoding/json"
	"image"
	_ "image/jpeg"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

// This file is a stand-in for the MRZ stage on the dev set, so that the
// visual-zone reader can be measured before package mrzscan lands: it
// estimates DocToImage the way mrzscan does (the centres of the first and
// last character cells of the first and last MRZ lines mapped onto the ICAO
// MRZ placement), from glyph runs found in hand-annotated rough bands around
// those two lines.

// mrzPlacement is the printed MRZ geometry (mm), as in mrzscan: ICAO Doc
// 9303 for TD1/TD2/TD3/MRV; the French ID card's figures were measured on
// the published specimen by the mrzscan author.
type mrzPlacement struct {
	w, h, left, pitch float64
	first, last       float64 // centre heights of the first and last line above the bottom edge
	n                 int     // characters per line
}

var placements = map[string]mrzPlacement{
	"TD3":       {125, 88, 6.0, 2.54, 15.75, 9.40, 44},
	"TD2":       {105, 74, 4.0, 2.54, 15.75, 9.40, 36},
	"FRENCH_ID": {85.6, 53.98, 4.4, 2.13, 11.1, 5.7, 36},
}

const dpmm = 300 / 25.4

func (p mrzPlacement) size() image.Point {
	return image.Pt(int(p.w*dpmm+0.5), int(p.h*dpmm+0.5))
}

// cell returns the centre of character i on a line whose centre is y mm
// above the bottom edge, in canonical px.
func (p mrzPlacement) cell(i int, y float64) geometry.Point {
	return geometry.Pt((p.left+(float64(i)+0.5)*p.pitch)*dpmm, (p.h-y)*dpmm)
}

// glyphEnds finds, inside band, the centre of the first and last glyph: ink
// columns grouped into runs (gaps up to 1/25 of the band height close), the
// vertical centre from the ink rows.
func glyphEnds(img image.Image, band image.Rectangle) (first, last geometry.Point, ok bool) {
	s := newSampler(img)
	band = band.Intersect(s.b)
	g := image.NewGray(band)
	for y := band.Min.Y; y < band.Max.Y; y++ {
		for x := band.Min.X; x < band.Max.X; x++ {
			g.Pix[g.PixOffset(x, y)] = uint8(s.at(x, y))
		}
	}
	t := ocr.Otsu(g)
	cols := make([]int, band.Dx())
	rows := make([]int, band.Dy())
	for y := 0; y < band.Dy(); y++ {
		for x := 0; x < band.Dx(); x++ {
			if g.Pix[y*g.Stride+x] < t {
				cols[x]++
				rows[y]++
			}
		}
	}
	type run struct{ a, b int }
	var runs []run
	gap := max(1, band.Dy()/25)
	for x := 0; x < len(cols); x++ {
		if cols[x] < 2 {
			continue
		}
		if n := len(runs); n > 0 && x-runs[n-1].b <= gap {
			runs[n-1].b = x + 1
		} else {
			runs = append(runs, run{x, x + 1})
		}
	}
	// Keep runs of glyph size (drop specks and merged noise).
	var glyphs []run
	for _, r := range runs {
		if w := r.b - r.a; w >= 3 && w <= band.Dy() {
			glyphs = append(glyphs, r)
		}
	}
	if len(glyphs) < 2 {
		return first, last, false
	}
	// Vertical centre: the median of ink rows weighted by count.
	var ys []int
	for y, c := range rows {
		for i := 0; i < c; i++ {
			ys = append(ys, y)
		}
	}
	sort.Ints(ys)
	var yc float64
	if len(ys) > 0 {
		// Centre of the 5th-95th percentile of ink rows.
		yc = float64(ys[len(ys)*5/100]+ys[len(ys)*95/100]+1) / 2
	}
	f, l := glyphs[0], glyphs[len(glyphs)-1]
	y := float64(band.Min.Y) + yc
	return geometry.Pt(float64(band.Min.X)+float64(f.a+f.b)/2, y), geometry.Pt(float64(band.Min.X)+float64(l.a+l.b)/2, y), true
}

// devGeometry estimates DocToImage for an upright dev image from rough
// bands around its first and last MRZ lines.
func devGeometry(img image.Image, format string, line1, lineN image.Rectangle) (geometry.Homography, image.Point, bool) {
	p, ok := placements[format]
	if !ok {
		return geometry.Homography{}, image.Point{}, false
	}
	f1, l1, ok1 := glyphEnds(img, line1)
	fN, lN, okN := glyphEnds(img, lineN)
	if !ok1 || !okN {
		return geometry.Homography{}, image.Point{}, false
	}
	doc := geometry.Quad{p.cell(0, p.first), p.cell(p.n-1, p.first), p.cell(p.n-1, p.last), p.cell(0, p.last)}
	h, err := geometry.FromQuads(doc, geometry.Quad{f1, l1, lN, fN})
	if err != nil {
		return geometry.Homography{}, image.Point{}, false
	}
	return h, p.size(), true
}

// devCase is one dev image with its truth and MRZ band annotation.
type devCase struct {
	File           string            `json:"file"`
	Country        string            `json:"issuingCountry"`
	IDType         string            `json:"idType"`
	Format         string            `json:"-"`
	MRZ            []string          `json:"mrz"`
	Fields         map[string]string `json:"fields"`
	line1, lineN   image.Rectangle
	img            image.Image
	docToImage     geometry.Homography
	docSize        image.Point
	geometryViaMRZ bool
}

// devBands are the hand-annotated rough bands (upload px) around the first
// and last MRZ line of each dev image, and the MRZ format.
var devBands = map[string]struct {
	format       string
	line1, lineN image.Rectangle
}{
	"utopia-passport-td3.jpg":        {"TD3", image.Rect(100, 660, 1220, 712), image.Rect(100, 718, 1220, 768)},
	"utopia-travel-document-td2.jpg": {"TD2", image.Rect(105, 755, 1200, 806), image.Rect(105, 813, 1200, 865)},
	"fra-national-id-card.jpg":       {"FRENCH_ID", image.Rect(60, 560, 1000, 600), image.Rect(60, 620, 1000, 664)},
	"est-passport-td3.jpg":           {"TD3", image.Rect(10, 400, 705, 425), image.Rect(10, 430, 705, 455)},
}

// devDir finds ../shared/datasets/dev relative to the module root.
func devDir(tb testing.TB) string {
	tb.Helper()
	d := filepath.Join("..", "..", "shared", "datasets", "dev")
	if _, err := os.Stat(filepath.Join(d, "truth.json")); err != nil {
		tb.Skipf("dev set not present: %v", err)
	}
	return d
}

func loadDev(tb testing.TB) []*devCase {
	dir := devDir(tb)
	data, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var cases []*devCase
	if err := json.Unmarshal(data, &cases); err != nil {
		tb.Fatal(err)
	}
	for _, c := range cases {
		f, err := os.Open(filepath.Join(dir, c.File))
		if err != nil {
			tb.Fatal(err)
		}
		c.img, _, err = image.Decode(f)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		b, ok := devBands[c.File]
		if !ok {
			tb.Fatalf("%s: no MRZ band annotation", c.File)
		}
		c.Format, c.line1, c.lineN = b.format, b.line1, b.lineN
		h, size, ok := devGeometry(c.img, c.Format, c.line1, c.lineN)
		if !ok {
			tb.Fatalf("%s: no MRZ geometry", c.File)
		}
		c.docToImage, c.docSize = h, size
	}
	return cases
}
