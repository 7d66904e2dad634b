package ocrb

import (
	"image"
	"math"
)

// resampler holds the separable filter taps and the intermediate buffer of
// one resampling; reused across calls.
type resampler struct {
	xi, yi []int32   // per tap: source index
	xw, yw []float32 // per tap: weight
	xn, yn []int32   // per output: first tap, taps end at the next output's first
	tmp    []float32
	srcW   int
	srcH   int
	dstW   int
	dstH   int
}

// taps builds a tent filter mapping n source samples onto m outputs. When
// shrinking, the tent widens to the source footprint (area averaging); when
// enlarging it is linear interpolation.
func taps(n, m int, idx []int32, wt []float32, first []int32) ([]int32, []float32, []int32) {
	idx, wt, first = idx[:0], wt[:0], first[:0]
	scale := float64(n) / float64(m)
	sup := math.Max(1, scale)
	for o := 0; o < m; o++ {
		c := (float64(o)+0.5)*scale - 0.5
		first = append(first, int32(len(idx)))
		lo := int(math.Ceil(c - sup))
		hi := int(math.Floor(c + sup))
		start := len(wt)
		var sum float32
		for s := lo; s <= hi; s++ {
			w := float32(1 - math.Abs(float64(s)-c)/sup)
			if w <= 0 {
				continue
			}
			ss := min(max(s, 0), n-1)
			idx = append(idx, int32(ss))
			wt = append(wt, w)
			sum += w
		}
		for i := start; i < len(wt); i++ {
			wt[i] /= sum
		}
	}
	first = append(first, int32(len(idx)))
	return idx, wt, first
}

// Normalize resamples cell to w×h and normalises its contrast into out
// (len ≥ w*h): ink positive, paper negative, zero mean and unit variance
// (the spread is floored so a blank cell is not blown up into noise). It
// reports false for an empty or nil cell. The classifier applies exactly
// this to every cell; the trainer uses it to prepare its inputs.
func Normalize(cell *image.Gray, w, h int, out []float32) bool {
	return normalize(cell, w, h, out, new(resampler))
}

func normalize(cell *image.Gray, w, h int, out []float32, rs *resampler) bool {
	if cell == nil || w <= 0 || h <= 0 || len(out) < w*h {
		return false
	}
	b := cell.Rect
	sw, sh := b.Dx(), b.Dy()
	if sw <= 0 || sh <= 0 || cell.Stride < sw || len(cell.Pix) < (sh-1)*cell.Stride+sw {
		return false
	}
	if rs.srcW != sw || rs.dstW != w {
		rs.xi, rs.xw, rs.xn = taps(sw, w, rs.xi, rs.xw, rs.xn)
		rs.srcW, rs.dstW = sw, w
	}
	if rs.srcH != sh || rs.dstH != h {
		rs.yi, rs.yw, rs.yn = taps(sh, h, rs.yi, rs.yw, rs.yn)
		rs.srcH, rs.dstH = sh, h
	}
	if cap(rs.tmp) < sh*w {
		rs.tmp = make([]float32, sh*w)
	}
	tmp := rs.tmp[:sh*w]
	// Horizontal pass: every source row to w columns.
	for y := 0; y < sh; y++ {
		row := cell.Pix[y*cell.Stride : y*cell.Stride+sw]
		t := tmp[y*w : (y+1)*w]
		for o := 0; o < w; o++ {
			var s float32
			for k := rs.xn[o]; k < rs.xn[o+1]; k++ {
				s += rs.xw[k] * float32(row[rs.xi[k]])
			}
			t[o] = s
		}
	}
	// Vertical pass.
	out = out[:w*h]
	var sum float64
	for o := 0; o < h; o++ {
		dst := out[o*w : (o+1)*w]
		clear(dst)
		for k := rs.yn[o]; k < rs.yn[o+1]; k++ {
			wt := rs.yw[k]
			src := tmp[int(rs.yi[k])*w : int(rs.yi[k]+1)*w]
			for x, v := range src {
				dst[x] += wt * v
			}
		}
		for _, v := range dst {
			sum += float64(v)
		}
	}
	mean := float32(sum / float64(w*h))
	var ss float64
	for _, v := range out {
		d := float64(v - mean)
		ss += d * d
	}
	sd := float32(math.Sqrt(ss / float64(w*h)))
	inv := 1 / max(sd, 4)
	for i, v := range out {
		out[i] = (mean - v) * inv
	}
	return true
}
