package docread

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/idnum"
	"github.com/idrecog/idrecog/ocr"
	"github.com/idrecog/idrecog/viz"
)

func init() {
	Register("template", func(country, idType string) bool {
		_, ok := nonMRZTemplate(doctype.Default(), country, idType, "front")
		return ok
	}, Template{})
}

// nonMRZTemplate returns the registry's template without an MRZ format for
// (country, idType) and side.
func nonMRZTemplate(reg *doctype.Registry, country, idType, side string) (*doctype.Template, bool) {
	t, ok := reg.LookupSide(country, idType, "", side)
	if !ok || t.Format != "" {
		return nil, false
	}
	return t, true
}

// Template reads documents without an MRZ that have a doctype template
// (Aadhaar, PAN, the Korean ID card, licence and vehicle registration, the
// EU vehicle registration certificate): it finds the document with
// Env.Find (the whole image, upright, when there is no finder or it finds
// nothing), reads the whole page once to locate each field by its caption,
// its pattern or its place next to another field, reads each located value
// again through viz with the field's language and whitelist, checks numbers
// with package idnum (a number failing its check is never accepted), and
// cross-checks dates and numbers.
type Template struct {
	// Registry holds the templates; nil means doctype.Default().
	Registry *doctype.Registry
}

// maxPageSide caps the long side of the page image the locating read
// works on (an A4 certificate at 300 dpi would be 3508 px).
const maxPageSide = 2600

// pageScale is the scale the page is read at: small documents (ID-1 cards,
// whose captions are 1.2-1.5 mm, 14-18 px at 300 dpi) enlarged half as much
// again for Tesseract, large ones (A4) reduced to maxPageSide.
func pageScale(size image.Point) float64 {
	return math.Min(1.5, maxPageSide/float64(max(size.X, size.Y)))
}

// sideRead is what reading one side gave.
type sideRead struct {
	tmpl    *doctype.Template
	geo     *Geometry
	fields  map[string]readField
	located map[string]string // key → how it was located
	review  []string
	notes   []string
	lines   int
}

// readField is one field's final value.
type readField struct {
	f        doctype.Field
	value    string
	score    int
	accepted *bool
	masked   bool
	quad     geometry.Quad
	imgQuad  geometry.Quad
	trusted  bool
	checkErr error
}

// Read implements Reader.
func (r Template) Read(ctx context.Context, env *Env, in Input) (*Result, error) {
	reg := r.Registry
	if reg == nil {
		reg = doctype.Default()
	}
	if env == nil || env.OCR == nil {
		return nil, errors.New("docread: template reader needs an OCR engine")
	}
	if in.Front == nil || in.Front.Bounds().Empty() {
		return nil, ErrNothingRead
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	ft, ok := nonMRZTemplate(reg, in.Country, in.IDType, "front")
	if !ok {
		return nil, fmt.Errorf("docread: no template for %s %s", in.Country, in.IDType)
	}
	front, err := readSide(ctx, env, in.Front, ft, now)
	if err != nil {
		return nil, err
	}
	if len(ft.Countries) > 0 && !doctype.PlainLatin(in.Country) {
		capDiacritics(front)
	}
	res := &Result{Reader: "template:" + ft.Name, Diagnostics: map[string]any{}}
	res.Diagnostics["front_located"] = front.located
	res.Diagnostics["front_lines"] = front.lines
	var back *sideRead
	if in.Back != nil && !in.Back.Bounds().Empty() {
		if bt, ok := nonMRZTemplate(reg, in.Country, in.IDType, "back"); ok {
			back, err = readSide(ctx, env, in.Back, bt, now)
			switch {
			case errors.Is(err, ErrNotThisDocument):
				return nil, fmt.Errorf("%w (%v)", ErrNotThisBack, err)
			case errors.Is(err, ErrNothingRead):
				// No text at all: a photo too poor to read, not another
				// document. The front stands; the back asks for review.
				res.Back = Side{Review: true, Reasons: []string{"no text could be read on the back"}}
				back = nil
			case err != nil:
				return nil, err
			default:
				res.Diagnostics["back_located"] = back.located
				res.Diagnostics["back_lines"] = back.lines
			}
		} else {
			res.Diagnostics["back"] = "no back template: the back was not read"
		}
	}
	assemble(res, front, back, in.IDType, now)
	return res, nil
}

// readSide finds the document in img, reads the page, locates and reads
// tmpl's fields.
func readSide(ctx context.Context, env *Env, img image.Image, tmpl *doctype.Template, now time.Time) (*sideRead, error) {
	sr := &sideRead{tmpl: tmpl, fields: map[string]readField{}, located: map[string]string{}}
	if env.Find != nil {
		g, err := env.Find(ctx, img, tmpl.Size)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			sr.notes = append(sr.notes, "document outline not found: the whole image was read as the document")
		} else if g != nil {
			sr.geo = g
		}
	}
	if sr.geo == nil {
		sr.geo = wholeImage(img, tmpl.Size)
	}
	if sr.geo.DocSize.X <= 0 || sr.geo.DocSize.Y <= 0 {
		sr.geo.DocSize = tmpl.Size
	}
	out, err := readSideAt(ctx, env, img, tmpl, now, sr)
	if !errors.Is(err, ErrNotThisDocument) {
		return out, err
	}
	// Nothing of the template on the page: the finder may have the
	// document upside down. Read it turned by 180° once.
	sr2 := &sideRead{tmpl: tmpl, fields: map[string]readField{}, located: map[string]string{}, notes: sr.notes, geo: flipped(sr.geo)}
	if out2, err2 := readSideAt(ctx, env, img, tmpl, now, sr2); err2 == nil {
		out2.notes = append(out2.notes, "read turned by 180° from the finder's orientation")
		return out2, nil
	}
	return out, err
}

