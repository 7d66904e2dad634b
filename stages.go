package idrecog

import (
	"context"
	"image"

	"github.com/idrecog/idrecog/fields"
)

// MRZStage reads the MRZ anywhere in a decoded upload. It returns
// fields.ErrNoMRZ (possibly wrapped) when the image holds none; any error
// other than the context's is reported as 1009. Implementations must be safe
// for concurrent use: the recognizer calls them from several goroutines.
type MRZStage interface {
	ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error)
}

// MRZStageFunc adapts a function to MRZStage.
type MRZStageFunc func(ctx context.Context, img image.Image) (*fields.MRZReading, error)

// ReadMRZ calls f.
func (f MRZStageFunc) ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	return f(ctx, img)
}
