package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// These tests pin behaviours at their boundaries, on both sides, as a user
// meets them: what is accepted and what is refused, what is sent where.

// idLimit is Vitec's limit for customer and lead ids: "Kund-id måste vara
// mellan 0 och 40 tecken" (vitec-endpoints.md). Characters, not bytes.
const idLimit = 40

// countingServer answers every lookup with a small lead and counts the
// requests it got.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"Id":"LED1","State":"New"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestIDOfFortyCharactersAcceptedFortyOneRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		id   string
		ok   bool
	}{
		{"40 ASCII", strings.Repeat("L", idLimit), true},
		{"41 ASCII", strings.Repeat("L", idLimit+1), false},
		{"40 two-byte letters", strings.Repeat("å", idLimit), true},
		{"41 two-byte letters", strings.Repeat("å", idLimit+1), false},
		{"1 character", "L", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The splitter, for the lead and for the customer.
			for _, text := range []string{"M30011/" + c.id, c.id + "/LED1"} {
				refs, errs := SplitIDs(text, "")
				if c.ok && (len(errs) != 0 || len(refs) != 1) {
					t.Errorf("SplitIDs(%q): refs %v, errors %v; want it accepted", text, refs, errs)
				}
				if !c.ok && len(errs) != 1 {
					t.Errorf("SplitIDs(%q): refs %v, errors %v; want it refused", text, refs, errs)
				}
				if !c.ok && len(errs) == 1 && !strings.Contains(errs[0].Error(), "40") {
					t.Errorf("SplitIDs(%q): the refusal %q does not name the limit", text, errs[0])
				}
			}
			// The client: refused before any request, or sent.
			srv, n := countingServer(t)
			cl, _ := newTestClient(t, srv.URL, nil)
			for _, ids := range [][2]string{{"M30011", c.id}, {c.id, "LED1"}} {
				n.Store(0)
				_, err := cl.GetIncomingLead(context.Background(), ids[0], ids[1], JSON)
				var ie *InputError
				switch {
				case c.ok && err != nil:
					t.Errorf("GetIncomingLead(%q, %q): %v; want it sent", ids[0], ids[1], err)
				case c.ok && n.Load() != 1:
					t.Errorf("GetIncomingLead(%q, %q): %d requests, want 1", ids[0], ids[1], n.Load())
				case !c.ok && !errors.As(err, &ie):
					t.Errorf("GetIncomingLead(%q, %q): %v; want an InputError", ids[0], ids[1], err)
				case !c.ok && n.Load() != 0:
					t.Errorf("GetIncomingLead(%q, %q): %d requests sent for a refused id", ids[0], ids[1], n.Load())
				}
			}
		})
	}
}

// bodyOfSize is a JSON lead padded with white space to exactly n bytes.
func bodyOfSize(t *testing.T, n int) string {
	t.Helper()
	lead := `{"Id":"LED1","State":"New","Message":"hej"}`
	if n < len(lead) {
		t.Fatalf("body of %d bytes is too small for a lead", n)
	}
	return lead + strings.Repeat(" ", n-len(lead))
}

func TestBodyAtTheCapAcceptedOneByteOverRefused(t *testing.T) {
	const limit = 4096
	for _, c := range []struct {
		name   string
		size   int
		length bool // Content-Length sent
		ok     bool
	}{
		{"at the cap, with length", limit, true, true},
		{"one over, with length", limit + 1, true, false},
		{"at the cap, chunked", limit, false, true},
		{"one over, chunked", limit + 1, false, false},
		{"one under, chunked", limit - 1, false, true},
		{"far over, chunked", 3 * limit, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := bodyOfSize(t, c.size)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if c.length {
					w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					fmt.Fprint(w, body)
					return
				}
				// A flush before the body: no Content-Length, chunked.
				w.WriteHeader(http.StatusOK)
				w.(http.Flusher).Flush()
				fmt.Fprint(w, body[:len(body)/2])
				w.(http.Flusher).Flush()
				fmt.Fprint(w, body[len(body)/2:])
			}))
			defer srv.Close()
			cl, _ := newTestClient(t, srv.URL, func(o *Options) { o.MaxBodyBytes = limit })
			res, err := cl.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
			if c.ok {
				if err != nil {
					t.Fatalf("a body of %d bytes under a cap of %d: %v", c.size, limit, err)
				}
				if res.Size != int64(c.size) || len(res.Body) != c.size || res.Lead.Message != "hej" {
					t.Errorf("got %d bytes (size %d), message %q; want all %d bytes and the lead", len(res.Body), res.Size, res.Lead.Message, c.size)
				}
				return
			}
			var be *BadResponseError
			if !errors.As(err, &be) || be.Reason != TooLarge {
				t.Fatalf("a body of %d bytes under a cap of %d: %v; want it refused as too large", c.size, limit, err)
			}
			if !strings.Contains(err.Error(), "4 KiB") {
				t.Errorf("the refusal %q does not name the cap", err)
			}
		})
	}
}

