package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser     = "partner-user"
	testPassword = "s3cr3t-Pässwörd!"
)

// noPassword fails the test when err's text contains the password, in clear
// or inside a Basic auth header.
func noPassword(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	s := err.Error()
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	if strings.Contains(s, testPassword) || strings.Contains(s, basic) {
		t.Errorf("error text contains the password: %q", s)
	}
}

// sleeps records the waits a client asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// newTestClient builds a client for srv's URL with test credentials and no
// real waits; edit adjusts the options.
func newTestClient(t testing.TB, base string, edit func(*Options)) (*Client, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	o := Options{
		BaseURL:   base,
		Username:  testUser,
		Password:  testPassword,
		UserAgent: "leadinspector/test",
		Timeout:   5 * time.Second,
		Sleep:     sl.sleep,
	}
	if edit != nil {
		edit(&o)
	}
	c, err := NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c, sl
}

// serveBody answers every request with status, content type and body.
func serveBody(status int, ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestNewClientRefusesBadBaseURL(t *testing.T) {
	for _, base := range []string{"", "ftp://x", "http://example.com", "https://user:" + testPassword + "@example.com"} {
		_, err := NewClient(Options{BaseURL: base, Password: testPassword})
		if err == nil {
			t.Errorf("NewClient(%q) accepted it", base)
		}
		noPassword(t, err)
	}
}

func TestGetIncomingLeadJSON(t *testing.T) {
	seed := readSeed(t, "seed.json")
	type seen struct {
		method, requestURI, accept, ua, user, pass string
		basic                                      bool
	}
	var got seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.method, got.requestURI = r.Method, r.RequestURI
		got.accept, got.ua = r.Header.Get("Accept"), r.Header.Get("User-Agent")
		got.user, got.pass, got.basic = r.BasicAuth()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(seed)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)

	res, err := c.GetIncomingLead(context.Background(), "M30011", "LED7216862FF0AD4AE38061A04A9AC4D60D", JSON)
	if err != nil {
		t.Fatal(err)
	}
	want := seen{"GET", "/CRM/Lead/M30011/Incoming/LED7216862FF0AD4AE38061A04A9AC4D60D",
		"application/json", "leadinspector/test", testUser, testPassword, true}
	if got != want {
		t.Errorf("server saw %+v\nwant %+v", got, want)
	}
	checkSeedLead(t, res.Lead)
	if string(res.Body) != string(seed) {
		t.Errorf("Body differs from what was sent")
	}
	u, _ := url.Parse(srv.URL)
	if res.Format != JSON || res.Method != "GET" || res.Path != want.requestURI || res.Host != u.Host ||
		res.Accept != "application/json" || res.Status != 200 ||
		res.ContentType != "application/json; charset=utf-8" || res.Size != int64(len(seed)) || res.Attempts != 1 {
		t.Errorf("Result header fields wrong: %+v", *res)
	}
	if res.Duration <= 0 {
		t.Errorf("Duration = %v", res.Duration)
	}
}

func TestGetIncomingLeadXML(t *testing.T) {
	seed := readSeed(t, "seed.xml")
	var accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accept = r.Header.Get("Accept")
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		_, _ = w.Write(seed)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", XML)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "application/xml" {
		t.Errorf("Accept = %q", accept)
	}
	checkSeedLead(t, res.Lead)
	if res.Format != XML || res.Accept != "application/xml" {
		t.Errorf("Format %q Accept %q", res.Format, res.Accept)
	}
}

