// Package bench measures the recognizer against a corpus with ground truth:
// MRZ and field accuracy, false accepts, box quality, review-flag behaviour,
// error codes, crashes and speed.
//
// Two corpus layouts are understood (LoadDir detects which):
//
//   - a synthetic corpus written by package synth: NNNN.json truth files next
//     to the images they describe;
//   - a dev set: one truth.json holding an array of
//     {file, issuingCountry, idType, mrz_format, mrz, fields{...}}.
//
// The metric computation (Score, Aggregate, Compare) is pure: it takes truth
// and responses as plain values, so it is unit-tested with hand-made pairs.
package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/geometry"
	"github.com/idrecog/idrecog/synth"
)

// Doc is one document of a corpus and its ground truth.
type Doc struct {
	ID             string `json:"id"`             // truth file stem, or the image name in a dev set
	Front          string `json:"front"`          // path of the front image
	Back           string `json:"back,omitempty"` // path of the back image, "" when none
	IssuingCountry string `json:"issuingCountry"`
	IDType         string `json:"idType"`
	Level          string `json:"level,omitempty"` // synthetic difficulty level (clean, photo, hard)
	Type           string `json:"type,omitempty"`  // synthetic document type (td3, usdl, korrc...), "" in a dev set

	MRZFormat string   `json:"mrzFormat,omitempty"`
	MRZ       []string `json:"mrz,omitempty"` // expected MRZ lines, nil when the document has none

	// OCR holds the expected flat summary, ocr_* (and full_mrz, mrz_line*)
	// keys; only keys with a non-empty expected value are present.
	OCR map[string]string `json:"ocr,omitempty"`

	// Raw holds the expected raw fields by raw key (rotate excluded).
	Raw map[string]RawTruth `json:"raw,omitempty"`

	Rotate       string `json:"rotate,omitempty"`       // expected raw.rotate value, "" when unknown
	DocumentType string `json:"documentType,omitempty"` // expected document_type, "" when unknown
}

// RawTruth is the expected value of one raw field and, when known, its quad in
// the uploaded image's pixel space (the contract's original_coordinates).
type RawTruth struct {
	Value        string         `json:"value"`
	Normalized   string         `json:"normalized,omitempty"` // another accepted form (a date as YYYY-MM-DD)
	Side         string         `json:"side,omitempty"`       // "front" or "back": the photo OriginalQuad is in
	OriginalQuad *geometry.Quad `json:"originalQuad,omitempty"`
}

// Corpus kinds reported by LoadDir.
const (
	KindSynth = "synth" // NNNN.json truth files
	KindDev   = "dev"   // one truth.json array
)

// ErrNoTruth is returned by LoadDir when a directory holds no truth at all.
var ErrNoTruth = errors.New("bench: no truth.json or *.json truth files")

// LoadDir loads the documents of the corpus in dir, sorted by ID, and reports
// the corpus kind. A directory with a truth.json is a dev set; otherwise
// every *.json file holding an object with a "file" key is a synthetic truth.
func LoadDir(dir string) ([]Doc, string, error) {
	if b, err := os.ReadFile(filepath.Join(dir, "truth.json")); err == nil {
		docs, err := parseDevTruth(dir, b)
		return docs, KindDev, err
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, "", fmt.Errorf("bench: %w", err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, "", fmt.Errorf("bench: %w", err)
	}
	sort.Strings(names)
	var docs []Doc
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, "", fmt.Errorf("bench: %w", err)
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 || b[0] != '{' {
			continue // not a truth object (e.g. a JSON array written by something else)
		}
		d, err := parseSynthTruth(dir, strings.TrimSuffix(filepath.Base(name), ".json"), b)
		if err != nil {
			return nil, "", fmt.Errorf("bench: %s: %w", filepath.Base(name), err)
		}
		if d == nil {
			continue
		}
		docs = append(docs, *d)
	}
	if len(docs) == 0 {
		return nil, "", fmt.Errorf("%w in %s", ErrNoTruth, dir)
	}
	return docs, KindSynth, nil
}

// devEntry is one element of a dev set's truth.json.
type devEntry struct {
	File           string            `json:"file"`
	BackFile       string            `json:"backFile"`
	IssuingCountry string            `json:"issuingCountry"`
	IDType         string            `json:"idType"`
	MRZFormat      string            `json:"mrz_format"`
	MRZ            []string          `json:"mrz"`
	Fields         map[string]string `json:"fields"`
	Rotate         json.RawMessage   `json:"rotate"`
	DocumentType   string            `json:"document_type"`
}

