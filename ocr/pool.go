package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

var errNoPool = errors.New("ocr: Pool not made by NewPool")

// Client is one Tesseract instance. It is not safe for concurrent use; take
// it from a Pool with Get and give it back with Put.
type Client struct {
	tc   *gosseract.Client
	lang string
}

// Pool is a bounded pool of Tesseract clients, created on demand and reused.
// It is safe for concurrent use; the zero value is not usable, call NewPool.
//
// At most n clients are in use at once, but up to langSlots×n are kept:
// an idle client keeps the language it was last set to, and a read takes
// an idle client of its language when there is one. Switching a client's
// language re-initialises Tesseract (0.25-0.5 s: the models and
// dictionaries are loaded again), which a document read in several
// languages (a Korean card: kor+eng for the page, eng for the numbers)
// would otherwise pay on almost every read.
type Pool struct {
	size int
	max  int           // clients kept: in use and idle
	sem  chan struct{} // one token per client that may be in use
	mu   sync.Mutex
	idle []*Client // least recently used first
	all  []*Client
	shut bool

	langsOnce sync.Once
	langs     map[string]bool // installed traineddata
}

// language keeps, of a "+"-joined language list, those installed, so that
// a template naming a language this machine lacks still reads with the
// others; "eng" when none is left.
func (p *Pool) language(lang string) string {
	p.langsOnce.Do(func() {
		p.langs = map[string]bool{}
		if ls, err := gosseract.GetAvailableLanguages(); err == nil {
			for _, l := range ls {
				p.langs[l] = true
			}
		}
	})
	if len(p.langs) == 0 {
		return lang // unknown: let Tesseract decide
	}
	var keep []string
	for _, l := range strings.Split(lang, "+") {
		if p.langs[l] {
			keep = append(keep, l)
		}
	}
	if len(keep) == 0 {
		return "eng"
	}
	return strings.Join(keep, "+")
}

// NewPool returns a pool of at most n clients (n <= 0: runtime.NumCPU()).
func NewPool(n int) *Pool {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	return &Pool{size: n, max: n * langSlots, sem: make(chan struct{}, n)}
}

// langSlots is how many clients the pool keeps per client in use: one per
// language list a document commonly needs (a Korean card: eng, kor+eng,
// kor, chi_tra).
const langSlots = 4

// Get returns an idle client, creating one if fewer than the pool's size
// exist, and otherwise waits for one to be Put back or for ctx to end.
func (p *Pool) Get(ctx context.Context) (*Client, error) {
	return p.get(ctx, "")
}

// get is Get preferring an idle client last set to lang (as Pool.language
// returns it): the most recently used of them; else a new client while
// fewer than the pool's max exist; else the least recently used idle one.
func (p *Pool) get(ctx context.Context, lang string) (*Client, error) {
	if p == nil || p.sem == nil {
		return nil, errNoPool
	}
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shut {
		<-p.sem
		return nil, ErrClosed
	}
	for i := len(p.idle) - 1; i >= 0; i-- {
		if c := p.idle[i]; c.lang == lang {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return c, nil
		}
	}
	if len(p.all) >= max(p.max, p.size) && len(p.idle) > 0 {
		c := p.idle[0]
		p.idle = p.idle[1:]
		return c, nil
	}
	c := &Client{tc: gosseract.NewClient()}
	c.tc.Trim = true
	_ = c.tc.SetVariable(gosseract.DEBUG_FILE, "/dev/null")
	p.all = append(p.all, c)
	return c, nil
}

// Put gives c back to the pool. Putting nil is a no-op; after Close the
// client is closed instead.
func (p *Pool) Put(c *Client) {
	if c == nil {
		return
	}
	p.mu.Lock()
	if p.shut {
		p.mu.Unlock()
		<-p.sem
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	<-p.sem
}

// Close closes every client the pool made; clients still out are closed as
// well, so call it when no read is running. It is safe to call twice.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shut {
		return nil
	}
	p.shut = true
	var first error
	for _, c := range p.all {
		if c.tc != nil {
			if err := c.tc.Close(); err != nil && first == nil {
				first = err
			}
			c.tc = nil
		}
	}
	p.all, p.idle = nil, nil
	return first
}

