package idrecog

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/idrecog/idrecog/mrz"
)

// The idType values of the contract.
const (
	IDTypeGovernmentID        = "government_id"
	IDTypePassport            = "passport"
	IDTypeDriversLicense      = "drivers_license"
	IDTypeResidencePermit     = "residence_permit"
	IDTypeVehicleRegistration = "vehicle_registration_certificate"
	IDTypeVisa                = "visa"
	IDTypeAadhaar             = "aadhaar"
	IDTypePancard             = "pancard"
)

var idTypes = []string{
	IDTypeGovernmentID, IDTypePassport, IDTypeDriversLicense, IDTypeResidencePermit,
	IDTypeVehicleRegistration, IDTypeVisa, IDTypeAadhaar, IDTypePancard,
}

// IsIDType reports whether t is one of the contract's idType values. Case
// and surrounding spaces are ignored, as in requests.
func IsIDType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	for _, v := range idTypes {
		if t == v {
			return true
		}
	}
	return false
}

// IsRequestCountry reports whether c is acceptable as a request's
// issuingCountry: exactly three letters (case ignored) forming an ISO 3166-1
// alpha-3 code or an ICAO Doc 9303 special code (UTO, XPO, EUE, GBD, ...),
// as mrz.IsCountryCode knows them. Germany's MRZ-only form "D" (printed
// "D<<") is not a request code: a request says DEU.
func IsRequestCountry(c string) bool {
	c = strings.TrimSpace(c)
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if b := c[i] | 0x20; b < 'a' || b > 'z' {
			return false
		}
	}
	return mrz.IsCountryCode(c)
}

// Validate checks a request's keys without touching its images' content:
// first presence (1005 idImage, 1006 issuingCountry, 1014 idType), then
// values (1015: an unknown country code or idType, a malformed callbackUrl).
// Images are checked by Recognize (1013). Validate does not modify req.
func (req *Request) Validate() error {
	if req.Front == nil && req.FrontBytes == nil && strings.TrimSpace(req.IDImage) == "" {
		return NewError(CodeIDImageRequired, "")
	}
	country := strings.TrimSpace(req.IssuingCountry)
	if country == "" {
		return NewError(CodeCountryRequired, "")
	}
	idType := strings.TrimSpace(req.IDType)
	if idType == "" {
		return NewError(CodeIDTypeRequired, "")
	}
	if !IsRequestCountry(country) {
		detail := fmt.Sprintf("issuingCountry %q is not an ISO 3166-1 alpha-3 or ICAO code", clip(country, 20))
		if strings.HasPrefix(strings.ToUpper(country), "D") && strings.Trim(strings.ToUpper(country[1:]), "< ") == "" {
			detail += "; Germany is DEU"
		}
		return NewError(CodeInvalidInputs, detail)
	}
	if !IsIDType(idType) {
		return NewError(CodeInvalidInputs, fmt.Sprintf("idType %q is not one of %s", clip(idType, 40), strings.Join(idTypes, ", ")))
	}
	if req.CallbackURL != "" {
		if _, err := parseCallbackURL(req.CallbackURL); err != nil {
			return err
		}
	}
	return nil
}

// parseCallbackURL accepts an absolute http or https URL with a host.
func parseCallbackURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, NewError(CodeInvalidInputs, fmt.Sprintf("callbackUrl %q is not a URL", clip(s, 80)))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return nil, NewError(CodeInvalidInputs, fmt.Sprintf("callbackUrl %q must be an absolute http or https URL", clip(s, 80)))
	}
	return u, nil
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
