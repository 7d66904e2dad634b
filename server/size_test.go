package server

import "testing"

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64 // 0: error
	}{
		{"33554432", 33554432},
		{"32MiB", 32 << 20},
		{"32mib", 32 << 20},
		{"32 MB", 32_000_000},
		{"1KiB", 1024},
		{"2kb", 2000},
		{"1GiB", 1 << 30},
		{"512B", 512},
		{"", 0},
		{"MB", 0},
		{"0", 0},
		{"-5MB", 0},
		{"1.5MB", 0},
		{"12Q", 0},
		{"99999999999GiB", 0},
	} {
		got, err := ParseSize(tc.in)
		if tc.want == 0 {
			if err == nil {
				t.Errorf("ParseSize(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}
