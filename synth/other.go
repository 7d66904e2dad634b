package synth

import (
	"image"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
)

// OtherTypes lists the document types without an MRZ, in the order -types
// accepts them: US driving licence (usdl), Aadhaar (aadhaar), PAN card
// (pan), Korean resident registration card (korrc) and driving licence
// (kordl), EU vehicle registration certificate (euvrc) and Korean vehicle
// registration certificate (korvrc). They are not part of the default
// (Options.Types empty means Types, the MRZ documents), so that existing
// corpora stay byte-identical; name them in Options.Types.
var OtherTypes = []string{"usdl", "aadhaar", "pan", "korrc", "kordl", "euvrc", "korvrc"}

// AllTypes lists every type: Types, OtherTypes, then DLTypes.
var AllTypes = append(append(append([]string(nil), Types...), OtherTypes...), DLTypes...)

// otherDoc is what a document without an MRZ adds to docData: its issuing
// country, expected summary, sides and variant.
type otherDoc struct {
	country string
	ocr     idrecog.OCR
	sides   []*sideSpec
	variant int
}

// designOther draws a document of a kind without an MRZ.
func designOther(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time, country string) (*docData, error) {
	d := &docData{k: k}
	var o *otherDoc
	var err error
	switch k.name {
	case "usdl":
		o, err = designUSDL(r, k, st, ts, now)
	case "aadhaar":
		o = designAadhaar(r, k, st, ts, now)
	case "pan":
		o = designPAN(r, k, st, ts, now)
	case "korrc":
		o = designKorRC(r, k, st, ts, now)
	case "kordl":
		o = designKorDL(r, k, st, ts, now)
	case "euvrc":
		o = designEUVRC(r, k, st, ts, now, country)
	case "korvrc":
		o = designKorVRC(r, k, st, ts, now)
	}
	if err != nil {
		return nil, err
	}
	d.other = o
	return d, nil
}

// otherTruth fills in the truth of a document without an MRZ: no format,
// no MRZ lines, no MRZ side.
func (g *Generator) otherTruth(d *docData, i int, level Level) *Truth {
	name := FileName(i)
	t := &Truth{
		File:           name + ".jpg",
		Type:           d.k.name,
		Variant:        d.other.variant,
		IssuingCountry: d.other.country,
		IDType:         d.k.idType,
		Level:          string(level),
		MRZ:            []string{},
		DocSize:        d.k.size(),
		Fields:         map[string]Field{},
		Expected:       Expected{OCR: d.other.ocr, DocumentType: d.k.idType},
	}
	if len(d.lines) > 0 { // a licence with an MRZ (DLTypes)
		t.Format = d.k.format.String()
		t.MRZ = d.lines
		t.MRZSide = d.k.mrzSide
		t.MRZLayout = d.k.mrzLayout()
	}
	if len(d.other.sides) > 1 {
		t.BackFile = name + "-back.jpg"
	}
	return t
}

// fingerZone returns how far down (mm) fingers and glare may reach on side
// s of a document of kind k at the hard level: above the MRZ, above a
// barcode, or most of a document that has neither.
func fingerZone(k *kind, s *sideSpec) float64 {
	switch {
	case len(k.mrzLines) > 0:
		return k.hmm - k.mrzLines[0] - 4
	case s.clearBelow > 0:
		return s.clearBelow
	default:
		return k.hmm * 0.9
	}
}

// code is a 2-D barcode image placed on a side: dark modules are 0 in m.
type code struct {
	r     rectMM
	m     *image.Gray
	key   string
	value string
}

