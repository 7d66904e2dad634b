package doctype

import (
	"fmt"
	"strings"

	"github.com/idrecog/idrecog/mrz"
)

// Disagreement is one way the visual zone contradicts the MRZ (or itself).
type Disagreement struct {
	Key    string `json:"key"`    // the raw key of the visual-zone field
	VIZ    string `json:"viz"`    // the visual-zone value (normalised)
	MRZ    string `json:"mrz"`    // the MRZ value it was compared with
	Reason string `json:"reason"` // human-readable reason

	// Soft marks values that agree only loosely (a name whose diacritic
	// OCR dropped, OBERG for ÖBERG against the MRZ's OEBERG): not a
	// contradiction, but the visual-zone value is not exactly what is
	// printed either.
	Soft bool `json:"soft,omitempty"`
}

func (d Disagreement) String() string { return d.Reason }

// CrossCheck compares normalised visual-zone values (keyed by raw key:
// surname, given_names, name, birth_date, expiry_date, issue_date, number,
// sex, nationality) with the MRZ reading r and returns every disagreement,
// in a fixed key order. Fields missing on either side are not compared.
//
// Names are compared after ICAO Doc 9303 Part 3 §6 transliteration, with
// either option where the table gives two (Ä = AE or A, Ö = OE or O, Ü = UE,
// UXX or U, Å = AA or A, Ñ = N or NXX), and as a prefix when the MRZ name may
// be truncated. A nationality printed as a word (UTOPIAN, FRANÇAISE) is only
// compared when it is a three-letter code. The issue date must not be after
// the expiry date or before the birth date.
func CrossCheck(viz map[string]string, r *mrz.Result) []Disagreement {
	var out []Disagreement
	add := func(key, v, m, format string) {
		out = append(out, Disagreement{Key: key, VIZ: v, MRZ: m, Reason: fmt.Sprintf(format, key, v, m)})
	}
	if r != nil {
		surname, given := viz["surname"], viz["given_names"]
		if n, ok := viz["name"]; ok && surname == "" && given == "" {
			surname, given, _ = strings.Cut(n, ",")
			// The comma between surname and given names may be misread
			// or lost ("PENA NIETO MARIA JOSE", "ADEBAYO. PR"): a whole
			// name that is the MRZ's surname and given names in order
			// agrees.
			if r.Surname != "" && r.GivenNames != "" {
				whole := strings.NewReplacer(",", " ", ".", " ", "’", " ").Replace(n)
				if ok, loose := nameMatch(whole, r.Surname+"<"+r.GivenNames, r.NameTruncated); ok {
					switch {
					case loose:
						add("surname", strings.TrimSpace(surname), r.Surname, "%s: visual zone %q matches MRZ %q only without its diacritics")
						out[len(out)-1].Soft = true
					case r.NameTruncated && !fullMatch(whole, r.Surname+"<"+r.GivenNames):
						add("name", strings.TrimSpace(n), r.Surname+"<<"+r.GivenNames, "%s: visual zone %q is confirmed by the truncated MRZ %q only in part")
						out[len(out)-1].Soft = true
					}
					surname, given = "", ""
				}
			}
			if surname != "" && strings.TrimSpace(given) == "" && strings.Trim(r.GivenNames, "<") != "" {
				// The printed name read holds no given names, the MRZ
				// does: part of the line was not read, so the name is not
				// what is printed, though what was read may agree.
				if NameMatches(strings.TrimSpace(surname), r.Surname, r.NameTruncated) {
					add("name", strings.TrimSpace(n), r.Surname+"<<"+r.GivenNames, "%s: visual zone %q lacks the given names of MRZ %q")
					out[len(out)-1].Soft = true
				}
			}
		}
		names := func(key, v, m string, truncated bool) {
			switch ok, loose := nameMatch(v, m, truncated); {
			case !ok:
				add(key, v, m, "%s: visual zone %q, MRZ %q")
			case loose:
				add(key, v, m, "%s: visual zone %q matches MRZ %q only without its diacritics")
				out[len(out)-1].Soft = true
			case truncated && !fullMatch(v, m):
				// The MRZ confirms only the letters it kept: the rest of
				// the printed name (a diacritic dropped, a letter misread)
				// is unconfirmed.
				add(key, v, m, "%s: visual zone %q is confirmed by the truncated MRZ %q only in part")
				out[len(out)-1].Soft = true
			}
		}
		if surname != "" && r.Surname != "" {
			// The surname is the end of the MRZ's name field, and so may be
			// cut, when the MRZ holds no given names (the French driving
			// licence's 8 letters) or none were read to compare.
			names("surname", surname, r.Surname, r.NameTruncated && (given == "" || strings.Trim(r.GivenNames, "<") == ""))
		}
		if given != "" && r.GivenNames != "" {
			names("given_names", strings.TrimSpace(given), r.GivenNames, r.NameTruncated)
		}
		for _, d := range []struct {
			key string
			m   mrz.Date
		}{{"birth_date", r.BirthDate}, {"expiry_date", r.ExpiryDate}} {
			v := viz[d.key]
			if v == "" || !d.m.Valid {
				continue
			}
			if v != d.m.String() {
				add(d.key, v, d.m.String(), "%s: visual zone %s, MRZ %s")
			}
		}
		if v := viz["number"]; v != "" && r.DocumentNumber != "" {
			m := strings.ReplaceAll(r.DocumentNumber, "<", "")
			switch v := strings.ReplaceAll(v, "<", ""); {
			case v == m:
			case numberMisread(v, m):
				add("number", v, m, "%s: visual zone %q reads MRZ %q with an OCR confusion or a lost end character")
				out[len(out)-1].Soft = true
			default:
				add("number", v, m, "%s: visual zone %q, MRZ %q")
			}
		}
		if v := viz["sex"]; v != "" && r.Sex != "" && v != r.Sex {
			add("sex", v, r.Sex, "%s: visual zone %q, MRZ %q")
		}
		if v := viz["nationality"]; len(v) == 3 && r.Nationality != "" {
			if strings.ReplaceAll(r.Nationality, "<", "") != strings.ReplaceAll(v, "<", "") {
				add("nationality", v, r.Nationality, "%s: visual zone %q, MRZ %q")
			}
		}
	}
	issue := viz["issue_date"]
	if issue != "" {
		expiry := viz["expiry_date"]
		if r != nil && r.ExpiryDate.Valid {
			expiry = r.ExpiryDate.String()
		}
		birth := viz["birth_date"]
		if r != nil && r.BirthDate.Valid {
			birth = r.BirthDate.String()
		}
		if expiry != "" && issue > expiry {
			add("issue_date", issue, expiry, "%s: issued %s after expiry %s")
		}
		if birth != "" && issue < birth {
			add("issue_date", issue, birth, "%s: issued %s before birth %s")
		}
	}
	return out
}

