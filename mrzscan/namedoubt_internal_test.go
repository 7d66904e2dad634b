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
