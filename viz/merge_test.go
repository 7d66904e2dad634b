package viz

import (
	"github.com/idrecog/idrecog/doctype"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
)

func TestMerge(t *testing.T) {
	r := &mrz.Result{Surname: "ERIKSSON", GivenNames: "ANNA MARIA", BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12, Valid: true}}
	out := &fields.Output{
		Raw:     map[string]fields.Field{"surname": {Value: "ERIKSSON", Score: 99}, "birth_date": {Value: "1974-08-12", Score: 99}},
		Summary: fields.Summary{LastName: "ERIKSSON", FirstName: "ANNA MARIA", FullName: "ANNA MARIA ERIKSSON", BirthDate: "1974-08-12"},
	}
	fs := []Field{
		{Key: "surname", Value: "ERIKSSEN", Score: 90, Trusted: true},
		{Key: "issue_date", Value: "2007-04-16", Score: 93, Trusted: true, Accepted: ptr(true)},
		{Key: "authority", Value: "PASSPORT OFFICE", Score: 95, Trusted: true},
	}
	Merge(out, fs, testTemplate, r)
	if out.Raw["surname"].Value != "ERIKSSON" {
		t.Errorf("MRZ surname replaced: %+v", out.Raw["surname"])
	}
	if f := out.Raw["authority"]; f.Value != "PASSPORT OFFICE" || f.Quad == nil || f.ImageQuad == nil {
		t.Errorf("authority = %+v", f)
	}
	if f := out.Raw["issue_date"]; f.Accepted == nil || !*f.Accepted {
		t.Errorf("issue_date = %+v", f)
	}
	if out.Summary.IssueDate != "2007-04-16" || out.Summary.LastName != "ERIKSSON" {
		t.Errorf("summary = %+v", out.Summary)
	}
	if !out.Review || len(out.Reasons) != 1 || !strings.Contains(out.Reasons[0], "surname") {
		t.Errorf("review %v %q, want the surname disagreement only", out.Review, out.Reasons)
	}

	// No MRZ: the summary comes from the visual zone; a missing required
	// field asks for review.
	out = &fields.Output{}
	Merge(out, []Field{{Key: "surname", Value: "ERIKSSON", Score: 90, Trusted: true}}, testTemplate, nil)
	if out.Summary.LastName != "ERIKSSON" || out.Summary.FullName != "ERIKSSON" {
		t.Errorf("summary without MRZ = %+v", out.Summary)
	}
	if !out.Review || len(out.Reasons) != 2 { // issue_date and authority are required in testTemplate
		t.Errorf("reasons %q", out.Reasons)
	}
}

func TestMergeDistrustsImplausibleIssueDate(t *testing.T) {
	r := &mrz.Result{Surname: "ERIKSSON", BirthDate: mrz.Date{Year: 1974, Month: 8, Day: 12, Valid: true},
		ExpiryDate: mrz.Date{Year: 2027, Month: 4, Day: 15, Valid: true}}
	tests := []struct {
		issue string
		ok    bool
	}{
		{"2017-04-16", true},
		{"2027-04-15", false}, // on the expiry day
		{"2028-01-01", false}, // after expiry
		{"1970-01-01", false}, // before birth
		{"2001-01-01", false}, // 26 years before expiry
		{"2012-05-01", true},  // 15 years (identity cards)
	}
	for _, tt := range tests {
		out := &fields.Output{Raw: map[string]fields.Field{"surname": {Value: "ERIKSSON", Score: 99}}}
		fs := []Field{{Key: "issue_date", Value: tt.issue, Score: 95, Trusted: true, Accepted: ptr(true)}}
		Merge(out, fs, testTemplate, r)
		f := out.Raw["issue_date"]
		if got := f.Accepted != nil && *f.Accepted; got != tt.ok {
			t.Errorf("%s: accepted %v, want %v", tt.issue, got, tt.ok)
		}
		if !tt.ok && (f.Score > implausibleScore || out.Summary.IssueDate != "" || !out.Review || !strings.Contains(strings.Join(out.Reasons, "; "), "impossible")) {
			t.Errorf("%s: score %d, ocr_issueDate %q, review %v %q", tt.issue, f.Score, out.Summary.IssueDate, out.Review, out.Reasons)
		}
		if tt.ok && strings.Contains(strings.Join(out.Reasons, "; "), "issue_date") {
			t.Errorf("%s: review %q", tt.issue, out.Reasons)
		}
		if !*fs[0].Accepted {
			t.Errorf("%s: the caller's fields were modified", tt.issue)
		}
	}
}

func TestMergeDistrustsContradictedName(t *testing.T) {
	r := &mrz.Result{Surname: "ERIKSSON", GivenNames: "ANNA MARIA"}
	out := &fields.Output{Raw: map[string]fields.Field{"surname": {Value: "ERIKSSON", Score: 99}}}
	fs := []Field{{Key: "name", Value: "ERIKSEN, ANNA MARIA", Score: 95, Trusted: true}}
	Merge(out, fs, nil, r)
	if f := out.Raw["name"]; f.Value != "ERIKSEN, ANNA MARIA" || f.Score > implausibleScore || !out.Review {
		t.Errorf("name = %+v, review %v: want the value kept with a low score, and review", f, out.Review)
	}
	out = &fields.Output{Raw: map[string]fields.Field{}}
	fs = []Field{{Key: "name", Value: "ERIKSSON, ANNA MARIA", Score: 95, Trusted: true}}
	Merge(out, fs, nil, r)
	if f := out.Raw["name"]; f.Score != 95 || out.Review {
		t.Errorf("name = %+v, review %v: want it kept as read", f, out.Review)
	}
}

func TestMergeVisaNameFromMRZ(t *testing.T) {
	// A visa's required printed name not read: the MRZ gave the name, so
	// no review; without the MRZ's surname it is missing.
	tm := &doctype.Template{Name: "v", Fields: []doctype.Field{{Key: "name", Kind: doctype.KindName, Required: true}}}
	r := &mrz.Result{Surname: "ERIKSSON", GivenNames: "ANNA MARIA"}
	out := &fields.Output{Raw: map[string]fields.Field{"surname": {Value: "ERIKSSON", Score: 99}}}
	Merge(out, nil, tm, r)
	if out.Review {
		t.Errorf("review %q for a name the MRZ gave", out.Reasons)
	}
	out = &fields.Output{Raw: map[string]fields.Field{}}
	Merge(out, nil, tm, &mrz.Result{})
	if !out.Review {
		t.Error("no review for a name neither read nor in the MRZ")
	}
}

// TestMergeCapsUnconfirmedText: an authority of a State whose places and
// authorities carry diacritics or a second script is not confirmed by an
// eng read, however confident; one of an English-language State keeps its
// score.
func TestMergeCapsUnconfirmedText(t *testing.T) {
	for _, tt := range []struct {
		state string
		want  int
	}{{"UTO", 95}, {"GBR", 95}, {"SWE", unconfirmedScore}, {"RUS", unconfirmedScore}} {
		out := &fields.Output{}
		fs := []Field{{Key: "authority", Value: "POLISEN", Score: 95, Trusted: true}}
		Merge(out, fs, testTemplate, &mrz.Result{IssuingState: tt.state})
		if got := out.Raw["authority"].Score; got != tt.want {
			t.Errorf("%s: authority scores %d, want %d", tt.state, got, tt.want)
		}
		if fs[0].Score != 95 {
			t.Errorf("%s: Merge modified its input", tt.state)
		}
	}
}
