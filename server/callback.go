package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrCallbackRefused is returned (wrapped) by CallbackPolicy.Allow and by
// the policy's dialer when a callback target is not allowed.
var ErrCallbackRefused = errors.New("server: callback target refused")

// CallbackPolicy decides where asynchronous results may be delivered, so
// that a request cannot make the server probe its own network (SSRF).
//
// A callback URL must be http or https. Its host is allowed when it is named
// in the allow list (exact host name, or a ".suffix" entry matching any
// sub-domain), when it is an IP address inside an allowed CIDR, or when it is
// a public address. Loopback, private, link-local, unspecified, multicast,
// carrier-grade NAT and other special-purpose addresses are refused unless
// an allowed CIDR covers them. The same rule is applied again at dial time to
// the IP actually connected to, which defeats DNS rebinding: a public-looking
// name that resolves to 127.0.0.1 is refused when the connection is made.
//
// The zero value refuses all non-public targets and allows public ones.
type CallbackPolicy struct {
	hosts    map[string]bool // exact host names, lower case
	suffixes []string        // ".example.com"
	prefixes []netip.Prefix

	// HTTPSOnly refuses plain-http callback URLs (results carry personal
	// data; the contract itself allows http).
	HTTPSOnly bool
	// Timeout bounds one delivery attempt made with Client (default 30 s).
	Timeout time.Duration
	// MaxResponseBytes is how much of a callback response body the client
	// lets the caller read (default 64 KiB); the rest is discarded.
	MaxResponseBytes int64
}

// NewCallbackPolicy parses an allow list: host names ("hooks.example.com"),
// domain suffixes (".example.com"), IP addresses and CIDRs ("10.1.0.0/16",
// "::1"). Entries may be separated by commas or white space.
func NewCallbackPolicy(allow ...string) (*CallbackPolicy, error) {
	p := &CallbackPolicy{hosts: map[string]bool{}}
	for _, list := range allow {
		for _, e := range strings.FieldsFunc(list, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
		}) {
			if err := p.add(e); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

func (p *CallbackPolicy) add(e string) error {
	if strings.Contains(e, "/") {
		pfx, err := netip.ParsePrefix(e)
		if err != nil {
			return fmt.Errorf("server: callback allow list: bad CIDR %q: %v", e, err)
		}
		p.prefixes = append(p.prefixes, pfx.Masked())
		return nil
	}
	if a, err := netip.ParseAddr(strings.Trim(e, "[]")); err == nil {
		a = a.Unmap()
		p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
		return nil
	}
	h := strings.ToLower(strings.TrimSuffix(e, "."))
	if h == "" || h == "." || strings.ContainsAny(h, ":@?#") {
		return fmt.Errorf("server: callback allow list: bad entry %q", e)
	}
	if strings.HasPrefix(h, ".") {
		p.suffixes = append(p.suffixes, h)
		return nil
	}
	p.hosts[h] = true
	return nil
}

// hostAllowed reports whether the host name is allow-listed by name.
func (p *CallbackPolicy) hostAllowed(host string) bool {
	if p == nil {
		return false
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if p.hosts[h] {
		return true
	}
	for _, s := range p.suffixes {
		if strings.HasSuffix(h, s) {
			return true
		}
	}
	return false
}

// AllowIP reports whether a connection to ip is allowed: inside an allowed
// CIDR, or a public unicast address.
func (p *CallbackPolicy) AllowIP(ip netip.Addr) error {
	ip = ip.Unmap()
	if !ip.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrCallbackRefused)
	}
	if p != nil {
		for _, pfx := range p.prefixes {
			if pfx.Contains(ip) {
				return nil
			}
		}
	}
	if why := nonPublic(ip); why != "" {
		return fmt.Errorf("%w: %s address %s", ErrCallbackRefused, why, ip)
	}
	return nil
}

// specialPrefixes are special-purpose ranges (RFC 6890 and successors) that
// are neither loopback/private/link-local (checked by netip) nor routable
// public unicast, or that embed an IPv4 address that could be private.
var specialPrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // carrier-grade NAT
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"240.0.0.0/4",     // reserved, broadcast
		"64:ff9b::/96",    // NAT64 (embeds IPv4)
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard-only
		"2001::/23",       // IETF protocol assignments (Teredo, ...)
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4 (embeds IPv4)
		"::/96",           // IPv4-compatible (deprecated)
		"fec0::/10",       // site-local (deprecated)
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// nonPublic names why ip is not a public unicast address, or returns "".
func nonPublic(ip netip.Addr) string {
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, pfx := range specialPrefixes {
		if pfx.Contains(ip) {
			return "special-purpose"
		}
	}
	return ""
}

// Allow checks a callback URL without resolving it: scheme http or https, a
// host, and a host that is allow-listed or, when it is an IP literal, allowed
// by AllowIP. Host names that are not allow-listed pass here and are checked
// again, on the resolved address, when the Client dials. "localhost" and
// names under ".localhost" are refused unless allow-listed.
func (p *CallbackPolicy) Allow(u *url.URL) error {
	if u == nil {
		return fmt.Errorf("%w: no URL", ErrCallbackRefused)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme %q is not http or https", ErrCallbackRefused, u.Scheme)
	}
	if u.Scheme == "http" && p != nil && p.HTTPSOnly {
		return fmt.Errorf("%w: plain http (https required)", ErrCallbackRefused)
	}
	if u.Opaque != "" {
		return fmt.Errorf("%w: opaque URL", ErrCallbackRefused)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: no host", ErrCallbackRefused)
	}
	if p.hostAllowed(host) {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return p.AllowIP(ip)
	}
	if legacyIPv4(host) {
		// 0x7f.1, 2130706433, 127.1: some resolvers read these as IPv4.
		return fmt.Errorf("%w: numeric host %q", ErrCallbackRefused, host)
	}
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return fmt.Errorf("%w: host %q is local", ErrCallbackRefused, host)
	}
	return nil
}