// flipped is g turned by 180°: the same document read upside down.
func flipped(g *Geometry) *Geometry {
	w, h := float64(g.DocSize.X), float64(g.DocSize.Y)
	f := *g
	f.DocToImage = g.DocToImage.Mul(geometry.Homography{-1, 0, w, 0, -1, h, 0, 0, 1})
	f.Rotate = (g.Rotate + 180) % 360
	f.Quad = geometry.Quad{g.Quad[2], g.Quad[3], g.Quad[0], g.Quad[1]}
	return &f
}

// readSideAt reads tmpl's fields from img with the geometry sr.geo.
func readSideAt(ctx context.Context, env *Env, img image.Image, tmpl *doctype.Template, now time.Time, sr *sideRead) (*sideRead, error) {
	// Template px → the geometry's canonical px → upload px.
	toDoc := geometry.Scale(float64(sr.geo.DocSize.X)/float64(tmpl.Size.X), float64(sr.geo.DocSize.Y)/float64(tmpl.Size.Y))
	tmplToImage := sr.geo.DocToImage.Mul(toDoc)

	k := pageScale(tmpl.Size)
	pg := warpPage(grey(img), tmplToImage, tmpl.Size, k)
	if tmpl.WhitenBackground {
		whitenBackground(pg)
	}
	removeRules(pg)
	guardStrip(pg)
	p, spans, note, err := locatePage(ctx, env.OCR, pg, tmpl, k)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("docread: reading the page: %w", err)
	}
	if note != "" {
		sr.notes = append(sr.notes, note)
	}
	sr.lines = len(p.lines)
	if len(p.lines) == 0 {
		return nil, ErrNothingRead
	}
	for key, s := range spans {
		sr.located[key] = s.how
	}

	// Read each located value again, on its own, with the field's settings;
	// required fields not located are read in their nominal region.
	derived := *tmpl
	derived.Zone = image.Rectangle{}
	derived.Fields = nil
	bounds := image.Rectangle{Max: tmpl.Size}
	for _, f := range tmpl.Fields {
		s, ok := spans[f.Key]
		switch {
		case ok && strings.Contains(f.Lang, "kor") && decisive(f, korText(f, s.text), now):
			// A Korean field's page read goes before its re-read (see
			// below), and this one is taken as it is: the re-read would
			// not be used.
			continue
		case ok:
			pad := max(4, p.lines[s.line].height*3/10)
			r := s.box.Inset(-pad)
			if f.Validate != "" && f.Pattern != "" {
				// A checked number: one line height either side, since a
				// page read often drops a value's first or last character
				// (10320-1840461 for 610320-1840461); what else the wider
				// region takes in, the number's pattern leaves out.
				r.Min.X -= max(0, p.lines[s.line].height-pad)
				r.Max.X += max(0, p.lines[s.line].height-pad)
			}
			f.Region = r.Intersect(bounds)
			f.Caption = false
			f.PSM = ocr.PSMLine
			if s.lines > 1 {
				f.PSM = ocr.PSMBlock
			}
		case !p.bare[f.Key].Empty():
			// The caption is on the page, its value was not read: the
			// row right of the caption, as wide as the field's region.
			cb := p.bare[f.Key]
			f.Region = image.Rect(cb.Max.X+2, cb.Min.Y-cb.Dy()/2, cb.Max.X+f.Region.Dx(), cb.Max.Y+cb.Dy()/2).Intersect(bounds)
			f.Caption = false
			f.PSM = ocr.PSMLine
			sr.located[f.Key] = "caption-region"
		case f.Required:
			f.Caption = true
			sr.located[f.Key] = "region"
		default:
			continue
		}
		f.Captions = nil
		if !f.Region.Empty() {
			derived.Fields = append(derived.Fields, f)
		}
	}
	var vfs []viz.Field
	if len(derived.Fields) > 0 {
		vfs, err = viz.ReadWith(ctx, img, sr.geo.Reading(), &derived, env.OCR, &viz.Options{Now: now})
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	byKey := map[string]viz.Field{}
	for _, v := range vfs {
		byKey[v.Key] = v
	}
	for _, f := range tmpl.Fields {
		v, hasV := byKey[f.Key]
		s, hasS := spans[f.Key]
		if !hasV && !hasS {
			continue
		}
		rf := readField{f: f}
		type cand struct {
			text  string
			score int
			quad  geometry.Quad
			oquad geometry.Quad
		}
		var cands []cand
		if hasV {
			cands = append(cands, cand{v.Text, v.Score, v.Quad, v.OriginalQuad})
		}
		if hasS {
			q := toDoc.ApplyQuad(geometry.RectQuad(s.box))
			c := cand{s.text, s.score, q, sr.geo.DocToImage.ApplyQuad(q)}
			if strings.Contains(f.Lang, "kor") {
				// The page read joins Korean syllables by their spacing;
				// a line re-read does not: the page's text goes first.
				cands = append([]cand{c}, cands...)
				hasV = false
			} else {
				cands = append(cands, c)
			}
		}
		if strings.Contains(f.Lang, "kor") {
			for i := range cands {
				cands[i].text = korText(f, cands[i].text)
			}
			if f.Kind == doctype.KindName {
				// A Korean name is written in Hangul: a reading with
				// some goes before one without (Latin letters read by
				// the English model).
				sort.SliceStable(cands, func(i, j int) bool {
					return hasScript(cands[i].text, hangul) && !hasScript(cands[j].text, hangul)
				})
			}
			if f.Kind == doctype.KindAddress {
				// Likewise a Korean address: a reading without Latin
				// letters goes before one with.
				sort.SliceStable(cands, func(i, j int) bool {
					return hasScript(cands[i].text, hangul) && !hasLatin(cands[i].text) && hasLatin(cands[j].text)
				})
			}
		}
		chosen := -1
		if f.Validate != "" {
			var re *regexp.Regexp
			if f.Pattern != "" {
				re, _ = regexp.Compile(f.Pattern)
			}
			for i, c := range cands {
				val, masked, err := checkNumber(f.Validate, c.text)
				if err != nil && re != nil {
					// Noise around the number ("1 15-24-754910-26"): the
					// part of the read that has the number's shape.
					if m := re.FindString(c.text); m != "" && m != c.text {
						if v2, _, err2 := checkNumber(f.Validate, m); err2 == nil {
							val, err = v2, nil
						}
					}
				}
				if err == nil {
					chosen, rf.value, rf.accepted = i, val, boolp(true)
					break
				}
				if masked && chosen < 0 {
					chosen, rf.value, rf.masked, rf.accepted = i, val, true, boolp(false)
				}
				if i == 0 || rf.checkErr == nil {
					rf.checkErr = err
				}
			}
			if chosen >= 0 && rf.accepted != nil && *rf.accepted {
				rf.checkErr = nil
			}
		}
		if chosen < 0 {
			// Best normalisable candidate, the re-read first.
			for i, c := range cands {
				val, ok := doctype.Normalize(f.Normalizer, c.text, now)
				if val == "" {
					continue
				}
				if chosen < 0 || (ok && !rf.trusted) {
					chosen, rf.value, rf.trusted = i, val, ok
					if f.Kind == doctype.KindDate {
						rf.accepted = boolp(ok)
					}
				}
				if ok {
					break
				}
			}
			if chosen >= 0 && rf.trusted {
				// A later reading that normalises too and that the OCR is
				// far surer of goes first: a re-read of a tight region
				// can be much worse than the page's line (a name read
				// "AN WARR A" at 27 where the page read KAVITA SINGH at 90).
				for i := chosen + 1; i < len(cands); i++ {
					if cands[i].score < cands[chosen].score+30 {
						continue
					}
					if val, ok := doctype.Normalize(f.Normalizer, cands[i].text, now); ok && val != "" {
						chosen, rf.value = i, val
						break
					}
				}
			}
			if f.Validate != "" && chosen >= 0 {
				rf.accepted = boolp(false) // failed its check: never accepted
			}
		}
		if chosen < 0 {
			continue
		}
		if f.Kind == doctype.KindDate && f.Key != "expiry_date" && len(rf.value) == 10 && rf.value > now.Format("2006-01-02") {
			// A date of birth, issue or registration after today is a misread
			// (or another date taken for it): not accepted.
			rf.accepted, rf.trusted = boolp(false), false
		}
		c := cands[chosen]
		rf.score, rf.quad, rf.imgQuad = c.score, c.quad, c.oquad
		if f.Kind == doctype.KindDate && rf.accepted != nil && *rf.accepted && rf.score < f.MinScore {
			// A date read with less confidence than the field asks for
			// is not vouched for, however well it parses.
			rf.accepted, rf.trusted = boolp(false), false
		}
		if f.Validate != "" {
			rf.trusted = rf.accepted != nil && *rf.accepted
			if f.Validate == "vin" && rf.trusted {
				// A VIN's format says little: most of its characters may
				// be any letter or digit. Only the check digit (position
				// 9, optional outside North America) vouches for a read;
				// a VIN without a valid one is kept and trusted as the OCR
				// is (its score), not accepted.
				if _, err := idnum.CheckVINCheckDigit(rf.value); err != nil {
					rf.accepted = boolp(false)
					rf.trusted = rf.score >= f.MinScore
				}
			}
		} else if f.Kind != doctype.KindDate || (rf.accepted != nil && *rf.accepted) {
			rf.trusted = rf.trusted || (hasV && chosen == 0 && v.Trusted)
			rf.trusted = rf.trusted && rf.score >= f.MinScore
		}
		if isCaptionText(tmpl, rf.value) {
			// A caption taken for a value ("DOB", "주민번호"): nothing read.
			sr.notes = append(sr.notes, fmt.Sprintf("%s: %q is a caption, not a value", f.Key, rf.value))
			continue
		}
		sr.fields[f.Key] = rf
	}
	if f, ok := sr.fields["authority"]; ok && strings.Contains(f.f.Lang, "kor") && !koreanOffice(f.value) {
		// A Korean issuing office is a Hangul title ending in 장 or 청
		// (서울특별시 종로구청장, 경기도남부경찰청장): Latin letters or
		// digits in it are misreads.
		f.trusted = false
		sr.fields["authority"] = f
	}
	if f, ok := sr.fields["name"]; ok && strings.Contains(f.f.Lang, "kor") && !hasScript(f.value, hangul) {
		// A Korean name is written in Hangul: a reading without any is a
		// misread, whatever Tesseract's confidence.
		f.trusted = false
		sr.fields["name"] = f
		sr.review = append(sr.review, fmt.Sprintf("name %q has no Hangul", f.value))
	}
	if f, ok := sr.fields["name"]; ok && strings.Contains(f.f.Lang, "kor") {
		var keep []string
		for _, w := range strings.Fields(strings.NewReplacer("(", " (", ")", ") ").Replace(f.value)) {
			for _, c := range f.f.Captions {
				// A caption glued to the name: 성명임연현.
				if rest := strings.TrimPrefix(w, c); rest != w && rest != "" {
					w = rest
					break
				}
			}
			t := strings.Trim(w, "()（）")
			if isScript(t, hangul) && hasSyllable(t) || isScript(t, han) {
				// Lone jamo (ㄱㄱ) are noise: names are written in syllables.
				keep = append(keep, w)
			}
		}
		if len(keep) > 0 {
			f.value = strings.Join(keep, " ")
			sr.fields["name"] = f
		}
		if hasField(tmpl, "name_chn") {
			splitHanja(sr, f)
		}
	}
	if err := readHanjaName(ctx, env, pg, k, toDoc, tmpl, sr); err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// Verdicts on this side.
	found := 0
	for _, how := range sr.located {
		if how != "region" {
			found++
		}
	}
	if found == 0 && !anyAccepted(sr) {
		return nil, fmt.Errorf("%w: none of the %s template's fields was found on the page", ErrNotThisDocument, tmpl.Name)
	}
	keys := make([]string, 0, len(tmpl.Fields))
	for _, f := range tmpl.Fields {
		keys = append(keys, f.Key)
	}
	for _, key := range keys {
		f, _ := tmpl.Field(key)
		rf, ok := sr.fields[key]
		switch {
		case rf.checkErr != nil && !rf.masked:
			sr.review = append(sr.review, fmt.Sprintf("%s %q fails its %s check: %v", key, rf.value, f.Validate, rf.checkErr))
		case ok && f.Kind == doctype.KindDate && rf.accepted != nil && !*rf.accepted:
			sr.review = append(sr.review, fmt.Sprintf("%s %q is not a valid date, or lies in the future", key, rf.value))
		case f.Required && (!ok || !rf.trusted) && !rf.masked:
			sr.review = append(sr.review, fmt.Sprintf("%s missing or below its score threshold", key))
		case ok && rf.trusted && rf.score < fields.ReviewScore && !rf.masked:
			// Nothing validates it and the OCR doubts it.
			sr.review = append(sr.review, fmt.Sprintf("%s scores %d, below %d", key, rf.score, fields.ReviewScore))
		}
	}
	return sr, nil
}

