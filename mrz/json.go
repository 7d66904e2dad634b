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
// Fields a format lacks are left out. When err is not nil (r is then nil)
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
	first := true
	for i := range r.Fields {
		f := &r.Fields[i]
		if isCheckField(f.Name) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendString(dst, f.Name)
		dst = append(dst, ':')
		dst = appendString(dst, f.Value)
		if f.Name == "birthDate" || f.Name == "expiryDate" {
			dst = append(dst, ',', '"')
			dst = append(dst, f.Name...)
			dst = append(dst, `Raw":`...)
			dst = appendString(dst, f.Raw)
		}
	}
	if !first {
		dst = append(dst, ',')
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

func isCheckField(name string) bool {
	return len(name) > 5 && name[len(name)-5:] == "Check"
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
