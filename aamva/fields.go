package aamva

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// canadianProvinces are the DAJ codes of Canadian jurisdictions.
var canadianProvinces = map[string]bool{
	"AB": true, "BC": true, "MB": true, "NB": true, "NL": true, "NS": true, "NT": true,
	"NU": true, "ON": true, "PE": true, "QC": true, "SK": true, "YT": true,
}

// Country returns the issuing country, "USA" or "CAN": DCG when present,
// else inferred from the jurisdiction code DAJ (USA when unknown).
func (d *Document) Country() string {
	switch c := strings.ToUpper(strings.TrimSpace(d.Elements[IDCountry])); c {
	case "USA", "CAN":
		return c
	}
	if canadianProvinces[d.Jurisdiction()] {
		return "CAN"
	}
	return "USA"
}

// Jurisdiction returns the two-letter state or province of the address
// (DAJ; v1 DAO for the residence address when DAJ is missing).
func (d *Document) Jurisdiction() string {
	j := strings.ToUpper(strings.TrimSpace(d.Elements[IDState]))
	if j == "" {
		j = strings.ToUpper(strings.TrimSpace(d.Elements["DAO"]))
	}
	return j
}

// Number returns the licence or ID number (DAQ).
func (d *Document) Number() string { return strings.TrimSpace(d.Elements[IDNumber]) }

// Discriminator returns the document discriminator (DCF).
func (d *Document) Discriminator() string { return strings.TrimSpace(d.Elements[IDDiscriminator]) }

// Names is the holder's name split as the standard splits it.
type Names struct {
	Family, First, Middle, Suffix string
}

// Given returns first and middle names joined by a space.
func (n Names) Given() string { return strings.TrimSpace(n.First + " " + n.Middle) }

// Names returns the holder's names: DCS/DAC/DAD (v4 on), DCS/DCT (v2-3,
// the first word of DCT is the first name) or DAA/DAB/DAC/DAD (v1), taking
// whichever elements are present. Middle names are separated by spaces
// (the standard's comma separator becomes a space).
func (d *Document) Names() Names {
	e := func(id string) string { return cleanName(d.Elements[id]) }
	var n Names
	n.Family = e(IDFamilyName)
	if n.Family == "" {
		n.Family = e(IDFamilyNameV1)
	}
	n.First, n.Middle = e(IDFirstName), e(IDMiddleNames)
	if n.First == "" {
		if g := e(IDGivenNames); g != "" {
			f := strings.Fields(g)
			n.First, n.Middle = f[0], strings.Join(f[1:], " ")
		}
	}
	n.Suffix = e(IDSuffix)
	if n.Suffix == "" {
		n.Suffix = e(IDSuffixV1)
	}
	if full := d.Elements[IDFullName]; full != "" && (n.Family == "" || n.First == "") {
		// v1 DAA: LAST,FIRST,MIDDLE,SUFFIX (some write LAST FIRST... or
		// LAST$FIRST$MIDDLE).
		sep := ","
		if !strings.Contains(full, ",") && strings.Contains(full, "$") {
			sep = "$"
		}
		parts := strings.Split(full, sep)
		if len(parts) == 1 {
			parts = strings.Fields(full)
		}
		get := func(i int) string {
			if i < len(parts) {
				return cleanName(parts[i])
			}
			return ""
		}
		if n.Family == "" {
			n.Family = get(0)
		}
		if n.First == "" {
			n.First = get(1)
			if n.Middle == "" {
				n.Middle = get(2)
			}
		}
		if n.Suffix == "" {
			n.Suffix = get(3)
		}
	}
	return n
}

func cleanName(s string) string {
	s = strings.ReplaceAll(s, ",", " ")
	f := strings.Fields(s)
	if len(f) == 1 && (f[0] == "NONE" || f[0] == "UNAVL" || f[0] == "UNAVAIL") {
		return ""
	}
	return strings.Join(f, " ")
}

// DateError says that a date element does not hold a real calendar date.
type DateError struct {
	Element, Value string
}

func (e *DateError) Error() string {
	return fmt.Sprintf("aamva: element %s: %q is not a valid date", e.Element, e.Value)
}

// ErrNoElement is returned by the date accessors for an absent element.
var ErrNoElement = fmt.Errorf("aamva: element absent")

// DateLayout returns the date layout of a payload of the given version
// and country: "01022006" (MMDDCCYY) for the USA and before version 3,
// "20060102" (CCYYMMDD) for Canada from version 3 on.
func DateLayout(version int, country string) string {
	if country == "CAN" && version >= 3 {
		return "20060102"
	}
	return "01022006"
}

// Date parses date element id (DBB, DBA, DBD, DDB...). The country's
// layout is tried first, then the other one, so a Canadian date written
// the US way (or the reverse) still reads when only one reading is a real
// calendar date.
func (d *Document) Date(id string) (time.Time, error) {
	v, ok := d.Elements[id]
	if !ok {
		return time.Time{}, ErrNoElement
	}
	return ParseDate(v, d.Version, d.Country(), id)
}

// ParseDate parses an 8-digit AAMVA date of the given version and country;
// id names the element in the error.
func ParseDate(v string, version int, country, id string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if len(v) != 8 {
		return time.Time{}, &DateError{id, v}
	}
	for _, c := range []byte(v) {
		if c < '0' || c > '9' {
			return time.Time{}, &DateError{id, v}
		}
	}
	first := DateLayout(version, country)
	second := "20060102"
	if first == second {
		second = "01022006"
	}
	for _, layout := range []string{first, second} {
		// time.Parse rejects 31 February and month 13.
		t, err := time.Parse(layout, v)
		if err == nil && t.Year() >= 1800 {
			return t, nil
		}
	}
	return time.Time{}, &DateError{id, v}
}

