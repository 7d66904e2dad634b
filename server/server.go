// Package server is idrecog's HTTP server: a drop-in replacement for the
// hosted API's POST /modules/recognition (request, response, errors and
// x-api-key authentication as in spec/api-contract.md), with a body-size
// limit, a per-request deadline, a bounded worker pool with a short queue,
// health and readiness probes, Prometheus metrics, structured logs that
// carry no personal data, and a callback policy against server-side request
// forgery. The batch sub-package processes folders of images offline.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/idrecog/idrecog"
)

// Recognizer is what the server needs of *idrecog.Recognizer. With
// Request.CallbackURL set, Recognize acknowledges at once and delivers the
// result itself.
type Recognizer interface {
	Recognize(ctx context.Context, req idrecog.Request) (*idrecog.Response, error)
}

// Config configures a Server. The zero value of each field means its
// default; APIKeys must be non-empty unless NoAuth is set.
type Config struct {
	APIKeys       []string        // accepted x-api-key values
	NoAuth        bool            // accept requests without a key (explicit opt-out)
	MaxBodyBytes  int64           // request body limit, default 32 MiB; larger → 413
	Timeout       time.Duration   // per-request deadline, default 60 s; negative: none
	MaxConcurrent int             // requests recognised at once, default runtime.NumCPU()
	MaxQueue      int             // requests waiting for a slot, default MaxConcurrent; more → 429
	Callbacks     *CallbackPolicy // where callbacks may go; nil: the default policy
	Logger        *slog.Logger    // nil: JSON to stderr
	Diagnostics   bool            // keep the diagnostics object in responses
	MetricsAuth   bool            // /metrics needs an x-api-key too (probes never do)
	DrainDelay    time.Duration   // at shutdown, /readyz fails this long before the listener closes
}

// Default limits.
const (
	DefaultMaxBodyBytes = 32 << 20
	DefaultTimeout      = 60 * time.Second
)

// RecognitionPath is the contract's endpoint.
const RecognitionPath = "/modules/recognition"

// Server serves the recognition API. Create it with New, then hand it the
// recognizer with SetRecognizer once models are loaded: until then /readyz
// answers 503 and recognition requests get errorCode 1001.
type Server struct {
	cfg     Config
	keys    [][sha256.Size]byte
	policy  *CallbackPolicy
	log     *slog.Logger
	m       *metrics
	mux     *http.ServeMux
	slots   chan struct{}
	waiting atomic.Int64

	mu       sync.RWMutex
	rec      Recognizer
	draining atomic.Bool
}

