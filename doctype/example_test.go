package doctype_test

import (
	"fmt"
	"time"

	"github.com/idrecog/idrecog/doctype"
)

func ExampleParseDate() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"12 AUG/AOÛT 74", "16 APR/AVR 07", "22.01.1975", "12JUL42"} {
		d, _ := doctype.ParseDate(s, doctype.CenturyPast, now)
		fmt.Println(d)
	}
	// Output:
	// 1974-08-12
	// 2007-04-16
	// 1975-01-22
	// 1942-07-12
}

func ExampleLookup() {
	t, _ := doctype.Lookup("UTO", "passport", "TD3")
	fmt.Println(t.Name, t.Size)
	t, _ = doctype.Lookup("NLD", "passport", "TD3") // no specific template
	fmt.Println(t.Name, t.Size)
	// Output:
	// uto-passport-td3 (1476,1039)
	// icao-td3 (1476,1039)
}

func ExampleNameMatches() {
	fmt.Println(doctype.NameMatches("MÄNNIK", "MAENNIK", false))
	fmt.Println(doctype.NameMatches("MÄNNIK", "MANNIK", false))
	fmt.Println(doctype.NameMatches("MARI-LIIS", "MARI<LIIS", false))
	// Output:
	// true
	// true
	// true
}
