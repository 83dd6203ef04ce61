package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
)

// countingBody counts the bytes a client reads of a response body.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// countingTransport is a real loopback transport that counts the body
// bytes read of the answers whose path holds substr.
type countingTransport struct {
	rt     http.RoundTripper
	substr string
	n      atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.rt.RoundTrip(r)
	if err == nil && strings.Contains(r.URL.Path, t.substr) {
		resp.Body = countingBody{resp.Body, &t.n}
	}
	return resp, err
}

// padded is a JSON object answer with a "padding" field in front that
// makes it size bytes long.
func padded(body []byte, size int) []byte {
	head := `{"padding":"`
	pad := size - len(head) - len(`",`) - (len(body) - 1)
	return []byte(head + strings.Repeat("x", max(pad, 0)) + `",` + string(body[1:]))
}

// A name answer is small (the documented samples are under 1 KiB), so a
// server that answers a name with 10 MiB is refused at the names' own cap,
// whatever the lead cap: the lead shows, the name says it is unavailable
// and why, in both languages, and the client reads no more of the answer
// than the cap (none of it when the Content-Length says so). An answer
// just under the cap is a name as usual.
func TestAHugeNameAnswerIsRefusedAtTheNamesCap(t *testing.T) {
	const huge = 10 << 20
	h := demo.NewHandler(demo.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/Incoming/") || !strings.Contains(r.Header.Get("Accept"), "json") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		switch {
		case strings.Contains(r.URL.Path, "/Advertising/Office/"):
			// Just under the cap: still a name.
			w.Write(padded(body, 1<<20-1))
		case strings.Contains(r.URL.Path, "/Advertising/User/"):
			// Says its size: refused before a byte is read.
			b := padded(body, huge)
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			w.Write(b)
		default:
			// The estate, in chunks, size unsaid: read up to the cap.
			b := padded(body, huge)
			for len(b) > 0 {
				n := min(len(b), 64<<10)
				if _, err := w.Write(b[:n]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				b = b[n:]
			}
		}
	}))
	t.Cleanup(srv.Close)

	run := func(lang i18n.Lang, substr string) (out, stderr string, read int64) {
		t.Helper()
		tr := &countingTransport{rt: http.DefaultTransport.(*http.Transport).Clone(), substr: substr}
		t.Cleanup(tr.rt.(*http.Transport).CloseIdleConnections)
		c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: demo.Username, Password: demo.Password,
			PublicCredentials: true, Retries: -1, Transport: tr})
		if err != nil {
			t.Fatal(err)
		}
		o := GetOptions{Args: GetArgs{Format: "text", CustomerID: demo.CustomerID, LeadIDs: []string{leadOrdinary}},
			Parallel: 4, Lookup: Lookup{Profile: "demo", Demo: true},
			Names: api.NewResolver(c, api.ResolverOptions{Profile: "demo"})}
		var ob, eb bytes.Buffer
		if code := Get(context.Background(), c, o, IO{Stdout: &ob, Stderr: &eb, Width: 100, Localizer: i18n.New(lang)}); code != ExitOK {
			t.Fatalf("exit %d, want 0: a name's failure is not the lead's: %s", code, eb.String())
		}
		return ob.String(), eb.String(), tr.n.Load()
	}

	out, stderr, read := run(i18n.English, "/Advertising/User/")
	if !strings.Contains(out, "Mäklarhuset Södermalm") {
		t.Errorf("the office's answer just under the cap gives no name:\n%s", out)
	}
	if strings.Contains(out, "Anna Berg") || strings.Contains(out, "Ängsvägen") ||
		!strings.Contains(out, "Agent "+agentAnna+" · name: unavailable") {
		t.Errorf("a 10 MiB name answer was taken:\n%s", out)
	}
	for _, want := range []string{
		"leadinspector: agent " + agentAnna + ": unavailable: response could not be understood: the body is larger than the limit of 1 MiB\n",
		"leadinspector: estate OBJ30011_1584736291: unavailable: response could not be understood: the body is larger than the limit of 1 MiB\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if read != 0 {
		t.Errorf("read %d bytes of an agent answer whose Content-Length is 10 MiB, want none", read)
	}

	_, stderr, read = run(i18n.Swedish, "/Estate/")
	if !strings.Contains(stderr, "leadinspector: handläggare "+agentAnna+": inte tillgängligt: svaret gick inte att förstå: svaret är större än gränsen på 1 MiB\n") {
		t.Errorf("Swedish:\n%s", stderr)
	}
	if read > 1<<20+64<<10 {
		t.Errorf("read %d bytes of a chunked 10 MiB estate answer, want at most the 1 MiB cap (and a chunk)", read)
	}
}
