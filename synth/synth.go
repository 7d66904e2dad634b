// Package synth generates synthetic specimen identity documents — passport
// data pages (TD3), ID cards (TD1, with a back), TD2 documents, visas
// (MRV-A, MRV-B) and the pre-2021 French ID card — with exact ground truth,
// for training and benchmarking the recognizer. Documents without an MRZ
// (OtherTypes: US and Canadian driving licences with a PDF417 AAMVA barcode,
// Aadhaar and PAN cards, the Korean resident registration card and driving
// licence, EU and Korean vehicle registration certificates) are made on
// request, with numbers valid by package idnum.
//
// Layouts follow ICAO Doc 9303 (Part 3 §3-4, Part 4 Figs 6-7, Parts 5-7) at
// 300 dpi with several variants per type: field order, caption languages
// (EN/FR/ES), date styles, fonts and colours. The MRZ is built with
// mrz.Build and printed in OCR-B, one character per 2.54 mm cell, at the
// ICAO line positions. Three capture levels degrade the page: clean (a flat
// scan), photo (a photo on a cluttered table, tilted, rotated, lit unevenly,
// noisy, JPEG-compressed) and hard (adds glare, motion blur, strong
// perspective, low resolution and fingers over the visual zone).
//
// Generation is deterministic: the same Options and index give byte-identical
// files, whatever the machine or the wall clock.
package synth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/mrz"
)

// Level is a capture level.
type Level string

const (
	LevelClean Level = "clean" // flat scan of the document alone, upright
	LevelPhoto Level = "photo" // hand-held photo on a cluttered background
	LevelHard  Level = "hard"  // photo with glare, motion blur, low resolution, occlusion
	LevelMixed Level = "mixed" // clean, photo, hard in turn (by index)
)

// Levels lists the capture levels a single document can have.
var Levels = []Level{LevelClean, LevelPhoto, LevelHard}

// DefaultNow is the reference date used when Options.Now is zero: dates of
// birth, issue and expiry are drawn relative to it, never to the wall clock.
var DefaultNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Options configures generation. The zero value makes every type at the
// clean level with seed 0.
type Options struct {
	Seed    uint64
	Types   []string  // subset of AllTypes; empty: Types (the MRZ documents). Document i is of type Types[(i/len(levels)) % len(Types)]
	Level   Level     // "" means clean
	Now     time.Time // reference date; zero: DefaultNow
	Country string    // issuing State code (e.g. "UTO"); "" draws one per document

	// Workers is how many generators WriteCorpus runs in parallel (0 or
	// 1: one). The files do not depend on it.
	Workers int
}

func (o *Options) now() time.Time {
	if o.Now.IsZero() {
		return DefaultNow
	}
	return o.Now
}

func (o *Options) types() []string {
	if len(o.Types) == 0 {
		return Types
	}
	return o.Types
}

// pick returns the type and level of document i.
func (o *Options) pick(i int) (string, Level) {
	ts := o.types()
	switch o.Level {
	case LevelMixed:
		return ts[(i/len(Levels))%len(ts)], Levels[i%len(Levels)]
	case "":
		return ts[i%len(ts)], LevelClean
	default:
		return ts[i%len(ts)], o.Level
	}
}

// Validate reports whether the options name known types, level and country.
func (o *Options) Validate() error {
	for _, t := range o.Types {
		if kindOf(t) == nil {
			return fmt.Errorf("synth: unknown type %q (want %s)", t, strings.Join(AllTypes, ", "))
		}
	}
	switch o.Level {
	case "", LevelClean, LevelPhoto, LevelHard, LevelMixed:
	default:
		return fmt.Errorf("synth: unknown level %q (want clean, photo, hard or mixed)", o.Level)
	}
	if o.Country != "" && cultureByCode(o.Country) == nil {
		var codes []string
		for _, c := range cultures {
			codes = append(codes, c.code)
		}
		return fmt.Errorf("synth: no name pool for country %q (have %s)", o.Country, strings.Join(codes, ", "))
	}
	return nil
}

// Document is one generated document: its encoded image(s) and truth.
type Document struct {
	Front []byte // JPEG
	Back  []byte // JPEG, td1 only
	Truth Truth
}

