package mrz

// Format is an MRZ layout.
type Format int

// The supported layouts.
const (
	FormatUnknown Format = iota
	TD1                  // ID-1 card, 3×30 (ICAO 9303 Part 5)
	TD2                  // ID-2 document, 2×36 (Part 6)
	TD3                  // passport, 2×44 (Part 4)
	MRVA                 // visa type A, 2×44 (Part 7)
	MRVB                 // visa type B, 2×36 (Part 7)
	FrenchID             // French national identity card 1988-2021, 2×36
	SwissDL              // Swiss / Liechtenstein driving licence, 9/30/30
	FrenchDL             // French driving licence (2013 model), 1×30
)

var formatNames = [...]string{"UNKNOWN", "TD1", "TD2", "TD3", "MRVA", "MRVB", "FRENCH_ID", "SWISS_DL", "FRENCH_DL"}

// String returns the format's name: "TD1", "TD2", "TD3", "MRVA", "MRVB",
// "FRENCH_ID", "SWISS_DL", "FRENCH_DL" (or "UNKNOWN").
func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return "UNKNOWN"
	}
	return formatNames[f]
}

// LineLengths returns the number of characters of each line of the format,
// or nil for FormatUnknown.
func (f Format) LineLengths() []int {
	if l := layoutOf(f); l != nil {
		return append([]int(nil), l.lens...)
	}
	return nil
}

// span is a run of characters on one line: 0-based line, 0-based columns,
// end exclusive. A zero span (end == 0) means "absent".
type span struct{ line, start, end int }

func (s span) ok() bool { return s.end > s.start }

// pos is one character position.
type pos struct{ line, col int }

// checkSpec is one check digit: the ranges it covers and where it is printed.
type checkSpec struct {
	name   string // Check.Field: documentNumber, birthDate, expiryDate, optionalData, composite
	field  string // Field.Name of the check digit itself: name + "Check"
	at     pos
	ranges []span
	// fillerOK: the check position may hold '<' instead of a digit when all
	// covered characters are filler (TD3 position 43).
	fillerOK bool
}

// layout describes where each field of a format sits.
type layout struct {
	format Format
	lens   []int

	docCode, issuing, number, nationality, birth, sex, expiry span
	opt1, opt2                                                span
	name                                                      span // PRIMARY<<SECONDARY field
	surname, given                                            span // separate name fields (French ID, French DL)
	language                                                  span // Swiss DL language code

	numberCheck, birthCheck, expiryCheck, optCheck, composite *checkSpec

	longNumber bool // TD1/TD2 long document number rule (notes j)

	checkList []*checkSpec // all check digits, composite last
}

var layouts [9]*layout

func layoutOf(f Format) *layout {
	if f <= FormatUnknown || int(f) >= len(layouts) {
		return nil
	}
	return layouts[f]
}

