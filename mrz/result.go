package mrz

import (
	"errors"
	"fmt"
	"time"
)

// Options tunes Parse. A nil *Options means defaults.
type Options struct {
	// Now is the reference time for resolving two-digit years; zero means
	// time.Now().
	Now time.Time
}

// Date is a YYMMDD MRZ date resolved to a full date.
type Date struct {
	Raw              string // the six characters as printed
	Year, Month, Day int    // 0 where unknown ('<') or unreadable
	Valid            bool   // a complete, existing calendar date
}

// String returns the date as "YYYY-MM-DD", or "" when it is not valid.
func (d Date) String() string {
	var b [10]byte
	return string(appendDate(b[:0], d))
}

func appendDate(dst []byte, d Date) []byte {
	if !d.Valid {
		return dst
	}
	var b [10]byte
	y := d.Year
	b[0] = byte('0' + y/1000%10)
	b[1] = byte('0' + y/100%10)
	b[2] = byte('0' + y/10%10)
	b[3] = byte('0' + y%10)
	b[4] = '-'
	b[5] = byte('0' + d.Month/10)
	b[6] = byte('0' + d.Month%10)
	b[7] = '-'
	b[8] = byte('0' + d.Day/10)
	b[9] = byte('0' + d.Day%10)
	return append(dst, b[:]...)
}

// Field is one MRZ field: its raw characters, its cleaned value and where it
// is printed (0-based line, 0-based columns, End exclusive), so that an image
// stage can compute its coordinates.
type Field struct {
	Name  string
	Raw   string
	Value string
	Valid bool
	Line  int
	Start int
	End   int
}

// Check is the outcome of one check digit. Field is "documentNumber",
// "birthDate", "expiryDate", "optionalData" or "composite"; Line and Pos
// locate the check digit; Got is the printed character, Want the computed
// digit.
type Check struct {
	Field string
	Valid bool
	Line  int
	Pos   int
	Got   byte
	Want  byte
}

// Result is a parsed MRZ. Every field that could be read is filled in, each
// with its own validity; Errors lists what is wrong.
type Result struct {
	Format Format
	Lines  []string // the lines as parsed, after normalisation and repair
	Valid  bool     // every check digit passes and the structure is sound

	DocumentCode   string
	IssuingState   string
	DocumentNumber string // the full number, including a TD1/TD2 long number's overflow
	OptionalData1  string
	OptionalData2  string
	// Nationality is the MRZ nationality. The French ID card has none in its
	// MRZ; it is reported as the issuing state ("FRA"), which the card
	// implies.
	Nationality string
	Sex         string // "M", "F" or "X" (unspecified, printed '<' or 'X')
	Surname     string // primary identifier, components separated by spaces
	GivenNames  string // secondary identifier, components separated by spaces

	BirthDate, ExpiryDate Date

	// NameTruncated is set when the name field ends with a letter in its
	// last position, which ICAO 9303 says must be treated as possibly
	// truncated.
	NameTruncated bool

	Fields      []Field
	Checks      []Check
	Corrections []Correction
	Errors      []error

	fieldBuf [16]Field
	checkBuf [5]Check
	lineBuf  [3]string
}

// Field returns the field with the given name, and whether it exists.
func (r *Result) Field(name string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Identity returns the values Build needs to write this MRZ again: dates
// as printed (YYMMDD), names and numbers as parsed, Sex "" when
// unspecified ('<').
func (r *Result) Identity() Identity {
	id := Identity{
		DocumentCode: r.DocumentCode, IssuingState: r.IssuingState, DocumentNumber: r.DocumentNumber,
		OptionalData1: r.OptionalData1, OptionalData2: r.OptionalData2,
		BirthDate: r.BirthDate.Raw, ExpiryDate: r.ExpiryDate.Raw,
		Nationality: r.Nationality, Surname: r.Surname, GivenNames: r.GivenNames,
	}
	if r.Format == FrenchID {
		id.Nationality = ""
	}
	if f, ok := r.Field("sex"); ok && f.Raw != "<" {
		id.Sex = f.Raw
	}
	if f, ok := r.Field("languageCode"); ok {
		id.DocumentNumber += f.Raw
	}
	return id
}

// Correction is one character changed by Repair or Parse.
type Correction struct {
	Line, Pos int // 0-based
	From, To  byte
	Reason    string
}

// ErrNotMRZ is returned by Parse when the input is not an MRZ at all.
var ErrNotMRZ = errors.New("mrz: not a machine-readable zone")

// CheckDigitError reports a check digit that does not match: the field it
// protects, where the digit is printed (0-based line and column), what was
// printed and what it should be.
type CheckDigitError struct {
	Field     string
	Line, Pos int
	Got, Want byte
}

func (e *CheckDigitError) Error() string {
	return fmt.Sprintf("mrz: %s check digit at line %d column %d: got %q, want %q",
		e.Field, e.Line+1, e.Pos+1, e.Got, e.Want)
}

// FieldError reports a field whose content is not acceptable: an unknown
// country code, an impossible or partly unknown date, a character that is not
// allowed, a line of the wrong length.
type FieldError struct {
	Field      string
	Line       int // 0-based
	Start, End int // 0-based columns, End exclusive
	Reason     string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("mrz: %s at line %d columns %d-%d: %s", e.Field, e.Line+1, e.Start+1, e.End, e.Reason)
}

// Identity holds the values Build writes into an MRZ. Dates are YYMMDD
// ('<' for unknown parts); names may be in any script (Build transliterates
// them); Sex is "M", "F", "X" or "" / "<" (unspecified).
//
// For FrenchID, DocumentNumber is the 12-character card number (YYMM, 3-char
// département, 5-digit serial) and OptionalData1 the 6-character
// administrative code; there is no expiry date or nationality.
// For SwissDL, DocumentNumber is line 1's 6-character number optionally
// followed by the 1-letter language code (D, F, I or R; default D),
// OptionalData1 the 9-digit PIN and OptionalData2 the 3-digit version; the
// licence has no expiry date, sex or nationality in its MRZ.
// For FrenchDL, ExpiryDate is the line's only date (its meaning is
// unconfirmed) and Surname is cut to 8 characters.
type Identity struct {
	DocumentCode, IssuingState, DocumentNumber, OptionalData1, OptionalData2 string
	BirthDate, ExpiryDate                                                    string
	Sex, Nationality, Surname, GivenNames                                    string
}

// Candidate is one OCR hypothesis for a character position.
type Candidate struct {
	Char byte
	P    float64
}

// Decoded is the outcome of Decode.
type Decoded struct {
	Lines []string
	// Prob is the chosen reading's share of the probability mass among the
	// valid readings considered: near 1 when the evidence singles it out,
	// near 0.5 or below when another reading is about as likely.
	Prob         float64
	RunnerUp     []string // the next best valid reading, nil if none
	RunnerUpProb float64
	CharProb     [][]float64 // per line and position: probability of the chosen character
	Result       *Result
}
