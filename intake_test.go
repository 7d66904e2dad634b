package idrecog

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// pattern is a 48×32 grey image, white except a black 16×16 block at the
// top-left and a grey (128) block right of it: asymmetric under all eight
// EXIF orientations.
func pattern() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 48, 32))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			g.SetGray(x, y, color.Gray{0})
			g.SetGray(x+16, y, color.Gray{128})
		}
	}
	return g
}

func encode(t testing.TB, format string, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 95})
	case "gif":
		err = gif.Encode(&b, img, nil)
	case "bmp":
		err = bmp.Encode(&b, img)
	case "tiff":
		err = tiff.Encode(&b, img, nil)
	case "webp":
		return solidWebP(img.Bounds().Dx(), img.Bounds().Dy(), 0x80)
	default:
		t.Fatalf("no encoder for %s", format)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// solidWebP writes a lossless (VP8L) WebP of one grey level: every prefix
// code has a single symbol, so the pixels take no bits. x/image has no WebP
// encoder, and this keeps the test free of foreign files.
func solidWebP(w, h int, level byte) []byte {
	var bits []bool
	put := func(v uint32, n int) {
		for i := 0; i < n; i++ {
			bits = append(bits, v>>i&1 == 1)
		}
	}
	put(uint32(w-1), 14)
	put(uint32(h-1), 14)
	put(0, 1)                                              // no alpha
	put(0, 3)                                              // version
	put(0, 1)                                              // no transform
	put(0, 1)                                              // no colour cache
	put(0, 1)                                              // no meta prefix codes
	for _, sym := range []byte{level, level, level, 255} { // green, red, blue, alpha
		put(1, 1) // simple code
		put(0, 1) // one symbol
		put(1, 1) // 8-bit symbol
		put(uint32(sym), 8)
	}
	put(1, 1) // distance: simple code
	put(0, 1) // one symbol
	put(0, 1) // 1-bit symbol
	put(0, 1) // symbol 0
	payload := []byte{0x2f}
	for i := 0; i < len(bits); i += 8 {
		var b byte
		for j := 0; j < 8 && i+j < len(bits); j++ {
			if bits[i+j] {
				b |= 1 << j
			}
		}
		payload = append(payload, b)
	}
	var out bytes.Buffer
	chunk := len(payload)
	if len(payload)%2 == 1 {
		payload = append(payload, 0)
	}
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(4+8+len(payload)))
	out.WriteString("WEBPVP8L")
	binary.Write(&out, binary.LittleEndian, uint32(chunk))
	out.Write(payload)
	return out.Bytes()
}

// withOrientation inserts an EXIF APP1 segment with orientation o after a
// JPEG's SOI marker. bigEndian picks the TIFF byte order.
func withOrientation(j []byte, o uint16, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiffHdr := []byte("II*\x00")
	if bigEndian {
		bo, tiffHdr = binary.BigEndian, []byte("MM\x00*")
	}
	t := bo.AppendUint32(append([]byte{}, tiffHdr...), 8)
	t = bo.AppendUint16(t, 2) // two entries
	entry := func(tag, typ uint16, count uint32, value []byte) {
		t = bo.AppendUint32(bo.AppendUint16(bo.AppendUint16(t, tag), typ), count)
		t = append(t, value...)
	}
	entry(0x010F, 2, 4, []byte("ACM\x00"))                     // Make, to be skipped
	entry(0x0112, 3, 1, append(bo.AppendUint16(nil, o), 0, 0)) // Orientation
	t = append(t, 0, 0, 0, 0)                                  // no next IFD
	seg := append([]byte("Exif\x00\x00"), t...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, j[2:]...)
}

func TestDecodeImageFormats(t *testing.T) {
	for _, f := range []string{"png", "jpeg", "gif", "bmp", "tiff", "webp"} {
		t.Run(f, func(t *testing.T) {
			img, err := DecodeImage(encode(t, f, pattern()), ImageLimits{})
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 48 || b.Dy() != 32 {
				t.Fatalf("bounds = %v, want 48×32", b)
			}
			if f == "webp" {
				if y := color.GrayModel.Convert(img.At(5, 5)).(color.Gray).Y; y < 120 || y > 136 {
					t.Errorf("webp pixel = %d, want 128", y)
				}
				return
			}
			if y := color.GrayModel.Convert(img.At(4, 4)).(color.Gray).Y; y > 40 {
				t.Errorf("top-left pixel = %d, want black", y)
			}
			if y := color.GrayModel.Convert(img.At(40, 28)).(color.Gray).Y; y < 215 {
				t.Errorf("bottom-right pixel = %d, want white", y)
			}
		})
	}
}

