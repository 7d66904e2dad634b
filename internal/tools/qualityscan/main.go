// Command qualityscan runs the MRZ-only recognizer over synthetic corpora
// and prints, per document, the image-quality measures, whether the MRZ
// was read exactly and whether review was asked: the data the quality
// thresholds in quality.go were chosen on (docs/quality.md).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/quality"
)

type truth struct {
	File, BackFile, IssuingCountry, IDType, Type string
	MRZ                                          []string
}

func main() {
	r, err := idrecog.New(idrecog.Options{MRZOnly: true, Diagnostics: true})
	if err != nil {
		panic(err)
	}
	type row struct {
		name    string
		q       quality.Measures
		ok      bool
		review  bool
		reasons string
	}
	var rows []row
	for _, dir := range os.Args[1:] {
		js, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, j := range js {
			var t truth
			b, _ := os.ReadFile(j)
			if json.Unmarshal(b, &t) != nil || t.File == "" {
				continue
			}
			front, _ := os.ReadFile(filepath.Join(dir, t.File))
			req := idrecog.Request{IssuingCountry: t.IssuingCountry, IDType: t.IDType, FrontBytes: front}
			if t.BackFile != "" {
				req.BackBytes, _ = os.ReadFile(filepath.Join(dir, t.BackFile))
			}
			resp, err := r.Recognize(context.Background(), req)
			if err != nil {
				rows = append(rows, row{name: j, reasons: "ERR " + err.Error()})
				continue
			}
			got := resp.Result.Data.OCR.FullMRZ
			ok := got == strings.Join(t.MRZ, "\n")
			var qm quality.Measures
			for _, v := range resp.Diagnostics.Quality {
				qb, _ := json.Marshal(v)
				json.Unmarshal(qb, &qm)
			}
			rows = append(rows, row{filepath.Base(dir) + "/" + filepath.Base(j), qm, ok, resp.Result.ReviewFront || resp.Result.ReviewBack, strings.Join(resp.Diagnostics.ReviewReasons, "; ")})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].q.Sharpness < rows[b].q.Sharpness })
	for _, x := range rows {
		fmt.Printf("%-22s sharp %.3f h %5.1f glare %.3f ok %v review %v  %.120s\n", x.name, x.q.Sharpness, x.q.CharHeight, x.q.Glare, x.ok, x.review, x.reasons)
	}
}