func TestIDsAreOneEscapedSegment(t *testing.T) {
	type seen struct{ requestURI, path string }
	ch := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch <- seen{r.RequestURI, r.URL.Path}
		serveBody(200, "application/json", `{}`)(w, r)
	}))
	defer srv.Close()

	tests := []struct {
		base, customer, lead, wantURI string
	}{
		{srv.URL, "M30011", "a/b", "/CRM/Lead/M30011/Incoming/a%2Fb"},
		{srv.URL, "M30011", "x?y=1#z", "/CRM/Lead/M30011/Incoming/x%3Fy=1%23z"},
		{srv.URL, "M30011", "100%", "/CRM/Lead/M30011/Incoming/100%25"},
		{srv.URL, "M30011", "two words", "/CRM/Lead/M30011/Incoming/two%20words"},
		{srv.URL, "Mö/1", "LEDÅÄÖ✓", "/CRM/Lead/M%C3%B6%2F1/Incoming/LED%C3%85%C3%84%C3%96%E2%9C%93"},
		{srv.URL, "M1", "../../Contact/M1/ADR1", "/CRM/Lead/M1/Incoming/..%2F..%2FContact%2FM1%2FADR1"},
		{srv.URL, "M1", "a+b;c", "/CRM/Lead/M1/Incoming/a+b%3Bc"},
		{srv.URL, "M1", "%2F", "/CRM/Lead/M1/Incoming/%252F"},
		{srv.URL + "/api/v1/", "M1", "L/1", "/api/v1/CRM/Lead/M1/Incoming/L%2F1"},
		{srv.URL + "/my%20api", "M1", "L", "/my%20api/CRM/Lead/M1/Incoming/L"},
	}
	for _, tt := range tests {
		c, _ := newTestClient(t, tt.base, nil)
		res, err := c.GetIncomingLead(context.Background(), tt.customer, tt.lead, JSON)
		if err != nil {
			t.Errorf("%q/%q: %v", tt.customer, tt.lead, err)
			continue
		}
		got := <-ch
		if got.requestURI != tt.wantURI {
			t.Errorf("%q/%q reached the server as %q, want %q", tt.customer, tt.lead, got.requestURI, tt.wantURI)
		}
		if !strings.HasSuffix(got.path, "/Incoming/"+tt.lead) {
			t.Errorf("%q: decoded path %q does not end in the id", tt.lead, got.path)
		}
		if res.Path != tt.wantURI {
			t.Errorf("Result.Path = %q, want %q", res.Path, tt.wantURI)
		}
	}
}

func TestInvalidInputSendsNothing(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	tests := []struct {
		customer, lead string
		f              Format
		want           string
	}{
		{"", "LED1", JSON, "customer ID is empty"},
		{"M1", "", JSON, "lead ID is empty"},
		{"  ", "LED1", JSON, "customer ID is empty"},
		{"M1", "\t\n", XML, "lead ID is empty"},
		{"M1", "..", JSON, `lead ID ".." is not a valid id`},
		{".", "L", JSON, `customer ID "." is not a valid id`},
		{"M1", "L", Format(""), "format"},
		{"M1", "L", Format("yaml"), "format"},
	}
	for _, tt := range tests {
		_, err := c.GetIncomingLead(context.Background(), tt.customer, tt.lead, tt.f)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%q/%q/%q: err = %v, want InputError", tt.customer, tt.lead, tt.f, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err %q does not say %q", err, tt.want)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestContentTypeCheck(t *testing.T) {
	const loginPage = `<!DOCTYPE html><html><head><title>Sign in – Corp Proxy</title></head><body><form>…</form></body></html>`
	tests := []struct {
		name, ct, body string
		f              Format
		ok             bool
		excerpt        string
	}{
		{"json", "application/json", `{}`, JSON, true, ""},
		{"text/json charset", "text/json; charset=utf-8", `{}`, JSON, true, ""},
		{"json upper case", "Application/JSON", `{}`, JSON, true, ""},
		{"json suffix", "application/vnd.vitec+json", `{}`, JSON, true, ""},
		{"xml", "application/xml", `<IncomingLead/>`, XML, true, ""},
		{"text/xml charset", "text/xml; charset=utf-8", `<IncomingLead/>`, XML, true, ""},
		{"xml suffix", "application/vnd.vitec+xml", `<IncomingLead/>`, XML, true, ""},
		{"login page for json", "text/html; charset=utf-8", loginPage, JSON, false, "Sign in – Corp Proxy"},
		{"login page for xml", "text/html", loginPage, XML, false, "Sign in – Corp Proxy"},
		{"xml for json", "application/xml", `<IncomingLead/>`, JSON, false, "<IncomingLead/>"},
		{"json for xml", "application/json", `{"state":"New"}`, XML, false, `{"state":"New"}`},
		{"xhtml for xml", "application/xhtml+xml", loginPage, XML, false, "Sign in – Corp Proxy"},
		{"none", "", `{}`, JSON, false, "{}"},
		{"plain text", "text/plain", "Service \x1b[31mdown\x1b[0m\nsecond line", JSON, false, "Service ␛[31mdown␛[0m second line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = nil // no sniffing when ct is ""
				if tt.ct != "" {
					w.Header().Set("Content-Type", tt.ct)
				}
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv.URL, nil)
			res, err := c.GetIncomingLead(context.Background(), "M1", "L1", tt.f)
			if tt.ok {
				if err != nil || res.Lead == nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var be *BadResponseError
			if !errors.As(err, &be) || be.Reason != WrongContentType {
				t.Fatalf("err = %v, want WrongContentType", err)
			}
			if be.Excerpt != tt.excerpt {
				t.Errorf("Excerpt = %q, want %q", be.Excerpt, tt.excerpt)
			}
			if !strings.Contains(err.Error(), tt.f.Label()) {
				t.Errorf("error %q does not name the expected format", err)
			}
			if be.Response == nil || be.Response.Status != 200 || string(be.Response.Body) != tt.body {
				t.Errorf("Response = %+v", be.Response)
			}
		})
	}
}

