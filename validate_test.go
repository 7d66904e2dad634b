package idrecog

import (
	"errors"
	"testing"
)

func TestIsRequestCountry(t *testing.T) {
	for _, c := range []string{"USA", "KOR", "DEU", "FRA", "EST", "UTO", "XPO", "EUE", "GBD", "RKS", "UNO", "XXA", "XXX", "usa", " kor "} {
		if !IsRequestCountry(c) {
			t.Errorf("IsRequestCountry(%q) = false, want true", c)
		}
	}
	// "D" is Germany only inside an MRZ; requests say DEU.
	for _, c := range []string{"", "D", "D<<", "D  ", "ZZZ", "US", "USAA", "U1A", "U<A", "ÜSA", "XBT"} {
		if IsRequestCountry(c) {
			t.Errorf("IsRequestCountry(%q) = true, want false", c)
		}
	}
}

func TestIsIDType(t *testing.T) {
	for _, v := range []string{"government_id", "passport", "drivers_license", "residence_permit",
		"vehicle_registration_certificate", "visa", "aadhaar", "pancard", "Passport", " visa "} {
		if !IsIDType(v) {
			t.Errorf("IsIDType(%q) = false", v)
		}
	}
	for _, v := range []string{"", "id", "passports", "driver_license", "government-id"} {
		if IsIDType(v) {
			t.Errorf("IsIDType(%q) = true", v)
		}
	}
}

func TestValidateOrder(t *testing.T) {
	// Presence is checked before values: a request missing everything
	// reports the image first, then the country, then the idType.
	tests := []struct {
		req  Request
		want error
	}{
		{Request{IssuingCountry: "ZZZ", IDType: "x"}, ErrIDImageRequired},
		{Request{IDImage: "x", IDType: "bogus"}, ErrCountryRequired},
		{Request{IDImage: "x", IssuingCountry: "ZZZ"}, ErrIDTypeRequired},
		{Request{IDImage: "x", IssuingCountry: "ZZZ", IDType: "bogus"}, ErrInvalidInputs},
		{Request{IDImage: "not checked here", IssuingCountry: "KOR", IDType: "government_id", CallbackURL: "https://example.com/cb"}, nil},
		{Request{FrontBytes: []byte{}, IssuingCountry: "KOR", IDType: "government_id"}, nil},
	}
	for _, tt := range tests {
		if err := tt.req.Validate(); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("Validate(%+v) = %v, want %v", tt.req, err, tt.want)
		}
	}
}
