package ui

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
	"leadinspector/api/demo"
)

// fakeNames answers the name calls from tables, counting them. While gate
// is open (non-nil) every call waits for it, or for its context.
type fakeNames struct {
	mu       sync.Mutex
	users    map[string]*api.User
	offices  map[string]*api.OfficeInfo
	groups   []api.Group
	estates  map[string]*api.Estate
	contacts map[string]*api.Contact
	errs     map[string]error // by id
	calls    map[string]int   // by "kind id"
	gate     chan struct{}
}

func newFakeNames() *fakeNames {
	return &fakeNames{
		users: map[string]*api.User{
			"HANE99C53F2DE4F489AB1E464D0F9AFFACD": {Name: "Anna Berg", Title: "Fastighetsmäklare", Email: "anna.berg@example.se", CellPhone: "070-123 45 67"},
		},
		offices: map[string]*api.OfficeInfo{"KON1": {ID: "KON1", CustomerID: "M11385", Name: "Mäklarhuset Södermalm", StreetAddress: "Götgatan 1", PostalTown: "Stockholm"}},
		groups:  []api.Group{{ID: "GRP1", Name: "Säljgruppen"}},
		estates: map[string]*api.Estate{"OBJ11385_1395932274": {
			ID: "OBJ11385_1395932274", PrimaryAgentID: "HANE99C53F2DE4F489AB1E464D0F9AFFACD",
			EstateType:     []api.Field{{Label: "EstateType", Value: "Villa"}},
			Address:        []api.Field{{Label: "StreetAddress", Value: "Ängsvägen 3"}, {Label: "City", Value: "Farsta"}},
			AssignmentType: []api.Field{{Label: "AssignmentType", Value: "Sale"}},
			Price:          []api.Field{{Label: "Amount", Value: "4250000"}},
			AssignmentDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
			Commission:     &api.Money{Value: "85000", Currency: "SEK"},
		}},
		contacts: map[string]*api.Contact{"ADR3ADC7B7B0A9447CA97FCAB43E36B582C": {
			Type: api.ContactPerson, Name: "Karin Ek", Email: "karin.ek@example.se",
			Phones: []api.Field{{Label: "Cell", Value: "070-999 88 77"}},
		}},
		errs:  map[string]error{},
		calls: map[string]int{},
	}
}

func (f *fakeNames) wait(ctx context.Context, kind, id string) error {
	f.mu.Lock()
	f.calls[kind+" "+id]++
	gate, err := f.gate, f.errs[id]
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return &api.NetworkError{Canceled: true, Err: ctx.Err()}
		}
	}
	return err
}

func (f *fakeNames) count(kind string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, c := range f.calls {
		if strings.HasPrefix(k, kind+" ") {
			n += c
		}
	}
	return n
}

func notFound(what, id string) error { return &api.NameNotFoundError{What: what, ID: id} }

func (f *fakeNames) GetUser(ctx context.Context, c, id string, _ api.Format) (*api.User, error) {
	if err := f.wait(ctx, "user", id); err != nil {
		return nil, err
	}
	if u, ok := f.users[id]; ok {
		cp := *u
		cp.ID = id
		return &cp, nil
	}
	return nil, notFound("user", id)
}

func (f *fakeNames) GetUserGroups(ctx context.Context, c string, _ api.Format) ([]api.Group, error) {
	if err := f.wait(ctx, "groups", c); err != nil {
		return nil, err
	}
	return f.groups, nil
}

func (f *fakeNames) GetOffice(ctx context.Context, c, id string, _ api.Format) (*api.OfficeInfo, error) {
	if err := f.wait(ctx, "office", id); err != nil {
		return nil, err
	}
	if o, ok := f.offices[id]; ok {
		return o, nil
	}
	return nil, notFound("office", id)
}

func (f *fakeNames) GetEstate(ctx context.Context, c, id string, _ api.Format) (*api.Estate, error) {
	if err := f.wait(ctx, "estate", id); err != nil {
		return nil, err
	}
	if e, ok := f.estates[id]; ok {
		return e, nil
	}
	return nil, notFound("estate", id)
}

func (f *fakeNames) GetContact(ctx context.Context, c, id string, _ api.Format) (*api.Contact, error) {
	if err := f.wait(ctx, "contact", id); err != nil {
		return nil, err
	}
	if k, ok := f.contacts[id]; ok {
		return k, nil
	}
	return nil, notFound("contact", id)
}

