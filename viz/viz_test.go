package viz

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
	"github.com/idrecog/idrecog/ocr"
)

// fakeEngine answers from a table keyed by the crop's Rect (template px),
// and records what it was given. It finds the dark block drawn in the crop
// and reports it as the text box.
type fakeEngine struct {
	text  map[image.Rectangle]ocr.Text
	crops []*image.Gray
	fail  error
}

func (e *fakeEngine) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	e.crops = append(e.crops, img)
	if e.fail != nil {
		return ocr.Text{}, e.fail
	}
	t := e.text[img.Rect]
	var box image.Rectangle
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if img.GrayAt(x, y).Y < 100 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if t.Value != "" && len(t.Lines) == 0 {
		t.Box = box
		t.Lines = []ocr.Line{{Value: t.Value, Score: t.Score, Box: box, Height: box.Dy()}}
	}
	return t, nil
}

var testTemplate = &doctype.Template{
	Name: "test", Format: "TD3", Side: "front", Size: image.Pt(1476, 1039),
	Fields: []doctype.Field{
		{Key: "surname", Region: image.Rect(500, 236, 1000, 286), Kind: doctype.KindName, Normalizer: "name", PSM: 7, Required: true, MinScore: 60},
		{Key: "issue_date", Region: image.Rect(500, 650, 1000, 699), Kind: doctype.KindDate, Normalizer: "date_past", PSM: 7, Required: true, MinScore: 60},
		{Key: "expiry_date", Region: image.Rect(500, 728, 1000, 782), Kind: doctype.KindDate, Normalizer: "date_expiry", PSM: 7},
		{Key: "authority", Region: image.Rect(1040, 647, 1440, 699), Kind: doctype.KindText, Normalizer: "text", PSM: 7, Required: true, MinScore: 60},
	},
}

// photo renders a canonical page (white, with a dark block inside each
// field's region at a known place) into an upload through docToImage.
func photo(t *testing.T, docToImage geometry.Homography, size image.Point, blocks map[string]image.Rectangle) *image.RGBA {
	t.Helper()
	canon := image.NewGray(image.Rectangle{Max: testTemplate.Size})
	draw.Draw(canon, canon.Rect, image.White, image.Point{}, draw.Src)
	for _, b := range blocks {
		draw.Draw(canon, b, image.Black, image.Point{}, draw.Src)
	}
	inv, err := docToImage.Inverse()
	if err != nil {
		t.Fatal(err)
	}
	up := image.NewRGBA(image.Rectangle{Max: size})
	for y := 0; y < size.Y; y++ {
		for x := 0; x < size.X; x++ {
			p := inv.Apply(geometry.Pt(float64(x)+0.5, float64(y)+0.5))
			c := uint8(255)
			if ix, iy := int(math.Floor(p.X)), int(math.Floor(p.Y)); image.Pt(ix, iy).In(canon.Rect) {
				c = canon.GrayAt(ix, iy).Y
			}
			up.Set(x, y, color.RGBA{c, c, c, 255})
		}
	}
	return up
}

