package aamva_test

import (
	"fmt"
	"time"

	"github.com/idrecog/idrecog/aamva"
)

func ExampleParse() {
	data := "@\n\x1e\rANSI 636000100002DL00410101ZV01420008" +
		"DLDAQT64235789\nDCSSAMPLE\nDACMICHAEL\nDADJOHN\nDBB06061986\nDBA12102024\nDBC1\nDAJVA\nDAK232690000  \nDCGUSA\r" +
		"ZVZVA01\r"
	d, err := aamva.Parse([]byte(data))
	if err != nil {
		fmt.Println(err)
		return
	}
	n := d.Names()
	birth, _ := d.BirthDate()
	fmt.Println(d.Version, d.IIN, d.Number(), n.Family, n.Given(), d.Sex(), birth.Format("2006-01-02"), d.Address().PostalCode)
	// Output: 10 636000 T64235789 SAMPLE MICHAEL JOHN M 1986-06-06 23269
}

func ExampleBuild() {
	d := &aamva.Document{IIN: "636028", Version: 10, JurisdictionVersion: 1, Type: "DL",
		Elements: map[string]string{"DCG": "CAN", "DAQ": "7654321"}}
	d.SetNames(aamva.Names{Family: "TREMBLAY", First: "MARIE"})
	d.SetDate(aamva.IDBirthDate, time.Date(1990, 2, 28, 0, 0, 0, 0, time.UTC))
	b, _ := aamva.Build(d)
	fmt.Printf("%q\n", b)
	// Output: "@\n\x1e\rANSI 636028100101DL00310076DLDCSTREMBLAY\nDACMARIE\nDADNONE\nDBB19900228\nDAQ7654321\nDCGCAN\nDDEN\nDDFN\nDDGN\r"
}
