package synth

import (
	"image"
	"math"
	"math/rand/v2"

	"github.com/idrecog/idrecog/geometry"
)

// scene is how one side is photographed.
type scene struct {
	frame      Size
	docToPhoto geometry.Homography // canonical document px → photo px
	quarter    int                 // quarter turns (clockwise) of the document in the photo
	workScale  float64             // rendering scale for the document
}

// rot3 returns the 3×3 rotation about x by a then about y by b.
func rot3(a, b float64) [9]float64 {
	ca, sa := math.Cos(a), math.Sin(a)
	cb, sb := math.Cos(b), math.Sin(b)
	// Ry(b) · Rx(a)
	return [9]float64{
		cb, sb * sa, sb * ca,
		0, ca, -sa,
		-sb, cb * sa, cb * ca,
	}
}

// planScene draws a camera pose for a document of canonical size ds.
func planScene(r *rand.Rand, ds Size, level Level) (scene, error) {
	var sc scene
	W, H := float64(ds.W), float64(ds.H)
	// Tilt (out-of-plane) and in-plane rotation.
	maxTilt, maxSpin := 20.0, 12.0
	if level == LevelHard {
		maxTilt, maxSpin = 35.0, 15.0
	}
	tilt := maxTilt * math.Sqrt(r.Float64()) * math.Pi / 180
	dir := r.Float64() * 2 * math.Pi
	R := rot3(tilt*math.Cos(dir), tilt*math.Sin(dir))
	sc.quarter = r.IntN(4)
	spin := float64(sc.quarter)*math.Pi/2 + (r.Float64()*2-1)*maxSpin*math.Pi/180
	cs, sn := math.Cos(spin), math.Sin(spin)
	fl := 1.3 * math.Max(W, H) * (0.8 + r.Float64()*0.8) // focal length: wide to normal lens
	src := geometry.RectQuad(image.Rect(0, 0, ds.W, ds.H))
	var dst geometry.Quad
	for i, p := range src {
		x, y := p.X-W/2, p.Y-H/2
		X := R[0]*x + R[1]*y
		Y := R[3]*x + R[4]*y
		Z := R[6]*x + R[7]*y + fl
		u, v := fl*X/Z, fl*Y/Z
		dst[i] = geometry.Point{X: cs*u - sn*v, Y: sn*u + cs*v}
	}
	area0 := math.Abs(dst.Area())
	b0 := dst.Bounds()
	bw, bh := float64(b0.Dx()), float64(b0.Dy())

	// Frame: landscape or portrait, 4:3 or 16:9.
	aspect := pick(r, []float64{4.0 / 3, 4.0 / 3, 16.0 / 9, 3.0 / 2})
	// Mostly held the way the document lies, sometimes not.
	if (bw > bh) != (r.IntN(10) < 8) {
		aspect = 1 / aspect
	}
	// Document area / frame area before perspective, which shrinks it a
	// little: the photos end up with the document filling about 35-80%.
	fill := 0.4 + r.Float64()*0.45
	var fw, fh, sigma float64
	if level == LevelHard && r.IntN(2) == 0 {
		// Low resolution: MRZ capitals about 12 px tall (28 px at 300 dpi).
		sigma = 12.0 / 28.0 * (1.1 + r.Float64()*0.25)
		fa := sigma * sigma * area0 / fill
		fw, fh = math.Sqrt(fa*aspect), math.Sqrt(fa/aspect)
	} else {
		long := 1100 + r.Float64()*500
		if level == LevelHard {
			long = 900 + r.Float64()*700
		}
		fw, fh = long, long/aspect
		if aspect < 1 {
			fw, fh = long*aspect, long
		}
		sigma = math.Sqrt(fill * fw * fh / area0)
	}
	// Keep the whole document in the frame, with a small margin.
	if m := math.Min(0.97*fw/(bw*sigma), 0.97*fh/(bh*sigma)); m < 1 {
		sigma *= m
	}
	sc.frame = Size{int(fw + 0.5), int(fh + 0.5)}
	qw, qh := bw*sigma, bh*sigma
	ox := (fw-qw)*r.Float64() - float64(b0.Min.X)*sigma
	oy := (fh-qh)*r.Float64() - float64(b0.Min.Y)*sigma
	for i := range dst {
		dst[i] = geometry.Point{X: dst[i].X*sigma + ox, Y: dst[i].Y*sigma + oy}
	}
	h, err := geometry.FromQuads(src, dst)
	if err != nil {
		return sc, err
	}
	sc.docToPhoto = h
	// Working scale: the largest local magnification, so the warp never
	// has to invent detail; the caller may lower it to blur.
	maxS := 0.0
	for i := 0; i < 4; i++ {
		j := (i + 1) % 4
		maxS = math.Max(maxS, dst[i].Dist(dst[j])/src[i].Dist(src[j]))
	}
	sc.workScale = math.Min(1, maxS*1.1)
	return sc, nil
}

