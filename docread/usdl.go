package docread

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/idrecog/idrecog/aamva"
	"github.com/idrecog/idrecog/barcode"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

func init() {
	Register("aamva", matchUSDL, USDL{})
}

// matchUSDL claims US and Canadian driving licences and ID cards.
func matchUSDL(country, idType string) bool {
	return (country == "USA" || country == "CAN") && (idType == "drivers_license" || idType == "government_id")
}

// USDL reads US and Canadian driving licences and ID cards: the AAMVA
// PDF417 barcode (on the back, else on the front) gives the values; the
// front's visual zone, read by its numbered captions (1 family name, 2
// given names, 3 DOB, 4a ISS, 4b EXP, 4d DLN, 8 address, 15 SEX, ...),
// gives the fields' places and is cross-checked against the barcode.
//
// Verdicts: a field on which front and barcode disagree sets Front.Review
// with a reason naming the field; a back sent without a readable PDF417
// sets Back.Review; with no barcode anywhere the front alone is read and
// review is asked. A front showing a machine-readable zone (a passport or
// an ID card of another kind) is ErrNotThisDocument; a back whose PDF417
// holds something other than an AAMVA payload is ErrNotThisBack (a back
// with no PDF417 at all is more often a blurred photo than another card:
// it only asks for review).
//
// Summary: names, gender, dates and ocr_number (DAQ) from the barcode;
// ocr_nationality stays empty (a licence states no nationality: the
// issuing country is not the holder's), ocr_version empty (the AAMVA
// version and the document discriminator are in Raw as aamva_version and
// document_discriminator), ocr_identityNumber empty.
type USDL struct{}

// usdlSize is the canonical size of an ID-1 card at 300 dpi.
var usdlSize = image.Pt(1011, 638)

// barcodeScore is the score of a value decoded from the PDF417 symbol
// (its Reed-Solomon code leaves no doubt on the bytes).
const barcodeScore = 99