// Generator generates documents. It parses the fonts once and caches
// rasterised glyphs, so reuse it for many documents. It is not safe for
// concurrent use; use one Generator per goroutine.
type Generator struct {
	opts Options
	ts   *typesetter
	// patterns caches background line patterns at 300 dpi, per type and
	// variant; like real documents, documents of one type share a few
	// backgrounds. Each is a pure function of the seed, type and variant.
	patterns map[patternKey]*pattern
	docBuf   []byte // reused working document image
	frameBuf []byte // reused photo frame
}

type patternKey struct {
	kind    string
	variant int
	scale   float64
}

// patternVariants is the number of background patterns per type.
const patternVariants = 3

// pattern returns the cached background pattern of kind k, variant v, at
// working scale scale.
func (g *Generator) pattern(k *kind, v int, scale float64) *pattern {
	key := patternKey{k.name, v, scale}
	if p, ok := g.patterns[key]; ok {
		return p
	}
	s := k.size()
	seed := g.opts.Seed*0x9E3779B97F4A7C15 ^ uint64(len(k.name))<<40 ^ uint64(k.name[len(k.name)-1])<<32 ^ uint64(v)
	w := int(math.Round(float64(s.W) * scale))
	h := int(math.Round(float64(s.H) * scale))
	p := newPattern(w, h, pxPerMM*scale, rand.New(rand.NewPCG(seed, 0x5eed)))
	g.patterns[key] = p
	return p
}

// NewGenerator returns a generator for opts.
func NewGenerator(opts Options) (*Generator, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Generator{opts: opts, ts: newTypesetter(fonts), patterns: map[patternKey]*pattern{}}, nil
}

// Generate makes document i of the sequence opts describes.
func Generate(opts Options, i int) (*Document, error) {
	g, err := NewGenerator(opts)
	if err != nil {
		return nil, err
	}
	return g.Generate(i)
}

// rngFor returns the random source of document i (and stream s within it).
func (g *Generator) rngFor(i int, s uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.opts.Seed*0x9E3779B97F4A7C15+uint64(i), s))
}

// FileName returns the base name (without extension) of document i.
func FileName(i int) string { return fmt.Sprintf("%04d", i) }

// design draws a document of type typ: its data and side layouts.
func (g *Generator) design(r *rand.Rand, typ string) (*docData, style, []*sideSpec, error) {
	k := kindOf(typ)
	if isEUDL(k) {
		d, err := designEUDL(r, k, g.ts, g.opts.now(), g.opts.Country)
		if err != nil {
			return nil, style{}, nil, err
		}
		return d, style{}, d.other.sides, nil
	}
	if k.format == mrz.FormatUnknown {
		st := newStyle(r)
		d, err := designOther(r, k, st, g.ts, g.opts.now(), g.opts.Country)
		if err != nil {
			return nil, style{}, nil, err
		}
		return d, st, d.other.sides, nil
	}
	var issuer *culture
	if g.opts.Country != "" {
		issuer = cultureByCode(g.opts.Country)
	}
	d, err := newDocData(r, k, issuer, g.opts.now())
	if err != nil {
		return nil, style{}, nil, err
	}
	st := newStyle(r)
	return d, st, layout(d, st, r, g.ts), nil
}

// Canonical renders document i as a clean, upright, canonical image per side
// (front first; 300 dpi, no margin) together with its truth; the truth's
// views are identities. It is meant for training the character classifier
// and testing the MRZ reader on perfect input.
func (g *Generator) Canonical(i int) ([]image.Image, *Truth, error) {
	if i < 0 {
		return nil, nil, fmt.Errorf("synth: negative document index %d", i)
	}
	typ, _ := g.opts.pick(i)
	r := g.rngFor(i, 1)
	d, st, sides, err := g.design(r, typ)
	if err != nil {
		return nil, nil, err
	}
	t := g.truth(d, st, i, LevelClean)
	var imgs []image.Image
	for _, s := range sides {
		rd := renderSide(g.ts, d.k, s, 1, r, g.pattern(d.k, r.IntN(patternVariants), 1), nil)
		flatten(rd.img, rgb{255, 255, 255})
		imgs = append(imgs, rd.img)
		v := View{Rotate: "0", ImageSize: d.k.size(), DocToPhoto: geometry.Identity, DocQuad: geometry.RectQuad(image.Rect(0, 0, d.k.size().W, d.k.size().H))}
		if s.name == "back" {
			t.Back = &v
		} else {
			t.View = v
		}
		for key, f := range rd.fields {
			f.OriginalQuad = f.Quad
			t.Fields[key] = f
		}
	}
	return imgs, t, nil
}

