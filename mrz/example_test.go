package mrz_test

import (
	"fmt"
	"time"

	"github.com/idrecog/idrecog/mrz"
)

func ExampleParse() {
	r, err := mrz.Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO74O8122F1204159ZE184226B<<<<<10", // O read for 0
	}, &mrz.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Format, r.Valid)
	fmt.Println(r.Surname, "/", r.GivenNames)
	fmt.Println(r.DocumentNumber, r.BirthDate, r.ExpiryDate, r.Sex)
	for _, c := range r.Corrections {
		fmt.Printf("line %d pos %d: %c→%c (%s)\n", c.Line+1, c.Pos+1, c.From, c.To, c.Reason)
	}
	// Output:
	// TD3 true
	// ERIKSSON / ANNA MARIA
	// L898902C3 1974-08-12 2012-04-15 F
	// line 2 pos 16: O→0 (letter in a numeric position)
}

func ExampleBuild() {
	lines, err := mrz.Build(mrz.TD1, mrz.Identity{
		IssuingState: "D", Nationality: "D", DocumentNumber: "T22000129",
		BirthDate: "640812", ExpiryDate: "201031",
		Surname: "Mustermann", GivenNames: "Erika",
	})
	if err != nil {
		panic(err)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// I<D<<T220001293<<<<<<<<<<<<<<<
	// 6408125<2010315D<<<<<<<<<<<<<4
	// MUSTERMANN<<ERIKA<<<<<<<<<<<<<
}

func ExampleCheckDigit() {
	fmt.Printf("%c\n", mrz.CheckDigit("520727"))
	// Output: 3
}
