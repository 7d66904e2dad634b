package viz

import (
	"context"
	"image"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

// fill paints r dark on g.
func fill(g *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[g.PixOffset(x, y)] = 20
		}
	}
}

// drawSlash paints a '/' h px high and w px wide with its bottom-left
// corner at (x, y+h), strokes 2 px wide.
func drawSlash(g *image.Gray, x, y, w, h int) {
	for r := 0; r < h; r++ {
		cx := x + (w-2)*(h-1-r)/(h-1)
		fill(g, image.Rect(cx, y+r, cx+2, y+r+1))
	}
}

// drawBilingual paints, at h px letters, n1 letters, a slash, n2 letters,
// and, when n3 > 0, a gap of a letter height and n3 letters; it
// returns the x where the slash starts.
func drawBilingual(g *image.Gray, x, y, h, n1, n2, n3 int) int {
	x = drawLine(g, x, y, h, n1).Max.X + h/4
	sx := x
	drawSlash(g, x, y-h/10, h/2, h*12/10)
	x += h/2 + h/4
	x = drawLine(g, x, y, h, n2).Max.X
	if n3 > 0 {
		drawLine(g, x+h, y, h, n3)
	}
	return sx
}

func TestMarkSlashes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		draw  func(g *image.Gray)
		slash bool
	}{
		{"slash", func(g *image.Gray) { drawSlash(g, 10, 10, 7, 18) }, true},
		{"bar", func(g *image.Gray) { fill(g, image.Rect(10, 10, 13, 28)) }, false},
		{"block", func(g *image.Gray) { fill(g, image.Rect(10, 10, 20, 28)) }, false},
		{"backslash", func(g *image.Gray) {
			for r := 0; r < 18; r++ {
				fill(g, image.Rect(10+5*r/17, 10+r, 12+5*r/17, 11+r))
			}
		}, false},
		{"seven", func(g *image.Gray) { fill(g, image.Rect(10, 10, 17, 12)); drawSlash(g, 10, 10, 7, 18) }, false},
		{"vee", func(g *image.Gray) {
			drawSlash(g, 14, 10, 7, 18)
			for r := 0; r < 18; r++ {
				fill(g, image.Rect(8+5*r/17, 10+r, 10+5*r/17, 11+r))
			}
		}, false},
	} {
		g := whitePage(40, 40)
		tc.draw(g)
		cs := components(inkMask(g, 12), 40, 40, g.Rect.Min)
		if len(cs) != 1 {
			t.Fatalf("%s: %d components", tc.name, len(cs))
		}
		if cs[0].slash != tc.slash {
			t.Errorf("%s: slash %v, want %v", tc.name, cs[0].slash, tc.slash)
		}
	}
}

func TestCutSecondLanguage(t *testing.T) {
	const h = 14
	for _, tc := range []struct {
		name           string
		n1, n2, n3     int
		ok, rest       bool
		headBeforeSlsh bool
	}{
		{"two languages", 6, 8, 0, true, false, true},
		{"a caption after a column gap", 6, 8, 5, true, true, true},
		{"slash near the start", 1, 8, 0, false, false, false},
		{"second language too short", 6, 1, 0, false, false, false},
	} {
		g := whitePage(700, 60)
		sx := drawBilingual(g, 20, 20, h, tc.n1, tc.n2, tc.n3)
		ls := findLines(g, 7, 64)
		if len(ls) != 1 {
			t.Fatalf("%s: %d lines", tc.name, len(ls))
		}
		head, whole, rest, ok := cutSecondLanguage(ls[0])
		if ok != tc.ok {
			t.Fatalf("%s: ok %v", tc.name, ok)
		}
		if !ok {
			continue
		}
		if head.box.Max.X > sx || head.box.Min.X != ls[0].box.Min.X || head.h != ls[0].h {
			t.Errorf("%s: head %v, slash at x=%d, line %v", tc.name, head.box, sx, ls[0].box)
		}
		if whole.box.Min.X != ls[0].box.Min.X || whole.box.Max.X <= sx+h {
			t.Errorf("%s: whole %v", tc.name, whole.box)
		}
		if (rest.n > 0) != tc.rest || rest.n > 0 && (rest.n != tc.n3 || rest.box.Min.X <= whole.box.Max.X) {
			t.Errorf("%s: rest %+v (n %d), whole %v", tc.name, rest.box, rest.n, whole.box)
		}
	}
}

