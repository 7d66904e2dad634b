package viz

import (
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
