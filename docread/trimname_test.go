package docread

import (
	"image"
	"testing"

	"github.com/idrecog/idrecog/ocr"
)

// nameLine is one OCR line of words laid left to right at the given x
// positions, 30 px tall, each word 14 px per character wide.
func nameLine(words []string, xs []int, score int) ocr.Text {
	l := ocr.Line{Score: score, Height: 30}
	for i, w := range words {
		b := image.Rect(xs[i], 100, xs[i]+14*len([]rune(w)), 130)
		l.Words = append(l.Words, ocr.Word{Value: w, Score: score, Box: b})
		l.Box = l.Box.Union(b)
		if l.Value != "" {
			l.Value += " "
		}
		l.Value += w
	}
	return ocr.Text{Lines: []ocr.Line{l}}
}

func TestTrimName(t *testing.T) {
	for _, tc := range []struct {
		words []string
		xs    []int
		want  string
	}{
		{[]string{"Sunita", "Reddy"}, []int{300, 400}, "Sunita Reddy"},
		{[]string{"_", "Kavita", "Sharma", "|"}, []int{160, 300, 400, 500}, "Kavita Sharma"},
		{[]string{"rin,", "Manoj", "Patel"}, []int{240, 300, 400}, "Manoj Patel"},
		{[]string{"FIA", "Sunita", "Reddy"}, []int{250, 300, 400}, "Sunita Reddy"},  // not title case beside a title-case name
		{[]string{"EE", "KAVITA", "SHARMA"}, []int{100, 300, 410}, "KAVITA SHARMA"}, // far from the name
		{[]string{"RAHUL", "KUMAR", "BANERJEE"}, []int{300, 390, 470}, "RAHUL KUMAR BANERJEE"},
		{[]string{"गे", "Sunita", "Reddy"}, []int{250, 300, 400}, "Sunita Reddy"}, // another script
		{[]string{"K.", "Ramesh"}, []int{300, 340}, "K. Ramesh"},                  // an initial stays
		{[]string{"Jean-Luc", "O'Neil"}, []int{300, 430}, "Jean-Luc O'Neil"},
		{[]string{"_", "|"}, []int{300, 340}, "_ |"},             // no letters: left to the normaliser to refuse
		{[]string{"홍길동", "(洪吉童)"}, []int{300, 360}, "홍길동 (洪吉童)"}, // Korean names have their own reading
		{[]string{"AFR", "오은희"}, []int{200, 300}, "AFR 오은희"},     // even where Latin junk outweighs them
	} {
		p := newPage(nameLine(tc.words, tc.xs, 90), 1)
		got := p.trimName(p.lineSpan(0, "above"))
		if got.text != tc.want {
			t.Errorf("trimName(%q) = %q, want %q", tc.words, got.text, tc.want)
		}
		if got.text != p.lines[0].text && !got.box.In(p.lines[0].box) {
			t.Errorf("trimName(%q): box %v outside the line's %v", tc.words, got.box, p.lines[0].box)
		}
	}
}