// New returns a server. It fails when no API key is configured and NoAuth is
// not set, so that a server is never open by accident.
func New(cfg Config) (*Server, error) {
	s := &Server{cfg: cfg, m: newMetrics(), mux: http.NewServeMux()}
	for _, k := range cfg.APIKeys {
		if k = strings.TrimSpace(k); k != "" {
			s.keys = append(s.keys, sha256.Sum256([]byte(k)))
		}
	}
	if len(s.keys) == 0 && !cfg.NoAuth {
		return nil, errors.New("server: no API keys configured (give keys, or NoAuth to run without authentication)")
	}
	if s.cfg.MaxBodyBytes <= 0 {
		s.cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if s.cfg.Timeout == 0 {
		s.cfg.Timeout = DefaultTimeout
	}
	if s.cfg.MaxConcurrent <= 0 {
		s.cfg.MaxConcurrent = runtime.NumCPU()
	}
	if s.cfg.MaxQueue < 0 {
		s.cfg.MaxQueue = 0
	} else if s.cfg.MaxQueue == 0 {
		s.cfg.MaxQueue = s.cfg.MaxConcurrent
	}
	s.policy = cfg.Callbacks
	if s.policy == nil {
		s.policy = &CallbackPolicy{}
	}
	s.log = cfg.Logger
	if s.log == nil {
		s.log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	s.slots = make(chan struct{}, s.cfg.MaxConcurrent)

	s.mux.HandleFunc(RecognitionPath, s.handleRecognition)
	s.mux.HandleFunc("/healthz", s.handleHealth)
	s.mux.HandleFunc("/readyz", s.handleReady)
	metricsHandler := s.m.handler()
	if cfg.MetricsAuth {
		next := metricsHandler
		metricsHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.authorized(r) {
				writeJSONError(w, http.StatusUnauthorized, http.StatusUnauthorized, "unauthorized: missing or invalid x-api-key")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	s.mux.Handle("/metrics", metricsHandler)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, http.StatusNotFound, "not found")
	})
	return s, nil
}

// LoadAPIKeys reads API keys from a file (one per line; blank lines and
// lines starting with # ignored) when path is not empty, and from env, a
// comma-separated list such as the IDRECOG_API_KEYS variable's value.
func LoadAPIKeys(path, env string) ([]string, error) {
	var keys []string
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("server: API keys: %w", err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.HasPrefix(l, "#") {
				keys = append(keys, l)
			}
		}
	}
	for _, k := range strings.Split(env, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// SetRecognizer installs the recognizer and marks the server ready.
func (s *Server) SetRecognizer(r Recognizer) {
	s.mu.Lock()
	s.rec = r
	s.mu.Unlock()
}

func (s *Server) recognizer() Recognizer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rec
}

// Ready reports whether the server has a recognizer and is not shutting down.
func (s *Server) Ready() bool { return s.recognizer() != nil && !s.draining.Load() }

// CallbackPolicy is the policy callbacks are checked against.
func (s *Server) CallbackPolicy() *CallbackPolicy { return s.policy }

// CallbackClient returns the policy's client with delivery attempts counted
// in the server's metrics; give it to idrecog.Options.CallbackClient.
func (s *Server) CallbackClient() *http.Client {
	c := s.policy.Client()
	c.Transport = &countingTransport{next: c.Transport, m: s.m}
	return c
}

// CallbackFailed records a result that could not be delivered after every
// attempt; give it to idrecog.Options.CallbackFailed. The log line holds the
// transaction id and the kind of failure, not the error text (which quotes
// the callback URL, whose query may carry the caller's secrets).
func (s *Server) CallbackFailed(transactionID string, err error) {
	s.m.callbackFailures.Inc()
	kind := "status"
	var ue *url.Error
	switch {
	case errors.Is(err, ErrCallbackRefused):
		kind = "refused"
	case errors.As(err, &ue):
		kind = "transport"
	}
	s.log.Warn("callback delivery failed", "transactionId", transactionID, "failure", kind)
}

// ServeHTTP routes the server's endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Serve serves HTTP on ln until ctx is cancelled, then shuts down
// gracefully: /readyz turns 503 (for Config.DrainDelay while requests are
// still served), the listener closes, and in-flight requests get up to
// grace to finish. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	if s.cfg.Timeout > 0 {
		hs.WriteTimeout = s.cfg.Timeout + 30*time.Second
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	if s.cfg.DrainDelay > 0 {
		// Keep serving while load balancers see /readyz fail.
		s.log.Info("draining", "delay", s.cfg.DrainDelay.String())
		time.Sleep(s.cfg.DrainDelay)
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	if err != nil {
		// Grace expired: cut the connections still open. Their handlers
		// run on until the recognizer returns; the caller's Close waits.
		s.log.Warn("shutdown grace expired; closing connections")
		hs.Close()
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.draining.Load():
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
	case s.recognizer() == nil:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "loading"})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	}
}

// authorized compares the x-api-key header with every configured key in
// constant time (over SHA-256 digests, so the key length does not leak
// either) and without stopping at the first match.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.NoAuth {
		return true
	}
	got := r.Header.Get("x-api-key")
	if got == "" {
		return false
	}
	h := sha256.Sum256([]byte(got))
	ok := 0
	for i := range s.keys {
		ok |= subtle.ConstantTimeCompare(h[:], s.keys[i][:])
	}
	return ok == 1
}

// reqLog accumulates what one request's log line says. It holds only
// operational facts: never image bytes, names, numbers or dates.
type reqLog struct {
	id, txID, docType, callbackHost string
	async                           bool
	status, code                    int
	bodyBytes                       int
	review                          []bool
	stages                          []slog.Attr
}

func (l *reqLog) stage(name string, d time.Duration) {
	l.stages = append(l.stages, slog.Float64(name, float64(d.Microseconds())/1000))
}

