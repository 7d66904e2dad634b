package viz

import (
	"fmt"
	"time"

	"github.com/idrecog/idrecog/doctype"
	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
)

// Merge adds the visual-zone fields fs (read with tmpl) to out, the MRZ
// stage's mapped output, in one call:
//
//   - raw keys the MRZ already gave (surname, number, birth_date…) keep
//     their MRZ value, which check digits protect; the others (issue_date,
//     authority, place_of_birth, a personal_number the MRZ lacks…) are
//     added with their score, accepted flag and both quads;
//   - the ocr_* summary gets ocr_issueDate from an accepted issue_date, and
//     any summary value still empty (no MRZ) from the trusted VIZ value;
//   - review is asked, with a reason each, when the visual zone disagrees
//     with the MRZ r (see CrossCheck) or a required field of tmpl is
//     missing or below its score threshold; a visual-zone value the MRZ
//     contradicts (or an issue date its dates rule out) keeps a score of at
//     most 30 and is not accepted.
//
// out must not be nil; r and tmpl may be.
func Merge(out *fields.Output, fs []Field, tmpl *doctype.Template, r *mrz.Result) {
	if out.Raw == nil {
		out.Raw = map[string]fields.Field{}
	}
	fs, ruled := distrustImplausible(fs, r)
	fs = capUnconfirmedText(fs, tmpl, r)
	for _, f := range ruled {
		// A date read where the issue date is printed that cannot be
		// it: the zone was misread or misplaced.
		out.Review = true
		out.Reasons = append(out.Reasons, fmt.Sprintf("visual zone: issue_date %s read, impossible for this document's MRZ dates", f.Value))
	}
	for _, f := range fs {
		if _, ok := out.Raw[f.Key]; ok {
			continue
		}
		q, oq := f.Quad, f.OriginalQuad
		out.Raw[f.Key] = fields.Field{Value: f.Value, Score: f.Score, Accepted: f.Accepted, Quad: &q, ImageQuad: &oq}
	}
	v := Values(fs)
	s := &out.Summary
	fill := func(dst *string, key string) {
		if *dst == "" {
			*dst = v[key]
		}
	}
	fill(&s.IssueDate, "issue_date")
	fill(&s.ExpireDate, "expiry_date")
	fill(&s.BirthDate, "birth_date")
	fill(&s.LastName, "surname")
	fill(&s.FirstName, "given_names")
	fill(&s.Number, "number")
	fill(&s.IdentityNumber, "personal_number")
	if s.Gender == "" {
		s.Gender = v["sex"]
	}
	if s.Nationality == "" && len(v["nationality"]) == 3 {
		s.Nationality = v["nationality"]
	}
	if s.FullName == "" && (s.FirstName != "" || s.LastName != "") {
		switch {
		case s.FirstName == "":
			s.FullName = s.LastName
		case s.LastName == "":
			s.FullName = s.FirstName
		default:
			s.FullName = s.FirstName + " " + s.LastName
		}
	}
	for _, d := range doctype.CrossCheck(v, r) {
		// A visual-zone value the MRZ contradicts is reported, but not as
		// trustworthy; one that agrees only loosely (a dropped diacritic)
		// asks for no review, but is not exact either.
		capScore := implausibleScore
		if d.Soft {
			capScore = looseScore
		} else {
			out.Review = true
			out.Reasons = append(out.Reasons, "visual zone: "+d.Reason)
		}
		keys := []string{d.Key}
		if d.Key == "surname" || d.Key == "given_names" {
			keys = append(keys, "name")
		}
		for _, k := range keys {
			if f, ok := out.Raw[k]; ok && isVIZOnly(fs, k, f) {
				f.Score = min(f.Score, capScore)
				if f.Accepted != nil {
					no := false
					f.Accepted = &no
				}
				out.Raw[k] = f
			}
		}
	}
	for _, k := range Missing(tmpl, fs) {
		if f, fromMRZ := out.Raw[k]; fromMRZ && f.Value != "" && !isVIZOnly(fs, k, f) {
			continue // the MRZ gave it, protected by its check digits
		}
		if f, ok := out.Raw["surname"]; k == "name" && r != nil && r.Surname != "" && ok && f.Value != "" && !isVIZOnly(fs, "surname", f) {
			continue // a visa's printed name: the MRZ gave it (surname, given names)
		}
		out.Review = true
		out.Reasons = append(out.Reasons, fmt.Sprintf("visual zone: %s missing or below its score threshold", k))
	}
}