// warp draws the working document image doc into frame through docToWork
// (canonical px → working px is Scale(scale)) and docToPhoto, with bilinear
// sampling, alpha-compositing it over the frame. doc is premultiplied.
func warp(frame *image.RGBA, doc *image.RGBA, scale float64, docToPhoto geometry.Homography) error {
	workToPhoto := docToPhoto.Mul(geometry.Scale(1/scale, 1/scale))
	if h := workToPhoto; h[0] == 1 && h[1] == 0 && h[3] == 0 && h[4] == 1 && h[6] == 0 && h[7] == 0 && h[8] == 1 &&
		h[2] == math.Trunc(h[2]) && h[5] == math.Trunc(h[5]) {
		compose(frame, doc, image.Pt(int(h[2]), int(h[5])))
		return nil
	}
	inv, err := workToPhoto.Inverse()
	if err != nil {
		return err
	}
	dw, dh := doc.Rect.Dx(), doc.Rect.Dy()
	q := workToPhoto.ApplyQuad(geometry.RectQuad(doc.Rect))
	bb := q.Bounds().Inset(-1).Intersect(frame.Rect)
	maxX, maxY := float64(dw-1), float64(dh-1)
	p := doc.Pix
	stride := doc.Stride
	// The projective map is evaluated exactly every span pixels and
	// linearly in between (the error is far below a pixel).
	const span = 16
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		fy := float64(y) + 0.5
		at := func(x int) (float64, float64) {
			fx := float64(x) + 0.5
			w := inv[6]*fx + inv[7]*fy + inv[8]
			return (inv[0]*fx+inv[1]*fy+inv[2])/w - 0.5, (inv[3]*fx+inv[4]*fy+inv[5])/w - 0.5
		}
		di := frame.PixOffset(bb.Min.X, y)
		u1, v1 := at(bb.Min.X)
		var u0, v0, du, dv float64
		for x := bb.Min.X; x < bb.Max.X; x, di = x+1, di+4 {
			if (x-bb.Min.X)%span == 0 {
				u0, v0 = u1, v1
				u1, v1 = at(x + span)
				du, dv = (u1-u0)/span, (v1-v0)/span
			}
			u, v := u0, v0
			u0 += du
			v0 += dv
			if u < -0.5 || v < -0.5 || u > maxX+0.5 || v > maxY+0.5 {
				continue
			}
			if u < 0 {
				u = 0
			} else if u > maxX {
				u = maxX
			}
			if v < 0 {
				v = 0
			} else if v > maxY {
				v = maxY
			}
			x0, y0 := int(u), int(v)
			ax, ay := int((u-float64(x0))*256), int((v-float64(y0))*256)
			dx, dy := 4, stride
			if x0 >= dw-1 {
				dx = 0
			}
			if y0 >= dh-1 {
				dy = 0
			}
			i00 := y0*stride + 4*x0
			q00 := p[i00 : i00+4 : i00+4]
			q01 := p[i00+dx : i00+dx+4 : i00+dx+4]
			q10 := p[i00+dy : i00+dy+4 : i00+dy+4]
			q11 := p[i00+dy+dx : i00+dy+dx+4 : i00+dy+dx+4]
			a00, a01, a10, a11 := int(q00[3]), int(q01[3]), int(q10[3]), int(q11[3])
			fp := frame.Pix[di : di+3 : di+3]
			if a00&a01&a10&a11 == 255 {
				bx, by := 256-ax, 256-ay
				t0 := int(q00[0])*bx + int(q01[0])*ax
				b0 := int(q10[0])*bx + int(q11[0])*ax
				t1 := int(q00[1])*bx + int(q01[1])*ax
				b1 := int(q10[1])*bx + int(q11[1])*ax
				t2 := int(q00[2])*bx + int(q01[2])*ax
				b2 := int(q10[2])*bx + int(q11[2])*ax
				fp[0] = uint8((t0*by + b0*ay + 32768) >> 16)
				fp[1] = uint8((t1*by + b1*ay + 32768) >> 16)
				fp[2] = uint8((t2*by + b2*ay + 32768) >> 16)
				continue
			}
			top := a00*(256-ax) + a01*ax
			bot := a10*(256-ax) + a11*ax
			a := (top*(256-ay) + bot*ay) >> 8 // alpha × 256
			if a <= 0 {
				continue
			}
			for c := 0; c < 3; c++ {
				top := int(p[i00+c])*(256-ax) + int(p[i00+dx+c])*ax
				bot := int(p[i00+dy+c])*(256-ax) + int(p[i00+dy+dx+c])*ax
				s := (top*(256-ay) + bot*ay) >> 16
				fp[c] = uint8(s + int(fp[c])*(65280-a)/65280)
			}
		}
	}
	return nil
}