// darkCorner returns where the black block ended up (0 top-left, 1
// top-right, 2 bottom-right, 3 bottom-left) and whether the grey block lies
// beside it horizontally.
func darkCorner(t *testing.T, img image.Image) (int, bool) {
	t.Helper()
	b := img.Bounds()
	lum := func(x, y int) uint8 { return color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y }
	w, h := b.Dx(), b.Dy()
	corners := [4][2]int{{4, 4}, {w - 5, 4}, {w - 5, h - 5}, {4, h - 5}}
	for i, c := range corners {
		if lum(c[0], c[1]) < 60 {
			// the grey block's centre is 16 px further along the long side
			dx, dy := 0, 0
			if c[0] < w/2 {
				dx = 16
			} else {
				dx = -16
			}
			if c[1] < h/2 {
				dy = 16
			} else {
				dy = -16
			}
			horiz := lum(c[0]+dx, c[1]) > 90 && lum(c[0]+dx, c[1]) < 170
			vert := lum(c[0], c[1]+dy) > 90 && lum(c[0], c[1]+dy) < 170
			if horiz == vert {
				t.Fatalf("cannot tell the grey block's side (h %v, v %v)", horiz, vert)
			}
			return i, horiz
		}
	}
	t.Fatal("no black corner")
	return 0, false
}

func TestApplyOrientation(t *testing.T) {
	// Where the black block (top-left on the stored image) must appear
	// after the transform, and whether the grey block is still beside it
	// horizontally, per EXIF orientation.
	tests := []struct {
		o      int
		w, h   int
		corner int
		horiz  bool
	}{
		{1, 48, 32, 0, true},
		{2, 48, 32, 1, true}, // mirrored
		{3, 48, 32, 2, true}, // 180°
		{4, 48, 32, 3, true}, // flipped
		{5, 32, 48, 0, false},
		{6, 32, 48, 1, false}, // 90° clockwise: top-left goes to top-right
		{7, 32, 48, 2, false},
		{8, 32, 48, 3, false}, // 90° counter-clockwise: top-left goes to bottom-left
	}
	for _, tt := range tests {
		for _, src := range []image.Image{pattern(), toRGBA(pattern()), toYCbCr(pattern(), image.YCbCrSubsampleRatio420),
			toYCbCr(pattern(), image.YCbCrSubsampleRatio444), toYCbCr(pattern(), image.YCbCrSubsampleRatio422)} {
			img := applyOrientation(src, tt.o)
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("orientation %d (%T): %v, want %d×%d", tt.o, src, b, tt.w, tt.h)
				continue
			}
			corner, horiz := darkCorner(t, img)
			if corner != tt.corner || horiz != tt.horiz {
				t.Errorf("orientation %d (%T): black block at corner %d (grey beside horizontally %v), want %d (%v)",
					tt.o, src, corner, horiz, tt.corner, tt.horiz)
			}
		}
	}
}

func toYCbCr(g *image.Gray, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(g.Bounds(), ratio)
	copy(m.Y, g.Pix) // grey: Y is the grey level, Cb = Cr = 128
	for i := range m.Cb {
		m.Cb[i], m.Cr[i] = 128, 128
	}
	return m
}

func TestApplyOrientationOddYCbCr(t *testing.T) {
	// 4:2:0 with odd sides, and a sub-image not at the origin.
	full := image.NewYCbCr(image.Rect(0, 0, 9, 7), image.YCbCrSubsampleRatio420)
	for i := range full.Y {
		full.Y[i] = uint8(i)
	}
	sub := full.SubImage(image.Rect(1, 1, 6, 4)).(*image.YCbCr) // 5×3
	for o := 1; o <= 8; o++ {
		img := applyOrientation(sub, o)
		want := image.Pt(5, 3)
		if o >= 5 {
			want = image.Pt(3, 5)
		}
		if got := img.Bounds().Size(); got != want {
			t.Errorf("orientation %d: size %v, want %v", o, got, want)
		}
		if _, ok := img.(*image.YCbCr); !ok {
			t.Errorf("orientation %d: %T, want *image.YCbCr kept", o, img)
		}
		// The stored top-left pixel (1,1) goes where the orientation says.
		var at image.Point
		switch o {
		case 1, 5:
			at = image.Pt(0, 0)
		case 2, 6:
			at = image.Pt(want.X-1, 0)
		case 3, 7:
			at = image.Pt(want.X-1, want.Y-1)
		case 4, 8:
			at = image.Pt(0, want.Y-1)
		}
		b := img.Bounds()
		y0 := color.GrayModel.Convert(sub.At(1, 1)).(color.Gray).Y
		if y := color.GrayModel.Convert(img.At(b.Min.X+at.X, b.Min.Y+at.Y)).(color.Gray).Y; y != y0 {
			t.Errorf("orientation %d: pixel at %v = %d, want %d", o, at, y, y0)
		}
	}
}

