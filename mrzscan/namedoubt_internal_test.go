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
		{"letter rival", []mrz.Candidate{{'H', 0.81}, {'N', 0.18}, {'M', 0.01}}, 'H', 0.18, 'H'},
		{"digit rival ignored", []mrz.Candidate{{'S', 0.87}, {'8', 0.12}, {'B', 0.01}}, 'S', 0.01, 'S'},
		{"filler rival", []mrz.Candidate{{'E', 0.7}, {'<', 0.3}}, 'E', 0.3, 'E'},
		{"digit first", []mrz.Candidate{{'0', 0.5}, {'O', 0.3}, {'D', 0.2}}, 'O', 0.2, 'O'},
		{"no letter", []mrz.Candidate{{'1', 1}}, 'I', 0, 0},
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