func boolp(b bool) *bool { return &b }

// psmSparse is Tesseract's sparse-text page segmentation mode: as much
// text as possible, in no particular order.
const psmSparse = 11

// locatePage reads the page image pg (the template's document at scale k)
// and locates the template's fields on it. One read with layout analysis
// (PSM 3); when the template asks for it (SparseRead) and a required
// field or a third of the fields are not located, a sparse read (PSM 11)
// too, whose lines that the first read has not are added: Tesseract's
// layout analysis drops whole blocks it takes for pictures (on the Korean
// licence, the large first row beside the portrait, licence type and
// number). note says when the second read added lines.
func locatePage(ctx context.Context, eng ocr.Engine, pg *image.Gray, tmpl *doctype.Template, k float64) (*page, map[string]span, string, error) {
	t, err := eng.ReadRegion(ctx, pg, pageLang(tmpl), "", 3)
	if err != nil {
		return nil, nil, "", err
	}
	codes := codeCaptions(tmpl)
	p := newPage(t, k)
	if codes != nil {
		rereadCodes(ctx, eng, pg, p, k, codes)
	}
	spans := locate(p, tmpl)
	if len(p.lines) == 0 || !tmpl.SparseRead || !missingRequired(tmpl, spans) {
		// Only templates that ask for it are read sparsely: on others
		// the second read found nothing more (Aadhaar) or, over the A4
		// Korean certificate's guilloche, hundreds of junk lines in ten
		// times the time.
		return p, spans, "", nil
	}
	t2, err := eng.ReadRegion(ctx, pg, pageLang(tmpl), "", psmSparse)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, "", ctx.Err()
		}
		return p, spans, "", nil
	}
	merged, n := mergeReads(t, t2)
	if n == 0 {
		return p, spans, "", nil
	}
	p = newPage(merged, k)
	if codes != nil {
		rereadCodes(ctx, eng, pg, p, k, codes)
	}
	spans = locate(p, tmpl)
	return p, spans, fmt.Sprintf("a required field, or a third of the fields, not found on the page read: a sparse read added %d lines", n), nil
}

