package viz

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// page draws a white page of tmpl's size with, for each of tmpl's required
// fields, a row of block "letters" (h px high) starting dx px right of the
// region's left edge and vertically centred in the region.
func layoutPage(tmpl *doctype.Template, dx, h int) *image.Gray {
	g := image.NewGray(image.Rectangle{Max: tmpl.Size})
	draw.Draw(g, g.Rect, image.NewUniform(color.Gray{Y: 245}), image.Point{}, draw.Src)
	ink := image.NewUniform(color.Gray{Y: 30})
	for _, f := range tmpl.Fields {
		if !f.Required || h == 0 {
			continue
		}
		cy := (f.Region.Min.Y + f.Region.Max.Y) / 2
		x := f.Region.Min.X + dx
		for i := 0; i < 8; i++ {
			l := image.Rect(x, cy-h/2, x+h*6/10, cy+h/2)
			draw.Draw(g, l, ink, image.Point{}, draw.Src)
			x += h*6/10 + h/4
		}
	}
	return g
}

func TestLayoutFit(t *testing.T) {
	tmpl, ok := doctype.Lookup("UTO", "passport", "TD3")
	if !ok || tmpl.Country != "UTO" {
		t.Fatal("no UTO passport template")
	}
	reading := &fields.MRZReading{DocSize: tmpl.Size, DocToImage: geometry.Scale(1, 1)}
	for _, tc := range []struct {
		name     string
		img      *image.Gray
		min, max float64
	}{
		{"values in the regions", layoutPage(tmpl, 20, 28), 1, 1},
		{"values starting left of the regions", layoutPage(tmpl, -60, 28), 0, 0},
		{"letters too small for the regions", layoutPage(tmpl, 20, 10), 0, 0},
		{"blank page", layoutPage(tmpl, 0, 0), 0, 0},
	} {
		if got := LayoutFit(tc.img, reading, tmpl); got < tc.min || got > tc.max {
			t.Errorf("%s: LayoutFit = %.2f, want %.2f-%.2f", tc.name, got, tc.min, tc.max)
		}
	}
	// Bad arguments give 0; a template read by captions (a zone) fits.
	if got := LayoutFit(nil, reading, tmpl); got != 0 {
		t.Errorf("nil image: %v", got)
	}
	if got := LayoutFit(layoutPage(tmpl, 20, 28), &fields.MRZReading{}, tmpl); got != 0 {
		t.Errorf("no geometry: %v", got)
	}
	if generic, ok := doctype.Default().Generic("TD3", "front"); ok {
		if got := LayoutFit(layoutPage(tmpl, 0, 0), reading, generic); got != 1 {
			t.Errorf("generic template: %v, want 1", got)
		}
	}
}

// TestLayoutFitDev checks that the dev set's specific templates, made on
// these specimens, fit them.
func TestLayoutFitDev(t *testing.T) {
	for _, c := range loadDev(t) {
		tmpl, ok := doctype.Lookup(c.Country, c.IDType, c.Format)
		if !ok || tmpl.Country == "" {
			continue
		}
		reading := &fields.MRZReading{DocSize: c.docSize, DocToImage: c.docToImage}
		got := LayoutFit(c.img, reading, tmpl)
		t.Logf("%s with %s: LayoutFit %.2f", c.File, tmpl.Name, got)
		if got < 0.5 {
			t.Errorf("%s: LayoutFit %.2f < 0.5 for its own template %s", c.File, got, tmpl.Name)
		}
	}
}
