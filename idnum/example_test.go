package idnum_test

import (
	"errors"
	"fmt"

	"github.com/idrecog/idrecog/idnum"
)

func ExampleCheckAadhaar() {
	n, err := idnum.CheckAadhaar("2341 2341 2346")
	fmt.Println(n, err)
	_, err = idnum.CheckAadhaar("2341 2341 2345")
	var ce *idnum.CheckDigitError
	fmt.Println(errors.As(err, &ce), string(ce.Want))
	// Output:
	// 234123412346 <nil>
	// true 6
}

func ExampleParseRRN() {
	r, err := idnum.ParseRRN("800101-1234560")
	fmt.Println(r.Number, r.Birth.Format("2006-01-02"), r.Sex, r.Foreigner, err)
	// Output: 800101-1234560 1980-01-01 M false <nil>
}

func ExampleCheckVINCheckDigit() {
	_, err := idnum.CheckVINCheckDigit("1M8GDM9AXKP042788")
	fmt.Println(err)
	_, err = idnum.CheckVINCheckDigit("WVWZZZ1JZXW000001") // European: position 9 is no check digit
	fmt.Println(err)
	// Output:
	// <nil>
	// idnum: vin: check character 9 is 'Z', want '0'
}