func TestUndecodableBody(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/json", `null`))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	var be *BadResponseError
	if !errors.As(err, &be) || be.Reason != Undecodable {
		t.Fatalf("err = %v, want Undecodable", err)
	}
	if !strings.Contains(err.Error(), "not a valid JSON lead") || be.Excerpt != "null" {
		t.Errorf("err = %q, excerpt %q", err, be.Excerpt)
	}
	if be.Response == nil || be.Response.Size != 4 || be.Response.Attempts != 1 {
		t.Errorf("Response = %+v", be.Response)
	}
}

func TestStatusErrors(t *testing.T) {
	long := strings.Repeat("väldigt lång text ", 40)
	tests := []struct {
		name, ct, body string
		status         int
		check          func(t *testing.T, err error)
		wantMsg        string
		wantText       string
	}{
		{
			name: "400 ModelState", status: 400, ct: "application/json; charset=utf-8",
			body: `{"Message":"The request is invalid.","ModelState":{"id":["The value 'x' is not valid."],"customerId":["Required.","Too short."]}}`,
			check: func(t *testing.T, err error) {
				var re *RejectedError
				if !errors.As(err, &re) {
					t.Fatalf("%T", err)
				}
				want := map[string][]string{"id": {"The value 'x' is not valid."}, "customerId": {"Required.", "Too short."}}
				if !reflect.DeepEqual(re.Fields, want) {
					t.Errorf("Fields = %v", re.Fields)
				}
			},
			wantMsg:  "The request is invalid.",
			wantText: "request rejected (HTTP 400 Bad Request): The request is invalid. (customerId: Required.; customerId: Too short.; id: The value 'x' is not valid.)",
		},
		{
			name: "400 camelCase, single string", status: 400, ct: "application/json",
			body: `{"message":"Invalid.","modelState":{"lead.Id":"Bad id"}}`,
			check: func(t *testing.T, err error) {
				var re *RejectedError
				if !errors.As(err, &re) || !reflect.DeepEqual(re.Fields, map[string][]string{"lead.Id": {"Bad id"}}) {
					t.Errorf("%#v", err)
				}
			},
			wantMsg: "Invalid.",
		},
		{
			name: "400 problem details", status: 400, ct: "application/problem+json",
			body: `{"title":"One or more validation errors occurred.","status":400,"errors":{"Id":["Too long."]}}`,
			check: func(t *testing.T, err error) {
				var re *RejectedError
				if !errors.As(err, &re) || !reflect.DeepEqual(re.Fields, map[string][]string{"Id": {"Too long."}}) {
					t.Errorf("%#v", err)
				}
			},
			wantMsg: "One or more validation errors occurred.",
		},
		{
			name: "401 text", status: 401, ct: "text/plain", body: "\n  Authorization has been denied for this request.\r\nmore",
			check:    isType[*UnauthorizedError],
			wantMsg:  "Authorization has been denied for this request.",
			wantText: "authentication failed (HTTP 401 Unauthorized): Authorization has been denied for this request.",
		},
		{
			name: "403 XML", status: 403, ct: "application/xml; charset=utf-8",
			body:     `<Error xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Message>No access to customer M1.</Message></Error>`,
			check:    isType[*ForbiddenError],
			wantMsg:  "No access to customer M1.",
			wantText: "no access (HTTP 403 Forbidden): No access to customer M1.",
		},
		{
			name: "400 XML ModelState", status: 400, ct: "text/xml",
			body: `<Error><Message>The request is invalid.</Message><ModelState><id>Bad id.</id></ModelState></Error>`,
			check: func(t *testing.T, err error) {
				var re *RejectedError
				if !errors.As(err, &re) || !reflect.DeepEqual(re.Fields, map[string][]string{"id": {"Bad id."}}) {
					t.Errorf("%#v", err)
				}
			},
			wantMsg: "The request is invalid.",
		},
		{
			name: "404 empty", status: 404, ct: "", body: "",
			check: isType[*NotFoundError], wantMsg: "",
			wantText: "not found (HTTP 404 Not Found)",
		},
		{
			name: "500 JSON", status: 500, ct: "application/json", body: `{"Message":"An error has occurred."}`,
			check: isType[*ServerError], wantMsg: "An error has occurred.",
			wantText: "server error (HTTP 500 Internal Server Error): An error has occurred.",
		},
		{
			name: "500 HTML title", status: 500, ct: "text/html",
			body:  "<html><head><title>Runtime Error &amp; more</title><style>p{}</style></head><body><h1>Server Error in '/' Application.</h1></body></html>",
			check: isType[*ServerError], wantMsg: "Runtime Error & more",
		},
		{
			name: "502 HTML first words", status: 502, ct: "text/html",
			body:  "<html><head><script>var x=1;</script></head><body><!-- c --><h1>Bad   Gateway</h1><p>The proxy got an invalid response from the upstream server one two three four five six seven eight nine ten eleven twelve</p></body></html>",
			check: isType[*ServerError], wantMsg: "Bad Gateway The proxy got an invalid response from the upstream server one two three four five six seven eight …",
		},
		{
			name: "418 unexpected", status: 418, ct: "text/plain", body: "teapot",
			check: isType[*ServerError], wantMsg: "teapot",
			wantText: "unexpected HTTP status (HTTP 418 I'm a teapot): teapot",
		},
		{
			name: "hostile message", status: 500, ct: "application/json",
			body:  `{"Message":"\u001b]0;pwned\u0007\u001b[2J\u202eevil\nline"}`,
			check: isType[*ServerError], wantMsg: `␛]0;pwned␇␛[2J\u202eevil line`,
		},
		{
			name: "long message", status: 500, ct: "application/json", body: `{"Message":"` + long + `"}`,
			check: isType[*ServerError], wantMsg: shorten(strings.TrimSpace(long), maxMessageRunes),
		},
		{
			name: "JSON content type with text body", status: 500, ct: "application/json", body: "Oops, plain text",
			check: isType[*ServerError], wantMsg: "Oops, plain text",
		},
		{
			name: "sniffed JSON", status: 403, ct: "", body: `{"Message":"Sniffed."}`,
			check: isType[*ForbiddenError], wantMsg: "Sniffed.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = nil
				if tt.ct != "" {
					w.Header().Set("Content-Type", tt.ct)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c, sl := newTestClient(t, srv.URL, nil)
			res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
			if err == nil {
				t.Fatalf("no error, result %+v", res)
			}
			tt.check(t, err)
			var se *StatusError
			if !asStatusError(err, &se) {
				t.Fatalf("no StatusError in %T", err)
			}
			if se.Status != tt.status || se.Message != tt.wantMsg {
				t.Errorf("Status %d Message %q\nwant %d %q", se.Status, se.Message, tt.status, tt.wantMsg)
			}
			if tt.wantText != "" && err.Error() != tt.wantText {
				t.Errorf("Error() = %q\nwant      %q", err.Error(), tt.wantText)
			}
			attempts := 1
			if tt.status == 502 {
				attempts = 3
			}
			r := se.Response
			if r == nil || r.Status != tt.status || r.Method != "GET" || r.Path != "/CRM/Lead/M1/Incoming/L1" ||
				r.Accept != "application/json" || r.Attempts != attempts || string(r.Body) != tt.body[:min(len(tt.body), excerptLimit)] {
				t.Errorf("Response = %+v", r)
			}
			if n := len(sl.waits()); n != attempts-1 {
				t.Errorf("status %d: %d retries", tt.status, n)
			}
			noPassword(t, err)
		})
	}
}

