package viz

import (
	"image"
	"math"
	"sort"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// The MRZ stage places the document from its MRZ band alone: two or three
// lines of characters at the bottom of the page. The page's far side (a
// passport's top, 800 px above the band) is an extrapolation, and a scale
// error of 3 % there moves a field by a whole line of text: the value read
// under a caption is the next field's. The paper's own edges, where they
// stand out from the background, fix it. Register looks for each edge close
// to where the geometry puts it and, when the edges found agree with each
// other and with the MRZ, maps the template's corners onto them.

// Register tuning.
const (
	// edgeNormals is how many profiles are sampled across each side.
	edgeNormals = 40
	// edgeReach is how far (share of the shorter side) from where the
	// geometry puts an edge it is looked for.
	edgeReach = 0.18
	// edgeMaxSlope bounds the edge's tilt in the current frame (radians).
	edgeMaxSlope = 0.08
	// edgeMinStep is the weakest grey-level step (over 2 px) taken for a
	// paper edge.
	edgeMinStep = 24
	// edgeMinSupport is the share of a side's profiles that must show the
	// edge within edgeTol of the fitted line.
	edgeMinSupport = 0.55
	// edgeContrast: a profile's edge step must be this many times its
	// median step (print, noise).
	edgeContrast = 3
	// edgeOuter: an edge further out scoring this share of the best is
	// taken instead.
	edgeOuter = 0.7
	// edgeTol is the profile's tolerance around the fitted line (canonical px).
	edgeTol = 3
)

// Register returns reading with its document geometry corrected by the
// paper's edges found in img close to where the geometry puts them, and
// true; or reading unchanged and false when the edges are not seen clearly
// (a scan cropped at the border, a busy background) or disagree with the
// geometry by more than a small correction. Only DocToImage changes.
func Register(img image.Image, reading *fields.MRZReading) (*fields.MRZReading, bool) {
	if img == nil || reading == nil || reading.DocSize.X <= 0 || reading.DocSize.Y <= 0 || reading.DocToImage == (geometry.Homography{}) {
		return reading, false
	}
	h, ok := register(newSampler(img), reading.DocToImage, reading.DocSize)
	if !ok {
		return reading, false
	}
	out := *reading
	out.DocToImage = h
	return &out, true
}

// register returns h (canonical px of a document of size → upload px)
// corrected by the paper's edges, and whether it was.
func register(src *sampler, h geometry.Homography, size image.Point) (geometry.Homography, bool) {
	W, H := float64(size.X), float64(size.Y)
	reach := edgeReach * math.Min(W, H)
	// Each side: a point where the edge starts, its direction, the inward
	// normal, and its length.
	type side struct {
		p, d, n geometry.Point
		length  float64
	}
	sides := [4]side{
		{geometry.Pt(0, 0), geometry.Pt(1, 0), geometry.Pt(0, 1), W},  // top
		{geometry.Pt(W, 0), geometry.Pt(0, 1), geometry.Pt(-1, 0), H}, // right
		{geometry.Pt(0, H), geometry.Pt(1, 0), geometry.Pt(0, -1), W}, // bottom
		{geometry.Pt(0, 0), geometry.Pt(0, 1), geometry.Pt(1, 0), H},  // left
	}
	var lines [4]geometry.Line
	for i, s := range sides {
		off, slope, ok := findEdge(src, h, s.p, s.d, s.n, s.length, reach)
		if !ok && i != 2 {
			// The top and the sides, far from the MRZ, are where the
			// geometry errs: without them, a correction would be partial.
			return h, false
		}
		if !ok {
			// The bottom runs along the MRZ, which placed it.
			off, slope = 0, 0
		}
		// The edge: the side moved by off + slope·(t - length/2) along n.
		mid := s.p.Add(s.d.Mul(s.length / 2)).Add(s.n.Mul(off))
		dir := s.d.Add(s.n.Mul(slope))
		lines[i] = geometry.Line{P: mid, D: dir.Mul(1 / math.Hypot(dir.X, dir.Y))}
	}
	var q geometry.Quad
	for i := range q {
		// Corner i: top-left is top ∩ left, then top ∩ right, bottom ∩
		// right, bottom ∩ left.
		a, b := [4][2]int{{0, 3}, {0, 1}, {2, 1}, {2, 3}}[i][0], [4][2]int{{0, 3}, {0, 1}, {2, 1}, {2, 3}}[i][1]
		p, ok := lines[a].Intersect(lines[b])
		if !ok {
			return h, false
		}
		q[i] = p
	}
	rect := geometry.RectQuad(image.Rect(0, 0, size.X, size.Y))
	for i := range q {
		if q[i].Dist(rect[i]) > reach {
			return h, false
		}
	}
	c, err := geometry.FromQuads(rect, q)
	if err != nil {
		return h, false
	}
	return h.Mul(c), true
}

// findEdge looks for a straight grey-level step across the side of the
// canonical frame that starts at p, runs along d for length and whose
// inside is towards n, within reach of it (canonical px through h to the
// upload). It returns the edge's offset along n at the side's middle and
// its slope (offset change per px along d).
func findEdge(src *sampler, h geometry.Homography, p, d, n geometry.Point, length, reach float64) (off, slope float64, ok bool) {
	R := int(reach)
	if R < 8 {
		return 0, 0, false
	}
	span := 2*R + 1
	// grad[i][k]: the step at offset k-R on profile i (NaN where the
	// profile leaves the upload).
	grad := make([][]float64, edgeNormals)
	sgrad := make([][]float64, edgeNormals) // signed
	noise := make([]float64, edgeNormals)   // each profile's median step
	ts := make([]float64, edgeNormals)
	prof := make([]float64, span)
	inside := make([]bool, span)
	b := src.b
	for i := range grad {
		t := length * (0.1 + 0.8*(float64(i)+0.5)/edgeNormals)
		ts[i] = t - length/2
		base := p.Add(d.Mul(t))
		for k := 0; k < span; k++ {
			q := h.Apply(base.Add(n.Mul(float64(k - R))))
			inside[k] = q.X >= float64(b.Min.X)+1 && q.Y >= float64(b.Min.Y)+1 && q.X < float64(b.Max.X)-1 && q.Y < float64(b.Max.Y)-1
			if inside[k] {
				prof[k] = src.bilinear(q.X, q.Y)
			}
		}
		g := make([]float64, span)
		for k := range g {
			g[k] = math.NaN()
			if k >= 2 && k+2 < span && inside[k-2] && inside[k+2] {
				g[k] = prof[k+1] + prof[k+2] - prof[k-1] - prof[k-2]
			}
		}
		sgrad[i] = g
		a := make([]float64, 0, span)
		for k := range g {
			if !math.IsNaN(g[k]) {
				a = append(a, math.Abs(g[k]))
			}
		}
		sort.Float64s(a)
		if len(a) > 0 {
			noise[i] = a[len(a)/2]
		}
		abs := make([]float64, span)
		for k := range g {
			abs[k] = math.Abs(g[k])
		}
		grad[i] = abs
	}
	// A line (offset a, slope s) is scored by the steps it crosses.
	// Per offset, the best slope's score; then the outermost offset whose
	// score nears the best (the paper's edge is the outermost straight
	// step along the whole side; printed rules and text lie inside it).
	byA := make([]float64, span)
	slopeA := make([]float64, span)
	capped := make([][]float64, len(grad))
	for i, g := range grad {
		c := make([]float64, span)
		for k, v := range g {
			if !math.IsNaN(v) {
				c[k] = math.Min(v, 4*edgeMinStep) // a few huge steps do not make an edge
			}
		}
		capped[i] = c
	}
	acc := make([]float64, span)
	for s := -edgeMaxSlope; s <= edgeMaxSlope+1e-9; s += 0.0025 {
		clear(acc)
		for i, c := range capped {
			// acc[a+R] sums the steps at offset a + s·t on each profile.
			d := int(math.Round(s * ts[i]))
			for j := max(2, -d); j < min(span-2, span-d); j++ {
				acc[j] += c[j+d]
			}
		}
		for j := 2; j < span-2; j++ {
			if acc[j] > byA[j] {
				byA[j], slopeA[j] = acc[j], s
			}
		}
	}
	best := 0.0
	for _, v := range byA {
		best = max(best, v)
	}
	if best <= 0 {
		return 0, 0, false
	}
	bestA, bestS := 0.0, 0.0
	for k, v := range byA {
		if v >= edgeOuter*best {
			bestA, bestS = float64(k-R), slopeA[k]
			break
		}
	}
	// Each profile's strongest step near that line, to sub-pixel.
	var pts []geometry.Point
	rising := 0 // profiles where the inside is the lighter
	for i, g := range grad {
		c := int(math.Round(bestA+bestS*ts[i])) + R
		kb, vb := -1, 0.0
		for k := max(1, c-edgeTol); k <= min(span-2, c+edgeTol); k++ {
			if !math.IsNaN(g[k]) && g[k] > vb {
				kb, vb = k, g[k]
			}
		}
		if kb < 0 || vb < edgeMinStep || vb < edgeContrast*noise[i] || math.IsNaN(g[kb-1]) || math.IsNaN(g[kb+1]) {
			continue
		}
		if sgrad[i][kb] > 0 {
			rising++
		}
		den := g[kb-1] - 2*g[kb] + g[kb+1]
		sub := 0.0
		if den < 0 {
			sub = math.Max(-0.5, math.Min(0.5, 0.5*(g[kb-1]-g[kb+1])/den))
		}
		pts = append(pts, geometry.Pt(ts[i], float64(kb-R)+sub))
	}
	if float64(len(pts)) < edgeMinSupport*edgeNormals {
		return 0, 0, false
	}
	if r := float64(rising) / float64(len(pts)); r > 0.2 && r < 0.8 {
		// Paper and background differ the same way along an edge.
		return 0, 0, false
	}
	l, ok := geometry.FitLineRobust(pts, 1.5)
	if !ok || math.Abs(l.D.X) < 1e-6 {
		return 0, 0, false
	}
	// Residuals: the edge must be straight.
	res := make([]float64, len(pts))
	for i, q := range pts {
		res[i] = math.Abs(l.Dist(q))
	}
	sort.Float64s(res)
	if res[len(res)/2] > 1.5 {
		return 0, 0, false
	}
	slope = l.D.Y / l.D.X
	off = l.P.Y - slope*l.P.X
	if math.Abs(slope) > 2*edgeMaxSlope {
		return 0, 0, false
	}
	return off, slope, true
}
