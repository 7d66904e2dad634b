package barcode

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand"
	"time"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/geometry"
)

// testPayload builds a realistic AAMVA payload (about 300 bytes).
func testPayload(r *rand.Rand) []byte {
	d := &aamva.Document{IIN: "636000", Version: 10, JurisdictionVersion: 1,
		Elements: map[string]string{"DCG": "USA", "DAJ": "VA", "DAQ": fmt.Sprintf("T%08d", r.Intn(1e8)),
			"DCA": "D", "DCB": "NONE", "DCD": "NONE", "DBC": "1", "DAY": "BRO", "DAU": "069 in",
			"DAG": fmt.Sprintf("%d WEST BROAD STREET", r.Intn(9999)), "DAI": "RICHMOND", "DAK": "232690000  ",
			"DCF": fmt.Sprintf("%022d", r.Int63()), "DDA": "F", "DDB": "06062018", "DAZ": "BRO", "DAW": "150"}}
	d.SetNames(aamva.Names{Family: "SAMPLE", First: "MICHAEL", Middle: "JOHN"})
	d.SetDate("DBB", time.Date(1960+r.Intn(40), 6, 6, 0, 0, 0, 0, time.UTC))
	d.SetDate("DBD", time.Date(2019, 3, 7, 0, 0, 0, 0, time.UTC))
	d.SetDate("DBA", time.Date(2027, 3, 7, 0, 0, 0, 0, time.UTC))
	b, err := aamva.Build(d)
	if err != nil {
		panic(err)
	}
	return b
}

// condition is one way of degrading a photo of a card back.
type condition struct {
	name        string
	angle       [2]float64 // degrees, uniform in [lo, hi)
	perspective float64    // corner jitter as a fraction of the card width
	blur        float64    // Gaussian sigma in scene pixels
	jpegQ       int        // 0 = no JPEG
	cardWidth   int        // card width in scene pixels
}

// cardBack renders a card back (ID-1 at 300 dpi, 1012×638) with the symbol
// across its lower part and returns it with the symbol's quad.
func cardBack(sym *image.Gray, r *rand.Rand) (*image.Gray, geometry.Quad) {
	card := image.NewGray(image.Rect(0, 0, 1012, 638))
	base := uint8(200 + r.Intn(40))
	for i := range card.Pix {
		card.Pix[i] = base - uint8(r.Intn(12))
	}
	// a few text-like strokes above the symbol
	for k := 0; k < 40; k++ {
		x, y := 60+r.Intn(850), 40+r.Intn(150)
		for dy := 0; dy < 14; dy++ {
			for dx := 0; dx < 3+r.Intn(30); dx++ {
				card.Pix[(y+dy)*card.Stride+x+dx] = 40
			}
		}
	}
	// the symbol, scaled to 860 px wide (about 3 px per module)
	sb := sym.Bounds()
	w := 860
	h := sb.Dy() * w / sb.Dx()
	if h > 400 {
		h = 400
	}
	x0, y0 := 76, 620-h
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := sym.Pix[(y*sb.Dy()/h)*sym.Stride+x*sb.Dx()/w]
			if v < 128 {
				card.Pix[(y0+y)*card.Stride+x0+x] = 20
			}
		}
	}
	return card, geometry.Quad{{X: float64(x0), Y: float64(y0)}, {X: float64(x0 + w), Y: float64(y0)}, {X: float64(x0 + w), Y: float64(y0 + h)}, {X: float64(x0), Y: float64(y0 + h)}}
}

// photograph places card in a scene as a phone would: rotated, in
// perspective, scaled, blurred, noisy, JPEG-compressed. It returns the
// scene and the card-to-scene homography.
func photograph(card *image.Gray, c condition, r *rand.Rand) (image.Image, geometry.Homography) {
	cw := float64(c.cardWidth)
	sw := int(cw * 1.45)
	sh := int(cw * 1.2)
	cb := card.Bounds()
	ch := cw * float64(cb.Dy()) / float64(cb.Dx())
	theta := (c.angle[0] + r.Float64()*(c.angle[1]-c.angle[0])) * math.Pi / 180
	cx, cy := float64(sw)/2, float64(sh)/2
	rad := math.Min(float64(sw), float64(sh))/2 - 4
	scale := math.Min(1, rad/math.Hypot(cw/2, ch/2)*0.98)
	var dst geometry.Quad
	corners := []geometry.Point{{X: -cw / 2, Y: -ch / 2}, {X: cw / 2, Y: -ch / 2}, {X: cw / 2, Y: ch / 2}, {X: -cw / 2, Y: ch / 2}}
	for i, p := range corners {
		p = p.Mul(scale)
		p = p.Add(geometry.Pt((r.Float64()*2-1)*c.perspective*cw*scale, (r.Float64()*2-1)*c.perspective*cw*scale))
		q := geometry.Rotate(theta).Apply(p)
		dst[i] = q.Add(geometry.Pt(cx, cy))
	}
	H, err := geometry.FromQuads(geometry.RectQuad(cb), dst)
	if err != nil {
		panic(err)
	}
	inv, _ := H.Inverse()
	// render with 2× supersampling of the card's content when shrinking
	scene := warp(card, inv, sw, sh)
	bg := uint8(60 + r.Intn(80))
	// background where the card is not
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			p := inv.Apply(geometry.Pt(float64(x)+0.5, float64(y)+0.5))
			if p.X < 0 || p.Y < 0 || p.X >= float64(cb.Dx()) || p.Y >= float64(cb.Dy()) {
				scene.Pix[y*scene.Stride+x] = bg + uint8(r.Intn(20))
			}
		}
	}
	if c.blur > 0 {
		scene = gaussian(scene, c.blur)
	}
	for i := range scene.Pix {
		v := int(scene.Pix[i]) + int(r.NormFloat64()*4)
		scene.Pix[i] = uint8(max(0, min(255, v)))
	}
	if c.jpegQ > 0 {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, scene, &jpeg.Options{Quality: c.jpegQ}); err != nil {
			panic(err)
		}
		img, err := jpeg.Decode(&buf)
		if err != nil {
			panic(err)
		}
		return img, H
	}
	return scene, H
}

// gaussian blurs g with a separable Gaussian kernel.
func gaussian(g *image.Gray, sigma float64) *image.Gray {
	rad := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*rad+1)
	var sum float64
	for i := range k {
		x := float64(i - rad)
		k[i] = math.Exp(-x * x / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	b := g.Bounds()
	w, h := b.Dx(), b.Dy()
	tmp := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				xx := min(max(x+i-rad, 0), w-1)
				s += kv * float64(g.Pix[y*g.Stride+xx])
			}
			tmp[y*w+x] = s
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for i, kv := range k {
				yy := min(max(y+i-rad, 0), h-1)
				s += kv * tmp[yy*w+x]
			}
			out.Pix[y*out.Stride+x] = uint8(s + 0.5)
		}
	}
	return out
}
