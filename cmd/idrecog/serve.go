package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/server"
)

// runServe runs the HTTP server: POST /modules/recognition as the hosted
// API, plus /healthz, /readyz and /metrics, until SIGINT or SIGTERM; then
// it finishes in-flight requests and pending callback deliveries and exits.
func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	keysFile := fs.String("api-keys", "", "file of accepted x-api-key values, one per line (also: IDRECOG_API_KEYS, comma-separated)")
	noAuth := fs.Bool("no-auth", false, "accept requests without an x-api-key (only behind your own authentication)")
	maxBody := fs.String("max-body", "32MiB", "request body limit (bytes, or with a KB/MB/KiB/MiB suffix); larger bodies get 413")
	timeout := fs.Duration("timeout", server.DefaultTimeout, "per-request deadline (0 disables)")
	concurrency := fs.Int("concurrency", runtime.NumCPU(), "requests recognised at once (also the asynchronous worker count)")
	queue := fs.Int("queue", 0, "requests that may wait for a slot before 429 (default: -concurrency)")
	allow := fs.String("callback-allow", "", "hosts, .domain suffixes, IPs and CIDRs callbacks may reach besides public addresses (comma-separated)")
	grace := fs.Duration("shutdown-grace", 30*time.Second, "how long in-flight requests get to finish at shutdown")
	drain := fs.Duration("drain-delay", 0, "at shutdown, how long /readyz fails while requests are still served (for load balancers)")
	diagnostics := fs.Bool("diagnostics", false, "include the diagnostics object in responses and callbacks")
	httpsOnly := fs.Bool("callback-https-only", false, "refuse plain-http callbackUrls")
	metricsAuth := fs.Bool("metrics-auth", false, "require an x-api-key on /metrics too")
	warmup := fs.Bool("warmup", true, "run one recognition on a blank image before reporting ready, so that models and OCR clients are loaded")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idrecog serve [-addr 127.0.0.1:8080] [-api-keys FILE | -no-auth] [-max-body 32MiB] [-timeout 60s]")
		fmt.Fprintln(stderr, "                     [-concurrency N] [-queue N] [-callback-allow LIST] [-callback-https-only] [-shutdown-grace 30s] [-drain-delay 0s]")
		fmt.Fprintln(stderr, "                     [-metrics-auth] [-diagnostics] [-warmup=false] [-log-level info]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	limit, err := server.ParseSize(*maxBody)
	if err != nil || fs.NArg() > 0 || *concurrency < 1 || *queue < 0 || *timeout < 0 {
		if err != nil {
			fmt.Fprintln(stderr, "idrecog serve:", err)
		}
		fs.Usage()
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(stderr, "idrecog serve: -log-level:", err)
		return 2
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	keys, err := server.LoadAPIKeys(*keysFile, os.Getenv("IDRECOG_API_KEYS"))
	if err != nil {
		fmt.Fprintln(stderr, "idrecog serve:", err)
		return 1
	}
	if len(keys) == 0 && !*noAuth {
		fmt.Fprintln(stderr, "idrecog serve: no API keys: give -api-keys FILE or IDRECOG_API_KEYS, or -no-auth to run without authentication")
		return 2
	}
	policy, err := server.NewCallbackPolicy(*allow)
	if err != nil {
		fmt.Fprintln(stderr, "idrecog serve:", err)
		return 2
	}
	policy.HTTPSOnly = *httpsOnly
	cfg := server.Config{
		APIKeys:       keys,
		NoAuth:        *noAuth && len(keys) == 0,
		MaxBodyBytes:  limit,
		Timeout:       *timeout,
		MaxConcurrent: *concurrency,
		MaxQueue:      *queue,
		Callbacks:     policy,
		Logger:        logger,
		Diagnostics:   *diagnostics,
		MetricsAuth:   *metricsAuth,
		DrainDelay:    *drain,
	}
	if *timeout == 0 {
		cfg.Timeout = -1
	}
	srv, err := server.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "idrecog serve:", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, a second one kills the process as usual
	// (pending callback deliveries may otherwise take minutes).
	context.AfterFunc(ctx, stop)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "idrecog serve:", err)
		return 1
	}
	logger.Info("listening", "addr", ln.Addr().String(), "auth", !cfg.NoAuth, "keys", len(keys),
		"concurrency", *concurrency, "maxBodyBytes", limit, "timeout", cfg.Timeout.String())

	// Load the recognizer while already answering /healthz; /readyz turns
	// 200 once it is in place.
	type loaded struct {
		rec *idrecog.Recognizer
		err error
	}
	loadc := make(chan loaded, 1)
	go func() {
		t := time.Now()
		rec, err := idrecog.New(idrecog.Options{
			Diagnostics:     *diagnostics,
			Workers:         *concurrency,
			CallbackClient:  srv.CallbackClient(),
			CallbackAllowed: srv.CallbackPolicy().Allow,
			CallbackFailed:  srv.CallbackFailed,
		})
		if err == nil && *warmup {
			serveWarmup(ctx, rec)
		}
		if err == nil {
			srv.SetRecognizer(rec)
			logger.Info("ready", "loadMs", time.Since(t).Milliseconds())
		}
		loadc <- loaded{rec, err}
	}()

	serveCtx, cancelServe := context.WithCancel(ctx)
	defer cancelServe()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx, ln, *grace) }()

	var rec *idrecog.Recognizer
	status := 0
	select {
	case l := <-loadc:
		if l.err != nil {
			logger.Error("cannot load the recognizer", "error", l.err.Error())
			cancelServe()
			status = 1
		}
		rec = l.rec
	case err := <-served:
		// Stopped (by a signal, or a failing listener) before the
		// recognizer was loaded.
		if l := <-loadc; l.rec != nil {
			l.rec.Close()
		}
		if err != nil {
			logger.Error("serve", "error", err.Error())
			return 1
		}
		logger.Info("stopped before ready")
		return 0
	}
	if err := <-served; err != nil {
		logger.Error("shutdown", "error", err.Error())
		status = 1
	}
	if rec != nil {
		t := time.Now()
		rec.Close() // waits for pending callback deliveries
		logger.Info("stopped", "drainMs", time.Since(t).Milliseconds())
	}
	return status
}

// serveWarmup recognises a blank page once, so that whatever the pipeline
// loads lazily (models, OCR clients) is loaded before the server says it is
// ready. The answer (no document found) is ignored.
func serveWarmup(ctx context.Context, rec *idrecog.Recognizer) {
	img := image.NewGray(image.Rect(0, 0, 1011, 638))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	rec.Recognize(ctx, idrecog.Request{Front: img, IssuingCountry: "UTO", IDType: "government_id"})
}
