package barcode

import (
	"bytes"
	"image"
	"testing"
)

// FuzzRoundTrip encodes arbitrary bytes as PDF417 and decodes them back;
// and decodes arbitrary bytes taken as a small grey image, which must not
// crash the C++ decoder.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("@\n\x1e\rANSI 636000100102DL00410278ZV03190008DLDAQT64235789\nDCSSAMPLE\n\r"), uint8(3))
	f.Add([]byte{0, 1, 2, 0xff, 0xfe}, uint8(0))
	f.Add([]byte(""), uint8(8))
	f.Fuzz(func(t *testing.T, data []byte, ecc uint8) {
		if len(data) > 400 {
			data = data[:400]
		}
		// Arbitrary bytes as pixels: no symbol, no crash.
		if n := len(data); n >= 64 {
			g := &image.Gray{Pix: data, Stride: 16, Rect: image.Rect(0, 0, 16, n/16)}
			_, _ = DecodePDF417(g)
		}
		img, err := EncodePDF417(data, &EncodeOptions{ECCLevel: int(ecc % 9)})
		if err != nil {
			return // too long for one symbol, or empty
		}
		syms, err := DecodePDF417(img)
		if err != nil {
			t.Fatalf("%d bytes encoded but not decoded: %v", len(data), err)
		}
		if !bytes.Equal(syms[0].Data, data) {
			t.Fatalf("decoded %q, encoded %q", syms[0].Data, data)
		}
	})
}
