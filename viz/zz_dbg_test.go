package viz

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"testing"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/ocr"
)

func TestZZDbg(t *testing.T) {
	pool := ocr.NewPool(1)
	defer pool.Close()
	want := map[string]bool{os.Getenv("DBG"): true}
	for _, c := range loadDev(t) {
		tm, _ := doctype.Lookup(c.Country, c.IDType, c.Format)
		if os.Getenv("GEN") != "" {
			tm, _ = doctype.Lookup("ZZZ", c.IDType, c.Format)
		}
		if tm == nil {
			continue
		}
		for _, f := range tm.Fields {
			if !want[tm.Name+"/"+f.Key] {
				continue
			}
			crop := warp(newSampler(c.img), c.docToImage.Mul(geometry.Identity), f.Region)
			o, _ := os.Create("/tmp/vt/crop.png")
			png.Encode(o, crop)
			o.Close()
			pre := ocr.Prepare(crop)
			o, _ = os.Create("/tmp/vt/prep.png")
			png.Encode(o, pre.Img)
			o.Close()
			tx, err := pool.ReadRegion(context.Background(), crop, f.Lang, f.Whitelist, f.PSM)
			fmt.Printf("%s %s: %+v %v scale=%v h=%d\n", c.File, f.Key, tx, err, pre.Scale, ocr.TextHeight(crop))
		}
	}
}