// diacriticsScore caps the score of the addresses and free text a model
// without diacritics read on a document printed in a language with them.
const diacriticsScore = 70

// capDiacritics caps the scores of sr's names, addresses and free text
// read with Tesseract's eng: a template shared by several states (the EU
// certificate) is printed in their languages, and the model reads PLZEŇ
// as PLZEN, MALMÖ as MALMO, however sure it is. Addresses and text keep
// at most diacriticsScore; a name, which the ocr_* summary reports and
// which most holders' names there carry diacritics in (GÖRAN ÄNGSTRÖM
// read GORAN ANGSTROM), is scored under review (fields.ReviewScore) and
// the side asks for review, with the reason.
func capDiacritics(sr *sideRead) {
	var names []string
	for k, f := range sr.fields {
		switch f.f.Kind {
		case doctype.KindName, doctype.KindAddress, doctype.KindText:
		default:
			continue
		}
		if f.f.Lang != "" && f.f.Lang != "eng" || f.f.Whitelist != "" {
			continue // another model, or an alphabet without diacritics (plates)
		}
		f.score = min(f.score, diacriticsScore)
		if f.f.Kind == doctype.KindName && f.value != "" {
			f.score = min(f.score, fields.ReviewScore-1)
			names = append(names, k)
		}
		sr.fields[k] = f
	}
	if len(names) > 0 {
		sort.Strings(names)
		sr.review = append(sr.review, fmt.Sprintf("%s read without diacritics (no OCR model for this state's letters): may differ from the printed name", strings.Join(names, ", ")))
	}
}