// TestReadLinesBilingual: a two-language caption line is read up to its
// slash when that reads as a caption, and whole (in a second pass) when it
// does not; value lines are read as found.
func TestReadLinesBilingual(t *testing.T) {
	g := whitePage(900, 260)
	drawBilingual(g, 20, 20, 12, 7, 9, 0)
	drawLine(g, 20, 45, 24, 6)
	drawBilingual(g, 20, 90, 12, 8, 10, 0)
	drawLine(g, 20, 115, 24, 7)
	drawLine(g, 20, 160, 24, 5)
	ls := findLines(g, 7, 64)
	if len(ls) != 5 {
		t.Fatalf("%d lines", len(ls))
	}
	if hv := valueHeight(ls); hv != 24 {
		t.Fatalf("value height %d", hv)
	}
	caps := newCaptionSet(searchTemplate())
	src := newSampler(g)
	for _, tc := range []struct {
		name  string
		texts []string
		reads int
	}{
		{"captions read", []string{"Surname/", "SMITH", "Place of birth", "NEW UTOPIA", "X"}, 5},
		{"first language unknown", []string{"Nazwisko", "SMITH", "Place of birth", "NEW UTOPIA", "X", "Nazwisko/Surname"}, 6},
	} {
		eng := &lineEngine{texts: tc.texts}
		tx, err := readLines(context.Background(), src, geometry.Identity, g, eng, ls, caps)
		if err != nil {
			t.Fatal(err)
		}
		if len(eng.reads) != tc.reads {
			t.Fatalf("%s: %d reads, want %d", tc.name, len(eng.reads), tc.reads)
		}
		// Captions are read at 2.5x (12 px letters to 30): the first
		// read holds only the caption's first language.
		k := 2.5
		if w := float64(eng.reads[0].Dx()) / k; w > float64(ls[0].box.Dx())*0.6 {
			t.Errorf("%s: caption read %.0f px wide of %d", tc.name, w, ls[0].box.Dx())
		}
		// The first language is read narrowed by headSqueeze (its crop
		// keeps a letter height on either side).
		head, _, _, _ := cutSecondLanguage(ls[0])
		want := k * headSqueeze * float64(head.box.Dx()+2*ls[0].h)
		if w := float64(eng.reads[0].Dx()); w < want-2 || w > want+2 {
			t.Errorf("%s: head read %.0f px wide, want %.0f (scale %.2f)", tc.name, w, want, k*headSqueeze)
		}
		if tc.reads == 6 {
			if w := float64(eng.reads[5].Dx()) / k; w < float64(ls[0].box.Dx()) {
				t.Errorf("%s: second read %.0f px wide of %d", tc.name, w, ls[0].box.Dx())
			}
			if tx.Lines[0].Value != "Nazwisko/Surname" {
				t.Errorf("%s: first line %q", tc.name, tx.Lines[0].Value)
			}
		}
		if len(tx.Lines) != 5 {
			t.Errorf("%s: %d lines read", tc.name, len(tx.Lines))
		}
	}
}

// TestReadLinesNarrowCaptions: caption lines are read narrowed; one whose
// narrowed read matches no caption is read again as found.
func TestReadLinesNarrowCaptions(t *testing.T) {
	defer func(s float64) { captionSqueeze = s }(captionSqueeze)
	captionSqueeze = 0.7
	g := whitePage(900, 300)
	drawLine(g, 20, 20, 12, 10)
	for i := 0; i < 4; i++ {
		drawLine(g, 20, 50+50*i, 24, 6)
	}
	ls := findLines(g, 7, 64)
	if len(ls) != 5 {
		t.Fatalf("%d lines", len(ls))
	}
	caps := newCaptionSet(searchTemplate())
	k := 2.5 // 12 px letters read at 30
	for _, tc := range []struct {
		name  string
		first string
		reads int
	}{
		{"caption recognised", "Authority", 5},
		{"caption not recognised", "Qxqz", 6},
	} {
		eng := &lineEngine{texts: []string{tc.first, "A", "B", "C", "D", "Authority"}}
		if _, err := readLines(context.Background(), newSampler(g), geometry.Identity, g, eng, ls, caps); err != nil {
			t.Fatal(err)
		}
		if len(eng.reads) != tc.reads {
			t.Fatalf("%s: %d reads, want %d", tc.name, len(eng.reads), tc.reads)
		}
		full := k * float64(ls[0].box.Dx())
		// The crop keeps a letter height on either side.
		if w := float64(eng.reads[0].Dx()); w > 0.85*(full+2*k*12) {
			t.Errorf("%s: caption read %.0f px wide, the line %.0f at %.1fx", tc.name, w, full, k)
		}
		if tc.reads == 6 {
			if w := float64(eng.reads[5].Dx()); w < full {
				t.Errorf("%s: second read %.0f px wide, the line %.0f", tc.name, w, full)
			}
		}
	}
}

// TestLineScale: template x maps to the line image's x at its scale and
// back.
func TestLineScale(t *testing.T) {
	s := lineScale{x: 1.4, y: 2}
	if got := s.up(100, false); got != 140 {
		t.Errorf("up(100) = %d, want 140", got)
	}
	if got := s.up(101, true); got != 142 {
		t.Errorf("up(101, ceil) = %d, want 142", got)
	}
	if got := s.down(140, false); got < 99 || got > 100 {
		t.Errorf("down(140) = %d, want about 100", got)
	}
}
