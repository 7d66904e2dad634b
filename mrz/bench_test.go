package mrz

import "testing"

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