func TestReadMapsRegionsAndBoxes(t *testing.T) {
	// The upload holds the page rotated by 90° clockwise and scaled by
	// 0.6: canonical (x, y) → upload (H - 0.6 y, 0.6 x).
	docToImage := geometry.Translate(0.6*1039, 0).Mul(geometry.Rotate(math.Pi / 2)).Mul(geometry.Scale(0.6, 0.6))
	blocks := map[string]image.Rectangle{
		"surname":    image.Rect(520, 245, 700, 277),
		"issue_date": image.Rect(525, 659, 768, 690),
		"authority":  image.Rect(1068, 656, 1394, 690),
	}
	img := photo(t, docToImage, image.Pt(624, 886), blocks)
	eng := &fakeEngine{text: map[image.Rectangle]ocr.Text{
		testTemplate.Fields[0].Region: {Value: "Eriksson", Score: 95},
		testTemplate.Fields[1].Region: {Value: "16 APR/AVR 07", Score: 90},
		testTemplate.Fields[3].Region: {Value: "PASSPORT 0FFICE", Score: 40},
	}}
	reading := &fields.MRZReading{DocSize: testTemplate.Size, DocToImage: docToImage}
	got, err := ReadWith(context.Background(), img, reading, testTemplate, eng, &Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// Two fields read well; the empty expiry and the low-score authority
	// are retried shifted up and down.
	if len(eng.crops) != len(testTemplate.Fields)+4 {
		t.Fatalf("%d regions read, want %d", len(eng.crops), len(testTemplate.Fields)+4)
	}
	if len(got) != 3 {
		t.Fatalf("got %d fields (%+v), want 3: the empty expiry left out", len(got), got)
	}
	want := map[string]struct {
		value    string
		trusted  bool
		accepted *bool
		score    int
	}{
		"surname":    {"ERIKSSON", true, nil, 95},
		"issue_date": {"2007-04-16", true, ptr(true), 90},
		"authority":  {"PASSPORT 0FFICE", false, nil, 40},
	}
	for _, f := range got {
		w, ok := want[f.Key]
		if !ok {
			t.Errorf("unexpected field %s", f.Key)
			continue
		}
		if f.Value != w.value || f.Trusted != w.trusted || f.Score != w.score || (w.accepted == nil) != (f.Accepted == nil) ||
			(w.accepted != nil && *w.accepted != *f.Accepted) {
			t.Errorf("%s = %+v, want %+v", f.Key, f, w)
		}
		// The box is the dark block, to within the warp's resampling.
		b := blocks[f.Key]
		if d := f.Quad[0].Dist(geometry.Pt(float64(b.Min.X), float64(b.Min.Y))); d > 3 {
			t.Errorf("%s: quad %v, want the block %v", f.Key, f.Quad, b)
		}
		if d := f.Quad[2].Dist(geometry.Pt(float64(b.Max.X), float64(b.Max.Y))); d > 3 {
			t.Errorf("%s: quad %v, want the block %v", f.Key, f.Quad, b)
		}
		// Original corners are the canonical ones mapped into the upload,
		// which is rotated: the top-left corner lands at the right.
		for i := range f.Quad {
			if d := f.OriginalQuad[i].Dist(docToImage.Apply(f.Quad[i])); d > 1e-6 {
				t.Errorf("%s: original corner %d %v, want %v", f.Key, i, f.OriginalQuad[i], docToImage.Apply(f.Quad[i]))
			}
		}
		if f.OriginalQuad[0].X <= f.OriginalQuad[3].X {
			t.Errorf("%s: original quad %v not rotated clockwise", f.Key, f.OriginalQuad)
		}
	}
	if miss := Missing(testTemplate, got); len(miss) != 1 || miss[0] != "authority" {
		t.Errorf("Missing = %v, want [authority] (below its score threshold)", miss)
	}
}

func TestReadRetriesShiftedRegion(t *testing.T) {
	f := testTemplate.Fields[1]
	d := f.Region.Dy() / 4
	eng := &fakeEngine{text: map[image.Rectangle]ocr.Text{
		f.Region:                      {Value: "16 APR/AV", Score: 50},
		f.Region.Add(image.Pt(0, d)):  {Value: "16 APR/AVR 07", Score: 88},
		f.Region.Add(image.Pt(0, -d)): {Value: "I6 APR/AVR O7", Score: 70},
	}}
	tm := &doctype.Template{Name: "t", Format: "TD3", Side: "front", Size: testTemplate.Size, Fields: []doctype.Field{f}}
	reading := &fields.MRZReading{DocSize: tm.Size, DocToImage: geometry.Identity}
	img := image.NewGray(image.Rectangle{Max: tm.Size})
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	got, err := Read(context.Background(), img, reading, tm, eng)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Value != "2007-04-16" || got[0].Score != 88 {
		t.Fatalf("got %+v, want the shifted read", got)
	}
	if got[0].Quad != geometry.RectQuad(f.Region.Add(image.Pt(0, d))) {
		t.Errorf("quad %v, want the shifted region (no ink to box)", got[0].Quad)
	}
}

func TestReadScalesTemplateToDocSize(t *testing.T) {
	// The reading's canonical frame is half the template's size.
	docToImage := geometry.Scale(0.5, 0.5)
	reading := &fields.MRZReading{DocSize: image.Pt(738, 520), DocToImage: geometry.Identity}
	blocks := map[string]image.Rectangle{"surname": image.Rect(520, 245, 700, 277)}
	img := photo(t, docToImage, image.Pt(738, 520), blocks)
	eng := &fakeEngine{text: map[image.Rectangle]ocr.Text{testTemplate.Fields[0].Region: {Value: "ERIKSSON", Score: 95}}}
	got, err := Read(context.Background(), img, reading, testTemplate, eng)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	if d := got[0].Quad[0].Dist(geometry.Pt(260, 122.5)); d > 2 {
		t.Errorf("quad %v, want it in the reading's half-size frame starting at (260, 122.5)", got[0].Quad)
	}
}

func TestReadInvalidDate(t *testing.T) {
	reading := &fields.MRZReading{DocSize: testTemplate.Size, DocToImage: geometry.Identity}
	img := image.NewGray(image.Rect(0, 0, 1476, 1039))
	eng := &fakeEngine{text: map[image.Rectangle]ocr.Text{testTemplate.Fields[1].Region: {Value: "16 apr/xyz 07", Score: 90, Lines: []ocr.Line{{Value: "16 apr/xyz 07", Score: 90, Height: 30}}}}}
	// "16 APR/XYZ 07" has one month name: still a date. Make it impossible.
	eng.text[testTemplate.Fields[1].Region] = ocr.Text{Value: "31 FEB 07", Score: 90, Lines: []ocr.Line{{Value: "31 FEB 07", Score: 90, Height: 30}}}
	got, err := Read(context.Background(), img, reading, testTemplate, eng)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Accepted == nil || *got[0].Accepted || got[0].Trusted || got[0].Value != "31 FEB 07" {
		t.Fatalf("got %+v, want the text kept, not accepted, not trusted", got)
	}
	if got[0].Score > unreadableDateScore {
		t.Errorf("score %d for a date field that is not a date, want at most %d", got[0].Score, unreadableDateScore)
	}
	if got[0].Quad != geometry.RectQuad(testTemplate.Fields[1].Region) {
		t.Errorf("without a text box the quad is the region: %v", got[0].Quad)
	}
	if v := Values(got); len(v) != 0 {
		t.Errorf("Values = %v, want nothing from an invalid date", v)
	}
}

func TestReadErrors(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 100, 100))
	ok := &fields.MRZReading{DocSize: testTemplate.Size, DocToImage: geometry.Identity}
	eng := &fakeEngine{}
	tests := []struct {
		name    string
		img     image.Image
		reading *fields.MRZReading
		tmpl    *doctype.Template
		eng     ocr.Engine
		want    error
	}{
		{"no image", nil, ok, testTemplate, eng, ErrNoImage},
		{"empty image", image.NewGray(image.Rectangle{}), ok, testTemplate, eng, ErrNoImage},
		{"no reading", img, nil, testTemplate, eng, ErrNoGeometry},
		{"zero geometry", img, &fields.MRZReading{}, testTemplate, eng, ErrNoGeometry},
		{"no template", img, ok, nil, eng, ErrNoTemplate},
		{"no engine", img, ok, testTemplate, nil, ErrNoEngine},
	}
	for _, tt := range tests {
		got, err := Read(context.Background(), tt.img, tt.reading, tt.tmpl, tt.eng)
		if !errors.Is(err, tt.want) || got != nil {
			t.Errorf("%s: %v, %v; want %v and no fields", tt.name, got, err, tt.want)
		}
	}
	boom := errors.New("boom")
	if _, err := Read(context.Background(), img, ok, testTemplate, &fakeEngine{fail: boom}); !errors.Is(err, boom) {
		t.Errorf("all fields failing: %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, img, ok, testTemplate, eng); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// A degenerate geometry (everything maps to one point) reads white
	// crops without panicking.
	flat := &fields.MRZReading{DocSize: testTemplate.Size, DocToImage: geometry.Homography{0, 0, 5, 0, 0, 5, 0, 0, 1}}
	if _, err := Read(context.Background(), img, flat, testTemplate, &fakeEngine{}); err != nil {
		t.Errorf("degenerate geometry: %v", err)
	}
}

func TestPickCaption(t *testing.T) {
	f := doctype.Field{Caption: true, Lines: 1}
	tx := ocr.Text{Lines: []ocr.Line{
		{Value: "Date of issue/ Date de délivrance", Score: 92, Height: 16, Box: image.Rect(0, 0, 300, 16)},
		{Value: "16 APR/AVR 07", Score: 88, Height: 30, Box: image.Rect(0, 25, 200, 55)},
		{Value: "Auth", Score: 95, Height: 12, Box: image.Rect(0, 60, 50, 72)},
	}}
	v, s, b := pick(tx, f)
	if v != "16 APR/AVR 07" || s != 88 || b != image.Rect(0, 25, 200, 55) {
		t.Errorf("pick = %q %d %v, want the tall value line", v, s, b)
	}
	addr := doctype.Field{Caption: true, Lines: 2}
	tx.Lines = append(tx.Lines, ocr.Line{Value: "SEOUL", Score: 80, Height: 29, Box: image.Rect(0, 80, 100, 109)})
	if v, _, _ := pick(tx, addr); v != "16 APR/AVR 07\nSEOUL" {
		t.Errorf("two value lines: %q", v)
	}
}

func TestCrossCheckUsesTrustedValues(t *testing.T) {
	r := &mrz.Result{Surname: "ERIKSSON", BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12, Valid: true}}
	fs := []Field{
		{Key: "surname", Value: "ERIKSON", Trusted: true},
		{Key: "birth_date", Value: "1974-08-13", Trusted: false, Accepted: ptr(true)},
	}
	d := CrossCheck(fs, r)
	if len(d) != 1 || d[0].Key != "surname" {
		t.Errorf("CrossCheck = %v, want only the trusted surname", d)
	}
}

