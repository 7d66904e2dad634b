package idrecog

import (
	"image"
	"testing"
	"time"

	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
)

// line makes an OCR line of words 40 px apart per character run, on row y.
func line(y int, words ...string) ocr.Line {
	l := ocr.Line{}
	x := 10
	for _, w := range words {
		b := image.Rect(x, y, x+12*len([]rune(w)), y+20)
		l.Words = append(l.Words, ocr.Word{Value: w, Score: 90, Box: b})
		x = b.Max.X + 10
	}
	return l
}

func TestFindPrinted(t *testing.T) {
	p, err := mrz.Parse([]string{
		"P<UTOMAENNIK<<MARI<LIIS<<<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	all := map[string]bool{"number": true, "personal_number": true, "birth_date": true, "expiry_date": true,
		"surname": true, "given_names": true, "sex": true}
	for _, c := range []struct {
		name  string
		lines []ocr.Line
		want  map[string]int // key → line index found on
	}{
		{"page in ICAO styles", []ocr.Line{
			line(0, "PASSPORT", "P", "UTO", "L898902C3"),
			line(40, "Surname/Nom"),
			line(60, "MÄNNIK"),
			line(100, "MARI-LIIS"),
			line(140, "12", "AUG/AOÛT", "74", "F/F", "Z", "E", "184226", "B"),
			line(180, "15", "APR/AVR", "12"),
		}, map[string]int{"number": 0, "surname": 2, "given_names": 3, "birth_date": 4, "sex": 4, "personal_number": 4, "expiry_date": 5}},
		{"numeric dates, comma after the surname", []ocr.Line{
			line(0, "MAENNIK,", "MARI", "LIIS"),
			line(40, "12.08.1974", "15.04.2012"),
		}, map[string]int{"surname": 0, "given_names": 0, "birth_date": 1, "expiry_date": 1}},
		{"a letter lost, a digit misread", []ocr.Line{
			line(0, "MANNIK", "L898902C8"),
		}, map[string]int{"surname": 0, "number": 0}},
		{"nothing like the MRZ", []ocr.Line{
			line(0, "MAN", "L898", "13.08.1974", "F", "NIK", "MARIA"),
		}, map[string]int{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := findPrinted(ocr.Text{Lines: c.lines}, p, all, now)
			for k, li := range c.want {
				b, ok := got[k]
				if !ok {
					t.Errorf("%s not found", k)
					continue
				}
				if lb := c.lines[li].Words[0].Box; b.Min.Y != lb.Min.Y {
					t.Errorf("%s found at %v, want on line %d", k, b, li)
				}
			}
			for k, b := range got {
				if _, ok := c.want[k]; !ok {
					t.Errorf("%s found at %v, want not found", k, b)
				}
			}
		})
	}
}

func TestFindPrintedTruncated(t *testing.T) {
	p, err := mrz.Parse([]string{
		"IDFRASAINT<EXUPERY<<<<<<<<<<<<<<<<<<",
		"200280A600181JEAN<<PIERRE<T9504224M2",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !p.NameTruncated {
		t.Skip("the MRZ does not read as truncated")
	}
	text := ocr.Text{Lines: []ocr.Line{line(0, "Prénom(s):", "JEAN-PIERRE,", "THÉO,", "GYÖRGY,", "GÜNTHER", "1,93m")}}
	got := findPrinted(text, p, map[string]bool{"given_names": true}, time.Now())
	ws := text.Lines[0].Words
	want := ws[1].Box.Union(ws[4].Box)
	if got["given_names"] != want {
		t.Errorf("given names at %v, want %v (every printed name)", got["given_names"], want)
	}
}

func TestWarpGray(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 40, 20))
	for i := range src.Pix {
		src.Pix[i] = 200
	}
	src.Pix[src.PixOffset(30, 10)] = 0
	// Identity at half scale: destination (15, 5) samples source (30, 10)
	// area; beyond the source the page is white.
	g := warpGray(src, geometry.Scale(2, 2), 30, 15)
	if g == nil || g.Bounds().Dx() != 30 {
		t.Fatalf("warpGray = %v", g)
	}
	if v := g.GrayAt(15, 5).Y; v >= 200 {
		t.Errorf("dark pixel lost: %d", v)
	}
	if v := g.GrayAt(25, 12).Y; v != 255 {
		t.Errorf("outside the source: %d, want 255", v)
	}
	if warpGray(src, geometry.Scale(1, 1), 2, 2) != nil || warpGray(nil, geometry.Scale(1, 1), 20, 20) != nil {
		t.Error("unusable sizes warped")
	}
}

func TestFindOnRow(t *testing.T) {
	p, err := mrz.Parse([]string{
		"IDKORD690889900<<<<<<<<<<<<<<<",
		"1008069M3402144KOR<<<<<<<<<<<2",
		"LEE<<SEO<JUN<<<<<<<<<<<<<<<<<<",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{"sex": true, "nationality": true, "birth_date": true}
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	text := ocr.Text{Lines: []ocr.Line{
		line(0, "REPUBLIC", "OF", "KOREA", "KOR", "M"),
		line(40, "Sexe:M", "KOR", "06.08.10"),
	}}
	found := findPrinted(text, p, keys, now)
	birth, ok := found["birth_date"]
	if !ok {
		t.Fatal("birth date not found")
	}
	got := findOnRow(text, birth, p, keys, found)
	for _, k := range []string{"sex", "nationality"} {
		if b, ok := got[k]; !ok || b.Min.Y != 40 {
			t.Errorf("%s found at %v (%v), want on the birth date's row", k, b, ok)
		}
	}
	// Nothing on the row: nothing found, the header's KOR and M are not
	// taken.
	if got := findOnRow(ocr.Text{Lines: text.Lines[:1]}, birth, p, keys, found); len(got) != 0 {
		t.Errorf("found %v off the row", got)
	}
}