// credServer plays Vitec for every endpoint the client calls, and checks
// itself which credentials each one gets: the website functions
// (Advertising/…) want the website credentials, everything else (the lead,
// CRM/…, User/GetUser) the CRM ones. A request with the wrong ones gets a
// 401, as Vitec would answer, and is noted.
type credServer struct {
	crm, web [2]string // username, password
	// missingWebUser is a user id the website does not know (404), so the
	// client falls back to the user list.
	missingWebUser string

	mu    sync.Mutex
	wrong []string
	seen  map[string]int
}

func (s *credServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	endpoint := seg[0]
	if len(seg) > 1 {
		endpoint += "/" + seg[1]
	}
	want := s.crm
	if seg[0] == "Advertising" {
		want = s.web
	}
	u, p, ok := r.BasicAuth()
	s.mu.Lock()
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.seen[endpoint]++
	if !ok || u != want[0] || p != want[1] {
		s.wrong = append(s.wrong, fmt.Sprintf("%s %s got user %q", r.Method, r.URL.Path, u))
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"Message":"Authorization has been denied for this request."}`)
		return
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case len(seg) == 5 && seg[0] == "CRM" && seg[1] == "Lead" && seg[3] == "Incoming":
		fmt.Fprintf(w, `{"Id":%q,"State":"New"}`, seg[4])
	case len(seg) == 5 && seg[0] == "CRM" && seg[1] == "Lead" && seg[3] == "Estate":
		fmt.Fprintf(w, `{"CustomerId":%q,"Address":{"StreetAddress":"Ängsvägen 3"}}`, seg[2])
	case len(seg) == 4 && seg[0] == "Advertising" && seg[1] == "User" && seg[3] == s.missingWebUser:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"Message":"Not found."}`)
	case len(seg) == 4 && seg[0] == "Advertising" && seg[1] == "User":
		fmt.Fprintf(w, `{"Id":%q,"Name":"Anna Berg"}`, seg[3])
	case len(seg) == 4 && seg[0] == "Advertising" && seg[1] == "Office":
		fmt.Fprintf(w, `{"Id":%q,"CustomerId":%q,"Name":"Mäklarhuset"}`, seg[3], seg[2])
	case len(seg) == 2 && seg[0] == "User" && seg[1] == "GetUser":
		fmt.Fprintf(w, `[{"UserId":%q,"UserName":"Bo Ek"}]`, r.URL.Query().Get("UserId"))
	case len(seg) == 3 && seg[0] == "CRM" && seg[1] == "Usergroups":
		fmt.Fprint(w, `[{"UserGroupId":"GRP1","Name":"Säljgruppen"}]`)
	case len(seg) == 4 && seg[0] == "CRM" && seg[1] == "Contact":
		fmt.Fprintf(w, `{"Id":%q,"Type":"Person","FirstName":"Karin","LastName":"Ek"}`, seg[3])
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"Message":"No such endpoint."}`)
	}
}

// callEveryEndpoint makes every call the client has, and fails the test
// for any that did not answer.
func callEveryEndpoint(t *testing.T, c *Client) {
	t.Helper()
	ctx := context.Background()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	_, err := c.GetIncomingLead(ctx, "M1", "LED1", JSON)
	check("lead", err)
	u, err := c.GetUser(ctx, "M1", "HAN1", JSON)
	check("website user", err)
	if err == nil && (u.Name != "Anna Berg" || u.FromUserList) {
		t.Errorf("website user: %+v, want Anna Berg from the website", u)
	}
	u, err = c.GetUser(ctx, "M1", "HAN404", JSON)
	check("user from the user list", err)
	if err == nil && (u.Name != "Bo Ek" || !u.FromUserList) {
		t.Errorf("user list: %+v, want Bo Ek from the user list", u)
	}
	_, err = c.GetUserGroups(ctx, "M1", JSON)
	check("user groups", err)
	_, err = c.GetOffice(ctx, "M1", "KON1", JSON)
	check("office", err)
	_, err = c.GetEstate(ctx, "M1", "OBJ1", JSON)
	check("estate", err)
	_, err = c.GetContact(ctx, "M1", "ADR1", JSON)
	check("contact", err)
}

func TestEachEndpointGetsItsFunctionGroupsCredentials(t *testing.T) {
	s := &credServer{crm: [2]string{testUser, testPassword}, web: [2]string{webUser, webPassword}, missingWebUser: "HAN404"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.WebsiteUsername, o.WebsitePassword = webUser, webPassword })
	callEveryEndpoint(t, c)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.wrong {
		t.Errorf("wrong credentials: %s", w)
	}
	for _, e := range []string{"CRM/Lead", "Advertising/User", "Advertising/Office", "User/GetUser", "CRM/Usergroups", "CRM/Contact"} {
		if s.seen[e] == 0 {
			t.Errorf("%s was never called", e)
		}
	}
}

// Without website credentials every endpoint gets the profile's own.
func TestWithoutWebsiteCredentialsEveryEndpointGetsTheProfiles(t *testing.T) {
	s := &credServer{crm: [2]string{testUser, testPassword}, web: [2]string{testUser, testPassword}, missingWebUser: "HAN404"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	callEveryEndpoint(t, c)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.wrong {
		t.Errorf("wrong credentials: %s", w)
	}
}

// A website password without a website user name: the website calls get
// it; the CRM calls keep the profile's password.
func TestWebsitePasswordAloneGoesOnlyToTheWebsite(t *testing.T) {
	s := &credServer{crm: [2]string{testUser, testPassword}, web: [2]string{testUser, webPassword}, missingWebUser: "HAN404"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.WebsiteUsername, o.WebsitePassword = testUser, webPassword })
	callEveryEndpoint(t, c)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.wrong {
		t.Errorf("wrong credentials: %s", w)
	}
}

func TestSplitterEdges(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []LeadRef
		refused  int
	}{
		// A customer alone on the first line names the customer of the
		// lead ids below it when there are two or more…
		{"customer line, two leads", "M30011\nLED1\nLED2", []LeadRef{{"M30011", "LED1"}, {"M30011", "LED2"}}, 0},
		// …but with only one below, the two lines are two ids of the
		// current customer, as any two lines are.
		{"customer line, one lead", "M30011\nLED1", []LeadRef{{"C", "M30011"}, {"C", "LED1"}}, 0},
		{"customer line, one lead, a comment", "M30011\n# x\nLED1", []LeadRef{{"C", "M30011"}, {"C", "LED1"}}, 0},
		{"customer and lead in one item", "M30011 LED1", []LeadRef{{"M30011", "LED1"}}, 0},
		{"customer and a numeric lead", "M30011 12345", []LeadRef{{"M30011", "12345"}}, 0},
		// Only …/CRM/Lead/{c}/Incoming/{id} is a lead.
		{"incoming URL", "https://connect.example/CRM/Lead/M30011/Incoming/LED1", []LeadRef{{"M30011", "LED1"}}, 0},
		{"incoming URL, any case", "https://connect.example/crm/lead/M30011/incoming/LED1", []LeadRef{{"M30011", "LED1"}}, 0},
		{"estate URL", "https://connect.example/CRM/Lead/M30011/Estate/OBJ1", nil, 1},
		{"contact URL", "https://connect.example/CRM/Contact/M30011/Incoming/LED1", nil, 1},
		{"other root URL", "https://connect.example/XRM/Lead/M30011/Incoming/LED1", nil, 1},
		// A # comment starts a line or follows a blank: a space or a tab.
		{"comment after a space", "LED1 # from the ticket", []LeadRef{{"C", "LED1"}}, 0},
		{"comment after a tab", "LED1\t# from the ticket", []LeadRef{{"C", "LED1"}}, 0},
		{"comment after a tab, customer/lead", "M30011/LED1\t#LED2", []LeadRef{{"M30011", "LED1"}}, 0},
		{"comment at the start", "#LED1\nLED2", []LeadRef{{"C", "LED2"}}, 0},
		{"json array", `["LED1","LED2"]`, []LeadRef{{"C", "LED1"}, {"C", "LED2"}}, 0},
		{"quoted pair", `"M30011/LED1"`, []LeadRef{{"M30011", "LED1"}}, 0},
		// A path step is not an id: a server would read it as one.
		{"dot lead", "M30011/.", nil, 1},
		{"dot dot lead", "M30011/..", nil, 1},
		{"dot customer", "./LED1", nil, 1},
		{"bare dot", ".", nil, 1},
		{"dots in an id", "M30011/LED.1", []LeadRef{{"M30011", "LED.1"}}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			refs, errs := SplitIDs(c.in, "C")
			if fmt.Sprint(refs) != fmt.Sprint(c.want) || len(errs) != c.refused {
				t.Errorf("SplitIDs(%q) = %v, errors %v; want %v and %d refused", c.in, refs, errs, c.want, c.refused)
			}
		})
	}
}

// namesByCustomer answers every name call with a name that says which
// customer and id it was asked for, and counts the calls.
type namesByCustomer struct {
	who   string // tells two getters apart (two profiles)
	mu    sync.Mutex
	calls map[string]int
	// fail, while set, makes every call fail with it.
	fail error
}

func (f *namesByCustomer) note(kind, c, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[kind+" "+c+"/"+id]++
	return f.fail
}

func (f *namesByCustomer) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		n += c
	}
	return n
}

func (f *namesByCustomer) GetUser(_ context.Context, c, id string, _ Format) (*User, error) {
	if err := f.note("user", c, id); err != nil {
		return nil, err
	}
	return &User{ID: id, Name: f.who + " user " + id + " of " + c}, nil
}

func (f *namesByCustomer) GetUserGroups(_ context.Context, c string, _ Format) ([]Group, error) {
	if err := f.note("groups", c, ""); err != nil {
		return nil, err
	}
	return []Group{{ID: "GRP1", Name: f.who + " group of " + c}}, nil
}

func (f *namesByCustomer) GetOffice(_ context.Context, c, id string, _ Format) (*OfficeInfo, error) {
	if err := f.note("office", c, id); err != nil {
		return nil, err
	}
	return &OfficeInfo{ID: id, CustomerID: c, Name: f.who + " office " + id + " of " + c}, nil
}

func (f *namesByCustomer) GetEstate(_ context.Context, c, id string, _ Format) (*Estate, error) {
	if err := f.note("estate", c, id); err != nil {
		return nil, err
	}
	return &Estate{ID: id, CustomerID: c, Address: []Field{{Label: "StreetAddress", Value: f.who + " estate of " + c}}}, nil
}

func (f *namesByCustomer) GetContact(_ context.Context, c, id string, _ Format) (*Contact, error) {
	if err := f.note("contact", c, id); err != nil {
		return nil, err
	}
	return &Contact{ID: id, Name: f.who + " contact of " + c}, nil
}

func labelOf(t *testing.T, n Name) string {
	t.Helper()
	if n.Err != nil {
		t.Fatalf("%v: %v", n.Key, n.Err)
	}
	return n.Label()
}

// The same id under two customers is two names: an agent id, an office
// id, a user group id or an estate id of one customer says nothing of
// another's.
func TestNameCacheKeepsCustomersApart(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []NameKind{KindAgent, KindUserGroup, KindOffice, KindEstate} {
		t.Run(kind.String(), func(t *testing.T) {
			f := &namesByCustomer{}
			r := NewResolver(f, ResolverOptions{Profile: "prod"})
			id := map[NameKind]string{KindAgent: "HAN1", KindUserGroup: "GRP1", KindOffice: "KON1", KindEstate: "OBJ1"}[kind]
			a := labelOf(t, r.Lookup(ctx, NameKey{kind, "M1", id}))
			b := labelOf(t, r.Lookup(ctx, NameKey{kind, "M2", id}))
			if !strings.Contains(a, "of M1") || !strings.Contains(b, "of M2") {
				t.Errorf("%s %s: %q under M1 and %q under M2; each customer's own wanted", kind, id, a, b)
			}
			// Asked again: from the cache, each its own.
			before := f.count()
			if again := labelOf(t, r.Lookup(ctx, NameKey{kind, "M2", id})); again != b || f.count() != before {
				t.Errorf("asked again: %q after %d more calls; want %q from the cache", again, f.count()-before, b)
			}
		})
	}
}

// Two profiles (two sets of credentials) sharing one cache keep their own
// names, and refreshing one leaves the other's.
func TestNameCacheKeepsProfilesApart(t *testing.T) {
	ctx := context.Background()
	cache := NewNameCache()
	fa, fb := &namesByCustomer{who: "A"}, &namesByCustomer{who: "B"}
	ra := NewResolver(fa, ResolverOptions{Profile: "a", Cache: cache})
	rb := NewResolver(fb, ResolverOptions{Profile: "b", Cache: cache})
	k := NameKey{KindAgent, "M1", "HAN1"}
	if got := labelOf(t, ra.Lookup(ctx, k)); !strings.HasPrefix(got, "A ") {
		t.Errorf("profile a: %q", got)
	}
	if got := labelOf(t, rb.Lookup(ctx, k)); !strings.HasPrefix(got, "B ") {
		t.Errorf("profile b got %q: another profile's name", got)
	}
	ra.Refresh()
	_ = labelOf(t, ra.Lookup(ctx, k))
	_ = labelOf(t, rb.Lookup(ctx, k))
	if fa.count() != 2 || fb.count() != 1 {
		t.Errorf("after refreshing a: a asked %d times (want 2), b %d (want 1: its names stay)", fa.count(), fb.count())
	}
}

// Definite answers (not found, no access) are kept; failures that may
// pass are asked again; contacts (personal data) are never kept.
func TestNameCacheKeepsOnlyDefiniteAnswers(t *testing.T) {
	ctx := context.Background()
	k := NameKey{KindAgent, "M1", "HAN1"}
	for _, c := range []struct {
		name string
		err  error
		kept bool
	}{
		{"server error", &ServerError{StatusError{Status: 500}}, false},
		{"network error", &NetworkError{}, false},
		{"not found", &NameNotFoundError{What: "user", ID: "HAN1"}, true},
		{"no access", &NoAccessError{Group: WebsiteFunctions, Err: &ForbiddenError{StatusError{Status: 403}}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &namesByCustomer{fail: c.err}
			r := NewResolver(f, ResolverOptions{Profile: "prod"})
			if n := r.Lookup(ctx, k); n.Err == nil {
				t.Fatal("no error")
			}
			f.fail = nil
			n := r.Lookup(ctx, k)
			if c.kept && (n.Err == nil || f.count() != 1) {
				t.Errorf("asked %d times, then %v; want the refusal kept, 1 request", f.count(), n.Err)
			}
			if !c.kept && (n.Err != nil || f.count() != 2) {
				t.Errorf("asked %d times, then %v; want it asked again and found", f.count(), n.Err)
			}
		})
	}
	f := &namesByCustomer{}
	r := NewResolver(f, ResolverOptions{Profile: "prod"})
	r.Contact(ctx, "M1", "ADR1")
	r.Contact(ctx, "M1", "ADR1")
	if f.count() != 2 {
		t.Errorf("the contact asked %d times for two looks; personal data is never kept", f.count())
	}
}

// An office is asked for under its own customer id, which may not be the
// lead's.
func TestOfficeNamedUnderItsOwnCustomer(t *testing.T) {
	f := &namesByCustomer{}
	r := NewResolver(f, ResolverOptions{Profile: "prod"})
	lead := &IncomingLead{Receiver: &LeadReceiver{
		Agent:  &Agent{ID: "HAN1", Office: &Office{ID: "KON1", CustomerID: "M2"}},
		Office: &Office{ID: "KON9"},
	}}
	ns := r.Resolve(context.Background(), "M1", lead)
	ln := ns.Lead("M1", lead)
	if ln.AgentOffice == nil || !strings.Contains(ln.AgentOffice.Label(), "KON1 of M2") {
		t.Errorf("agent's office: %+v; want it asked under its own customer M2", ln.AgentOffice)
	}
	if ln.Office == nil || !strings.Contains(ln.Office.Label(), "KON9 of M1") {
		t.Errorf("office without a customer id: %+v; want the lead's customer M1", ln.Office)
	}
	if ln.Agent == nil || !strings.Contains(ln.Agent.Label(), "HAN1 of M1") {
		t.Errorf("agent: %+v; want the lead's customer M1", ln.Agent)
	}
}

// A short password is replaced only where it stands as a word of its own:
// at the text's edges, beside punctuation, white space or quotes, but not
// inside a longer word (letters or digits, any script). From eight
// characters on it is replaced wherever it appears.
func TestRedactShortPasswordsAtWordEdges(t *testing.T) {
	for _, c := range []struct {
		pw, in string
		hidden bool
	}{
		{"ab1", "ab1", true},
		{"ab1", "ab1 is wrong", true},
		{"ab1", "wrong: ab1", true},
		{"ab1", "(ab1)", true},
		{"ab1", `"ab1".`, true},
		{"ab1", "pw=ab1&x", true},
		{"ab1", "ab1\n", true},
		{"ab1", "xab1", false},
		{"ab1", "ab1x", false},
		{"ab1", "ab12", false},
		{"ab1", "2ab1", false},
		{"ab1", "åab1", false},
		{"ab1", "ab1ö", false},
		{"ab1", "xab1 ab1", true}, // the second one
		// The same with an invisible character inside the password.
		{"ab1", "a\u200bb1", true},
		{"ab1", "(a\u200bb1)", true},
		{"ab1", "xa\u200bb1", false},
		{"ab1", "a\u200bb1x", false},
		{"1234567", "x1234567", false},
		{"12345678", "x12345678y", true},
		{"12345678", "012345678", true},
	} {
		got := Redact(c.in, "partner", c.pw)
		switch {
		case c.hidden && !strings.Contains(got, "••••"):
			t.Errorf("password %q in %q: got %q, want it replaced", c.pw, c.in, got)
		case c.hidden && c.in == "xab1 ab1" && got != "xab1 ••••":
			t.Errorf("password %q in %q: got %q, want only the word replaced", c.pw, c.in, got)
		case !c.hidden && got != c.in:
			t.Errorf("password %q inside a word in %q: got %q, want it left alone", c.pw, c.in, got)
		}
	}
	// The Basic header's value, padded or not.
	for _, in := range []string{"Basic dTphYjE=", "Basic dTphYjE", "auth=dTphYjE;"} {
		if got := Redact(in, "u", "ab1"); strings.Contains(got, "dTphYjE") {
			t.Errorf("Redact(%q) = %q: the Basic credentials show", in, got)
		}
	}
	// user:password is replaced whole, whatever stands around it: the
	// short password inside it must not come through.
	for _, in := range []string{"token u:ab1x", "xu:ab1", "u:ab1"} {
		if got := Redact(in, "u", "ab1"); strings.Contains(got, "ab1") {
			t.Errorf("Redact(%q) = %q: the password shows", in, got)
		}
	}
}

// The server's message reaches the user whole up to 200 characters (any
// script); longer ones are cut there, with an ellipsis.
func TestServerMessageAtItsLengthLimit(t *testing.T) {
	for _, c := range []struct {
		msg, want string
	}{
		{strings.Repeat("å", 200), strings.Repeat("å", 200)},
		{strings.Repeat("å", 201), strings.Repeat("å", 199) + "…"},
		{strings.Repeat("x", 199), strings.Repeat("x", 199)},
	} {
		srv := httptest.NewServer(serveBody(http.StatusBadRequest, "application/json", `{"Message":"`+c.msg+`"}`))
		cl, _ := newTestClient(t, srv.URL, nil)
		_, err := cl.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
		srv.Close()
		var re *RejectedError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v, want a RejectedError", err)
		}
		if re.Message != c.want {
			t.Errorf("a message of %d characters came as %d: %q", len([]rune(c.msg)), len([]rune(re.Message)), re.Message)
		}
	}
}
