package barcode

import (
	"image"
	"math"
	"sort"

	"github.com/idrecog/idrecog/geometry"
)

// refine returns the outline of the symbol zxing decoded at q in the
// straightened crop g (bars vertical), measured on the pixels: zxing's
// corners are decoded from the start and stop columns it followed, and it
// sometimes stops following them rows short of the symbol's end. The rows
// of the symbol are those with dense vertical edges between the start and
// stop patterns; its left and right ends the outermost mostly-dark columns.
// The corners keep zxing's order (the symbol read upright). If q is not
// roughly horizontal in g, q is returned unchanged.
func refine(g *image.Gray, q geometry.Quad) geometry.Quad {
	along := q[1].Sub(q[0]).Add(q[2].Sub(q[3]))
	down := q[3].Sub(q[0]).Add(q[2].Sub(q[1]))
	if math.Abs(along.X) < 2*math.Abs(along.Y) {
		return q
	}
	b := g.Bounds()
	W, H := b.Dx(), b.Dy()
	xl := int(math.Min(math.Min(q[0].X, q[1].X), math.Min(q[2].X, q[3].X)))
	xr := int(math.Max(math.Max(q[0].X, q[1].X), math.Max(q[2].X, q[3].X)))
	yt := int(math.Min(math.Min(q[0].Y, q[1].Y), math.Min(q[2].Y, q[3].Y)))
	yb := int(math.Max(math.Max(q[0].Y, q[1].Y), math.Max(q[2].Y, q[3].Y)))
	xl, xr = max(xl, 0), min(xr, W-1)
	yt, yb = max(yt, 0), min(yb, H-1)
	if xr-xl < 20 || yb-yt < 4 {
		return q
	}
	// Row energy over the middle 80 % of the symbol's width.
	x0, x1 := xl+(xr-xl)/10, xr-(xr-xl)/10
	energy := func(y int) float64 {
		row := g.Pix[y*g.Stride:]
		s := 0
		for x := x0; x < x1; x++ {
			d := int(row[x+1]) - int(row[x])
			if d < 0 {
				d = -d
			}
			s += d
		}
		return float64(s) / float64(x1-x0)
	}
	var inside []float64
	for y := yt; y <= yb; y++ {
		inside = append(inside, energy(y))
	}
	sort.Float64s(inside)
	thr := 0.4 * inside[len(inside)/2]
	if thr <= 0 {
		return q
	}
	grow := func(y, step int) int {
		gap := 0
		last := y
		for y += step; y >= 0 && y < H; y += step {
			if energy(y) >= thr {
				last, gap = y, 0
			} else if gap++; gap > 3 {
				break
			}
		}
		return last
	}
	mid := (yt + yb) / 2
	top, bot := grow(mid, -1), grow(mid, 1)
	if bot-top < 4 {
		return q
	}
	// Columns: the outermost columns dark on most rows of the symbol,
	// searched a little beyond zxing's ends.
	var lum []int
	for y := top; y <= bot; y++ {
		row := g.Pix[y*g.Stride:]
		for x := xl; x <= xr; x += 3 {
			lum = append(lum, int(row[x]))
		}
	}
	sort.Ints(lum)
	cut := (lum[len(lum)/10] + lum[len(lum)*9/10]) / 2
	// Left and right ends: on each row the outer edge of the start and
	// stop patterns near zxing's ends; a line fitted through them (the
	// crop may still be skewed).
	slack := (xr - xl) / 16
	var ly, lx, ry, rx []float64
	for y := top; y <= bot; y += 2 {
		row := g.Pix[y*g.Stride:]
		for x := max(xl-slack, 0); x <= min(xl+slack, W-3); x++ {
			if int(row[x]) < cut && int(row[x+1]) < cut && int(row[x+2]) < cut {
				ly, lx = append(ly, float64(y)), append(lx, float64(x))
				break
			}
		}
		for x := min(xr+slack, W-1); x >= max(xr-slack, 0); x-- {
			if int(row[x]) < cut {
				ry, rx = append(ry, float64(y)), append(rx, float64(x+1))
				break
			}
		}
	}
	fl, okl := fitX(ly, lx)
	fr, okr := fitX(ry, rx)
	if !okl {
		fl = [2]float64{float64(xl), 0}
	}
	if !okr {
		fr = [2]float64{float64(xr), 0}
	}
	at := func(f [2]float64, y float64) geometry.Point { return geometry.Pt(f[0]+f[1]*y, y) }
	yT, yB := float64(top), float64(bot+1)
	a, bb, c, d := at(fl, yT), at(fr, yT), at(fr, yB), at(fl, yB)
	if bb.X-a.X < float64(xr-xl)/2 || c.X-d.X < float64(xr-xl)/2 {
		return q
	}
	switch {
	case along.X > 0 && down.Y > 0:
		return geometry.Quad{a, bb, c, d}
	case along.X < 0 && down.Y < 0:
		return geometry.Quad{c, d, a, bb}
	case along.X > 0:
		return geometry.Quad{d, c, bb, a}
	default:
		return geometry.Quad{bb, a, d, c}
	}
}

// fitX fits x = f[0] + f[1]·y by least squares, refitted once without the
// points more than 3 px off; false when too few points remain.
func fitX(ys, xs []float64) ([2]float64, bool) {
	fit := func(keep []bool) ([2]float64, bool) {
		var n, sy, sx, syy, sxy float64
		for i := range ys {
			if !keep[i] {
				continue
			}
			n++
			sy += ys[i]
			sx += xs[i]
			syy += ys[i] * ys[i]
			sxy += ys[i] * xs[i]
		}
		den := n*syy - sy*sy
		if n < 5 || den == 0 {
			return [2]float64{}, false
		}
		b := (n*sxy - sy*sx) / den
		return [2]float64{(sx - b*sy) / n, b}, true
	}
	keep := make([]bool, len(ys))
	for i := range keep {
		keep[i] = true
	}
	f, ok := fit(keep)
	if !ok {
		return f, false
	}
	// Drop the outliers (rows where a stray mark came first) and refit.
	res := make([]float64, len(ys))
	for i := range ys {
		res[i] = math.Abs(xs[i] - f[0] - f[1]*ys[i])
	}
	sorted := append([]float64(nil), res...)
	sort.Float64s(sorted)
	lim := math.Max(3, 2*sorted[len(sorted)/2])
	for i := range keep {
		keep[i] = res[i] <= lim
	}
	return fit(keep)
}
