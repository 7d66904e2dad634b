package idrecog

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// ImageLimits bounds what image intake accepts. A zero field takes its
// default.
type ImageLimits struct {
	MaxBytes  int64 // encoded (not base64) size of one image; default 25 MB
	MaxPixels int64 // width × height; default 40 megapixels
	MaxSide   int   // the longer side in pixels; default 16,000
}

// Default image limits.
const (
	DefaultMaxBytes  = 25 << 20
	DefaultMaxPixels = 40_000_000
	DefaultMaxSide   = 16_000
)

func (l ImageLimits) withDefaults() ImageLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	return l
}

// imageFormat is one accepted encoding: how to recognise it from its first
// bytes and how to decode it. The table is explicit rather than image's
// global registry, so that exactly the contract's formats are accepted.
type imageFormat struct {
	name         string
	magic        func(b []byte) bool
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

var imageFormats = []imageFormat{
	{"jpeg", prefix("\xff\xd8\xff"), jpeg.DecodeConfig, jpeg.Decode},
	{"png", prefix("\x89PNG\r\n\x1a\n"), png.DecodeConfig, png.Decode},
	{"gif", prefix("GIF87a", "GIF89a"), gif.DecodeConfig, gif.Decode},
	{"webp", func(b []byte) bool { return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP" }, webp.DecodeConfig, webp.Decode},
	{"tiff", prefix("II*\x00", "MM\x00*"), tiff.DecodeConfig, tiff.Decode},
	{"bmp", prefix("BM"), bmp.DecodeConfig, bmp.Decode},
}

// prefix returns a magic test that accepts data starting with any of ps.
func prefix(ps ...string) func([]byte) bool {
	return func(b []byte) bool {
		for _, p := range ps {
			if bytes.HasPrefix(b, []byte(p)) {
				return true
			}
		}
		return false
	}
}

// imageSource is one side of a request whose header has been checked: the
// encoded bytes with their format, or an image the caller decoded already.
type imageSource struct {
	key    string // request key, for messages: "idImage" or "idBackImage"
	data   []byte
	format *imageFormat
	img    image.Image
}

// present reports whether the side was sent at all.
func (s *imageSource) present() bool { return s != nil && (s.img != nil || s.data != nil) }

// newImageSource checks one side of a request without decoding its pixels:
// raw bytes take precedence over base64. It returns nil, nil when the side
// is absent.
func newImageSource(key, b64 string, raw []byte, img image.Image, lim ImageLimits) (*imageSource, error) {
	src := &imageSource{key: key}
	switch {
	case img != nil:
		b := img.Bounds()
		if err := checkDimensions(key, b.Dx(), b.Dy(), lim); err != nil {
			return nil, err
		}
		src.img = img
		return src, nil
	case raw != nil:
		src.data = raw
	case strings.TrimSpace(b64) != "":
		data, err := decodeBase64(key, b64, lim.MaxBytes)
		if err != nil {
			return nil, err
		}
		src.data = data
	default:
		return nil, nil
	}
	f, err := checkHeader(key, src.data, lim)
	if err != nil {
		return nil, err
	}
	src.format = f
	return src, nil
}

// decode returns the upright image: pixels decoded and, for JPEG, the EXIF
// orientation applied.
func (s *imageSource) decode() (image.Image, error) {
	if s.img != nil {
		return s.img, nil
	}
	if s.format.name == "jpeg" {
		if n := jpegScans(s.data); n > maxJPEGScans {
			return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: JPEG with %d scans (at most %d accepted)", s.key, n, maxJPEGScans))
		}
	}
	img, err := s.format.decode(bytes.NewReader(s.data))
	if err != nil {
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: truncated or corrupt %s data (%v)", s.key, s.format.name, err))
	}
	if s.format.name == "jpeg" {
		img = applyOrientation(img, jpegOrientation(s.data))
	}
	return img, nil
}

// maxJPEGScans bounds the scans of a progressive JPEG. Each scan walks the
// whole image, and a crafted file can hold tens of thousands of tiny ones;
// real encoders write about ten.
const maxJPEGScans = 100

// jpegScans counts the start-of-scan markers of a JPEG, skipping segment
// payloads and entropy-coded data. It stops counting past maxJPEGScans+1.
func jpegScans(data []byte) int {
	n, pos := 0, 2
	for pos+4 <= len(data) && n <= maxJPEGScans {
		if data[pos] != 0xFF {
			pos++ // entropy-coded data
			continue
		}
		marker := data[pos+1]
		switch {
		case marker == 0xFF:
			pos++
			continue
		case marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			pos += 2 // stuffed byte, TEM or restart marker
			continue
		case marker == 0xD9:
			return n
		}
		if marker == 0xDA {
			n++
		}
		pos += 2 + int(binary.BigEndian.Uint16(data[pos+2:]))
	}
	return n
}

// DecodeImage decodes an uploaded image (JPEG, PNG, WebP, TIFF, BMP or GIF)
// within lim, applying the EXIF orientation of a JPEG. The dimensions are
// read from the header and checked before any pixel is decoded, so an image
// declaring absurd dimensions costs no memory. Every failure is an *Error
// with code 1013.
func DecodeImage(data []byte, lim ImageLimits) (image.Image, error) {
	if data == nil {
		data = []byte{}
	}
	src, err := newImageSource("image", "", data, nil, lim.withDefaults())
	if err != nil {
		return nil, err
	}
	return src.decode()
}

// checkHeader identifies the format from the first bytes, reads the
// dimensions from the header and checks them and the size against lim.
func checkHeader(key string, data []byte, lim ImageLimits) (*imageFormat, error) {
	if len(data) == 0 {
		return nil, NewError(CodeInvalidImage, key+": empty image")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: image of %d bytes exceeds the limit of %d bytes", key, len(data), lim.MaxBytes))
	}
	var f *imageFormat
	for i := range imageFormats {
		if imageFormats[i].magic(data) {
			f = &imageFormats[i]
			break
		}
	}
	if f == nil {
		return nil, NewError(CodeInvalidImage, key+": not a supported image (JPEG, PNG, WebP, TIFF, BMP or GIF expected)")
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		what := "corrupt"
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			what = "truncated"
		}
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: %s %s header (%v)", key, what, f.name, err))
	}
	if err := checkDimensions(key, cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	return f, nil
}

func checkDimensions(key string, w, h int, lim ImageLimits) error {
	switch {
	case w <= 0 || h <= 0:
		return NewError(CodeInvalidImage, fmt.Sprintf("%s: image has no pixels (%d×%d)", key, w, h))
	case w > lim.MaxSide || h > lim.MaxSide:
		return NewError(CodeInvalidImage, fmt.Sprintf("%s: image of %d×%d pixels exceeds the limit of %d pixels a side", key, w, h, lim.MaxSide))
	case int64(w)*int64(h) > lim.MaxPixels:
		return NewError(CodeInvalidImage, fmt.Sprintf("%s: image of %d×%d pixels exceeds the limit of %d pixels", key, w, h, lim.MaxPixels))
	}
	return nil
}

// decodeBase64 decodes a request's base64 image. Standard base64 is
// expected; unpadded and URL-safe alphabets and embedded line breaks are
// tolerated. A data: URL prefix is refused, as the contract says.
func decodeBase64(key, s string, maxBytes int64) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
		p := s
		if i := strings.IndexByte(s, ','); i >= 0 && i < 100 {
			p = s[:i+1]
		} else if len(p) > 40 {
			p = p[:40] + "…"
		}
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: base64 must not start with %q; send the bare base64 data", key, p))
	}
	if strings.ContainsAny(s, " \t\r\n") {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, s)
	}
	if int64(base64.RawStdEncoding.DecodedLen(len(s))) > maxBytes {
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: image exceeds the limit of %d bytes", key, maxBytes))
	}
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if !strings.HasSuffix(s, "=") && len(s)%4 != 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	data, err := enc.DecodeString(s)
	if err != nil {
		return nil, NewError(CodeInvalidImage, fmt.Sprintf("%s: not valid base64 (%v)", key, err))
	}
	return data, nil
}
