package doctype

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// normalizers maps a normaliser name to its function. ok is false when the
// text cannot be a value of that sort (an unreadable date, an empty number).
var normalizers = map[string]func(raw string, now time.Time) (string, bool){
	"text":        normText,
	"address":     normAddress,
	"name":        normName,
	"number":      normNumber,
	"code":        normCode,
	"sex":         normSex,
	"date_past":   dateNorm(CenturyPast),
	"date_birth":  dateNorm(CenturyPast),
	"date_expiry": dateNorm(CenturyExpiry),
	"date_ymd":    normDateYMD,
	"date_ymd_end": func(raw string, now time.Time) (string, bool) {
		// The last date of a period "2028.01.01~2028.12.31".
		if i := strings.LastIndexAny(raw, "~-–"); i >= 0 {
			if v, ok := normDateYMD(raw[i:], now); ok {
				return v, true
			}
		}
		return normDateYMD(raw, now)
	},
	"year":            normYear,
	"kr_licence_type": normKRLicenceType,
}

// KnownNormalizer reports whether name is a normaliser Normalize knows.
func KnownNormalizer(name string) bool { _, ok := normalizers[name]; return ok }

// Normalize cleans OCR text raw with the named normaliser:
//
//   - text: upper case, spaces collapsed;
//   - address: as printed (case and punctuation kept), spaces collapsed,
//     lines joined with a space, no space inside parentheses or before a
//     comma;
//   - name: upper case, only letters (any script), spaces, hyphens and
//     apostrophes kept;
//   - number: upper case A-Z and 0-9 only (spaces and fillers removed);
//   - code: upper-case letters and spaces only;
//   - sex: M, F or X (TRANSGENDER is X); with a translation (`N/F`, `F/F`) the part after the
//     slash is used, as Doc 9303 Part 3 §3 prints the EN/FR/ES letter last;
//   - date_past, date_birth: a date as YYYY-MM-DD, two-digit years in the
//     past; date_expiry: two-digit years as 20YY (see ParseDate);
//   - date_ymd: a four-digit-year-first date with one- or two-digit month
//     and day, as Korean documents print them ("2015. 3. 2.",
//     "2015년 3월 2일", "2015-03-02"), as YYYY-MM-DD;
//   - date_ymd_end: as date_ymd, the period's end date when a period
//     ("2028.01.01~2028.12.31") is printed;
//   - year: a four-digit year alone ("Year of Birth: 1990" → "1990");
//   - kr_licence_type: a Korean driving licence class as "N종 X" ("2 종
//     소형", "1종보통", "1종 특수"); ok is false, the text kept as read,
//     when no class is recognised.
//
// ok is false when raw holds no value of that sort; value is then the
// cleaned text (or "" for dates and sex).
func Normalize(name, raw string, now time.Time) (value string, ok bool) {
	f, found := normalizers[name]
	if !found {
		return normText(raw, now)
	}
	return f(raw, now)
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func normText(raw string, _ time.Time) (string, bool) {
	v := collapse(strings.ToUpper(strings.ReplaceAll(raw, "\n", " ")))
	v = strings.Trim(v, " .,;:|_-")
	return v, v != ""
}

func normAddress(raw string, _ time.Time) (string, bool) {
	// The address is kept as printed: its case (Aadhaar and the EU
	// certificate print "Station Road", "Husova 20") and its punctuation;
	// lines are joined by a space, since a comma where a line breaks is
	// not printed (a line ending with one keeps it).
	var parts []string
	for _, l := range strings.Split(raw, "\n") {
		if l = collapse(l); l != "" {
			parts = append(parts, l)
		}
	}
	v := strings.Join(parts, " ")
	// A space the OCR puts inside parentheses or before a comma is not
	// printed: "( 힐스테이트 )" is "(힐스테이트)".
	v = strings.NewReplacer("( ", "(", " )", ")", " ,", ",").Replace(v)
	v = strings.Trim(v, " ,;|_")
	return v, v != ""
}

func normName(raw string, _ time.Time) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(raw) {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(r)
		case r == '-' || r == '\'' || r == '’':
			b.WriteRune(r)
		case r == ',':
			b.WriteString(", ")
		default:
			b.WriteRune(' ')
		}
	}
	v := collapse(b.String())
	v = strings.Trim(v, " -'’,")
	v = strings.ReplaceAll(v, " ,", ",")
	return v, v != ""
}

func normNumber(raw string, _ time.Time) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(raw) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	v := b.String()
	return v, v != ""
}

func normCode(raw string, _ time.Time) (string, bool) {
	var b strings.Builder
	for _, r := range foldUpper(raw) {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	v := collapse(b.String())
	return v, v != ""
}

func normSex(raw string, _ time.Time) (string, bool) {
	s := strings.ToUpper(raw)
	if strings.Contains(s, "TRANSGENDER") {
		return "X", true
	}
	if i := strings.LastIndex(s, "/"); i >= 0 && strings.ContainsAny(s[i+1:], "MFX") {
		s = s[i+1:]
	}
	for _, r := range s {
		switch r {
		case 'M', 'F', 'X':
			return string(r), true
		}
	}
	return "", false
}

func dateNorm(c Century) func(string, time.Time) (string, bool) {
	return func(raw string, now time.Time) (string, bool) {
		v, err := ParseDate(raw, c, now)
		return v, err == nil
	}
}

// normDateYMD reads a year-first date: four-digit year, then month and day
// of one or two digits, separated by anything that is not a digit.
func normDateYMD(raw string, _ time.Time) (string, bool) {
	var nums []string
	cur := ""
	for _, r := range raw {
		if r >= '0' && r <= '9' {
			cur += string(r)
			continue
		}
		if cur != "" {
			nums = append(nums, cur)
			cur = ""
		}
	}
	if cur != "" {
		nums = append(nums, cur)
	}
	for i := 0; i+2 < len(nums); i++ {
		y, m, d := nums[i], nums[i+1], nums[i+2]
		if len(y) != 4 || len(m) > 2 || len(d) > 2 {
			continue
		}
		yy, mm, dd := atoi(y), atoi(m), atoi(d)
		if yy < 1800 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 || dd > daysIn(yy, mm) {
			continue
		}
		return fmt.Sprintf("%04d-%02d-%02d", yy, mm, dd), true
	}
	return "", false
}

// normYear keeps the first plausible four-digit year in raw.
func normYear(raw string, _ time.Time) (string, bool) {
	run := 0
	rs := []rune(raw)
	for i, r := range rs {
		if r >= '0' && r <= '9' {
			run++
			if run == 4 && (i+1 == len(rs) || rs[i+1] < '0' || rs[i+1] > '9') {
				y := string(rs[i-3 : i+1])
				if n := atoi(y); n >= 1800 && n <= 2200 {
					return y, true
				}
			}
			continue
		}
		run = 0
	}
	return "", false
}

// krLicenceType is a Korean driving licence class: 1종 or 2종 and a size,
// or a special (특수) licence.
var krLicenceType = regexp.MustCompile(`([12])\s*종\s*(대\s*형|보\s*통|소\s*형|원\s*동\s*기|특\s*수)`)

func normKRLicenceType(raw string, now time.Time) (string, bool) {
	if m := krLicenceType.FindStringSubmatch(raw); m != nil {
		return m[1] + "종 " + strings.Join(strings.Fields(m[2]), ""), true
	}
	// A class the regexp does not recognise (a bare 특수, whose 1종 was
	// not read) is kept as read, not vouched for.
	v, _ := normText(raw, now)
	return v, false
}
