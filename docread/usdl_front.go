package docread

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/ocr"
)

// usdlFront is what was read on a licence front.
type usdlFront struct {
	geo    *Geometry
	fields map[string]frontField // by raw key, found by their captions
	mrz    bool                  // a machine-readable zone was seen
	lines  []ocr.Line            // the page read (page pixels)
	k      float64               // page pixels per canonical pixel
	page   *image.Gray           // the card warped upright, k page pixels per canonical pixel
	src    *image.Gray           // the upload, grey (re-reads warp regions of it finer)
	ink    *image.Gray           // page with its background dropped (inkPage), made on demand
	more   []ocr.Line            // lines of the re-reads (confirmFront), page pixels
	cache  map[readKey]ocr.Text  // re-reads done, by region and mode
}

// frontField is one captioned value read on the front.
type frontField struct {
	value string
	score int
	box   image.Rectangle // canonical document pixels
}

// usdlCaption is an AAMVA / ISO 18013-1 field number with its label(s).
type usdlCaption struct {
	number string
	labels []string
	key    string
}

var usdlCaptions = []usdlCaption{
	{"1", nil, "surname"},
	{"2", nil, "given_names"},
	{"3", []string{"DOB"}, "birth_date"},
	{"4A", []string{"ISS", "ISSUED"}, "issue_date"},
	{"4B", []string{"EXP", "EXPIRES"}, "expiry_date"},
	{"4C", nil, "authority"},
	{"4D", []string{"DLN", "DL", "LIC#", "LIC", "LICENSE", "ID", "NO", "DL#"}, "license_number"},
	{"5", []string{"DD"}, "document_discriminator"},
	{"8", nil, "address"},
	{"9", []string{"CLASS"}, "class"},
	{"9A", []string{"END"}, "endorsements"},
	{"12", []string{"RESTR", "RSTR"}, "restrictions"},
	{"15", []string{"SEX"}, "sex"},
	{"16", []string{"HGT"}, "height"},
	{"17", []string{"WGT"}, "weight"},
	{"18", []string{"EYES"}, "eyes"},
	{"19", []string{"HAIR"}, "hair"},
}

var (
	captionByNumber = map[string]*usdlCaption{}
	captionByLabel  = map[string]*usdlCaption{}
	gluedCaption    = regexp.MustCompile(`^(1|2|3|4[ABCD]|5|8|9A?|12|15|16|17|18|19)([A-Z#]+)$`)
	usDateRe        = regexp.MustCompile(`(\d{2})[/.-](\d{2})[/.-](\d{4})`)
	isoDateRe       = regexp.MustCompile(`(\d{4})[/.-](\d{2})[/.-](\d{2})`)
	mrzLineRe       = regexp.MustCompile(`[A-Z0-9<]{20,}`)
)

// numberOnlyLabel are labels that are captions only after their number:
// alone they are ordinary words ("DRIVER LICENSE", "ID", "NO").
var numberOnlyLabel = map[string]bool{"ID": true, "NO": true, "DL": true, "LICENSE": true, "LIC": true, "ISSUED": true, "EXPIRES": true}

func init() {
	for i := range usdlCaptions {
		c := &usdlCaptions[i]
		captionByNumber[c.number] = c
		for _, l := range c.labels {
			if _, dup := captionByLabel[l]; !dup {
				captionByLabel[l] = c
			}
		}
	}
}

// normToken folds an OCR word for caption matching.
func normToken(s string) string {
	return strings.Trim(strings.ToUpper(s), ":.,;")
}

