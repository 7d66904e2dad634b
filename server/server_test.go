package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/idrecog/idrecog"
)

// fakeRecognizer stands in for *idrecog.Recognizer. It checks the request
// like the real one does for the first missing field, then either returns
// err, blocks until release is closed, or returns resp.
type fakeRecognizer struct {
	resp    *idrecog.Response
	err     error
	entered chan struct{} // receives once per call, if not nil
	release chan struct{} // if not nil, Recognize waits for it (or ctx)
	panics  bool

	mu   sync.Mutex
	reqs []idrecog.Request
}

func (f *fakeRecognizer) Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	if f.entered != nil {
		f.entered <- struct{}{}
	}
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.panics {
		panic("recognizer bug with " + req.IDImage)
	}
	if req.IDImage == "" {
		return nil, idrecog.NewError(idrecog.CodeIDImageRequired, "")
	}
	if f.err != nil {
		return nil, f.err
	}
	if f.resp != nil {
		return f.resp, nil
	}
	return &idrecog.Response{APIType: "id_recognition", TransactionID: "faketx0000001"}, nil
}

func (f *fakeRecognizer) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

const testKey = "k-3f9a0c1e-test"

func newTestServer(t *testing.T, cfg Config, rec Recognizer) (*Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(&syncWriter{w: &logs}, nil))
	}
	if cfg.APIKeys == nil && !cfg.NoAuth {
		cfg.APIKeys = []string{"other-key", testKey}
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rec != nil {
		s.SetRecognizer(rec)
	}
	return s, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

const validBody = `{"idImage":"aGVsbG8=","issuingCountry":"UTO","idType":"passport"}`

func post(t *testing.T, h http.Handler, key, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, RecognitionPath, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if key != "" {
		r.Header.Set("x-api-key", key)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// errorBody decodes a JSON error body and fails unless it has exactly the
// contract's two keys.
func errorBody(t *testing.T, w *httptest.ResponseRecorder) (int, string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("error body %q is not JSON: %v", w.Body.String(), err)
	}
	if len(m) != 2 {
		t.Errorf("error body %s: want exactly errorCode and message", w.Body.String())
	}
	code, _ := m["errorCode"].(float64)
	msg, _ := m["message"].(string)
	return int(code), msg
}

func TestNewRefusesNoKeys(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Fatal("New without keys and without NoAuth succeeded")
	}
	if _, err := New(Config{APIKeys: []string{" ", ""}}); err == nil {
		t.Fatal("New with only blank keys succeeded")
	}
	if _, err := New(Config{NoAuth: true, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatalf("New with NoAuth: %v", err)
	}
}

func TestAuth(t *testing.T) {
	rec := &fakeRecognizer{}
	s, _ := newTestServer(t, Config{}, rec)
	for _, tc := range []struct {
		name, key  string
		wantStatus int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong", "k-3f9a0c1e-tesT", http.StatusUnauthorized},
		{"prefix", "k-3f9a0c1e", http.StatusUnauthorized},
		{"longer", testKey + "x", http.StatusUnauthorized},
		{"right", testKey, http.StatusOK},
		{"other right", "other-key", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := rec.calls()
			w := post(t, s, tc.key, validBody)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.wantStatus, w.Body)
			}
			if tc.wantStatus == http.StatusUnauthorized {
				if code, _ := errorBody(t, w); code != http.StatusUnauthorized {
					t.Errorf("errorCode %d, want 401", code)
				}
				if rec.calls() != before {
					t.Error("unauthorised request reached the recognizer")
				}
			}
		})
	}
}

