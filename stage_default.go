package idrecog

import (
	"context"
	"image"
	"image/draw"
	"image/png"
	"os"
	"sync"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrzscan"
)

// defaultStage is the MRZ stage New uses when Options.MRZ is nil: the
// mrzscan reader, plus the optional debug drawing of what it found.
type defaultStage struct {
	*mrzStage
	debugPath string

	mu      sync.Mutex
	results map[image.Image]*mrzscan.Result // with a debug path: what each image showed
}

func newDefaultStage(debugPath string) (*defaultStage, error) {
	s, err := newMRZStage()
	if err != nil {
		return nil, err
	}
	return &defaultStage{mrzStage: s, debugPath: debugPath, results: map[image.Image]*mrzscan.Result{}}, nil
}

// Close releases the reader.
func (d *defaultStage) Close() error { return d.r.Close() }

// ReadMRZ implements MRZStage; with a debug path it also writes a PNG of the
// upload with the MRZ band, character boxes and read text drawn over it.
func (d *defaultStage) ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	if d.debugPath == "" {
		return d.mrzStage.ReadMRZ(ctx, img)
	}
	res, reading, err := d.read(ctx, img)
	writeDebugImage(d.debugPath, img, res, nil)
	d.mu.Lock()
	if len(d.results) > 16 { // a debug path is for one request at a time
		clear(d.results)
	}
	d.results[img] = res
	d.mu.Unlock()
	return reading, err
}

// result returns what the stage found in img, if it read it.
func (d *defaultStage) result(img image.Image) *mrzscan.Result {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.results[img]
}

// writeDebugImage writes img with the MRZ stage's findings (res, may be
// nil) and the fields read on it (out, may be nil) drawn over it.
func writeDebugImage(path string, img image.Image, res *mrzscan.Result, out []debugField) {
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
	if res != nil {
		mrzscan.DrawDebug(dst, res)
	}
	drawFields(dst, out)
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = png.Encode(f, dst)
}
