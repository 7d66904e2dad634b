// Leak check of the C shim of package barcode, outside Go (valgrind cannot
// follow the Go runtime well):
//
//	g++ -std=c++17 -O1 -g -DZX_USE_UTF8 -I../.. main.cpp ../../zx.cpp -lZXing -o /tmp/zxleak
//	valgrind --leak-check=full --error-exitcode=1 /tmp/zxleak
//
// It encodes and decodes payloads of every size class, decodes blank and
// noise images (nothing found) and provokes the error path (empty data).
#include "zx.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main() {
	int fails = 0;
	for (int i = 0; i < 40; i++) {
		std::vector<unsigned char> data(20 + i * 23);
		for (size_t k = 0; k < data.size(); k++) data[k] = (unsigned char)(k * 7 + i);
		int w = 0, h = 0;
		char *err = nullptr;
		unsigned char *img = zx_encode_pdf417(data.data(), (int)data.size(), -1, 0, 0, 0, &w, &h, &err);
		if (!img) {
			fprintf(stderr, "encode: %s\n", err);
			zx_free(err);
			return 1;
		}
		// 3x magnification with a quiet zone, as the Go side does.
		int W = w * 3 + 20, H = h * 3 + 20;
		std::vector<unsigned char> big(W * H, 255);
		for (int y = 0; y < h * 3; y++)
			for (int x = 0; x < w * 3; x++) big[(y + 10) * W + x + 10] = img[(y / 3) * w + x / 3];
		zx_free(img);
		zx_symbol *syms = nullptr;
		int n = zx_decode_pdf417(big.data(), W, H, W, 1, 1, 0, &syms, &err);
		if (n < 1 || syms[0].len != (int)data.size() || memcmp(syms[0].data, data.data(), data.size()) != 0) fails++;
		if (n < 0) zx_free(err);
		zx_free_symbols(syms, n > 0 ? n : 0);
		// nothing to find
		std::vector<unsigned char> noise(300 * 200);
		for (auto &v : noise) v = (unsigned char)(rand() & 255);
		n = zx_decode_pdf417(noise.data(), 300, 200, 300, 1, 1, i % 3, &syms, &err);
		if (n < 0) zx_free(err);
		zx_free_symbols(syms, n > 0 ? n : 0);
	}
	char *err = nullptr;
	int w, h;
	unsigned char *img = zx_encode_pdf417((const unsigned char *)"", 0, -1, 0, 0, 0, &w, &h, &err);
	if (img) zx_free(img);
	if (err) zx_free(err);
	printf("round trips failed: %d/40\n", fails);
	return fails != 0;
}