// missingRequired reports whether a required field of tmpl was not
// located, or fewer than two thirds of its fields were: what a page read
// that dropped a block looks like.
func missingRequired(tmpl *doctype.Template, spans map[string]span) bool {
	found := 0
	for _, f := range tmpl.Fields {
		_, ok := spans[f.Key]
		if f.Required && !ok {
			return true
		}
		if ok {
			found++
		}
	}
	return 3*found < 2*len(tmpl.Fields)
}

// mergeReads adds to a the lines of b that overlap none of a's lines (by
// more than a third of the smaller box): what a second read of the same
// image found that the first missed. n is the number of lines added.
func mergeReads(a, b ocr.Text) (ocr.Text, int) {
	out := a
	out.Lines = append([]ocr.Line(nil), a.Lines...)
	n := 0
	for _, l := range b.Lines {
		if strings.TrimSpace(l.Value) == "" || l.Box.Empty() {
			continue
		}
		clash := false
		for _, m := range a.Lines {
			in := l.Box.Intersect(m.Box)
			small := min(area(l.Box), area(m.Box))
			if !in.Empty() && 3*area(in) > small {
				clash = true
				break
			}
		}
		if !clash {
			out.Lines = append(out.Lines, l)
			out.Box = out.Box.Union(l.Box)
			n++
		}
	}
	if n > 0 {
		out.SortLines()
	}
	return out, n
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }

// korText is a Korean field's read as its candidates are compared:
// syllables joined, and for a name a caption glued to it (성명오연철) cut off.
func korText(f doctype.Field, text string) string {
	text = joinSyllables(text)
	if f.Kind == doctype.KindName {
		for _, c := range f.Captions {
			if rest := strings.TrimSpace(strings.TrimPrefix(text, c)); rest != text && rest != "" {
				text = strings.TrimLeft(rest, ":： ")
			}
		}
	}
	if f.Kind == doctype.KindAddress {
		text = hangulStart(text)
	}
	return text
}

// hangulStart drops what comes before the first word with Hangul on the
// first line of a Korean address: a Korean address opens with its
// province or city (서울특별시, 경기도), so what precedes it is the caption
// misread ("(= fz - 광주광역시" → "광주광역시"). Text without Hangul is
// returned as it is.
func hangulStart(text string) string {
	first, rest, more := strings.Cut(text, "\n")
	ws := strings.Fields(first)
	for i, w := range ws {
		if hasScript(w, hangul) {
			first = strings.Join(ws[i:], " ")
			break
		}
	}
	if more {
		return first + "\n" + rest
	}
	return first
}

// decisive reports whether text, a field's first candidate, is the one
// readSideAt chooses whatever the candidates after it: it passes the
// field's number check, or, without one, normalises and (for a name) has
// Hangul, which puts it first.
func decisive(f doctype.Field, text string, now time.Time) bool {
	if f.Validate != "" {
		_, _, err := checkNumber(f.Validate, text)
		return err == nil
	}
	val, ok := doctype.Normalize(f.Normalizer, text, now)
	if f.Kind == doctype.KindAddress && hasLatin(text) {
		return false // Latin letters in a Korean address: misread words, re-read
	}
	return val != "" && ok && (f.Kind != doctype.KindName || hasScript(text, hangul))
}

// hasLatin reports whether s holds a Latin letter.
func hasLatin(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) >= 0
}

