package doctype

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"regexp"
	"strings"
)

// Kind says what sort of value a field holds; it selects the default
// whitelist, normaliser and cross-checks.
type Kind string

// The field kinds.
const (
	KindName    Kind = "name"    // a person's name: letters, spaces, hyphens
	KindDate    Kind = "date"    // a date in any Doc 9303 Part 3 §3 style
	KindNumber  Kind = "number"  // a document or personal number
	KindCode    Kind = "code"    // a short code: sex, nationality, type
	KindText    Kind = "text"    // free text on one line: authority, place
	KindAddress Kind = "address" // free text over several lines
)

// DPI is the resolution of canonical document images: template regions given
// in mm are converted with px = mm / 25.4 × DPI.
const DPI = 300

// MMToPx converts a length in mm to canonical pixels.
func MMToPx(mm float64) int { return int(math.Round(mm / 25.4 * DPI)) }

// Field is one visual-zone field of a template.
type Field struct {
	Key        string          `json:"key"`        // the contract's raw key: surname, birth_date, issue_date…
	Region     image.Rectangle `json:"region"`     // where the value is printed, canonical px
	Kind       Kind            `json:"kind"`       // what sort of value
	Lang       string          `json:"lang"`       // Tesseract language(s), "eng" when empty
	Whitelist  string          `json:"whitelist"`  // characters the OCR may return; "" = kind default
	PSM        int             `json:"psm"`        // Tesseract page segmentation mode; 0 = 7 (one line), or 6 for address
	Lines      int             `json:"lines"`      // number of value lines to keep (1 unless an address)
	Caption    bool            `json:"caption"`    // the region may also hold the field's caption: keep only the tallest-text line(s)
	Required   bool            `json:"required"`   // a missing or low-score value asks for review
	MinScore   int             `json:"minScore"`   // score below which the value is not trusted (0-100)
	Normalizer string          `json:"normalizer"` // see Normalize; "" = kind default

	// Captions are the field's printed captions (any language, e.g.
	// "Surname", "Nom", "Apellidos"). When the template has a search Zone,
	// the value is looked for just below the caption found there, and
	// Region is the fallback.
	Captions []string `json:"captions,omitempty"`
	// Inline marks a field printed on its caption's line, right after it
	// ("Nom : BERTHIER"), rather than below it.
	Inline bool `json:"inline,omitempty"`
	// MaxScore, when above 0, caps the field's score: the value cannot be
	// read exactly with the template's OCR language (a French place name
	// read by the eng model loses its accents: SAINT-ÉTIENNE read
	// SAINT-ETIENNE), so it is never reported as trustworthy.
	MaxScore int `json:"maxScore,omitempty"`

	// Validate names the check the value must pass to be accepted (see
	// KnownValidator): "verhoeff-aadhaar", "pan", "kr-rrn", "kr-dl", "vin".
	// "" = none. The check itself lives with the reader (package idnum);
	// a value failing it is never accepted.
	Validate string `json:"validate,omitempty"`

	// Pattern, when set, is a regular expression (Go syntax) the value
	// matches: a reader without a caption to go by may look for it on the
	// page (a resident registration number, a 12-digit Aadhaar number).
	Pattern string `json:"pattern,omitempty"`
	// Above and Below name another field of the template: the value is
	// the line just above (below) that field's value, for fields printed
	// without a caption (the holder's name above the number).
	Above string `json:"above,omitempty"`
	Below string `json:"below,omitempty"`
}

// Validators are the number checks a template field may name.
var validators = map[string]bool{
	"verhoeff-aadhaar": true, // 12 digits, first 2-9, Verhoeff check digit (may be masked XXXX XXXX 1234)
	"pan":              true, // Indian PAN: AAAAA9999A with a known holder-type letter
	"kr-rrn":           true, // Korean resident registration number, YYMMDD-GNNNNNC
	"kr-dl":            true, // Korean driver's licence number, RR-YY-NNNNNN-CC
	"vin":              true, // vehicle identification number (ISO 3779), 17 characters
}

