package fields_test

import (
	"fmt"
	"time"

	"github.com/idrecog/idrecog/fields"
	"github.com/idrecog/idrecog/mrz"
)

func ExampleFromMRZ() {
	lines := []string{
		"P<ESTMAENNIK<<MARI<LIIS<<<<<<<<<<<<<<<<<<<<<",
		"KB00000003EST7501229F120522647501220010<<<02",
	}
	parsed, err := mrz.Parse(lines, &mrz.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	out := fields.FromMRZ(parsed, nil) // text only: no scores, no coordinates
	s := out.Summary
	fmt.Println(out.Kind, s.FullName, "|", s.FirstName, "|", s.LastName)
	fmt.Println(s.Gender, s.Nationality, s.BirthDate, s.ExpireDate)
	fmt.Println(s.Number, s.IdentityNumber, *out.Raw[fields.KeyNumber].Accepted)
	// Output:
	// passport MARI LIIS MAENNIK | MARI LIIS | MAENNIK
	// F EST 1975-01-22 2012-05-22
	// KB0000000 47501220010 true
}