func TestMetricsAuth(t *testing.T) {
	for _, protect := range []bool{false, true} {
		s, _ := newTestServer(t, Config{MetricsAuth: protect}, &fakeRecognizer{})
		for _, key := range []string{"", testKey} {
			r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			if key != "" {
				r.Header.Set("x-api-key", key)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			want := http.StatusOK
			if protect && key == "" {
				want = http.StatusUnauthorized
			}
			if w.Code != want {
				t.Errorf("MetricsAuth=%v key=%q: status %d, want %d", protect, key, w.Code, want)
			}
		}
		for _, probe := range []string{"/healthz", "/readyz"} {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, probe, nil))
			if w.Code != http.StatusOK {
				t.Errorf("MetricsAuth=%v: %s without key: %d", protect, probe, w.Code)
			}
		}
	}
}

func TestNoAuth(t *testing.T) {
	s, _ := newTestServer(t, Config{NoAuth: true}, &fakeRecognizer{})
	if w := post(t, s, "", validBody); w.Code != http.StatusOK {
		t.Fatalf("NoAuth: status %d; body %s", w.Code, w.Body)
	}
}

func TestLoadAPIKeys(t *testing.T) {
	path := t.TempDir() + "/keys"
	if err := writeFile(path, "# comment\nalpha\n\n  beta  \n"); err != nil {
		t.Fatal(err)
	}
	keys, err := LoadAPIKeys(path, "gamma, ,delta")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(keys, "|"), "alpha|beta|gamma|delta"; got != want {
		t.Errorf("keys %q, want %q", got, want)
	}
	if _, err := LoadAPIKeys(path+".missing", ""); err == nil {
		t.Error("missing key file: no error")
	}
}

func TestBodyTooLarge(t *testing.T) {
	rec := &fakeRecognizer{}
	s, _ := newTestServer(t, Config{MaxBodyBytes: 1000}, rec)
	big := `{"idImage":"` + strings.Repeat("A", 2000) + `","issuingCountry":"UTO","idType":"passport"}`
	w := post(t, s, testKey, big)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413; body %s", w.Code, w.Body)
	}
	if code, msg := errorBody(t, w); code != 413 || !strings.Contains(msg, "1000") {
		t.Errorf("error %d %q", code, msg)
	}
	if rec.calls() != 0 {
		t.Error("oversized request reached the recognizer")
	}
	if w := post(t, s, testKey, validBody); w.Code != http.StatusOK {
		t.Errorf("small body: status %d", w.Code)
	}
}

func TestContractErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rec        *fakeRecognizer
		body       string
		wantStatus int
		wantCode   int
		wantMsg    string // prefix
	}{
		{"no image", &fakeRecognizer{}, `{"issuingCountry":"UTO","idType":"passport"}`, 400, 1005, "idImage is required"},
		{"empty body", &fakeRecognizer{}, ``, 400, 1015, "invalid inputs : missing fields"},
		{"empty object", &fakeRecognizer{}, `{}`, 400, 1005, "idImage is required"},
		{"not json", &fakeRecognizer{}, `idImage=abc`, 400, 1015, "invalid inputs : missing fields"},
		{"json array", &fakeRecognizer{}, `[1,2]`, 400, 1015, "invalid inputs : missing fields"},
		{"wrong type", &fakeRecognizer{}, `{"idImage":42}`, 400, 1015, "invalid inputs : missing fields: request key \"idImage\""},
		{"trailing", &fakeRecognizer{}, validBody + `{}`, 400, 1015, "invalid inputs : missing fields"},
		{"recognizer contract error", &fakeRecognizer{err: idrecog.NewError(idrecog.CodeInvalidImage, "bad")}, validBody, 400, 1013, "Invalid image format: bad"},
		{"wrapped contract error", &fakeRecognizer{err: errWrap(idrecog.NewError(idrecog.CodeRecognizeFailed, ""))}, validBody, 400, 1011, "Fail to recognize idCard"},
		{"plain error", &fakeRecognizer{err: errors.New("secret detail SMITH")}, validBody, 400, 1003, "Fail to process data"},
		{"panic", &fakeRecognizer{panics: true}, validBody, 400, 1003, "Fail to process data"},
		{"bad callback", &fakeRecognizer{}, `{"idImage":"aGVsbG8=","callbackUrl":"::not a url"}`, 400, 1015, "invalid inputs"},
		{"relative callback", &fakeRecognizer{}, `{"idImage":"aGVsbG8=","callbackUrl":"/cb"}`, 400, 1015, "invalid inputs"},
		{"refused callback", &fakeRecognizer{}, `{"idImage":"aGVsbG8=","callbackUrl":"http://169.254.169.254/latest"}`, 400, 1015, "invalid inputs : missing fields: callbackUrl not allowed: link-local address 169.254.169.254"},
		{"ftp callback", &fakeRecognizer{}, `{"idImage":"aGVsbG8=","callbackUrl":"ftp://example.com/x"}`, 400, 1015, "invalid inputs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestServer(t, Config{}, tc.rec)
			w := post(t, s, testKey, tc.body)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", w.Code, tc.wantStatus, w.Body)
			}
			code, msg := errorBody(t, w)
			if code != tc.wantCode || !strings.HasPrefix(msg, tc.wantMsg) {
				t.Errorf("got %d %q, want %d %q...", code, msg, tc.wantCode, tc.wantMsg)
			}
			if strings.Contains(msg, "SMITH") {
				t.Errorf("internal error detail leaked: %q", msg)
			}
		})
	}
}

