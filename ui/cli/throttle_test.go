package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
)

// loadServer is Express Connect for the tests below: a lead for any id,
// held by the agent agentOf gives (with the agent's office and an estate),
// answered at once after latency; the name endpoints answer with names,
// or as the test says.
type loadServer struct {
	t       *testing.T
	url     string
	latency time.Duration
	agentOf func(lead string) string
	// names answers the name endpoints; nil gives a name.
	names func(w http.ResponseWriter, r *http.Request)

	mu    sync.Mutex
	leads int
	// nameAt is when each name request came and when it was answered.
	nameAt [][2]time.Time
	paths  map[string]int
}

func newLoadServer(t *testing.T, edit func(*loadServer)) *loadServer {
	s := &loadServer{t: t, agentOf: func(id string) string { return "HAN" + id }, paths: map[string]int{}}
	if edit != nil {
		edit(s)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

func (s *loadServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	came := time.Now()
	time.Sleep(s.latency)
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(seg) == 5 && seg[1] == "Lead" && seg[3] == "Incoming" {
		s.mu.Lock()
		s.leads++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"state":"New","sentAt":"2026-12-01T10:00:00+01:00","buyingEstateId":"OBJ1",`+
			`"receiver":{"agent":{"id":%q,"office":{"id":"KTR1","customerId":"M1"}}}}`, s.agentOf(seg[4]))
		return
	}
	s.mu.Lock()
	s.paths[r.URL.Path]++
	i := len(s.nameAt)
	s.nameAt = append(s.nameAt, [2]time.Time{came})
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.nameAt[i][1] = time.Now()
		s.mu.Unlock()
	}()
	if s.names != nil {
		s.names(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch seg[0] {
	case "Advertising":
		fmt.Fprintf(w, `{"name":"Name of %s"}`, seg[3])
	default:
		fmt.Fprint(w, `{"address":{"streetAddress":"Storgatan 1"}}`)
	}
}

func (s *loadServer) nameRequests() [][2]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][2]time.Time(nil), s.nameAt...)
}

// get runs `get --format text` of ids against s with a client of its own
// budget (timeout as given, retries as configured by default).
func (s *loadServer) get(ids []string, timeout time.Duration) (code int, stdout, stderr string) {
	s.t.Helper()
	c, err := api.NewClient(api.Options{BaseURL: s.url, Username: "partner", Password: "secret-password",
		Timeout: timeout, Budgets: &budget.Registry{}})
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(c.CloseIdleConnections)
	o := GetOptions{Args: GetArgs{CustomerID: "M1", LeadIDs: ids, Format: "text"}, Parallel: 4,
		Lookup: Lookup{Profile: "prod"}, Names: api.NewResolver(c, api.ResolverOptions{Profile: "prod"})}
	var out, errb bytes.Buffer
	code = Get(context.Background(), c, o, IO{Stdout: &out, Stderr: &errb, Width: 200, Localizer: i18n.New(i18n.English)})
	return code, out.String(), errb.String()
}

func leadIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("LED%03d", i)
	}
	return ids
}

// everyRow checks that each id has its row, in order.
func everyRow(t *testing.T, out string, ids []string) {
	t.Helper()
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != len(ids)+1 {
		t.Fatalf("%d lines for %d ids:\n%s", len(rows), len(ids), out)
	}
	for i, id := range ids {
		if !strings.HasPrefix(rows[i+1], id+" ") || !strings.Contains(rows[i+1], "New") {
			t.Fatalf("row %d is %q, want lead %s", i+1, rows[i+1], id)
		}
	}
}

// TestThrottledNamesDoNotHoldTheBatch: 200 leads whose names are answered
// 429 Retry-After: 2. Every lead is printed, the throttled endpoints get
// a few dozen requests at most (not three per lead), and the batch ends
// well within 20 s; stderr says once per pause that the server asked to
// wait, and once that the names are paused.
func TestThrottledNamesDoNotHoldTheBatch(t *testing.T) {
	var throttled sync.Mutex
	n429 := 0
	s := newLoadServer(t, func(s *loadServer) {
		s.names = func(w http.ResponseWriter, r *http.Request) {
			throttled.Lock()
			n429++
			throttled.Unlock()
			w.Header().Set("Retry-After", "2")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"Message":"Too many requests."}`)
		}
	})
	ids := leadIDs(200)
	start := time.Now()
	code, out, stderr := s.get(ids, 0)
	took := time.Since(start)
	if code != ExitOK {
		t.Errorf("exit %d: %s", code, stderr)
	}
	everyRow(t, out, ids)
	if n := len(s.nameRequests()); n > 40 {
		t.Errorf("%d requests to the throttled name endpoints, want at most ~40", n)
	}
	t.Logf("200 leads, names throttled: %v, %d name requests", took, len(s.nameRequests()))
	if took > 20*time.Second {
		t.Errorf("the batch took %v, want it done within 20 s", took)
	}
	if !strings.Contains(out, "agent HANLED199 · names paused: the server asked to slow down") {
		t.Errorf("the last row does not say the names are paused:\n%s", out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	}
	// The names give up after 3 failed requests, so at most a few pauses
	// begin; each is said once (TestOneNoticePerPause has many answers in
	// one pause).
	waits := strings.Count(stderr, "waiting: the server asked to slow down (2 s)")
	if waits == 0 || waits > GiveUpAfterForTest+1 || waits > n429 {
		t.Errorf("%d wait notices for %d throttled answers: want one per pause\n%s", waits, n429, stderr)
	}
	if n := strings.Count(stderr, "names paused: the server asked to slow down (website functions)"); n != 1 {
		t.Errorf("the names' pause said %d times:\n%s", n, stderr)
	}
}

