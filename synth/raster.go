package synth

import (
	"image"
	"math"
	"math/rand/v2"
)

// rgb is an opaque colour.
type rgb = [3]uint8

// sinLUT is one period of sin, sampled 1024 times; used where a per-pixel
// pattern would otherwise call math.Sin millions of times.
var sinLUT = func() (t [1024]float32) {
	for i := range t {
		t[i] = float32(math.Sin(2 * math.Pi * float64(i) / 1024))
	}
	return
}()

// fsin returns sin(2π·p) for a phase p in periods.
func fsin(p float32) float32 {
	return sinLUT[int(p*1024)&1023]
}

func mix(a, b rgb, t float64) rgb {
	if t < 0 {
		t = 0
	} else if t > 1 {
		t = 1
	}
	return rgb{
		uint8(float64(a[0]) + (float64(b[0])-float64(a[0]))*t + 0.5),
		uint8(float64(a[1]) + (float64(b[1])-float64(a[1]))*t + 0.5),
		uint8(float64(a[2]) + (float64(b[2])-float64(a[2]))*t + 0.5),
	}
}

// palette is a document's colour scheme.
type palette struct {
	paper, paper2 rgb // background gradient
	line1, line2  rgb // guilloche colours
	band          rgb // header band
	ink           rgb // value text
	caption       rgb // caption text
	accent        rgb // title text
}

var palettes = []palette{
	{paper: rgb{238, 244, 236}, paper2: rgb{226, 236, 246}, line1: rgb{150, 190, 170}, line2: rgb{170, 170, 215}, band: rgb{196, 220, 206}, ink: rgb{28, 28, 34}, caption: rgb{60, 90, 80}, accent: rgb{20, 70, 60}},
	{paper: rgb{246, 238, 240}, paper2: rgb{236, 232, 246}, line1: rgb{210, 160, 180}, line2: rgb{180, 170, 220}, band: rgb{230, 204, 214}, ink: rgb{30, 24, 30}, caption: rgb{110, 60, 80}, accent: rgb{120, 30, 60}},
	{paper: rgb{236, 242, 250}, paper2: rgb{246, 244, 232}, line1: rgb{150, 175, 215}, line2: rgb{200, 190, 140}, band: rgb{200, 214, 236}, ink: rgb{20, 24, 40}, caption: rgb{50, 70, 120}, accent: rgb{20, 40, 110}},
	{paper: rgb{248, 244, 230}, paper2: rgb{238, 246, 238}, line1: rgb{205, 185, 130}, line2: rgb{150, 195, 160}, band: rgb{232, 220, 184}, ink: rgb{34, 28, 20}, caption: rgb{100, 80, 40}, accent: rgb{110, 60, 20}},
	{paper: rgb{242, 242, 244}, paper2: rgb{232, 240, 244}, line1: rgb{170, 180, 195}, line2: rgb{200, 170, 170}, band: rgb{210, 216, 224}, ink: rgb{16, 16, 16}, caption: rgb{70, 70, 90}, accent: rgb{40, 40, 60}},
	{paper: rgb{244, 236, 226}, paper2: rgb{230, 238, 244}, line1: rgb{200, 150, 120}, line2: rgb{130, 170, 200}, band: rgb{224, 196, 176}, ink: rgb{26, 20, 20}, caption: rgb{120, 70, 50}, accent: rgb{130, 40, 20}},
}

// pattern is a guilloche line pattern: per pixel, the coverage (0-255) of
// the two line families.
type pattern struct {
	w, h   int
	c1, c2 []uint8
}