type wrapped struct{ err error }

func (w wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }
func errWrap(err error) error   { return wrapped{err} }

func TestMethodAndRoutes(t *testing.T) {
	s, _ := newTestServer(t, Config{}, &fakeRecognizer{})
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, RecognitionPath, http.StatusMethodNotAllowed},
		{http.MethodGet, "/nope", http.StatusNotFound},
	} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.want {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, w.Code, tc.want)
		}
		if code, _ := errorBody(t, w); code != tc.want {
			t.Errorf("%s %s: errorCode %d", tc.method, tc.path, code)
		}
	}
}

func TestSuccessStripsDiagnostics(t *testing.T) {
	resp := &idrecog.Response{APIType: "id_recognition", TransactionID: "abc",
		Diagnostics: &idrecog.Diagnostics{TimingsMS: map[string]float64{"mrz": 12, "bad label!": 1}}}
	for _, keep := range []bool{false, true} {
		s, _ := newTestServer(t, Config{Diagnostics: keep}, &fakeRecognizer{resp: resp})
		w := post(t, s, testKey, validBody)
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if _, has := m["diagnostics"]; has != keep {
			t.Errorf("Diagnostics=%v: diagnostics present=%v", keep, has)
		}
		if m["transactionId"] != "abc" {
			t.Errorf("transactionId %v", m["transactionId"])
		}
		metrics := scrape(t, s)
		if !strings.Contains(metrics, `stage="recognizer_mrz"`) {
			t.Error("recognizer stage timing not in metrics")
		}
		if strings.Contains(metrics, "bad label") {
			t.Error("unsafe stage name became a label")
		}
	}
	if resp.Diagnostics == nil {
		t.Error("server modified the recognizer's response")
	}
}

func TestDeadline(t *testing.T) {
	rec := &fakeRecognizer{release: make(chan struct{})}
	s, _ := newTestServer(t, Config{Timeout: 50 * time.Millisecond}, rec)
	w := post(t, s, testKey, validBody)
	if code, msg := errorBody(t, w); w.Code != 400 || code != 1003 || !strings.Contains(msg, "deadline") {
		t.Errorf("got %d %d %q, want 400 1003 deadline", w.Code, code, msg)
	}
}

