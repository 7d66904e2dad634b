package idrecog

import (
	"context"
	"encoding/json"
	"errors"
	"image"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idrecog/idrecog/fields"
)

// callbackServer records the bodies POSTed to it; the first failFirst
// attempts are answered with 500.
type callbackServer struct {
	*httptest.Server
	failFirst int32
	attempts  atomic.Int32
	mu        sync.Mutex
	bodies    []map[string]any
	ids       []string // X-Transaction-Id headers
	got       chan struct{}
}

func newCallbackServer(t *testing.T, failFirst int32) *callbackServer {
	s := &callbackServer{failFirst: failFirst, got: make(chan struct{}, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.attempts.Add(1)
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("callback %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
		}
		if n <= s.failFirst {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("callback body is not JSON: %v: %s", err, b)
		}
		s.mu.Lock()
		s.bodies = append(s.bodies, m)
		s.ids = append(s.ids, r.Header.Get("X-Transaction-Id"))
		s.mu.Unlock()
		s.got <- struct{}{}
	}))
	t.Cleanup(s.Close)
	return s
}

func asyncOptions(stage MRZStage) Options {
	return Options{MRZ: stage, CallbackBackoff: time.Millisecond, CallbackTimeout: 5 * time.Second, CallbackAttempts: 4}
}

func TestCallbackDelivery(t *testing.T) {
	for _, failFirst := range []int32{0, 2} {
		srv := newCallbackServer(t, failFirst)
		r := newTest(t, asyncOptions(sides{front: utopiaTD3}))
		req := passportRequest()
		req.CallbackURL = srv.URL + "/cb"
		ack, err := r.Recognize(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Result != nil || ack.APIType != APIType || !regexp.MustCompile(`^[a-z0-9]{13}$`).MatchString(ack.TransactionID) {
			t.Fatalf("acknowledgement = %+v", ack)
		}
		ackJSON, _ := json.Marshal(ack)
		if string(ackJSON) != `{"apiType":"id_recognition","transactionId":"`+ack.TransactionID+`"}` {
			t.Errorf("acknowledgement JSON = %s", ackJSON)
		}
		select {
		case <-srv.got:
		case <-time.After(10 * time.Second):
			t.Fatal("no delivery")
		}
		r.Close()
		srv.mu.Lock()
		body, id := srv.bodies[0], srv.ids[0]
		srv.mu.Unlock()
		if body["transactionId"] != ack.TransactionID || id != ack.TransactionID {
			t.Errorf("delivered transactionId %v (header %q), acknowledged %q", body["transactionId"], id, ack.TransactionID)
		}
		res, _ := body["result"].(map[string]any)
		if res["document_type"] != "passport" {
			t.Errorf("delivered result = %v", body)
		}
		if got := srv.attempts.Load(); got != failFirst+1 {
			t.Errorf("%d attempts, want %d", got, failFirst+1)
		}
	}
}

func TestCallbackDeliversErrors(t *testing.T) {
	srv := newCallbackServer(t, 0)
	r := newTest(t, asyncOptions(sides{})) // no MRZ anywhere: 1009
	req := passportRequest()
	req.CallbackURL = srv.URL
	ack, err := r.Recognize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // waits for the delivery
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.bodies) != 1 {
		t.Fatalf("%d deliveries, want 1", len(srv.bodies))
	}
	b := srv.bodies[0]
	if b["errorCode"] != float64(1009) || b["transactionId"] != ack.TransactionID || b["message"] == "" {
		t.Errorf("delivered error = %v", b)
	}
}

