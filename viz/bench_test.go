package viz_test

import (
	"bytes"
	"context"
	"image"
	"syscall"
	"testing"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrzscan"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/synth"
	"github.com/idrecog/idrecog/viz"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadPassport reads whole passport pages, front only, as the
// recognizer does: JPEG decode, the MRZ stage (mrzscan), then the visual
// zone with the generic ICAO TD3 template. One op is one page, cycling
// through four synthetic TD3 photos (seed 12, not the held-out seed). It
// reports CPU ms per page besides wall time (the machine may be shared):
//
//	GOMAXPROCS=1 OMP_THREAD_LIMIT=1 go test ./viz -run XXX -bench ReadPassport -benchtime 12x
func BenchmarkReadPassport(b *testing.B) {
	gen, err := synth.NewGenerator(synth.Options{Seed: 12, Level: synth.LevelPhoto, Types: []string{"td3"}})
	if err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	for i := 0; i < 4; i++ {
		doc, err := gen.Generate(i)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, doc.Front)
	}
	rd, err := mrzscan.NewReader(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer rd.Close()
	pool := ocr.NewPool(1)
	defer pool.Close()
	tm, ok := doctype.Lookup("ZZZ", "passport", "TD3")
	if !ok {
		b.Fatal("no TD3 template")
	}
	ctx := context.Background()
	read := func(page []byte) int {
		img, _, err := image.Decode(bytes.NewReader(page))
		if err != nil {
			b.Fatal(err)
		}
		res, err := rd.Read(ctx, img)
		if err != nil {
			b.Fatal(err)
		}
		reading := &fields.MRZReading{Lines: res.Lines, DocSize: res.DocSize, DocToImage: res.DocToImage, Rotate: res.Rotate}
		fs, err := viz.ReadWith(ctx, img, reading, tm, pool, &viz.Options{Now: synth.DefaultNow})
		if err != nil {
			b.Fatal(err)
		}
		return len(fs)
	}
	read(pages[0]) // loads the models
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	n := 0
	for i := 0; i < b.N; i++ {
		n += read(pages[i%len(pages)])
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(n)/float64(b.N), "fields/op")
}

// widthReader passes line reads to its pool and adds up the widths of the
// line images it is given: the Tesseract LSTM's cost follows them.
type widthReader struct {
	*ocr.Pool
	px, calls int
}

func (w *widthReader) ReadLines(ctx context.Context, imgs []*image.Gray, lang, whitelist string) ([]ocr.Text, error) {
	w.calls++
	for _, g := range imgs {
		if g != nil {
			w.px += g.Rect.Dx()
		}
	}
	return w.Pool.ReadLines(ctx, imgs, lang, whitelist)
}

// BenchmarkStackedWidth reports the width of the line images the visual
// zone's reads give Tesseract per page (px/page, summed over the lines,
// at the scale they are read) and the calls per page, on the eight TD3
// photos of BenchmarkRecognizePassportPage (seed 12) read with the generic
// TD3 template. It is deterministic, unlike CPU time on a shared machine:
//
//	go test ./viz -run XXX -bench StackedWidth -benchtime 8x
func BenchmarkStackedWidth(b *testing.B) {
	gen, err := synth.NewGenerator(synth.Options{Seed: 12, Level: synth.LevelPhoto, Types: []string{"td3"}})
	if err != nil {
		b.Fatal(err)
	}
	rd, err := mrzscan.NewReader(nil)
	if err != nil {
		b.Fatal(err)
	}
	defer rd.Close()
	pool := ocr.NewPool(1)
	defer pool.Close()
	wr := &widthReader{Pool: pool}
	tm, ok := doctype.Lookup("ZZZ", "passport", "TD3")
	if !ok {
		b.Fatal("no TD3 template")
	}
	ctx := context.Background()
	type page struct {
		img     image.Image
		reading *fields.MRZReading
	}
	var pages []page
	for i := 0; i < 8; i++ {
		doc, err := gen.Generate(i)
		if err != nil {
			b.Fatal(err)
		}
		img, _, err := image.Decode(bytes.NewReader(doc.Front))
		if err != nil {
			b.Fatal(err)
		}
		res, err := rd.Read(ctx, img)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page{img, &fields.MRZReading{Lines: res.Lines, DocSize: res.DocSize, DocToImage: res.DocToImage, Rotate: res.Rotate}})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		if _, err := viz.ReadWith(ctx, p.img, p.reading, tm, wr, &viz.Options{Now: synth.DefaultNow}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(wr.px)/float64(b.N), "px/page")
	b.ReportMetric(float64(wr.calls)/float64(b.N), "calls/page")
}
