package mrzscan

import (
	"context"
	"image"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"
)

// BenchmarkRead reads every dev image (upright and rotated by 7°) per
// iteration; run it with GOMAXPROCS=1 OMP_THREAD_LIMIT=1.
func BenchmarkRead(b *testing.B) {
	cases := devSet(b)
	r := newTestReader(b)
	defer r.Close()
	var imgs []image.Image
	for _, c := range cases {
		imgs = append(imgs, c.img, rotateImage(c.img, 7))
	}
	ctx := context.Background()
	var times, cpu []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, img := range imgs {
			t0 := time.Now()
			c0 := cpuTime()
			if _, err := r.Read(ctx, img); err != nil {
				b.Log(err)
			}
			times = append(times, time.Since(t0))
			cpu = append(cpu, cpuTime()-c0)
		}
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms/img")
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "median-cpu-ms/img")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
}

// cpuTime returns the process's user+system CPU time (all threads, OpenCV's
// included), which the shared machine's load does not inflate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