// truth fills in everything but the views and fields.
func (g *Generator) truth(d *docData, st style, i int, level Level) *Truth {
	if d.other != nil {
		return g.otherTruth(d, i, level)
	}
	name := FileName(i)
	t := &Truth{
		File:           name + ".jpg",
		Type:           d.k.name,
		Variant:        st.fieldOrder,
		IssuingCountry: d.issuer.code,
		IDType:         d.k.idType,
		Level:          string(level),
		Format:         d.k.format.String(),
		MRZ:            d.lines,
		MRZSide:        d.k.mrzSide,
		DocSize:        d.k.size(),
		MRZLayout:      d.k.mrzLayout(),
		Fields:         map[string]Field{},
	}
	if d.k.name == "td1" {
		t.BackFile = name + "-back.jpg"
	}
	last, first := d.mrzNames()
	full := strings.TrimSpace(first + " " + last)
	o := idrecog.OCR{
		FullName:    full,
		FirstName:   first,
		LastName:    last,
		Gender:      d.p.Sex,
		Nationality: d.p.Nationality,
		BirthDate:   isoDate(d.p.Birth),
		Number:      d.number,
		FullMRZ:     strings.Join(d.lines, "\n"),
		MRZLine1:    d.lines[0],
		MRZLine2:    d.lines[1],
	}
	if len(d.lines) > 2 {
		o.MRZLine3 = d.lines[2]
	}
	switch d.k.name {
	case "frid":
		// The front shows neither issue nor expiry date.
	default:
		o.IssueDate = isoDate(d.issue)
		o.ExpireDate = isoDate(d.expiry)
	}
	if d.k.name == "td3" {
		o.IdentityNumber = d.personal
	}
	if (d.k.name == "mrva" || d.k.name == "mrvb") && len(o.Number) > 9 {
		o.Number = o.Number[:9]
	}
	t.Expected = Expected{OCR: o, DocumentType: d.k.idType}
	return t
}

// Generate makes document i (i ≥ 0).
func (g *Generator) Generate(i int) (*Document, error) {
	if i < 0 {
		return nil, fmt.Errorf("synth: negative document index %d", i)
	}
	typ, level := g.opts.pick(i)
	r := g.rngFor(i, 1)
	d, st, sides, err := g.design(r, typ)
	if err != nil {
		return nil, err
	}
	t := g.truth(d, st, i, level)
	doc := &Document{}
	for _, s := range sides {
		// Each side gets its own stream so the front does not depend on
		// how much randomness the back consumed, and vice versa.
		rs := g.rngFor(i, 2)
		if s.name == "back" {
			rs = g.rngFor(i, 3)
		}
		img, v, err := g.shoot(rs, d.k, s, level)
		if err != nil {
			return nil, err
		}
		rd := img.fields
		for key, f := range rd {
			f.Quad = roundQuad(f.Quad)
			f.OriginalQuad = roundQuad(v.DocToPhoto.ApplyQuad(f.Quad))
			t.Fields[key] = f
		}
		q := 84 + rs.IntN(8)
		if level != LevelClean {
			q = 60 + rs.IntN(36)
		}
		data, err := encodeJPEG(img.frame, q)
		if err != nil {
			return nil, err
		}
		if s.name == "back" {
			doc.Back = data
			vv := v
			t.Back = &vv
		} else {
			doc.Front = data
			t.View = v
		}
	}
	doc.Truth = *t
	return doc, nil
}

type shot struct {
	frame  *image.RGBA
	fields map[string]Field
}

