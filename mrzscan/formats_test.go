package mrzscan

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/idrecog/idrecog/mrz"
)

func TestSetOf(t *testing.T) {
	tests := []struct {
		in      []mrz.Format
		has     []mrz.Format
		hasNot  []mrz.Format
		wantErr bool
	}{
		{nil, []mrz.Format{mrz.TD1, mrz.TD2, mrz.TD3, mrz.MRVA, mrz.MRVB, mrz.FrenchID}, []mrz.Format{mrz.FrenchDL, mrz.SwissDL, mrz.FormatUnknown}, false},
		{[]mrz.Format{mrz.FrenchDL}, []mrz.Format{mrz.FrenchDL}, []mrz.Format{mrz.TD1, mrz.SwissDL}, false},
		{[]mrz.Format{mrz.SwissDL, mrz.TD3}, []mrz.Format{mrz.SwissDL, mrz.TD3}, []mrz.Format{mrz.TD1, mrz.FrenchDL}, false},
		{[]mrz.Format{mrz.FormatUnknown}, nil, nil, true},
		{[]mrz.Format{mrz.TD1, 99}, nil, nil, true},
		{[]mrz.Format{-1}, nil, nil, true},
	}
	for _, tc := range tests {
		s, err := setOf(tc.in...)
		if (err != nil) != tc.wantErr {
			t.Errorf("setOf(%v): err %v, want error %v", tc.in, err, tc.wantErr)
			continue
		}
		for _, f := range tc.has {
			if !s.has(f) {
				t.Errorf("setOf(%v) lacks %v", tc.in, f)
			}
		}
		for _, f := range tc.hasNot {
			if s.has(f) {
				t.Errorf("setOf(%v) has %v", tc.in, f)
			}
		}
	}
	if s, _ := setOf(); s != readFormats {
		t.Errorf("setOf() = %b, want readFormats %b", s, readFormats)
	}
}

// TestReadFormats checks that ReadFormats with a document's own format reads
// what Read reads, that a format the document does not have finds nothing
// of it, and that an unknown format is an error.
func TestReadFormats(t *testing.T) {
	cases := devSet(t)
	r := newTestReader(t)
	defer r.Close()
	ctx := context.Background()
	if _, err := r.ReadFormats(ctx, cases[0].img, mrz.FormatUnknown); err == nil || errors.Is(err, ErrNoMRZ) {
		t.Errorf("ReadFormats(FormatUnknown): err %v, want a format error", err)
	}
	for _, c := range cases[:min(3, len(cases))] {
		want, err := r.Read(ctx, c.img)
		if err != nil {
			t.Fatalf("%s: Read: %v", c.File, err)
		}
		got, err := r.ReadFormats(ctx, c.img, want.Format)
		if err != nil {
			t.Fatalf("%s: ReadFormats(%v): %v", c.File, want.Format, err)
		}
		if !slices.Equal(got.Lines, want.Lines) || got.Score != want.Score || got.Format != want.Format {
			t.Errorf("%s: ReadFormats(%v) = %q score %d, Read = %q score %d", c.File, want.Format, got.Lines, got.Score, want.Lines, want.Score)
		}
		if got, err := r.ReadFormats(ctx, c.img); err != nil || !slices.Equal(got.Lines, want.Lines) {
			t.Errorf("%s: ReadFormats() = %v, %v; want Read's %q", c.File, got, err, want.Lines)
		}
		// Another shape only: the document's MRZ must not be read as it.
		other := mrz.TD1
		if want.Format == mrz.TD1 {
			other = mrz.TD3
		}
		if got, err := r.ReadFormats(ctx, c.img, other); err == nil && got.Format != other {
			t.Errorf("%s: ReadFormats(%v) read format %v", c.File, other, got.Format)
		} else if err == nil && got.Score >= acceptScore {
			t.Errorf("%s: ReadFormats(%v) read %q at score %d", c.File, other, got.Lines, got.Score)
		}
	}
}