// isCaptionText reports whether v, letters and digits only and case
// folded, is one of tmpl's captions.
func isCaptionText(tmpl *doctype.Template, v string) bool {
	norm := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToUpper(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	nv := norm(v)
	if nv == "" {
		return false
	}
	for _, f := range tmpl.Fields {
		for _, c := range f.Captions {
			if norm(c) == nv {
				return true
			}
		}
	}
	return false
}

// hasScript reports whether s holds at least one rune of script.
func hasScript(s string, script int) bool {
	for _, w := range strings.Fields(s) {
		for _, r := range w {
			if isScript(string(r), script) {
				return true
			}
		}
	}
	return false
}

func hasField(t *doctype.Template, key string) bool { _, ok := t.Field(key); return ok }

func anyAccepted(sr *sideRead) bool {
	for _, f := range sr.fields {
		if f.f.Validate != "" && f.accepted != nil && *f.accepted {
			return true
		}
	}
	return false
}

// splitHanja splits a Korean name printed as 홍길동(洪吉童) into name and
// name_chn, when the name_chn field was not read on its own.
func splitHanja(sr *sideRead, f readField) {
	i := strings.IndexAny(f.value, "(（")
	if i < 0 {
		// normName turned the parenthesis into a space: Hangul then Han.
		parts := strings.Fields(f.value)
		if len(parts) == 2 && isScript(parts[0], hangul) && isScript(parts[1], han) {
			i = len(parts[0])
			f.value = parts[0] + "(" + parts[1]
		} else {
			return
		}
	}
	hanja := strings.Trim(f.value[i:], "()（） ")
	f.value = strings.TrimSpace(f.value[:i])
	sr.fields["name"] = f
	if _, ok := sr.fields["name_chn"]; !ok && hanja != "" {
		c := f
		c.f, _ = sr.tmpl.Field("name_chn")
		c.value = hanja
		sr.fields["name_chn"] = c
	}
}

const (
	hangul = iota
	han
)

// koreanOffice reports whether v can be a Korean issuing office: Hangul
// syllables and spaces only, ending in 장 (the head of the office) or 청.
func koreanOffice(v string) bool {
	v = strings.TrimSpace(v)
	if !strings.HasSuffix(v, "장") && !strings.HasSuffix(v, "청") {
		return false
	}
	for _, r := range v {
		if r != ' ' && !(r >= 0xAC00 && r <= 0xD7A3) {
			return false
		}
	}
	return true
}

// hasSyllable reports whether s holds a precomposed Hangul syllable.
func hasSyllable(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

func isScript(s string, script int) bool {
	for _, r := range s {
		switch script {
		case hangul:
			if !(r >= 0xAC00 && r <= 0xD7A3) && !(r >= 0x1100 && r <= 0x11FF) && !(r >= 0x3130 && r <= 0x318F) {
				return false
			}
		case han:
			if !(r >= 0x4E00 && r <= 0x9FFF) && !(r >= 0x3400 && r <= 0x4DBF) && !(r >= 0xF900 && r <= 0xFAFF) {
				return false
			}
		}
	}
	return s != ""
}

// hanOnlyLang are the Tesseract languages of Han-only fields (a Korean
// name's Hanja): the page read leaves them out.
var hanOnlyLang = map[string]bool{"chi_tra": true, "chi_sim": true}

// readHanjaName reads the Hanja of a Korean name (name_chn, when its
// template field names a Chinese language) on the name's line, and the
// name's Hangul again: the line is read with the Korean model alone (the
// Hangul that opens it becomes name, hangulName), and with the Chinese
// language alone, and the Han characters inside its
// parentheses, 홍길동(洪吉童), become name_chn (without parentheses a
// Chinese model's reading of the Hangul could pass for Hanja: nothing). A
// Hangul model reads Hanja as noise; a Chinese model reads them, and its
// reading of the Hangul part is left aside. pg is the page at k page px
// per template px; toDoc maps template px to the canonical document.
func readHanjaName(ctx context.Context, env *Env, pg *image.Gray, k float64, toDoc geometry.Homography, tmpl *doctype.Template, sr *sideRead) error {
	fc, ok := tmpl.Field("name_chn")
	if !ok {
		return nil
	}
	lang := ""
	for _, l := range strings.Split(fc.Lang, "+") {
		if hanOnlyLang[l] {
			lang = l
		}
	}
	if lang == "" {
		return nil
	}
	// The name's line in template px: where the name was read, else
	// the name field's region.
	var box image.Rectangle
	if fn, ok := sr.fields["name"]; ok && fn.quad != (geometry.Quad{}) {
		inv, err := toDoc.Inverse()
		if err == nil {
			box = inv.ApplyQuad(fn.quad).Bounds()
		}
	}
	if fn, ok := tmpl.Field("name"); ok && box.Empty() {
		box = fn.Region
	}
	if box.Empty() {
		return nil
	}
	// The Hanja follow the Hangul on the same line: read on to the right.
	h := box.Dy()
	box = image.Rect(box.Min.X-h/2, box.Min.Y-h*3/10, box.Max.X+6*h, box.Max.Y+h*3/10).Intersect(image.Rectangle{Max: tmpl.Size})
	r := scaleRect(box, k).Intersect(pg.Rect)
	if r.Dx() < 8 || r.Dy() < 8 {
		return nil
	}
	t, err := env.OCR.ReadRegion(ctx, pg.SubImage(r).(*image.Gray), lang, "", ocr.PSMLine)
	if err != nil {
		return err
	}
	// The Hangul before the parenthesis, read with the Korean model alone:
	// with kor+eng the English model turns the name into Latin letters.
	if tk, err := env.OCR.ReadRegion(ctx, pg.SubImage(r).(*image.Gray), "kor", "", ocr.PSMLine); err == nil {
		if name, score, box, ok := hangulName(tk); ok {
			fn, _ := tmpl.Field("name")
			q := toDoc.ApplyQuad(geometry.RectQuad(scaleRect(box, 1/k)))
			sr.fields["name"] = readField{f: fn, value: name, score: score,
				quad: q, imgQuad: sr.geo.DocToImage.ApplyQuad(q), trusted: score >= fn.MinScore}
			sr.located["name"] += ", Hangul read again (kor)"
		}
	} else if ctx.Err() != nil {
		return err
	}
	var hanja []rune
	var hbox image.Rectangle
	score, open := 0, false
	for _, l := range t.Lines {
		for _, w := range l.Words {
			for _, c := range w.Value {
				switch {
				case c == '(' || c == '（':
					open = true
				case c == ')' || c == '）':
					open = false
				case unicode.Is(unicode.Han, c) && open:
					hanja = append(hanja, c)
					hbox = hbox.Union(w.Box)
					score += w.Score
				}
			}
		}
	}
	if len(hanja) < 2 || len(hanja) > 6 {
		return nil
	}
	q := toDoc.ApplyQuad(geometry.RectQuad(scaleRect(hbox, 1/k)))
	sr.fields["name_chn"] = readField{f: fc, value: string(hanja), score: score / len(hanja),
		quad: q, imgQuad: sr.geo.DocToImage.ApplyQuad(q), trusted: score/len(hanja) >= fc.MinScore}
	sr.located["name_chn"] = "name line, " + lang
	return nil
}

// hangulName takes a Korean name from a line read with the Korean model:
// the Hangul syllables that open the line, up to the first character of
// another kind (the parenthesis before the Hanja), Tesseract's spaces
// between syllables dropped; two to five syllables, else nothing.
func hangulName(t ocr.Text) (string, int, image.Rectangle, bool) {
	if len(t.Lines) == 0 {
		return "", 0, image.Rectangle{}, false
	}
	var name []rune
	var box image.Rectangle
	score := 0
words:
	for _, w := range t.Lines[0].Words {
		for _, c := range w.Value {
			if !unicode.Is(unicode.Hangul, c) {
				break words
			}
		}
		name = append(name, []rune(w.Value)...)
		box = box.Union(w.Box)
		score += w.Score * len([]rune(w.Value))
	}
	if len(name) < 2 || len(name) > 5 {
		return "", 0, image.Rectangle{}, false
	}
	return string(name), score / len(name), box, true
}

// pageLang is every language the template's fields name, "+"-joined, eng
// last (Han-only languages left out).
func pageLang(t *doctype.Template) string {
	seen := map[string]bool{}
	var ls []string
	for _, f := range t.Fields {
		for _, l := range strings.Split(f.Lang, "+") {
			if hanOnlyLang[l] {
				continue // read line by line (readHanjaName), not on the page
			}
			if l != "" && l != "eng" && !seen[l] {
				seen[l] = true
				ls = append(ls, l)
			}
		}
	}
	for _, f := range t.Fields {
		for _, c := range f.Captions {
			for _, r := range c {
				switch {
				case r >= 0x0900 && r <= 0x097F && !seen["hin"]:
					seen["hin"] = true
					ls = append(ls, "hin")
				case r >= 0xAC00 && r <= 0xD7A3 && !seen["kor"]:
					seen["kor"] = true
					ls = append(ls, "kor")
				}
			}
		}
	}
	sort.Strings(ls)
	return strings.Join(append(ls, "eng"), "+")
}

// assemble fills res from the sides read: raw fields, the ocr_* summary,
// cross-checks and the review verdicts.
func assemble(res *Result, front, back *sideRead, idType string, now time.Time) {
	out := &res.Out
	out.Raw = map[string]fields.Field{}
	out.Kind = idType
	out.Rotate = front.geo.Rotate
	put := func(sr *sideRead, prefix string) {
		for key, f := range sr.fields {
			q, oq := f.quad, f.imgQuad
			k := key
			if prefix != "" {
				if _, dup := out.Raw[key]; dup {
					k = prefix + key
				}
			}
			score := f.score
			if !f.trusted && !f.masked {
				// A value the reader does not vouch for (its normaliser,
				// check or plausibility test failed, or the OCR was
				// unsure) is not reported with a score that says it may
				// be relied on.
				score = min(score, fields.ReviewScore-1)
			}
			out.Raw[k] = fields.Field{Value: f.value, Score: score, Accepted: f.accepted, Quad: &q, ImageQuad: &oq}
		}
	}
	put(front, "")
	if back != nil {
		put(back, "back_")
	}
	res.Front.Reasons = append(res.Front.Reasons, front.review...)
	out.Notes = append(out.Notes, front.notes...)
	if back != nil {
		res.Back.Reasons = append(res.Back.Reasons, back.review...)
		out.Notes = append(out.Notes, back.notes...)
	}

	val := func(key string) (readField, bool) {
		if f, ok := front.fields[key]; ok {
			return f, true
		}
		if back != nil {
			f, ok := back.fields[key]
			return f, ok
		}
		return readField{}, false
	}
	trusted := func(key string) string {
		if f, ok := val(key); ok && f.trusted {
			return f.value
		}
		return ""
	}
	s := &out.Summary
	s.BirthDate = trusted("birth_date")
	s.IssueDate = trusted("issue_date")
	s.ExpireDate = trusted("expiry_date")
	s.Gender = trusted("sex")
	s.LastName = trusted("surname")
	s.FirstName = trusted("given_names")
	s.FullName = trusted("name")
	if s.FullName == "" {
		s.FullName = strings.TrimSpace(s.FirstName + " " + s.LastName)
	}
	switch idType {
	case "aadhaar":
		s.IdentityNumber = trusted("number")
		s.Number = s.IdentityNumber
		s.Nationality = "IND"
	case "pancard":
		s.Number = trusted("number")
		s.Nationality = "IND"
	case "government_id":
		s.IdentityNumber = trusted("number")
		s.Number = s.IdentityNumber
	case "drivers_license":
		s.Number = trusted("license_number")
		s.IdentityNumber = trusted("number")
		s.Version = trusted("serial")
	case "vehicle_registration_certificate":
		s.Number = trusted("registration_number")
		s.IdentityNumber = trusted("number")
		if s.IssueDate == "" {
			s.IssueDate = trusted("registration_date")
		}
	default:
		s.Number = trusted("number")
	}
	if s.FirstName == "" && s.LastName == "" && s.FullName != "" {
		s.FirstName, s.MiddleName, s.LastName = splitFullName(s.FullName)
	}

	// Resident registration number: birth date, sex and nationality, and
	// agreement with what is printed.
	if f, ok := val("number"); ok && f.f.Validate == "kr-rrn" {
		if rrn, err := idnum.ParseRRN(f.value); err == nil || rrnWarning(err) {
			if err != nil {
				res.Front.Reasons = append(res.Front.Reasons, "resident registration number does not pass its check (numbers assigned from October 2020 need not): unverified")
			}
			bd := rrn.Birth.Format("2006-01-02")
			if s.BirthDate != "" && s.BirthDate != bd {
				res.Front.Reasons = append(res.Front.Reasons, fmt.Sprintf("birth date %s disagrees with the resident registration number's %s", s.BirthDate, bd))
			}
			if s.Gender != "" && s.Gender != rrn.Sex {
				res.Front.Reasons = append(res.Front.Reasons, fmt.Sprintf("sex %s disagrees with the resident registration number's %s", s.Gender, rrn.Sex))
			}
			if err == nil {
				s.BirthDate, s.Gender = bd, rrn.Sex
				if !rrn.Foreigner {
					s.Nationality = "KOR"
				}
			}
		}
	}
	// Aadhaar: the number on the front and on the back must agree (a
	// masked number by its last four digits).
	if back != nil {
		ff, okF := front.fields["number"]
		bf, okB := back.fields["number"]
		if okF && okB && ff.f.Validate != "" && ff.value != "" && bf.value != "" {
			same := ff.value == bf.value
			if ff.masked || bf.masked {
				same = len(ff.value) >= 4 && len(bf.value) >= 4 && ff.value[len(ff.value)-4:] == bf.value[len(bf.value)-4:]
			}
			if !same {
				r := fmt.Sprintf("number on the front %s differs from the back's %s", ff.value, bf.value)
				res.Front.Reasons = append(res.Front.Reasons, r)
				res.Back.Reasons = append(res.Back.Reasons, r)
			} else if ff.masked && !bf.masked && bf.accepted != nil && *bf.accepted {
				s.IdentityNumber = bf.value
			}
		}
		if ff, ok := front.fields["number"]; ok && ff.masked {
			if s.IdentityNumber == "" {
				res.Front.Reasons = append(res.Front.Reasons, "masked Aadhaar number: cannot be verified")
			}
		}
	} else if ff, ok := front.fields["number"]; ok && ff.masked {
		res.Front.Reasons = append(res.Front.Reasons, "masked Aadhaar number: cannot be verified")
	}
	// Year of birth against the date of birth.
	if y := trusted("year_of_birth"); y != "" && s.BirthDate != "" && !strings.HasPrefix(s.BirthDate, y) {
		res.Front.Reasons = append(res.Front.Reasons, fmt.Sprintf("year of birth %s disagrees with the date of birth %s", y, s.BirthDate))
	}
	res.Front.Reasons = append(res.Front.Reasons, dateChecks(s, trusted, now)...)
	res.Front.Review = len(res.Front.Reasons) > 0
	res.Back.Review = len(res.Back.Reasons) > 0
	out.Review = res.Front.Review || res.Back.Review
	out.Reasons = append(append([]string(nil), res.Front.Reasons...), res.Back.Reasons...)
}

// splitFullName splits a holder's name: a Korean name in Hangul into its
// family name (one syllable, two for the compound family names) and given
// name; otherwise first word, middle words, last word.
func splitFullName(n string) (first, middle, last string) {
	if isScript(n, hangul) {
		rs := []rune(n)
		k := 1
		for _, c := range []string{"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"} {
			if len(rs) > 3 && strings.HasPrefix(n, c) {
				k = 2
			}
		}
		if len(rs) <= k {
			return "", "", n
		}
		return string(rs[k:]), "", string(rs[:k])
	}
	ws := strings.Fields(n)
	switch len(ws) {
	case 0:
		return "", "", ""
	case 1:
		return ws[0], "", ""
	}
	return ws[0], strings.Join(ws[1:len(ws)-1], " "), ws[len(ws)-1]
}

func rrnWarning(err error) bool {
	var ce *idnum.CheckDigitError
	return errors.As(err, &ce) && ce.Warning
}

// dateChecks returns reasons for dates out of order: birth before issue,
// issue before expiry, nothing but the expiry in the future.
func dateChecks(s *fields.Summary, trusted func(string) string, now time.Time) []string {
	today := now.Format("2006-01-02")
	var rs []string
	dates := []struct{ key, v string }{
		{"birth_date", s.BirthDate}, {"issue_date", s.IssueDate},
		{"first_registration_date", trusted("first_registration_date")}, {"registration_date", trusted("registration_date")},
	}
	for _, d := range dates {
		if d.v != "" && d.v > today {
			rs = append(rs, fmt.Sprintf("%s %s is in the future", d.key, d.v))
		}
	}
	if s.BirthDate != "" && s.IssueDate != "" && s.IssueDate < s.BirthDate {
		rs = append(rs, fmt.Sprintf("issue date %s before the birth date %s", s.IssueDate, s.BirthDate))
	}
	if s.IssueDate != "" && s.ExpireDate != "" && s.ExpireDate < s.IssueDate {
		rs = append(rs, fmt.Sprintf("expiry date %s before the issue date %s", s.ExpireDate, s.IssueDate))
	}
	return rs
}
