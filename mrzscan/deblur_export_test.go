package mrzscan

import (
	"image"
	"math"

	"gocv.io/x/gocv"
)

// BoxPSFForTest returns the kernel (row-major, square, anchored at its
// centre) of the generator's motion blur: the mean of n pixels taken in
// steps of (dx, dy) at offsets −n/2 … n−1−n/2 (synth's motionBlur).
func BoxPSFForTest(n, dx, dy int) []float32 {
	half := n / 2
	size := 2*half + 1
	k := make([]float32, size*size)
	for o := -half; o < n-half; o++ {
		k[(half+o*dy)*size+half+o*dx] += 1 / float32(n)
	}
	return k
}

// LinePSFForTest returns linePSF of a motion of length px along angle
// (radians), row-major.
func LinePSFForTest(angle, length float64) []float32 {
	m := linePSF(motion{angle, length})
	defer m.Close()
	n := m.Rows()
	k := make([]float32, n*n)
	for i := range k {
		k[i] = m.GetFloatAt(i/n, i%n)
	}
	return k
}

// psfMat returns the square CV_32F kernel of the row-major weights k.
func psfMat(k []float32) gocv.Mat {
	n := int(math.Round(math.Sqrt(float64(len(k)))))
	m := gocv.NewMatWithSize(n, n, gocv.MatTypeCV32F)
	for i, v := range k {
		m.SetFloatAt(i/n, i%n, v)
	}
	return m
}

// DeblurPSFForTest returns img (as gray) deconvolved by psf (row-major,
// square), iters Richardson–Lucy iterations.
func DeblurPSFForTest(img image.Image, psf []float32, iters int) *image.Gray {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return nil
	}
	defer gray.Close()
	k := psfMat(psf)
	defer k.Close()
	out := gocv.NewMat()
	defer out.Close()
	deblurPSF(gray, &out, k, iters)
	return matGray(out)
}

// ReaderWithPSFForTest returns a copy of r whose deconvolved pass
// deconvolves by psf (row-major, square; iters Richardson–Lucy
// iterations) instead of the estimated blur: with the generator's true
// blur, the ceiling of a perfect estimate.
func ReaderWithPSFForTest(r *Reader, psf []float32, iters int) *Reader {
	c := *r
	c.deblur = func(gray gocv.Mat) (gocv.Mat, bool) {
		k := psfMat(psf)
		defer k.Close()
		out := gocv.NewMat()
		deblurPSF(gray, &out, k, iters)
		return out, true
	}
	return &c
}

// MinDeblurLengthForTest is minDeblurLength.
const MinDeblurLengthForTest = minDeblurLength

// MotionProfileForTest returns estimateMotion's normalised autocorrelation
// of the derivative of img along angle (radians), lags 0 … maxMotion.
func MotionProfileForTest(img image.Image, angle float64) []float64 {
	pix, w, h := grayPixels(img)
	gray, err := grayMat(pix, w, h)
	if err != nil {
		return nil
	}
	defer gray.Close()
	gx, gy, sm := gocv.NewMat(), gocv.NewMat(), gocv.NewMat()
	defer gx.Close()
	defer gy.Close()
	defer sm.Close()
	gocv.GaussianBlur(gray, &sm, image.Pt(5, 5), 1, 1, gocv.BorderReflect)
	gocv.Sobel(sm, &gx, gocv.MatTypeCV32F, 1, 0, 3, 1, 0, gocv.BorderReflect)
	gocv.Sobel(sm, &gy, gocv.MatTypeCV32F, 0, 1, 3, 1, 0, gocv.BorderReflect)
	fx, _ := gx.DataPtrFloat32()
	fy, _ := gy.DataPtrFloat32()
	step, b, edge, ok := motionGrid(fx, fy, w, h)
	if !ok {
		return nil
	}
	r := motionProfile(fx, fy, w, h, step, b, edge, angle)
	out := make([]float64, len(r))
	for i := range r {
		out[i] = r[i] / r[0]
	}
	return out
}