// captionAt reports whether words[i:] starts with a caption, and how many
// words it takes. Bare numbers (1, 2, 8) count only at the start of a line.
func captionAt(words []string, i int) (*usdlCaption, int) {
	w := normToken(words[i])
	next := ""
	if i+1 < len(words) {
		next = normToken(words[i+1])
	}
	if c, ok := captionByNumber[w]; ok {
		for _, l := range c.labels {
			if next == l {
				return c, 2
			}
		}
		if len(c.labels) == 0 && i == 0 {
			return c, 1
		}
		if c.number == "4D" || c.number == "4A" || c.number == "4B" {
			return c, 1
		}
	}
	if m := gluedCaption.FindStringSubmatch(w); m != nil {
		if c, ok := captionByNumber[m[1]]; ok {
			for _, l := range c.labels {
				if m[2] == l {
					return c, 1
				}
			}
		}
	}
	if c, ok := captionByLabel[w]; ok && !numberOnlyLabel[w] {
		return c, 1
	}
	return nil, 0
}

// parseUSDLFront finds the captioned values in an OCR reading of the
// front (boxes in page pixels, k page pixels per canonical pixel).
func parseUSDLFront(t ocr.Text, k float64) (map[string]frontField, bool) {
	out := map[string]frontField{}
	mrz := false
	lines := t.Lines
	for li, l := range lines {
		if strings.Count(l.Value, "<") >= 5 && mrzLineRe.MatchString(strings.ReplaceAll(l.Value, " ", "")) {
			mrz = true
		}
		words := make([]string, len(l.Words))
		for i, w := range l.Words {
			words[i] = w.Value
		}
		for i := 0; i < len(words); {
			c, n := captionAt(words, i)
			if c == nil {
				i++
				continue
			}
			j := i + n
			end := j
			for end < len(words) {
				if c2, _ := captionAt(words, end); c2 != nil {
					break
				}
				end++
			}
			if end > j {
				var vals []string
				var box image.Rectangle
				score, nch := 0, 0
				for _, w := range l.Words[j:end] {
					vals = append(vals, w.Value)
					box = box.Union(w.Box)
					score += w.Score * len(w.Value)
					nch += len(w.Value)
				}
				v := strings.Join(vals, " ")
				if c.key == "address" {
					// The address runs on to the next line when that line
					// holds no caption and sits just below.
					if li+1 < len(lines) {
						nl := lines[li+1]
						if len(nl.Words) > 0 && nl.Box.Min.Y-l.Box.Max.Y < 2*max(l.Box.Dy(), 1) {
							nw := make([]string, len(nl.Words))
							for k, w := range nl.Words {
								nw[k] = w.Value
							}
							if c2, _ := captionAt(nw, 0); c2 == nil {
								v += " " + nl.Value
								box = box.Union(nl.Box)
								score += nl.Score * len(nl.Value)
								nch += len(nl.Value)
							}
						}
					}
				}
				if _, dup := out[c.key]; !dup && nch > 0 {
					out[c.key] = frontField{value: v, score: score / nch, box: scaleRect(box, 1/k)}
				}
			}
			i = end
		}
	}
	return out, mrz
}

func scaleRect(r image.Rectangle, f float64) image.Rectangle {
	return image.Rect(int(math.Floor(float64(r.Min.X)*f)), int(math.Floor(float64(r.Min.Y)*f)),
		int(math.Ceil(float64(r.Max.X)*f)), int(math.Ceil(float64(r.Max.Y)*f)))
}

// readUSDLFront finds the card on the front and reads its captions.
func readUSDLFront(ctx context.Context, env *Env, img image.Image) (*usdlFront, error) {
	geo, err := env.Find(ctx, img, usdlSize)
	if err != nil {
		return nil, err
	}
	if geo == nil {
		return nil, errors.New("docread: no card found on the front")
	}
	size := geo.DocSize
	if size.X <= 0 || size.Y <= 0 {
		return nil, errors.New("docread: card of empty size")
	}
	// Read at about 1011 px across: the captions are about 14 px tall.
	k := math.Min(1.5, 1011/float64(size.X))
	src := grey(img)
	page := warpPage(src, geo.DocToImage, size, k)
	t, err := env.OCR.ReadRegion(ctx, page, "eng", "", 3)
	if err != nil {
		return nil, err
	}
	f, mrz := parseUSDLFront(t, k)
	return &usdlFront{geo: geo, fields: f, mrz: mrz, lines: t.Lines, k: k, page: page, src: src}, nil
}