// drawCode draws c into img at km working pixels per mm, each pixel the
// average of 4×4 samples of the module grid (a box filter, as a lens
// would blur it).
func drawCode(img *image.RGBA, c code, km float64, ink rgb) {
	x0, y0 := c.r.x0*km, c.r.y0*km
	w, h := (c.r.x1-c.r.x0)*km, (c.r.y1-c.r.y0)*km
	mb := c.m.Bounds()
	mw, mh := mb.Dx(), mb.Dy()
	fx, fy := float64(mw)/w, float64(mh)/h
	rr := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x0+w)), int(math.Ceil(y0+h))).Intersect(img.Bounds())
	// Module column of each horizontal sample, row of each vertical one
	// (-1 outside the symbol).
	cols := make([]int, 4*rr.Dx())
	for x := rr.Min.X; x < rr.Max.X; x++ {
		for sx := 0; sx < 4; sx++ {
			u := int(math.Floor((float64(x) + (float64(sx)+0.5)/4 - x0) * fx))
			if u < 0 || u >= mw {
				u = -1
			}
			cols[4*(x-rr.Min.X)+sx] = u
		}
	}
	for y := rr.Min.Y; y < rr.Max.Y; y++ {
		var rows [4]int
		for sy := range rows {
			v := int(math.Floor((float64(y) + (float64(sy)+0.5)/4 - y0) * fy))
			if v < 0 || v >= mh {
				v = -1
			}
			rows[sy] = v
		}
		i := img.PixOffset(rr.Min.X, y)
		for x := rr.Min.X; x < rr.Max.X; x, i = x+1, i+4 {
			dark := 0
			for _, v := range rows {
				if v < 0 {
					continue
				}
				line := c.m.Pix[c.m.PixOffset(mb.Min.X, mb.Min.Y+v):]
				for _, u := range cols[4*(x-rr.Min.X) : 4*(x-rr.Min.X)+4] {
					if u >= 0 && line[u] < 128 {
						dark++
					}
				}
			}
			if dark == 0 {
				continue
			}
			t := dark * 16
			p := img.Pix[i : i+4 : i+4]
			p[0] = uint8((int(p[0])*(256-t) + int(ink[0])*t) >> 8)
			p[1] = uint8((int(p[1])*(256-t) + int(ink[1])*t) >> 8)
			p[2] = uint8((int(p[2])*(256-t) + int(ink[2])*t) >> 8)
		}
	}
}

// mergeField extends field a by b, the next line of the same multi-line
// field: values joined by a space, quads united.
func mergeField(a, b Field) Field {
	a.Value = strings.TrimSpace(a.Value + " " + b.Value)
	if b.Normalized != "" {
		a.Normalized = strings.TrimSpace(a.Normalized + " " + b.Normalized)
	}
	x0 := math.Min(a.Quad[0].X, b.Quad[0].X)
	y0 := math.Min(a.Quad[0].Y, b.Quad[0].Y)
	x1 := math.Max(a.Quad[2].X, b.Quad[2].X)
	y1 := math.Max(a.Quad[2].Y, b.Quad[2].Y)
	a.Quad = geometry.Quad{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
	return a
}

// line appends a thin rule (a form's cell border) from (x0, y0) to (x1, y1)
// mm, horizontal or vertical.
func (s *sideSpec) line(x0, y0, x1, y1 float64, c rgb) {
	const t = 0.18
	if y0 == y1 {
		s.bands = append(s.bands, band{rectMM{x0, y0 - t/2, x1, y0 + t/2}, c, 0.9})
	} else {
		s.bands = append(s.bands, band{rectMM{x0 - t/2, y0, x0 + t/2, y1}, c, 0.9})
	}
}

// lv places a caption and, after it on the same baseline, a value; the
// caption's font and size are given, the value uses the style's.
func (b *builder) lv(key, norm, capText string, capFont fontID, capMM float64, value string, x, base, w float64, ts *typesetter) float64 {
	st := b.st
	cw := 0.0
	if capText != "" {
		b.text("", "", capText, capFont, capMM, x, base, 0, 0, st.pal.caption)
		cw = ts.advance(capFont, 100, capText)/100*(capMM/capRatio(ts, capFont)) + 1.0
	}
	b.text(key, norm, value, st.valFont, st.valMM, x+cw, base, 0, w-cw, st.pal.ink)
	return x + cw
}

// cont marks the last item as the continuation of the previous item with
// the same key (a multi-line field).
func (b *builder) cont() {
	b.s.items[len(b.s.items)-1].cont = true
}

// splitName splits a Latin full name into first, middle and last.
func splitName(full string) (first, middle, last string) {
	w := strings.Fields(full)
	switch len(w) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", w[0]
	}
	return w[0], strings.Join(w[1:len(w)-1], " "), w[len(w)-1]
}