func isType[T error](t *testing.T, err error) {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Errorf("err is %T, want %T", err, target)
	}
}

func TestErrorBodyKeptShort(t *testing.T) {
	big := strings.Repeat("x", 100<<10)
	srv := httptest.NewServer(serveBody(500, "text/plain", big))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	var se *ServerError
	if !errors.As(err, &se) {
		t.Fatal(err)
	}
	if len(se.Response.Body) != excerptLimit {
		t.Errorf("Response.Body is %d bytes, want %d", len(se.Response.Body), excerptLimit)
	}
	if n := len([]rune(se.Message)); n > maxMessageRunes {
		t.Errorf("Message is %d runes", n)
	}
}

func TestRetriesThenSuccess(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			serveBody(503, "text/html", "<title>Service Unavailable</title>")(w, r)
		case 2:
			serveBody(502, "text/plain", "bad gateway")(w, r)
		default:
			serveBody(200, "application/json", `{"state":"New"}`)(w, r)
		}
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 3 || res.Lead.State != StateNew {
		t.Errorf("Attempts %d, RetriedFor %d (want the last retried status, 502), lead %+v", res.Attempts, res.RetriedFor, res.Lead)
	}
	w := sl.waits()
	if len(w) != 2 {
		t.Fatalf("waits %v, want 2", w)
	}
	// Exponential with jitter: [250ms, 500ms) then [500ms, 1s).
	if w[0] < 250*time.Millisecond || w[0] >= 500*time.Millisecond || w[1] < 500*time.Millisecond || w[1] >= time.Second {
		t.Errorf("waits %v outside the backoff ranges", w)
	}
}

