package mrzscan

import (
	"image"
	"math"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// maxRefitResidual is the largest root-mean-square distance, in rectified
// pixels, between the cell centres and the homography refitted fits to
// them; a worse fit (a line cut a cell off the others, cells lost in
// blur) leaves the band as it was.
const maxRefitResidual = 0.2 * rectPitch

// refitted returns band rb warped again on a homography fitted to all its
// cells, when segment cut it on the foreshortened grid (cells): the pitch
// changes along the lines, so the band's homography, fixed by the line
// ends alone, missed the perspective along them. Such a band's glyphs are
// squeezed towards the far end, and slanted there, because the same
// perspective turns the band's verticals: a narrow letter slanted like
// that reads as another (an `I` with its serifs as a `Z`). MRZ characters
// stand on a grid, a pitch apart along a line and straight above each
// other from line to line, so the centres of the cells locate the plane:
// the least-squares homography maps cell i of line k from its place on
// the nominal grid (rectMargin + (i + ½)·pitch, the line's nominal centre)
// to its centre in the band. Cells cut short by the band's edge are left
// out. It returns nil when the band was not cut that way, is a licence
// band with a short line, its grid's ratio of pitches lies at the end of
// foreshortRatios, or the fit is poor (maxRefitResidual).
//
// readGroup reads the refitted band first, and the band as it was only
// when the refitted band gave no valid reading better than what the
// search had: in heavy blur the cells' centres wander, and a fit can slant
// a band whose glyphs stood upright.
func (rb *rectBand) refitted(gray gocv.Mat, cells [][]image.Rectangle) *rectBand {
	if rb.foreshort == 0 || rb.short > 0 || len(cells) < 2 {
		return nil
	}
	lo, hi := foreshortRatios[0], foreshortRatios[len(foreshortRatios)-1]
	if rb.foreshort <= lo*lo+1e-6 || rb.foreshort >= hi*hi-1e-6 {
		// The grid's fit ran into the end of its search: as a rule a
		// band cut into the wrong number of cells, not perspective
		// (reading such bands again cost 5 % of the time on hard
		// photos and read one document fewer of 2 050 on the tuning
		// runs).
		return nil
	}
	full := int(math.Round(1.6 * rectPitch))
	var src, dst []geometry.Point
	for k, row := range cells {
		y := rectPad + 0.8*rectPitch + float64(k)*rb.linePitch
		for i, c := range row {
			if c.Dy() < full-1 {
				continue
			}
			src = append(src, geometry.Pt(rectMargin+(float64(i)+0.5)*rectPitch, y))
			dst = append(dst, geometry.Pt(float64(c.Min.X+c.Max.X)/2, float64(c.Min.Y+c.Max.Y)/2))
		}
	}
	if len(src) < rb.n {
		return nil
	}
	h, err := geometry.FitHomography(src, dst)
	if err != nil {
		return nil
	}
	var ss float64
	for i, p := range src {
		d := h.Apply(p).Dist(dst[i])
		ss += d * d
	}
	if math.Sqrt(ss/float64(len(src))) > maxRefitResidual {
		return nil
	}
	out := *rb
	out.blur = blurMemo{}
	out.uniform = nil
	out.foreshort = 0
	out.toImage = rb.toImage.Mul(h)
	if err := out.render(gray); err != nil {
		return nil
	}
	return &out
}
