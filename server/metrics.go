package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus collectors, registered in a private
// registry (never the global one) so that several servers can coexist in a
// process and tests see only their own figures.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // by HTTP status and errorCode
	stage     *prometheus.HistogramVec // seconds, by stage
	queue     prometheus.Gauge         // requests waiting for a slot
	inFlight  prometheus.Gauge         // requests being recognised
	callbacks *prometheus.CounterVec   // delivery attempts by outcome
	refused   prometheus.Counter       // callback URLs refused by policy

	callbackFailures prometheus.Counter // results not delivered after every attempt
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "idrecog_http_requests_total",
			Help: "Recognition requests by HTTP status code and contract errorCode (0 on success).",
		}, []string{"code", "error_code"}),
		stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "idrecog_stage_duration_seconds",
			Help:    "Latency by stage: read (body), decode (JSON), queue (waiting for a slot), recognize, write, total; recognizer stages from diagnostics timings are prefixed with recognizer_.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"stage"}),
		queue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "idrecog_queue_depth",
			Help: "Recognition requests waiting for a free worker slot.",
		}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "idrecog_in_flight_requests",
			Help: "Recognition requests holding a worker slot.",
		}),
		callbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "idrecog_callback_deliveries_total",
			Help: "Callback delivery attempts by outcome: success (2xx), http_error (other status), transport_error (no response, including policy refusals at dial time).",
		}, []string{"outcome"}),
		callbackFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "idrecog_callback_failures_total",
			Help: "Asynchronous results that could not be delivered after every attempt.",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "idrecog_callback_refused_total",
			Help: "Requests whose callbackUrl the callback policy refused (answered with errorCode 1015).",
		}),
	}
	m.reg.MustRegister(m.requests, m.stage, m.queue, m.inFlight, m.callbacks, m.refused, m.callbackFailures,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	// Make the failure series visible from the start, so that a rate()
	// over them is defined before the first failure.
	for _, o := range []string{"success", "http_error", "transport_error"} {
		m.callbacks.WithLabelValues(o)
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *metrics) observe(stage string, d time.Duration) {
	m.stage.WithLabelValues(stage).Observe(d.Seconds())
}

func (m *metrics) count(status, errorCode int) {
	m.requests.WithLabelValues(strconv.Itoa(status), strconv.Itoa(errorCode)).Inc()
}

// countingTransport counts callback delivery attempts by outcome.
type countingTransport struct {
	next http.RoundTripper
	m    *metrics
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	switch {
	case err != nil:
		t.m.callbacks.WithLabelValues("transport_error").Inc()
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		t.m.callbacks.WithLabelValues("success").Inc()
	default:
		t.m.callbacks.WithLabelValues("http_error").Inc()
	}
	return resp, err
}