func TestSleepFailingForOtherReasons(t *testing.T) {
	srv := httptest.NewServer(serveBody(503, "text/plain", "busy"))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		o.Sleep = func(context.Context, time.Duration) error { return errors.New("no sleep for you") }
	})
	_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	var se *ServerError
	if !errors.As(err, &se) || se.Status != 503 || se.Response.Attempts != 1 {
		t.Fatalf("err = %#v, want the 503 after 1 attempt", err)
	}
}

func TestRetryStatuses(t *testing.T) {
	for _, tt := range []struct {
		status int
		retry  bool
	}{{429, true}, {502, true}, {503, true}, {504, true}, {500, false}, {501, false}, {400, false}, {401, false}, {403, false}, {404, false}, {409, false}} {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.WriteHeader(tt.status)
		}))
		c, _ := newTestClient(t, srv.URL, nil)
		_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
		srv.Close()
		want := int32(1)
		if tt.retry {
			want = 3
		}
		if got := hits.Load(); got != want {
			t.Errorf("status %d: %d attempts, want %d", tt.status, got, want)
		}
		var se *StatusError
		if !asStatusError(err, &se) || se.Response.Attempts != int(want) {
			t.Errorf("status %d: err %v", tt.status, err)
		}
	}
}

func TestRetriesOption(t *testing.T) {
	for _, tt := range []struct{ retries, want int32 }{{-1, 1}, {0, 3}, {1, 2}, {4, 5}} {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.WriteHeader(503)
		}))
		c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Retries = int(tt.retries) })
		_, _ = c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
		srv.Close()
		if got := hits.Load(); got != tt.want {
			t.Errorf("Retries %d: %d attempts, want %d", tt.retries, got, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 4, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		header     string
		wantWaits  []time.Duration
		wantHits   int32
		wantErrSub string
	}{
		{"seconds", "7", []time.Duration{7 * time.Second, 7 * time.Second}, 3, "HTTP 429"},
		// Nothing to wait: the retries go at once.
		{"zero", "0", []time.Duration{}, 3, "HTTP 429"},
		{"http date", now.Add(12 * time.Second).Format(http.TimeFormat), []time.Duration{12 * time.Second, 12 * time.Second}, 3, "retry after 12s"},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), []time.Duration{}, 3, "HTTP 429"},
		{"exactly the cap", "30", []time.Duration{30 * time.Second, 30 * time.Second}, 3, "retry after 30s"},
		{"too long: give up", "120", nil, 1, "too many requests (HTTP 429 Too Many Requests); the server asks to retry after 2m0s"},
		{"huge", "99999999999999999", nil, 1, "retry after 24h0m0s"},
		{"garbage: backoff", "soon", nil, 3, "HTTP 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Retry-After", tt.header)
				w.WriteHeader(429)
			}))
			defer srv.Close()
			c, sl := newTestClient(t, srv.URL, func(o *Options) { o.Now = func() time.Time { return now } })
			_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
			var se *ServerError
			if !errors.As(err, &se) || se.Status != 429 {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(err.Error(), tt.wantErrSub) {
				t.Errorf("err %q does not contain %q", err, tt.wantErrSub)
			}
			if got := hits.Load(); got != tt.wantHits {
				t.Errorf("%d attempts, want %d", got, tt.wantHits)
			}
			if tt.wantWaits != nil && !reflect.DeepEqual(append([]time.Duration{}, sl.waits()...), tt.wantWaits) {
				t.Errorf("waits %v, want %v", sl.waits(), tt.wantWaits)
			}
		})
	}
}