// newPattern draws a security-print line pattern of w×h pixels: two
// families of anti-aliased wavy lines whose shape comes from r. k is pixels
// per millimetre, so the pattern looks the same at every working scale.
func newPattern(w, h int, k float64, r *rand.Rand) *pattern {
	// Family 1: level sets of  y + a1 sin(x/l1 + p1) + a2 sin(x/l2 + y/l3).
	spacing1 := float32((0.9 + r.Float64()*0.8) * k)
	a1 := float32((2 + r.Float64()*5) * k)
	l1 := float32(1 / ((12 + r.Float64()*30) * k))
	a2 := float32((0.5 + r.Float64()*2) * k)
	l2 := float32(1 / ((5 + r.Float64()*10) * k))
	l3 := float32(1 / ((8 + r.Float64()*20) * k))
	p1 := float32(r.Float64())
	// Family 2: tilted level sets of  x + tilt·y + a3 sin(y/l4).
	spacing2 := float32((1.2 + r.Float64()*1.2) * k)
	tilt := float32(0.3 + r.Float64()*0.8)
	a3 := float32((1.5 + r.Float64()*4) * k)
	l4 := float32(1 / ((10 + r.Float64()*25) * k))
	lw := float32(0.09 * k) // half line width in px
	if lw < 0.45 {
		lw = 0.45
	}
	p := &pattern{w: w, h: h, c1: make([]uint8, w*h), c2: make([]uint8, w*h)}
	col1 := make([]float32, w)
	for x := range col1 {
		col1[x] = a1 * fsin(float32(x)*l1+p1)
	}
	s1, s2 := 1/spacing1, 1/spacing2
	lim := lw + 1
	for y := 0; y < h; y++ {
		fy := float32(y)
		row2 := a3 * fsin(fy*l4)
		c1 := p.c1[y*w : y*w+w : y*w+w]
		c2 := p.c2[y*w : y*w+w : y*w+w]
		ph := fy * l3 // phase of the inner sine, advanced by l2 per pixel
		v2 := (fy*tilt + row2) * s2
		for x := 0; x < w; x++ {
			v := (fy + col1[x] + a2*sinLUT[int(ph*1024)&1023]) * s1
			ph += l2
			d := (v - float32(int(v+0.5))) * spacing1
			if d < 0 {
				d = -d
			}
			if d < lim {
				c := lim - d
				if c > 1 {
					c = 1
				}
				c1[x] = uint8(c * 140)
			}
			d = (v2 - float32(int(v2+0.5))) * spacing2
			v2 += s2
			if d < 0 {
				d = -d
			}
			if d < lim {
				c := lim - d
				if c > 1 {
					c = 1
				}
				c2[x] = uint8(c * 102)
			}
		}
	}
	return p
}

// guilloche fills dst with a security-print background: a diagonal colour
// gradient crossed by the pattern's two line families (dst must not be
// larger than the pattern).
func guilloche(dst *image.RGBA, pal palette, pat *pattern) {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	var p0, dp, l1, l2 [3]int
	for i := 0; i < 3; i++ {
		p0[i] = int(pal.paper[i]) << 16
		dp[i] = (int(pal.paper2[i]) - int(pal.paper[i])) << 16 / 2 // over x+y
		l1[i] = int(pal.line1[i])
		l2[i] = int(pal.line2[i])
	}
	for y := 0; y < h; y++ {
		off := dst.PixOffset(b.Min.X, b.Min.Y+y)
		pix := dst.Pix[off : off+4*w : off+4*w]
		c1 := pat.c1[y*pat.w : y*pat.w+w : y*pat.w+w]
		c2 := pat.c2[y*pat.w : y*pat.w+w : y*pat.w+w]
		var base, step [3]int
		for i := 0; i < 3; i++ {
			base[i] = p0[i] + dp[i]*y/h
			step[i] = dp[i] / w
		}
		for x := 0; x < w; x++ {
			q := pix[4*x : 4*x+4 : 4*x+4]
			a1, a2 := int(c1[x]), int(c2[x])
			for i := 0; i < 3; i++ {
				v := (base[i] + step[i]*x) >> 16
				v += (l1[i] - v) * a1 >> 8
				v += (l2[i] - v) * a2 >> 8
				q[i] = uint8(v)
			}
			q[3] = 255
		}
	}
}

// fillRect blends colour c with opacity a (0-1) over r.
func fillRect(dst *image.RGBA, r image.Rectangle, c rgb, a float64) {
	r = r.Intersect(dst.Bounds())
	ai := int(a*256 + 0.5)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, i = x+1, i+4 {
			p := dst.Pix[i : i+3 : i+3]
			p[0] = uint8((int(p[0])*(256-ai) + int(c[0])*ai) >> 8)
			p[1] = uint8((int(p[1])*(256-ai) + int(c[1])*ai) >> 8)
			p[2] = uint8((int(p[2])*(256-ai) + int(c[2])*ai) >> 8)
		}
	}
}