// compose alpha-composites the premultiplied src onto dst at offset o.
func compose(dst, src *image.RGBA, o image.Point) {
	r := src.Rect.Add(o).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		si := src.PixOffset(r.Min.X-o.X, y-o.Y)
		di := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, si, di = x+1, si+4, di+4 {
			a := int(src.Pix[si+3])
			if a == 255 {
				copy(dst.Pix[di:di+3], src.Pix[si:si+3])
				continue
			}
			for c := 0; c < 3; c++ {
				dst.Pix[di+c] = uint8(int(src.Pix[si+c]) + int(dst.Pix[di+c])*(255-a)/255)
			}
		}
	}
}

// clutter paints a busy background: a gradient, random shapes and words.
func clutter(ts *typesetter, img *image.RGBA, r *rand.Rand) {
	b := img.Rect
	w, h := b.Dx(), b.Dy()
	c0 := rgb{uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180))}
	c1 := rgb{uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180))}
	ang := r.Float64() * 2 * math.Pi
	// t(x, y) = 0.5 + 0.7 (x gx + y gy), in 1/65536 steps, clamped to [0, 1].
	gx := int(math.Cos(ang) / float64(w) * 0.7 * 65536)
	gy := int(math.Sin(ang) / float64(h) * 0.7 * 65536)
	var d [3]int
	for k := 0; k < 3; k++ {
		d[k] = int(c1[k]) - int(c0[k])
	}
	for y := 0; y < h; y++ {
		i := img.PixOffset(0, y)
		t := 32768 + y*gy
		for x := 0; x < w; x, i, t = x+1, i+4, t+gx {
			tt := t
			if tt < 0 {
				tt = 0
			} else if tt > 65536 {
				tt = 65536
			}
			p := img.Pix[i : i+4 : i+4]
			p[0] = uint8(int(c0[0]) + d[0]*tt>>16)
			p[1] = uint8(int(c0[1]) + d[1]*tt>>16)
			p[2] = uint8(int(c0[2]) + d[2]*tt>>16)
			p[3] = 255
		}
	}
	n := 4 + r.IntN(8)
	for i := 0; i < n; i++ {
		c := rgb{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))}
		x0, y0 := r.IntN(w), r.IntN(h)
		rw, rh := 20+r.IntN(w/3+1), 20+r.IntN(h/3+1)
		if r.IntN(2) == 0 {
			fillRect(img, image.Rect(x0, y0, x0+rw, y0+rh), c, 0.5+r.Float64()*0.5)
		} else {
			ellipse(img, float64(x0), float64(y0), float64(rw)/2, float64(rh)/2, r.Float64()*math.Pi, c, 0.5+r.Float64()*0.5)
		}
	}
	words := []string{"INVOICE", "Total 42.50", "Meeting 10:30", "Lorem ipsum dolor", "RECEIPT", "Tel. 555-0199", "www.example.org", "Notes", "Ticket 0042"}
	for i := 0; i < 2+r.IntN(5); i++ {
		c := rgb{uint8(r.IntN(120)), uint8(r.IntN(120)), uint8(r.IntN(120))}
		px := float64(h) * (0.015 + r.Float64()*0.05)
		ts.draw(img, pick(r, []fontID{fontSans, fontSerif, fontLibSans, fontLibMono}), px, float64(r.IntN(w)), float64(r.IntN(h)), pick(r, words), c)
	}
}

