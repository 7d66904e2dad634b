package ocr

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const dejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// render draws text in black on white at the given font size (px), with
// a margin, at an offset origin so that boxes must be mapped correctly.
func render(t testing.TB, text string, size float64) *image.Gray {
	t.Helper()
	data, err := os.ReadFile(dejaVu)
	if err != nil {
		t.Skipf("font: %v", err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	adv := font.MeasureString(face, text).Ceil()
	m := int(size)
	r := image.Rect(100, 50, 100+adv+2*m, 50+int(size*1.6)+m)
	img := image.NewGray(r)
	draw.Draw(img, r, image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face,
		Dot: fixed.P(r.Min.X+m, r.Min.Y+m/2+int(size))}
	d.DrawString(text)
	return img
}

func TestReadRegionRendered(t *testing.T) {
	p := NewPool(1)
	defer p.Close()
	tests := []struct {
		text, whitelist string
		size            float64
		psm             int
	}{
		{"PASSPORT OFFICE", "", 40, PSMLine},
		{"PASSPORT OFFICE", "", 14, PSMLine}, // small: upscaled
		{"16 APR/AVR 07", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ /.", 28, PSMLine},
		{"L898902C3", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 120, PSMLine}, // large: downscaled
	}
	for _, tt := range tests {
		img := render(t, tt.text, tt.size)
		got, err := p.ReadRegion(context.Background(), img, "eng", tt.whitelist, tt.psm)
		if err != nil {
			t.Fatal(err)
		}
		if got.Value != tt.text {
			t.Errorf("size %v: read %q, want %q", tt.size, got.Value, tt.text)
		}
		if got.Score < 70 || got.Score > 100 {
			t.Errorf("size %v: score %d for a clean render", tt.size, got.Score)
		}
		// The text box lies inside the region, away from its margins.
		if !got.Box.In(img.Rect) || got.Box.Empty() || got.Box.Min.X < img.Rect.Min.X+int(tt.size)/2 {
			t.Errorf("size %v: box %v not inside the text area of %v", tt.size, got.Box, img.Rect)
		}
		if len(got.Lines) != 1 {
			t.Errorf("size %v: %d lines", tt.size, len(got.Lines))
		}
	}
}

func TestReadRegionCaptionAndValue(t *testing.T) {
	small, big := render(t, "Date of issue/ Date de délivrance", 16), render(t, "16 APR/AVR 07", 30)
	w := max(small.Rect.Dx(), big.Rect.Dx())
	img := image.NewGray(image.Rect(0, 0, w, small.Rect.Dy()+big.Rect.Dy()))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(img, small.Rect.Sub(small.Rect.Min), small, small.Rect.Min, draw.Src)
	draw.Draw(img, big.Rect.Sub(big.Rect.Min).Add(image.Pt(0, small.Rect.Dy())), big, big.Rect.Min, draw.Src)
	p := NewPool(1)
	defer p.Close()
	got, err := p.ReadRegion(context.Background(), img, "eng", "", PSMBlock)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Lines) != 2 {
		t.Fatalf("lines %q, want caption and value", got.Value)
	}
	if got.Lines[1].Value != "16 APR/AVR 07" || got.Lines[1].Height <= got.Lines[0].Height {
		t.Errorf("value line %+v, caption line %+v: want the value below and taller", got.Lines[1], got.Lines[0])
	}
}

func TestReadRegionBadInput(t *testing.T) {
	p := NewPool(1)
	defer p.Close()
	for _, img := range []*image.Gray{nil, image.NewGray(image.Rect(0, 0, 1, 1)), image.NewGray(image.Rect(5, 5, 5, 40))} {
		if _, err := p.ReadRegion(context.Background(), img, "eng", "", 7); err == nil {
			t.Errorf("ReadRegion(%v) did not fail", img)
		}
	}
	blank := image.NewGray(image.Rect(0, 0, 200, 60))
	draw.Draw(blank, blank.Rect, image.White, image.Point{}, draw.Src)
	got, err := p.ReadRegion(context.Background(), blank, "eng", "", 7)
	if err != nil || strings.TrimSpace(got.Value) != "" {
		t.Errorf("blank region read %q, %v", got.Value, err)
	}
	img := render(t, "ZENITH", 30)
	// A language this machine lacks is dropped: the read falls back to
	// the installed ones.
	if got, err := p.ReadRegion(context.Background(), img, "no-such-language", "", 7); err != nil || got.Value != "ZENITH" {
		t.Errorf("unknown language: %q, %v; want a read with eng", got.Value, err)
	}
	if got, err := p.ReadRegion(context.Background(), img, "eng+no-such-language", "", 7); err != nil || got.Value != "ZENITH" {
		t.Errorf("eng+unknown: %q, %v", got.Value, err)
	}
	// The pool still works after a failed init.
	if got, err := p.ReadRegion(context.Background(), img, "eng", "", 7); err != nil || got.Value != "ZENITH" {
		t.Errorf("after a failure: %q, %v", got.Value, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.ReadRegion(ctx, img, "eng", "", 7); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestPoolBoundedAndClose(t *testing.T) {
	p := NewPool(2)
	ctx := context.Background()
	a, err := p.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := p.Get(tctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("third Get on a pool of 2: %v, want a deadline error", err)
	}
	p.Put(a)
	c, err := p.Get(ctx)
	if err != nil || c != a {
		t.Errorf("Get after Put = %p, %v; want the idle client %p back", c, err, a)
	}
	p.Put(c)
	p.Put(b)
	p.Put(nil)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := p.Get(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v", err)
	}
}

// TestPoolKeepsLanguages checks that a read takes an idle client already
// set to its language, that the pool keeps at most langSlots clients per
// client in use, and that beyond that the least recently used idle client
// is switched.
func TestPoolKeepsLanguages(t *testing.T) {
	p := NewPool(1)
	defer p.Close()
	ctx := context.Background()
	take := func(lang string) *Client {
		t.Helper()
		c, err := p.get(ctx, lang)
		if err != nil {
			t.Fatal(err)
		}
		c.lang = lang // as a read in lang leaves it
		p.Put(c)
		return c
	}
	eng := take("eng")
	kor := take("kor+eng")
	if kor == eng {
		t.Fatal("kor+eng took the eng client although the pool may keep more")
	}
	if got := take("eng"); got != eng {
		t.Errorf("eng read took %p, want the eng client %p", got, eng)
	}
	if got := take("kor+eng"); got != kor {
		t.Errorf("kor+eng read took %p, want the kor+eng client %p", got, kor)
	}
	made := map[*Client]bool{eng: true, kor: true}
	for _, lang := range []string{"hin+eng", "kor", "chi_tra"}[:langSlots-2] {
		c := take(lang)
		if made[c] {
			t.Errorf("%s switched a client instead of making one", lang)
		}
		made[c] = true
	}
	// The pool is full (langSlots clients for 1 worker): another language
	// takes the least recently used client, eng.
	if got := take("jpn"); got != eng {
		t.Errorf("one language too many took %p, want the least recently used (eng) %p", got, eng)
	}
	if n := len(p.all); n != langSlots {
		t.Errorf("pool of 1 made %d clients, want %d", n, langSlots)
	}
}

func TestZeroPoolDoesNotHang(t *testing.T) {
	var p Pool
	if _, err := p.Get(context.Background()); err == nil {
		t.Error("Get on a zero Pool did not fail")
	}
	if _, err := p.ReadRegion(context.Background(), render(t, "KMA", 30), "eng", "", 7); err == nil {
		t.Error("ReadRegion on a zero Pool did not fail")
	}
	if err := p.Close(); err != nil {
		t.Error(err)
	}
}

func TestPoolConcurrent(t *testing.T) {
	p := NewPool(2)
	defer p.Close()
	img := render(t, "ANNA MARIA", 30)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := p.ReadRegion(context.Background(), img, "eng", "", 7)
			if err == nil && got.Value != "ANNA MARIA" {
				err = errors.New("read " + got.Value)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := len(p.all); n > 2 {
		t.Errorf("%d clients made by a pool of 2", n)
	}
}

func TestPrepareUnmap(t *testing.T) {
	img := render(t, "KMA", 10)
	pre := Prepare(img)
	if pre.Scale <= 1 {
		t.Fatalf("scale %v for 10 px text, want an upscale", pre.Scale)
	}
	h := TextHeight(pre.Img)
	if h < minLineHeight || h > maxLineHeight {
		t.Errorf("prepared text height %d, want %d-%d", h, minLineHeight, maxLineHeight)
	}
	// The whole prepared image maps back onto the input (up to rounding),
	// margin excluded.
	inner := image.Rect(pre.Pad, pre.Pad, pre.Img.Rect.Dx()-pre.Pad, pre.Img.Rect.Dy()-pre.Pad)
	back := pre.Unmap(inner)
	if d := back.Min.Sub(img.Rect.Min); abs(d.X) > 1 || abs(d.Y) > 1 {
		t.Errorf("Unmap min %v, want %v", back.Min, img.Rect.Min)
	}
	if d := back.Max.Sub(img.Rect.Max); abs(d.X) > 1 || abs(d.Y) > 1 {
		t.Errorf("Unmap max %v, want %v", back.Max, img.Rect.Max)
	}
}

func TestTextHeightAndOtsu(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 50, 50))
	if h := TextHeight(blank); h != 0 {
		t.Errorf("TextHeight(blank) = %d", h)
	}
	img := image.NewGray(image.Rect(0, 0, 100, 100))
	draw.Draw(img, img.Rect, image.NewUniform(image.White.C), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(10, 30, 90, 50), image.Black, image.Point{}, draw.Src)
	if h := TextHeight(img); h != 20 {
		t.Errorf("TextHeight = %d, want 20", h)
	}
	if th := Otsu(img); th == 0 || th == 255 {
		t.Errorf("Otsu = %d for a black/white image", th)
	}
	b := Binarize(img)
	if b.GrayAt(50, 40).Y != 0 || b.GrayAt(5, 5).Y != 255 {
		t.Error("Binarize kept neither ink nor paper")
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func BenchmarkReadRegion(b *testing.B) {
	p := NewPool(1)
	defer p.Close()
	img := render(b, "PASSPORT OFFICE", 28)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.ReadRegion(context.Background(), img, "eng", "", 7); err != nil {
			b.Fatal(err)
		}
	}
}

func TestClearEdgeBands(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 100, 60))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(10, 0, 90, 5), image.Black, image.Point{}, draw.Src)   // cut-off line above
	draw.Draw(img, image.Rect(10, 20, 90, 45), image.Black, image.Point{}, draw.Src) // the value
	draw.Draw(img, image.Rect(10, 55, 40, 60), image.Black, image.Point{}, draw.Src) // caption below
	clearEdgeBands(img)
	if img.GrayAt(50, 2).Y != 255 || img.GrayAt(20, 57).Y != 255 {
		t.Error("edge bands kept")
	}
	if img.GrayAt(50, 30).Y != 0 {
		t.Error("value band cleared")
	}
	// A lone band touching the edge is the text itself: kept.
	one := image.NewGray(image.Rect(0, 0, 100, 30))
	draw.Draw(one, one.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(one, image.Rect(10, 0, 90, 20), image.Black, image.Point{}, draw.Src)
	clearEdgeBands(one)
	if one.GrayAt(50, 5).Y != 0 {
		t.Error("single band cleared")
	}
}

func TestReadLinesStacked(t *testing.T) {
	p := NewPool(1)
	defer p.Close()
	texts := []string{"PASSPORT OFFICE", "", "16 APR 2007", "Date of issue", "ANNA MARIA"}
	sizes := []float64{30, 30, 40, 16, 28}
	imgs := make([]*image.Gray, len(texts))
	for i, tx := range texts {
		if tx == "" {
			imgs[i] = image.NewGray(image.Rect(0, 0, 80, 30)) // blank (all one shade)
			continue
		}
		imgs[i] = render(t, tx, sizes[i])
	}
	got, err := p.ReadLines(context.Background(), imgs, "eng", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("%d reads for %d images", len(got), len(texts))
	}
	for i, tx := range texts {
		if got[i].Value != tx {
			t.Errorf("image %d: read %q, want %q", i, got[i].Value, tx)
		}
		if tx != "" && (!got[i].Box.In(imgs[i].Rect) || got[i].Box.Empty()) {
			t.Errorf("image %d: box %v outside %v", i, got[i].Box, imgs[i].Rect)
		}
		if tx != "" {
			// Each image is stacked cut to its ink: the words' boxes are
			// mapped back onto the text, not shifted by the cut.
			ink, b := inkBox(imgs[i], Otsu(imgs[i])), got[i].Box
			in := ink.Intersect(b)
			if iou := float64(in.Dx()*in.Dy()) / float64(ink.Dx()*ink.Dy()+b.Dx()*b.Dy()-in.Dx()*in.Dy()); iou < 0.6 {
				t.Errorf("image %d: box %v, text at %v (IoU %.2f)", i, b, ink, iou)
			}
		}
	}
	if out, err := p.ReadLines(context.Background(), nil, "eng", ""); err != nil || len(out) != 0 {
		t.Errorf("no images: %v, %v", out, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.ReadLines(ctx, imgs, "eng", ""); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestInkBox(t *testing.T) {
	g := image.NewGray(image.Rect(10, 20, 60, 50))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	if b := inkBox(g, 128); !b.Empty() {
		t.Errorf("blank image: %v", b)
	}
	g.SetGray(15, 25, color.Gray{Y: 10})
	g.SetGray(40, 31, color.Gray{Y: 100})
	g.SetGray(30, 45, color.Gray{Y: 200}) // lighter than the threshold
	if b, want := inkBox(g, 128), image.Rect(15, 25, 41, 32); b != want {
		t.Errorf("inkBox = %v, want %v", b, want)
	}
}