// ReadRegion implements Engine with a pooled client: it preprocesses img,
// runs Tesseract, and for single-line or single-word reads retries on an
// Otsu-binarised image when the first read's score is low, keeping the
// better read. Boxes are in img's pixels.
func (p *Pool) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (Text, error) {
	if img == nil || img.Rect.Dx() < 2 || img.Rect.Dy() < 2 {
		return Text{}, fmt.Errorf("ocr: region image too small")
	}
	if err := ctx.Err(); err != nil {
		return Text{}, err
	}
	if Blank(img) {
		return Text{}, nil
	}
	if lang == "" {
		lang = "eng"
	}
	lang = p.language(lang)
	c, err := p.get(ctx, lang)
	if err != nil {
		return Text{}, err
	}
	defer p.Put(c)
	pre := Prepare(img)
	t, err := c.read(pre, lang, whitelist, psm)
	if err != nil {
		return Text{}, err
	}
	if t.Score < 75 && ctx.Err() == nil && (psm == PSMLine || psm == PSMWord || psm == 13) {
		bin := pre
		bin.Img = Binarize(pre.Img)
		if t2, err := c.read(bin, lang, whitelist, psm); err == nil && t2.Score > t.Score && t2.Value != "" {
			t = t2
		}
	}
	return t, nil
}

// ReadLines implements LineReader: it reads the images of imgs, one text
// line each, in one Tesseract call: the prepared images, each cut to its
// ink and a narrow white margin, are stacked, a blank band between them,
// and read as a block (PSM 6), and each word is
// given back to the image whose band holds it. One client is taken once,
// and Tesseract's inverted retry of low-confidence lines is off
// (tessedit_do_invert=0: the images are dark text on white). A blank image
// gives an empty Text; out[i] is imgs[i]'s read.
func (p *Pool) ReadLines(ctx context.Context, imgs []*image.Gray, lang, whitelist string) ([]Text, error) {
	out := make([]Text, len(imgs))
	if len(imgs) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type strip struct {
		i    int // index in imgs
		pre  Prepared
		crop image.Rectangle // the part of pre.Img stacked: its ink and a margin
		y    int             // top in the stack
	}
	var strips []strip
	w, h := 0, 0
	for i, img := range imgs {
		if img == nil || img.Rect.Dx() < 2 || img.Rect.Dy() < 2 || Blank(img) {
			continue
		}
		pre := Prepare(img)
		crop := inkBox(pre.Img, 128).Inset(-stackMargin).Intersect(pre.Img.Rect)
		if crop.Empty() {
			continue
		}
		strips = append(strips, strip{i: i, pre: pre, crop: crop, y: h})
		w = max(w, crop.Dx())
		h += crop.Dy() + stackGap
	}
	if len(strips) == 0 {
		return out, nil
	}
	stack := image.NewGray(image.Rect(0, 0, w, h))
	for i := range stack.Pix {
		stack.Pix[i] = 255
	}
	for _, s := range strips {
		g, r := s.pre.Img, s.crop
		for y := 0; y < r.Dy(); y++ {
			copy(stack.Pix[(s.y+y)*stack.Stride:], g.Pix[g.PixOffset(r.Min.X, r.Min.Y+y):g.PixOffset(r.Max.X, r.Min.Y+y)])
		}
	}
	if lang == "" {
		lang = "eng"
	}
	lang = p.language(lang)
	c, err := p.get(ctx, lang)
	if err != nil {
		return nil, err
	}
	defer p.Put(c)
	if c.tc == nil {
		return nil, ErrClosed
	}
	_ = c.tc.SetVariable("tessedit_do_invert", "0")
	defer func() {
		if c.tc != nil {
			_ = c.tc.SetVariable("tessedit_do_invert", "1")
		}
	}()
	ws, err := c.words(Prepared{Img: stack, Scale: 1}, lang, whitelist, PSMBlock)
	if err != nil {
		return nil, err
	}
	per := make([][]word, len(imgs))
	for _, wd := range ws {
		cy := (wd.box.Min.Y + wd.box.Max.Y) / 2
		k := sort.Search(len(strips), func(j int) bool { return strips[j].y > cy }) - 1
		if k < 0 {
			continue
		}
		s := strips[k]
		if cy >= s.y+s.crop.Dy() {
			continue // in the gap
		}
		wd.box = s.pre.Unmap(wd.box.Sub(image.Pt(0, s.y)).Add(s.crop.Min))
		wd.line = [3]int{0, 0, 0} // one line per image
		per[s.i] = append(per[s.i], wd)
	}
	for i, pw := range per {
		if len(pw) > 0 {
			out[i] = assemble(pw)
		}
	}
	return out, nil
}

