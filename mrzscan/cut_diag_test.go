package mrzscan

import (
	"context"
	"fmt"
	"image"

	"github.com/idrecog/idrecog/geometry"
)

// DiagCut reads img and returns, for the best reading, its lines and per
// line and cell the horizontal centre in the rectified band of the cell
// cut, of glyphCut's cell and of the true cell, whose centre in upload
// pixels truth gives (a development aid for TestCutDiag).
func DiagCut(r *Reader, img image.Image, truth func(k, j int) geometry.Point) (lines []string, cut, glyph, want [][]float64, err error) {
	a, err := r.read(context.Background(), img)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	inv, err := a.rb.toImage.Inverse()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	gc, _ := a.rb.foreshortened(a.cells)
	for k, row := range a.cells {
		var c, g, w []float64
		for j, cl := range row {
			c = append(c, float64(cl.Min.X+cl.Max.X)/2)
			if gc != nil {
				g = append(g, float64(gc[k][j].Min.X+gc[k][j].Max.X)/2)
			}
			w = append(w, inv.Apply(truth(k, j)).X)
		}
		cut, glyph, want = append(cut, c), append(glyph, g), append(want, w)
	}
	sc, _ := score(a)
	lines = append([]string{fmt.Sprintf("valid=%v score=%d meanLogP=%.3f prob=%.3g minP=%.3f", a.valid, sc, a.meanLogP, a.prob, a.minP)}, a.lines...)
	return lines, cut, glyph, want, nil
}
