package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/demo"
	"leadinspector/ui/history"
	"leadinspector/ui/input"
	"leadinspector/ui/queue"
	"leadinspector/ui/rawview"
)

// testNow is the fixed clock of every test.
var testNow = time.Date(2025, 4, 7, 10, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func typicalLead() *api.IncomingLead {
	return &api.IncomingLead{
		ContactID:  "ADR3ADC7B7B0A9447CA97FCAB43E36B582C",
		LeadSource: &api.LeadSource{ID: "SRC1", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
		SentAt:     time.Date(2025, 4, 4, 6, 11, 27, 0, time.UTC),
		Receiver: &api.LeadReceiver{
			Agent:  &api.Agent{ID: "HANE99C53F2DE4F489AB1E464D0F9AFFACD", Office: &api.Office{ID: "KON1", CustomerID: "M11385"}},
			Office: &api.Office{ID: "KON1", CustomerID: "M11385"},
		},
		BuyingEstateID: "OBJ11385_1395932274",
		State:          "New",
		Message:        "Hej! Jag är intresserad av lägenheten på Storgatan.\nKan vi boka en visning nästa vecka?\n\nMvh",
		IsAnonymized:   ptr(false),
		UtmTags: []api.UtmTag{
			{Name: "utm_source", Value: "hemnet"}, {Name: "utm_medium", Value: "listing"},
			{Name: "utm_campaign", Value: "varen-2025"},
		},
	}
}

func officeOnlyLead() *api.IncomingLead {
	return &api.IncomingLead{
		LeadSource:   &api.LeadSource{ID: "SRC9", Name: "Egen webb", LeadType: "AcceptObjectFlow"},
		SentAt:       time.Date(2024, 11, 2, 9, 0, 0, 0, time.UTC),
		Receiver:     &api.LeadReceiver{Office: &api.Office{ID: "KON7", CustomerID: "M30011"}},
		State:        "Completed",
		IsAnonymized: ptr(true),
	}
}

func unknownStateLead() *api.IncomingLead {
	l := typicalLead()
	l.State = "WaitingForCustomer"
	l.LeadSource.LeadType = "CallbackFlow"
	return l
}

func manyUtmLead(n int) *api.IncomingLead {
	l := typicalLead()
	l.UtmTags = make([]api.UtmTag, n)
	for i := range l.UtmTags {
		l.UtmTags[i] = api.UtmTag{Name: "utm_tag_" + strings.Repeat("x", i%7) + string(rune('a'+i%26)), Value: "value-" + strings.Repeat("v", i%11)}
	}
	return l
}

// resultFor builds what the client would return for a lead.
func resultFor(c, l string, lead *api.IncomingLead, f api.Format) *api.Result {
	var body []byte
	if f == api.XML {
		body = []byte("<IncomingLead xmlns=\"http://schemas.datacontract.org/2004/07/Vitec.Express.Connect\">\n  <State>" +
			string(lead.State) + "</State>\n</IncomingLead>")
	} else {
		body, _ = json.MarshalIndent(lead, "", "  ")
	}
	return &api.Result{
		Lead: lead, Body: body, Format: f, Method: "GET",
		Path: "/CRM/Lead/" + c + "/Incoming/" + l, Host: "connect.example", Accept: f.Accept(),
		Status: 200, ContentType: f.Accept() + "; charset=utf-8", Size: int64(len(body)), Duration: 38 * time.Millisecond,
		Attempts: 1,
	}
}

type call struct {
	key    lookupKey
	format api.Format
}

// fakeClient answers from a table; ids not in it get a 404. block makes
// every call wait for its context, as a request that never answers.
type fakeClient struct {
	mu      sync.Mutex
	leads   map[string]*api.IncomingLead
	errs    map[string]error
	retried map[string]int // a lead answered after one retry for this status
	block   bool
	calls   []call
	started chan struct{}
}

func newFake() *fakeClient {
	return &fakeClient{
		leads: map[string]*api.IncomingLead{
			"LED1":     typicalLead(),
			"LEDOFF":   officeOnlyLead(),
			"LEDSTATE": unknownStateLead(),
			"LEDUTM":   manyUtmLead(40),
		},
		errs: map[string]error{},
	}
}

func (f *fakeClient) GetIncomingLead(ctx context.Context, c, l string, format api.Format) (*api.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, call{lookupKey{c, l}, format})
	block, started := f.block, f.started
	lead, ok := f.leads[l]
	err := f.errs[l]
	f.mu.Unlock()
	if started != nil {
		started <- struct{}{}
	}
	if block {
		<-ctx.Done()
		return nil, &api.NetworkError{Canceled: true, Err: ctx.Err()}
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &api.NotFoundError{StatusError: api.StatusError{Status: 404, Message: "Lead not found"}}
	}
	res := resultFor(c, l, lead, format)
	if st, ok := f.retried[l]; ok {
		res.Attempts, res.RetriedFor = 2, st
	}
	return res, nil
}

func (f *fakeClient) callList() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// newTest builds a model with a fake client, a fixed clock, UTC, a size,
// monochrome styles and an in-memory history (opened as Init would).
func newTest(t testing.TB, w, h int, mod ...func(*Options)) (Model, *fakeClient) {
	t.Helper()
	fc := newFake()
	o := Options{
		Client: fc, Profile: "prod", Host: "connect.example", CustomerID: "M30011",
		NoColor: true, Now: func() time.Time { return testNow },
	}
	for _, f := range mod {
		f(&o)
	}
	m := New(o)
	m.env.loc = time.UTC
	// Timers fire at once: tests drive the watch's ticks themselves.
	m.watch.after = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return fn(testNow) }
	}
	m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = update(t, m, m.panes.hist.open()())
	return m, fc
}