// TestHangingNamesDoNotHoldTheBatch: 40 leads at --timeout 2s whose name
// endpoints never answer: every lead is printed within 10 s (not 40
// timeouts one after the other), the rows saying why there are no names.
func TestHangingNamesDoNotHoldTheBatch(t *testing.T) {
	s := newLoadServer(t, func(s *loadServer) {
		s.names = func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	})
	ids := leadIDs(40)
	start := time.Now()
	code, out, stderr := s.get(ids, 2*time.Second)
	took := time.Since(start)
	if code != ExitOK {
		t.Errorf("exit %d: %s", code, stderr)
	}
	everyRow(t, out, ids)
	if took > 10*time.Second {
		t.Errorf("40 leads took %v, want every one printed within 10 s", took)
	}
	t.Logf("40 leads, names hanging at --timeout 2s: %v, %d name requests", took, len(s.nameRequests()))
	if !strings.Contains(out, "names paused: no answer in time") {
		t.Errorf("no row says the names are paused:\n%s", out)
	}
	if n := strings.Count(stderr, "names paused"); n != 1 {
		t.Errorf("the names' pause said %d times:\n%s", n, stderr)
	}
}

// TestSameHolderAskedOnce: rows held by the same agent make one request
// for the name, however many are in flight at once.
func TestSameHolderAskedOnce(t *testing.T) {
	s := newLoadServer(t, func(s *loadServer) {
		s.latency = 50 * time.Millisecond
		s.agentOf = func(string) string { return "HAN1" }
	})
	ids := leadIDs(12)
	code, out, stderr := s.get(ids, 0)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	everyRow(t, out, ids)
	if n := s.paths["/Advertising/User/M1/HAN1"]; n != 1 {
		t.Errorf("the agent asked for %d times, want once", n)
	}
	if strings.Count(out, "Name of HAN1") != len(ids) {
		t.Errorf("not every row has the agent's name:\n%s", out)
	}
}

// TestOneLeadsNamesGoOutTogether: at 200 ms a request, a lead with an
// agent, an office and an estate has its names in one round after the
// lead: every name request reaches the server before the first is
// answered.
func TestOneLeadsNamesGoOutTogether(t *testing.T) {
	const rtt = 200 * time.Millisecond
	s := newLoadServer(t, func(s *loadServer) { s.latency = rtt })
	start := time.Now()
	code, out, stderr := s.get([]string{"LED1"}, 0)
	took := time.Since(start)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Name of HANLED1", "Name of KTR1", "Storgatan 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	reqs := s.nameRequests()
	if len(reqs) != 3 {
		t.Fatalf("%d name requests, want 3 (agent, office, estate): %v", len(reqs), s.paths)
	}
	for _, r := range reqs {
		for _, o := range reqs {
			if r[0].After(o[1]) {
				t.Errorf("a name request came after another was answered: two rounds")
			}
		}
	}
	t.Logf("lead and names at %v a request: %v", rtt, took)
}

// GiveUpAfterForTest is api.GiveUpAfter, named for the assertions above.
const GiveUpAfterForTest = api.GiveUpAfter

// TestOneNoticePerPause: six lookups in flight together are all answered
// 429 Retry-After: 1; they make one pause, which stderr says once, and
// every lead comes on the retry after it.
func TestOneNoticePerPause(t *testing.T) {
	var (
		mu      sync.Mutex
		arrived int
		all     = make(chan struct{})
	)
	s := newLoadServer(t, nil)
	inner := s.ServeHTTP
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrived++
		n := arrived
		if n == 6 {
			close(all)
		}
		mu.Unlock()
		if n <= 6 {
			select { // answer the first six together
			case <-all:
			case <-time.After(5 * time.Second):
			}
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		inner(w, r)
	}))
	defer srv.Close()
	s.url = srv.URL
	c, err := api.NewClient(api.Options{BaseURL: s.url, Username: "partner", Password: "secret-password", Budgets: &budget.Registry{}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	ids := leadIDs(6)
	o := GetOptions{Args: GetArgs{CustomerID: "M1", LeadIDs: ids, Format: "text", Parallel: 6, NoNames: true}, Lookup: Lookup{Profile: "prod"}}
	var out, errb bytes.Buffer
	code := Get(context.Background(), c, o, IO{Stdout: &out, Stderr: &errb, Width: 200, Localizer: i18n.New(i18n.English)})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	everyRow(t, out.String(), ids)
	if got := errb.String(); got != "leadinspector: waiting: the server asked to slow down (1 s)\n" {
		t.Errorf("stderr is %q, want the one notice of the one pause", got)
	}
}
