package notify

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api/notify"
)

const testToken = "t0k3n-Abcdefghijklmnopqrstuvwxyz_0123456789"

// memStore is a Store in memory with the same duplicate rule as the desk
// store: identical within DedupWindow is stored once.
type memStore struct {
	mu   sync.Mutex
	got  []notify.Notification
	last map[int64]time.Time
	err  error
	hang bool
}

func (s *memStore) Record(ctx context.Context, n notify.Notification, at time.Time) (bool, error) {
	if s.hang {
		<-ctx.Done()
		return false, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false, s.err
	}
	if s.last == nil {
		s.last = map[int64]time.Time{}
	}
	sig := n.Signature()
	if t, ok := s.last[sig]; ok && at.Sub(t) < DedupWindow {
		return true, nil
	}
	s.last[sig] = at
	s.got = append(s.got, n)
	return false, nil
}

func (s *memStore) stored() []notify.Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]notify.Notification(nil), s.got...)
}

type hub struct {
	url   string
	store *memStore
	logs  *syncBuffer
	now   *time.Time
	mu    *sync.Mutex
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startReceiver listens on loopback (plain HTTP: loopback is allowed) with
// a memStore and a clock the test moves.
func startReceiver(t *testing.T, store *memStore) hub {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	rc, err := NewReceiver(ReceiverOptions{Token: testToken, Store: store, Log: log,
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(ServerOptions{Addr: "127.0.0.1:0", Log: log}, rc)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return hub{url: srv.URL(), store: store, logs: logs, now: &now, mu: &mu}
}

func (h hub) advance(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.now = h.now.Add(d)
}

func post(t *testing.T, url, ctype string, body io.Reader) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (h hub) notifyURL() string { return h.url + Path + testToken }

func TestReceiverStoresAndAnswers204(t *testing.T) {
	h := startReceiver(t, &memStore{})
	n := notify.Sample()
	code, _, body := post(t, h.notifyURL()+"?"+n.Query().Encode(), "application/json; charset=utf-8", bytes.NewReader(n.Body()))
	if code != http.StatusNoContent || body != "" {
		t.Fatalf("got %d %q, want 204", code, body)
	}
	if got := h.store.stored(); len(got) != 1 || got[0] != n {
		t.Fatalf("stored %+v", got)
	}
}

// Every refusal, with nothing stored and the token in no log line.
func TestReceiverRefusals(t *testing.T) {
	h := startReceiver(t, &memStore{})
	good := notify.Sample().Body()
	big := append([]byte(`{"type":"IncomingLead","event":"Update","customerId":"M1","id":"LED1","pad":"`),
		bytes.Repeat([]byte("x"), notify.MaxBody)...)
	big = append(big, `"}`...)
	for _, c := range []struct {
		name   string
		method string
		path   string
		ctype  string
		body   io.Reader
		status int
	}{
		{"no token", "POST", Path, "application/json", bytes.NewReader(good), 404},
		{"wrong token", "POST", Path + strings.ToUpper(testToken), "application/json", bytes.NewReader(good), 404},
		{"token prefix", "POST", Path + testToken[:len(testToken)-1], "application/json", bytes.NewReader(good), 404},
		{"token and more", "POST", Path + testToken + "x", "application/json", bytes.NewReader(good), 404},
		{"token and slash", "POST", Path + testToken + "/", "application/json", bytes.NewReader(good), 404},
		{"other path", "POST", "/" + testToken, "application/json", bytes.NewReader(good), 404},
		{"wrong token, GET", "GET", Path + "nope", "", nil, 404},
		{"GET", "GET", Path + testToken, "", nil, 405},
		{"PUT", "PUT", Path + testToken, "application/json", bytes.NewReader(good), 405},
		{"DELETE", "DELETE", Path + testToken, "", nil, 405},
		{"HEAD", "HEAD", Path + testToken, "", nil, 405},
		{"oversize", "POST", Path + testToken, "application/json", bytes.NewReader(big), 413},
		// Without Content-Length (chunked): the limit holds while reading.
		{"oversize chunked", "POST", Path + testToken, "application/json", io.MultiReader(bytes.NewReader(big)), 413},
		{"text/plain", "POST", Path + testToken, "text/plain", bytes.NewReader(good), 400},
		{"no content type", "POST", Path + testToken, "", bytes.NewReader(good), 400},
		{"not JSON", "POST", Path + testToken, "application/json", strings.NewReader("type=IncomingLead"), 400},
		{"empty", "POST", Path + testToken, "application/json", strings.NewReader(""), 400},
		{"not a notification", "POST", Path + testToken, "application/json", strings.NewReader(`{"hello":"world"}`), 400},
		{"deep", "POST", Path + testToken, "application/json", strings.NewReader(strings.Repeat("[", 60000)), 400},
		{"deep inside", "POST", Path + testToken, "application/json",
			strings.NewReader(`{"type":"IncomingLead","event":"Update","customerId":"M1","id":"L","x":` + strings.Repeat(`{"a":`, 10500) + "1" + strings.Repeat("}", 10500) + "}"), 400},
	} {
		req, err := http.NewRequest(c.method, h.url+c.path, c.body)
		if err != nil {
			t.Fatal(err)
		}
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s: got %d, want %d", c.name, resp.StatusCode, c.status)
		}
		if c.status == 405 && resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s: Allow %q", c.name, resp.Header.Get("Allow"))
		}
		if strings.Contains(string(b), testToken) {
			t.Errorf("%s: the answer holds the token", c.name)
		}
	}
	if got := h.store.stored(); len(got) != 0 {
		t.Errorf("refused notifications were stored: %+v", got)
	}
	logs := h.logs.String()
	if strings.Contains(logs, testToken) || strings.Contains(logs, testToken[:16]) {
		t.Errorf("the token reached the log:\n%s", logs)
	}
	if !strings.Contains(logs, `"status":413`) || !strings.Contains(logs, `"status":404`) {
		t.Errorf("refusals not logged:\n%s", logs)
	}
}

// A body of exactly 64 KiB is taken; one byte more is 413.
func TestReceiverSizeBoundary(t *testing.T) {
	h := startReceiver(t, &memStore{})
	body := notify.Sample().Body()
	pad := func(n int) []byte {
		b := append([]byte(nil), body...)
		return append(b, bytes.Repeat([]byte(" "), n-len(b))...)
	}
	for _, c := range []struct {
		size    int
		chunked bool
		want    int
	}{{notify.MaxBody, false, 204}, {notify.MaxBody + 1, false, 413}, {notify.MaxBody, true, 204}, {notify.MaxBody + 1, true, 413}} {
		var r io.Reader = bytes.NewReader(pad(c.size))
		if c.chunked {
			r = io.MultiReader(r)
		}
		h.advance(DedupWindow) // not a duplicate of the one before
		if code, _, _ := post(t, h.notifyURL(), "application/json", r); code != c.want {
			t.Errorf("%d bytes (chunked %v): got %d, want %d", c.size, c.chunked, code, c.want)
		}
	}
}

// Identical within ten minutes is stored once; after that, again; another
// cause at once.
func TestReceiverIdempotent(t *testing.T) {
	h := startReceiver(t, &memStore{})
	n := notify.Sample()
	for i := 0; i < 4; i++ {
		if code, _, _ := post(t, h.notifyURL(), "application/json", bytes.NewReader(n.Body())); code != 204 {
			t.Fatalf("delivery %d: %d", i, code)
		}
		h.advance(4 * time.Minute)
	}
	// 0, 4, 8 min: one stored. At 12 min (12 after the stored one): again.
	// Counted from the stored one, not the last delivery.
	if got := len(h.store.stored()); got != 2 {
		t.Errorf("stored %d, want 2 (0 min, then 12 min)", got)
	}
	n.Cause = notify.CauseNewMeeting
	post(t, h.notifyURL(), "application/json", bytes.NewReader(n.Body()))
	if got := len(h.store.stored()); got != 3 {
		t.Errorf("another cause: stored %d, want 3", got)
	}
}

func TestReceiverStoreFailureIs503(t *testing.T) {
	h := startReceiver(t, &memStore{err: errors.New("disk I/O error")})
	code, hdr, _ := post(t, h.notifyURL(), "application/json", bytes.NewReader(notify.Sample().Body()))
	if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Errorf("store down: got %d Retry-After %q, want 503 with Retry-After", code, hdr.Get("Retry-After"))
	}
	// A store that hangs is answered 503 too, inside Vitec's two seconds.
	h = startReceiver(t, &memStore{hang: true})
	start := time.Now()
	code, _, _ = post(t, h.notifyURL(), "application/json", bytes.NewReader(notify.Sample().Body()))
	if code != http.StatusServiceUnavailable {
		t.Errorf("store hangs: got %d, want 503", code)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("store hangs: answered after %v", d)
	}
}