// ellipse fills a rotated ellipse centred at (cx, cy) with semi-axes a, b.
func ellipse(img *image.RGBA, cx, cy, a, b, theta float64, c rgb, alpha float64) {
	rad := math.Max(a, b)
	bb := image.Rect(int(cx-rad)-1, int(cy-rad)-1, int(cx+rad)+2, int(cy+rad)+2).Intersect(img.Rect)
	cs, sn := math.Cos(theta), math.Sin(theta)
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		dy := float64(y) + 0.5 - cy
		i := img.PixOffset(bb.Min.X, y)
		for x := bb.Min.X; x < bb.Max.X; x, i = x+1, i+4 {
			dx := float64(x) + 0.5 - cx
			u, v := (dx*cs+dy*sn)/a, (-dx*sn+dy*cs)/b
			d := u*u + v*v
			if d >= 1 {
				continue
			}
			// soft edge over the outer few percent
			t := alpha * math.Min(1, (1-d)*12)
			shade := 1 - 0.25*d
			p := img.Pix[i : i+3 : i+3]
			for k := 0; k < 3; k++ {
				p[k] = uint8(float64(p[k])*(1-t) + float64(c[k])*shade*t)
			}
		}
	}
}

// light applies uneven illumination, a vignette, a colour cast and sensor
// noise (amplitude noise, in grey levels) in one pass. strength scales the
// illumination effects (0: none).
func light(img *image.RGBA, r *rand.Rand, noise float64, strength float64) {
	b := img.Rect
	w, h := float64(b.Dx()), float64(b.Dy())
	gx := (r.Float64()*2 - 1) * 0.35 * strength / w
	gy := (r.Float64()*2 - 1) * 0.35 * strength / h
	g0 := 1 + (r.Float64()*2-1)*0.12*strength
	vig := (0.1 + r.Float64()*0.3) * strength
	cx, cy := w*(0.3+r.Float64()*0.4), h*(0.3+r.Float64()*0.4)
	inv := 1 / (w*w + h*h) * 4
	tint := [3]float64{1 + (r.Float64()*2-1)*0.05*strength, 1, 1 + (r.Float64()*2-1)*0.05*strength}
	// A table of triangular noise, read from a random offset per row.
	const tabLen = 1 << 14
	tab := make([]int16, tabLen+4*b.Dx())
	for i := range tab {
		tab[i] = int16((r.Float64() + r.Float64() - 1) * noise)
	}
	var lut [3][256]int32 // tint, as a multiplier × 256 per channel
	for k := 0; k < 3; k++ {
		for v := 0; v < 256; v++ {
			lut[k][v] = int32(float64(v) * tint[k] * 256)
		}
	}
	for y := 0; y < b.Dy(); y++ {
		fy := float64(y)
		i := img.PixOffset(b.Min.X, b.Min.Y+y)
		row := tab[r.IntN(tabLen):]
		dy := fy - cy
		// gain(x) = gRow + gx (x - w/2) - vig inv (x - cx)², stepped with
		// first and second differences.
		gain := g0 + gy*(fy-h/2) - vig*dy*dy*inv + gx*(-w/2) - vig*inv*cx*cx
		d1 := gx - vig*inv*(1-2*cx) // gain(x+1) - gain(x) at x = 0
		d2 := -2 * vig * inv
		pix := img.Pix[i : i+4*b.Dx()]
		noiseRow := row[:3*b.Dx()]
		for x := 0; 4*x+3 < len(pix) && 3*x+2 < len(noiseRow); x++ {
			g := int32(gain * 256)
			gain += d1
			d1 += d2
			p := pix[4*x : 4*x+3 : 4*x+3]
			n := noiseRow[3*x : 3*x+3 : 3*x+3]
			p[0] = clampU8((lut[0][p[0]]*g)>>16 + int32(n[0]))
			p[1] = clampU8((lut[1][p[1]]*g)>>16 + int32(n[1]))
			p[2] = clampU8((lut[2][p[2]]*g)>>16 + int32(n[2]))
		}
	}
}

