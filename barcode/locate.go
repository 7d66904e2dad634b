package barcode

import (
	"image"
	"math"
	"sort"

	"github.com/idrecog/idrecog/geometry"
)

// A region is a bar-code-like area of an image: dense edges that all run
// the same way. Quad is its outline in image pixels ordered so that the
// bars run from top to bottom (TL, TR, BR, BL); Cells is its size in
// analysis cells (for ranking).
type region struct {
	Quad  geometry.Quad
	Cells int
}

// cellSize is the side of an analysis cell in (reduced) pixels.
const cellSize = 8

// locate finds bar-code-like regions in g, largest first: it works on a
// copy reduced to at most about 1000 px on its longer side, measures in
// each cell the gradient energy and how coherent its direction is (the
// structure tensor), keeps energetic coherent cells, joins neighbours
// whose directions agree, and outlines each group by the largest
// quadrilateral inside its convex hull.
func locate(g *image.Gray) []region {
	b := g.Bounds()
	k := 1
	for max(b.Dx(), b.Dy())/k > 1100 {
		k++
	}
	s := g
	if k > 1 {
		s = shrink(g, k)
	} else if b.Min != (image.Point{}) {
		s = shrink(g, 1)
	}
	w, h := s.Bounds().Dx(), s.Bounds().Dy()
	cw, ch := w/cellSize, h/cellSize
	if cw < 3 || ch < 3 {
		return nil
	}
	type cell struct {
		energy, coh float64
		vx, vy      float64 // doubled-angle direction vector (unit)
		on          bool
		label       int
	}
	cells := make([]cell, cw*ch)
	pix, st := s.Pix, s.Stride
	for cy := 0; cy < ch; cy++ {
		for cx := 0; cx < cw; cx++ {
			var jxx, jyy, jxy float64
			for y := cy * cellSize; y < (cy+1)*cellSize; y++ {
				if y == 0 || y >= h-1 {
					continue
				}
				for x := cx * cellSize; x < (cx+1)*cellSize; x++ {
					if x == 0 || x >= w-1 {
						continue
					}
					o := y*st + x
					gx := float64(int(pix[o-st+1]) + 2*int(pix[o+1]) + int(pix[o+st+1]) - int(pix[o-st-1]) - 2*int(pix[o-1]) - int(pix[o+st-1]))
					gy := float64(int(pix[o+st-1]) + 2*int(pix[o+st]) + int(pix[o+st+1]) - int(pix[o-st-1]) - 2*int(pix[o-st]) - int(pix[o-st+1]))
					jxx += gx * gx
					jyy += gy * gy
					jxy += gx * gy
				}
			}
			c := &cells[cy*cw+cx]
			e := jxx + jyy
			c.energy = math.Sqrt(e / (cellSize * cellSize))
			if e > 0 {
				d := math.Hypot(jxx-jyy, 2*jxy)
				c.coh = d / e
				if d > 0 {
					c.vx, c.vy = (jxx-jyy)/d, 2*jxy/d
				}
			}
		}
	}
	// Energy threshold relative to the image's most energetic cells.
	es := make([]float64, len(cells))
	for i, c := range cells {
		es[i] = c.energy
	}
	sort.Float64s(es)
	top := es[len(es)*98/100]
	thr := math.Max(0.3*top, 40)
	for i := range cells {
		c := &cells[i]
		c.on = c.energy >= thr && c.coh >= 0.45
	}
	// Join neighbours (8-connected) whose directions agree within ~20°
	// (doubled angles: cos 40° ≈ 0.77).
	var out []region
	label := 0
	stack := []int{}
	for i := range cells {
		if !cells[i].on || cells[i].label != 0 {
			continue
		}
		label++
		cells[i].label = label
		stack = append(stack[:0], i)
		var members []int
		var sx, sy float64
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			members = append(members, j)
			sx += cells[j].vx * cells[j].energy
			sy += cells[j].vy * cells[j].energy
			jx, jy := j%cw, j/cw
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := jx+dx, jy+dy
					if nx < 0 || ny < 0 || nx >= cw || ny >= ch {
						continue
					}
					n := ny*cw + nx
					if !cells[n].on || cells[n].label != 0 {
						continue
					}
					if cells[n].vx*cells[j].vx+cells[n].vy*cells[j].vy < 0.77 {
						continue
					}
					cells[n].label = label
					stack = append(stack, n)
				}
			}
		}
		if len(members) < 12 {
			continue
		}
		pts := make([]geometry.Point, 0, 4*len(members))
		for _, j := range members {
			x0, y0 := float64(j%cw*cellSize), float64(j/cw*cellSize)
			pts = append(pts, geometry.Pt(x0, y0), geometry.Pt(x0+cellSize, y0), geometry.Pt(x0+cellSize, y0+cellSize), geometry.Pt(x0, y0+cellSize))
		}
		q, ok := geometry.MaxAreaQuad(geometry.ConvexHull(pts))
		if !ok {
			continue
		}
		// The gradient runs across the bars: phi is its direction.
		phi := 0.5 * math.Atan2(sy, sx)
		q = orient(q, phi)
		for i := range q {
			q[i] = q[i].Mul(float64(k))
		}
		out = append(out, region{Quad: q, Cells: len(members)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Cells > out[j].Cells })
	return out
}

// orient orders q's corners TL, TR, BR, BL in the frame whose x axis is
// the direction phi (across the bars), so that the bars of the straightened
// region run vertically.
func orient(q geometry.Quad, phi float64) geometry.Quad {
	c, s := math.Cos(phi), math.Sin(phi)
	rot := func(p geometry.Point) geometry.Point { return geometry.Pt(c*p.X+s*p.Y, -s*p.X+c*p.Y) }
	best := 0
	bestV := math.Inf(1)
	for i, p := range q {
		r := rot(p)
		if v := r.X + r.Y; v < bestV {
			best, bestV = i, v
		}
	}
	var out geometry.Quad
	for i := range out {
		out[i] = q[(best+i)%4]
	}
	// Make the order clockwise on screen (TL -> TR runs along +x).
	a, b := rot(out[1]).Sub(rot(out[0])), rot(out[3]).Sub(rot(out[0]))
	if a.X*b.Y-a.Y*b.X < 0 {
		out[1], out[3] = out[3], out[1]
	}
	return out
}

// expand pushes each corner of q away from its centre by frac of the
// quad's size plus px pixels.
func expand(q geometry.Quad, frac, px float64) geometry.Quad {
	c := q.Center()
	var out geometry.Quad
	for i, p := range q {
		d := p.Sub(c)
		l := math.Hypot(d.X, d.Y)
		if l == 0 {
			out[i] = p
			continue
		}
		out[i] = p.Add(d.Mul(frac + px/l))
	}
	return out
}