// shoot renders side s and photographs it at level.
func (g *Generator) shoot(r *rand.Rand, k *kind, s *sideSpec, level Level) (*shot, View, error) {
	ds := k.size()
	if level == LevelClean {
		m := 12 + r.IntN(30)
		rd := renderSide(g.ts, k, s, 1, r, g.pattern(k, r.IntN(patternVariants), 1), &g.docBuf)
		frame := newRGBA(&g.frameBuf, ds.W+2*m, ds.H+2*m)
		bg := uint8(225 + r.IntN(25))
		for i := range frame.Pix {
			frame.Pix[i] = bg
		}
		h := geometry.Translate(float64(m), float64(m))
		if err := warp(frame, rd.img, 1, h); err != nil {
			return nil, View{}, err
		}
		v := View{Rotate: "0", ImageSize: Size{frame.Rect.Dx(), frame.Rect.Dy()}, DocToPhoto: h,
			DocQuad: roundQuad(h.ApplyQuad(geometry.RectQuad(image.Rect(0, 0, ds.W, ds.H))))}
		return &shot{frame, rd.fields}, v, nil
	}
	sc, err := planScene(r, ds, level)
	if err != nil {
		return nil, View{}, fmt.Errorf("synth: camera: %w", err)
	}
	scale := sc.workScale
	// Defocus: render below the photo's resolution and let the warp
	// upsample.
	switch {
	case level == LevelHard:
		scale *= 0.5 + r.Float64()*0.45
	case r.IntN(2) == 0:
		scale *= 0.65 + r.Float64()*0.3
	}
	// Scales come in steps of 1/8 so that backgrounds can be cached; only
	// full-resolution backgrounds have variants.
	scale = math.Max(0.25, math.Ceil(scale*8)/8)
	variant := r.IntN(patternVariants)
	if scale < 1 {
		variant = 0
	}
	rd := renderSide(g.ts, k, s, scale, r, g.pattern(k, variant, scale), &g.docBuf)
	frame := newRGBA(&g.frameBuf, sc.frame.W, sc.frame.H)
	clutter(g.ts, frame, r)
	if err := warp(frame, rd.img, scale, sc.docToPhoto); err != nil {
		return nil, View{}, err
	}
	docQuad := roundQuad(sc.docToPhoto.ApplyQuad(geometry.RectQuad(image.Rect(0, 0, ds.W, ds.H))))
	var occ []occluder
	var blur *Motion
	if level == LevelHard {
		occ, blur = g.hard(r, frame, k, fingerZone(k, s), sc.docToPhoto, docQuad)
	}
	noise := 4 + r.Float64()*10
	if level == LevelHard {
		noise += 8
	}
	light(frame, r, noise, 1)
	v := View{
		Rotate:     fmt.Sprint((4 - sc.quarter) % 4 * 90),
		ImageSize:  sc.frame,
		DocToPhoto: sc.docToPhoto,
		DocQuad:    docQuad,
		Motion:     blur,
	}
	for key, f := range rd.fields {
		q := sc.docToPhoto.ApplyQuad(f.Quad)
		for _, o := range occ {
			if o.covers(q) {
				f.Occluded = true
				rd.fields[key] = f
				break
			}
		}
	}
	return &shot{frame, rd.fields}, v, nil
}

// occluder is an ellipse in photo pixels that hides what is under it: a
// finger or the bright core of a glare spot.
type occluder struct {
	cx, cy, a, b, theta float64
}

// covers reports whether any of nine points of q (corners, edge midpoints,
// centre) lies inside the ellipse.
func (o occluder) covers(q geometry.Quad) bool {
	cs, sn := math.Cos(o.theta), math.Sin(o.theta)
	pts := []geometry.Point{q.Center()}
	for i := range q {
		pts = append(pts, q[i], q[i].Add(q[(i+1)%4]).Mul(0.5))
	}
	for _, p := range pts {
		dx, dy := p.X-o.cx, p.Y-o.cy
		u, v := (dx*cs+dy*sn)/o.a, (-dx*sn+dy*cs)/o.b
		if u*u+v*v < 1 {
			return true
		}
	}
	return false
}