func toRGBA(g *image.Gray) *image.RGBA {
	r := image.NewRGBA(g.Bounds())
	for y := 0; y < g.Bounds().Dy(); y++ {
		for x := 0; x < g.Bounds().Dx(); x++ {
			r.Set(x, y, g.At(x, y))
		}
	}
	return r
}

func TestDecodeImageEXIF(t *testing.T) {
	j := encode(t, "jpeg", pattern())
	for _, big := range []bool{false, true} {
		for o, want := range map[uint16]int{1: 0, 3: 2, 6: 1, 8: 3} {
			data := withOrientation(j, o, big)
			if got := jpegOrientation(data); got != int(o) {
				t.Fatalf("jpegOrientation (big-endian %v) = %d, want %d", big, got, o)
			}
			img, err := DecodeImage(data, ImageLimits{})
			if err != nil {
				t.Fatal(err)
			}
			if corner, _ := darkCorner(t, img); corner != want {
				t.Errorf("orientation %d: black block at corner %d, want %d", o, corner, want)
			}
		}
	}
	if got := jpegOrientation(j); got != 1 {
		t.Errorf("no EXIF: orientation %d, want 1", got)
	}
	for _, bad := range [][]byte{nil, {0xFF, 0xD8}, {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E'}, withOrientation(j, 9, false)[:40]} {
		if got := jpegOrientation(bad); got != 1 {
			t.Errorf("jpegOrientation(%q) = %d, want 1", bad, got)
		}
	}
}

// hugeHeaders returns tiny files whose headers declare enormous images.
func hugeHeaders() map[string][]byte {
	le, be := binary.LittleEndian, binary.BigEndian
	m := map[string][]byte{}

	ihdr := be.AppendUint32(be.AppendUint32([]byte("IHDR"), 100000), 100000)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	p := append([]byte("\x89PNG\r\n\x1a\n"), be.AppendUint32(nil, 13)...)
	p = append(p, ihdr...)
	p = be.AppendUint32(p, crc32.ChecksumIEEE(ihdr))
	m["png"] = append(p, make([]byte, 64)...)

	g := le.AppendUint16(le.AppendUint16([]byte("GIF89a"), 65535), 65535) // GIF's largest
	m["gif"] = append(g, 0, 0, 0, ';')

	b := []byte("BM")
	b = le.AppendUint32(b, 54)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 54)
	b = le.AppendUint32(b, 40)
	b = le.AppendUint32(b, 100000)
	b = le.AppendUint32(b, 100000)
	b = le.AppendUint16(b, 1)
	b = le.AppendUint16(b, 24)
	m["bmp"] = append(b, make([]byte, 24)...)

	tf := append([]byte("II*\x00"), le.AppendUint32(nil, 8)...)
	entries := [][3]uint32{{256, 4, 100000}, {257, 4, 100000}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, 8}, {277, 3, 1}, {278, 4, 100000}, {279, 4, 1}}
	tf = le.AppendUint16(tf, uint16(len(entries)))
	for _, e := range entries {
		tf = le.AppendUint16(tf, uint16(e[0]))
		tf = le.AppendUint16(tf, uint16(e[1]))
		tf = le.AppendUint32(tf, 1)
		tf = le.AppendUint32(tf, e[2]) // a little-endian SHORT sits in the low bytes
	}
	m["tiff"] = le.AppendUint32(tf, 0)

	sof := []byte{0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0xFF, 0xFF, 0xFF, 0xFF, 1, 1, 0x11, 0}
	m["jpeg"] = append(sof, 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0) // SOS: DecodeConfig stops here
	return m
}

func TestDecodeImageRefusesHugeHeaders(t *testing.T) {
	for f, data := range hugeHeaders() {
		t.Run(f, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			img, err := DecodeImage(data, ImageLimits{})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if img != nil || !errors.Is(err, ErrInvalidImage) {
				t.Fatalf("DecodeImage = %v, %v; want nil, 1013", img, err)
			}
			if !strings.Contains(err.Error(), "exceeds the limit") {
				t.Errorf("error %q does not say the limit was exceeded", err)
			}
			if elapsed > 50*time.Millisecond {
				t.Errorf("took %v, want milliseconds", elapsed)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
				t.Errorf("allocated %d bytes, want under 1 MB", alloc)
			}
		})
	}
}