// stackGap is the blank band between stacked line images, px; each image
// is cut to its ink and stackMargin px of white around it (Tesseract's
// cost grows with the pixels it is given, not only with the text).
const (
	stackGap    = 24
	stackMargin = 8
)

// inkBox returns the bounding box of img's pixels darker than t; empty
// when there are none.
func inkBox(img *image.Gray, t uint8) image.Rectangle {
	var b image.Rectangle
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, y):img.PixOffset(img.Rect.Max.X, y)]
		x0, x1 := -1, -1
		for i, v := range row {
			if v < t {
				if x0 < 0 {
					x0 = i
				}
				x1 = i
			}
		}
		if x0 >= 0 {
			b = b.Union(image.Rect(img.Rect.Min.X+x0, y, img.Rect.Min.X+x1+1, y+1))
		}
	}
	return b
}

// read runs Tesseract on a prepared image and maps boxes back.
func (c *Client) read(pre Prepared, lang, whitelist string, psm int) (Text, error) {
	ws, err := c.words(pre, lang, whitelist, psm)
	if err != nil {
		return Text{}, err
	}
	return assemble(ws), nil
}

// words runs Tesseract on a prepared image and returns its words, boxes
// mapped back to the input image.
func (c *Client) words(pre Prepared, lang, whitelist string, psm int) ([]word, error) {
	if c.tc == nil {
		return nil, ErrClosed
	}
	if lang == "" {
		lang = "eng"
	}
	if psm <= 0 {
		psm = PSMLine
	}
	if lang != c.lang {
		if err := c.tc.SetLanguage(strings.Split(lang, "+")...); err != nil {
			return nil, fmt.Errorf("ocr: %w", err)
		}
		c.lang = lang
	}
	_ = c.tc.SetWhitelist(whitelist)
	_ = c.tc.SetVariable("tessedit_pageseg_mode", strconv.Itoa(psm))
	_ = c.tc.SetVariable("user_defined_dpi", "300")
	data, err := encodeBMP(pre.Img)
	if err != nil {
		return nil, err
	}
	if err := c.tc.SetImageFromBytes(data); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	words, err := c.tc.GetBoundingBoxesVerbose()
	if err != nil {
		c.lang = "" // force a fresh init next time
		return nil, fmt.Errorf("ocr: %w", err)
	}
	ws := make([]word, 0, len(words))
	for _, w := range words {
		txt := strings.TrimSpace(w.Word)
		if txt == "" || w.Confidence < 0 {
			continue
		}
		ws = append(ws, word{
			text: txt, conf: w.Confidence, box: pre.Unmap(w.Box),
			line: [3]int{w.BlockNum, w.ParNum, w.LineNum}, n: w.WordNum,
		})
	}
	return ws, nil
}

type word struct {
	text string
	conf float64
	box  image.Rectangle
	line [3]int
	n    int
}

// assemble groups words into lines (Tesseract's block/paragraph/line
// numbers), orders lines top to bottom, and scores them.
func assemble(ws []word) Text {
	type acc struct {
		words []word
	}
	byLine := map[[3]int]*acc{}
	var order [][3]int
	for _, w := range ws {
		a, ok := byLine[w.line]
		if !ok {
			a = &acc{}
			byLine[w.line] = a
			order = append(order, w.line)
		}
		a.words = append(a.words, w)
	}
	var t Text
	var sumConf, sumN float64
	for _, k := range order {
		a := byLine[k]
		sort.Slice(a.words, func(i, j int) bool { return a.words[i].box.Min.X < a.words[j].box.Min.X })
		var l Line
		var parts []string
		var lc, ln float64
		var hs []int
		for _, w := range a.words {
			parts = append(parts, w.text)
			n := float64(len([]rune(w.text)))
			lc += w.conf * n
			ln += n
			l.Box = l.Box.Union(w.box)
			l.Words = append(l.Words, Word{Value: w.text, Score: clampScore(w.conf), Box: w.box})
			hs = append(hs, w.box.Dy())
		}
		sort.Ints(hs)
		l.Value = strings.Join(parts, " ")
		l.Score = clampScore(lc / ln)
		l.Height = hs[len(hs)/2]
		sumConf += lc
		sumN += ln
		t.Lines = append(t.Lines, l)
		t.Box = t.Box.Union(l.Box)
	}
	t.SortLines()
	if sumN > 0 {
		t.Score = clampScore(sumConf / sumN)
	}
	return t
}

func clampScore(c float64) int {
	switch {
	case c < 0:
		return 0
	case c > 100:
		return 100
	}
	return int(c + 0.5)
}
