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

// MRZProbeStage is implemented by MRZ stages that can also tell, more
// cheaply than ReadMRZ, whether an upload plainly holds an MRZ. The
// recognizer probes uploads of document types that carry none (driving
// licences, Aadhaar and PAN cards, vehicle registration certificates),
// where a reading only serves to refuse a passport or ID card sent under
// that type; such a document in a photo too blurred for the probe is
// refused by its template instead. It returns what ReadMRZ returns.
type MRZProbeStage interface {
	ProbeMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error)
}

// MRZStageFunc adapts a function to MRZStage.
type MRZStageFunc func(ctx context.Context, img image.Image) (*fields.MRZReading, error)

// ReadMRZ calls f.
func (f MRZStageFunc) ReadMRZ(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
	return f(ctx, img)
}
