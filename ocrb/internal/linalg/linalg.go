// Package linalg holds the float32 kernels shared by ocrb's inference and its
// trainer, so that both compute exactly the same sums (the trainer must
// reproduce the committed model bit for bit).
package linalg

// Dot returns the dot product of w and x[:len(w)], summed in four
// interleaved partial sums (the order is part of the model's numerics).
func Dot(w, x []float32) float32 {
	x = x[:len(w)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(w); i += 4 {
		s0 += w[i] * x[i]
		s1 += w[i+1] * x[i+1]
		s2 += w[i+2] * x[i+2]
		s3 += w[i+3] * x[i+3]
	}
	for ; i < len(w); i++ {
		s0 += w[i] * x[i]
	}
	return (s0 + s1) + (s2 + s3)
}
