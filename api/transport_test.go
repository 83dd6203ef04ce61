package api

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// proxyListener is a real proxy address on loopback that records the first
// line of every request it gets, and answers none of them.
type proxyListener struct {
	url   *url.URL
	mu    sync.Mutex
	lines []string
	auth  bool
}

func newProxyListener(t *testing.T) *proxyListener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &proxyListener{url: &url.URL{Scheme: "http", Host: ln.Addr().String()}}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(5 * time.Second))
				r := bufio.NewReader(c)
				first := true
				for {
					line, err := r.ReadString('\n')
					p.mu.Lock()
					if first {
						p.lines = append(p.lines, strings.TrimSpace(line))
					}
					if strings.HasPrefix(strings.ToLower(line), "authorization:") {
						p.auth = true
					}
					p.mu.Unlock()
					first = false
					if err != nil || line == "\r\n" {
						return
					}
				}
			}()
		}
	}()
	return p
}

func (p *proxyListener) received() ([]string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...), p.auth
}

// lookupTo resolves every name to the given addresses.
func lookupTo(addrs ...string) lookupFunc {
	return func(context.Context, string) ([]net.IPAddr, error) {
		var out []net.IPAddr
		for _, a := range addrs {
			out = append(out, net.IPAddr{IP: net.ParseIP(a)})
		}
		return out, nil
	}
}

func TestLoopbackNeverThroughProxy(t *testing.T) {
	seed, err := os.ReadFile("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	var hits sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Store(r.Host, true)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(seed)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	proxy := newProxyListener(t)

	for _, host := range []string{"LOCALHOST", "localhost.", "localhost", "LocalHost.", "127.0.0.1"} {
		base := "http://" + net.JoinHostPort(host, port)
		c, _ := newTestClient(t, base, func(o *Options) {
			o.Transport = newTransport(nil, http.ProxyURL(proxy.url), lookupTo("127.0.0.1"))
			o.Retries = -1
		})
		res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if res.Status != 200 {
			t.Errorf("%s: status %d", base, res.Status)
		}
	}
	if lines, _ := proxy.received(); len(lines) != 0 {
		t.Errorf("the proxy received requests for loopback URLs: %q", lines)
	}

	// The control: the same proxy does receive a request to another host,
	// over https (a CONNECT, without the credentials in it).
	c, _ := newTestClient(t, "https://connect.example.invalid", func(o *Options) {
		o.Transport = newTransport(nil, http.ProxyURL(proxy.url), lookupTo("127.0.0.1"))
		o.Retries = -1
		o.Timeout = time.Second
	})
	_, _ = c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	lines, auth := proxy.received()
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "CONNECT connect.example.invalid:443") {
		t.Errorf("the proxy got %q, want one CONNECT for the https host", lines)
	}
	if auth {
		t.Error("the proxy received an Authorization header")
	}
}

func TestNoProxyForPlainHTTPOrLoopback(t *testing.T) {
	proxyURL, _ := url.Parse("http://proxy.example:3128")
	pick := noProxyFor(http.ProxyURL(proxyURL))
	for raw, want := range map[string]bool{
		"http://LOCALHOST:9/":           false,
		"http://localhost.:9/":          false,
		"http://127.0.0.2:9/":           false,
		"http://[::1]:9/":               false,
		"http://x.localhost:9/":         false, // plain http: never proxied
		"https://localhost/":            false,
		"https://[::1]/":                false,
		"https://connect.example.com/":  true,
		"https://x.localhost/":          true,
		"https://LOCALHOST.evil.test/x": true,
	} {
		u, _ := url.Parse(raw)
		got, err := pick(&http.Request{URL: u})
		if err != nil {
			t.Fatal(err)
		}
		if (got != nil) != want {
			t.Errorf("%s: proxy %v, want proxied=%v", raw, got, want)
		}
	}
}

func TestLocalhostDialledOnlyToLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	// A resolver that puts localhost anywhere else is not followed, even
	// when it also names a loopback address.
	for _, addrs := range [][]string{{"192.0.2.7"}, {"127.0.0.1", "192.0.2.7"}, {}} {
		c, _ := newTestClient(t, "http://localhost:"+port, func(o *Options) {
			o.Transport = newTransport(nil, nil, lookupTo(addrs...))
			o.Retries = -1
			o.Timeout = time.Second
		})
		_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
		if err == nil {
			t.Fatalf("localhost → %v: the request went through", addrs)
		}
		if len(addrs) > 0 && !strings.Contains(err.Error(), "not a loopback address") {
			t.Errorf("localhost → %v: error %q does not say why", addrs, err)
		}
		noPassword(t, err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
}

// The default transport keeps its TLS settings with the new dial and proxy
// rules in place.
func TestNewTransportKeepsTLS(t *testing.T) {
	tr := newTransport(nil, http.ProxyFromEnvironment, net.DefaultResolver.LookupIPAddr)
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("TLS config %+v", tr.TLSClientConfig)
	}
	if tr.Proxy == nil || tr.DialContext == nil {
		t.Error("proxy or dial rule missing")
	}
}