func (s *Server) handleRecognition(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	l := &reqLog{id: newID()}
	defer func() {
		if p := recover(); p != nil {
			// The panic value may hold request data: log only that it happened.
			s.log.Error("recognizer panicked", "requestId", l.id)
			l.status, l.code = http.StatusBadRequest, idrecog.CodeProcessFailed
			writeContractError(w, idrecog.NewError(idrecog.CodeProcessFailed, "internal error"))
		}
		total := time.Since(start)
		s.m.observe("total", total)
		s.m.count(l.status, l.code)
		l.stage("total", total)
		s.logRequest(r, l)
	}()
	fail := func(status, code int, msg string) {
		l.status, l.code = status, code
		writeJSONError(w, status, code, msg)
	}
	failContract := func(e *idrecog.Error) {
		l.status, l.code = e.Status, e.Code
		writeContractError(w, e)
	}

	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(http.StatusMethodNotAllowed, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}
	if !s.authorized(r) {
		fail(http.StatusUnauthorized, http.StatusUnauthorized, "unauthorized: missing or invalid x-api-key")
		return
	}
	rec := s.recognizer()
	if rec == nil {
		failContract(idrecog.NewError(idrecog.CodeWorkspaceUnavailable, "server not ready"))
		return
	}

	ctx := r.Context()
	if s.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.Timeout)
		defer cancel()
	}

	t := time.Now()
	body, err := readBody(w, r, s.cfg.MaxBodyBytes)
	l.bodyBytes = len(body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body too large: limit is %d bytes", s.cfg.MaxBodyBytes))
			return
		}
		failContract(idrecog.NewError(idrecog.CodeInvalidInputs, "cannot read request body"))
		return
	}
	s.m.observe("read", time.Since(t))
	l.stage("read", time.Since(t))

	t = time.Now()
	req, cerr := decodeRequest(body, s.cfg.MaxBodyBytes)
	body = nil
	if cerr != nil {
		failContract(cerr)
		return
	}
	s.m.observe("decode", time.Since(t))
	l.stage("decode", time.Since(t))

	if req.CallbackURL != "" {
		l.async = true
		u, err := url.Parse(req.CallbackURL)
		if err != nil || !u.IsAbs() {
			failContract(idrecog.NewError(idrecog.CodeInvalidInputs, "malformed callbackUrl"))
			return
		}
		l.callbackHost = u.Hostname()
		if err := s.policy.Allow(u); err != nil {
			s.m.refused.Inc()
			why := strings.TrimPrefix(strings.TrimPrefix(err.Error(), ErrCallbackRefused.Error()), ": ")
			failContract(idrecog.NewError(idrecog.CodeInvalidInputs, "callbackUrl not allowed: "+why))
			return
		}
	}

	// Bounded concurrency: take a slot at once if there is one, else wait
	// in a short queue; when the queue is full too, answer 429.
	t = time.Now()
	select {
	case s.slots <- struct{}{}:
	default:
		if s.waiting.Add(1) > int64(s.cfg.MaxQueue) {
			s.waiting.Add(-1)
			w.Header().Set("Retry-After", "1")
			fail(http.StatusTooManyRequests, http.StatusTooManyRequests, "too many requests: queue full, retry later")
			return
		}
		s.m.queue.Inc()
		select {
		case s.slots <- struct{}{}:
			s.waiting.Add(-1)
			s.m.queue.Dec()
		case <-ctx.Done():
			s.waiting.Add(-1)
			s.m.queue.Dec()
			s.failCtx(ctx, r, l, w)
			return
		}
	}
	s.m.observe("queue", time.Since(t))
	l.stage("queue", time.Since(t))
	s.m.inFlight.Inc()
	t = time.Now()
	resp, err := func() (*idrecog.Response, error) {
		defer func() { <-s.slots; s.m.inFlight.Dec() }()
		return rec.Recognize(ctx, req)
	}()
	s.m.observe("recognize", time.Since(t))
	l.stage("recognize", time.Since(t))
	req = idrecog.Request{}

	if err != nil {
		var ce *idrecog.Error
		switch {
		case errors.As(err, &ce):
			failContract(ce)
		case ctx.Err() != nil:
			s.failCtx(ctx, r, l, w)
		default:
			// The message of an unknown error may quote request data:
			// neither log nor return it.
			failContract(idrecog.NewError(idrecog.CodeProcessFailed, "internal error"))
		}
		return
	}
	if resp == nil {
		failContract(idrecog.NewError(idrecog.CodeProcessFailed, "internal error"))
		return
	}
	l.txID = resp.TransactionID
	if resp.Result != nil {
		l.docType = resp.Result.DocumentType
		l.review = []bool{resp.Result.ReviewFront, resp.Result.ReviewBack}
	}
	if resp.Diagnostics != nil {
		for name, ms := range resp.Diagnostics.TimingsMS {
			if validStageName(name) {
				s.m.observe("recognizer_"+name, time.Duration(ms*float64(time.Millisecond)))
			}
		}
		if !s.cfg.Diagnostics {
			cp := *resp
			cp.Diagnostics = nil
			resp = &cp
		}
	}
	t = time.Now()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // MRZ fillers stay '<'
	if err := enc.Encode(resp); err != nil {
		failContract(idrecog.NewError(idrecog.CodeProcessFailed, "cannot encode response"))
		return
	}
	l.status = http.StatusOK
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	s.m.observe("write", time.Since(t))
	l.stage("write", time.Since(t))
}