// portrait draws a stylised head-and-shoulders silhouette in r (a
// placeholder for the holder's photo). ghost draws it faint, as the
// secondary "ghost" portrait printed on many documents.
func portrait(dst *image.RGBA, rect image.Rectangle, rng *rand.Rand, ghost bool) {
	r := rect.Intersect(dst.Bounds())
	if r.Empty() {
		return
	}
	w, h := float64(rect.Dx()), float64(rect.Dy())
	bgTop := rgb{uint8(200 + rng.IntN(40)), uint8(205 + rng.IntN(40)), uint8(215 + rng.IntN(40))}
	bgBot := mix(bgTop, rgb{150, 160, 175}, 0.4)
	skinBase := []rgb{{224, 186, 160}, {198, 150, 110}, {150, 105, 75}, {105, 72, 50}, {236, 204, 180}}[rng.IntN(5)]
	hair := []rgb{{40, 30, 25}, {90, 60, 35}, {170, 130, 80}, {20, 20, 20}, {130, 130, 130}}[rng.IntN(5)]
	cloth := []rgb{{40, 50, 80}, {60, 60, 60}, {110, 30, 40}, {30, 80, 70}, {200, 200, 205}}[rng.IntN(5)]
	hx := 0.5 + (rng.Float64()-0.5)*0.08 // head centre x (fraction)
	hy := 0.40 + (rng.Float64()-0.5)*0.06
	hrx := 0.22 + rng.Float64()*0.04
	hry := hrx * w / h * 1.35
	hairExtra := 0.02 + rng.Float64()*0.05
	alpha := 1.0
	if ghost {
		alpha = 0.28
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		fy := (float64(y-rect.Min.Y) + 0.5) / h
		i := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, i = x+1, i+4 {
			fx := (float64(x-rect.Min.X) + 0.5) / w
			c := mix(bgTop, bgBot, fy)
			// shoulders: a wide ellipse rising from the bottom
			sx, sy := (fx-hx)/0.48, (fy-1.02)/0.30
			if sx*sx+sy*sy < 1 {
				c = mix(cloth, rgb{0, 0, 0}, 0.25*(fx-hx+0.5))
			}
			// neck
			if math.Abs(fx-hx) < hrx*0.55 && fy > hy && fy < 0.80 {
				c = mix(skinBase, rgb{0, 0, 0}, 0.18)
			}
			// hair behind the head
			ex, ey := (fx-hx)/(hrx+hairExtra), (fy-hy+hairExtra)/(hry+hairExtra)
			if ex*ex+ey*ey < 1 && fy < hy+hry*0.3 {
				c = hair
			}
			// face
			ex, ey = (fx-hx)/hrx, (fy-hy)/hry
			if d := ex*ex + ey*ey; d < 1 {
				c = mix(skinBase, rgb{0, 0, 0}, 0.12*ex+0.1*d)
				// eyes and mouth, barely suggested
				if math.Abs(ey+0.15) < 0.06 && math.Abs(math.Abs(ex)-0.38) < 0.12 {
					c = mix(c, rgb{40, 30, 30}, 0.7)
				}
				if math.Abs(ey-0.45) < 0.04 && math.Abs(ex) < 0.25 {
					c = mix(c, rgb{120, 50, 50}, 0.5)
				}
			}
			p := dst.Pix[i : i+3 : i+3]
			if alpha >= 1 {
				p[0], p[1], p[2] = c[0], c[1], c[2]
			} else {
				// ghost: luminance only, multiplied
				l := (float64(c[0])*0.3 + float64(c[1])*0.59 + float64(c[2])*0.11) / 255
				f := 1 - alpha*(1-l)
				p[0] = uint8(float64(p[0]) * f)
				p[1] = uint8(float64(p[1]) * f)
				p[2] = uint8(float64(p[2]) * f)
			}
		}
	}
}

// stamp draws a filled disc of radius rad (px) at (cx, cy).
func stamp(dst *image.RGBA, cx, cy, rad float64, c rgb, a float64) {
	x0, x1 := int(math.Floor(cx-rad-1)), int(math.Ceil(cx+rad+1))
	y0, y1 := int(math.Floor(cy-rad-1)), int(math.Ceil(cy+rad+1))
	r := image.Rect(x0, y0, x1, y1).Intersect(dst.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, i = x+1, i+4 {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			cov := rad + 0.5 - d
			if cov <= 0 {
				continue
			}
			if cov > 1 {
				cov = 1
			}
			t := int(cov * a * 256)
			p := dst.Pix[i : i+3 : i+3]
			p[0] = uint8((int(p[0])*(256-t) + int(c[0])*t) >> 8)
			p[1] = uint8((int(p[1])*(256-t) + int(c[1])*t) >> 8)
			p[2] = uint8((int(p[2])*(256-t) + int(c[2])*t) >> 8)
		}
	}
}

