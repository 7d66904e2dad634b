package docread

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

var dumpDoc = flag.String("dump", "", "print the page read and the located values of this synth truth file (NNNN.json), placed by the truth's geometry")

// TestDumpPage is a development aid: it shows what the locating step sees.
func TestDumpPage(t *testing.T) {
	if *dumpDoc == "" {
		t.Skip("no -dump file")
	}
	data, err := os.ReadFile(*dumpDoc)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		File, IDType, IssuingCountry string
		DocToPhoto                   geometry.Homography
	}
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(strings.TrimSuffix(*dumpDoc, ".json") + ".jpg")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, _, err := image.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, ok := nonMRZTemplate(doctype.Default(), tr.IssuingCountry, tr.IDType, "front")
	if !ok {
		t.Fatal("no template")
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	k := pageScale(tmpl.Size)
	pg := warpPage(grey(img), tr.DocToPhoto, tmpl.Size, k)
	if tmpl.WhitenBackground {
		whitenBackground(pg)
	}
	removeRules(pg)
	guardStrip(pg)
	if out := os.Getenv("DUMP_PNG"); out != "" {
		if fo, err := os.Create(out); err == nil {
			png.Encode(fo, pg)
			fo.Close()
		}
	}
	p, spans, note, err := locatePage(context.Background(), pool, pg, tmpl, k)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(note)
	for i, l := range p.lines {
		fmt.Printf("%2d %v h%d s%d %q\n", i, l.box, l.height, l.score, l.text)
	}
	for key, s := range spans {
		fmt.Printf("%-24s %-8s %v %q\n", key, s.how, s.box, s.text)
	}
}