// devOCRKeys maps a dev-set field name to its ocr_* key; devRawKeys maps the
// names that have no ocr_* key to raw field keys.
var (
	devOCRKeys = map[string]string{
		"lastName": "ocr_lastName", "firstName": "ocr_firstName", "middleName": "ocr_middleName",
		"fullName": "ocr_fullName", "number": "ocr_number", "identityNumber": "ocr_identityNumber",
		"nationality": "ocr_nationality", "gender": "ocr_gender", "birthDate": "ocr_birthDate",
		"issueDate": "ocr_issueDate", "expireDate": "ocr_expireDate", "version": "ocr_version",
	}
	devRawKeys = map[string]string{
		"placeOfBirth": "place_of_birth", "authority": "authority", "address": "address",
	}
)

func parseDevTruth(dir string, b []byte) ([]Doc, error) {
	var entries []devEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("bench: truth.json: %w", err)
	}
	docs := make([]Doc, 0, len(entries))
	for i, e := range entries {
		if e.File == "" {
			return nil, fmt.Errorf("bench: truth.json: entry %d has no file", i)
		}
		rot, err := parseRotate(e.Rotate)
		if err != nil {
			return nil, fmt.Errorf("bench: truth.json: entry %d: %w", i, err)
		}
		d := Doc{
			ID:             e.File,
			Front:          filepath.Join(dir, e.File),
			IssuingCountry: e.IssuingCountry,
			IDType:         e.IDType,
			MRZFormat:      firstWord(e.MRZFormat),
			MRZ:            e.MRZ,
			OCR:            map[string]string{},
			Raw:            map[string]RawTruth{},
			Rotate:         rot,
			DocumentType:   e.DocumentType,
		}
		if e.BackFile != "" {
			d.Back = filepath.Join(dir, e.BackFile)
		}
		for k, v := range e.Fields {
			if v == "" {
				continue
			}
			if ok := devOCRKeys[k]; ok != "" {
				d.OCR[ok] = v
			} else if rk := devRawKeys[k]; rk != "" {
				d.Raw[rk] = RawTruth{Value: v}
			}
		}
		addMRZKeys(&d)
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// addMRZKeys fills the full_mrz and mrz_line* summary keys from d.MRZ when the
// truth did not give them.
func addMRZKeys(d *Doc) {
	if len(d.MRZ) == 0 {
		return
	}
	if _, ok := d.OCR["full_mrz"]; !ok {
		d.OCR["full_mrz"] = strings.Join(d.MRZ, "\n")
	}
	for i, l := range d.MRZ {
		k := "mrz_line" + strconv.Itoa(i+1)
		if _, ok := d.OCR[k]; !ok && i < 3 {
			d.OCR[k] = l
		}
	}
}

// nonContractKeys are synthetic truth fields that no response carries: the
// PDF417 payload of a US licence (its decoded elements are scored through
// the raw and ocr_* keys they fill).
var nonContractKeys = map[string]bool{"pdf417": true}

// parseSynthTruth reads one synth.Truth file; it returns nil, nil for a JSON
// object that is not a truth file (no "file").
func parseSynthTruth(dir, id string, b []byte) (*Doc, error) {
	var e synth.Truth
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, err
	}
	if e.File == "" {
		return nil, nil
	}
	d := &Doc{
		ID:             id,
		Front:          filepath.Join(dir, e.File),
		IssuingCountry: e.IssuingCountry,
		IDType:         e.IDType,
		Level:          e.Level,
		Type:           e.Type,
		MRZFormat:      e.Format,
		MRZ:            e.MRZ,
		OCR:            map[string]string{},
		Raw:            map[string]RawTruth{},
		Rotate:         e.Rotate, // of the front photo
		DocumentType:   e.Expected.DocumentType,
	}
	if e.BackFile != "" {
		d.Back = filepath.Join(dir, e.BackFile)
	}
	for k, v := range ocrMap(&e.Expected.OCR) {
		if v != "" {
			d.OCR[k] = v
		}
	}
	for k, f := range e.Fields {
		if k == "rotate" || nonContractKeys[k] {
			continue
		}
		rt := RawTruth{Value: f.Value, Normalized: f.Normalized, Side: f.Side}
		if f.OriginalQuad != (geometry.Quad{}) {
			q := f.OriginalQuad
			rt.OriginalQuad = &q
		}
		if rt.Value == "" && rt.OriginalQuad == nil {
			continue
		}
		d.Raw[k] = rt
	}
	addMRZKeys(d)
	return d, nil
}

// parseRotate accepts a rotation as a JSON number or string; null or absent
// gives "".
func parseRotate(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var n int
	if err := json.Unmarshal(raw, &n); err == nil {
		return strconv.Itoa(n), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("rotate: want a number or string, got %s", raw)
	}
	return s, nil
}

func coordsQuad(c *idrecog.Coordinates) geometry.Quad {
	pt := func(k idrecog.Corner) geometry.Point { return geometry.Pt(float64(k.X), float64(k.Y)) }
	return geometry.Quad{pt(c.First), pt(c.Second), pt(c.Third), pt(c.Fourth)}
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
