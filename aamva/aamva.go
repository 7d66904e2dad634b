// Package aamva parses and builds the payload of the PDF417 barcode on the
// back of US and Canadian driving licences and ID cards: the AAMVA DL/ID
// Card Design Standard (CDS), Annex D "Mandatory PDF417 bar code", versions
// 00 (before 2000) to 10 (2020).
//
// A payload is a header (`@`, LF, RS, CR, `ANSI `, the issuer identification
// number, the AAMVA and jurisdiction versions, the number of subfiles), one
// 10-character designator per subfile (type, offset, length) and the
// subfiles: `DL` or `ID` followed by data elements `XXXvalue` separated by
// LF and ended by CR, then optional jurisdiction subfiles `Z?`.
//
// Parse is lenient, as real decoders and jurisdictions are: it accepts a
// missing or damaged header, `AAMVA` in place of `ANSI `, wrong offsets and
// lengths, and dropped control characters, falling back to finding the
// DL/ID subfile and splitting it on LF/CR (or on known element identifiers
// when the separators were lost). Build is its inverse. Both are pure Go.
package aamva

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Control characters of the header and of the subfiles.
const (
	ComplianceIndicator = '@'
	ElementSeparator    = '\n' // LF
	RecordSeparator     = 0x1e // RS
	SegmentTerminator   = '\r' // CR
)

// ErrNotAAMVA is returned (wrapped in a *SyntaxError) when data holds no
// AAMVA DL/ID subfile.
var ErrNotAAMVA = errors.New("aamva: not an AAMVA payload")

// SyntaxError says where and why data could not be read as AAMVA.
type SyntaxError struct {
	Offset int // byte offset in the payload
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("aamva: %s at offset %d", e.Msg, e.Offset)
}

// Unwrap lets errors.Is(err, ErrNotAAMVA) hold.
func (e *SyntaxError) Unwrap() error { return ErrNotAAMVA }

// Designator is one subfile entry of the header.
type Designator struct {
	Type           string // "DL", "ID", "ZV"...
	Offset, Length int    // as written in the header
}

// Document is a parsed payload.
type Document struct {
	// IIN is the issuer identification number (6 digits) of the
	// jurisdiction; "" when the header was lost.
	IIN string
	// Version is the AAMVA CDS version (0-10; -1 when the header was lost
	// and the version could not be inferred).
	Version int
	// JurisdictionVersion is the jurisdiction's own version (v2 on).
	JurisdictionVersion int
	// Type is the subfile holding the data: "DL" or "ID".
	Type string
	// Elements holds every data element of the DL/ID subfile by its
	// three-letter identifier ("DAQ" -> "T64235789"), values as written
	// (trailing spaces trimmed).
	Elements map[string]string
	// JurisdictionType is the type of the jurisdiction-specific subfile
	// ("ZV"), "" when none; JurisdictionElements holds its elements.
	JurisdictionType     string
	JurisdictionElements map[string]string
	// Designators are the header's subfile entries as read.
	Designators []Designator
	// Repairs lists the leniencies Parse needed (header missing, offsets
	// wrong, separators lost...); empty for a well-formed payload.
	Repairs []string
}

// Element returns the value of element id in the DL/ID subfile, "" when
// absent.
func (d *Document) Element(id string) string { return d.Elements[id] }

// Parse reads an AAMVA payload.
func Parse(data []byte) (*Document, error) {
	p := parser{data: string(data)}
	return p.parse()
}

type parser struct {
	data    string
	repairs []string
}

func (p *parser) repair(format string, args ...any) {
	p.repairs = append(p.repairs, fmt.Sprintf(format, args...))
}

func (p *parser) parse() (*Document, error) {
	s := p.data
	doc := &Document{Version: -1}
	start := 0 // the file's origin for offsets: the '@' (or where it should be)
	hdr := strings.Index(s, "ANSI ")
	if h := strings.Index(s, "AAMVA"); h >= 0 && (hdr < 0 || h < hdr) {
		hdr = h
		p.repair("header says AAMVA instead of ANSI")
	}
	var desigEnd int
	if hdr >= 0 && hdr < 64 {
		// The 4 compliance characters precede "ANSI "; count the origin
		// from where the '@' is (or would be).
		if at := strings.LastIndexByte(s[:hdr], ComplianceIndicator); at >= 0 {
			start = at
			if hdr-at != 4 {
				p.repair("%d compliance characters instead of 4", hdr-at-1)
			}
		} else {
			start = hdr - 4
			p.repair("compliance indicator missing")
		}
		desigEnd = p.header(doc, hdr+5, start)
	} else {
		p.repair("header missing")
	}
	if err := p.subfiles(doc, start, desigEnd); err != nil {
		return nil, err
	}
	doc.Repairs = p.repairs
	return doc, nil
}

