package api

// Fault injection: each test stands up a server that misbehaves in one way
// and asserts what the caller gets, in bounded time and memory. Run them with
// -race.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bounded fails the test when fn takes longer than limit: a generous bound
// that only a hang would pass, not a performance assertion.
func bounded(t *testing.T, limit time.Duration, fn func()) {
	t.Helper()
	start := time.Now()
	fn()
	if d := time.Since(start); d > limit {
		t.Errorf("took %v, more than %v", d, limit)
	}
}

// wantNetworkError asserts a NetworkError and returns it.
func wantNetworkError(t *testing.T, err error) *NetworkError {
	t.Helper()
	noPassword(t, err)
	t.Logf("user sees: %v", err)
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("err = %v (%T), want NetworkError", err, err)
	}
	return ne
}

// wantBadResponse asserts a BadResponseError with the given reason.
func wantBadResponse(t *testing.T, err error, reason BadResponseReason) *BadResponseError {
	t.Helper()
	noPassword(t, err)
	t.Logf("user sees: %v", err)
	var be *BadResponseError
	if !errors.As(err, &be) || be.Reason != reason {
		t.Fatalf("err = %v (%T), want BadResponseError reason %d", err, err, reason)
	}
	return be
}

// hijack takes over the connection so a test can write a broken response.
func hijack(t *testing.T, w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	conn, rw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Error(err)
		return nil, nil
	}
	return conn, rw
}

func TestFaultSlowHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = 200 * time.Millisecond })
	var err error
	bounded(t, 3*time.Second, func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	ne := wantNetworkError(t, err)
	if !ne.Timeout || ne.Canceled {
		t.Errorf("Timeout %v Canceled %v", ne.Timeout, ne.Canceled)
	}
	if !strings.Contains(err.Error(), "within 200ms") {
		t.Errorf("Error() = %q", err)
	}
	if len(sl.waits()) != 0 || ne.Attempts != 1 {
		t.Errorf("a timeout was retried: waits %v, attempts %d", sl.waits(), ne.Attempts)
	}
}

func TestFaultTricklingBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"message":"`))
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
			if _, err := w.Write([]byte("a")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = 300 * time.Millisecond })
	var err error
	bounded(t, 3*time.Second, func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	ne := wantNetworkError(t, err)
	if !ne.Timeout {
		t.Errorf("Timeout = false: %v", err)
	}
	if !strings.Contains(err.Error(), "did not arrive in full within 300ms") {
		t.Errorf("Error() = %q", err)
	}
}

func TestFaultResetMidBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw := hijack(t, w)
		if conn == nil {
			return
		}
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"state\":")
		_ = rw.Flush()
		// Linger 0: close sends RST instead of FIN.
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	be := wantBadResponse(t, err, Truncated)
	// RST normally arrives as a reset; should the kernel report it as an
	// end of stream instead, it is still a short body.
	if be.Detail != "the connection was reset after 9 bytes of the body" && be.Detail != "the body ended after 9 of 1000 bytes" {
		t.Errorf("Detail = %q", be.Detail)
	}
	if be.Response == nil || be.Response.Status != 200 || string(be.Response.Body) != `{"state":` {
		t.Errorf("Response = %+v", be.Response)
	}
	if len(sl.waits()) != 0 {
		t.Errorf("a broken body was retried")
	}
}

func TestFaultResetMidChunkedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw := hijack(t, w)
		if conn == nil {
			return
		}
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"state\":\r\n")
		_ = rw.Flush()
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	be := wantBadResponse(t, err, Truncated)
	if !strings.Contains(be.Detail, "after 9 bytes of the body") {
		t.Errorf("Detail = %q", be.Detail)
	}
}

func TestFaultTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"state":"New"`))
		// Returning with fewer bytes than declared makes the server close
		// the connection.
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	be := wantBadResponse(t, err, Truncated)
	if !strings.Contains(be.Detail, "ended after 14 of 1000 bytes") {
		t.Errorf("Detail = %q", be.Detail)
	}
	if !strings.HasPrefix(err.Error(), "response could not be understood: the body ended") {
		t.Errorf("Error() = %q", err)
	}
}

func TestFaultInvalidUTF8(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/json", "{\"message\":\"hej \xff\xfe d\xe5\",\"state\":\"N\xc3\"}"))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if res.Lead.Message != "hej \ufffd\ufffd d\ufffd" || res.Lead.State != "N\ufffd" {
		t.Errorf("Message %q State %q", res.Lead.Message, res.Lead.State)
	}
	// The raw body is kept exactly as received.
	if !bytes.Contains(res.Body, []byte("\xff\xfe")) {
		t.Error("Body was altered")
	}
}

func TestFaultInvalidUTF8InXML(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/xml", "<IncomingLead><Message>hej \xff</Message></IncomingLead>"))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", XML)
	be := wantBadResponse(t, err, Undecodable)
	if !strings.Contains(be.Detail, "UTF-8") {
		t.Errorf("Detail = %q", be.Detail)
	}
}

// allocDuring reports how many bytes the process allocated while fn ran: an
// upper bound on how far the heap can have grown.
func allocDuring(fn func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const bigBody = 64 << 20

// streamZeros writes n bytes of a JSON string body from one reused buffer, so
// the server's own allocations stay small.
func streamZeros(w http.ResponseWriter, n int64) {
	buf := make([]byte, 32<<10)
	for i := range buf {
		buf[i] = 'a'
	}
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := w.Write(buf[:k]); err != nil {
			return
		}
		n -= k
	}
}

func TestFaultHugeBodyWithLength(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(bigBody))
		streamZeros(w, bigBody)
		sent.Store(1)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	var err error
	alloc := allocDuring(func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	be := wantBadResponse(t, err, TooLarge)
	if !strings.Contains(err.Error(), "larger than the limit of 16 MiB") || be.Response.Size != bigBody {
		t.Errorf("err %q, Size %d", err, be.Response.Size)
	}
	// Refused on its Content-Length: nothing of it was read.
	if alloc > 4<<20 {
		t.Errorf("allocated %d MiB refusing a body by its length", alloc>>20)
	}
}

func TestFaultHugeChunkedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		streamZeros(w, bigBody) // no Content-Length: chunked
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, slowMachine)
	var err error
	alloc := allocDuring(func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	be := wantBadResponse(t, err, TooLarge)
	if be.Response.Size != DefaultMaxBodyBytes+1 || len(be.Response.Body) != excerptLimit {
		t.Errorf("Size %d, Body %d bytes", be.Response.Size, len(be.Response.Body))
	}
	t.Logf("64 MiB chunked body refused after allocating %d MiB", alloc>>20)
	if alloc > 24<<20 {
		t.Errorf("allocated %d MiB for a body capped at 16 MiB", alloc>>20)
	}
}

// gzipBomb is 64 MiB of JSON-ish text compressed to a few tens of KiB: one
// compressed MiB repeated as gzip members, which a gzip reader reads as one
// stream (compressing 64 MiB under -race would take many seconds).
func gzipBomb(t testing.TB) []byte {
	member := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	mib := member(bytes.Repeat([]byte("a"), 1<<20))
	out := member([]byte(`{"message":"`))
	for range bigBody >> 20 {
		out = append(out, mib...)
	}
	return append(out, member([]byte(`"}`))...)
}

func TestFaultGzipBomb(t *testing.T) {
	bomb := gzipBomb(t)
	var askedGzip atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		askedGzip.Store(strings.Contains(r.Header.Get("Accept-Encoding"), "gzip"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", fmt.Sprint(len(bomb)))
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, slowMachine)
	var err error
	alloc := allocDuring(func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	if !askedGzip.Load() {
		t.Fatal("the client did not ask for gzip: the bomb was not tried")
	}
	wantBadResponse(t, err, TooLarge)
	t.Logf("%d KiB gzip inflating to 64 MiB refused after allocating %d MiB", len(bomb)>>10, alloc>>20)
	if alloc > 24<<20 {
		t.Errorf("allocated %d MiB for a body capped at 16 MiB", alloc>>20)
	}
}

func TestFaultGzipWithinCap(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(readSeed(t, "seed.json"))
	_ = zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	checkSeedLead(t, res.Lead)
	if !bytes.Equal(res.Body, readSeed(t, "seed.json")) {
		t.Error("Body is not the inflated seed")
	}
}

func TestFaultCorruptGzip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffthis is not deflate"))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	be := wantBadResponse(t, err, Undecodable)
	if be.Detail != "the compressed body is corrupt" {
		t.Errorf("Detail = %q", be.Detail)
	}
}

func TestFaultSmallCap(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/json", `{"message":"`+strings.Repeat("x", 2000)+`"}`))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.MaxBodyBytes = 1024 })
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	wantBadResponse(t, err, TooLarge)
	if !strings.Contains(err.Error(), "limit of 1 KiB") {
		t.Errorf("Error() = %q", err)
	}
}

func Test429Storm(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "1")
		serveBody(429, "application/json", `{"Message":"Slow down."}`)(w, r)
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	noPassword(t, err)
	var se *ServerError
	if !errors.As(err, &se) || se.Status != 429 || se.Message != "Slow down." || se.Response.Attempts != 3 {
		t.Fatalf("err = %v", err)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("%d attempts, want exactly 3", n)
	}
	// The budget waits out what is left of the pause when the retry asks:
	// Retry-After's 1 s less the moment since the answer.
	if w := sl.waits(); len(w) != 2 || w[0] <= 900*time.Millisecond || w[0] > time.Second || w[1] <= 900*time.Millisecond || w[1] > time.Second {
		t.Errorf("waits %v, want Retry-After's 1s twice", w)
	}
}

