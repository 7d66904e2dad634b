package server

import (
	"bytes"
	"context"
	"encoding/base64"

	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
)

// TestLoad is the load test of the README: a real listening server on
// loopback with the real recognizer (MRZ stage only: the visual zone's
// Tesseract would measure Tesseract), the bundled sample passport, and
// 1, 2, 8 and 32 concurrent clients, each level for IDRECOG_LOAD_SECONDS
// (default 5) and at most 2,000 requests. Only 200 and the deliberate 429
// of a full queue are allowed. It runs only with IDRECOG_LOAD=1:
//
//	IDRECOG_LOAD=1 go test ./server -run TestLoad -v
func TestLoad(t *testing.T) {
	if os.Getenv("IDRECOG_LOAD") == "" {
		t.Skip("set IDRECOG_LOAD=1 to run the load test")
	}
	secs := 5
	if v, err := strconv.Atoi(os.Getenv("IDRECOG_LOAD_SECONDS")); err == nil && v > 0 {
		secs = v
	}
	img, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "passport-front.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"idImage":"` + base64.StdEncoding.EncodeToString(img) + `","issuingCountry":"UTO","idType":"passport"}`)

	s, _ := newTestServer(t, Config{}, nil)
	rec, err := idrecog.New(idrecog.Options{MRZOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	s.SetRecognizer(rec)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, 5*time.Second) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	url := "http://" + ln.Addr().String() + RecognitionPath
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	t.Logf("| clients | requests | 200 | 429 | ok/s | p50 ms (200) | p95 ms (200) |")
	t.Logf("|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range []int{1, 2, 8, 32} {
		var (
			mu       sync.Mutex
			lat      []float64
			codes    = map[int]int{}
			wg       sync.WaitGroup
			deadline = time.Now().Add(time.Duration(secs) * time.Second)
			budget   = 2000
		)
		start := time.Now()
		for i := 0; i < c; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					mu.Lock()
					if budget == 0 {
						mu.Unlock()
						return
					}
					budget--
					mu.Unlock()
					req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
					req.Header.Set("x-api-key", testKey)
					req.Header.Set("Content-Type", "application/json")
					t0 := time.Now()
					resp, err := client.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					ms := float64(time.Since(t0).Microseconds()) / 1000
					mu.Lock()
					codes[resp.StatusCode]++
					if resp.StatusCode == http.StatusOK {
						lat = append(lat, ms)
					}
					mu.Unlock()
					if resp.StatusCode == http.StatusTooManyRequests {
						time.Sleep(20 * time.Millisecond) // a polite client backs off
					}
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start).Seconds()
		for code := range codes {
			if code != http.StatusOK && code != http.StatusTooManyRequests {
				t.Errorf("%d clients: %d responses with status %d", c, codes[code], code)
			}
		}
		if codes[http.StatusOK] == 0 {
			t.Errorf("%d clients: no request succeeded", c)
			continue
		}
		sort.Float64s(lat)
		total := 0
		for _, n := range codes {
			total += n
		}
		t.Logf("| %d | %d | %d | %d | %.1f | %.0f | %.0f |", c, total, codes[http.StatusOK], codes[http.StatusTooManyRequests],
			float64(codes[http.StatusOK])/elapsed, pct(lat, 0.5), pct(lat, 0.95))
	}
}

func pct(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}
