package tesscompare

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/otiai10/gosseract/v2"

	"github.com/idrecog/idrecog/ocrb"
	"github.com/idrecog/idrecog/ocrb/internal/gen"
)

var nLines = flag.Int("lines", 12, "lines per setting (README figures: -lines 24)")

// mrzLike returns a random MRZ-like line: letters, digits and filler runs.
func mrzLike(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		switch u := r.Float64(); {
		case u < 0.25:
			b[i] = '<'
		case u < 0.6:
			b[i] = "0123456789"[r.IntN(10)]
		default:
			b[i] = byte('A' + r.IntN(26))
		}
	}
	return string(b)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// readOCRB slices the line on its fixed-pitch grid and classifies each cell.
func readOCRB(m *ocrb.Model, l *gen.Line) string {
	out := make([]byte, len(l.Centres))
	for i, c := range l.Centres {
		r := image.Rect(int(math.Round(c.X-l.Pitch/2)), int(math.Round(c.Y-0.8*l.Pitch)),
			int(math.Round(c.X+l.Pitch/2)), int(math.Round(c.Y+0.8*l.Pitch)))
		out[i] = m.Classify(l.Image.SubImage(r).(*image.Gray))[0].Char
	}
	return string(out)
}

type tally struct {
	chars, errs int
	lines, ok   int
	dur         time.Duration
}

func (t *tally) add(got, want string, d time.Duration) {
	e := min(levenshtein(got, want), len(want))
	t.chars += len(want)
	t.errs += e
	t.lines++
	if e == 0 {
		t.ok++
	}
	t.dur += d
}

func (t *tally) String() string {
	return formatTally(t)
}

func TestCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: runs Tesseract")
	}
	if _, err := os.Stat(gen.DefaultFontPath); err != nil {
		t.Skipf("OCR-B font not installed: %v", err)
	}
	glyphs, err := gen.LoadGlyphs(gen.DefaultFontPath)
	if err != nil {
		t.Fatal(err)
	}
	tess := gosseract.NewClient()
	defer tess.Close()
	if err := tess.SetLanguage("eng"); err != nil {
		t.Skipf("tesseract: %v", err)
	}
	tess.SetWhitelist(ocrb.Alphabet[:36] + "<")
	tess.SetPageSegMode(gosseract.PSM_SINGLE_LINE)
	m := ocrb.Default()

	settings := []struct {
		name   string
		p      gen.Params
		pitchs []float64
	}{
		{"clean", gen.Params{}, []float64{12, 18, 24, 32}},
		{"moderate (held-out ranges)", gen.Held, []float64{12, 18, 24, 32}},
		{"hard (training ranges)", gen.Train, []float64{10, 14, 20, 28}},
	}
	r := rand.New(rand.NewPCG(77, 78))
	for si, s := range settings {
		g := gen.NewGenerator(glyphs, s.p, uint64(9000+si))
		var to, tt tally
		for i := 0; i < *nLines; i++ {
			n := []int{44, 36, 30}[i%3]
			want := mrzLike(r, n)
			l := g.Line(want, s.pitchs[i%len(s.pitchs)])

			t0 := time.Now()
			got := readOCRB(m, l)
			to.add(got, want, time.Since(t0))

			var buf bytes.Buffer
			if err := png.Encode(&buf, l.Image); err != nil {
				t.Fatal(err)
			}
			t0 = time.Now()
			if err := tess.SetImageFromBytes(buf.Bytes()); err != nil {
				t.Fatal(err)
			}
			txt, err := tess.Text()
			if err != nil {
				t.Fatal(err)
			}
			tt.add(stripSpace(txt), want, time.Since(t0))
		}
		t.Logf("%-28s ocrb      %v", s.name, &to)
		t.Logf("%-28s tesseract %v", s.name, &tt)
		// ocrb must beat Tesseract on MRZ characters, or it has no reason
		// to exist.
		if to.errs > tt.errs {
			t.Errorf("%s: ocrb made %d character errors, Tesseract %d", s.name, to.errs, tt.errs)
		}
	}
}

func stripSpace(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			b = append(b, c)
		}
	}
	return string(b)
}
