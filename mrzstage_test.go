package idrecog

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/idrecog/idrecog/fields"
)

func TestMRZStageNoMRZ(t *testing.T) {
	s, err := newMRZStage()
	if err != nil {
		t.Fatal(err)
	}
	var _ MRZStage = s
	img := image.NewGray(image.Rect(0, 0, 640, 480))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Gray{Y: 200}), image.Point{}, draw.Src)
	r, err := s.ReadMRZ(context.Background(), img)
	if !errors.Is(err, fields.ErrNoMRZ) || r != nil {
		t.Fatalf("blank image: reading %v, error %v; want nil, fields.ErrNoMRZ", r, err)
	}
}
