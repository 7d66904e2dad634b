package aamva

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Build writes d as an AAMVA payload of version d.Version (0-10): the
// header with d.IIN (6 digits) and, from version 2, d.JurisdictionVersion;
// one designator per subfile with its offset from the start of the file and
// its length (type and final CR included); the d.Type ("DL" or "ID";
// default "DL") subfile with d.Elements; and, when d.JurisdictionType is
// set ("Z" and a letter), the jurisdiction subfile with
// d.JurisdictionElements. Known elements are written in the standard's
// order, others after them sorted. Build ignores Designators and Repairs.
// It is the inverse of Parse: Parse(Build(d)) gives back d's elements.
func Build(d *Document) ([]byte, error) {
	if d.Version < 0 || d.Version > 99 {
		return nil, fmt.Errorf("aamva: version %d out of range", d.Version)
	}
	if len(d.IIN) != 6 || !allDigits(d.IIN) {
		return nil, fmt.Errorf("aamva: IIN %q is not 6 digits", d.IIN)
	}
	if d.JurisdictionVersion < 0 || d.JurisdictionVersion > 99 {
		return nil, fmt.Errorf("aamva: jurisdiction version %d out of range", d.JurisdictionVersion)
	}
	typ := d.Type
	if typ == "" {
		typ = "DL"
	}
	if typ != "DL" && typ != "ID" {
		return nil, fmt.Errorf("aamva: subfile type %q is neither DL nor ID", typ)
	}
	if len(d.Elements) == 0 {
		return nil, fmt.Errorf("aamva: no data elements")
	}
	main, err := subfile(typ, d.Elements)
	if err != nil {
		return nil, err
	}
	subs := []struct{ typ, body string }{{typ, main}}
	if jt := d.JurisdictionType; jt != "" {
		if len(jt) != 2 || jt[0] != 'Z' || !isUpper(jt[1]) {
			return nil, fmt.Errorf("aamva: jurisdiction subfile type %q is not Z and a letter", jt)
		}
		if len(d.JurisdictionElements) == 0 {
			return nil, fmt.Errorf("aamva: jurisdiction subfile %s without elements", jt)
		}
		body, err := subfile(jt, d.JurisdictionElements)
		if err != nil {
			return nil, err
		}
		subs = append(subs, struct{ typ, body string }{jt, body})
	}
	var b strings.Builder
	b.WriteString("@\n\x1e\rANSI ")
	b.WriteString(d.IIN)
	fmt.Fprintf(&b, "%02d", d.Version)
	if d.Version >= 2 {
		fmt.Fprintf(&b, "%02d", d.JurisdictionVersion)
	}
	fmt.Fprintf(&b, "%02d", len(subs))
	off := b.Len() + 10*len(subs)
	for _, s := range subs {
		if off > 9999 || len(s.body) > 9999 {
			return nil, fmt.Errorf("aamva: payload longer than 9999 bytes")
		}
		fmt.Fprintf(&b, "%s%04d%04d", s.typ, off, len(s.body))
		off += len(s.body)
	}
	for _, s := range subs {
		b.WriteString(s.body)
	}
	return []byte(b.String()), nil
}

// subfile writes a subfile: its type, elements separated by LF, a CR.
func subfile(typ string, elems map[string]string) (string, error) {
	ids := make([]string, 0, len(elems))
	for id, v := range elems {
		if !isElementID(id) {
			return "", fmt.Errorf("aamva: element identifier %q is not 3 capitals/digits", id)
		}
		if strings.ContainsAny(v, "\n\r\x1e") {
			return "", fmt.Errorf("aamva: element %s holds a control character", id)
		}
		ids = append(ids, id)
	}
	rank := func(id string) int {
		for i, k := range elementOrder {
			if k == id {
				return i
			}
		}
		return len(elementOrder)
	}
	sort.Slice(ids, func(i, j int) bool {
		ri, rj := rank(ids[i]), rank(ids[j])
		if ri != rj {
			return ri < rj
		}
		return ids[i] < ids[j]
	})
	var b strings.Builder
	b.WriteString(typ)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(ElementSeparator)
		}
		b.WriteString(id)
		b.WriteString(elems[id])
	}
	b.WriteByte(SegmentTerminator)
	return b.String(), nil
}

// SetNames writes the holder's names in the elements version d.Version
// uses: DAA (LAST,FIRST,MIDDLE[,SUFFIX]) plus DAB/DAC/DAD for version 0-1,
// DCS and DCT for versions 2-3, DCS, DAC, DAD and the truncation flags
// DDE/DDF/DDG ("N") from version 4. The suffix goes to DAE (v1) or DCU.
func (d *Document) SetNames(n Names) {
	if d.Elements == nil {
		d.Elements = map[string]string{}
	}
	set := func(id, v string) {
		if v != "" {
			d.Elements[id] = v
		}
	}
	switch {
	case d.Version <= 1:
		full := n.Family + "," + n.First + "," + n.Middle
		if n.Suffix != "" {
			full += "," + n.Suffix
		}
		set(IDFullName, full)
		set(IDFamilyNameV1, n.Family)
		set(IDFirstName, n.First)
		set(IDMiddleNames, n.Middle)
		set(IDSuffixV1, n.Suffix)
	case d.Version <= 3:
		set(IDFamilyName, n.Family)
		set(IDGivenNames, n.Given())
		set(IDSuffix, n.Suffix)
	default:
		set(IDFamilyName, n.Family)
		set(IDFirstName, n.First)
		mid := n.Middle
		if mid == "" {
			mid = "NONE"
		}
		d.Elements[IDMiddleNames] = strings.ReplaceAll(mid, " ", ",")
		set(IDSuffix, n.Suffix)
		for _, id := range []string{IDFamilyTruncation, IDFirstTruncation, IDMiddleTruncation} {
			d.Elements[id] = "N"
		}
	}
}

// SetDate writes date element id in the layout of d's version and country
// (DCG, else the jurisdiction; set DCG or DAJ first).
func (d *Document) SetDate(id string, t time.Time) {
	if d.Elements == nil {
		d.Elements = map[string]string{}
	}
	d.Elements[id] = FormatDate(t, d.Version, d.Country())
}