func TestNotReady(t *testing.T) {
	s, _ := newTestServer(t, Config{}, nil)
	get := func(path string) int {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Code
	}
	if c := get("/healthz"); c != 200 {
		t.Errorf("/healthz while loading: %d", c)
	}
	if c := get("/readyz"); c != 503 {
		t.Errorf("/readyz while loading: %d, want 503", c)
	}
	w := post(t, s, testKey, validBody)
	if code, _ := errorBody(t, w); w.Code != 400 || code != 1001 {
		t.Errorf("request while loading: %d %d, want 400 1001", w.Code, code)
	}
	s.SetRecognizer(&fakeRecognizer{})
	if c := get("/readyz"); c != 200 {
		t.Errorf("/readyz when loaded: %d", c)
	}
	if w := post(t, s, testKey, validBody); w.Code != 200 {
		t.Errorf("request when loaded: %d", w.Code)
	}
	s.draining.Store(true)
	if c := get("/readyz"); c != 503 {
		t.Errorf("/readyz while draining: %d, want 503", c)
	}
}

// TestQueueFull fills the single worker slot and the single queue place
// with blocked requests; the next one must get 429 at once.
func TestQueueFull(t *testing.T) {
	rec := &fakeRecognizer{entered: make(chan struct{}, 4), release: make(chan struct{})}
	s, _ := newTestServer(t, Config{MaxConcurrent: 1, MaxQueue: 1}, rec)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = post(t, s, testKey, validBody).Code
		}()
		if i == 0 {
			<-rec.entered // first one holds the slot
		}
	}
	waitFor(t, func() bool { return s.waiting.Load() == 1 })
	if m := scrape(t, s); !strings.Contains(m, "idrecog_queue_depth 1") {
		t.Error("queue depth gauge is not 1 with one request queued")
	}
	w := post(t, s, testKey, validBody)
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("third request: status %d, want 429", w.Code)
	}
	if code, _ := errorBody(t, w); code != 429 {
		t.Errorf("errorCode %d", code)
	}
	if w.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After on 429")
	}
	close(rec.release)
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 {
		t.Errorf("held requests finished with %v, want 200 200", codes)
	}
	if m := scrape(t, s); !strings.Contains(m, "idrecog_queue_depth 0") {
		t.Error("queue depth gauge not back to 0")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func scrape(t *testing.T, s *Server) string {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != 200 {
		t.Fatalf("/metrics: %d", w.Code)
	}
	return w.Body.String()
}

func TestMetrics(t *testing.T) {
	s, _ := newTestServer(t, Config{}, &fakeRecognizer{})
	post(t, s, testKey, validBody)
	post(t, s, "", validBody)
	post(t, s, testKey, `{"issuingCountry":"UTO"}`)
	m := scrape(t, s)
	for _, want := range []string{
		`idrecog_http_requests_total{code="200",error_code="0"} 1`,
		`idrecog_http_requests_total{code="401",error_code="401"} 1`,
		`idrecog_http_requests_total{code="400",error_code="1005"} 1`,
		`idrecog_stage_duration_seconds_bucket{stage="recognize",le="+Inf"} 2`,
		`idrecog_stage_duration_seconds_count{stage="total"} 3`,
		`idrecog_stage_duration_seconds_count{stage="decode"}`,
		"idrecog_queue_depth 0",
		"idrecog_in_flight_requests 0",
		`idrecog_callback_deliveries_total{outcome="transport_error"} 0`,
		"idrecog_callback_refused_total 0",
		"go_goroutines",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestAsyncAcknowledged: with an allowed callbackUrl the request reaches the
// recognizer with the URL and its acknowledgement is returned.
func TestAsyncAcknowledged(t *testing.T) {
	pol, err := NewCallbackPolicy("hooks.example.test, 10.20.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	rec := &fakeRecognizer{resp: &idrecog.Response{APIType: "id_recognition", TransactionID: "acktx"}}
	s, logs := newTestServer(t, Config{Callbacks: pol}, rec)
	for _, cb := range []string{"https://hooks.example.test/cb?token=1", "http://10.20.3.4:8080/cb"} {
		w := post(t, s, testKey, `{"idImage":"aGVsbG8=","issuingCountry":"UTO","idType":"passport","callbackUrl":"`+cb+`"}`)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"acktx"`) {
			t.Fatalf("%s: %d %s", cb, w.Code, w.Body)
		}
		if got := rec.reqs[len(rec.reqs)-1].CallbackURL; got != cb {
			t.Errorf("recognizer got callbackUrl %q", got)
		}
	}
	w := post(t, s, testKey, `{"idImage":"aGVsbG8=","callbackUrl":"http://10.21.0.1/"}`)
	if code, _ := errorBody(t, w); code != 1015 {
		t.Errorf("callback outside the allow list: errorCode %d", code)
	}
	if len(rec.reqs) != 2 {
		t.Errorf("refused callback reached the recognizer")
	}
	if strings.Contains(logs.String(), "token=1") {
		t.Error("callback URL query logged")
	}
	if m := scrape(t, s); !strings.Contains(m, "idrecog_callback_refused_total 1") {
		t.Error("refusal not counted")
	}
}

// TestGracefulShutdown: cancelling Serve's context while a request is being
// recognised lets it finish and be answered before Serve returns.
func TestGracefulShutdown(t *testing.T) {
	rec := &fakeRecognizer{entered: make(chan struct{}, 1), release: make(chan struct{})}
	s, _ := newTestServer(t, Config{}, rec)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 5*time.Second) }()

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+RecognitionPath, strings.NewReader(validBody))
		req.Header.Set("x-api-key", testKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-rec.entered
	cancel()
	waitFor(t, func() bool { return !s.Ready() })
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(rec.release)
	r := <-got
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, "faketx0000001") {
		t.Fatalf("in-flight request: %+v", r)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("listener still accepting after shutdown")
	}
}

// TestLogPrivacy sends a full request and checks that the log lines carry
// the operational facts and none of the document's data.
func TestLogPrivacy(t *testing.T) {
	yes := true
	coords := &idrecog.Coordinates{First: idrecog.Corner{X: 1, Y: 2}}
	resp := &idrecog.Response{
		APIType: "id_recognition", TransactionID: "privtx7q2m9zk",
		Result: &idrecog.Result{
			DocumentType: "passport", ReviewFront: true,
			Data: idrecog.Data{
				Raw: idrecog.Raw{Rotate: "0", Fields: map[string]idrecog.RawField{
					"surname":     {Value: "QUIXOTEVA", Score: 97, Accepted: &yes, Coordinates: coords},
					"given_names": {Value: "ZENOBIA MARISOL", Score: 95},
					"number":      {Value: "X7Q4K2P91", Score: 99, Accepted: &yes},
					"birth_date":  {Value: "1983-07-19", Score: 99, Accepted: &yes},
					"expiry_date": {Value: "2031-02-28", Score: 99, Accepted: &yes},
				}},
				OCR: idrecog.OCR{
					FullName: "ZENOBIA MARISOL QUIXOTEVA", FirstName: "ZENOBIA", MiddleName: "MARISOL",
					LastName: "QUIXOTEVA", Gender: "F", Nationality: "UTO", BirthDate: "1983-07-19",
					ExpireDate: "2031-02-28", Number: "X7Q4K2P91", IdentityNumber: "ZE5518230",
					MRZLine1: "P<UTOQUIXOTEVA<<ZENOBIA<MARISOL<<<<<<<<<<<<<",
					MRZLine2: "X7Q4K2P913UTO8307198F3102285ZE5518230<<<<<02",
				},
			},
		},
		Diagnostics: &idrecog.Diagnostics{ReviewReasons: []string{"surname QUIXOTEVA low score"}},
	}
	image := []byte("\xff\xd8\xff\xe0 JPEG-LIKE PAYLOAD 0123456789 \xff\xd9")
	imgB64 := base64.StdEncoding.EncodeToString(image)
	body := `{"idImage":"` + imgB64 + `","idBackImage":"` + imgB64 + `","issuingCountry":"UTO","idType":"passport"}`

	for _, diag := range []bool{false, true} {
		s, logs := newTestServer(t, Config{Diagnostics: diag}, &fakeRecognizer{resp: resp})
		if w := post(t, s, testKey, body); w.Code != 200 || !strings.Contains(w.Body.String(), "QUIXOTEVA") {
			t.Fatalf("status %d, body %s", w.Code, w.Body)
		}
		// A failing request too: its detail must not be logged either.
		s.SetRecognizer(&fakeRecognizer{err: errors.New("cannot read X7Q4K2P91")})
		post(t, s, testKey, body)
		s.SetRecognizer(&fakeRecognizer{err: idrecog.NewError(idrecog.CodeRecognizeFailed, "QUIXOTEVA")})
		post(t, s, testKey, body)

		out := logs.String()
		for _, want := range []string{`"transactionId":"privtx7q2m9zk"`, `"documentType":"passport"`, `"errorCode":1003`, `"errorCode":1011`, `"recognize":`} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %s:\n%s", want, out)
			}
		}
		secrets := []string{imgB64, imgB64[:12], "JPEG-LIKE", "QUIXOTEVA", "ZENOBIA", "MARISOL", "X7Q4K2P91",
			"ZE5518230", "1983-07-19", "830719", "2031-02-28", "310228", "P<UTO"}
		for _, sec := range secrets {
			if strings.Contains(out, sec) {
				t.Errorf("log contains %q:\n%s", sec, out)
			}
		}
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// BenchmarkRecognition measures the server's own cost per request (auth,
// body read, JSON decode, queue, response encode) around an instant fake
// recognizer, with a 1 MB base64 image.
func BenchmarkRecognition(b *testing.B) {
	s, err := New(Config{APIKeys: []string{testKey}, Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	s.SetRecognizer(&fakeRecognizer{})
	img := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xA5}, 750_000))
	body := `{"idImage":"` + img + `","issuingCountry":"UTO","idType":"passport"}`
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, RecognitionPath, strings.NewReader(body))
		r.Header.Set("x-api-key", testKey)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// TestShutdownGraceExpires: a request still running when the grace period
// ends has its connection closed and Serve reports the expiry.
func TestShutdownGraceExpires(t *testing.T) {
	rec := &fakeRecognizer{entered: make(chan struct{}, 1), release: make(chan struct{})}
	defer close(rec.release)
	s, _ := newTestServer(t, Config{}, rec)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 50*time.Millisecond) }()
	clientErr := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+RecognitionPath, strings.NewReader(validBody))
		req.Header.Set("x-api-key", testKey)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		clientErr <- err
	}()
	<-rec.entered
	cancel()
	select {
	case err := <-served:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Serve: %v, want the grace deadline", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return when the grace period expired")
	}
	if err := <-clientErr; err == nil {
		t.Error("client got an answer from a cut connection")
	}
}

// TestDrainDelay: after the shutdown signal, /readyz fails while requests
// are still answered, then the listener closes.
func TestDrainDelay(t *testing.T) {
	s, _ := newTestServer(t, Config{DrainDelay: 400 * time.Millisecond}, &fakeRecognizer{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, time.Second) }()
	status := func(method, path, body string) int {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("x-api-key", testKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return -1
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := status(http.MethodGet, "/readyz", ""); c != 200 {
		t.Fatalf("/readyz before shutdown: %d", c)
	}
	cancel()
	waitFor(t, func() bool { return !s.Ready() })
	if c := status(http.MethodGet, "/readyz", ""); c != 503 {
		t.Errorf("/readyz while draining: %d, want 503", c)
	}
	if c := status(http.MethodPost, RecognitionPath, validBody); c != 200 {
		t.Errorf("request while draining: %d, want 200", c)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if c := status(http.MethodGet, "/healthz", ""); c != -1 {
		t.Errorf("served after shutdown: %d", c)
	}
}