// header reads IIN, versions, entry count and designators from i; it
// returns the offset just past the designators (or i when unreadable).
func (p *parser) header(doc *Document, i, start int) int {
	s := p.data
	digits := func(at, n int) (int, bool) {
		if at < 0 || at+n > len(s) {
			return 0, false
		}
		v, err := strconv.Atoi(s[at : at+n])
		if err != nil || strings.ContainsAny(s[at:at+n], "+- ") {
			return 0, false
		}
		return v, true
	}
	if _, ok := digits(i, 6); !ok {
		p.repair("IIN unreadable")
		return i
	}
	doc.IIN = s[i : i+6]
	ver, ok := digits(i+6, 2)
	if !ok {
		p.repair("version unreadable")
		return i + 6
	}
	doc.Version = ver
	j := i + 8
	if ver >= 2 {
		jv, ok := digits(j, 2)
		if !ok {
			p.repair("jurisdiction version unreadable")
			return j
		}
		doc.JurisdictionVersion = jv
		j += 2
	}
	n, ok := digits(j, 2)
	if !ok {
		p.repair("number of entries unreadable")
		return j
	}
	j += 2
	// Some v1 payloads carry a jurisdiction version anyway: if the
	// designators do not start at j but do 2 bytes later, follow them.
	if ver < 2 && !isDesignator(s, j) && isDesignator(s, j+2) {
		if m, ok := digits(j, 2); ok {
			doc.JurisdictionVersion = n
			n = m
			j += 2
			p.repair("version %d header with a jurisdiction version", ver)
		}
	}
	for k := 0; k < n && k < 16; k++ {
		if !isDesignator(s, j) {
			p.repair("designator %d unreadable", k+1)
			break
		}
		off, _ := digits(j+2, 4)
		ln, _ := digits(j+6, 4)
		doc.Designators = append(doc.Designators, Designator{Type: s[j : j+2], Offset: off, Length: ln})
		j += 10
	}
	return j
}

func isDesignator(s string, j int) bool {
	if j < 0 || j+10 > len(s) {
		return false
	}
	if !isUpper(s[j]) || !isAlnum(s[j+1]) {
		return false
	}
	for k := j + 2; k < j+10; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isUpper(c) || c >= '0' && c <= '9' }

// subfiles locates the DL/ID subfile (and a jurisdiction subfile) from the
// designators when they hold, by search otherwise.
func (p *parser) subfiles(doc *Document, start, desigEnd int) error {
	s := p.data
	var body string
	for _, d := range doc.Designators {
		isMain := d.Type == "DL" || d.Type == "ID"
		sub, ok := p.slice(d, start, desigEnd)
		if !ok {
			continue
		}
		if isMain && body == "" {
			doc.Type, body = d.Type, sub
		} else if d.Type[0] == 'Z' && doc.JurisdictionType == "" {
			doc.JurisdictionType = d.Type
			doc.JurisdictionElements = splitElements(sub[2:], nil)
		}
	}
	if body == "" {
		typ, at := findMain(s, desigEnd)
		if at < 0 {
			return &SyntaxError{Offset: desigEnd, Msg: "no DL or ID subfile"}
		}
		if len(doc.Designators) > 0 {
			p.repair("DL/ID subfile found by search")
		}
		doc.Type = typ
		end := subfileEnd(s, at)
		body = s[at:end]
		if doc.JurisdictionType == "" {
			p.findJurisdiction(doc, end)
		}
	}
	elems := splitElements(body[2:], p)
	if len(elems) == 0 {
		return &SyntaxError{Offset: start, Msg: "DL/ID subfile without data elements"}
	}
	doc.Elements = elems
	return nil
}

