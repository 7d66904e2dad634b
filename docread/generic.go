package docread

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sort"
	"strings"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/geometry"
)

// Generic is the reader of last resort, for any (country, idType) pair
// without a reader: it reads the whole page and returns every text line
// (raw keys line_01, line_02… top to bottom, each with its quad and score)
// and the key–value pairs found after captions in several languages
// (Name, Date of birth, No., Address…), mapped to the contract's raw keys
// with dates as YYYY-MM-DD and numbers without spacing. The front is always
// marked for review: nothing on a generically read page is validated.
var Generic Reader = genericReader{}

type genericReader struct{}

// genericSize is the canonical size the finder is asked for: an ID-1 card,
// the most common document without a template.
var genericSize = image.Pt(1011, 638)

// genericCaptions maps the contract's raw keys to captions in English,
// French, German, Spanish, Italian, Portuguese, Dutch, Korean and Hindi.
var genericCaptions = []doctype.Field{
	{Key: "surname", Kind: doctype.KindName, Normalizer: "name", Captions: []string{"Surname", "Last name", "Family name", "Nom", "Name", "Apellido(s)", "Nachname", "Familienname", "Apellidos", "Apellido", "Cognome", "Apelido", "Achternaam"}},
	{Key: "given_names", Kind: doctype.KindName, Normalizer: "name", Captions: []string{"Given names", "Given name", "First name", "First names", "Forenames", "Prénoms", "Prenoms", "Prénom", "Vorname", "Vornamen", "Nombre", "Nombres", "Nome", "Voornamen"}},
	{Key: "name", Kind: doctype.KindName, Normalizer: "name", Captions: []string{"Full name", "Holder", "성명", "이름", "नाम"}},
	{Key: "birth_date", Kind: doctype.KindDate, Normalizer: "date_birth", Captions: []string{"Date of birth", "Birth date", "DOB", "Date de naissance", "Date of birth / Date de naissance", "Né le", "Geburtsdatum", "Geboren am", "Fecha de nacimiento", "Data di nascita", "Data de nascimento", "Geboortedatum", "생년월일", "जन्म तिथि"}},
	{Key: "place_of_birth", Kind: doctype.KindText, Normalizer: "text", Captions: []string{"Place of birth", "Lieu de naissance", "Geburtsort", "Lugar de nacimiento", "Luogo di nascita", "Local de nascimento", "Geboorteplaats"}},
	{Key: "sex", Kind: doctype.KindCode, Normalizer: "sex", Captions: []string{"Sex", "Gender", "Sexe", "Geschlecht", "Sexo", "Sesso", "Geslacht", "성별", "लिंग"}},
	{Key: "nationality", Kind: doctype.KindCode, Normalizer: "code", Captions: []string{"Nationality", "Nationalité", "Nationalite", "Staatsangehörigkeit", "Nacionalidad", "Nazionalità", "Nacionalidade", "Nationaliteit", "국적"}},
	{Key: "issue_date", Kind: doctype.KindDate, Normalizer: "date_past", Captions: []string{"Date of issue", "Issue date", "Issued", "Date de délivrance", "Date de delivrance", "Délivré le", "Ausstellungsdatum", "Fecha de expedición", "Fecha de emisión", "Data di rilascio", "Data de emissão", "Datum van afgifte", "발급일", "발행일"}},
	{Key: "expiry_date", Kind: doctype.KindDate, Normalizer: "date_expiry", Captions: []string{"Date of expiry", "Expiry date", "Expires", "Valid until", "Expiry", "Date d'expiration", "Valable jusqu'au", "Gültig bis", "Fecha de caducidad", "Válido hasta", "Scadenza", "Data di scadenza", "Válido até", "Geldig tot", "유효기간", "만료일"}},
	{Key: "number", Kind: doctype.KindNumber, Normalizer: "number", Captions: []string{"Document No", "Document number", "Card No", "Card number", "Licence No", "License No", "Number", "No", "N°", "Nr", "Numéro", "Nummer", "Número", "Numero", "번호"}},
	{Key: "personal_number", Kind: doctype.KindNumber, Normalizer: "number", Captions: []string{"Personal No", "Personal number", "ID number", "Identity number", "주민등록번호"}},
	{Key: "address", Kind: doctype.KindAddress, Normalizer: "address", Lines: 2, Captions: []string{"Address", "Adresse", "Anschrift", "Wohnort", "Domicilio", "Dirección", "Indirizzo", "Morada", "Adres", "주소", "पता"}},
	{Key: "authority", Kind: doctype.KindText, Normalizer: "text", Captions: []string{"Authority", "Issuing authority", "Issued by", "Autorité", "Autorite", "Behörde", "Autoridad", "Autorità", "발급기관"}},
}

// genericLang is the Tesseract language list for a country's documents.
func genericLang(country string) string {
	switch strings.ToUpper(country) {
	case "KOR", "PRK":
		return "kor+eng"
	case "IND", "NPL":
		return "hin+eng"
	}
	return "eng"
}

// rotated returns the geometry of the upload img (of canonical size its
// own, scaled to fit maxPageSide) turned clockwise by rot degrees to be
// upright.
func rotated(b image.Rectangle, rot int) *Geometry {
	w, h := float64(b.Dx()), float64(b.Dy())
	var m geometry.Homography
	size := image.Pt(b.Dx(), b.Dy())
	switch rot {
	case 90:
		m = geometry.Homography{0, 1, 0, -1, 0, h, 0, 0, 1}
		size = image.Pt(b.Dy(), b.Dx())
	case 180:
		m = geometry.Homography{-1, 0, w, 0, -1, h, 0, 0, 1}
	case 270:
		m = geometry.Homography{0, -1, w, 1, 0, 0, 0, 0, 1}
		size = image.Pt(b.Dy(), b.Dx())
	default:
		m = geometry.Identity
	}
	return &Geometry{DocSize: size, DocToImage: geometry.Translate(float64(b.Min.X), float64(b.Min.Y)).Mul(m), Rotate: rot, Quad: geometry.RectQuad(b)}
}