// Hostile values are stored as received (valid UTF-8, bounded) and the log
// line that names a lead is sanitised.
func TestReceiverHostileBodies(t *testing.T) {
	store := &memStore{err: errors.New("down")}
	h := startReceiver(t, store)
	body := "{\"type\":\"IncomingLead\",\"event\":\"Update\",\"customerId\":\"M1\xff\",\"id\":\"LED\\u001b[2J\\u009b31m\"," +
		`"data":{"cause":"\u001b]0;pwned\u0007","externalId":"` + strings.Repeat("\\u202e", 2000) + `"}}`
	if code, _, _ := post(t, h.notifyURL(), "application/json", strings.NewReader(body)); code != 503 {
		t.Fatalf("got %d", code)
	}
	logs := h.logs.String()
	if strings.Contains(logs, "\\u001b") || strings.Contains(logs, "\x1b") || strings.Contains(logs, "\\u0007") {
		t.Errorf("a control reached the log unsanitised:\n%s", logs)
	}
	store.mu.Lock()
	store.err = nil
	store.mu.Unlock()
	if code, _, _ := post(t, h.notifyURL(), "application/json", strings.NewReader(body)); code != 204 {
		t.Fatalf("got %d", code)
	}
	n := h.store.stored()[0]
	if n.CustomerID != "M1\uFFFD" || n.ID != "LED\x1b[2J\u009b31m" || n.Cause != "\x1b]0;pwned\a" || len(n.ExternalID) > notify.MaxField {
		t.Errorf("stored %+q", n)
	}
}