// frontDate reads a date printed on the front: MM/DD/YYYY (USA) or
// YYYY/MM/DD (Canada), as YYYY-MM-DD; "" when none or not a real date.
func frontDate(s string) string {
	if m := isoDateRe.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if m := usDateRe.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("01-02-2006", m[1]+"-"+m[2]+"-"+m[3]); err == nil {
			return t.Format("2006-01-02")
		}
		// DD/MM/YYYY (some Canadian provinces)
		if t, err := time.Parse("02-01-2006", m[1]+"-"+m[2]+"-"+m[3]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// frontValue normalises a front value of key for output and comparison.
func frontValue(key, v string) string {
	v = strings.TrimSpace(v)
	switch key {
	case "birth_date", "issue_date", "expiry_date":
		// Dates hold only digits: read the letters OCR gives for them.
		return frontDate(strings.Map(func(r rune) rune {
			switch r {
			case 'O', 'o', 'Q', 'D':
				return '0'
			case 'I', 'l', '|', 'i':
				return '1'
			case 'S', 's':
				return '5'
			case 'B':
				return '8'
			case 'Z':
				return '2'
			}
			return r
		}, v))
	case "sex":
		for _, r := range strings.ToUpper(v) {
			if r == 'M' || r == 'F' || r == 'X' {
				return string(r)
			}
		}
		return ""
	case "license_number", "document_discriminator":
		return strings.ToUpper(strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return r
		}, v))
	}
	return strings.Join(strings.Fields(strings.ToUpper(v)), " ")
}

