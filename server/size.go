package server

import (
	"errors"
	"strconv"
	"strings"
)

// ParseSize reads a byte count for flags: "33554432", "32MB" (10^6),
// "32MiB" (2^20), likewise KB, KiB, GB, GiB and B; case and spaces before
// the unit do not matter. Zero, negative and overflowing sizes are errors.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, errors.New("server: bad size " + strconv.Quote(s))
	}
	return n * mult, nil
}