func TestRetryWaitBeyondCallerDeadline(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c, sl := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetIncomingLead(ctx, "M1", "L1", JSON)
	var se *ServerError
	if !errors.As(err, &se) || se.Status != 503 {
		t.Fatalf("err = %v, want the 503", err)
	}
	if hits.Load() != 1 || len(sl.waits()) != 0 {
		t.Errorf("%d attempts, waits %v", hits.Load(), sl.waits())
	}
}

func TestCancelDuringRetryWait(t *testing.T) {
	srv := httptest.NewServer(serveBody(503, "text/plain", "busy"))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		o.Sleep = func(ctx context.Context, d time.Duration) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
	})
	_, err := c.GetIncomingLead(ctx, "M1", "L1", JSON)
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Canceled || ne.Attempts != 1 {
		t.Fatalf("err = %#v, want cancelled after 1 attempt", err)
	}
	if err.Error() != "request cancelled" {
		t.Errorf("Error() = %q", err)
	}
}

func TestKeepAlive(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(serveBody(200, "application/json", `{}`))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	for range 5 {
		if _, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("5 lookups used %d connections, want 1 (keep-alive)", n)
	}
}

// FuzzLeadURL: whatever the ids, the request path has exactly the endpoint's
// segments and each id comes back whole from its one segment.
func FuzzLeadURL(f *testing.F) {
	for _, s := range []string{"M30011", "a/b", "x?y#z", "100%", "%2F", "two words", "ÅÄÖ", "\x00\n\xff", "..%2F", "a;b=c", "//", "@:"} {
		f.Add(s, s)
	}
	c, err := NewClient(Options{BaseURL: "https://example.com/base%20path/"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, customer, lead string) {
		if checkID("c", customer) != nil || checkID("l", lead) != nil {
			return
		}
		u := c.leadURL(customer, lead)
		parsed, err := url.Parse(u.String())
		if err != nil {
			t.Fatalf("%q does not parse: %v", u, err)
		}
		segs := strings.Split(parsed.EscapedPath(), "/")
		if len(segs) != 7 || segs[1] != "base%20path" || segs[2] != "CRM" || segs[3] != "Lead" || segs[5] != "Incoming" {
			t.Fatalf("path %q has the wrong segments", parsed.EscapedPath())
		}
		for i, want := range map[int]string{4: customer, 6: lead} {
			got, err := url.PathUnescape(segs[i])
			if err != nil || got != want {
				t.Fatalf("segment %q unescapes to %q (%v), want %q", segs[i], got, err, want)
			}
		}
	})
}