func TestFaultRedirectToOtherHost(t *testing.T) {
	type seen struct {
		auth, accept string
	}
	got := make(chan seen, 1)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.Header.Get("Authorization"), r.Header.Get("Accept")}
		serveBody(401, "text/plain", "who are you?")(w, r)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	noPassword(t, err)
	s := <-got
	if s.auth != "" {
		t.Errorf("Authorization followed the redirect to another host: %q", s.auth)
	}
	if s.accept != "application/json" {
		t.Errorf("Accept = %q", s.accept)
	}
	var ue *UnauthorizedError
	if !errors.As(err, &ue) {
		t.Errorf("err = %v", err)
	}
}

func TestFaultRedirectSameOrigin(t *testing.T) {
	var auth atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/CRM/Lead/M1/Incoming/L1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/v2/lead", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/v2/lead", func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization"))
		serveBody(200, "application/json", `{"state":"New"}`)(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := auth.Load().(string); !strings.HasPrefix(a, "Basic ") {
		t.Errorf("Authorization did not follow a same-origin redirect: %q", a)
	}
	if res.Path != "/CRM/Lead/M1/Incoming/L1" {
		t.Errorf("Path = %q, want the path that was asked for", res.Path)
	}
}

func TestFaultRedirectLoop(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", hits.Load()), http.StatusFound)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	var se *ServerError
	if !errors.As(err, &se) || se.Status != 302 || !strings.Contains(se.Message, "too many redirects") {
		t.Fatalf("err = %v", err)
	}
	if n := hits.Load(); n != maxRedirects+1 {
		t.Errorf("%d requests, want %d", n, maxRedirects+1)
	}
}

// tlsPool trusts srv's certificate.
func tlsPool(srv *httptest.Server) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(srv.Certificate())
	return p
}

func TestFaultRedirectHTTPSToHTTP(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		serveBody(200, "application/json", `{}`)(w, r)
	}))
	defer plain.Close()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.RootCAs = tlsPool(srv) })
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	noPassword(t, err)
	var se *ServerError
	if !errors.As(err, &se) || se.Status != http.StatusFound {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "refused to follow a redirect from https to "+plain.URL) ||
		!strings.Contains(err.Error(), "password would travel in clear") {
		t.Errorf("Error() = %q", err)
	}
	if n := plainHits.Load(); n != 0 {
		t.Errorf("the plain http server got %d requests", n)
	}
}

func TestFaultUntrustedCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(serveBody(200, "application/json", `{"state":"New"}`))
	defer srv.Close()

	c, sl := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	ne := wantNetworkError(t, err)
	for _, want := range []string{"not trusted", "ca_file"} {
		if !strings.Contains(ne.Hint, want) {
			t.Errorf("Hint %q does not mention %q", ne.Hint, want)
		}
	}
	if !strings.HasPrefix(err.Error(), "network error: the certificate of 127.0.0.1 is not trusted") {
		t.Errorf("Error() = %q", err)
	}
	if len(sl.waits()) != 0 {
		t.Error("a certificate failure was retried")
	}

	trusted, _ := newTestClient(t, srv.URL, func(o *Options) { o.RootCAs = tlsPool(srv) })
	res, err := trusted.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatalf("with the server's CA trusted: %v", err)
	}
	if res.Lead.State != StateNew {
		t.Errorf("State = %q", res.Lead.State)
	}
}

func TestFaultWrongHostCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(serveBody(200, "application/json", `{}`))
	defer srv.Close()
	// The test certificate names 127.0.0.1 and example.com, not localhost.
	base := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	c, _ := newTestClient(t, base, func(o *Options) { o.RootCAs = tlsPool(srv) })
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	ne := wantNetworkError(t, err)
	if !strings.Contains(ne.Hint, "not valid for localhost") {
		t.Errorf("Hint = %q", ne.Hint)
	}
}

