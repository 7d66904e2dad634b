package mrzscan

import (
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

func TestRivalLetterAndNameChoice(t *testing.T) {
	tests := []struct {
		name   string
		cs     []mrz.Candidate
		c      byte
		rival  float64
		choice byte
	}{
		{"letter rival", []mrz.Candidate{{Char: 'H', P: 0.81}, {Char: 'N', P: 0.18}, {Char: 'M', P: 0.01}}, 'H', 0.18, 'H'},
		{"digit rival ignored", []mrz.Candidate{{Char: 'S', P: 0.87}, {Char: '8', P: 0.12}, {Char: 'B', P: 0.01}}, 'S', 0.01, 'S'},
		{"filler rival", []mrz.Candidate{{Char: 'E', P: 0.7}, {Char: '<', P: 0.3}}, 'E', 0.3, 'E'},
		{"digit first", []mrz.Candidate{{Char: '0', P: 0.5}, {Char: 'O', P: 0.3}, {Char: 'D', P: 0.2}}, 'O', 0.2, 'O'},
		{"no letter", []mrz.Candidate{{Char: '1', P: 1}}, 'I', 0, 0},
		{"empty", nil, 'A', 0, 0},
	}
	for _, tt := range tests {
		if got := rivalLetter(tt.cs, tt.c); got != tt.rival {
			t.Errorf("%s: rivalLetter = %v, want %v", tt.name, got, tt.rival)
		}
		if got := nameChoice(tt.cs); got != tt.choice {
			t.Errorf("%s: nameChoice = %q, want %q", tt.name, got, tt.choice)
		}
	}
}

// TestScoreNameDoubt: a valid, otherwise sure reading whose name letter is
// doubted scores at most an even chance and is ambiguous.
func TestScoreNameDoubt(t *testing.T) {
	a := &attempt{valid: true, prob: 1, minP: 0.81}
	if s, amb := score(a); s < acceptScore || amb {
		t.Fatalf("score %d ambiguous %v before the doubt; want >= %d, false", s, amb, acceptScore)
	}
	a.nameDoubt = true
	if s, amb := score(a); s > maxCutScore || !amb {
		t.Errorf("score %d ambiguous %v; want <= %d, true", s, amb, maxCutScore)
	}
}

// TestPreferred: between two valid readings of one format the higher score
// wins even against a higher rank; otherwise the rank decides.
func TestPreferred(t *testing.T) {
	sure := &attempt{valid: true, format: mrz.MRVA, prob: 1, minP: 0.77, meanLogP: -0.036}
	weak := &attempt{valid: true, format: mrz.MRVA, prob: 1, minP: 0.05, meanLogP: -0.020}
	if weak.rank() <= sure.rank() {
		t.Fatalf("test set-up: the weak reading must rank higher (%v, %v)", weak.rank(), sure.rank())
	}
	if !preferred(sure, weak) || preferred(weak, sure) {
		t.Errorf("valid, same format: the higher score must win")
	}
	other := &attempt{valid: true, format: mrz.TD3, prob: 1, minP: 0.05, meanLogP: -0.020}
	if preferred(sure, other) || !preferred(other, sure) {
		t.Errorf("different formats: the rank must decide")
	}
	invalid := &attempt{format: mrz.MRVA, meanLogP: -0.01}
	if !preferred(sure, invalid) || preferred(invalid, sure) {
		t.Errorf("a valid reading must beat an invalid one")
	}
	tie := &attempt{valid: true, format: mrz.MRVA, prob: 1, minP: 0.77, meanLogP: -0.010}
	if !preferred(tie, sure) {
		t.Errorf("equal scores: the higher rank must win")
	}
}
