package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A brokerage for the resolver tests: agents HAN1–HAN3 on the website, HAN4
// only in the user list, HAN0 nowhere;
// two groups, an office, an estate held by HAN1.
func brokerage(latency time.Duration) *fakeVitec {
	f := &fakeVitec{
		latency:  latency,
		website:  map[string]string{"Office:M1/KTR1": `{"id":"KTR1","customerId":"M1","name":"Mäklarhuset Södermalm"}`},
		userList: map[string]string{"M1": `[{"userId":"HAN4","userName":"Omar Lind"}]`},
		groups:   map[string]string{"M1": `[{"userGroupId":"GRP1","name":"Säljgruppen"},{"userGroupId":"GRP2","name":"Värdering"}]`},
		estates: map[string]string{
			"M1/OBJ1": `{"address":{"streetAddress":"Ängsvägen 3","city":"Farsta"},"estateType":"Villa","primaryAgentId":"HAN1","customerId":"M1"}`,
			"M1/OBJ2": `{"address":{"streetAddress":"Storgatan 1"},"primaryAgentId":"HAN4"}`,
		},
		contacts: map[string]string{"M1/ADR1": `{"type":"Person","firstName":"Karin","lastName":"Ek"}`},
	}
	for i, n := range []string{"", "Anna Berg", "Björn Sjö", "Cecilia Ås"} {
		if n != "" {
			f.website[fmt.Sprintf("User:M1/HAN%d", i)] = `{"name":"` + n + `"}`
		}
	}
	return f
}

func heldBy(agent, group, estate string) *IncomingLead {
	return &IncomingLead{
		Receiver: &LeadReceiver{
			Agent:     &Agent{ID: agent, Office: &Office{ID: "KTR1", CustomerID: "M1"}},
			UserGroup: &UserGroup{ID: group},
			Office:    &Office{ID: "KTR1", CustomerID: "M1"},
		},
		BuyingEstateID: estate,
		ContactID:      "ADR1",
	}
}

func label(t *testing.T, ns Names, kind NameKind, id string) string {
	t.Helper()
	n, ok := ns.Get(kind, "M1", id)
	if !ok {
		t.Fatalf("%s %s not resolved", kind, id)
	}
	if n.Err != nil {
		return "error: " + n.Err.Error()
	}
	return n.Label()
}

// With 200 ms per request, every name of a lead is filled one round trip
// after the lead (the estate's agent is the lead's, asked for once); an
// agent that needs the fallback takes two. The contact is not asked for.
func TestResolveRoundTrips(t *testing.T) {
	// The latency only makes requests sent together overlap: the server
	// counts the rounds the client waited on (roundtrip.Counter), not the
	// time, so the test holds on a loaded machine.
	f := brokerage(50 * time.Millisecond)
	c := fakeClient(t, f, true)
	r := NewResolver(c, ResolverOptions{Profile: "p"})

	ns := r.Resolve(context.Background(), "M1", heldBy("HAN1", "GRP1", "OBJ1"))
	if got := f.rounds.Rounds(); got != 1 {
		t.Errorf("names took %d round trips one after another, want one", got)
	}
	for _, tc := range []struct {
		kind      NameKind
		id, label string
	}{
		{KindAgent, "HAN1", "Anna Berg"},
		{KindUserGroup, "GRP1", "Säljgruppen"},
		{KindOffice, "KTR1", "Mäklarhuset Södermalm"},
		{KindEstate, "OBJ1", "Ängsvägen 3, Farsta, Villa"},
	} {
		if got := label(t, ns, tc.kind, tc.id); got != tc.label {
			t.Errorf("%s %s = %q, want %q", tc.kind, tc.id, got, tc.label)
		}
	}
	if e, _ := ns.Get(KindEstate, "M1", "OBJ1"); e.PrimaryAgent == nil || e.PrimaryAgent.Label() != "Anna Berg" {
		t.Errorf("estate's primary agent = %+v", e.PrimaryAgent)
	}
	if f.requests("CRM/Contact") != 0 || len(ns) != 4 {
		t.Errorf("contact asked %d times; %d names", f.requests("CRM/Contact"), len(ns))
	}
	if f.requests("Advertising/User") != 1 {
		t.Errorf("agent asked %d times, want once", f.requests("Advertising/User"))
	}

	// The fallback: two round trips.
	f.rounds.Reset()
	ns = r.Resolve(context.Background(), "M1", heldBy("HAN4", "GRP2", ""))
	if got := f.rounds.Rounds(); got != 2 {
		t.Errorf("fallback names took %d round trips one after another, want two", got)
	}
	if got := label(t, ns, KindAgent, "HAN4"); got != "Omar Lind" {
		t.Errorf("fallback agent = %q", got)
	}
}

