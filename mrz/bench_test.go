package mrz

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func BenchmarkParseTD3(b *testing.B) {
	lines := specimens[0].lines
	b.SetBytes(88)
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		r, err := Parse(lines, refNow)
		if err != nil || !r.Valid {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

func BenchmarkParseTD1(b *testing.B) {
	lines := specimens[1].lines
	b.SetBytes(90)
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(lines, refNow); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

func BenchmarkParseTD3Repair(b *testing.B) {
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<K<<<<<<<<<<<<<<", "L8989O2C36UTO74O8122F1204159ZE184226B<<<<<10"}
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(lines, refNow); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// genBatch builds n random valid MRZs in the formats' usual mix.
func genBatch(n int) [][]string {
	rng := rand.New(rand.NewPCG(3, 4))
	formats := []Format{TD3, TD3, TD3, TD1, TD1, TD2, MRVA, MRVB, FrenchID, SwissDL, FrenchDL}
	out := make([][]string, n)
	for i := range out {
		f := formats[rng.IntN(len(formats))]
		lines, err := Build(f, randIdentity(rng, f, refNow.Now))
		if err != nil {
			panic(err)
		}
		out[i] = lines
	}
	return out
}

// BenchmarkParseJSONBatch is the CLI's per-MRZ work: Parser.Parse plus
// AppendJSON over a mix of formats.
func BenchmarkParseJSONBatch(b *testing.B) {
	batch := genBatch(20000)
	p := &Parser{Options: *refNow}
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	start := processCPU()
	for i := 0; i < b.N; i++ {
		lines := batch[i%len(batch)]
		r, err := p.Parse(lines)
		buf = AppendJSON(buf[:0], lines, r, err)
	}
	reportCPU(b, start)
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
	start := processCPU()
	for i := 0; i < b.N; i++ {
		d, err := Decode(f, c)
		if err != nil || !slices.Equal(d.Lines, lines) {
			b.Fatal(err, d.Lines)
		}
	}
	reportCPU(b, start)
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
	start := processCPU()
	for i := 0; i < b.N; i++ {
		r, err := p.Parse(lines)
		if err != nil || !r.Valid {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkDecodeFrenchID decodes a French card, whose composite covers
// the names (the name automaton runs inside the check-digit programme),
// with three doubtful name cells.
func BenchmarkDecodeFrenchID(b *testing.B) {
	benchDecode(b, 8, FrenchID, []pos{{1, 2}, {0, 7}, {1, 15}})
}
