package mrz

import "testing"

func TestInName(t *testing.T) {
	tests := []struct {
		f         Format
		line, col int
		want      bool
	}{
		{TD3, 0, 4, false},
		{TD3, 0, 5, true},
		{TD3, 0, 43, true},
		{TD3, 1, 5, false},
		{MRVA, 0, 14, true},
		{MRVB, 0, 35, true},
		{TD2, 0, 36, false},
		{TD1, 2, 0, true},
		{TD1, 0, 5, false},
		{FrenchID, 0, 5, true},
		{FrenchID, 0, 30, false},
		{FrenchID, 1, 13, true},
		{FrenchID, 1, 12, false},
		{FormatUnknown, 0, 5, false},
		{Format(99), 0, 5, false},
		{TD3, -1, -1, false},
	}
	for _, tt := range tests {
		if got := InName(tt.f, tt.line, tt.col); got != tt.want {
			t.Errorf("InName(%v, %d, %d) = %v, want %v", tt.f, tt.line, tt.col, got, tt.want)
		}
	}
}