func TestWarpSupersamplesAndPadsWhite(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 40, 40))
	for i := range src.Pix {
		if (i%40+i/40)%2 == 0 { // 1-px checkerboard
			src.Pix[i] = 0
		} else {
			src.Pix[i] = 255
		}
	}
	// One canonical pixel spans 4×4 upload pixels: the checkerboard
	// averages to mid-grey.
	g := warp(newSampler(src), geometry.Scale(4, 4), image.Rect(2, 2, 8, 8))
	if v := g.GrayAt(4, 4).Y; v < 100 || v > 155 {
		t.Errorf("supersampled checkerboard = %d, want mid-grey", v)
	}
	// Outside the upload is paper white.
	g = warp(newSampler(src), geometry.Translate(1000, 0), image.Rect(0, 0, 4, 4))
	if v := g.GrayAt(1, 1).Y; v != 255 {
		t.Errorf("outside = %d, want 255", v)
	}
}

func ptr(b bool) *bool { return &b }

func TestAmbiguousGlyphs(t *testing.T) {
	for v, want := range map[string]bool{"AO0798839": true, "L898902C3": true, "L898942C3": false, "57082062531": false, "X4I12": true, "ZENITH": false, "": false} {
		if got := ambiguousGlyphs(v); got != want {
			t.Errorf("ambiguousGlyphs(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestSamplerPlaneMatchesGeneric(t *testing.T) {
	g := image.NewGray(image.Rect(3, 5, 40, 30))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 37 % 251)
	}
	fast := newSampler(g)
	slow := newSampler(image.Image(struct{ image.Image }{g})) // hides the type: the generic path
	if fast.plane == nil || slow.plane != nil {
		t.Fatal("sampler paths not as expected")
	}
	for _, p := range [][2]float64{{3, 5}, {3.5, 5.5}, {10.25, 17.8}, {39.4, 29.4}, {39.9, 29.9}, {2, 4}, {41, 31}, {20.7, 6.1}} {
		if a, b := fast.bilinear(p[0], p[1]), slow.bilinear(p[0], p[1]); math.Abs(a-b) > 1e-9 {
			t.Errorf("bilinear(%v) = %v with the plane, %v generic", p, a, b)
		}
	}
}

func TestStrangeGlyphs(t *testing.T) {
	for _, tt := range []struct {
		v    string
		want bool
	}{
		{"KANTOR IMIGRASI JAKARTA", false},
		{"KANTOR IMIGRAS! JAKARTA", true},
		{"SAINT-EXUPÉRY", false},
		{"O'BRIEN, J.", false},
		{"PARIS 1ER (75)", false},
		{"L|SBOA", true},
	} {
		if got := strangeGlyphs(tt.v); got != tt.want {
			t.Errorf("strangeGlyphs(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestScoreCapsUnconfirmed(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"127992657", true}, // I27992657: a letter prefix read as a digit
		{"071932532", true}, // O71932532
		{"IWCFHLUSP", true}, // IWCFHLU5P
		{"AO54V6QF5", true}, // mixed
		{"57082062531", false},
		{"ZENITH", false},    // too short for a number of letters only
		{"937334311", false}, // digits only, not starting with a look-alike
		{"347146637", false},
		{"XKWMNTR", false}, // letters only, none a look-alike of a digit
	} {
		if got := ambiguousGlyphs(c.v); got != c.want {
			t.Errorf("ambiguousGlyphs(%q) = %v, want %v", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"20 11 2020", true},
		{"22 NOV 2028", true},
		{"23.08.2023", true},
		{"LYON 3E (69)", false},
		{"SAINT-ÉTIENNE (42)", false},
		{"PASSPORT OFFICE", false},
	} {
		if got := looksLikeDate(c.v); got != c.want {
			t.Errorf("looksLikeDate(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestPlaceWithDigitsCapped: a place or an authority holding digits is
// another field's remnant or a misread (ENE/JAN 11): not trusted at a high
// score; other text fields keep theirs.
func TestPlaceWithDigitsCapped(t *testing.T) {
	reading := &fields.MRZReading{DocSize: image.Pt(1476, 1039), DocToImage: geometry.Identity}
	for _, c := range []struct {
		key, v string
		want   int
	}{
		{"authority", "ENE/JAN 11", ambiguousScore},
		{"place_of_birth", "LYON 3E (69)", ambiguousScore},
		{"authority", "PASSPORT OFFICE", 95},
		{"model_year", "2019", 95},
	} {
		f := doctype.Field{Key: c.key, Kind: doctype.KindText, Normalizer: "text"}
		vf, ok := field(fieldRead{text: c.v, value: c.v, score: 95, ok: true}, f, image.Rect(0, 0, 100, 30), geometry.Identity, reading)
		if !ok || vf.Score != c.want {
			t.Errorf("%s %q: score %d (ok %v), want %d", c.key, c.v, vf.Score, ok, c.want)
		}
	}
}

// whitelistEngine answers every crop with one text, whose score depends on
// whether a whitelist was given.
type whitelistEngine struct {
	value              string
	plain, whitelisted int
	calls              int
}

func (e *whitelistEngine) ReadRegion(ctx context.Context, img *image.Gray, lang, whitelist string, psm int) (ocr.Text, error) {
	e.calls++
	s := e.plain
	if whitelist != "" {
		s = e.whitelisted
	}
	return ocr.Text{Value: e.value, Score: s}, nil
}

func TestConfirmNumericDate(t *testing.T) {
	src := newSampler(image.NewGray(image.Rect(0, 0, 800, 600)))
	f := doctype.Field{Key: "issue_date", Kind: doctype.KindDate, Normalizer: "date_past", MinScore: 60}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	box := image.Rect(100, 100, 330, 130)
	tests := []struct {
		name      string
		text      string
		score     int
		reread    string
		reScore   int
		wantScore int
		wantCalls int
	}{
		{"agreeing re-read confirms", "05.12.2024", 49, "05.12.2024", 88, 88, 1},
		{"disagreeing re-read leaves the score", "05.12.2024", 49, "06.12.2024", 88, 49, 1},
		{"lower re-read score leaves the score", "05.12.2024", 49, "05.12.2024", 30, 49, 1},
		{"already above the threshold: no re-read", "05.12.2024", 80, "05.12.2024", 95, 80, 0},
		{"month words: no re-read", "08 JUN/JUIN 24", 40, "08 JUN/JUIN 24", 95, 40, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := finish(tt.text, tt.score, box, f, now)
			eng := &whitelistEngine{value: tt.reread, plain: 0, whitelisted: tt.reScore}
			got := confirmNumericDate(context.Background(), src, geometry.Scale(1, 1), rd, f, eng, now)
			if got.score != tt.wantScore || got.value != rd.value || eng.calls != tt.wantCalls {
				t.Errorf("score %d value %q calls %d; want score %d value %q calls %d", got.score, got.value, eng.calls, tt.wantScore, rd.value, tt.wantCalls)
			}
		})
	}
}
