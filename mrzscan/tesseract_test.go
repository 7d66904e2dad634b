package mrzscan

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/otiai10/gosseract/v2"

	"github.com/idrecog/idrecog/mrz"
)

const mrzWhitelist = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"

func pngBytes(tb testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// tessLines reads the MRZ-looking lines from Tesseract's output: runs of
// the MRZ alphabet at least 28 characters long, upright.
func tessLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.ReplaceAll(strings.TrimSpace(l), " ", "")
		if len(l) >= 28 && strings.Count(l, "<") >= 1 {
			out = append(out, l)
		}
	}
	return out
}

// TestTesseractComparison measures, on the dev set (upright and 7°), (1)
// plain Tesseract on the whole image with the MRZ whitelist, (2) Tesseract
// on our rectified MRZ line crops and (3) our reader. It only reports; set
// MRZSCAN_TESS=1 to run it.
func TestTesseractComparison(t *testing.T) {
	if os.Getenv("MRZSCAN_TESS") == "" {
		t.Skip("set MRZSCAN_TESS=1")
	}
	cases := devSet(t)
	cl := gosseract.NewClient()
	defer cl.Close()
	if err := cl.SetLanguage("eng"); err != nil {
		t.Skip(err)
	}
	cl.SetWhitelist(mrzWhitelist)
	r := newTestReader(t)
	defer r.Close()
	var nWhole, nLines, nOurs, n int
	var tWhole, tLines, tOurs time.Duration
	for _, c := range cases {
		for _, rot := range []float64{0, 7} {
			n++
			img := rotateImage(c.img, rot)
			want := strings.Join(c.MRZ, "\n")

			// (1) whole image, automatic page segmentation.
			t0 := time.Now()
			cl.SetPageSegMode(gosseract.PSM_AUTO)
			cl.SetImageFromBytes(pngBytes(t, img))
			text, err := cl.Text()
			tWhole += time.Since(t0)
			got := tessLines(text)
			ok := false
			if err == nil && len(got) >= len(c.MRZ) {
				got = got[len(got)-len(c.MRZ):]
				if p, err := mrz.Parse(got, nil); err == nil && strings.Join(p.Lines, "\n") == want {
					ok = true
				}
			}
			if ok {
				nWhole++
			}
			t.Logf("%s %v° whole-image Tesseract: %v %q", c.File, rot, ok, got)

			// (3) ours, and (2) Tesseract on our line crops.
			t0 = time.Now()
			a, err := r.read(context.Background(), img)
			tOurs += time.Since(t0)
			if err != nil {
				t.Logf("%s: %v", c.File, err)
				continue
			}
			if strings.Join(a.lines, "\n") == want {
				nOurs++
			}
			t0 = time.Now()
			var lines []string
			cl.SetPageSegMode(gosseract.PSM_SINGLE_LINE)
			for _, row := range a.cells {
				rect := row[0].Union(row[len(row)-1]).Inset(-4)
				cl.SetImageFromBytes(pngBytes(t, a.rb.gray.SubImage(rect.Intersect(a.rb.gray.Rect))))
				s, _ := cl.Text()
				lines = append(lines, strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
			}
			tLines += time.Since(t0)
			ok = false
			if p, err := mrz.Parse(lines, nil); err == nil && strings.Join(p.Lines, "\n") == want {
				ok = true
			}
			if ok {
				nLines++
			}
			t.Logf("%s %v° Tesseract on line crops: %v %q", c.File, rot, ok, lines)
		}
	}
	t.Logf("| method | exact | mean ms/img |")
	t.Logf("| Tesseract whole image (PSM 3, whitelist) | %d/%d | %.0f |", nWhole, n, float64(tWhole.Milliseconds())/float64(n))
	t.Logf("| Tesseract on mrzscan line crops (PSM 7) | %d/%d | %.0f (+ locate) |", nLines, n, float64(tLines.Milliseconds())/float64(n))
	t.Logf("| mrzscan (ocrb + mrz.Decode) | %d/%d | %.0f |", nOurs, n, float64(tOurs.Milliseconds())/float64(n))
}