// NameMatches reports whether a name printed in the visual zone (any
// script, spaces or hyphens between components) matches the MRZ name
// component mrzName (components separated by spaces or '<'). With truncated,
// the MRZ name may be a prefix of the visual one.
func NameMatches(vizName, mrzName string, truncated bool) bool {
	ok, _ := nameMatch(vizName, mrzName, truncated)
	return ok
}

// nameMatch is NameMatches, also telling whether the names agree only
// loosely (looseName).
func nameMatch(vizName, mrzName string, truncated bool) (ok, loose bool) {
	m := strings.Trim(strings.ReplaceAll(strings.ReplaceAll(mrzName, " ", "<"), "<<", "<"), "<")
	for strings.Contains(m, "<<") {
		m = strings.ReplaceAll(m, "<<", "<")
	}
	lm := looseName(m)
	// An apostrophe read with a space after it (D' ARTAGNAN).
	vizName = strings.NewReplacer("' ", "'", "’ ", "’").Replace(vizName)
	vs := nameVariants(vizName)
	for _, v := range vs {
		if v == m || (truncated && len(m) > 0 && strings.HasPrefix(v, m)) || (truncated && componentPrefixes(v, m)) {
			return true, false
		}
	}
	// OCR often drops a diacritic the MRZ transliterated (ÖBERG read
	// OBERG, MRZ OEBERG).
	for _, v := range vs {
		if lv := looseName(v); lv == lm && lm != "" {
			return true, true
		}
	}
	// A space between components lost or added (HAEUN for the MRZ's
	// HA<EUN): the same letters.
	squeeze := strings.NewReplacer("<", "", " ", "", "-", "")
	if sm := squeeze.Replace(m); sm != "" {
		for _, v := range vs {
			if squeeze.Replace(v) == sm {
				return true, true
			}
		}
	}
	// A letter the eng model does not know read as its look-alike, once:
	// Ç as G (GONÇALVES read GONGALVES, MRZ GONCALVES), ß as B (STRAßER
	// read STRABER, MRZ STRASSER).
	for _, v := range vs {
		if specialMisread(v, m) {
			return true, true
		}
	}
	return false, false
}

