// zxing-cpp shim for package barcode: plain C entry points, every C++
// exception caught, every buffer handed to Go malloc'ed.
#include "zx.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

static char *dupmsg(const char *m) {
	size_t n = strlen(m);
	char *s = (char *)malloc(n + 1);
	if (s) memcpy(s, m, n + 1);
	return s;
}

extern "C" int zx_decode_pdf417(const unsigned char *gray, int w, int h, int stride, int try_harder, int try_rotate, int binarizer, zx_symbol **out, char **err) {
	*out = nullptr;
	try {
		ZXing::ImageView view(gray, w, h, ZXing::ImageFormat::Lum, stride, 1);
		ZXing::DecodeHints hints;
		hints.setFormats(ZXing::BarcodeFormat::PDF417);
		hints.setTryHarder(try_harder != 0);
		hints.setTryRotate(try_rotate != 0);
		hints.setTryDownscale(true);
		if (binarizer == 1) hints.setBinarizer(ZXing::Binarizer::GlobalHistogram);
		if (binarizer == 2) hints.setBinarizer(ZXing::Binarizer::FixedThreshold);
		auto results = ZXing::ReadBarcodes(view, hints);
		int n = 0;
		for (auto &r : results)
			if (r.isValid()) n++;
		if (n == 0) return 0;
		zx_symbol *s = (zx_symbol *)calloc(n, sizeof(zx_symbol));
		if (!s) {
			*err = dupmsg("out of memory");
			return -1;
		}
		int i = 0;
		for (auto &r : results) {
			if (!r.isValid()) continue;
			const auto &b = r.bytes();
			s[i].len = (int)b.size();
			s[i].data = (unsigned char *)malloc(b.size() > 0 ? b.size() : 1);
			if (!s[i].data) {
				zx_free_symbols(s, n);
				*err = dupmsg("out of memory");
				return -1;
			}
			if (!b.empty()) memcpy(s[i].data, b.data(), b.size());
			const auto &p = r.position();
			for (int k = 0; k < 4; k++) {
				s[i].pts[2 * k] = p[k].x;
				s[i].pts[2 * k + 1] = p[k].y;
			}
			i++;
		}
		*out = s;
		return n;
	} catch (const std::exception &e) {
		*err = dupmsg(e.what());
	} catch (...) {
		*err = dupmsg("unknown C++ exception");
	}
	return -1;
}

extern "C" void zx_free_symbols(zx_symbol *s, int n) {
	if (!s) return;
	for (int i = 0; i < n; i++) free(s[i].data);
	free(s);
}

extern "C" unsigned char *zx_encode_pdf417(const unsigned char *data, int len, int ecc, int margin, int width, int height, int *outw, int *outh, char **err) {
	try {
		// One wide character per byte, written back as ISO 8859-1: the
		// bytes go through unchanged (binary-safe).
		std::wstring ws(len, L'\0');
		for (int i = 0; i < len; i++) ws[i] = (wchar_t)data[i];
		auto writer = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::PDF417).setEncoding(ZXing::CharacterSet::ISO8859_1).setMargin(margin);
		if (ecc >= 0) writer.setEccLevel(ecc);
		ZXing::BitMatrix m = writer.encode(ws, width, height);
		int w = m.width(), h = m.height();
		unsigned char *buf = (unsigned char *)malloc((size_t)w * h > 0 ? (size_t)w * h : 1);
		if (!buf) {
			*err = dupmsg("out of memory");
			return nullptr;
		}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) buf[y * w + x] = m.get(x, y) ? 0 : 255;
		*outw = w;
		*outh = h;
		return buf;
	} catch (const std::exception &e) {
		*err = dupmsg(e.what());
	} catch (...) {
		*err = dupmsg("unknown C++ exception");
	}
	return nullptr;
}

extern "C" void zx_free(void *p) { free(p); }