func init() {
	td3 := &layout{
		format: TD3, lens: []int{44, 44},
		docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, name: span{0, 5, 44},
		number: span{1, 0, 9}, nationality: span{1, 10, 13}, birth: span{1, 13, 19},
		sex: span{1, 20, 21}, expiry: span{1, 21, 27}, opt1: span{1, 28, 42},
	}
	td3.numberCheck = &checkSpec{name: "documentNumber", at: pos{1, 9}, ranges: []span{td3.number}}
	td3.birthCheck = &checkSpec{name: "birthDate", at: pos{1, 19}, ranges: []span{td3.birth}}
	td3.expiryCheck = &checkSpec{name: "expiryDate", at: pos{1, 27}, ranges: []span{td3.expiry}}
	td3.optCheck = &checkSpec{name: "optionalData", at: pos{1, 42}, ranges: []span{td3.opt1}, fillerOK: true}
	td3.composite = &checkSpec{name: "composite", at: pos{1, 43}, ranges: []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 43}}}

	td2 := &layout{
		format: TD2, lens: []int{36, 36},
		docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, name: span{0, 5, 36},
		number: span{1, 0, 9}, nationality: span{1, 10, 13}, birth: span{1, 13, 19},
		sex: span{1, 20, 21}, expiry: span{1, 21, 27}, opt1: span{1, 28, 35},
		longNumber: true,
	}
	td2.numberCheck = &checkSpec{name: "documentNumber", at: pos{1, 9}, ranges: []span{td2.number}}
	td2.birthCheck = &checkSpec{name: "birthDate", at: pos{1, 19}, ranges: []span{td2.birth}}
	td2.expiryCheck = &checkSpec{name: "expiryDate", at: pos{1, 27}, ranges: []span{td2.expiry}}
	td2.composite = &checkSpec{name: "composite", at: pos{1, 35}, ranges: []span{{1, 0, 10}, {1, 13, 20}, {1, 21, 35}}}

	td1 := &layout{
		format: TD1, lens: []int{30, 30, 30},
		docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, number: span{0, 5, 14}, opt1: span{0, 15, 30},
		birth: span{1, 0, 6}, sex: span{1, 7, 8}, expiry: span{1, 8, 14}, nationality: span{1, 15, 18},
		opt2: span{1, 18, 29}, name: span{2, 0, 30},
		longNumber: true,
	}
	td1.numberCheck = &checkSpec{name: "documentNumber", at: pos{0, 14}, ranges: []span{td1.number}}
	td1.birthCheck = &checkSpec{name: "birthDate", at: pos{1, 6}, ranges: []span{td1.birth}}
	td1.expiryCheck = &checkSpec{name: "expiryDate", at: pos{1, 14}, ranges: []span{td1.expiry}}
	td1.composite = &checkSpec{name: "composite", at: pos{1, 29}, ranges: []span{{0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29}}}

	visa := func(f Format, n int) *layout {
		v := &layout{
			format: f, lens: []int{n, n},
			docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, name: span{0, 5, n},
			number: span{1, 0, 9}, nationality: span{1, 10, 13}, birth: span{1, 13, 19},
			sex: span{1, 20, 21}, expiry: span{1, 21, 27}, opt1: span{1, 28, n},
		}
		v.numberCheck = &checkSpec{name: "documentNumber", at: pos{1, 9}, ranges: []span{v.number}}
		v.birthCheck = &checkSpec{name: "birthDate", at: pos{1, 19}, ranges: []span{v.birth}}
		v.expiryCheck = &checkSpec{name: "expiryDate", at: pos{1, 27}, ranges: []span{v.expiry}}
		return v
	}

	fid := &layout{
		format: FrenchID, lens: []int{36, 36},
		docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, surname: span{0, 5, 30}, opt1: span{0, 30, 36},
		number: span{1, 0, 12}, given: span{1, 13, 27}, birth: span{1, 27, 33}, sex: span{1, 34, 35},
	}
	fid.numberCheck = &checkSpec{name: "documentNumber", at: pos{1, 12}, ranges: []span{fid.number}}
	fid.birthCheck = &checkSpec{name: "birthDate", at: pos{1, 33}, ranges: []span{fid.birth}}
	fid.composite = &checkSpec{name: "composite", at: pos{1, 35}, ranges: []span{{0, 0, 36}, {1, 0, 35}}}

	sdl := &layout{
		format: SwissDL, lens: []int{9, 30, 30},
		number: span{0, 0, 6}, language: span{0, 6, 7},
		docCode: span{1, 0, 2}, issuing: span{1, 2, 5}, opt1: span{1, 5, 14}, opt2: span{1, 14, 17},
		birth: span{1, 19, 25}, name: span{2, 0, 30},
	}

	fdl := &layout{
		format: FrenchDL, lens: []int{30},
		docCode: span{0, 0, 2}, issuing: span{0, 2, 5}, number: span{0, 5, 14},
		expiry: span{0, 15, 21}, surname: span{0, 21, 29},
	}
	fdl.numberCheck = &checkSpec{name: "documentNumber", at: pos{0, 14}, ranges: []span{{0, 0, 14}}}
	fdl.composite = &checkSpec{name: "composite", at: pos{0, 29}, ranges: []span{{0, 0, 29}}}

	layouts[TD1] = td1
	layouts[TD2] = td2
	layouts[TD3] = td3
	layouts[MRVA] = visa(MRVA, 44)
	layouts[MRVB] = visa(MRVB, 36)
	layouts[FrenchID] = fid
	layouts[SwissDL] = sdl
	layouts[FrenchDL] = fdl
	for _, l := range layouts {
		if l == nil {
			continue
		}
		for _, c := range []*checkSpec{l.numberCheck, l.birthCheck, l.expiryCheck, l.optCheck, l.composite} {
			if c != nil {
				c.field = c.name + "Check"
				l.checkList = append(l.checkList, c)
			}
		}
	}
	initClasses()
}

// checks returns the format's check digits in reporting order.
func (l *layout) checks() []*checkSpec { return l.checkList }

// InName reports whether the character at line and col (both from 0) of
// format f lies in a name field (the primary and secondary identifiers, or
// the French documents' surname and given names). No check digit protects
// those characters: a misread name letter still gives a valid MRZ.
func InName(f Format, line, col int) bool {
	l := layoutOf(f)
	if l == nil {
		return false
	}
	for _, s := range [...]span{l.name, l.surname, l.given} {
		if s.ok() && s.line == line && col >= s.start && col < s.end {
			return true
		}
	}
	return false
}