// comparable folds a value for the front/barcode comparison: capitals and
// digits only, and the shapes OCR confuses (0/O, 1/I/L, 5/S, 8/B, 2/Z)
// merged, so that only real disagreements count.
func comparable(v string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		switch {
		case r == 'O' || r == 'Q':
			b.WriteRune('0')
		case r == 'I' || r == 'L' || r == '|':
			b.WriteRune('1')
		case r == 'S':
			b.WriteRune('5')
		case r == 'B':
			b.WriteRune('8')
		case r == 'Z':
			b.WriteRune('2')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// crossCheckKeys are the fields compared between front and barcode.
var crossCheckKeys = []string{"surname", "given_names", "birth_date", "issue_date", "expiry_date", "license_number", "address", "sex"}

// findValue looks for want (a barcode value) among the front's words: a
// run of up to six words of one line whose folded text equals want's. It
// returns the run's box in canonical pixels.
func (f *usdlFront) findValue(key, want string) (image.Rectangle, bool) {
	w := comparable(want)
	if len(w) < 2 {
		return image.Rectangle{}, false
	}
	isDate := isDateKey(key)
	for _, l := range f.all() {
		for i := range l.Words {
			var text []string
			var box image.Rectangle
			for j := i; j < len(l.Words) && j < i+6; j++ {
				text = append(text, l.Words[j].Value)
				box = box.Union(l.Words[j].Box)
				v := strings.Join(text, " ")
				if isDate {
					if frontValue(key, v) == want {
						return scaleRect(box, 1/f.k), true
					}
					continue
				}
				if comparable(v) == w {
					return scaleRect(box, 1/f.k), true
				}
			}
		}
	}
	return image.Rectangle{}, false
}

// nearest returns the smallest edit distance between want (folded) and
// any stretch of one line of the front (folded, spaces dropped): 0 when
// the value is printed as is, 1 for one character misread, and so on.
func (f *usdlFront) nearest(want string) int {
	w := []rune(comparable(want))
	best := len(w)
	prev := make([]int, len(w)+1)
	cur := make([]int, len(w)+1)
	for _, l := range f.all() {
		line := []rune(comparable(l.Value))
		// Sellers: the match may start anywhere in the line (row 0 is
		// all zeros) and end anywhere (minimum over the last row).
		for i := range prev {
			prev[i] = i
		}
		for _, c := range line {
			cur[0] = 0
			for i := 1; i <= len(w); i++ {
				d := prev[i-1]
				if w[i-1] != c {
					d++
				}
				d = min(d, prev[i]+1, cur[i-1]+1)
				cur[i] = d
			}
			best = min(best, cur[len(w)])
			prev, cur = cur, prev
		}
	}
	return best
}

// sexAfterCaption finds the sex where Tesseract garbled its caption: a
// one-letter M, F or X right after a word ending in SEX (15SEX, ASSEX).
func (f *usdlFront) sexAfterCaption() (frontField, bool) {
	for _, l := range f.lines {
		for i := 1; i < len(l.Words); i++ {
			v := strings.ToUpper(strings.Trim(l.Words[i].Value, ".:,;"))
			prev := strings.ToUpper(strings.Trim(l.Words[i-1].Value, ".:,;"))
			if (v == "M" || v == "F" || v == "X") && strings.HasSuffix(prev, "SEX") {
				w := l.Words[i]
				return frontField{value: v, score: w.Score, box: scaleRect(w.Box, 1/f.k)}, true
			}
		}
	}
	return frontField{}, false
}

// frontDates returns every date printed on the front (page read), as
// YYYY-MM-DD.
func (f *usdlFront) frontDates() []string {
	var out []string
	for _, l := range f.lines {
		for _, w := range l.Words {
			if v := frontValue("birth_date", w.Value); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// crossCheck gives the barcode's fields the places read on the front and
// returns one reason per field the front does not confirm. Each value the
// front always prints (crossCheckKeys; the address by its street) must be
// confirmed by some read of the front (usdlFront.confirms): a value the
// front cannot confirm is a reason to look, whether its caption shows
// another value ("surname: front "JONES", barcode "SMITH"") or nothing
// readable ("surname: not confirmed on the front"). Dates printed on the
// front that are none of the barcode's are named in the reasons of the
// unconfirmed dates. A front on which no value at all is confirmed gives
// one reason for the whole side. street and city are the address lines
// as the barcode has them; otherDates are the barcode's other dates.
func crossCheck(out *fields.Output, front *usdlFront, street, city string, otherDates []string) []string {
	var reasons []string
	place := func(key string, box image.Rectangle) {
		f := out.Raw[key]
		f.Quad, f.ImageQuad = quadPair(front.geo, box)
		out.Raw[key] = f
	}
	if _, ok := front.fields["sex"]; !ok {
		if ff, ok := front.sexAfterCaption(); ok {
			front.fields["sex"] = ff
		}
	}
	found := map[string]bool{}
	var unconfirmed []expectation
	exps := frontExpectations(out, street)
	for _, e := range exps {
		if box, ok := front.findValue(e.key, e.want); ok {
			found[e.key] = true
			if e.key == "address" && city != "" {
				if cb, ok := front.findValue("address", city); ok {
					box = box.Union(cb)
				}
			}
			place(e.key, box)
			continue
		}
		if !front.confirms(e.key, e.want) {
			unconfirmed = append(unconfirmed, e)
		}
	}
	// Other barcode values are only placed (OCR on them is no verdict).
	for _, key := range []string{"document_discriminator", "height", "eyes", "hair", "class"} {
		if bf, ok := out.Raw[key]; ok && len(bf.Value) >= 2 {
			if box, ok := front.findValue(key, bf.Value); ok {
				found[key] = true
				place(key, box)
			}
		}
	}
	keys := make([]string, 0, len(front.fields))
	for k := range front.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		ff := front.fields[key]
		bf, inCode := out.Raw[key]
		if !inCode {
			// Only on the front (authority, weight...): keep it, with
			// the OCR's score.
			if v := frontValue(key, ff.value); v != "" {
				q, oq := quadPair(front.geo, ff.box)
				out.Raw[key] = fields.Field{Value: v, Score: ff.score, Quad: q, ImageQuad: oq}
			}
			continue
		}
		if !found[key] && bf.Quad == nil {
			place(key, ff.box)
		}
	}
	if len(unconfirmed) == 0 {
		return nil
	}
	if len(unconfirmed) == len(exps) {
		return []string{"front: none of the barcode's values could be confirmed on the front"}
	}
	known := map[string]bool{}
	for _, k := range []string{"birth_date", "issue_date", "expiry_date"} {
		if f, ok := out.Raw[k]; ok {
			known[f.Value] = true
		}
	}
	for _, d := range otherDates {
		known[d] = true
	}
	var strange []string
	for _, d := range front.frontDates() {
		if !known[d] && !slices.Contains(strange, d) {
			strange = append(strange, d)
		}
	}
	for _, e := range unconfirmed {
		bv := out.Raw[e.key].Value
		fv := ""
		if ff, ok := front.fields[e.key]; ok {
			fv = frontValue(e.key, ff.value)
		}
		switch {
		case isDateKey(e.key) && len(strange) > 0:
			reasons = append(reasons, fmt.Sprintf("%s: not confirmed on the front (barcode %s; the front shows %s, none of the barcode's dates)", e.key, bv, strings.Join(strange, ", ")))
		case fv != "" && comparable(fv) != comparable(bv):
			reasons = append(reasons, fmt.Sprintf("%s: front %q, barcode %q", e.key, fv, bv))
		default:
			reasons = append(reasons, fmt.Sprintf("%s: not confirmed on the front (barcode %q)", e.key, bv))
		}
	}
	return reasons
}

// frontOnlyOutput maps the front's values when there is no barcode.
func frontOnlyOutput(front *usdlFront, idType string, now time.Time) fields.Output {
	out := fields.Output{Raw: map[string]fields.Field{}, Rotate: front.geo.Rotate, Kind: idType}
	for key, ff := range front.fields {
		v := frontValue(key, ff.value)
		if v == "" {
			continue
		}
		q, oq := quadPair(front.geo, ff.box)
		f := fields.Field{Value: v, Score: ff.score, Quad: q, ImageQuad: oq}
		switch key {
		case "birth_date", "issue_date", "expiry_date":
			f.Accepted = usdlBool(true) // a real calendar date (frontDate checked)
		}
		out.Raw[key] = f
	}
	get := func(k string) string { return out.Raw[k].Value }
	b, is, ex := get("birth_date"), get("issue_date"), get("expiry_date")
	if is != "" && ex != "" && is > ex {
		for _, k := range []string{"issue_date", "expiry_date"} {
			f := out.Raw[k]
			f.Accepted = usdlBool(false)
			out.Raw[k] = f
		}
	}
	if b != "" && is != "" && b >= is {
		f := out.Raw["birth_date"]
		f.Accepted = usdlBool(false)
		out.Raw["birth_date"] = f
	}
	if b != "" && b > now.Format("2006-01-02") {
		f := out.Raw["birth_date"]
		f.Accepted = usdlBool(false)
		out.Raw["birth_date"] = f
	}
	s := &out.Summary
	s.LastName = get("surname")
	if g := strings.Fields(get("given_names")); len(g) > 0 {
		s.FirstName, s.MiddleName = g[0], strings.Join(g[1:], " ")
	}
	s.FullName = strings.Join(strings.Fields(get("given_names")+" "+s.LastName), " ")
	s.Gender = get("sex")
	s.Number = get("license_number")
	for _, d := range []struct {
		key string
		dst *string
	}{{"birth_date", &s.BirthDate}, {"issue_date", &s.IssueDate}, {"expiry_date", &s.ExpireDate}} {
		if f, ok := out.Raw[d.key]; ok && accepted(f) {
			*d.dst = f.Value
		}
	}
	return out
}