// A server that echoes the credentials back in its error text must not put
// them on screen: the client redacts them before any caller sees the error.
func TestServerEchoingThePasswordIsRedacted(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	for _, c := range []struct {
		status int
		ctype  string
		body   string
	}{
		{401, "application/json", `{"Message":"wrong password ` + testPassword + ` (Basic ` + basic + `)"}`},
		{400, "application/json", `{"Message":"invalid","ModelState":{"pw":["` + testPassword + `"]}}`},
		{500, "text/plain", "echo: " + testPassword},
		{200, "text/html", "<html><title>" + testPassword + "</title></html>"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", c.ctype)
			w.WriteHeader(c.status)
			io.WriteString(w, c.body)
		}))
		cl, err := NewClient(Options{BaseURL: srv.URL, Username: testUser, Password: testPassword, Retries: -1})
		if err != nil {
			t.Fatal(err)
		}
		_, err = cl.GetIncomingLead(context.Background(), "M1", "L1", JSON)
		srv.Close()
		if err == nil {
			t.Fatalf("status %d: no error", c.status)
		}
		noPassword(t, err)
		var re *RejectedError
		if errors.As(err, &re) && strings.Contains(re.FieldSummary(), testPassword) {
			t.Errorf("field messages carry the password: %q", re.FieldSummary())
		}
		if !strings.Contains(err.Error(), "••••") {
			t.Errorf("status %d: want the password shown as ••••, got %q", c.status, err)
		}
	}
}

func TestRedactShortPasswordOnlyAsAWord(t *testing.T) {
	if got := Redact("x refused: check whether a proxy (x) is needed", "u", "x"); got != "•••• refused: check whether a proxy (••••) is needed" {
		t.Error(got)
	}
	if got := Redact("tokenCorrectHorse9!tail", "u", "CorrectHorse9!"); got != "token••••tail" {
		t.Error(got)
	}
}

func TestStatusOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{&UnauthorizedError{StatusError{Status: 401}}, 401},
		{&RejectedError{StatusError: StatusError{Status: 400}}, 400},
		{fmt.Errorf("wrapped: %w", &ServerError{StatusError{Status: 503}}), 503},
		{&NetworkError{Err: errors.New("refused")}, 0},
		{&BadResponseError{Response: &Response{Status: 200}}, 0},
	} {
		if got := StatusOf(c.err); got != c.want {
			t.Errorf("StatusOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}