func TestCheckToken(t *testing.T) {
	for tok, ok := range map[string]bool{
		testToken:                        true,
		strings.Repeat("ab", 16):         true,
		strings.Repeat("a", 30) + "b":    false, // 31: 32 needed
		strings.Repeat("a", 40):          false, // one character repeated
		strings.Repeat("ab", 16) + "/":   false,
		strings.Repeat("ab", 16) + "%2F": false,
		strings.Repeat("ab", 16) + " ":   false,
		"":                               false,
	} {
		if err := CheckToken(tok); (err == nil) != ok {
			t.Errorf("CheckToken(%q) = %v, want ok %v", tok, err, ok)
		}
		if err := CheckToken(tok); err != nil && strings.Contains(err.Error(), tok) && tok != "" {
			t.Errorf("the error quotes the token: %v", err)
		}
	}
	if _, err := NewReceiver(ReceiverOptions{Token: "short", Store: &memStore{}}); err == nil {
		t.Error("NewReceiver took a short token")
	}
}

// Plain HTTP only on loopback, by the client's rule; TLS anywhere.
func TestListenPlainHTTPOnlyOnLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "x.localhost:0", "LOCALHOST.evil:0"} {
		_, err := Listen(ServerOptions{Addr: addr}, http.NotFoundHandler())
		var pe *PlainHTTPError
		if !errors.As(err, &pe) {
			t.Errorf("%s without TLS: got %v, want a refusal", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		s, err := Listen(ServerOptions{Addr: addr}, http.NotFoundHandler())
		if err != nil {
			t.Errorf("%s: %v", addr, err)
			continue
		}
		_ = s.ln.Close()
	}
	if _, err := Listen(ServerOptions{Addr: "127.0.0.1:0", TLSCert: "x.pem"}, http.NotFoundHandler()); err == nil {
		t.Error("a certificate without a key was taken")
	}
}

func TestListenTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	store := &memStore{}
	rc, err := NewReceiver(ReceiverOptions{Token: testToken, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	// 0.0.0.0 is allowed with TLS; the test dials it on loopback.
	srv, err := Listen(ServerOptions{Addr: "0.0.0.0:0", TLSCert: certFile, TLSKey: keyFile}, rc)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	defer srv.Shutdown(context.Background())
	_, port, _ := net.SplitHostPort(srv.Addr().String())
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := c.Post("https://127.0.0.1:"+port+Path+testToken, "application/json", bytes.NewReader(notify.Sample().Body()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || len(store.stored()) != 1 {
		t.Errorf("over TLS: %d, stored %d", resp.StatusCode, len(store.stored()))
	}
	if !strings.HasPrefix(srv.URL(), "https://") {
		t.Errorf("URL %s", srv.URL())
	}
	// Plain HTTP to the TLS port gets no notification in.
	if r2, err := http.Post("http://127.0.0.1:"+port+Path+testToken, "application/json", bytes.NewReader(notify.Sample().Body())); err == nil {
		r2.Body.Close()
		if r2.StatusCode < 400 {
			t.Errorf("plain HTTP to the TLS port: %d", r2.StatusCode)
		}
	}
	if len(store.stored()) != 1 {
		t.Error("plain HTTP stored a notification")
	}
}

func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hub"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	_ = os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	_ = os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
