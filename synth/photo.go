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
	if r.IntN(10) < 3 {
		aspect = 1 / aspect
	}
	fill := 0.35 + r.Float64()*0.45 // document area / frame area
	var fw, fh, sigma float64
	if level == LevelHard && r.IntN(2) == 0 {
		// Low resolution: MRZ capitals about 12 px tall (28 px at 300 dpi).
		sigma = 12.0 / 28.0 * (0.9 + r.Float64()*0.25)
		fa := sigma * sigma * area0 / fill
		fw, fh = math.Sqrt(fa*aspect), math.Sqrt(fa/aspect)
	} else {
		long := 1000 + r.Float64()*500
		if level == LevelHard {
			long = 800 + r.Float64()*800
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
// sampling, alpha-compositing it over the frame.
func warp(frame *image.RGBA, doc *image.RGBA, scale float64, docToPhoto geometry.Homography) error {
	workToPhoto := docToPhoto.Mul(geometry.Scale(1/scale, 1/scale))
	inv, err := workToPhoto.Inverse()
	if err != nil {
		return err
	}
	dw, dh := doc.Rect.Dx(), doc.Rect.Dy()
	q := workToPhoto.ApplyQuad(geometry.RectQuad(doc.Rect))
	bb := q.Bounds().Inset(-1).Intersect(frame.Rect)
	maxX, maxY := float64(dw-1), float64(dh-1)
	for y := bb.Min.Y; y < bb.Max.Y; y++ {
		fy := float64(y) + 0.5
		// Row start in homogeneous coordinates; step per pixel.
		fx := float64(bb.Min.X) + 0.5
		nx := inv[0]*fx + inv[1]*fy + inv[2]
		ny := inv[3]*fx + inv[4]*fy + inv[5]
		nw := inv[6]*fx + inv[7]*fy + inv[8]
		di := frame.PixOffset(bb.Min.X, y)
		for x := bb.Min.X; x < bb.Max.X; x, di = x+1, di+4 {
			u, v := nx/nw-0.5, ny/nw-0.5
			nx += inv[0]
			ny += inv[3]
			nw += inv[6]
			if u < -0.5 || v < -0.5 || u > maxX+0.5 || v > maxY+0.5 {
				continue
			}
			u = math.Max(0, math.Min(u, maxX))
			v = math.Max(0, math.Min(v, maxY))
			x0, y0 := int(u), int(v)
			ax, ay := u-float64(x0), v-float64(y0)
			x1, y1 := x0+1, y0+1
			if x1 > dw-1 {
				x1 = dw - 1
			}
			if y1 > dh-1 {
				y1 = dh - 1
			}
			i00 := y0*doc.Stride + 4*x0
			i01 := y0*doc.Stride + 4*x1
			i10 := y1*doc.Stride + 4*x0
			i11 := y1*doc.Stride + 4*x1
			w00 := (1 - ax) * (1 - ay)
			w01 := ax * (1 - ay)
			w10 := (1 - ax) * ay
			w11 := ax * ay
			p := doc.Pix
			a := w00*float64(p[i00+3]) + w01*float64(p[i01+3]) + w10*float64(p[i10+3]) + w11*float64(p[i11+3])
			if a <= 0 {
				continue
			}
			inva := 1 - a/255
			fp := frame.Pix[di : di+3 : di+3]
			for c := 0; c < 3; c++ {
				s := w00*float64(p[i00+c]) + w01*float64(p[i01+c]) + w10*float64(p[i10+c]) + w11*float64(p[i11+c])
				fp[c] = uint8(s + float64(fp[c])*inva + 0.5)
			}
		}
	}
	return nil
}

// clutter paints a busy background: a gradient, random shapes and words.
func clutter(ts *typesetter, img *image.RGBA, r *rand.Rand) {
	b := img.Rect
	w, h := b.Dx(), b.Dy()
	c0 := rgb{uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180))}
	c1 := rgb{uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180)), uint8(40 + r.IntN(180))}
	ang := r.Float64() * 2 * math.Pi
	gx, gy := math.Cos(ang)/float64(w), math.Sin(ang)/float64(h)
	for y := 0; y < h; y++ {
		i := img.PixOffset(0, y)
		for x := 0; x < w; x, i = x+1, i+4 {
			t := 0.5 + (float64(x)*gx+float64(y)*gy)*0.7
			if t < 0 {
				t = 0
			} else if t > 1 {
				t = 1
			}
			img.Pix[i] = uint8(float64(c0[0]) + (float64(c1[0])-float64(c0[0]))*t)
			img.Pix[i+1] = uint8(float64(c0[1]) + (float64(c1[1])-float64(c0[1]))*t)
			img.Pix[i+2] = uint8(float64(c0[2]) + (float64(c1[2])-float64(c0[2]))*t)
			img.Pix[i+3] = 255
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

// light applies uneven illumination, a vignette and sensor noise in one
// pass. strength scales everything (0: none).
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
	seed := r.Uint32() | 1
	for y := 0; y < b.Dy(); y++ {
		fy := float64(y)
		i := img.PixOffset(b.Min.X, b.Min.Y+y)
		for x := 0; x < b.Dx(); x, i = x+1, i+4 {
			fx := float64(x)
			dx, dy := fx-cx, fy-cy
			gain := g0 + gx*(fx-w/2) + gy*(fy-h/2) - vig*(dx*dx+dy*dy)*inv
			for k := 0; k < 3; k++ {
				// xorshift32: cheap per-pixel noise, triangular distribution
				seed ^= seed << 13
				seed ^= seed >> 17
				seed ^= seed << 5
				n := (float64(seed&0xff) + float64((seed>>8)&0xff) - 255) / 255 * noise
				v := float64(img.Pix[i+k])*gain*tint[k] + n
				if v < 0 {
					v = 0
				} else if v > 255 {
					v = 255
				}
				img.Pix[i+k] = uint8(v)
			}
		}
	}
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
