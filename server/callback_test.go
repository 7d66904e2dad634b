package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCallbackPolicyAllow(t *testing.T) {
	def := &CallbackPolicy{}
	allow, err := NewCallbackPolicy("hooks.internal.test,.corp.test 10.9.0.0/16", "127.0.0.1/32, fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		url        string
		def, allow bool // allowed by the default policy, by the allow-list policy
	}{
		{"http://127.0.0.1/cb", false, true},
		{"http://127.0.0.2/cb", false, false},
		{"http://10.0.0.1/cb", false, false},
		{"http://10.9.8.7:8080/cb", false, true},
		{"http://172.16.0.1/", false, false},
		{"http://192.168.1.1/", false, false},
		{"http://169.254.169.254/latest/meta-data", false, false},
		{"http://[::1]/cb", false, false},
		{"http://[::ffff:127.0.0.1]/cb", false, true},
		{"http://[::ffff:10.0.0.1]/cb", false, false},
		{"http://[fe80::1]/", false, false},
		{"http://[fd12::1]/", false, true},
		{"http://[fc00::1]/", false, false},
		{"http://0.0.0.0/", false, false},
		{"http://[::]/", false, false},
		{"http://224.0.0.1/", false, false},
		{"http://100.64.0.1/", false, false},
		{"http://255.255.255.255/", false, false},
		{"http://[64:ff9b::a00:1]/", false, false},
		{"http://2130706433/", false, false}, // 127.0.0.1 as a number
		{"http://0x7f.1/", false, false},
		{"http://127.1/", false, false},
		{"http://localhost:8080/cb", false, false},
		{"http://api.localhost/cb", false, false},
		{"ftp://example.com/cb", false, false},
		{"file:///etc/passwd", false, false},
		{"gopher://example.com/", false, false},
		{"javascript:alert(1)", false, false},
		{"https:///nohost", false, false},
		{"https://8.8.8.8/cb", true, true},
		{"https://[2001:4860:4860::8888]/cb", true, true},
		{"https://your-domain.com/callback", true, true},
		{"https://hooks.internal.test/cb", true, true},
		{"https://HOOKS.INTERNAL.TEST./cb", true, true},
		{"https://a.b.corp.test/cb", true, true},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		for _, p := range []struct {
			name string
			pol  *CallbackPolicy
			want bool
		}{{"default", def, tc.def}, {"allow-list", allow, tc.allow}} {
			err := p.pol.Allow(u)
			if (err == nil) != p.want {
				t.Errorf("%s policy, %s: err = %v, want allowed=%v", p.name, tc.url, err, p.want)
			}
			if err != nil && !errors.Is(err, ErrCallbackRefused) {
				t.Errorf("%s: error %v does not wrap ErrCallbackRefused", tc.url, err)
			}
		}
	}
	tls := &CallbackPolicy{HTTPSOnly: true}
	if tls.Allow(mustURL(t, "http://8.8.8.8/cb")) == nil || tls.Allow(mustURL(t, "https://8.8.8.8/cb")) != nil {
		t.Error("HTTPSOnly: plain http allowed or https refused")
	}
	var nilPolicy *CallbackPolicy
	if err := nilPolicy.Allow(mustURL(t, "http://10.0.0.1/")); err == nil {
		t.Error("nil policy allowed a private address")
	}
	if err := nilPolicy.Allow(nil); err == nil {
		t.Error("nil URL allowed")
	}
}

func TestNewCallbackPolicyErrors(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "nota/cidr", "user@host", "host:80", "."} {
		if _, err := NewCallbackPolicy(bad); err == nil {
			t.Errorf("NewCallbackPolicy(%q): no error", bad)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCallbackDialCheck: a host name that passes Allow but resolves to a
// refused address (here "localhost", resolved from /etc/hosts, standing for
// a rebinding DNS name) is refused when dialled, before any connection.
func TestCallbackDialCheck(t *testing.T) {
	var hits atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer ts.Close()
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())

	p := &CallbackPolicy{}
	conn, err := p.DialContext(context.Background(), "tcp", net.JoinHostPort("localhost", port))
	if err == nil {
		conn.Close()
		t.Fatal("dial to localhost allowed")
	}
	if !errors.Is(err, ErrCallbackRefused) {
		t.Errorf("dial error %v does not wrap ErrCallbackRefused", err)
	}
	// Through the client, a URL refused up front never reaches the wire.
	resp, err := p.Client().Post(ts.URL, "application/json", strings.NewReader("{}"))
	if err == nil {
		resp.Body.Close()
		t.Fatal("client posted to a loopback callback")
	}
	if !errors.Is(err, ErrCallbackRefused) {
		t.Errorf("client error %v does not wrap ErrCallbackRefused", err)
	}
	if hits.Load() != 0 {
		t.Errorf("refused callbacks reached the server %d times", hits.Load())
	}
	// Allow-listed by name, the same dial goes through.
	named, _ := NewCallbackPolicy("localhost")
	conn, err = named.DialContext(context.Background(), "tcp", net.JoinHostPort("localhost", port))
	if err != nil {
		t.Fatalf("allow-listed host: %v", err)
	}
	conn.Close()
}

func TestCallbackClientNoRedirectLimitedBody(t *testing.T) {
	var redirected atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/target", http.StatusFound)
	})
	mux.HandleFunc("/target", func(w http.ResponseWriter, r *http.Request) { redirected.Add(1) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 1<<20)))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	p, err := NewCallbackPolicy("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	p.MaxResponseBytes = 1000
	c := p.Client()
	resp, err := c.Post(ts.URL+"/redirect", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || redirected.Load() != 0 {
		t.Errorf("redirect followed: status %d, target hits %d", resp.StatusCode, redirected.Load())
	}
	resp, err = c.Post(ts.URL+"/big", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if n != 1000 {
		t.Errorf("read %d bytes of a 1 MiB callback response, want the 1000-byte limit", n)
	}
}

func TestCallbackClientCountsDeliveries(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer ts.Close()
	pol, _ := NewCallbackPolicy("127.0.0.1")
	s, _ := newTestServer(t, Config{Callbacks: pol}, &fakeRecognizer{})
	c := s.CallbackClient()
	for _, path := range []string{"/ok", "/ok", "/fail"} {
		resp, err := c.Post(ts.URL+path, "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if _, err := c.Post("http://10.0.0.1:9/", "application/json", strings.NewReader("{}")); err == nil {
		t.Fatal("refused target delivered")
	}
	m := scrape(t, s)
	for _, want := range []string{
		`idrecog_callback_deliveries_total{outcome="success"} 2`,
		`idrecog_callback_deliveries_total{outcome="http_error"} 1`,
		`idrecog_callback_deliveries_total{outcome="transport_error"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestAllowIP(t *testing.T) {
	p := &CallbackPolicy{}
	for _, s := range []string{"127.0.0.1", "::1", "10.1.2.3", "169.254.1.1", "fe80::1", "ff02::1", "0.0.0.0", "198.18.0.1"} {
		if p.AllowIP(netip.MustParseAddr(s)) == nil {
			t.Errorf("AllowIP(%s) allowed", s)
		}
	}
	for _, s := range []string{"8.8.8.8", "1.1.1.1", "2606:4700::1111"} {
		if err := p.AllowIP(netip.MustParseAddr(s)); err != nil {
			t.Errorf("AllowIP(%s): %v", s, err)
		}
	}
	if p.AllowIP(netip.Addr{}) == nil {
		t.Error("invalid address allowed")
	}
}