// clampU8 clamps v to 0..255.
func clampU8(v int32) uint8 {
	return uint8(min(max(v, 0), 255))
}

// glare adds a bright specular blob centred at (cx, cy) with radius rad.
func glare(img *image.RGBA, cx, cy, rx, ry, theta, strength float64) {
	rad := math.Max(rx, ry) * 2
	bb := image.Rect(int(cx-rad), int(cy-rad), int(cx+rad)+1, int(cy+rad)+1).Intersect(img.Rect)
	cs, sn := math.Cos(theta), math.Sin(theta)
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		dy := float64(y) + 0.5 - cy
		i := img.PixOffset(bb.Min.X, y)
		for x := bb.Min.X; x < bb.Max.X; x, i = x+1, i+4 {
			dx := float64(x) + 0.5 - cx
			u, v := (dx*cs+dy*sn)/rx, (-dx*sn+dy*cs)/ry
			d := u*u + v*v
			if d > 4 {
				continue
			}
			t := strength * math.Exp(-d*1.5)
			p := img.Pix[i : i+3 : i+3]
			for k := 0; k < 3; k++ {
				p[k] = uint8(float64(p[k]) + (255-float64(p[k]))*t)
			}
		}
	}
}

// motionBlur averages n pixels along direction dir (0 horizontal, 1
// vertical, 2 and 3 the diagonals) with running sums.
func motionBlur(img *image.RGBA, n, dir int) {
	if n < 2 {
		return
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	dx, dy := [4]int{1, 0, 1, 1}[dir], [4]int{0, 1, 1, -1}[dir]
	// Start points of every line in direction (dx, dy).
	var starts []image.Point
	switch dir {
	case 0:
		for y := 0; y < h; y++ {
			starts = append(starts, image.Pt(0, y))
		}
	case 1:
		for x := 0; x < w; x++ {
			starts = append(starts, image.Pt(x, 0))
		}
	case 2:
		for y := h - 1; y > 0; y-- {
			starts = append(starts, image.Pt(0, y))
		}
		for x := 0; x < w; x++ {
			starts = append(starts, image.Pt(x, 0))
		}
	case 3:
		for y := 0; y < h-1; y++ {
			starts = append(starts, image.Pt(0, y))
		}
		for x := 0; x < w; x++ {
			starts = append(starts, image.Pt(x, h-1))
		}
	}
	buf := make([][3]int, 0, w+h)
	idx := make([]int, 0, w+h)
	for _, s := range starts {
		buf, idx = buf[:0], idx[:0]
		for x, y := s.X, s.Y; x >= 0 && x < w && y >= 0 && y < h; x, y = x+dx, y+dy {
			i := img.PixOffset(x, y)
			idx = append(idx, i)
			buf = append(buf, [3]int{int(img.Pix[i]), int(img.Pix[i+1]), int(img.Pix[i+2])})
		}
		m := len(buf)
		var sum [3]int
		half := n / 2
		// window [j-half, j-half+n) clamped
		lo, hi := 0, 0
		for j := 0; j < m; j++ {
			for hi < m && hi < j-half+n {
				for c := 0; c < 3; c++ {
					sum[c] += buf[hi][c]
				}
				hi++
			}
			for lo < j-half {
				for c := 0; c < 3; c++ {
					sum[c] -= buf[lo][c]
				}
				lo++
			}
			cnt := hi - lo
			for c := 0; c < 3; c++ {
				img.Pix[idx[j]+c] = uint8(sum[c] / cnt)
			}
		}
	}
}

// boxBlur3 blurs img with a 3×3 box, in place (used for slight defocus).
func boxBlur3(img *image.RGBA) {
	motionBlur(img, 3, 0)
	motionBlur(img, 3, 1)
}
