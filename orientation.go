package idrecog

import (
	"encoding/binary"
	"image"
	"image/draw"
)

// jpegOrientation returns the EXIF orientation (1-8) of a JPEG from its APP1
// segment, or 1 when there is none or it cannot be read. Only the markers
// before the first scan are looked at; every offset is bounds-checked.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	pos := 2
	for pos+4 <= len(data) {
		if data[pos] != 0xFF {
			return 1
		}
		marker := data[pos+1]
		switch {
		case marker == 0xFF: // fill byte
			pos++
			continue
		case marker == 0xD9 || marker == 0xDA: // end of image, start of scan
			return 1
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7): // no length
			pos += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[pos+2:]))
		if n < 2 || pos+2+n > len(data) {
			return 1
		}
		seg := data[pos+4 : pos+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		pos += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from IFD0 of an EXIF TIFF structure; 0
// when absent or invalid.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 0
	}
	count := int64(bo.Uint16(t[off:]))
	for i := int64(0); i < count; i++ {
		e := off + 2 + 12*i
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if typ != 3 || n != 1 { // SHORT, one value, stored inline
			return 0
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 0
	}
	return 0
}

// applyOrientation returns img transformed so that an image stored with EXIF
// orientation o displays upright: 2 mirror, 3 rotate 180°, 4 flip, 5
// transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90°
// counter-clockwise. Orientation 1 (or anything else) returns img as is.
// Grey and YCbCr (4:4:4, 4:2:0) images keep their type, so that a JPEG's
// luminance plane stays one plane; others become *image.RGBA.
func applyOrientation(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	switch m := img.(type) {
	case *image.Gray:
		dst := image.NewGray(image.Rect(0, 0, dw, dh))
		orientPlane(dst.Pix, dst.Stride, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, w, h, 1, o)
		return dst
	case *image.YCbCr:
		if m.SubsampleRatio != image.YCbCrSubsampleRatio444 && m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
			break // not symmetric under a quarter turn
		}
		dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), m.SubsampleRatio)
		orientPlane(dst.Y, dst.YStride, m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, w, h, 1, o)
		cw, ch := w, h
		if m.SubsampleRatio == image.YCbCrSubsampleRatio420 {
			cw, ch = (b.Max.X+1)/2-b.Min.X/2, (b.Max.Y+1)/2-b.Min.Y/2
		}
		c := m.COffset(b.Min.X, b.Min.Y)
		orientPlane(dst.Cb, dst.CStride, m.Cb[c:], m.CStride, cw, ch, 1, o)
		orientPlane(dst.Cr, dst.CStride, m.Cr[c:], m.CStride, cw, ch, 1, o)
		return dst
	}
	rgba, ok := img.(*image.RGBA)
	if !ok || b.Min != (image.Point{}) {
		rgba = image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	orientPlane(dst.Pix, dst.Stride, rgba.Pix, rgba.Stride, w, h, 4, o)
	return dst
}

// orientPlane writes the w×h plane src (bpp bytes a pixel) into dst,
// transformed for EXIF orientation o; dst must hold the transformed size
// (h×w for orientations 5-8). Every destination pixel reads the source
// pixel that ends up there.
func orientPlane(dst []byte, dstStride int, src []byte, srcStride, w, h, bpp, o int) {
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	for y := 0; y < dh; y++ {
		row := dst[y*dstStride : y*dstStride+bpp*dw]
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = w-1-x, y
			case 3:
				sx, sy = w-1-x, h-1-y
			case 4:
				sx, sy = x, h-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, h-1-x
			case 7:
				sx, sy = w-1-y, h-1-x
			case 8:
				sx, sy = w-1-y, x
			default:
				sx, sy = x, y
			}
			copy(row[bpp*x:bpp*x+bpp], src[sy*srcStride+bpp*sx:])
		}
	}
}