// FormatDate writes t as a date element for the given version and country.
func FormatDate(t time.Time, version int, country string) string {
	return t.Format(DateLayout(version, country))
}

// BirthDate, IssueDate and ExpiryDate read DBB, DBD and DBA.
func (d *Document) BirthDate() (time.Time, error)  { return d.Date(IDBirthDate) }
func (d *Document) IssueDate() (time.Time, error)  { return d.Date(IDIssueDate) }
func (d *Document) ExpiryDate() (time.Time, error) { return d.Date(IDExpiryDate) }

// Sex returns "M" (1), "F" (2) or "X" (9, not specified), or "" when the
// element is absent or holds another value. M and F letters (seen in
// version 1 payloads) are accepted too.
func (d *Document) Sex() string {
	switch strings.ToUpper(strings.TrimSpace(d.Elements[IDSex])) {
	case "1", "M":
		return "M"
	case "2", "F":
		return "F"
	case "9", "X":
		return "X"
	}
	return ""
}

// Address is the holder's address.
type Address struct {
	Street1, Street2, City, State, PostalCode string
}

// String writes the address as one line: "street1, street2, city, ST
// postal".
func (a Address) String() string {
	var parts []string
	for _, s := range []string{a.Street1, a.Street2, a.City} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	tail := strings.TrimSpace(a.State + " " + a.PostalCode)
	if tail != "" {
		parts = append(parts, tail)
	}
	return strings.Join(parts, ", ")
}

// Address returns DAG, DAH, DAI, DAJ and DAK (v1: DAL..DAP when the
// mailing elements are absent). A US ZIP+4 whose unknown tail is written
// as zeros ("232690000") is trimmed to the 5-digit ZIP; a known tail is
// written "23269-1234".
func (d *Document) Address() Address {
	e := func(id, v1 string) string {
		if v := strings.TrimSpace(d.Elements[id]); v != "" {
			return v
		}
		return strings.TrimSpace(d.Elements[v1])
	}
	a := Address{
		Street1: e(IDStreet1, "DAL"), Street2: e(IDStreet2, "DAM"),
		City: e(IDCity, "DAN"), State: d.Jurisdiction(), PostalCode: e(IDPostalCode, "DAP"),
	}
	a.PostalCode = normalisePostal(a.PostalCode, d.Country())
	return a
}

func normalisePostal(p, country string) string {
	p = strings.TrimSpace(p)
	if country == "CAN" {
		p = strings.ReplaceAll(p, " ", "")
		if len(p) == 6 {
			return p[:3] + " " + p[3:]
		}
		return p
	}
	digits := strings.ReplaceAll(p, "-", "")
	if len(digits) == 9 && allDigits(digits) {
		if digits[5:] == "0000" {
			return digits[:5]
		}
		return digits[:5] + "-" + digits[5:]
	}
	return p
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Eyes and Hair return the eye and hair colour codes (DAY, DAZ).
func (d *Document) Eyes() string { return strings.TrimSpace(d.Elements[IDEyes]) }
func (d *Document) Hair() string { return strings.TrimSpace(d.Elements[IDHair]) }

// Height returns the height as written and in centimetres (0 when
// unreadable): DAU "073 in" or "181 cm" (v4 on), v1 "509" feet and inches
// or DAV centimetres.
func (d *Document) Height() (raw string, cm int) {
	raw = strings.TrimSpace(d.Elements[IDHeight])
	low := strings.ToLower(raw)
	num := strings.TrimSpace(strings.TrimRight(low, "incm \""))
	n, err := strconv.Atoi(num)
	switch {
	case raw == "":
		if v, err := strconv.Atoi(strings.TrimSpace(d.Elements[IDHeightCMV1])); err == nil && v > 0 {
			return d.Elements[IDHeightCMV1], v
		}
		return "", 0
	case err != nil || n <= 0:
		return raw, 0
	case strings.HasSuffix(low, "cm"):
		return raw, n
	case strings.HasSuffix(low, "in"):
		return raw, int(float64(n)*2.54 + 0.5)
	case d.Version <= 1 && len(num) == 3:
		// FT IN: "509" is 5'09".
		ft, in := n/100, n%100
		if in < 12 {
			return raw, int(float64(ft*12+in)*2.54 + 0.5)
		}
	}
	return raw, 0
}

// Weight returns the weight in pounds (DAW) or kilograms (DAX) as written,
// with its unit ("lb", "kg"), or the weight range DCE with unit "range".
func (d *Document) Weight() (value, unit string) {
	if v := strings.TrimSpace(d.Elements[IDWeightLb]); v != "" {
		return v, "lb"
	}
	if v := strings.TrimSpace(d.Elements[IDWeightKg]); v != "" {
		return v, "kg"
	}
	if v := strings.TrimSpace(d.Elements[IDWeightRange]); v != "" {
		return v, "range"
	}
	return "", ""
}

// Class, Restrictions and Endorsements return the jurisdiction's vehicle
// class, restriction and endorsement codes (DCA/DCB/DCD; v1 DAR/DAS/DAT).
func (d *Document) Class() string { return d.either(IDClass, IDClassV1) }
func (d *Document) Restrictions() string {
	return d.either(IDRestrictions, IDRestrictionsV1)
}
func (d *Document) Endorsements() string {
	return d.either(IDEndorsements, IDEndorsementsV1)
}

func (d *Document) either(id, v1 string) string {
	if v := strings.TrimSpace(d.Elements[id]); v != "" {
		return v
	}
	return strings.TrimSpace(d.Elements[v1])
}

// Compliance returns the REAL ID compliance type (DDA): "F" fully
// compliant, "N" non-compliant, "M" materially compliant; "" when absent.
func (d *Document) Compliance() string { return strings.TrimSpace(d.Elements[IDCompliance]) }