// Read implements Reader.
func (USDL) Read(ctx context.Context, env *Env, in Input) (*Result, error) {
	if in.Front == nil || in.Front.Bounds().Empty() {
		return nil, ErrNothingRead
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	res := &Result{Reader: "aamva", Diagnostics: map[string]any{}}
	doc, where, err := findAAMVA(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Back != nil && where != "back" {
		res.Back.Review = true
		res.Back.Reasons = append(res.Back.Reasons, "back: no readable PDF417 barcode")
	}
	var front *usdlFront
	if env != nil && env.OCR != nil && env.Find != nil {
		front, err = readUSDLFront(ctx, env, in.Front)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Diagnostics["front_error"] = err.Error()
			front = nil
		}
	}
	if front != nil && front.mrz {
		return nil, fmt.Errorf("%w: a machine-readable zone on the front", ErrNotThisDocument)
	}
	if doc == nil {
		// No barcode anywhere: the front alone, with review.
		if front == nil || len(front.fields) == 0 {
			return nil, ErrNothingRead
		}
		res.Out = frontOnlyOutput(front, in.IDType, now)
		res.Front.Review = true
		res.Front.Reasons = append(res.Front.Reasons, "no readable PDF417 barcode: values read from the front only")
		res.Diagnostics["barcode"] = "none"
		res.Out.Review = true
		res.Out.Reasons = append(res.Out.Reasons, res.Front.Reasons...)
		return res, nil
	}
	res.Diagnostics["barcode"] = where
	res.Diagnostics["aamva_version"] = doc.Version
	if len(doc.Repairs) > 0 {
		res.Diagnostics["aamva_repairs"] = doc.Repairs
	}
	out, problems := mapAAMVA(doc, now)
	res.Out = out
	if k := out.Kind; k != "" && k != in.IDType {
		problems = append(problems, fmt.Sprintf("document_type: the barcode is of a %s, declared %s", k, in.IDType))
	}
	if c := doc.Country(); c != in.Country {
		problems = append(problems, fmt.Sprintf("country: the barcode says %s, declared %s", c, in.Country))
	}
	if front != nil {
		res.Out.Rotate = front.geo.Rotate
		res.Diagnostics["front_fields_read"] = len(front.fields)
		disagree, err := verifyFront(ctx, env, &res.Out, front, doc)
		if err != nil {
			return nil, err
		}
		if where == "front" && len(disagree) == 1 && strings.HasPrefix(disagree[0], "front:") {
			// The barcode was on the image sent as the front, and no
			// value of the visual zone was read there: a barcode side,
			// with nothing to cross-check.
			res.Diagnostics["front"] = "no visual zone read"
			disagree = nil
		}
		problems = append(problems, disagree...)
	} else {
		res.Diagnostics["front"] = "not read"
	}
	if len(problems) > 0 {
		res.Front.Review = true
		res.Front.Reasons = append(res.Front.Reasons, problems...)
	}
	res.Out.Review = res.Front.Review || res.Back.Review
	res.Out.Reasons = append(append(res.Out.Reasons, res.Front.Reasons...), res.Back.Reasons...)
	return res, nil
}

// findAAMVA decodes the PDF417 on the back, else on the front, and parses
// it. where is "back", "front" or "" (none found).
func findAAMVA(ctx context.Context, in Input) (*aamva.Document, string, error) {
	try := func(img image.Image) (*aamva.Document, bool, error) {
		syms, err := barcode.DecodePDF417(img)
		if err != nil {
			if errors.Is(err, barcode.ErrNotFound) {
				return nil, false, nil
			}
			return nil, false, err
		}
		for _, s := range syms {
			if d, err := aamva.Parse(s.Data); err == nil {
				return d, true, nil
			}
		}
		return nil, true, nil // a PDF417 that is not AAMVA
	}
	if in.Back != nil && !in.Back.Bounds().Empty() {
		d, sym, err := try(in.Back)
		if err != nil {
			return nil, "", err
		}
		if d != nil {
			return d, "back", nil
		}
		if sym {
			return nil, "", fmt.Errorf("%w: its PDF417 holds no AAMVA data", ErrNotThisBack)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	d, _, err := try(in.Front)
	if err != nil || d == nil {
		return nil, "", err
	}
	return d, "front", nil
}

// mapAAMVA turns a parsed payload into the contract's fields, and lists
// the problems the values show (impossible dates, dates out of order).
func mapAAMVA(d *aamva.Document, now time.Time) (fields.Output, []string) {
	out := fields.Output{Raw: map[string]fields.Field{}}
	var problems []string
	set := func(key, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out.Raw[key] = fields.Field{Value: v, Score: barcodeScore}
		}
	}
	n := d.Names()
	set("surname", n.Family)
	set("given_names", n.Given())
	set("first_name", n.First)
	set("middle_name", n.Middle)
	set("suffix", n.Suffix)
	set("license_number", d.Number())
	set("sex", d.Sex())
	set("address", usAddress(d.Address()))
	set("document_discriminator", d.Discriminator())
	set("eyes", d.Eyes())
	set("hair", d.Hair())
	if raw, cm := d.Height(); raw != "" {
		// As the front prints it: 5'-08" for inches, 173 cm otherwise.
		h := raw
		var in int
		if _, err := fmt.Sscanf(strings.ToLower(raw), "%d in", &in); err == nil && in > 0 {
			h = fmt.Sprintf("%d'-%02d\"", in/12, in%12)
		}
		set("height", h)
		if cm > 0 {
			set("height_cm", fmt.Sprint(cm))
		}
	}
	if v, unit := d.Weight(); v != "" {
		set("weight", strings.TrimSpace(v+" "+unit))
	}
	set("class", d.Class())
	set("restrictions", d.Restrictions())
	set("endorsements", d.Endorsements())
	set("compliance_type", d.Compliance())
	set("jurisdiction", d.Jurisdiction())
	set("issuing_country", d.Country())
	set("iin", d.IIN)
	if d.Version >= 0 {
		set("aamva_version", fmt.Sprintf("%02d", d.Version))
	}
	if d.Type == "ID" {
		out.Kind = "government_id"
	} else {
		out.Kind = "drivers_license"
	}

	dates := map[string]time.Time{}
	for _, f := range []struct{ key, id string }{
		{"birth_date", aamva.IDBirthDate}, {"issue_date", aamva.IDIssueDate}, {"expiry_date", aamva.IDExpiryDate},
	} {
		raw, ok := d.Elements[f.id]
		if !ok {
			continue
		}
		t, err := d.Date(f.id)
		if err != nil {
			out.Raw[f.key] = fields.Field{Value: strings.TrimSpace(raw), Score: barcodeScore, Accepted: usdlBool(false)}
			problems = append(problems, fmt.Sprintf("%s: %q (%s) is not a calendar date", f.key, raw, f.id))
			continue
		}
		dates[f.key] = t
		out.Raw[f.key] = fields.Field{Value: t.Format("2006-01-02"), Score: barcodeScore, Accepted: usdlBool(true)}
	}
	reject := func(key, why string) {
		if f, ok := out.Raw[key]; ok {
			f.Accepted = usdlBool(false)
			out.Raw[key] = f
		}
		problems = append(problems, why)
	}
	b, hasB := dates["birth_date"]
	is, hasI := dates["issue_date"]
	ex, hasE := dates["expiry_date"]
	if hasI && hasE && is.After(ex) {
		reject("issue_date", "issue_date: after expiry_date")
		reject("expiry_date", "expiry_date: before issue_date")
	}
	if hasB && hasI && !b.Before(is) {
		reject("birth_date", "birth_date: not before issue_date")
	}
	if hasB && b.After(now) {
		reject("birth_date", "birth_date: in the future")
	}
	if hasI && is.After(now.AddDate(0, 0, 1)) {
		reject("issue_date", "issue_date: in the future")
	}

	s := &out.Summary
	s.LastName, s.FirstName, s.MiddleName = n.Family, n.First, n.Middle
	s.FullName = strings.Join(strings.Fields(n.First+" "+n.Middle+" "+n.Family), " ")
	s.Gender = d.Sex()
	s.Number = d.Number()
	if hasB && accepted(out.Raw["birth_date"]) {
		s.BirthDate = b.Format("2006-01-02")
	}
	if hasI && accepted(out.Raw["issue_date"]) {
		s.IssueDate = is.Format("2006-01-02")
	}
	if hasE && accepted(out.Raw["expiry_date"]) {
		s.ExpireDate = ex.Format("2006-01-02")
	}
	return out, problems
}

func accepted(f fields.Field) bool { return f.Accepted != nil && *f.Accepted }

// usAddress writes the address as the front prints it on two lines,
// joined by a space: "STREET [STREET 2] CITY, ST ZIP".
func usAddress(a aamva.Address) string {
	street := strings.TrimSpace(a.Street1 + " " + a.Street2)
	tail := strings.TrimSpace(a.State + " " + a.PostalCode)
	city := a.City
	if city != "" && tail != "" {
		city += ", " + tail
	} else if city == "" {
		city = tail
	}
	return strings.TrimSpace(street + " " + city)
}

// quadPair returns the canonical quad of r and its image in the upload.
func quadPair(geo *Geometry, r image.Rectangle) (*geometry.Quad, *geometry.Quad) {
	q := geometry.RectQuad(r)
	oq := geo.DocToImage.ApplyQuad(q)
	return &q, &oq
}

func usdlBool(b bool) *bool { return &b }
