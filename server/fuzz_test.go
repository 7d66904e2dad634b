package server

import (
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// FuzzRecognitionBody: whatever the body, the handler answers with JSON:
// a response (200) or an error in the contract's shape (400 or 413).
func FuzzRecognitionBody(f *testing.F) {
	for _, seed := range []string{
		validBody, ``, `{}`, `[]`, `null`, `{"idImage":42}`, validBody + `}`,
		`{"idImage":"aGVsbG8=","callbackUrl":"http://[::1]/"}`,
		`{"idImage":"aGVsbG8=","callbackUrl":"https://example.com/cb"}`,
		`{"idImage":"` + strings.Repeat("A", 600) + `"}`,
	} {
		f.Add(seed)
	}
	s, err := New(Config{NoAuth: true, MaxBodyBytes: 512, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	s.SetRecognizer(&fakeRecognizer{})
	f.Fuzz(func(t *testing.T, body string) {
		w := post(t, s, "", body)
		switch w.Code {
		case http.StatusOK:
			var m map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m["apiType"] != "id_recognition" {
				t.Fatalf("200 with body %q", w.Body)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			if code, msg := errorBody(t, w); code == 0 || msg == "" {
				t.Fatalf("error body %q", w.Body)
			}
		default:
			t.Fatalf("status %d for body %q", w.Code, body)
		}
	})
}

// FuzzCallbackAllow: the default policy never lets through a URL that is
// not http(s), has no host, or names a non-public IP literal.
func FuzzCallbackAllow(f *testing.F) {
	for _, seed := range []string{
		"http://127.0.0.1/", "http://[::1]:80/", "https://example.com/cb", "ftp://x/", "http://0x7f.1/",
		"http://[::ffff:10.0.0.1]/", "http://169.254.169.254/", "http://localhost./", "https://8.8.8.8/",
		"http://[fe80::1%25eth0]/", "http:///x", "//example.com/",
	} {
		f.Add(seed)
	}
	p := &CallbackPolicy{}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil || p.Allow(u) != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("allowed scheme %q", u.Scheme)
		}
		host := u.Hostname()
		if host == "" {
			t.Fatal("allowed an empty host")
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			ip = ip.Unmap()
			if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() {
				t.Fatalf("allowed %s", ip)
			}
		}
		if h := strings.ToLower(strings.TrimSuffix(host, ".")); h == "localhost" {
			t.Fatal("allowed localhost")
		}
	})
}
