package mrzscan

import (
	"context"
	"image"
)

// ReadCells is Read that also returns where the reading was classified: the
// rectified band (grey, dark ink on light) and, per line and character, the
// cell rectangle in it (empty where the cell was empty). It exists to collect
// training cells for the ocrb classifier (ocrb/cmd/cells); band is nil when
// the read has no band.
func (r *Reader) ReadCells(ctx context.Context, img image.Image) (res *Result, band *image.Gray, cells [][]image.Rectangle, err error) {
	a, err := r.read(ctx, img)
	if err != nil {
		return nil, nil, nil, err
	}
	if a.rb != nil {
		band = a.rb.gray
	}
	return a.result(), band, a.cells, nil
}

// CellShifts are the horizontal offsets, in band pixels, at which the reader
// classifies every cell (it averages the views).
func CellShifts() []int { return append([]int(nil), cellShifts...) }
