package synth

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user+system CPU time. On a shared machine
// it measures the generator's cost better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGenerate measures whole documents (render, photograph, JPEG
// encode) per capture level, cycling through every type.
func BenchmarkGenerate(b *testing.B) {
	for _, level := range Levels {
		b.Run(string(level), func(b *testing.B) {
			g, err := NewGenerator(Options{Seed: 1, Level: level})
			if err != nil {
				b.Skip(err)
			}
			var bytes int64
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				d, err := g.Generate(i)
				if err != nil {
					b.Fatal(err)
				}
				bytes += int64(len(d.Front) + len(d.Back))
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			if cpu > 0 {
				b.ReportMetric(float64(b.N)/cpu.Seconds(), "docs/cpu-s")
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "B/doc")
		})
	}
}

// BenchmarkGenerateOther measures documents without an MRZ and the
// licences with one (DLTypes), per type and capture level:
// go test ./synth -run X -bench GenerateOther -benchtime 10x -cpu 1.
func BenchmarkGenerateOther(b *testing.B) {
	for _, typ := range append(append([]string(nil), OtherTypes...), DLTypes...) {
		for _, level := range Levels {
			b.Run(typ+"/"+string(level), func(b *testing.B) {
				g, err := NewGenerator(Options{Seed: 1, Level: level, Types: []string{typ}})
				if err != nil {
					b.Skip(err)
				}
				var bytes int64
				b.ResetTimer()
				cpu0 := cpuTime()
				for i := 0; i < b.N; i++ {
					d, err := g.Generate(i)
					if err != nil {
						b.Fatal(err)
					}
					bytes += int64(len(d.Front) + len(d.Back))
				}
				cpu := cpuTime() - cpu0
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
				if cpu > 0 {
					b.ReportMetric(float64(b.N)/cpu.Seconds(), "docs/cpu-s")
				}
				b.ReportMetric(float64(bytes)/float64(b.N), "B/doc")
			})
		}
	}
}
