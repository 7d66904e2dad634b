package idrecog

import (
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/mrzscan"
)

// mrzStage is the MRZStage backed by package mrzscan.
type mrzStage struct{ r *mrzscan.Reader }

// newMRZStage returns the default MRZ stage.
func newMRZStage() (*mrzStage, error) {
	r, err := mrzscan.NewReader(nil)
	if err != nil {
		return nil, err
	}
	return &mrzStage{r: r}, nil
}

// ReadMRZ implements MRZStage.
func (s *mrzStage) ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	_, reading, err := s.read(ctx, img)
	return reading, err
}

// ReadMRZFormats implements MRZFormatStage.
func (s *mrzStage) ReadMRZFormats(ctx context.Context, img image.Image, formats ...mrz.Format) (*fields.MRZReading, error) {
	res, err := s.r.ReadFormats(ctx, img, formats...)
	if errors.Is(err, mrzscan.ErrNoMRZ) {
		return nil, fmt.Errorf("%w: %w", fields.ErrNoMRZ, err)
	}
	if err != nil {
		return nil, err
	}
	return readingOf(res), nil
}

// ProbeMRZ implements MRZProbeStage: one pass, no deconvolved second
// search (mrzscan.Reader.Probe).
func (s *mrzStage) ProbeMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	_, reading, err := s.result(s.r.Probe(ctx, img))
	return reading, err
}

// read returns the reader's result as well as the pipeline's reading.
func (s *mrzStage) read(ctx context.Context, img image.Image) (*mrzscan.Result, *fields.MRZReading, error) {
	return s.result(s.r.Read(ctx, img))
}

// result converts what the reader returned into the stage's result.
func (s *mrzStage) result(res *mrzscan.Result, err error) (*mrzscan.Result, *fields.MRZReading, error) {
	if errors.Is(err, mrzscan.ErrNoMRZ) {
		return nil, nil, fmt.Errorf("%w: %w", fields.ErrNoMRZ, err)
	}
	if err != nil {
		return nil, nil, err
	}
	return res, readingOf(res), nil
}

// readingOf converts an mrzscan result into the pipeline's plain reading.
func readingOf(res *mrzscan.Result) *fields.MRZReading {
	diag := map[string]any{
		"mrz_format": res.Format.String(),
		"mrz_valid":  res.Valid,
	}
	if len(res.RunnerUp) > 0 {
		diag["mrz_runner_up"] = res.RunnerUp
	}
	if len(res.LineQuads) > 0 {
		diag["mrz_line_quads"] = res.LineQuads
	}
	return &fields.MRZReading{
		Lines:       res.Lines,
		CharProb:    res.CharProb,
		Score:       res.Score,
		Ambiguous:   res.Ambiguous,
		Rotate:      res.Rotate,
		DocSize:     res.DocSize,
		DocToImage:  res.DocToImage,
		CharQuads:   res.CharQuads,
		Diagnostics: diag,
	}
}
