package barcode

import (
	"bytes"
	"errors"
	"image"
	"math/rand"
	"testing"

	"github.com/idrecog/idrecog/geometry"
)

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	r.Read(b)
	return b
}

func TestEncodeDecodeBinary(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	tests := []struct {
		name string
		data []byte
		opt  *EncodeOptions
	}{
		{"aamva header", []byte("@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\r"), nil},
		{"every byte value", func() []byte {
			b := make([]byte, 256)
			for i := range b {
				b[i] = byte(i)
			}
			return b
		}(), &EncodeOptions{Module: 2}},
		{"random 600 bytes, ECC 5", randomBytes(r, 600), &EncodeOptions{ECCLevel: 5, Module: 2}},
		{"one byte", []byte{0}, &EncodeOptions{Module: 4, Margin: 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := EncodePDF417(tt.data, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			syms, err := DecodePDF417(g)
			if err != nil {
				t.Fatal(err)
			}
			if len(syms) != 1 || !bytes.Equal(syms[0].Data, tt.data) {
				t.Fatalf("decoded %d symbols %v; want %q", len(syms), syms, tt.data)
			}
			// Upright: the corners are ordered TL, TR, BR, BL on the symbol
			// and lie inside the quiet zone.
			c := syms[0].Corners
			b := g.Bounds()
			if !(c[0].X < c[1].X && c[3].X < c[2].X && c[0].Y < c[3].Y && c[1].Y < c[2].Y) {
				t.Errorf("corners %v not in TL, TR, BR, BL order", c)
			}
			for _, p := range c {
				if p.X < 0 || p.Y < 0 || p.X > float64(b.Dx()) || p.Y > float64(b.Dy()) {
					t.Errorf("corner %v outside the image %v", p, b)
				}
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		opt  *EncodeOptions
	}{
		{"empty", nil, nil},
		{"ECC 9", []byte("x"), &EncodeOptions{ECCLevel: 9}},
		{"negative module", []byte("x"), &EncodeOptions{Module: -1}},
		{"too long", make([]byte, 5000), nil},
	} {
		if g, err := EncodePDF417(tt.data, tt.opt); err == nil || g != nil {
			t.Errorf("%s: got %v, %v; want an error and no image", tt.name, g != nil, err)
		}
	}
}

func TestDecodeNothing(t *testing.T) {
	for _, img := range []image.Image{
		image.NewGray(image.Rect(0, 0, 200, 100)),
		image.NewGray(image.Rect(0, 0, 1, 1)),
		image.NewGray(image.Rect(0, 0, 0, 0)),
		image.NewRGBA(image.Rect(10, 10, 120, 90)),
	} {
		syms, err := DecodePDF417(img)
		if !errors.Is(err, ErrNotFound) || syms != nil {
			t.Errorf("blank %v: %v, %v; want ErrNotFound", img.Bounds(), syms, err)
		}
	}
}

// TestManyCalls encodes and decodes many times: with a leak in the shim
// the process's memory would grow (watch it with -count or under valgrind);
// here it checks that repeated calls keep working.
func TestManyCalls(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	n := 300
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		data := randomBytes(r, 20+r.Intn(200))
		g, err := EncodePDF417(data, &EncodeOptions{Module: 2})
		if err != nil {
			t.Fatal(err)
		}
		syms, err := DecodePDF417(g)
		if err != nil || !bytes.Equal(syms[0].Data, data) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
}

// sameQuad reports whether got is want, up to a cyclic shift of the
// corners or the reversed order, each corner within tol.
func sameQuad(got, want geometry.Quad, tol float64) bool {
	for shift := 0; shift < 4; shift++ {
		ok := true
		for i := range got {
			if got[(i+shift)%4].Dist(want[i]) > tol {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
