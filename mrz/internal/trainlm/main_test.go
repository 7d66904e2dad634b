package main

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

// TestReproducible retrains the model from the installed word lists and
// compares it with the committed mrz/namelm.bin byte for byte. It skips
// when a list is not installed (CI installs none) and under -short.
func TestReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("retraining takes seconds")
	}
	model, _, err := train("/usr/share/dict")
	if errors.Is(err, errMissing) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../namelm.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(model, want) {
		t.Fatal("retrained model differs from mrz/namelm.bin: run go run ./mrz/internal/trainlm and commit the file with the lists it names")
	}
}

func TestAddWord(t *testing.T) {
	var c counts
	addWord(&c, "AB")
	for _, tc := range []struct {
		a, b, x int
	}{{0, 0, sym('A')}, {0, sym('A'), sym('B')}, {sym('A'), sym('B'), 0}} {
		if c[tc.a][tc.b][tc.x] != 1 {
			t.Errorf("count of (%d,%d,%d) = %v, want 1", tc.a, tc.b, tc.x, c[tc.a][tc.b][tc.x])
		}
	}
}

func TestDecodeLine(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte("Ångström"), "Ångström"},
		{[]byte("b\xf8r"), "bør"}, // Latin-1
		{[]byte("Aaron's"), ""},
		{[]byte("A-aksjen"), "A-aksjen"},
		{[]byte("x2"), ""},
	} {
		if got := decodeLine(tc.in); got != tc.want {
			t.Errorf("decodeLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzWord checks that no line of a word list, however malformed, makes
// the counting fail.
func FuzzWord(f *testing.F) {
	for _, s := range []string{"Ångström", "b\xf8r", "Aaron's", "A-aksjen", "Щука", "--", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var c counts
		for _, w := range strings.Split(mrz.Transliterate(decodeLine(line)), "<") {
			addWord(&c, w)
		}
	})
}