func TestDecodeImageLimits(t *testing.T) {
	data := encode(t, "png", pattern()) // 48×32
	tests := []struct {
		name string
		lim  ImageLimits
		ok   bool
	}{
		{"defaults", ImageLimits{}, true},
		{"side", ImageLimits{MaxSide: 40}, false},
		{"pixels", ImageLimits{MaxPixels: 48*32 - 1}, false},
		{"pixels exact", ImageLimits{MaxPixels: 48 * 32}, true},
		{"bytes", ImageLimits{MaxBytes: int64(len(data) - 1)}, false},
	}
	for _, tt := range tests {
		_, err := DecodeImage(data, tt.lim)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidImage) {
			t.Errorf("%s: err = %v, want 1013", tt.name, err)
		}
	}
}

func TestDecodeImageInvalid(t *testing.T) {
	png := encode(t, "png", pattern())
	jpg := encode(t, "jpeg", pattern())
	tests := []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"nil", nil, "empty"},
		{"empty", []byte{}, "empty"},
		{"text", []byte("hello, world"), "not a supported image"},
		{"pdf", []byte("%PDF-1.7\n"), "not a supported image"},
		{"png signature only", png[:8], "truncated png header"},
		{"png cut in the pixels", png[:len(png)-30], "truncated or corrupt png"},
		{"jpeg cut in the header", jpg[:20], "jpeg header"},
		{"jpeg cut in the scan", jpg[:bytes.Index(jpg, []byte{0xFF, 0xDA})+16], "truncated or corrupt jpeg"},
		{"gif header only", []byte("GIF89a"), "gif header"},
	}
	for _, tt := range tests {
		img, err := DecodeImage(tt.data, ImageLimits{})
		if img != nil || err == nil {
			t.Errorf("%s: got an image, err %v", tt.name, err)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeInvalidImage || !strings.Contains(e.Message(), tt.want) {
			t.Errorf("%s: err = %v, want 1013 mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestDecodeBase64(t *testing.T) {
	data := encode(t, "png", pattern())
	std := base64.StdEncoding.EncodeToString(data)
	var wrapped strings.Builder
	for i := 0; i < len(std); i += 76 {
		wrapped.WriteString(std[i:min(i+76, len(std))] + "\r\n")
	}
	ok := []struct{ name, in string }{
		{"standard", std},
		{"line-wrapped", wrapped.String()},
		{"unpadded", base64.RawStdEncoding.EncodeToString(data)},
		{"url-safe", base64.URLEncoding.EncodeToString(data)},
		{"surrounding space", "  " + std + "\n"},
	}
	for _, tt := range ok {
		got, err := decodeBase64("idImage", tt.in, DefaultMaxBytes)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	bad := []struct{ name, in, want string }{
		{"data URL", "data:image/png;base64," + std, `base64 must not start with "data:image/png;base64,"`},
		{"data URL upper case", "DATA:image/jpeg;base64," + std, `"DATA:image/jpeg;base64,"`},
		{"not base64", "this is not base64!", "not valid base64"},
		{"stray character", std[:40] + "*" + std[40:], "not valid base64"},
	}
	for _, tt := range bad {
		_, err := decodeBase64("idImage", tt.in, DefaultMaxBytes)
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeInvalidImage || !strings.Contains(e.Message(), tt.want) {
			t.Errorf("%s: err = %v, want 1013 with %q", tt.name, err, tt.want)
		}
	}
	if _, err := decodeBase64("idImage", std, int64(len(data)-10)); !errors.Is(err, ErrInvalidImage) {
		t.Errorf("over the size limit: err = %v, want 1013", err)
	}
}

func BenchmarkDecodeImageJPEG(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	data := withOrientation(encode(b, "jpeg", img), 6, false)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeImage(data, ImageLimits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDecodeImageJPEGScans(t *testing.T) {
	j := encode(t, "jpeg", pattern())
	if n := jpegScans(j); n != 1 {
		t.Fatalf("baseline JPEG: %d scans, want 1", n)
	}
	// Append many extra (empty) scans before EOI: a cheap file that would
	// make the decoder walk the image again and again.
	body := j[:len(j)-2]
	for i := 0; i < 150; i++ {
		body = append(body, 0xFF, 0xDA, 0, 8, 1, 1, 0, 1, 1, 0, 0x12, 0xFF, 0x00, 0x34)
	}
	body = append(body, 0xFF, 0xD9)
	if n := jpegScans(body); n != maxJPEGScans+1 {
		t.Errorf("jpegScans = %d, want it to stop at %d", n, maxJPEGScans+1)
	}
	_, err := DecodeImage(body, ImageLimits{})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalidImage || !strings.Contains(e.Detail, "scans") {
		t.Errorf("DecodeImage = %v, want 1013 about scans", err)
	}
}
