package mrzscan

import (
	"context"
	"errors"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

func noiseImage(w, h int, seed uint64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range g.Pix {
		g.Pix[i] = uint8(rng.IntN(256))
	}
	return g
}

func TestReadBadInput(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	uniform := image.NewUniform(color.Gray{Y: 128})
	tests := []struct {
		name string
		img  image.Image
	}{
		{"nil", nil},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"tiny", image.NewGray(image.Rect(0, 0, 3, 3))},
		{"thin", image.NewGray(image.Rect(0, 0, 4000, 40))},
		{"tall", image.NewGray(image.Rect(0, 0, 40, 4000))},
		{"black", image.NewGray(image.Rect(0, 0, 640, 480))},
		{"uniform (infinite bounds)", uniform},
		{"noise", noiseImage(800, 600, 1)},
		{"offset bounds", noiseImage(400, 300, 2).SubImage(image.Rect(100, 100, 380, 290))},
		{"rgba", image.NewRGBA(image.Rect(0, 0, 300, 200))},
		{"paletted", image.NewPaletted(image.Rect(0, 0, 300, 200), color.Palette{color.Black, color.White})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := r.Read(context.Background(), tc.img)
			if !errors.Is(err, ErrNoMRZ) {
				t.Errorf("err = %v, want ErrNoMRZ", err)
			}
			if res != nil {
				t.Errorf("result %v alongside an error", res)
			}
		})
	}
}

func TestReadCancelled(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := r.Read(ctx, cases[0].img)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("cancelled: %v, %v; want nil, context.Canceled", res, err)
	}
}