// 50 leads held by 5 agents make 5 agent requests and one user group list;
// resolving again makes none; a refresh asks again.
func TestResolveBatchAsksEachIDOnce(t *testing.T) {
	f := brokerage(20 * time.Millisecond)
	c := fakeClient(t, f, true)
	cache := NewNameCache()
	r := NewResolver(c, ResolverOptions{Profile: "p", Cache: cache, Parallel: 4})
	var leads []*IncomingLead
	for i := range 50 {
		leads = append(leads, heldBy(fmt.Sprintf("HAN%d", i%5), fmt.Sprintf("GRP%d", 1+i%2), ""))
	}
	ns := r.Resolve(context.Background(), "M1", leads...)
	// HAN0 is nowhere and HAN4 only in the user list: two list requests.
	if got := f.requests("Advertising/User"); got != 5 {
		t.Errorf("agent requests = %d, want 5", got)
	}
	if f.requests("CRM/Usergroups") != 1 || f.requests("Advertising/Office") != 1 || f.requests("User/GetUser") != 2 {
		t.Errorf("requests = %v", f.count)
	}
	fails := ns.Failures()
	if len(fails) != 1 || fails[0].Key != (NameKey{KindAgent, "M1", "HAN0"}) {
		t.Fatalf("failures = %+v", fails)
	}
	var nf *NameNotFoundError
	if !errors.As(fails[0].Err, &nf) || label(t, ns, KindAgent, "HAN3") != "Cecilia Ås" {
		t.Errorf("failure %v; others must resolve", fails[0].Err)
	}

	before := f.total()
	again := r.Resolve(context.Background(), "M1", leads...)
	if f.total() != before || label(t, again, KindAgent, "HAN1") != "Anna Berg" {
		t.Errorf("re-resolving made %d requests", f.total()-before)
	}
	// Another profile has its own names.
	other := NewResolver(c, ResolverOptions{Profile: "q", Cache: cache})
	other.Resolve(context.Background(), "M1", leads[0])
	if f.total() == before {
		t.Error("another profile reused the first one's names")
	}
	before = f.total()
	r.Refresh()
	r.Resolve(context.Background(), "M1", leads[0])
	if f.total() == before {
		t.Error("refresh did not ask again")
	}
}

// The website password refused: names from the website fail as values
// with the function group, the CRM ones still resolve, and the refusal is
// kept (not asked again) until a refresh.
func TestResolveNoAccessIsPerName(t *testing.T) {
	f := brokerage(0)
	f.refuseWeb = map[string]bool{"M1": true}
	c := fakeClient(t, f, true)
	r := NewResolver(c, ResolverOptions{})
	ns := r.Resolve(context.Background(), "M1", heldBy("HAN1", "GRP1", "OBJ2"))
	if got := label(t, ns, KindOffice, "KTR1"); got != "error: no access (website functions)" {
		t.Errorf("office = %q", got)
	}
	if got := label(t, ns, KindUserGroup, "GRP1"); got != "Säljgruppen" {
		t.Errorf("group = %q", got)
	}
	before := f.total()
	r.Resolve(context.Background(), "M1", heldBy("HAN1", "GRP1", "OBJ2"))
	if f.total() != before {
		t.Errorf("a refusal was asked again: %d requests", f.total()-before)
	}
}