// signature scribbles a handwritten-looking curve inside r.
func signature(dst *image.RGBA, r image.Rectangle, rng *rand.Rand, k float64) {
	c := []rgb{{20, 30, 110}, {25, 25, 30}, {40, 40, 140}}[rng.IntN(3)]
	w, h := float64(r.Dx()), float64(r.Dy())
	n := 3 + rng.IntN(4)
	f1 := float64(n) * (0.8 + rng.Float64()*0.6)
	f2 := 2 + rng.Float64()*4
	ph := rng.Float64() * 6
	rad := math.Max(0.6, 0.16*k)
	steps := int(w * 1.5)
	for s := 0; s <= steps; s++ {
		t := float64(s) / float64(steps)
		x := float64(r.Min.X) + w*(0.05+0.9*t) + 0.08*w*math.Sin(2*math.Pi*f1*t+ph)
		y := float64(r.Min.Y) + h*(0.5+0.3*math.Sin(2*math.Pi*f2*t)*math.Cos(math.Pi*t+ph)-0.15*t)
		stamp(dst, x, y, rad, c, 0.9)
	}
}

// roundCorners makes the pixels outside rounded corners of radius rad
// transparent (alpha 0), with an anti-aliased edge.
func roundCorners(dst *image.RGBA, rad float64) {
	b := dst.Bounds()
	ir := int(math.Ceil(rad))
	for _, c := range [4][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
		cx := float64(b.Min.X) + rad
		if c[0] == 1 {
			cx = float64(b.Max.X) - rad
		}
		cy := float64(b.Min.Y) + rad
		if c[1] == 1 {
			cy = float64(b.Max.Y) - rad
		}
		x0, y0 := b.Min.X, b.Min.Y
		if c[0] == 1 {
			x0 = b.Max.X - ir
		}
		if c[1] == 1 {
			y0 = b.Max.Y - ir
		}
		for y := y0; y < y0+ir; y++ {
			for x := x0; x < x0+ir; x++ {
				d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
				// only the outer quadrant
				if (c[0] == 0 && float64(x)+0.5 > cx) || (c[0] == 1 && float64(x)+0.5 < cx) ||
					(c[1] == 0 && float64(y)+0.5 > cy) || (c[1] == 1 && float64(y)+0.5 < cy) {
					continue
				}
				cov := rad + 0.5 - d
				if cov >= 1 {
					continue
				}
				if cov < 0 {
					cov = 0
				}
				i := dst.PixOffset(x, y)
				// premultiplied
				dst.Pix[i] = uint8(float64(dst.Pix[i]) * cov)
				dst.Pix[i+1] = uint8(float64(dst.Pix[i+1]) * cov)
				dst.Pix[i+2] = uint8(float64(dst.Pix[i+2]) * cov)
				dst.Pix[i+3] = uint8(255 * cov)
			}
		}
	}
}

// overprint composites the alpha mask m, rotated by theta radians about its
// centre and centred at (cx, cy), in colour c with opacity a.
func overprint(dst *image.RGBA, m *image.Alpha, cx, cy, theta float64, c rgb, a float64) {
	mw, mh := float64(m.Rect.Dx()), float64(m.Rect.Dy())
	cs, sn := math.Cos(theta), math.Sin(theta)
	hw := (math.Abs(mw*cs) + math.Abs(mh*sn)) / 2
	hh := (math.Abs(mw*sn) + math.Abs(mh*cs)) / 2
	r := image.Rect(int(cx-hw), int(cy-hh), int(cx+hw)+1, int(cy+hh)+1).Intersect(dst.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		dy := float64(y) + 0.5 - cy
		i := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x, i = x+1, i+4 {
			dx := float64(x) + 0.5 - cx
			// inverse rotation
			u := dx*cs + dy*sn + mw/2
			v := -dx*sn + dy*cs + mh/2
			if u < 0 || v < 0 || u >= mw || v >= mh {
				continue
			}
			cov := m.Pix[int(v)*m.Stride+int(u)]
			if cov == 0 {
				continue
			}
			t := int(float64(cov) * a)
			p := dst.Pix[i : i+3 : i+3]
			p[0] = uint8((int(p[0])*(255-t) + int(c[0])*t) / 255)
			p[1] = uint8((int(p[1])*(255-t) + int(c[1])*t) / 255)
			p[2] = uint8((int(p[2])*(255-t) + int(c[2])*t) / 255)
		}
	}
}
