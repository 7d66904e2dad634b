package mrzscan

import (
	"context"
	"image"

	"gocv.io/x/gocv"
)

// Probe is a quicker Read: the photo's best probeBands bands are read as
// Read reads them, but a photo in which none reads validly is neither
// searched for bands a second way nor deconvolved and searched again
// (Read's passes for hard and motion-blurred photos, which on a page
// without an MRZ multiply the time spent finding nothing). It
// answers whether a photo plainly holds an MRZ — a passport sent as
// another kind of document — and returns ErrNoMRZ when nothing decodes.
func (r *Reader) Probe(ctx context.Context, img image.Image) (*Result, error) {
	rr := *r
	rr.probing = true
	rr.maxBands = min(r.maxBands, probeBands)
	a, err := onGray(ctx, img, rr.readMat)
	if err != nil {
		return nil, err
	}
	return a.result(), nil
}

// onGray runs read on img as a gray Mat (uploadGray), unless ctx has
// ended.
func onGray(ctx context.Context, img image.Image, read func(context.Context, gocv.Mat) (*attempt, error)) (*attempt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	gray, err := uploadGray(img)
	if err != nil {
		return nil, err
	}
	defer gray.Close()
	return read(ctx, gray)
}

// probeBands is the most candidate bands Probe reads.
const probeBands = 3

// uploadGray returns img as a gray Mat for reading, or ErrNoMRZ for no
// image or one too small or too large to hold a readable MRZ. The caller
// closes the Mat.
func uploadGray(img image.Image) (gocv.Mat, error) {
	if img == nil {
		return gocv.Mat{}, ErrNoMRZ
	}
	if b := img.Bounds(); b.Dx() < 32 || b.Dy() < 32 || b.Dx() > maxSide || b.Dy() > maxSide {
		return gocv.Mat{}, ErrNoMRZ
	}
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return gocv.Mat{}, ErrNoMRZ
	}
	return gray, nil
}