// withNames gives the inspector a resolver over fn.
func withNames(fn api.NameGetter) func(*Options) {
	return func(o *Options) { o.Names = api.NewResolver(fn, api.ResolverOptions{Profile: o.Profile}) }
}

// settleUnblocked is drain for one message, leaving aside the commands
// that do not answer within 300 ms (held at a gate): they are returned, to
// be settled later.
func settleUnblocked(t testing.TB, m Model, msg tea.Msg) (Model, []tea.Cmd) {
	t.Helper()
	tm, cmd := m.Update(msg)
	m = tm.(Model)
	var held []tea.Cmd
	var walk func(c tea.Cmd)
	walk = func(c tea.Cmd) {
		if c == nil {
			return
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var out tea.Msg
		select {
		case out = <-ch:
		case <-time.After(300 * time.Millisecond):
			held = append(held, func() tea.Msg { return <-ch })
			return
		}
		if v := reflect.ValueOf(out); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			for i := range v.Len() {
				walk(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		switch out.(type) {
		case lookupDoneMsg, historyMsg, detailRenderedMsg, nameMsg, namesDoneMsg:
			var more []tea.Cmd
			m, more = settleUnblocked(t, m, out)
			held = append(held, more...)
		}
	}
	walk(cmd)
	return m, held
}

// press sends keys, settling each.
func press(t testing.TB, m Model, ks ...string) Model {
	t.Helper()
	for _, k := range ks {
		tm, cmd := m.Update(keyPress(k))
		m = drain(t, tm.(Model), cmd)
	}
	return m
}

// lookUpNamed looks a lead up and settles everything that follows.
func lookUpNamed(t testing.TB, m Model, lead string) Model {
	t.Helper()
	m.panes.focusField(fieldLead)
	m.panes.input.setField(fieldLead, lead)
	return press(t, m, "enter")
}

// The lead shows at once; its names fill in as they come, beside the ids.
func TestNamesFillInAfterTheLead(t *testing.T) {
	fn := newFakeNames()
	fn.gate = make(chan struct{})
	m, _ := newTest(t, 140, 40, withNames(fn))
	// The lookup's answer comes; the names are held back at the gate.
	m.panes.focusField(fieldLead)
	m.panes.input.setField(fieldLead, "LED1")
	m, held := settleUnblocked(t, m, keyPress("enter"))
	s := screen(m)
	if !strings.Contains(s, "Agent HANE99C53F2DE4F489AB1E464D0F9AFFACD") || strings.Contains(s, "Anna Berg") {
		t.Fatalf("before the names came, want the lead with its ids only:\n%s", s)
	}
	close(fn.gate)
	for _, c := range held {
		m = drain(t, m, c)
	}
	s = screen(m)
	for _, want := range []string{"Agent Anna Berg (HANE99…)", "Office Mäklarhuset Södermalm (KON1, customer M11385)", "OBJ11385_1395932274 · Ängsvägen 3, Farsta, Villa"} {
		if !strings.Contains(s, want) {
			t.Errorf("names filled in: want %q in\n%s", want, s)
		}
	}
	// The contact is personal data: not asked for until its card is opened.
	if n := fn.count("contact"); n != 0 {
		t.Errorf("%d contact requests before the card was opened", n)
	}
}

// A refused website password shows beside the id; the lead still shows and
// the status bar says once what to set.
func TestNoAccessShowsBesideTheIDWithOneHint(t *testing.T) {
	fn := newFakeNames()
	refused := &api.NoAccessError{Group: api.WebsiteFunctions, Err: &api.ForbiddenError{StatusError: api.StatusError{Status: 403}}}
	fn.errs["HANE99C53F2DE4F489AB1E464D0F9AFFACD"] = refused
	fn.errs["KON1"] = refused
	m, _ := newTest(t, 160, 40, withNames(fn))
	m = lookUpNamed(t, m, "LED1")
	s := screen(m)
	// The reason wraps as one phrase under a long id.
	for _, want := range []string{"Agent HANE99C53F2DE4F489AB1E464D0F9AFFACD", "· name: no access (website functions) ◀",
		"KON1 (customer M11385) · name: no access (website functions)", "New", "Hemnet", "set website_username and website_password"} {
		if !strings.Contains(s, want) {
			t.Errorf("want %q in\n%s", want, s)
		}
	}
	// Once a program: looking another lead up does not say it again.
	m = lookUpNamed(t, m, "LEDSTATE")
	if s := screen(m); strings.Contains(s, "set website_username") || !strings.Contains(s, "name: no access") {
		t.Errorf("second lead: the hint again, or the reason gone:\n%s", s)
	}
	// The refusal is cached: the second lead asked nothing again.
	if n := fn.count("user"); n != 1 {
		t.Errorf("%d agent requests for the same agent, want 1", n)
	}
}

// A not found and a failing endpoint read "not found" and "unavailable".
func TestNameFailuresInWords(t *testing.T) {
	fn := newFakeNames()
	delete(fn.users, "HANE99C53F2DE4F489AB1E464D0F9AFFACD")
	fn.errs["KON1"] = &api.ServerError{StatusError: api.StatusError{Status: 500}}
	m, _ := newTest(t, 160, 40, withNames(fn))
	m = lookUpNamed(t, m, "LED1")
	s := screen(m)
	for _, want := range []string{"HANE99C53F2DE4F489AB1E464D0F9AFFACD · name: not found", "KON1 (customer M11385) · name: unavailable"} {
		if !strings.Contains(s, want) {
			t.Errorf("want %q in\n%s", want, s)
		}
	}
}

// esc cancels the names in flight with the lookup.
func TestEscCancelsNames(t *testing.T) {
	fn := newFakeNames()
	fn.gate = make(chan struct{}) // never opened: only cancellation ends the calls
	m, _ := newTest(t, 140, 40, withNames(fn))
	m.panes.focusField(fieldLead)
	m.panes.input.setField(fieldLead, "LED1")
	m, held := settleUnblocked(t, m, keyPress("enter"))
	if len(held) != 1 || !m.names.busy {
		t.Fatalf("%d commands held at the gate, want the names'", len(held))
	}
	tm, _ := m.Update(keyPress("esc"))
	m = tm.(Model)
	done := make(chan tea.Msg)
	go func() { done <- held[0]() }()
	select {
	case msg := <-done:
		tm, _ := m.Update(msg)
		m = tm.(Model)
	case <-time.After(3 * time.Second):
		t.Fatal("the names' requests were not cancelled by esc")
	}
	if m.names.busy {
		t.Error("names still marked as coming after esc")
	}
}

// r forgets the names: the lookup again asks the server again.
func TestRerunRefreshesNames(t *testing.T) {
	fn := newFakeNames()
	m, _ := newTest(t, 140, 40, withNames(fn))
	m = lookUpNamed(t, m, "LED1")
	m = lookUpNamed(t, m, "LED1")
	if n := fn.count("user"); n != 1 {
		t.Fatalf("looked up twice: %d agent requests, want 1 (cached)", n)
	}
	m = focusPane(m, focusDetail)
	m = press(t, m, "r")
	if n := fn.count("user"); n != 2 {
		t.Errorf("after r: %d agent requests, want 2", n)
	}
	if !strings.Contains(screen(m), "Anna Berg") {
		t.Error("names gone after r")
	}
}

// A batch of 50 leads held by 5 people asks for 5 names, and the table
// shows them.
func TestBatchHeldByNames(t *testing.T) {
	fn := newFakeNames()
	m, fc := newTest(t, 140, 40, withNames(fn))
	var ids []string
	for i := range 50 {
		id := fmt.Sprintf("LEDB%02d", i)
		l := typicalLead()
		agent := fmt.Sprintf("HAN%d", i%5)
		l.Receiver.Agent.ID = agent
		fn.users[agent] = &api.User{Name: fmt.Sprintf("Agent Nummer%d", i%5)}
		fc.leads[id] = l
		ids = append(ids, id)
	}
	tm, cmd := m.Update(tea.PasteMsg{Content: strings.Join(ids, "\n")})
	m = runConcurrently(t, tm.(Model), cmd)
	if n := fn.count("user"); n != 5 {
		t.Errorf("%d agent requests for 50 leads held by 5 people, want 5", n)
	}
	s := screen(m)
	if !strings.Contains(s, "agent Agent Nummer0") || !strings.Contains(s, "agent Agent Nummer4") {
		t.Errorf("Held by shows no names:\n%s", s)
	}
}

// The card keys show in the help line and the ? overlay while a lead with
// those ids is on screen, and open cards that esc closes.
func TestCardsOpenAndClose(t *testing.T) {
	fn := newFakeNames()
	m, _ := newTest(t, 160, 40, withNames(fn))
	if strings.Contains(m.help.line, "agent") {
		t.Errorf("card keys before a lead: %q", m.help.line)
	}
	m = lookUpNamed(t, m, "LED1")
	for _, want := range []string{"a agent", "m office", "e estate", "K contact"} {
		if !strings.Contains(m.help.line, want) {
			t.Errorf("help line lacks %q: %q", want, m.help.line)
		}
	}
	if strings.Contains(m.help.line, "u user group") {
		t.Errorf("the lead has no user group, yet u shows: %q", m.help.line)
	}
	m = press(t, m, "?")
	if s := screen(m); !strings.Contains(s, "Cards of the lead") || !strings.Contains(s, "contact") {
		t.Errorf("overlay lacks the card keys:\n%s", s)
	}
	m = press(t, m, "esc")

	m = press(t, m, "a")
	s := screen(m)
	for _, want := range []string{"Agent card", "Anna Berg", "Fastighetsmäklare", "anna.berg@example.se", "070-123 45 67"} {
		if !strings.Contains(s, want) {
			t.Errorf("agent card lacks %q:\n%s", want, s)
		}
	}
	if m.panes.focus != focusCard || !strings.Contains(m.help.line, "close card") {
		t.Errorf("card not focused, or its keys not in the help line: %q", m.help.line)
	}
	m = press(t, m, "esc")
	if s := screen(m); strings.Contains(s, "Agent card") || m.panes.focus != focusDetail || !strings.Contains(s, "Agent Anna Berg") {
		t.Errorf("esc did not return to the lead:\n%s", s)
	}

	m = press(t, m, "e")
	s = screen(m)
	for _, want := range []string{"Estate card", "Buying estate", "Estate type", "Villa", "Street address", "Ängsvägen 3",
		"Assignment type", "Sale", "2025-03-01", "Primary agent", "Anna Berg (HANE99…)", "Price.Amount", "4 250 000", "85 000 kr",
		"Status", "none"} {
		if !strings.Contains(s, want) {
			t.Errorf("estate card lacks %q:\n%s", want, s)
		}
	}
	m = press(t, m, "esc", "m")
	if s := screen(m); !strings.Contains(s, "Office card") || !strings.Contains(s, "Götgatan 1") {
		t.Errorf("office card:\n%s", s)
	}
}

// The contact is fetched only when its card is opened, masked in privacy
// mode, and never in the ticket summary; c in the card copies it.
func TestContactCardOnlyOnRequest(t *testing.T) {
	fn := newFakeNames()
	m, _ := newTest(t, 160, 40, withNames(fn))
	m = lookUpNamed(t, m, "LED1")
	if n := fn.count("contact"); n != 0 {
		t.Fatalf("%d contact requests before K", n)
	}
	m = press(t, m, "K")
	if n := fn.count("contact"); n != 1 {
		t.Fatalf("%d contact requests after K, want 1", n)
	}
	s := screen(m)
	for _, want := range []string{"Contact card", "Person", "Karin Ek", "karin.ek@example.se", "Mobile phone", "070-999 88 77"} {
		if !strings.Contains(s, want) {
			t.Errorf("contact card lacks %q:\n%s", want, s)
		}
	}
	tm, cmd := m.Update(keyPress("c"))
	m = tm.(Model)
	if got := clipboardOf(t, cmd); !strings.Contains(got, "Name: Karin Ek") {
		t.Errorf("c in the card copied %q", got)
	}
	m = press(t, m, "p")
	if s := screen(m); strings.Contains(s, "Karin") || strings.Contains(s, "karin.ek") || strings.Contains(s, "070-999") ||
		!strings.Contains(s, "••••") {
		t.Errorf("privacy mode shows the contact:\n%s", s)
	}
	tm, cmd = m.Update(keyPress("c"))
	m = tm.(Model)
	if got := clipboardOf(t, cmd); strings.Contains(got, "Karin") {
		t.Errorf("c in privacy mode copied the contact: %q", got)
	}
	m = press(t, m, "p", "esc")
	// The ticket summary and the history never hold it.
	tm, cmd = m.Update(keyPress("t"))
	m = tm.(Model)
	if got := clipboardOf(t, cmd); got == "" || strings.Contains(got, "Karin") || strings.Contains(got, "karin.ek") {
		t.Errorf("ticket summary %q", got)
	}
	for _, e := range entriesOf(m) {
		if strings.Contains(fmt.Sprintf("%+v", e), "Karin") {
			t.Errorf("history holds the contact: %+v", e)
		}
	}
	// Opened again, it is fetched again only for another lead.
	_ = press(t, m, "K")
	if n := fn.count("contact"); n != 1 {
		t.Errorf("%d contact requests after opening the card twice, want 1", n)
	}
}

// Goldens of the cards, at 80×24.
func TestGoldenCards(t *testing.T) {
	for _, k := range []string{"a", "e", "K"} {
		t.Run("card-"+k, func(t *testing.T) {
			fn := newFakeNames()
			m, _ := newTest(t, 80, 24, withNames(fn))
			m = lookUpNamed(t, m, "LED1")
			m = press(t, m, k)
			golden.RequireEqual(t, screen(m))
		})
	}
}

// Against the demo: the lead's names fill in, and a customer whose website
// password is refused shows why beside the ids.
func TestDemoNames(t *testing.T) {
	m := namedDemoLookup(t, 160, 45)
	if s := screen(m); !strings.Contains(s, "Agent ") || !strings.Contains(s, "(HAN") || strings.Contains(s, "name: ") {
		t.Errorf("demo's ordinary lead without names:\n%s", s)
	}
	for _, l := range demo.Leads() {
		if l.CustomerID == "M30012" {
			m.panes.input.setIDs(l.CustomerID, l.LeadID)
			m = lookUpNamed(t, m, l.LeadID)
			s := screen(m)
			if !strings.Contains(s, "name: no access (website functions)") || !strings.Contains(s, "Kvarnvägen 5") {
				t.Errorf("refused website password:\n%s", s)
			}
			return
		}
	}
	t.Fatal("the demo has no lead of customer M30012")
}

// In privacy mode an estate's description is masked with its id, in the
// detail pane and in its card; the user group's card names the group, and
// an agent from the user list says so.
func TestPrivacyMasksEstatesAndGroupCard(t *testing.T) {
	fn := newFakeNames()
	fn.users["HANE99C53F2DE4F489AB1E464D0F9AFFACD"].FromUserList = true
	m, fc := newTest(t, 160, 40, withNames(fn))
	l := typicalLead()
	l.Receiver.UserGroup = &api.UserGroup{ID: "GRP1"}
	fc.leads["LEDGRP"] = l
	m = lookUpNamed(t, m, "LEDGRP")
	if s := screen(m); !strings.Contains(s, "User group Säljgruppen (GRP1)") || !strings.Contains(s, "Ängsvägen 3") {
		t.Fatalf("names:\n%s", s)
	}
	m = press(t, m, "p")
	if s := screen(m); strings.Contains(s, "Ängsvägen") || strings.Contains(s, "OBJ11385") {
		t.Errorf("privacy mode shows the estate:\n%s", s)
	}
	m = press(t, m, "e")
	if s := screen(m); strings.Contains(s, "Ängsvägen") || strings.Contains(s, "OBJ11385") || !strings.Contains(s, "Villa") {
		t.Errorf("estate card in privacy mode:\n%s", s)
	}
	m = press(t, m, "esc", "p", "u")
	if s := screen(m); !strings.Contains(s, "User group card") || !strings.Contains(s, "Säljgruppen") {
		t.Errorf("group card:\n%s", s)
	}
	m = press(t, m, "esc", "a")
	if s := screen(m); !strings.Contains(s, "from the user list") {
		t.Errorf("agent card does not say where the name came from:\n%s", s)
	}
}

// The root's View with a card open only lays it out; an Update with the
// card open rebuilds its rows, and renders them only when they changed.
func BenchmarkRootViewCard(b *testing.B) {
	m, _ := newTest(b, 120, 40, withNames(newFakeNames()))
	m = lookUpNamed(b, m, "LED1")
	m = press(b, m, "e")
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkUpdateWithCard(b *testing.B) {
	m, _ := newTest(b, 120, 40, withNames(newFakeNames()))
	m = lookUpNamed(b, m, "LED1")
	m = press(b, m, "e")
	for b.Loop() {
		tm, _ := m.Update(keyPress("down"))
		m = tm.(Model)
	}
}
