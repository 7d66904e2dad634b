package ocr

import (
	"image"
	"testing"
)

func TestMapBoxes(t *testing.T) {
	in := Text{
		Box:   image.Rect(0, 0, 10, 10),
		Lines: []Line{{Box: image.Rect(1, 1, 9, 4), Height: 3, Words: []Word{{Value: "A", Box: image.Rect(1, 1, 3, 4)}}}},
	}
	shift := func(r image.Rectangle) image.Rectangle { return r.Add(image.Pt(100, 0)) }
	out := in.MapBoxes(shift)
	if out.Box != image.Rect(100, 0, 110, 10) || out.Lines[0].Box != image.Rect(101, 1, 109, 4) ||
		out.Lines[0].Words[0].Box != image.Rect(101, 1, 103, 4) {
		t.Fatalf("mapped boxes %v %v %v", out.Box, out.Lines[0].Box, out.Lines[0].Words[0].Box)
	}
	if out.Lines[0].Height != 3 || out.Lines[0].Words[0].Value != "A" {
		t.Errorf("other fields changed: %+v", out.Lines[0])
	}
	if in.Lines[0].Box != image.Rect(1, 1, 9, 4) || in.Lines[0].Words[0].Box != image.Rect(1, 1, 3, 4) {
		t.Errorf("input changed: %+v", in.Lines[0])
	}
}

func TestTextSortLines(t *testing.T) {
	tx := Text{Lines: []Line{
		{Value: "B", Box: image.Rect(0, 40, 10, 50)},
		{Value: "A", Box: image.Rect(0, 10, 10, 20)},
		{Value: "C", Box: image.Rect(0, 40, 10, 52)}, // same top as B: stays after it
	}}
	tx.SortLines()
	if tx.Value != "A\nB\nC" {
		t.Errorf("Value = %q, want %q", tx.Value, "A\nB\nC")
	}
	if tx.Lines[0].Value != "A" || tx.Lines[2].Value != "C" {
		t.Errorf("lines not ordered top to bottom: %+v", tx.Lines)
	}
}
