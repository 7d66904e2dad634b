package viz

import (
	"context"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/ocr"
)

// TestDevSetViaMRZStage reads the dev set end to end the way the root
// package will: geometry and format from mrzscan, template by Lookup, VIZ
// fields by Read. It reports per document whether the MRZ stage gave a
// geometry and how many template fields were read exactly; it asserts only
// that a reading with geometry can be read.
//
//	go test ./viz -run DevSetViaMRZStage -v
func TestDevSetViaMRZStage(t *testing.T) {
	rd, err := mrzscan.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	pool := ocr.NewPool(1)
	defer pool.Close()
	hit, total := 0, 0
	for _, c := range loadDev(t) {
		res, err := rd.Read(context.Background(), c.img)
		if err != nil {
			t.Logf("%s: MRZ stage: %v", c.File, err)
			continue
		}
		tm, ok := doctype.Lookup(c.Country, c.IDType, res.Format.String())
		if !ok || res.DocSize.X == 0 {
			t.Logf("%s: MRZ %s, no template or geometry", c.File, res.Format)
			continue
		}
		reading := &fields.MRZReading{Lines: res.Lines, DocSize: res.DocSize, DocToImage: res.DocToImage, Rotate: res.Rotate}
		got, err := Read(context.Background(), c.img, reading, tm, pool)
		if err != nil {
			t.Errorf("%s: %v", c.File, err)
			continue
		}
		read := map[string]string{}
		for _, f := range got {
			read[f.Key] = f.Value
		}
		h, n := 0, 0
		for _, f := range tm.Fields {
			want, ok := c.Fields[truthKey[f.Key]]
			if !ok || (f.Key == "nationality" && read[f.Key] != "" && len(read[f.Key]) != 3) {
				continue
			}
			n++
			if devMatch(f.Key, read[f.Key], want) {
				h++
			}
		}
		hit += h
		total += n
		t.Logf("%s: MRZ %s valid=%v, template %s: %d/%d fields exact", c.File, res.Format, res.Valid, tm.Name, h, n)
	}
	t.Logf("via the MRZ stage: %d/%d fields exact", hit, total)
}
