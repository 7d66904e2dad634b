package mrz

// nowDate is the reference date, split once per Parse.
type nowDate struct{ y, m, d int }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func two(s string, i int) (int, bool) {
	a, b := s[i], s[i+1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// Date problems, as FieldError reasons.
const (
	reasonDateUnknown    = "date partly or wholly unknown"
	reasonDateImpossible = "impossible date"
	reasonDateChars      = "date holds characters other than digits and '<'"
)

// resolveDate turns YYMMDD into a full date. A birth date becomes the most
// recent date not after now; an expiry date falls in the window from 49
// years before to 50 years after now's year. It returns a reason ("") when
// the date is not valid; unknown parts are left 0.
func resolveDate(raw string, birth bool, now nowDate) (Date, string) {
	d := Date{Raw: raw}
	yy, okY := two(raw, 0)
	mm, okM := two(raw, 2)
	dd, okD := two(raw, 4)
	reason := ""
	if !okY || !okM || !okD {
		for i := 0; i < 6; i++ {
			if c := raw[i]; c != '<' && (c < '0' || c > '9') {
				return d, reasonDateChars
			}
		}
		reason = reasonDateUnknown
	}
	if okM {
		if mm < 1 || mm > 12 {
			return d, reasonDateImpossible
		}
		d.Month = mm
	}
	if okY {
		base := now.y / 100 * 100
		y := base + yy
		if birth {
			if y > now.y || (y == now.y && okM && (mm > now.m || (mm == now.m && okD && dd > now.d))) {
				y -= 100
			}
		} else {
			if y > now.y+50 {
				y -= 100
			} else if y <= now.y-50 {
				y += 100
			}
		}
		d.Year = y
	}
	if okD {
		lim := 31
		if okM {
			y := d.Year
			if !okY {
				y = 2000 // leap: 29 February stays possible
			}
			lim = daysIn(y, mm)
		}
		if dd < 1 || dd > lim {
			d.Month = 0
			return d, reasonDateImpossible
		}
		d.Day = dd
	}
	if reason != "" {
		return d, reason
	}
	d.Valid = true
	return d, ""
}
