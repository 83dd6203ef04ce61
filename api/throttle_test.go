package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"leadinspector/api/budget"
)

// arrivals records when each request reached a test server.
type arrivals struct {
	mu sync.Mutex
	at []time.Time
}

func (a *arrivals) add() time.Time {
	now := time.Now()
	a.mu.Lock()
	a.at = append(a.at, now)
	a.mu.Unlock()
	return now
}

func (a *arrivals) all() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.at...)
}

// TestNoRequestReachesAPausedBudget: the first request is answered 429
// with Retry-After: 2; requests started after it (through any client of
// the same server and credentials) reach the server only once the two
// seconds are over, retries included.
func TestNoRequestReachesAPausedBudget(t *testing.T) {
	var (
		arr      arrivals
		throttle atomic.Int64 // the time the 429 went out, UnixNano
		n        atomic.Int32
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := arr.add()
		if n.Add(1) == 1 {
			throttle.Store(now.UnixNano())
			w.Header().Set("Retry-After", "2")
			serveBody(429, "application/json", `{"Message":"Slow down."}`)(w, r)
			return
		}
		serveBody(200, "application/json", `{"state":"New"}`)(w, r)
	}))
	defer srv.Close()
	reg := &budget.Registry{}
	newClient := func() *Client {
		c, err := NewClient(Options{BaseURL: srv.URL, Username: testUser, Password: testPassword, Budgets: reg})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.CloseIdleConnections)
		return c
	}
	first, second := newClient(), newClient()
	if first.Budget() != second.Budget() {
		t.Fatal("two clients of one server and one user do not share a budget")
	}
	done := make(chan error, 11)
	go func() {
		_, err := first.GetIncomingLead(context.Background(), "M1", "L0", JSON)
		done <- err
	}()
	for {
		if _, ok := first.Budget().Paused(); ok {
			break
		}
		time.Sleep(time.Millisecond)
	}
	for i := range 10 {
		c := first
		if i%2 == 1 {
			c = second
		}
		go func() {
			_, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
			done <- err
		}()
	}
	for range 11 {
		if err := <-done; err != nil {
			t.Errorf("lookup failed: %v", err)
		}
	}
	at := arr.all()
	if len(at) != 12 {
		t.Errorf("%d requests, want 12 (the throttled one once more, and 10)", len(at))
	}
	end := time.Unix(0, throttle.Load()).Add(2 * time.Second)
	for _, a := range at[1:] {
		if a.Before(end) {
			t.Errorf("a request reached the server %v before the Retry-After ended", end.Sub(a))
		}
	}
}

// TestLongRetryAfterEndsQueuedWork: a Retry-After over 30 s ends the work
// waiting at once, with the server's answer and no request sent.
func TestLongRetryAfterEndsQueuedWork(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "120")
		serveBody(429, "application/json", `{"Message":"Quota exceeded."}`)(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(Options{BaseURL: srv.URL, Username: testUser, Password: testPassword, Budgets: &budget.Registry{}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if _, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON); StatusOf(err) != 429 {
		t.Fatalf("err = %v", err)
	}
	for _, get := range []func() error{
		func() error { _, err := c.GetIncomingLead(context.Background(), "M1", "L2", JSON); return err },
		func() error { _, err := c.GetOffice(context.Background(), "M1", "O1", JSON); return err },
	} {
		err := get()
		var se *ServerError
		if !errors.As(err, &se) || se.Status != 429 || se.Message != "Quota exceeded." || se.RetryAfter < 110*time.Second {
			t.Errorf("err = %v, want the 429 with what is left of its wait", err)
		}
		x := Explain(err, ExplainContext{})
		if x.Kind != KindServer || x.RetryAfter == 0 || x.RetryAt.IsZero() || !strings.Contains(x.Line(false), "retry after ") {
			t.Errorf("Explain = %+v", x)
		}
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests reached the server, want only the first", got)
	}
}

// TestNamesGiveUpAfterThreeFailures: once three lookups of a function group
// fail in a row, its names are not asked for until Resume; the other
// group's still are, and a name that failed says why.
func TestNamesGiveUpAfterThreeFailures(t *testing.T) {
	var web, crm atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/Advertising/") {
			web.Add(1)
			serveBody(500, "application/json", `{"Message":"Oops."}`)(w, r)
			return
		}
		crm.Add(1)
		serveBody(200, "application/json", `{"address":{"streetAddress":"Storgatan 1"}}`)(w, r)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Retries = -1 })
	r := NewResolver(c, ResolverOptions{Profile: "p"})
	ctx := context.Background()
	for i := range 10 {
		n := r.Lookup(ctx, NameKey{KindAgent, "M1", fmt.Sprintf("HAN%d", i)})
		var np *NamesPausedError
		if paused := errors.As(n.Err, &np); paused != (i >= GiveUpAfter) {
			t.Fatalf("agent %d: err %v", i, n.Err)
		}
		if i == GiveUpAfter && (np.Error() != "names paused: server error (HTTP 500)" || np.Group != WebsiteFunctions) {
			t.Errorf("paused name says %q (%s)", np.Error(), np.Group)
		}
	}
	if got := web.Load(); got != GiveUpAfter {
		t.Errorf("%d website requests, want %d before giving up", got, GiveUpAfter)
	}
	if n := r.Lookup(ctx, NameKey{KindEstate, "M1", "OBJ1"}); n.Err != nil || crm.Load() != 1 {
		t.Errorf("the CRM functions' names stopped too: %v", n.Err)
	}
	r.Refresh()
	r.Lookup(ctx, NameKey{KindOffice, "M1", "KTR1"})
	if got := web.Load(); got != GiveUpAfter+1 {
		t.Errorf("after Refresh: %d website requests, want one more", got)
	}
}

// TestCancelWhilePausedSendsNothing: a lookup queued behind a pause (a 503
// with Retry-After: 20 from another request) ends when its context is
// cancelled (esc), at once and without a request.
func TestCancelWhilePausedSendsNothing(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "20")
		serveBody(503, "text/plain", "maintenance")(w, r)
	}))
	defer srv.Close()
	c, err := NewClient(Options{BaseURL: srv.URL, Username: testUser, Password: testPassword, Budgets: &budget.Registry{}, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	if _, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON); StatusOf(err) != 503 {
		t.Fatalf("err = %v", err)
	}
	if p, ok := c.Budget().Paused(); !ok || p.Status != 503 || p.RetryAfter != 20*time.Second {
		t.Fatalf("a 503 with Retry-After did not pause the budget: %+v", p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := c.GetIncomingLead(ctx, "M1", "L2", JSON)
		done <- err
	}()
	cancel()
	err = <-done
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Canceled {
		t.Errorf("err = %v, want the cancellation", err)
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests, want only the first", got)
	}
}
