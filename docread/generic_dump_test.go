package docread

import (
	"context"
	"flag"
	"fmt"
	"image"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/idrecog/idrecog/ocr"
)

var genericImage = flag.String("generic", "", "read this image with the generic reader and print the result (development aid)")

func TestDumpGeneric(t *testing.T) {
	if *genericImage == "" {
		t.Skip("no -generic image")
	}
	fh, err := os.Open(*genericImage)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, _, err := image.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	pool := ocr.NewPool(1)
	defer pool.Close()
	start := time.Now()
	res, err := Generic.Read(context.Background(), &Env{OCR: pool}, Input{Country: "ZZZ", IDType: "government_id", Front: img})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(res.Out.Raw))
	for k := range res.Out.Raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := res.Out.Raw[k]
		fmt.Printf("%-16s %3d %q\n", k, f.Score, f.Value)
	}
	fmt.Printf("rotate %d, %v, summary %+v, %v\n", res.Out.Rotate, res.Diagnostics, res.Out.Summary, time.Since(start))
}