func TestFaultPlainHTTPToTLSPort(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/json", `{}`))
	defer srv.Close()
	base := strings.Replace(srv.URL, "http://", "https://", 1)
	c, _ := newTestClient(t, base, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	ne := wantNetworkError(t, err)
	if !strings.Contains(ne.Hint, "did not answer with TLS") {
		t.Errorf("Hint = %q", ne.Hint)
	}
}

func TestFaultConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, sl := newTestClient(t, "http://"+addr, nil)
	_, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	ne := wantNetworkError(t, err)
	if !strings.Contains(ne.Hint, "refused the connection") || ne.Timeout {
		t.Errorf("Hint %q Timeout %v", ne.Hint, ne.Timeout)
	}
	if ne.Attempts != 3 || len(sl.waits()) != 2 {
		t.Errorf("Attempts %d waits %v: connection errors are retried twice", ne.Attempts, sl.waits())
	}
}

func TestFaultClosedBeforeAnswer(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if conn, _ := hijack(t, w); conn != nil {
			_ = conn.Close()
		}
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	ne := wantNetworkError(t, err)
	if !strings.Contains(ne.Hint, "closed before an answer came") {
		t.Errorf("Hint = %q", ne.Hint)
	}
	if len(sl.waits()) != 2 {
		t.Errorf("waits %v, want 2 retries", sl.waits())
	}
	// Go's transport may itself retry a GET once on a fresh connection
	// failure; our retries stay bounded on top of that.
	if n := hits.Load(); n < 3 || n > 6 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestFaultCancelledContext(t *testing.T) {
	started := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	var err error
	bounded(t, 3*time.Second, func() { _, err = c.GetIncomingLead(ctx, "M1", "L1", JSON) })
	ne := wantNetworkError(t, err)
	if !ne.Canceled || ne.Timeout || err.Error() != "request cancelled" {
		t.Errorf("Canceled %v Timeout %v Error %q", ne.Canceled, ne.Timeout, err)
	}
	if len(sl.waits()) != 0 {
		t.Error("a cancelled request was retried")
	}
}

func TestFaultCancelledBeforeStart(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetIncomingLead(ctx, "M1", "L1", JSON)
	if ne := wantNetworkError(t, err); !ne.Canceled {
		t.Errorf("Canceled = false")
	}
	if hits.Load() != 0 {
		t.Error("a request was sent on a cancelled context")
	}
}

func TestFaultCallerDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	var err error
	bounded(t, 3*time.Second, func() { _, err = c.GetIncomingLead(ctx, "M1", "L1", JSON) })
	if ne := wantNetworkError(t, err); !ne.Timeout || ne.Canceled {
		t.Errorf("Timeout %v Canceled %v", ne.Timeout, ne.Canceled)
	}
}

func TestFaultNeverAnswers(t *testing.T) {
	// A raw listener that accepts and then says nothing at all.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				<-done
				_ = conn.Close()
			}()
		}
	}()
	c, _ := newTestClient(t, "http://"+ln.Addr().String(), func(o *Options) { o.Timeout = 250 * time.Millisecond })
	bounded(t, 3*time.Second, func() { _, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON) })
	if ne := wantNetworkError(t, err); !ne.Timeout {
		t.Errorf("Timeout = false: %v", err)
	}
}

func TestFaultHostileHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Go refuses C0 controls in header values, but C1 controls and
		// bidi overrides pass.
		w.Header().Set("Content-Type", "text/html\u009b2J\u202e")
		_, _ = w.Write([]byte("<title>\x1b[2Jlogin\x1b]52;c;cHdu\x07</title>"))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	be := wantBadResponse(t, err, WrongContentType)
	if strings.ContainsAny(err.Error(), "\x1b\x07\u009b\u202e") {
		t.Errorf("control characters reached the error text: %q", err)
	}
	if be.Excerpt != "␛[2Jlogin␛]52;c;cHdu␇" {
		t.Errorf("Excerpt = %q", be.Excerpt)
	}
}

func TestFaultControlCharsInHeader(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		conn, rw := hijack(t, w)
		if conn == nil {
			return
		}
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\x1b]0;pwned\x07\r\nContent-Length: 2\r\n\r\n{}")
		_ = rw.Flush()
		_ = conn.Close()
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if ne := wantNetworkError(t, err); !strings.Contains(ne.Hint, "was not valid HTTP") {
		t.Errorf("Hint = %q", ne.Hint)
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("control characters reached the error text: %q", err)
	}
	if len(sl.waits()) != 0 {
		t.Errorf("a malformed response was retried")
	}
}

// slowMachine gives a test whose subject is not the timeout a generous one:
// inflating or reading 16 MiB under -race on a loaded 2-core machine took
// longer than newTestClient's 5 s.
func slowMachine(o *Options) { o.Timeout = time.Minute }
