package mrz

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func BenchmarkParseTD3(b *testing.B) {
	lines := specimens[0].lines
	b.SetBytes(88)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Parse(lines, refNow)
		if err != nil || !r.Valid {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTD1(b *testing.B) {
	lines := specimens[1].lines
	b.SetBytes(90)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(lines, refNow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseTD3Repair(b *testing.B) {
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<K<<<<<<<<<<<<<<", "L8989O2C36UTO74O8122F1204159ZE184226B<<<<<10"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(lines, refNow); err != nil {
			b.Fatal(err)
		}
	}
}

func loadBatch(b *testing.B) [][]string {
	data, err := os.ReadFile("/tmp/a_mrz200k.txt")
	if err != nil {
		b.Skip("no batch file")
	}
	var out [][]string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		out = append(out, strings.Split(l, "|"))
		if len(out) == 20000 {
			break
		}
	}
	return out
}

func BenchmarkParseJSONBatch(b *testing.B) {
	batch := loadBatch(b)
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lines := batch[i%len(batch)]
		r, err := Parse(lines, nil)
		buf = AppendJSON(buf[:0], lines, r, err)
	}
}

func benchDecode(b *testing.B, idx int, f Format, corrupt []pos) {
	lines := specimens[idx].lines
	c := certain(lines)
	for _, p := range corrupt {
		truth := lines[p.line][p.col]
		c[p.line][p.col] = []Candidate{{confusion[truth], 0.5}, {truth, 0.3}, {'<', 0.1}, {'X', 0.05}, {'4', 0.05}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, err := Decode(f, c)
		if err != nil || !slices.Equal(d.Lines, lines) {
			b.Fatal(err, d.Lines)
		}
	}
}

func BenchmarkDecodeTD3(b *testing.B) {
	benchDecode(b, 0, TD3, []pos{{1, 2}, {1, 15}, {1, 23}, {1, 31}, {1, 43}})
}

func BenchmarkDecodeTD1(b *testing.B) {
	benchDecode(b, 1, TD1, []pos{{0, 6}, {1, 2}, {1, 10}})
}

func BenchmarkParserTD3(b *testing.B) {
	lines := specimens[0].lines
	p := &Parser{Options: *refNow}
	b.SetBytes(88)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := p.Parse(lines)
		if err != nil || !r.Valid {
			b.Fatal(err)
		}
	}
}
