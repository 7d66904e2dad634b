package mrzscan

import (
	"context"
	"errors"
	"image"
	"image/color"
	"slices"
	"testing"
)

// TestProbe checks that Probe reads the dev set's MRZs as Read does and
// finds nothing on a blank page or no image.
func TestProbe(t *testing.T) {
	r := newTestReader(t)
	defer r.Close()
	ctx := context.Background()
	blank := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range blank.Pix {
		blank.Pix[i] = 230
	}
	blank.SetGray(300, 200, color.Gray{})
	for name, img := range map[string]image.Image{"blank": blank, "nil": nil, "tiny": image.NewGray(image.Rect(0, 0, 8, 8))} {
		if res, err := r.Probe(ctx, img); !errors.Is(err, ErrNoMRZ) {
			t.Errorf("Probe(%s) = %v, %v; want ErrNoMRZ", name, res, err)
		}
	}
	cases := devSet(t)
	for _, c := range cases[:min(4, len(cases))] {
		want, err := r.Read(ctx, c.img)
		if err != nil {
			t.Fatalf("%s: Read: %v", c.File, err)
		}
		got, err := r.Probe(ctx, c.img)
		if err != nil {
			t.Fatalf("%s: Probe: %v", c.File, err)
		}
		if !slices.Equal(got.Lines, want.Lines) {
			t.Errorf("%s: Probe = %q, Read = %q", c.File, got.Lines, want.Lines)
		}
	}
}