// specialMisread reports whether v is m with one C read as G, or one SS
// (the MRZ's ß) read as B.
func specialMisread(v, m string) bool {
	if len(v) == len(m) {
		diff := -1
		for i := 0; i < len(v); i++ {
			if v[i] != m[i] {
				if diff >= 0 {
					return false
				}
				diff = i
			}
		}
		return diff >= 0 && v[diff] == 'G' && m[diff] == 'C'
	}
	if len(v) == len(m)-1 {
		for i := strings.Index(m, "SS"); i >= 0; {
			if m[:i]+"B"+m[i+2:] == v {
				return true
			}
			j := strings.Index(m[i+1:], "SS")
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}

// fullMatch reports whether the visual name v transliterates to the MRZ
// name m exactly, without relying on m's truncation.
func fullMatch(v, m string) bool {
	ok, loose := nameMatch(v, m, false)
	return ok && !loose
}

// looseName collapses the transliteration digraphs that have a
// one-letter alternative (AE, OE, UE, AA) to that letter.
func looseName(s string) string {
	return strings.NewReplacer("AE", "A", "OE", "O", "UE", "U", "AA", "A").Replace(s)
}

// componentPrefixes reports whether the truncated MRZ name m (components
// separated by '<') shortens the visual name v component by component, as
// Doc 9303 Part 3 §4.6 truncates (BABATUNDE OLUSEGUN BUDI → BABA<O<B): the
// same number of components, each of m's a non-empty prefix of v's.
func componentPrefixes(v, m string) bool {
	vs, ms := strings.Split(strings.Trim(v, "<"), "<"), strings.Split(m, "<")
	if len(vs) != len(ms) {
		return false
	}
	for i := range ms {
		if ms[i] == "" || !strings.HasPrefix(vs[i], ms[i]) {
			return false
		}
	}
	return true
}

// alternates are the characters for which Doc 9303 Part 3 §6.A allows more
// than one transliteration; the first is what mrz.Transliterate writes.
var alternates = map[rune][]string{
	'Ä': {"AE", "A"}, 'Å': {"AA", "A"}, 'Ö': {"OE", "O"}, 'Ü': {"UE", "UXX", "U"}, 'Ñ': {"N", "NXX"},
}

// nameVariants returns every MRZ transliteration of name allowed by the
// alternates table (capped at 64 variants).
func nameVariants(name string) []string {
	vs := []string{""}
	for _, r := range strings.ToUpper(name) {
		alts, ok := alternates[r]
		if !ok || len(vs)*len(alts) > 64 {
			for i := range vs {
				vs[i] += string(r)
			}
			continue
		}
		var next []string
		for _, v := range vs {
			for _, a := range alts {
				next = append(next, v+a)
			}
		}
		vs = next
	}
	for i, v := range vs {
		vs[i] = mrz.Transliterate(v)
	}
	return vs
}

// ocrTwins maps the glyphs OCR confuses in document numbers to one form.
var ocrTwins = strings.NewReplacer("O", "0", "Q", "0", "D", "0", "I", "1", "L", "1", "Z", "2", "S", "5", "B", "8")

// numberMisread reports whether the printed number v is the MRZ's m as
// OCR misreads it: the same once look-alike glyphs (O/0, I/1, S/5, B/8…)
// are merged, or m with one character lost at either end (a first letter
// touching the caption). Neither is a contradiction the MRZ's check
// digit could not settle.
func numberMisread(v, m string) bool {
	if len(m) < 6 || len(v) < 5 {
		return false
	}
	if len(v) == len(m) && ocrTwins.Replace(v) == ocrTwins.Replace(m) {
		return true
	}
	return len(v) == len(m)-1 && (strings.HasPrefix(m, v) || strings.HasSuffix(m, v))
}