// legacyIPv4 reports whether a host looks like a non-canonical numeric IPv4
// form (all labels made of digits or hex), which netip does not parse but
// inet_aton-style resolvers do.
func legacyIPv4(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(labels) > 4 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
		s := strings.ToLower(l)
		if strings.HasPrefix(s, "0x") {
			s = s[2:]
			if strings.Trim(s, "0123456789abcdef") != "" {
				return false
			}
			continue
		}
		if strings.Trim(s, "0123456789") != "" {
			return false
		}
	}
	return true
}

// DialContext dials like net.Dialer but refuses, after name resolution, any
// connection to an address the policy does not allow; host names on the
// allow list are dialled without that check.
func (p *CallbackPolicy) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if !p.hostAllowed(host) {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: cannot parse dialled address %q", ErrCallbackRefused, address)
			}
			return p.AllowIP(ap.Addr())
		}
	}
	return d.DialContext(ctx, network, addr)
}

// Client returns an HTTP client for callback deliveries that enforces the
// policy: every URL is checked with Allow, every dialled IP with AllowIP,
// no proxy is used (a proxy would hide the real target), redirects are not
// followed, each attempt is bounded by Timeout and at most MaxResponseBytes
// of a response body are readable.
func (p *CallbackPolicy) Client() *http.Client {
	timeout := 30 * time.Second
	maxBody := int64(64 << 10)
	if p != nil && p.Timeout > 0 {
		timeout = p.Timeout
	}
	if p != nil && p.MaxResponseBytes > 0 {
		maxBody = p.MaxResponseBytes
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            p.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           16,
		IdleConnTimeout:        60 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  timeout,
		MaxResponseHeaderBytes: 16 << 10,
	}
	return &http.Client{
		Transport: &policyTransport{policy: p, next: tr, maxBody: maxBody},
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// policyTransport checks each request URL and caps each response body.
type policyTransport struct {
	policy  *CallbackPolicy
	next    http.RoundTripper
	maxBody int64
}

func (t *policyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.policy.Allow(req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{r: io.LimitReader(resp.Body, t.maxBody), c: resp.Body}
	return resp, nil
}

type limitedBody struct {
	r io.Reader
	c io.Closer
}

func (b *limitedBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *limitedBody) Close() error               { return b.c.Close() }
