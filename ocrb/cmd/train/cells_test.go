package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadCells(t *testing.T) {
	cell := func(label byte, w, h int) []byte {
		b := []byte{label, byte(w), byte(w >> 8), byte(h), byte(h >> 8)}
		for i := 0; i < w*h; i++ {
			b = append(b, byte(i*37))
		}
		return b
	}
	good := append([]byte("OCRC"), cell('A', 10, 16)...)
	good = append(good, cell('<', 3, 5)...)
	for _, tc := range []struct {
		name  string
		data  []byte
		n     int
		label []uint8
	}{
		{"two cells", good, 2, []uint8{10, 36}},
		{"no magic", good[4:], -1, nil},
		{"empty", []byte("OCRC"), -1, nil},
		{"truncated", good[:len(good)-1], -1, nil},
		{"bad label", append([]byte("OCRC"), cell('a', 4, 4)...), -1, nil},
		{"zero width", append([]byte("OCRC"), cell('A', 0, 4)...), -1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "c.bin")
			if err := os.WriteFile(name, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			xs, ys, err := loadCells([]string{name}, 14, 22)
			if tc.n < 0 {
				if err == nil {
					t.Fatalf("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ys) != tc.n || len(xs) != tc.n*14*22 {
				t.Fatalf("got %d labels, %d inputs", len(ys), len(xs))
			}
			for i, y := range tc.label {
				if ys[i] != y {
					t.Errorf("label %d = %d, want %d", i, ys[i], y)
				}
			}
		})
	}
}

func FuzzLoadCells(f *testing.F) {
	f.Add([]byte("OCRCA\x02\x00\x02\x00abcd"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		name := filepath.Join(t.TempDir(), "c.bin")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		xs, ys, err := loadCells([]string{name}, 14, 22)
		if err == nil && len(xs) != len(ys)*14*22 {
			t.Fatalf("%d inputs for %d labels", len(xs), len(ys))
		}
	})
}