// readBody reads at most limit bytes of the body, sized up front from
// Content-Length when the client sent one; a larger body is an
// *http.MaxBytesError.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if n := r.ContentLength; n > 0 && n <= limit {
		buf.Grow(int(n) + 1)
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	return buf.Bytes(), err
}

// failCtx answers a request whose context ended: the deadline passed
// (1003, the caller may retry) or the client went away (nothing to write;
// counted as 499 like nginx does).
func (s *Server) failCtx(ctx context.Context, r *http.Request, l *reqLog, w http.ResponseWriter) {
	if r.Context().Err() != nil {
		l.status, l.code = 499, 0
		return
	}
	e := idrecog.NewError(idrecog.CodeProcessFailed, "deadline exceeded")
	l.status, l.code = e.Status, e.Code
	writeContractError(w, e)
}

// validStageName bounds the label values taken from a recognizer's
// diagnostics to short identifiers, so metrics cannot be flooded.
func validStageName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// decodeRequest parses the contract's request body with the root package's
// decoder, so that the server and the library answer malformed bodies alike.
func decodeRequest(body []byte, limit int64) (idrecog.Request, *idrecog.Error) {
	req, err := idrecog.DecodeRequest(bytes.NewReader(body), limit)
	if err != nil {
		var ce *idrecog.Error
		if !errors.As(err, &ce) {
			ce = idrecog.NewError(idrecog.CodeInvalidInputs, "malformed request body")
		}
		return idrecog.Request{}, ce
	}
	return *req, nil
}

func (s *Server) logRequest(r *http.Request, l *reqLog) {
	attrs := []slog.Attr{
		slog.String("requestId", l.id),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("remote", r.RemoteAddr),
		slog.Int("status", l.status),
		slog.Int("bodyBytes", l.bodyBytes),
	}
	if l.txID != "" {
		attrs = append(attrs, slog.String("transactionId", l.txID))
	}
	if l.code != 0 {
		attrs = append(attrs, slog.Int("errorCode", l.code))
	}
	if l.async {
		attrs = append(attrs, slog.Bool("async", true), slog.String("callbackHost", l.callbackHost))
	}
	if l.docType != "" {
		attrs = append(attrs, slog.String("documentType", l.docType))
	}
	if len(l.review) == 2 {
		attrs = append(attrs, slog.Bool("reviewFront", l.review[0]), slog.Bool("reviewBack", l.review[1]))
	}
	attrs = append(attrs, slog.Attr{Key: "timingsMs", Value: slog.GroupValue(l.stages...)})
	level := slog.LevelInfo
	if l.status >= 500 || l.code == idrecog.CodeProcessFailed {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(context.Background(), level, "recognition", attrs...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeContractError(w http.ResponseWriter, e *idrecog.Error) {
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	writeJSON(w, status, e)
}

// writeJSONError writes a non-contract error (auth, size, load, routing) in
// the contract's error shape, with the HTTP status as its errorCode.
func writeJSONError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, struct {
		Code    int    `json:"errorCode"`
		Message string `json:"message"`
	}{code, msg})
}

// newID returns a 13-character lower-case alphanumeric id for log lines.
func newID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	var b [13]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
