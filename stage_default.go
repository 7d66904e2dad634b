package idrecog

import (
	"context"
	"image"
	"image/draw"
	"image/png"
	"os"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrzscan"
)

// defaultStage is the MRZ stage New uses when Options.MRZ is nil: the
// mrzscan reader, plus the optional debug drawing of what it found.
type defaultStage struct {
	*mrzStage
	debugPath string
}

func newDefaultStage(debugPath string) (*defaultStage, error) {
	s, err := newMRZStage()
	if err != nil {
		return nil, err
	}
	return &defaultStage{mrzStage: s, debugPath: debugPath}, nil
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
	writeDebugImage(d.debugPath, img, res)
	return reading, err
}

func writeDebugImage(path string, img image.Image, res *mrzscan.Result) {
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
	if res != nil {
		mrzscan.DrawDebug(dst, res)
	}
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = png.Encode(f, dst)
}
