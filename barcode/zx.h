// C interface to the zxing-cpp shim of package barcode.
#ifndef IDRECOG_BARCODE_ZX_H
#define IDRECOG_BARCODE_ZX_H
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned char *data; // malloc'ed decoded bytes
	int len;
	int pts[8]; // x,y of top-left, top-right, bottom-right, bottom-left
} zx_symbol;

// zx_decode_pdf417 finds PDF417 symbols in an 8-bit grey image. It returns
// the number of symbols and sets *out to a malloc'ed array (free it with
// zx_free_symbols), or returns -1 and sets *err to a malloc'ed message.
int zx_decode_pdf417(const unsigned char *gray, int w, int h, int stride, int try_harder, int try_rotate, int binarizer, zx_symbol **out, char **err);
void zx_free_symbols(zx_symbol *s, int n);

// zx_encode_pdf417 renders data as a PDF417 symbol; it returns a malloc'ed
// w*h grey buffer (0 black, 255 white) and its size, or NULL and *err.
unsigned char *zx_encode_pdf417(const unsigned char *data, int len, int ecc, int margin, int width, int height, int *outw, int *outh, char **err);
void zx_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