func TestCallbackGivesUp(t *testing.T) {
	srv := newCallbackServer(t, 1000)
	var failed atomic.Value
	opt := asyncOptions(sides{front: utopiaTD3})
	opt.CallbackFailed = func(id string, err error) { failed.Store(id + ": " + err.Error()) }
	r := newTest(t, opt)
	req := passportRequest()
	req.CallbackURL = srv.URL
	ack, err := r.Recognize(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if got := srv.attempts.Load(); got != 4 {
		t.Errorf("%d attempts, want 4", got)
	}
	if f, _ := failed.Load().(string); f == "" || f[:13] != ack.TransactionID {
		t.Errorf("CallbackFailed got %q", f)
	}
}

// TestCloseWaits queues more asynchronous work than there are workers, with
// a slow stage, and checks that Close returns only after every result was
// delivered.
func TestCloseWaits(t *testing.T) {
	release := make(chan struct{})
	var started atomic.Int32
	stage := MRZStageFunc(func(ctx context.Context, img image.Image) (*fields.MRZReading, error) {
		started.Add(1)
		<-release
		return reading(utopiaTD3, 0.99), nil
	})
	r, err := New(Options{MRZ: stage, Workers: 2, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	delivered := map[string]bool{}
	const n = 5
	for i := 0; i < n; i++ {
		id, err := r.RecognizeAsync(context.Background(), passportRequest(), func(resp *Response, err error) {
			if err != nil {
				t.Errorf("async error: %v", err)
				return
			}
			mu.Lock()
			delivered[resp.TransactionID] = true
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		delivered[id] = false
		mu.Unlock()
	}
	time.Sleep(20 * time.Millisecond)
	if s := started.Load(); s > 2 {
		t.Errorf("%d stages running at once with 2 workers", s)
	}
	closed := make(chan struct{})
	go func() { r.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned while work was in flight")
	case <-time.After(20 * time.Millisecond):
	}
	if _, err := r.Recognize(context.Background(), passportRequest()); !errors.Is(err, ErrWorkspaceUnavailable) {
		t.Errorf("Recognize while closing: %v, want 1001", err)
	}
	close(release)
	<-closed
	mu.Lock()
	defer mu.Unlock()
	if len(delivered) != n {
		t.Fatalf("%d transaction ids, want %d", len(delivered), n)
	}
	for id, ok := range delivered {
		if !ok {
			t.Errorf("transaction %s not delivered before Close returned", id)
		}
	}
}

func TestAsyncEntryPoints(t *testing.T) {
	r := newTest(t, asyncOptions(sides{front: utopiaTD3}))
	_, err := r.RecognizeAsync(context.Background(), passportRequest(), nil)
	checkError(t, nil, err, 1010, "")
	resp, err := r.Submit(context.Background(), passportRequest())
	checkError(t, resp, err, 1010, "callbackUrl is required")
	// Validation errors come back at once, not through the callback.
	req := passportRequest()
	req.IDType = ""
	_, err = r.RecognizeAsync(context.Background(), req, func(*Response, error) { t.Error("callback called") })
	checkError(t, nil, err, 1014, "")
	// The work outlives the caller's context.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	_, err = r.RecognizeAsync(ctx, passportRequest(), func(_ *Response, err error) { done <- err })
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("async work failed after the caller's context ended: %v", err)
	}
}

func TestAsyncQueueFull(t *testing.T) {
	release := make(chan struct{})
	stage := MRZStageFunc(func(context.Context, image.Image) (*fields.MRZReading, error) {
		<-release
		return reading(utopiaTD3, 0.99), nil
	})
	r, err := New(Options{MRZ: stage, Workers: 1, MaxPending: 2, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer close(release)
	for i := 0; i < 2; i++ {
		if _, err := r.RecognizeAsync(context.Background(), passportRequest(), func(*Response, error) {}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = r.RecognizeAsync(context.Background(), passportRequest(), func(*Response, error) {})
	checkError(t, nil, err, 1003, "too many")
}

func TestTransactionID(t *testing.T) {
	seen := map[string]bool{}
	re := regexp.MustCompile(`^[a-z0-9]{13}$`)
	for i := 0; i < 1000; i++ {
		id := newTransactionID()
		if !re.MatchString(id) || seen[id] {
			t.Fatalf("transaction id %q (repeat %v)", id, seen[id])
		}
		seen[id] = true
	}
}