// Cancelling stops the resolve at once; the cancelled names are not kept,
// so the next resolve asks again and succeeds.
func TestResolveCancel(t *testing.T) {
	f := brokerage(2 * time.Second)
	c := fakeClient(t, f, false)
	r := NewResolver(c, ResolverOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	ns := r.Resolve(ctx, "M1", heldBy("HAN1", "GRP1", ""))
	if time.Since(start) > time.Second {
		t.Errorf("cancel took %v", time.Since(start))
	}
	for _, n := range ns {
		var ne *NetworkError
		if !errors.As(n.Err, &ne) || !ne.Canceled {
			t.Errorf("%v: %v", n.Key, n.Err)
		}
	}
	f.mu.Lock()
	f.latency = 0
	f.mu.Unlock()
	ns = r.Resolve(context.Background(), "M1", heldBy("HAN1", "GRP1", ""))
	if got := label(t, ns, KindAgent, "HAN1"); got != "Anna Berg" {
		t.Errorf("after cancel: %q", got)
	}
}

// The contact only on request, never cached.
func TestResolveContact(t *testing.T) {
	f := brokerage(0)
	c := fakeClient(t, f, false)
	r := NewResolver(c, ResolverOptions{})
	for range 2 {
		if n := r.Contact(context.Background(), "M1", "ADR1"); n.Label() != "Karin Ek" {
			t.Errorf("contact = %+v", n)
		}
	}
	if f.requests("CRM/Contact") != 2 {
		t.Errorf("contact requests = %d, want 2 (not cached)", f.requests("CRM/Contact"))
	}
	if !strings.Contains(r.Contact(context.Background(), "M1", "ADR9").Err.Error(), "contact ADR9 not found") {
		t.Error("unknown contact")
	}
}

// One name endpoint hanging, one down (500) and one answering HTML: each
// is a value next to its own id, and the other names arrive without
// waiting for the hanging one. (A 503, retried twice, would be three
// failures of the CRM functions in a row, which pauses their names: see
// TestNamesGiveUpAfterThreeFailures.)
func TestResolveBadEndpointsArePerName(t *testing.T) {
	f := brokerage(0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/Advertising/Office/"):
			select { // hangs until the client gives up
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case strings.HasPrefix(r.URL.Path, "/CRM/Usergroups/"):
			w.WriteHeader(http.StatusInternalServerError)
		case strings.HasPrefix(r.URL.Path, "/CRM/Lead/"):
			w.Header().Set("Content-Type", "text/html")
			_, _ = fmt.Fprint(w, "<html><title>Logga in</title></html>")
		default:
			f.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = 700 * time.Millisecond })
	r := NewResolver(c, ResolverOptions{})
	start := time.Now()
	arrived := map[NameKey]time.Duration{}
	ns := Names{}
	r.ResolveEach(context.Background(), LeadNameKeys("M1", heldBy("HAN1", "GRP1", "OBJ1")), func(n Name) {
		arrived[n.Key] = time.Since(start)
		ns[n.Key] = n
	})
	if d := arrived[NameKey{KindAgent, "M1", "HAN1"}]; d == 0 || d > 500*time.Millisecond || label(t, ns, KindAgent, "HAN1") != "Anna Berg" {
		t.Errorf("agent after %v: %q", d, label(t, ns, KindAgent, "HAN1"))
	}
	var ne *NetworkError
	if n, _ := ns.Get(KindOffice, "M1", "KTR1"); !errors.As(n.Err, &ne) || !ne.Timeout {
		t.Errorf("hanging office: %v", n.Err)
	}
	if n, _ := ns.Get(KindUserGroup, "M1", "GRP1"); StatusOf(n.Err) != http.StatusInternalServerError {
		t.Errorf("group on a 500: %v", n.Err)
	}
	var be *BadResponseError
	if n, _ := ns.Get(KindEstate, "M1", "OBJ1"); !errors.As(n.Err, &be) || be.Reason != WrongContentType {
		t.Errorf("estate as a login page: %v", n.Err)
	}
	if len(ns.Failures()) != 3 {
		t.Errorf("failures: %+v", ns.Failures())
	}
}

// Re-resolving a batch of 50 leads whose names are known costs no request
// and little time: what a re-looked-up batch adds to the screen's wait.
func BenchmarkResolveCachedBatch(b *testing.B) {
	f := brokerage(0)
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, _ := newTestClient(b, srv.URL, nil)
	r := NewResolver(c, ResolverOptions{})
	var leads []*IncomingLead
	for i := range 50 {
		leads = append(leads, heldBy(fmt.Sprintf("HAN%d", 1+i%4), "GRP1", "OBJ1"))
	}
	ctx := context.Background()
	r.Resolve(ctx, "M1", leads...)
	before := f.total()
	for b.Loop() {
		r.Resolve(ctx, "M1", leads...)
	}
	if f.total() != before {
		b.Fatalf("%d requests while cached", f.total()-before)
	}
}

// HolderKey names the holder with the key Lead finds its name under.
func TestHolderKey(t *testing.T) {
	lead := &IncomingLead{Receiver: &LeadReceiver{
		Agent:  &Agent{ID: "HAN1", Office: &Office{ID: "KTR", CustomerID: "M2"}},
		Office: &Office{ID: "KTR", CustomerID: "M2"},
	}}
	k, ok := HolderKey("M1", lead.Receiver)
	if want := (NameKey{KindAgent, "M1", "HAN1"}); !ok || k != want {
		t.Errorf("agent: %v %v, want %v", k, ok, want)
	}
	ns := Names{k: Name{Key: k, User: &User{Name: "Anna"}}}
	if got := ns.Lead("M1", lead).Agent; got == nil || got.Label() != "Anna" {
		t.Errorf("Lead does not find the name under HolderKey's key: %v", got)
	}
	office := &LeadReceiver{Office: &Office{ID: "KTR", CustomerID: "M2"}}
	if k, ok := HolderKey("M1", office); !ok || k != (NameKey{KindOffice, "M2", "KTR"}) {
		t.Errorf("office under its own customer: %v %v", k, ok)
	}
	for _, r := range []*LeadReceiver{nil, {Office: &Office{ID: " ", CustomerID: "M2"}}} {
		if k, ok := HolderKey("M1", r); ok {
			t.Errorf("%+v: key %v for a holder without a name to ask for", r, k)
		}
	}
}
