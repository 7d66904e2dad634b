package mrzscan

import (
	"cmp"
	"context"
	"math"
	"slices"

	"gocv.io/x/gocv"

	"github.com/idrecog/idrecog/geometry"
)

// readings records the rectified bands a reading pass read, each with the
// rank of its best reading, so that another pass can read the same bands
// again (rereadBands). A nil *readings records nothing.
type readings struct {
	bands []seenBand
}

type seenBand struct {
	// rb is the band's geometry alone (no image): the shape and
	// toImage, all that shifted needs to warp it again.
	rb   *rectBand
	rank float64 // best rank read on it; -Inf when nothing decoded
	// lastResort: recorded while line pairs were read at a length their
	// pitch ruled out (markLastResort).
	lastResort bool
}

// add records band rb and its reading a (nil: nothing decoded). A band
// read again (on another grid) is recorded once, with its best rank.
func (s *readings) add(rb *rectBand, a *attempt) {
	if s == nil || rb == nil {
		return
	}
	rank := math.Inf(-1)
	if a != nil {
		rank = a.rank()
	}
	geom := &rectBand{nLines: rb.nLines, n: rb.n, short: rb.short, linePitch: rb.linePitch, w: rb.w, h: rb.h, toImage: rb.toImage}
	for i := range s.bands {
		if g := s.bands[i].rb; g.nLines == geom.nLines && g.n == geom.n && g.short == geom.short && g.w == geom.w && g.h == geom.h && g.toImage == geom.toImage {
			s.bands[i].rank = max(s.bands[i].rank, rank)
			return
		}
	}
	s.bands = append(s.bands, seenBand{rb: geom, rank: rank})
}

// count returns how many bands are recorded.
func (s *readings) count() int {
	if s == nil {
		return 0
	}
	return len(s.bands)
}

// markLastResort marks the bands recorded after the first from as read as
// a last resort (best ranks them after all others).
func (s *readings) markLastResort(from int) {
	if s == nil {
		return
	}
	for i := from; i < len(s.bands); i++ {
		s.bands[i].lastResort = true
	}
}

// best returns up to n of the recorded bands' geometries, the best read first, one per
// place in the image: a band whose lines' ends lie within a pitch of a
// band already chosen (the same band turned, shifted or read on another
// grid) is skipped. Bands read as a last resort come after all others,
// whatever their rank: cut at a length their pitch ruled out, they read
// as garbage that can outrank the blurred MRZ's own band.
func (s *readings) best(n int) []*rectBand {
	if s == nil {
		return nil
	}
	bs := slices.Clone(s.bands)
	slices.SortStableFunc(bs, func(a, b seenBand) int {
		if a.lastResort != b.lastResort {
			if a.lastResort {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.rank, a.rank)
	})
	var out []*rectBand
	for _, b := range bs {
		if len(out) == n {
			break
		}
		dup := false
		for _, o := range out {
			if sameBandPlace(b.rb, o) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, b.rb)
		}
	}
	return out
}

// sameBandPlace reports whether bands a and b cover the same lines of the
// image: the same shape, and each corner of one within a pitch (in image
// pixels) of a corner of the other.
func sameBandPlace(a, b *rectBand) bool {
	if a.nLines != b.nLines || a.n != b.n || a.w != b.w || a.h != b.h {
		return false
	}
	ca, cb := a.corners(), b.corners()
	pitch := ca[0].Dist(ca[1]) / float64(a.n)
	for _, p := range ca {
		near := false
		for _, q := range cb {
			if p.Dist(q) < pitch {
				near = true
			}
		}
		if !near {
			return false
		}
	}
	return true
}

// maxReread is the number of bands of the first pass rereadBands reads
// again on the deconvolved image.
const maxReread = 6

// rereadBands reads the bands of the first pass (seen) again, warped with
// the same geometry from img (the deconvolved photo), and returns the
// best reading finished as readMat's (nil and ErrNoMRZ when none).
// Deconvolution sharpens the glyphs but splits the lines' blobs into
// characters and rings around edges, so locating the MRZ again on the
// deconvolved photo often fails where the blurred photo's blobs had found
// it.
func (r *Reader) rereadBands(ctx context.Context, img gocv.Mat, seen *readings) (*attempt, error) {
	var best *attempt
	for _, rb0 := range seen.best(maxReread) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rb, err := rb0.shifted(img, [4]float64{})
		if err != nil {
			continue
		}
		rb.seen = nil
		a := r.readBand(rb, rb.segment())
		if a != nil && (best == nil || a.rank() > best.rank()) {
			best = a
		}
		if best != nil && best.confident() {
			break
		}
	}
	return r.finish(ctx, img, best)
}

// corners returns the band's first and last lines' ends in image pixels
// (top-left, top-right, bottom-right, bottom-left in the band).
func (rb *rectBand) corners() [4]geometry.Point {
	y0 := rectPad + 0.8*rectPitch
	yL := y0 + float64(rb.nLines-1)*rb.linePitch
	x0, x1 := rectMargin, rectMargin+float64(rb.n)*rectPitch
	return [4]geometry.Point{
		rb.toImage.Apply(geometry.Pt(x0, y0)), rb.toImage.Apply(geometry.Pt(x1, y0)),
		rb.toImage.Apply(geometry.Pt(x1, yL)), rb.toImage.Apply(geometry.Pt(x0, yL)),
	}
}