// KnownValidator reports whether name is a number check templates may name.
func KnownValidator(name string) bool { return validators[name] }

// Template describes one kind of document.
type Template struct {
	Name    string      `json:"name"`    // unique name, e.g. "uto-passport-td3" or "icao-td3"
	Country string      `json:"country"` // ISO 3166-1 alpha-3 / Doc 9303 code; "" for generic
	IDType  string      `json:"idType"`  // contract idType; "" for generic
	Format  string      `json:"format"`  // MRZ format name (mrz.Format.String()); "" = any
	Side    string      `json:"side"`    // "front" (default) or "back"
	Size    image.Point `json:"size"`    // canonical size in px
	Fields  []Field     `json:"fields"`
	Source  string      `json:"source"` // where the layout comes from

	// Zone, when not empty, is the area (canonical px) read as a whole to
	// find the fields' captions: for generic templates, whose fixed regions
	// are only the spec's nominal layout.
	Zone image.Rectangle `json:"zone"`

	// Countries, for a template without Country, lists the issuing
	// countries it is registered for (a harmonised document such as the EU
	// vehicle registration certificate); IDType must then be set.
	Countries []string `json:"countries,omitempty"`

	// WhitenBackground asks readers of the whole page to whiten what is
	// lighter than the ink before reading it: for documents printed over
	// heavy guilloche or tints, which Tesseract's layout analysis merges
	// with the text.
	WhitenBackground bool `json:"whitenBackground,omitempty"`

	// SparseRead asks readers of the whole page for a second, sparse-text
	// read when the first misses a required field or a third of the
	// fields: for layouts whose blocks Tesseract's layout analysis drops
	// (the Korean licence's first row beside the portrait, the EU
	// certificate's right column).
	SparseRead bool `json:"sparseRead,omitempty"`
}

// IssuedBy reports whether the template is registered for country.
func (t *Template) IssuedBy(country string) bool {
	country = strings.ToUpper(strings.TrimSpace(country))
	if t.Country != "" {
		return t.Country == country
	}
	for _, c := range t.Countries {
		if c == country {
			return true
		}
	}
	return false
}

// Field returns the template's field with the given key.
func (t *Template) Field(key string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// fileTemplate is the on-disk form: regions as [x0, y0, x1, y1] in the
// template's unit ("px" or "mm").
type fileTemplate struct {
	Name    string      `json:"name"`
	Country string      `json:"country"`
	IDType  string      `json:"idType"`
	Format  string      `json:"format"`
	Side    string      `json:"side"`
	Unit    string      `json:"unit"`
	Size    [2]float64  `json:"size"`
	Source  string      `json:"source"`
	Zone    *[4]float64 `json:"zone"`
	Fields  []fileField `json:"fields"`

	Countries []string `json:"countries"`

	WhitenBackground bool `json:"whitenBackground"`
	SparseRead       bool `json:"sparseRead"`
}

type fileField struct {
	Key        string     `json:"key"`
	Region     [4]float64 `json:"region"`
	Kind       Kind       `json:"kind"`
	Lang       string     `json:"lang"`
	Whitelist  *string    `json:"whitelist"`
	PSM        int        `json:"psm"`
	Lines      int        `json:"lines"`
	Caption    bool       `json:"caption"`
	Required   bool       `json:"required"`
	MinScore   *int       `json:"minScore"`
	Normalizer string     `json:"normalizer"`
	Captions   []string   `json:"captions"`
	Inline     bool       `json:"inline"`
	MaxScore   int        `json:"maxScore"`
	Validate   string     `json:"validate"`
	Pattern    string     `json:"pattern"`
	Above      string     `json:"above"`
	Below      string     `json:"below"`
}

// TemplateError reports an invalid template file and where.
type TemplateError struct {
	Template string // template name or file
	Field    string // field key, "" for the template itself
	Msg      string
}

func (e *TemplateError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("doctype: template %s: %s", e.Template, e.Msg)
	}
	return fmt.Sprintf("doctype: template %s: field %s: %s", e.Template, e.Field, e.Msg)
}

