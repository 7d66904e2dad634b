package fields

import "testing"

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"ABC", "", 3}, {"", "AB", 2}, {"KITTEN", "SITTING", 3},
		{"P<UTO", "P<UT0", 1}, {"ABCD", "ABD", 1}, {"ÄB", "AB", 1},
		{"OBERG", "OEBERG", 1}, {"L898902C3", "L898902C8", 1},
	} {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