// adultBirth draws a birth date for a holder at least minAge years old and
// at most 90.
func adultBirth(r *rand.Rand, now time.Time, minAge int) time.Time {
	return dateBetween(r, now.AddDate(-90, 0, 0), now.AddDate(-minAge, 0, -1))
}

// sexOf draws M or F.
func sexOf(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return "M"
	}
	return "F"
}

// seal draws a square red official seal in r: a translucent field inside
// a strong border, with a few strokes standing for its characters.
func seal(img *image.RGBA, r image.Rectangle, rng *rand.Rand) {
	red := rgb{uint8(190 + rng.IntN(40)), uint8(20 + rng.IntN(30)), uint8(30 + rng.IntN(30))}
	fillRect(img, r, red, 0.18)
	t := max(1, r.Dx()/12)
	fillRect(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), red, 0.7)
	fillRect(img, image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), red, 0.7)
	fillRect(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+t, r.Max.Y), red, 0.7)
	fillRect(img, image.Rect(r.Max.X-t, r.Min.Y, r.Max.X, r.Max.Y), red, 0.7)
	for n := 0; n < 6; n++ {
		x := r.Min.X + 2*t + rng.IntN(max(1, r.Dx()-4*t))
		y := r.Min.Y + 2*t + rng.IntN(max(1, r.Dy()-4*t))
		if rng.IntN(2) == 0 {
			fillRect(img, image.Rect(x, y, min(r.Max.X-2*t, x+r.Dx()/3), y+t), red, 0.6)
		} else {
			fillRect(img, image.Rect(x, y, x+t, min(r.Max.Y-2*t, y+r.Dy()/3)), red, 0.6)
		}
	}
}

// devaVisual reorders Devanagari text for a renderer without shaping: the
// vowel sign I (ि, U+093F) is written after its consonant but drawn before
// it. Words with conjuncts (virama) are not handled; the layouts avoid them.
func devaVisual(s string) string {
	rs := []rune(s)
	for i := 1; i < len(rs); i++ {
		if rs[i] == 'ि' {
			rs[i-1], rs[i] = rs[i], rs[i-1]
		}
	}
	return string(rs)
}

// OtherFieldKeys lists, per type without an MRZ, the raw field keys every
// document of the type carries in its truth (a layout variant may add
// more: year_of_birth instead of birth_date on some Aadhaar cards,
// document_discriminator on most US licences). The templates that read
// these documents use the same keys.
var OtherFieldKeys = map[string][]string{
	"usdl":    {"license_number", "expiry_date", "issue_date", "surname", "given_names", "address", "birth_date", "sex", "height", "eyes", "class", "pdf417"},
	"aadhaar": {"name", "sex", "number", "address"},
	"pan":     {"name", "father_name", "birth_date", "number"},
	"korrc":   {"name", "name_chn", "number", "address", "issue_date", "authority"},
	"kordl":   {"license_type", "license_number", "name", "number", "address", "expiry_date", "issue_date", "authority", "serial"},
	"euvrc":   {"registration_number", "first_registration_date", "surname", "given_names", "address", "make", "vehicle_type", "commercial_name", "vin", "max_mass", "mass_in_service", "validity", "registration_date", "category", "capacity", "power", "fuel", "colour", "seats", "document_number", "authority"},
	"korvrc":  {"registration_number", "vehicle_class", "usage", "model_name", "model_year", "vin", "engine_type", "base_address", "name", "number", "address", "first_registration_date", "issue_date", "authority"},
}
