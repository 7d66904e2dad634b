package mrz

import (
	"slices"
	"testing"
)

func TestCheckDigit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want byte
	}{
		{"520727", '3'},
		{"AB2134<<<", '5'},
		{"L898902C3", '6'},
		{"740812", '2'},
		{"120415", '9'},
		{"D23145890123", '3'},
		{"600001795015", '2'},
		{"007777779ZZ9", '2'},
	} {
		if got := CheckDigit(tc.in); got != tc.want {
			t.Errorf("CheckDigit(%q) = %c, want %c", tc.in, got, tc.want)
		}
	}
}

func TestBuildSpecimens(t *testing.T) {
	anna := Identity{IssuingState: "UTO", BirthDate: "740812", Sex: "F", ExpiryDate: "120415",
		Nationality: "UTO", Surname: "Eriksson", GivenNames: "Anna Maria"}
	for _, tc := range []struct {
		name string
		f    Format
		edit func(*Identity)
		want []string
	}{
		{"TD3", TD3, func(id *Identity) { id.DocumentNumber = "L898902C3"; id.OptionalData1 = "ZE184226B" },
			[]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}},
		{"TD2", TD2, func(id *Identity) { id.DocumentNumber = "D23145890" },
			[]string{"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"}},
		{"TD1", TD1, func(id *Identity) { id.DocumentNumber = "D23145890" },
			[]string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}},
		{"MRVA", MRVA, func(id *Identity) {
			id.DocumentNumber, id.Nationality, id.ExpiryDate, id.OptionalData1 = "L8988901C", "XXX", "961210", "6ZE184226B"
		}, []string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX7408122F96121096ZE184226B<<<<<<"}},
		{"MRVB", MRVB, func(id *Identity) {
			id.DocumentNumber, id.Nationality, id.ExpiryDate = "L8988901C", "XXX", "961210"
		}, []string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX7408122F9612109<<<<<<<<"}},
		{"TD1 long number", TD1, func(id *Identity) { id.DocumentNumber = "D23145890123" },
			[]string{"I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}},
		{"FrenchID", FrenchID, func(id *Identity) {
			*id = Identity{DocumentNumber: "940992310285", Surname: "Berthier", GivenNames: "Corinne", BirthDate: "651206", Sex: "F"}
		}, []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"}},
		{"FrenchDL", FrenchDL, func(id *Identity) {
			*id = Identity{IssuingState: "FRA", DocumentNumber: "13AA00002", ExpiryDate: "181231", Surname: "Martin"}
		}, []string{"D1FRA13AA000026181231MARTIN<<9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := anna
			tc.edit(&id)
			got, err := Build(tc.f, id)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Build =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestIsCountryCode(t *testing.T) {
	for code, want := range map[string]bool{
		"UTO": true, "DEU": true, "D": true, "D<<": true, "d": true, "FRA": true, "fra": true,
		"XXA": true, "GBD": true, "EUE": true, "RKS": true, "ZZZ": false, "DE": false, "ABCD": false,
		"": false, "U1O": false, "XBT": false,
	} {
		if got := IsCountryCode(code); got != want {
			t.Errorf("IsCountryCode(%q) = %v, want %v", code, got, want)
		}
	}
	codes := CountryCodes()
	if len(codes) < 249+25 {
		t.Errorf("CountryCodes has %d codes", len(codes))
	}
	for _, c := range codes {
		if !IsCountryCode(c) {
			t.Errorf("IsCountryCode(%q) = false for a listed code", c)
		}
	}
}