// hard adds glare, fingers over the visual zone and motion blur.
//
// Fingers and glare stay above zoneMM (the MRZ's top line with a margin,
// or a barcode).
func (g *Generator) hard(r *rand.Rand, frame *image.RGBA, k *kind, zoneMM float64, h geometry.Homography, q geometry.Quad) (occ []occluder, blur *Motion) {
	ds := k.size()
	docW := q[0].Dist(q[1])
	vizBottom := zoneMM * pxPerMM
	for n := r.IntN(3); n > 0; n-- {
		c := h.Apply(geometry.Point{X: float64(ds.W) * (0.1 + 0.8*r.Float64()), Y: vizBottom * (0.1 + 0.7*r.Float64())})
		rx := docW * (0.05 + r.Float64()*0.12)
		ry, th, st := rx*(0.4+r.Float64()*0.6), r.Float64()*math.Pi, 0.6+r.Float64()*0.35
		glare(frame, c.X, c.Y, rx, ry, th, st)
		// Within about half the radii the glare washes print out.
		occ = append(occ, occluder{c.X, c.Y, rx * 0.6, ry * 0.6, th})
	}
	if r.IntN(2) == 0 {
		// A finger: its tip on the visual zone near the top edge, the rest
		// reaching out of the document.
		tip := h.Apply(geometry.Point{X: float64(ds.W) * (0.05 + 0.9*r.Float64()), Y: vizBottom * 0.25 * r.Float64()})
		ctr := q.Center()
		dx, dy := tip.X-ctr.X, tip.Y-ctr.Y
		n := math.Hypot(dx, dy)
		if n > 0 {
			dx, dy = dx/n, dy/n
			a, b := docW*0.3, docW*(0.06+r.Float64()*0.03)
			skin := pick(r, []rgb{{224, 172, 140}, {190, 130, 95}, {140, 95, 65}, {245, 205, 180}})
			o := occluder{tip.X + dx*a*0.95, tip.Y + dy*a*0.95, a, b, math.Atan2(dy, dx)}
			ellipse(frame, o.cx, o.cy, o.a, o.b, o.theta, skin, 1)
			occ = append(occ, o)
		}
	}
	if r.IntN(2) == 0 {
		n, dir := 3+r.IntN(6), r.IntN(4)
		motionBlur(frame, n, dir)
		blur = &Motion{Length: n, Dir: [4]string{"0", "90", "45", "135"}[dir]}
	}
	return occ, blur
}

// roundQuad rounds the corners to 1/100 pixel, to keep the truth files
// readable.
func roundQuad(q geometry.Quad) geometry.Quad {
	for i := range q {
		q[i].X = math.Round(q[i].X*100) / 100
		q[i].Y = math.Round(q[i].Y*100) / 100
	}
	return q
}

// flatten composites img over a solid colour, making it opaque.
func flatten(img *image.RGBA, c rgb) {
	for i := 0; i < len(img.Pix); i += 4 {
		a := 255 - int(img.Pix[i+3])
		img.Pix[i] = uint8(int(img.Pix[i]) + int(c[0])*a/255)
		img.Pix[i+1] = uint8(int(img.Pix[i+1]) + int(c[1])*a/255)
		img.Pix[i+2] = uint8(int(img.Pix[i+2]) + int(c[2])*a/255)
		img.Pix[i+3] = 255
	}
}

// Write writes the document's images and truth JSON into dir.
func (d *Document) Write(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, d.Truth.File), d.Front, 0o644); err != nil {
		return err
	}
	if d.Truth.BackFile != "" {
		if err := os.WriteFile(filepath.Join(dir, d.Truth.BackFile), d.Back, 0o644); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep the MRZ's '<' readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(&d.Truth); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, strings.TrimSuffix(d.Truth.File, ".jpg")+".json"), b.Bytes(), 0o644)
}

// WriteCorpus writes documents 0..n-1 into dir (created if needed), with
// opts.Workers generators in parallel.
func WriteCorpus(dir string, opts Options, n int) error {
	if n < 0 {
		return errors.New("synth: negative document count")
	}
	if err := opts.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	workers := max(1, min(opts.Workers, n))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			g, err := NewGenerator(opts)
			if err != nil {
				errs[w] = err
				return
			}
			// Worker w makes documents w, w+workers, ...
			for i := w; i < n; i += workers {
				d, err := g.Generate(i)
				if err == nil {
					err = d.Write(dir)
				}
				if err != nil {
					errs[w] = fmt.Errorf("synth: document %d: %w", i, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return errors.Join(errs...)
}