// update runs one message through Update and then the commands it returns,
// feeding back the messages of the program's own work (lookups, history)
// and dropping the rest (timers, terminal requests).
func update(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	tm, cmd := m.Update(msg)
	m = tm.(Model)
	return drain(t, m, cmd)
}

func drain(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	for _, msg := range run(cmd) {
		switch msg.(type) {
		case lookupDoneMsg, historyMsg, historyOpenedMsg, detailRenderedMsg, batchDoneMsg, openReadyMsg, openDoneMsg, rawview.SearchDoneMsg,
			namesMsg, externalMsg, queue.PageMsg, timelineMsg:
			m = update(t, m, msg)
		}
	}
	return m
}

// run executes a command tree and returns its messages. Commands that do
// not return within two seconds (tea.Tick timers) are abandoned.
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(2 * time.Second):
		return nil
	}
	if msg == nil {
		return nil
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, run(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// cmdMsgs returns the messages of a command without feeding them back.
func cmdMsgs(cmd tea.Cmd) []tea.Msg { return run(cmd) }

func keyPress(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	if len(r) != 1 {
		panic("keyPress: " + s)
	}
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// keys presses keys in order; a word of several letters is typed.
func keys(t testing.TB, m Model, ks ...string) Model {
	t.Helper()
	for _, k := range ks {
		if len([]rune(k)) > 1 && !isNamedKey(k) {
			for _, r := range k {
				m = update(t, m, keyPress(string(r)))
			}
			continue
		}
		m = update(t, m, keyPress(k))
	}
	return m
}

func isNamedKey(k string) bool {
	switch k {
	case "enter", "esc", "tab", "shift+tab", "ctrl+c", "up", "down", "left", "right", "backspace", "ctrl+u":
		return true
	}
	return false
}

// screen is the View as plain text.
func screen(m Model) string { return ansi.Strip(m.View().Content) }

// lookUp types a lead id into the Lead ID field and presses enter.
func lookUp(t testing.TB, m Model, lead string) Model {
	t.Helper()
	m.panes.focusField(fieldLead)
	m.panes.input.fields[fieldLead].Edit((*input.Model).CursorEnd)
	m = keys(t, m, "ctrl+u", lead, "enter")
	return m
}

func quits(cmd tea.Cmd) bool {
	for _, msg := range cmdMsgs(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func entriesOf(m Model) []history.Entry { return m.panes.hist.all }

func ansiStrip(s string) string { return ansi.Strip(s) }
func ansiWidth(s string) int    { return ansi.StringWidth(s) }

func asString(msg tea.Msg) string { return fmt.Sprint(msg) }

// focusPane focuses a pane as a click would, keeping derived state in step.
func focusPane(m Model, f focusID) Model {
	m.panes.setFocus(f)
	_ = m.refresh()
	return m
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: testNow} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newWith builds a model from options as newTest does, for a client of the
// test's choosing (the demo API, a counting fake).
func newWith(t testing.TB, o Options, w, h int) Model {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return testNow }
	}
	m := New(o)
	m.env.loc = time.UTC
	m.watch.after = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return fn(testNow) }
	}
	m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return update(t, m, m.panes.hist.open()())
}

// clipboardOf is the text of the one tea.SetClipboard message a command
// gives ("" when it gives none).
func clipboardOf(t testing.TB, cmd tea.Cmd) string {
	t.Helper()
	var texts []string
	for _, msg := range cmdMsgs(cmd) {
		// tea.SetClipboard's message type is unexported: a string kind.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.String && strings.Contains(v.Type().String(), "Clipboard") {
			texts = append(texts, v.String())
		}
	}
	if len(texts) > 1 {
		t.Fatalf("%d clipboard writes", len(texts))
	}
	if len(texts) == 0 {
		return ""
	}
	return texts[0]
}