// pageRead is one reading of the page in one orientation.
type pageRead struct {
	geo  *Geometry
	page *page
	k    float64
	mass int // confident characters: score × length of the words scoring 50 or more
}

func readPage(ctx context.Context, env *Env, g *image.Gray, geo *Geometry, lang string) (*pageRead, error) {
	k := pageScale(geo.DocSize)
	pg := warpPage(g, geo.DocToImage, geo.DocSize, k)
	removeRules(pg)
	guardStrip(pg)
	t, err := env.OCR.ReadRegion(ctx, pg, lang, "", 3)
	if err != nil {
		return nil, err
	}
	pr := &pageRead{geo: geo, page: newPage(t, k), k: k}
	for _, l := range pr.page.lines {
		for _, w := range l.words {
			if w.score >= 50 {
				pr.mass += w.score * len([]rune(w.text))
			}
		}
	}
	return pr, nil
}

// confident is the mass above which a page read is taken without trying
// the other orientations: some fifty characters read at 80.
const confident = 4000

// Read implements Reader.
func (genericReader) Read(ctx context.Context, env *Env, in Input) (*Result, error) {
	if env == nil || env.OCR == nil {
		return nil, errors.New("docread: generic reader needs an OCR engine")
	}
	if in.Front == nil || in.Front.Bounds().Empty() {
		return nil, ErrNothingRead
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	g := grey(in.Front)
	lang := genericLang(in.Country)
	var geos []*Geometry
	found := false
	if env.Find != nil {
		if geo, err := env.Find(ctx, in.Front, genericSize); err == nil && geo != nil {
			geos, found = []*Geometry{geo}, true
		} else if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	if !found {
		for _, rot := range []int{0, 90, 180, 270} {
			geos = append(geos, rotated(in.Front.Bounds(), rot))
		}
	}
	var best *pageRead
	tried := 0
	for _, geo := range geos {
		pr, err := readPage(ctx, env, g, geo, lang)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			continue
		}
		tried++
		if best == nil || pr.mass > best.mass {
			best = pr
		}
		if best.mass >= confident {
			break
		}
	}
	if best == nil || len(best.page.lines) == 0 {
		return nil, ErrNothingRead
	}
	res := &Result{Reader: "generic", Diagnostics: map[string]any{
		"read_generically":     fmt.Sprintf("no template for %s %s: the page was read generically", in.Country, in.IDType),
		"orientations_tried":   tried,
		"document_outline_set": found,
	}}
	out := &res.Out
	out.Raw = map[string]fields.Field{}
	out.Rotate = best.geo.Rotate
	out.Kind = in.IDType
	geo := best.geo
	quads := func(r image.Rectangle) (*geometry.Quad, *geometry.Quad) {
		q := geometry.RectQuad(r)
		oq := geo.DocToImage.ApplyQuad(q)
		return &q, &oq
	}
	n := 0
	for _, l := range best.page.lines {
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		n++
		q, oq := quads(l.box)
		out.Raw[fmt.Sprintf("line_%02d", n)] = fields.Field{Value: l.text, Score: l.score, Quad: q, ImageQuad: oq}
	}
	if n == 0 {
		return nil, ErrNothingRead
	}
	tmpl := &doctype.Template{Name: "generic", Size: geo.DocSize, Fields: genericCaptions}
	spans := locate(best.page, tmpl)
	keys := make([]string, 0, len(spans))
	for k := range spans {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vals := map[string]string{}
	for _, key := range keys {
		s := spans[key]
		f, _ := tmpl.Field(key)
		v, ok := doctype.Normalize(f.Normalizer, s.text, now)
		if v == "" {
			continue
		}
		var acc *bool
		if f.Kind == doctype.KindDate {
			acc = boolp(ok)
		}
		q, oq := quads(s.box)
		out.Raw[key] = fields.Field{Value: v, Score: s.score, Accepted: acc, Quad: q, ImageQuad: oq}
		if ok {
			vals[key] = v
		}
	}
	sm := &out.Summary
	sm.LastName, sm.FirstName = vals["surname"], vals["given_names"]
	sm.FullName = vals["name"]
	if sm.FullName == "" {
		sm.FullName = strings.TrimSpace(sm.FirstName + " " + sm.LastName)
	}
	sm.BirthDate, sm.IssueDate, sm.ExpireDate = vals["birth_date"], vals["issue_date"], vals["expiry_date"]
	sm.Gender, sm.Number, sm.IdentityNumber = vals["sex"], vals["number"], vals["personal_number"]
	if v := vals["nationality"]; len(v) == 3 {
		sm.Nationality = v
	}
	res.Front = Side{Review: true, Reasons: []string{"read generically: no template, nothing validated"}}
	res.Front.Reasons = append(res.Front.Reasons, dateChecks(sm, func(string) string { return "" }, now)...)
	if in.Back != nil && !in.Back.Bounds().Empty() {
		res.Diagnostics["back"] = "the back is not read generically"
	}
	out.Review = true
	out.Reasons = append([]string(nil), res.Front.Reasons...)
	res.Diagnostics["key_values"] = len(spans)
	return res, nil
}