// ParseTemplate reads a template from its JSON form. Regions and size are
// [x0, y0, x1, y1] and [w, h] in "unit": "px" (canonical pixels, default) or
// "mm" (converted at DPI). Defaults are filled in from the field's kind.
func ParseTemplate(data []byte) (*Template, error) {
	var ft fileTemplate
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ft); err != nil {
		return nil, fmt.Errorf("doctype: %w", err)
	}
	conv := func(v float64) int { return int(math.Round(v)) }
	switch ft.Unit {
	case "", "px":
	case "mm":
		conv = func(v float64) int { return MMToPx(v) }
	default:
		return nil, &TemplateError{Template: ft.Name, Msg: fmt.Sprintf("unknown unit %q", ft.Unit)}
	}
	t := &Template{
		Name: ft.Name, Country: strings.ToUpper(ft.Country), IDType: ft.IDType, Format: ft.Format,
		Side: ft.Side, Size: image.Pt(conv(ft.Size[0]), conv(ft.Size[1])), Source: ft.Source,
		WhitenBackground: ft.WhitenBackground,
		SparseRead:       ft.SparseRead,
	}
	if t.Side == "" {
		t.Side = "front"
	}
	for _, c := range ft.Countries {
		t.Countries = append(t.Countries, strings.ToUpper(strings.TrimSpace(c)))
	}
	if z := ft.Zone; z != nil {
		t.Zone = image.Rect(conv(z[0]), conv(z[1]), conv(z[2]), conv(z[3]))
	}
	for _, ff := range ft.Fields {
		f := Field{
			Key:        ff.Key,
			Region:     image.Rect(conv(ff.Region[0]), conv(ff.Region[1]), conv(ff.Region[2]), conv(ff.Region[3])),
			Kind:       ff.Kind,
			Lang:       ff.Lang,
			PSM:        ff.PSM,
			Lines:      ff.Lines,
			Caption:    ff.Caption,
			Required:   ff.Required,
			Normalizer: ff.Normalizer,
			Captions:   ff.Captions,
			Inline:     ff.Inline,
			MaxScore:   ff.MaxScore,
			Validate:   ff.Validate,
			Pattern:    ff.Pattern,
			Above:      ff.Above,
			Below:      ff.Below,
		}
		if f.Lang == "" {
			f.Lang = "eng"
		}
		if ff.Whitelist != nil {
			f.Whitelist = *ff.Whitelist
		} else {
			f.Whitelist = DefaultWhitelist(f.Kind)
		}
		if ff.MinScore != nil {
			f.MinScore = *ff.MinScore
		} else {
			f.MinScore = 50
		}
		if f.Normalizer == "" {
			f.Normalizer = defaultNormalizer(f.Key, f.Kind)
		}
		if f.PSM == 0 {
			f.PSM = 7
			if f.Kind == KindAddress || f.Lines > 1 || f.Caption {
				f.PSM = 6
			}
		}
		if f.Lines == 0 {
			f.Lines = 1
		}
		t.Fields = append(t.Fields, f)
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// Validate checks that the template is usable: a name, a size, and fields
// with known kinds and normalisers, non-empty regions inside the document,
// and unique keys.
func (t *Template) Validate() error {
	if t.Name == "" {
		return &TemplateError{Template: "?", Msg: "no name"}
	}
	if t.Size.X <= 0 || t.Size.Y <= 0 {
		return &TemplateError{Template: t.Name, Msg: "size must be positive"}
	}
	if t.Side != "front" && t.Side != "back" {
		return &TemplateError{Template: t.Name, Msg: fmt.Sprintf("side %q is not front or back", t.Side)}
	}
	if len(t.Countries) > 0 {
		if t.Country != "" || t.IDType == "" {
			return &TemplateError{Template: t.Name, Msg: "countries needs an idType and no country"}
		}
		seen := map[string]bool{}
		for _, c := range t.Countries {
			if !isCountryCode(c) {
				return &TemplateError{Template: t.Name, Msg: fmt.Sprintf("country %q is not three capital letters", c)}
			}
			if seen[c] {
				return &TemplateError{Template: t.Name, Msg: fmt.Sprintf("country %s listed twice", c)}
			}
			seen[c] = true
		}
	} else if (t.Country == "") != (t.IDType == "") {
		return &TemplateError{Template: t.Name, Msg: "country and idType go together (both empty for a generic template)"}
	}
	if t.Country == "" && len(t.Countries) == 0 && t.Format == "" {
		return &TemplateError{Template: t.Name, Msg: "a generic template needs a format"}
	}
	bounds := image.Rectangle{Max: t.Size}
	if !t.Zone.Empty() && !t.Zone.In(bounds) {
		return &TemplateError{Template: t.Name, Msg: fmt.Sprintf("zone %v outside %v", t.Zone, bounds)}
	}
	seen := map[string]bool{}
	for _, f := range t.Fields {
		if f.Key == "" {
			return &TemplateError{Template: t.Name, Msg: "field without key"}
		}
		if seen[f.Key] {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: "duplicate key"}
		}
		seen[f.Key] = true
		switch f.Kind {
		case KindName, KindDate, KindNumber, KindCode, KindText, KindAddress:
		default:
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("unknown kind %q", f.Kind)}
		}
		if f.Region.Empty() || !f.Region.In(bounds) {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("region %v empty or outside %v", f.Region, bounds)}
		}
		if !KnownNormalizer(f.Normalizer) {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("unknown normalizer %q", f.Normalizer)}
		}
		if f.MinScore < 0 || f.MinScore > 100 {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: "minScore outside 0-100"}
		}
		if f.MaxScore < 0 || f.MaxScore > 100 {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: "maxScore outside 0-100"}
		}
		for _, c := range f.Captions {
			if strings.TrimSpace(c) == "" {
				return &TemplateError{Template: t.Name, Field: f.Key, Msg: "empty caption"}
			}
		}
		if f.Validate != "" && !KnownValidator(f.Validate) {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("unknown validate %q", f.Validate)}
		}
		if f.Pattern != "" {
			if _, err := regexp.Compile(f.Pattern); err != nil {
				return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("pattern: %v", err)}
			}
		}
		if f.PSM < 0 || f.PSM > 13 {
			return &TemplateError{Template: t.Name, Field: f.Key, Msg: "psm outside 0-13"}
		}
	}
	for _, f := range t.Fields {
		for _, ref := range []string{f.Above, f.Below} {
			if ref == "" {
				continue
			}
			if ref == f.Key || !seen[ref] {
				return &TemplateError{Template: t.Name, Field: f.Key, Msg: fmt.Sprintf("above/below names %q, not another field of the template", ref)}
			}
		}
	}
	return nil
}

func isCountryCode(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

const (
	upper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits = "0123456789"
)

// DefaultWhitelist returns the OCR character whitelist used for a kind when
// the template gives none ("" means no restriction).
func DefaultWhitelist(k Kind) string {
	switch k {
	case KindDate:
		return digits + upper + " ./-"
	case KindNumber:
		return digits + upper + " <"
	case KindCode:
		return upper + " /"
	}
	return "" // names and text may hold national characters: no whitelist
}

func defaultNormalizer(key string, k Kind) string {
	switch k {
	case KindDate:
		switch key {
		case "birth_date":
			return "date_birth"
		case "expiry_date":
			return "date_expiry"
		}
		return "date_past"
	case KindName:
		return "name"
	case KindNumber:
		return "number"
	case KindCode:
		if key == "sex" {
			return "sex"
		}
		return "code"
	case KindAddress:
		return "address"
	}
	return "text"
}