// runConcurrently runs commands as the Bubble Tea runtime does, each in
// its own goroutine, feeding the program's own messages back into Update
// one at a time, until no command is left.
func runConcurrently(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	msgs := make(chan tea.Msg)
	pending := 0
	spawn := func(c tea.Cmd) {
		if c == nil {
			return
		}
		pending++
		go func() { msgs <- c() }()
	}
	spawn(cmd)
	deadline := time.After(10 * time.Second)
	for pending > 0 {
		select {
		case msg := <-msgs:
			pending--
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				for i := range v.Len() {
					spawn(v.Index(i).Interface().(tea.Cmd))
				}
				continue
			}
			switch msg.(type) {
			case lookupDoneMsg, historyMsg, historyOpenedMsg, detailRenderedMsg, batchDoneMsg, rawview.SearchDoneMsg, namesMsg:
				tm, c := m.Update(msg)
				m = tm.(Model)
				spawn(c)
			}
		case <-deadline:
			t.Fatal("commands still running after 10 s")
		}
	}
	return m
}

// demoAt serves the demo API with a clock of the test's own (the stepping
// lead follows it) and returns inspector options for it.
func demoAt(t *testing.T, now func() time.Time) Options {
	t.Helper()
	srv, err := demo.Start(demo.Options{Now: now, SlowDelay: 5 * time.Second}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: demo.Username, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Client: c, Profile: "demo", Demo: true, Host: strings.TrimPrefix(srv.URL, "http://"), BaseURL: srv.URL,
		Username: demo.Username, CustomerID: demo.CustomerID, NoColor: true, Now: now,
	}
}

// namedDemoLookup is an inspector on the demo API with names on, w×h, its
// first lead looked up and named.
func namedDemoLookup(t *testing.T, w, h int) Model {
	t.Helper()
	o := demoAt(t, func() time.Time { return testNow })
	o.Names = api.NewResolver(o.Client.(*api.Client), api.ResolverOptions{Profile: "demo"})
	m := newWith(t, o, w, h)
	first := demo.Leads()[0]
	m.panes.input.setIDs(first.CustomerID, first.LeadID)
	return lookUpNamed(t, m, first.LeadID)
}

// setField sets a field's text, as SetValue does.
func (p *inputPane) setField(field int, v string) {
	p.fields[field].Edit(func(f *input.Model) { f.SetValue(v) })
}