// slice returns the subfile d names if offsets hold (or hold from the
// first designator's actual position), trimmed of its CR.
func (p *parser) slice(d Designator, start, desigEnd int) (string, bool) {
	s := p.data
	try := func(off int) (string, bool) {
		if off < 0 || off+2 > len(s) || s[off:off+2] != d.Type {
			return "", false
		}
		end := off + d.Length
		if d.Length < 3 || end > len(s) || s[end-1] != SegmentTerminator && subfileEnd(s, off) > end {
			// Too long, or too short (the subfile runs on past it).
			end = len(s)
			p.repair("subfile %s length wrong", d.Type)
		}
		// A length too long swallows the next subfile: stop at the CR.
		if e := subfileEnd(s[:end], off); e < end {
			end = e
		}
		return strings.TrimRight(s[off:end], "\r\n"), true
	}
	if sub, ok := try(start + d.Offset); ok {
		return sub, true
	}
	// Offsets counted from another origin, or control characters dropped:
	// search forward for the type right after the designators or a CR.
	for from := desigEnd; from >= 0 && from < len(s); {
		k := strings.Index(s[from:], d.Type)
		if k < 0 {
			break
		}
		at := from + k
		if (at == desigEnd || s[at-1] == SegmentTerminator || s[at-1] == ElementSeparator) && at+5 <= len(s) && isElementID(s[at+2:at+5]) {
			p.repair("subfile %s offset %d wrong (found at %d)", d.Type, d.Offset, at-start)
			return try(at)
		}
		from = at + 1
	}
	return "", false
}

// findMain finds "DL" or "ID" followed by an element identifier, at or
// after from, preferring a position after a separator.
func findMain(s string, from int) (string, int) {
	best := -1
	typ := ""
	for _, t := range []string{"DL", "ID"} {
		for i := from; i >= 0 && i < len(s); {
			k := strings.Index(s[i:], t)
			if k < 0 {
				break
			}
			at := i + k
			if at+5 <= len(s) && isElementID(s[at+2:at+5]) && knownID[s[at+2:at+5]] {
				if best < 0 || at < best {
					best, typ = at, t
				}
				break
			}
			i = at + 1
		}
	}
	return typ, best
}

func (p *parser) findJurisdiction(doc *Document, from int) {
	s := p.data
	for i := from; i+5 <= len(s); i++ {
		if s[i] == 'Z' && isUpper(s[i+1]) && (i == 0 || s[i-1] == SegmentTerminator) && s[i+2] == 'Z' {
			end := len(s)
			if k := strings.IndexByte(s[i:], SegmentTerminator); k >= 0 {
				end = i + k
			}
			doc.JurisdictionType = s[i : i+2]
			doc.JurisdictionElements = splitElements(s[i+2:end], nil)
			return
		}
	}
}

// subfileEnd returns where the subfile starting at at ends: at the first
// CR not followed (after an optional LF) by a known element identifier, so
// that CR or CRLF used as element separators do not cut the subfile.
func subfileEnd(s string, at int) int {
	for i := at; i < len(s); i++ {
		if s[i] != SegmentTerminator {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == ElementSeparator {
			j++
		}
		if j+3 <= len(s) && knownID[s[j:j+3]] {
			continue
		}
		return i
	}
	return len(s)
}

func isElementID(id string) bool {
	return len(id) == 3 && isUpper(id[0]) && isUpper(id[1]) && isAlnum(id[2])
}

// splitElements splits a subfile body (after its 2-letter type) into
// elements. p, when non-nil, records repairs and allows splitting on known
// identifiers when the separators were lost.
func splitElements(body string, p *parser) map[string]string {
	body = strings.TrimLeft(body, "\n\r\x1e ")
	parts := strings.FieldsFunc(body, func(r rune) bool { return r == '\n' || r == '\r' || r == 0x1e })
	if p != nil && len(parts) == 1 && len(body) > 16 {
		parts = splitOnKnown(body)
		p.repair("element separators missing")
	}
	m := make(map[string]string, len(parts))
	for _, part := range parts {
		if len(part) < 3 || !isElementID(part[:3]) {
			continue
		}
		id := part[:3]
		if _, dup := m[id]; dup {
			continue // the first occurrence wins
		}
		m[id] = strings.TrimRight(part[3:], " \x00")
	}
	return m
}

// splitOnKnown cuts s before every known element identifier not seen
// before. Values rarely hold a known identifier, and a second DAQ cannot
// start an element.
func splitOnKnown(s string) []string {
	var parts []string
	seen := map[string]bool{}
	last := 0
	for i := 0; i+3 <= len(s); i++ {
		id := s[i : i+3]
		if !knownID[id] || seen[id] {
			continue
		}
		if i == 0 || i-last > 3 { // the element before holds a value
			if i > last {
				parts = append(parts, s[last:i])
			}
			seen[id] = true
			last = i
			i += 2
		}
	}
	return append(parts, s[last:])
}
