package mrz

// Character-class prior for alphanumeric fields that are not names
// (document numbers, optional and personal data, the French card's codes).
// Such a field mixes letters and digits in runs (L898902C3, ZE184226B): a
// letter with digits on both sides, or a digit with letters on both sides,
// is less likely than a consistent run, and is most often a look-alike
// misread (U for 0, S for 5, G for 6) that no check digit separates. At a
// field's end the one neighbour inside it decides.

// pClassMix weighs a letter whose neighbours in its field are digits, or a
// digit whose neighbours are letters: weak, so it only settles a
// character the OCR left in doubt.
const pClassMix = 0.3

// weighClasses applies the character-class prior to the alphanumeric
// positions, left to right, given the neighbours' most probable characters
// (the left one as decided). A neighbour that is a filler or outside the
// field does not count; a position needs at least one neighbour.
func (d *decoder) weighClasses() {
	for _, s := range [...]span{d.l.number, d.l.opt1, d.l.opt2} {
		if !s.ok() {
			continue
		}
		row := d.cands[s.line]
		cls := d.cls[s.line]
		for j := s.start; j < s.end; j++ {
			cs := row[j]
			if cls[j] != cAlnum || len(cs) < 2 {
				continue
			}
			digits, letters := 0, 0
			for _, n := range [2]int{j - 1, j + 1} {
				if n < s.start || n >= s.end {
					continue
				}
				switch c := row[n][0].c; {
				case c >= '0' && c <= '9':
					digits++
				case c >= 'A' && c <= 'Z':
					letters++
				}
			}
			if digits+letters == 0 || (digits > 0 && letters > 0) {
				continue
			}
			amidDigits := digits > 0
			row[j] = weigh(cs, func(c byte) float64 {
				if (amidDigits && c >= 'A' && c <= 'Z') || (!amidDigits && c >= '0' && c <= '9') {
					return pClassMix
				}
				return 1
			})
		}
	}
}