// isVIZOnly reports whether the raw field got under key came from the
// visual zone rather than from the MRZ.
func isVIZOnly(fs []Field, key string, got fields.Field) bool {
	for _, f := range fs {
		if f.Key == key && f.Value == got.Value && got.Quad != nil && *got.Quad == f.Quad {
			return true
		}
	}
	return false
}

// maxValidity bounds how long before its expiry a document is issued
// (passports 10 years, some identity cards 15): an issue date earlier than
// that, later than the expiry, or before the holder's birth is misread.
const maxValidityYears = 16

// distrustImplausible returns fs with an issue date that cannot be right
// given the MRZ's birth and expiry dates (r, protected by check digits)
// neither accepted nor trusted, and its score capped, so that a misread
// date is never reported as trustworthy; and the fields so ruled out. fs
// itself is not modified.
func distrustImplausible(fs []Field, r *mrz.Result) ([]Field, []Field) {
	if r == nil {
		return fs, nil
	}
	var out, ruled []Field
	for i, f := range fs {
		if f.Key != "issue_date" || f.Accepted == nil || !*f.Accepted || plausibleIssue(f.Value, r) {
			continue
		}
		if out == nil {
			out = append([]Field(nil), fs...)
		}
		no := false
		out[i].Accepted = &no
		out[i].Trusted = false
		out[i].Score = min(f.Score, implausibleScore)
		ruled = append(ruled, out[i])
	}
	if out == nil {
		return fs, nil
	}
	return out, ruled
}

// unconfirmedScore caps the score of a place or an authority that nothing
// confirms and that the reading model may have read without its
// diacritics or second script: below the usual accept threshold of 80.
const unconfirmedScore = 70

// capUnconfirmedText returns fs with the places and authorities (text and
// address fields of tmpl) scored at most unconfirmedScore when the
// document's issuing State (r) writes them with letters beyond the 26
// unaccented Latin ones (doctype.PlainLatin): Tesseract's eng model reads
// MALMÖ as MALMO and МОСКВА as MOCKBA, at full confidence. fs itself is
// not modified.
func capUnconfirmedText(fs []Field, tmpl *doctype.Template, r *mrz.Result) []Field {
	if tmpl == nil || r == nil || doctype.PlainLatin(r.IssuingState) {
		return fs
	}
	kinds := map[string]doctype.Kind{}
	for _, f := range tmpl.Fields {
		kinds[f.Key] = f.Kind
	}
	out := append([]Field(nil), fs...)
	for i, f := range out {
		if k := kinds[f.Key]; k == doctype.KindText || k == doctype.KindAddress {
			out[i].Score = min(f.Score, unconfirmedScore)
		}
	}
	return out
}

// implausibleScore caps the score of a value that contradicts the MRZ.
const implausibleScore = 30

// looseScore caps the score of a name that agrees with the MRZ only once
// diacritics are dropped: its letters are likely misread.
const looseScore = 60

// plausibleIssue reports whether issue (YYYY-MM-DD) can be the issue date
// of a document whose MRZ is r.
func plausibleIssue(issue string, r *mrz.Result) bool {
	d, err := time.Parse("2006-01-02", issue)
	if err != nil {
		return false
	}
	if r.ExpiryDate.Valid {
		e, err := time.Parse("2006-01-02", r.ExpiryDate.String())
		if err == nil && (!d.Before(e) || d.Before(e.AddDate(-maxValidityYears, 0, 0))) {
			return false
		}
	}
	if r.BirthDate.Valid {
		b, err := time.Parse("2006-01-02", r.BirthDate.String())
		if err == nil && d.Before(b) {
			return false
		}
	}
	return true
}
