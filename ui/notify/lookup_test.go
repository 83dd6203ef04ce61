package notify

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/demo"
	"leadinspector/api/notify"
)

// vitec is the demo API counting lead requests per lead id.
type vitec struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits map[string]int
	all  atomic.Int64
}

func startVitec(t testing.TB) *vitec {
	v := &vitec{hits: map[string]int{}}
	h := demo.NewHandler(demo.Options{})
	v.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/Incoming/") {
			v.mu.Lock()
			v.hits[r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]]++
			v.mu.Unlock()
			v.all.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(v.srv.Close)
	return v
}

func (v *vitec) count(lead string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.hits[lead]
}

func (v *vitec) client(t testing.TB) *api.Client {
	c, err := api.NewClient(api.Options{BaseURL: v.srv.URL, Username: demo.Username, Password: demo.Password,
		PublicCredentials: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The demo's ordinary lead (held by agent Anna Berg of customer M30011).
const demoLead = "LED39BDD2493FF3126D1EA37873E40D7549"

type hubUnderTest struct {
	url     string
	db      *DB
	lookups *Lookups
	changed chan string
}

// startHub wires a receiver, the desk tables and the lookups as serve does.
func startHub(t *testing.T, v *vitec, delay time.Duration) hubUnderTest {
	t.Helper()
	db := NewDB(openTestDesk(t))
	c := v.client(t)
	changed := make(chan string, 100)
	lk := NewLookups(LookupsOptions{Look: ClientLookup(c, api.NewResolver(c, api.ResolverOptions{}), nil),
		Seen: db.SetSeen, Delay: delay, Changed: func(id string) { changed <- id }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { lk.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	rc, err := NewReceiver(ReceiverOptions{Token: testToken, Store: db, Recorded: lk.Notify})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(ServerOptions{Addr: "127.0.0.1:0"}, rc)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return hubUnderTest{url: srv.URL() + Path + testToken, db: db, lookups: lk, changed: changed}
}

func waitChanged(t *testing.T, h hubUnderTest, lead string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case id := <-h.changed:
			if id == lead {
				return
			}
		case <-timeout:
			t.Fatalf("no lookup of %s stored", lead)
		}
	}
}

// A burst of five notifications for one lead makes one lookup, and the lead
// keeps the State and the holder's name it saw, nothing else.
func TestBurstIsOneLookup(t *testing.T) {
	v := startVitec(t)
	// The delay only has to outlast five posts on loopback.
	h := startHub(t, v, 3*time.Second)
	causes := []string{notify.CauseLeadAccepted, notify.CauseNewMeeting, notify.CauseNewComeback,
		notify.CauseLeadPostponed, notify.CauseAssigned}
	for _, c := range causes {
		n := note(demoLead, demo.CustomerID, c)
		if code, _, _ := post(t, h.url, "application/json", bytes.NewReader(n.Body())); code != 204 {
			t.Fatalf("got %d", code)
		}
	}
	waitChanged(t, h, demoLead)
	if got := v.count(demoLead); got != 1 {
		t.Errorf("a burst of five made %d lookups, want 1", got)
	}
	r, ok, err := h.db.Lead(context.Background(), demoLead)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if r.State != "New" || r.Holder != "Anna Berg" || r.LookStatus != 200 || r.Events != 5 || r.LookedAt.IsZero() {
		t.Errorf("lead after its lookup: %+v", r)
	}
	if h.lookups.Pending() != 0 {
		t.Errorf("%d lookups still pending", h.lookups.Pending())
	}
}

// A notification that arrives while its lead is being looked up makes one
// more lookup after it, not one per notification; other leads are their own.
func TestNotificationDuringLookupLooksAgainOnce(t *testing.T) {
	var calls atomic.Int64
	release := make(chan struct{})
	started := make(chan string, 10)
	var seen sync.Map
	lk := NewLookups(LookupsOptions{Delay: time.Millisecond,
		Look: func(ctx context.Context, customerID, leadID string) Seen {
			calls.Add(1)
			started <- leadID
			if calls.Load() == 1 {
				<-release
			}
			return Seen{At: time.Now(), Status: 200, State: "New"}
		},
		Seen: func(ctx context.Context, id string, s Seen) error { seen.Store(id, s); return nil }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go lk.Run(ctx)
	n := note("LED1", "M1", notify.CauseNewMeeting)
	lk.Notify(n, time.Now())
	if id := <-started; id != "LED1" {
		t.Fatal(id)
	}
	for i := 0; i < 3; i++ { // while the first runs
		lk.Notify(n, time.Now())
	}
	release <- struct{}{}
	if id := <-started; id != "LED1" {
		t.Fatal(id)
	}
	deadline := time.Now().Add(10 * time.Second)
	for lk.Pending() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("%d lookups, want 2 (one, then one more for the three during it)", got)
	}
	// A Remove is never looked up.
	lk.Notify(notify.Notification{Type: notify.TypeIncomingLead, Event: notify.EventRemove, CustomerID: "M1", ID: "LED2"}, time.Now())
	if lk.Pending() != 0 {
		t.Error("a Remove waits for a lookup")
	}
}

// A Remove marks the lead removed; its earlier State stays.
func TestRemoveMarksRemoved(t *testing.T) {
	v := startVitec(t)
	h := startHub(t, v, 10*time.Millisecond)
	n := note(demoLead, demo.CustomerID, notify.CauseLeadAccepted)
	post(t, h.url, "application/json", bytes.NewReader(n.Body()))
	waitChanged(t, h, demoLead)
	rm := notify.Notification{Name: "sub", Type: notify.TypeIncomingLead, Event: notify.EventRemove, CustomerID: demo.CustomerID, ID: demoLead}
	if code, _, _ := post(t, h.url, "application/json", bytes.NewReader(rm.Body())); code != 204 {
		t.Fatalf("remove: %d", code)
	}
	r, _, _ := h.db.Lead(context.Background(), demoLead)
	if !r.Removed || r.Cause != "Remove" || r.State != "New" {
		t.Errorf("after Remove: %+v", r)
	}
	if got := v.count(demoLead); got != 1 {
		t.Errorf("%d lookups, want 1 (none for the Remove)", got)
	}
}
