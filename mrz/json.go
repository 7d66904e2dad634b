package mrz

import (
	"unicode/utf8"
)

// MarshalJSON renders the result as the `idrecog mrz` JSON object (see
// AppendJSON).
func (r *Result) MarshalJSON() ([]byte, error) {
	return AppendJSON(nil, nil, r, nil), nil
}

// AppendJSON appends to dst one JSON object describing a Parse outcome, in
// the shape `idrecog mrz` prints:
//
//	{"format":"TD3","valid":true,"lines":[…],
//	 "fields":{"documentCode":…,"issuingState":…,"documentNumber":…,
//	   "optionalData1":…,"optionalData2":…,"birthDate":"1974-08-12",
//	   "birthDateRaw":"740812","sex":"F","expiryDate":…,"expiryDateRaw":…,
//	   "nationality":…,"surname":…,"givenNames":"ANNA MARIA","nameTruncated":false},
//	 "checks":[{"field":"documentNumber","valid":true,"got":"6","want":"6","line":1,"pos":9},…],
//	 "corrections":[{"line":1,"pos":3,"from":"O","to":"0","reason":…}],
//	 "errors":["mrz: …"]}
//
// The standard field keys are always present ("" when the format lacks
// the field); the Swiss licence adds "languageCode". When err is not nil (r is then nil)
// the object is {"format":"UNKNOWN","valid":false,"lines":input,
// "error":err,"errors":[err]}.
func AppendJSON(dst []byte, input []string, r *Result, err error) []byte {
	if r == nil {
		dst = append(dst, `{"format":"UNKNOWN","valid":false,"lines":`...)
		dst = appendStrings(dst, input)
		msg := "mrz: no result"
		if err != nil {
			msg = err.Error()
		}
		dst = append(dst, `,"error":`...)
		dst = appendString(dst, msg)
		dst = append(dst, `,"errors":[`...)
		dst = appendString(dst, msg)
		return append(dst, "]}"...)
	}
	dst = append(dst, `{"format":"`...)
	dst = append(dst, r.Format.String()...)
	dst = append(dst, `","valid":`...)
	dst = appendBool(dst, r.Valid)
	dst = append(dst, `,"lines":`...)
	dst = appendStrings(dst, r.Lines)
	dst = append(dst, `,"fields":{`...)
	// The standard keys always appear (empty when the format lacks the
	// field), in this order; format-specific extras follow.
	kv := func(k, v string) {
		dst = append(dst, '"')
		dst = append(dst, k...)
		dst = append(dst, '"', ':')
		dst = appendString(dst, v)
		dst = append(dst, ',')
	}
	kv("documentCode", r.DocumentCode)
	kv("issuingState", r.IssuingState)
	kv("documentNumber", r.DocumentNumber)
	kv("optionalData1", r.OptionalData1)
	kv("optionalData2", r.OptionalData2)
	dst = append(dst, `"birthDate":"`...)
	dst = appendDate(dst, r.BirthDate)
	dst = append(dst, '"', ',')
	kv("birthDateRaw", r.BirthDate.Raw)
	kv("sex", r.Sex)
	dst = append(dst, `"expiryDate":"`...)
	dst = appendDate(dst, r.ExpiryDate)
	dst = append(dst, '"', ',')
	kv("expiryDateRaw", r.ExpiryDate.Raw)
	kv("nationality", r.Nationality)
	kv("surname", r.Surname)
	kv("givenNames", r.GivenNames)
	for i := range r.Fields {
		if f := &r.Fields[i]; f.Name == "languageCode" {
			kv(f.Name, f.Value)
		}
	}
	dst = append(dst, `"nameTruncated":`...)
	dst = appendBool(dst, r.NameTruncated)
	dst = append(dst, `},"checks":[`...)
	for i, c := range r.Checks {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"field":"`...)
		dst = append(dst, c.Field...)
		dst = append(dst, `","valid":`...)
		dst = appendBool(dst, c.Valid)
		dst = append(dst, `,"got":`...)
		dst = appendString(dst, string(rune(c.Got)))
		dst = append(dst, `,"want":`...)
		dst = appendString(dst, string(rune(c.Want)))
		dst = append(dst, `,"line":`...)
		dst = appendInt(dst, c.Line)
		dst = append(dst, `,"pos":`...)
		dst = appendInt(dst, c.Pos)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"corrections":[`...)
	for i, c := range r.Corrections {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"line":`...)
		dst = appendInt(dst, c.Line)
		dst = append(dst, `,"pos":`...)
		dst = appendInt(dst, c.Pos)
		dst = append(dst, `,"from":`...)
		dst = appendString(dst, string(rune(c.From)))
		dst = append(dst, `,"to":`...)
		dst = appendString(dst, string(rune(c.To)))
		dst = append(dst, `,"reason":`...)
		dst = appendString(dst, c.Reason)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"errors":[`...)
	for i, e := range r.Errors {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, e.Error())
	}
	return append(dst, "]}"...)
}

func appendBool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendInt(dst []byte, n int) []byte {
	if n >= 0 && n < 10 {
		return append(dst, byte('0'+n))
	}
	return append(dst, itoa(n)...)
}

func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks ASCII bytes written as they are. '<' (the MRZ filler) is
// kept readable; '>' and '&' are too (no HTML escaping is needed).
var jsonSafe [utf8.RuneSelf]bool

func init() {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		jsonSafe[c] = c != '"' && c != '\\'
	}
}

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				if c < 0x20 {
					dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
				} else {
					dst = append(dst, c) // '>' and '&'
				}
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
