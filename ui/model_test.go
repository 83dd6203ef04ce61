package ui

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

func TestStartsInLeadIDWithCustomerPrefilled(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	if m.panes.focus != focusInput || m.panes.input.active != fieldLead || !m.panes.input.fields[fieldLead].Focused() {
		t.Fatalf("focus %v field %d, want the Lead ID field", m.panes.focus, m.panes.input.active)
	}
	if c, _ := m.panes.input.ids(); c != "M30011" {
		t.Errorf("customer %q, want the profile's M30011", c)
	}
	s := screen(m)
	for _, want := range []string{"Customer ID M30011", "Lead ID", "No lead yet", "prod · connect.example", "enter look up"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
}

func TestQuitOnlyWhenNotTyping(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	tm, cmd := m.Update(keyPress("q"))
	m = tm.(Model)
	if quits(cmd) {
		t.Fatal("q quit while typing in the Lead ID field")
	}
	if _, l := m.panes.input.ids(); l != "q" {
		t.Fatalf("q did not reach the field: %q", l)
	}
	m = keys(t, m, "tab") // to detail
	if _, cmd := m.Update(keyPress("q")); !quits(cmd) {
		t.Fatal("q in the detail pane did not quit")
	}
	// ctrl+c quits from a field too.
	m.panes.focusField(fieldLead)
	if _, cmd := m.Update(keyPress("ctrl+c")); !quits(cmd) {
		t.Fatal("ctrl+c in the input did not quit")
	}
	// A history filter being typed takes q as text.
	m = update(t, m, lookupDoneMsg{}) // harmless stale message
	m = lookUp(t, m, "LED1")
	m = focusPane(m, focusHistory)
	m = keys(t, m, "/")
	tm, cmd = m.Update(keyPress("q"))
	if quits(cmd) {
		t.Fatal("q quit while typing a history filter")
	}
	if got := tm.(Model).panes.hist.filter.Value(); got != "q" {
		t.Errorf("filter %q, want q", got)
	}
}

func TestTabOrder(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	type stop struct {
		f     focusID
		field int
	}
	at := func(m Model) stop {
		if m.panes.focus == focusInput {
			return stop{focusInput, m.panes.input.active}
		}
		return stop{m.panes.focus, -1}
	}
	want := []stop{{focusDetail, -1}, {focusRaw, -1}, {focusHistory, -1}, {focusInput, fieldCustomer}, {focusInput, fieldLead}}
	for i, w := range want {
		m = keys(t, m, "tab")
		if got := at(m); got != w {
			t.Fatalf("tab %d: at %+v, want %+v", i+1, got, w)
		}
	}
	for i := len(want) - 2; i >= 0; i-- {
		m = keys(t, m, "shift+tab")
		if got := at(m); got != want[i] {
			t.Fatalf("shift+tab: at %+v, want %+v", got, want[i])
		}
	}
	// Only the focused field takes keys.
	m.panes.focusField(fieldCustomer)
	m = keys(t, m, "X")
	if c, l := m.panes.input.ids(); c != "M30011X" || l != "" {
		t.Errorf("after typing X in Customer ID: %q %q", c, l)
	}
}

func TestIFocusesLeadID(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = lookUp(t, m, "LED1")
	if m.panes.focus != focusDetail {
		t.Fatalf("after a good lookup focus is %v, want detail", m.panes.focus)
	}
	m = keys(t, m, "tab", "tab", "i") // history, then i
	if m.panes.focus != focusInput || m.panes.input.active != fieldLead {
		t.Fatalf("i: focus %v field %d", m.panes.focus, m.panes.input.active)
	}
	if _, l := m.panes.input.ids(); l != "LED1" {
		t.Errorf("i typed into the field: %q", l)
	}
}

func TestEscLeavesInput(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = keys(t, m, "esc")
	if m.panes.focus != focusDetail {
		t.Fatalf("esc in the input: focus %v, want detail", m.panes.focus)
	}
}

func TestDetailPaneDoesNotTakeTextKeys(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = lookUp(t, m, "LEDUTM")
	off := m.panes.detail.off
	m = keys(t, m, "j", "j")
	if m.panes.detail.off != off+2 {
		t.Errorf("j in detail scrolled to %d, want %d", m.panes.detail.off, off+2)
	}
	if _, l := m.panes.input.ids(); l != "LEDUTM" {
		t.Errorf("keys for the detail pane reached the input: %q", l)
	}
}

func TestLookupSuccessShowsLeadAndFocusesDetail(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	if got := fc.callList(); len(got) != 1 || got[0] != (call{lookupKey{"M30011", "LED1"}, api.JSON}) {
		t.Fatalf("calls %+v", got)
	}
	s := screen(m)
	for _, want := range []string{"HANE99C53F2DE4F489AB1E464D0F9AFFACD", "Hemnet", "200 OK · 38 ms", "Raw JSON", "M30011"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	if m.panes.focus != focusDetail {
		t.Errorf("focus %v, want detail", m.panes.focus)
	}
}

func TestEnterNeedsBothIDs(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	m = keys(t, m, "enter")
	if len(fc.callList()) != 0 || !strings.Contains(screen(m), "type a Lead ID first") {
		t.Fatalf("enter with no lead id: calls %v\n%s", fc.callList(), screen(m))
	}
	m.panes.focusField(fieldCustomer)
	m = keys(t, m, "ctrl+u", "down", "LED1", "enter")
	if len(fc.callList()) != 0 || m.panes.input.active != fieldCustomer || !strings.Contains(screen(m), "type a Customer ID first") {
		t.Fatalf("enter with no customer id: calls %v\n%s", fc.callList(), screen(m))
	}
}

func TestTypedSlashFormSplitsOnEnter(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	m = keys(t, m, "M999/LED1", "enter")
	if got := fc.callList(); len(got) != 1 || got[0].key != (lookupKey{"M999", "LED1"}) {
		t.Fatalf("calls %+v", got)
	}
	if c, l := m.panes.input.ids(); c != "M999" || l != "LED1" {
		t.Errorf("fields %q %q", c, l)
	}
}

func TestPasteFillsBothFields(t *testing.T) {
	for _, p := range []string{
		"M123/LED9", "M123 LED9", "https://connect.example/CRM/Lead/M123/Incoming/LED9?x=1",
	} {
		m, _ := newTest(t, 80, 24)
		m = update(t, m, tea.PasteMsg{Content: p})
		if c, l := m.panes.input.ids(); c != "M123" || l != "LED9" {
			t.Errorf("paste %q: fields %q %q", p, c, l)
		}
		if m.panes.focus != focusInput || m.panes.input.active != fieldLead {
			t.Errorf("paste %q: focus %v/%d", p, m.panes.focus, m.panes.input.active)
		}
	}
	// A paste while another pane has focus fills the ids too.
	m, _ := newTest(t, 80, 24)
	m = keys(t, m, "tab", "tab", "tab")
	m = update(t, m, tea.PasteMsg{Content: "M5/L5"})
	if c, l := m.panes.input.ids(); c != "M5" || l != "L5" || m.panes.focus != focusInput {
		t.Errorf("paste in history: %q %q focus %v", c, l, m.panes.focus)
	}
	// Anything else is typed into the focused field.
	m, _ = newTest(t, 80, 24)
	m = update(t, m, tea.PasteMsg{Content: "LED77"})
	if c, l := m.panes.input.ids(); c != "M30011" || l != "LED77" {
		t.Errorf("plain paste: %q %q", c, l)
	}
}

func TestHugePasteIsCutWithNotice(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = update(t, m, tea.PasteMsg{Content: strings.Repeat("x", 1<<20)})
	if _, l := m.panes.input.ids(); len(l) != fieldLimit {
		t.Errorf("lead id holds %d bytes, want %d", len(l), fieldLimit)
	}
	if s := screen(m); !strings.Contains(s, "the paste was 1 MiB") {
		t.Errorf("no notice of the cut paste:\n%s", s)
	}
	// The field shows the wrong paste; the lookup refuses it with the
	// reason, before any request.
	m = keys(t, m, "enter")
	if s := screen(m); !strings.Contains(s, "longer than the API's 40 characters") {
		t.Errorf("a 256-character id was not refused with the reason:\n%s", s)
	}
}

func TestStaleResultIsDropped(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	// A slow answer for an earlier request arrives after LED1's.
	stale := lookupDoneMsg{seq: m.req.seq - 1, key: lookupKey{"M30011", "LEDOFF"}, format: api.JSON,
		res: resultFor("M30011", "LEDOFF", officeOnlyLead(), api.JSON)}
	m = update(t, m, stale)
	if m.panes.detail.leadID != "LED1" {
		t.Fatalf("stale answer replaced the lead: %q", m.panes.detail.leadID)
	}
	// And one for a request replaced while in flight.
	cmd := m.startLookup(lookupKey{"M30011", "LEDOFF"}, api.JSON, kindLookup, false)
	first := m.req.seq
	_ = m.startLookup(lookupKey{"M30011", "LEDSTATE"}, api.JSON, kindLookup, false)
	for _, msg := range cmdMsgs(cmd) {
		if d, ok := msg.(lookupDoneMsg); ok {
			if d.seq != first {
				t.Fatalf("seq %d, want %d", d.seq, first)
			}
			m = update(t, m, d)
		}
	}
	if m.panes.detail.leadID != "LED1" || !m.req.active {
		t.Fatalf("replaced request's answer was used: lead %q, in flight %v", m.panes.detail.leadID, m.req.active)
	}
}

func TestEscCancelsRequestInFlight(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	fc.block = true
	fc.started = make(chan struct{}, 1)
	m = keys(t, m, "LED1")
	tm, cmd := m.Update(keyPress("enter"))
	m = tm.(Model)
	if !m.req.active {
		t.Fatal("no request in flight after enter")
	}
	if s := screen(m); !strings.Contains(s, "looking up M30011/LED1") || !strings.Contains(s, "esc cancel") {
		t.Errorf("status while fetching:\n%s", s)
	}
	done := make(chan []tea.Msg)
	go func() { done <- cmdMsgs(cmd) }()
	<-fc.started
	m = keys(t, m, "esc")
	select {
	case msgs := <-done:
		for _, msg := range msgs {
			m = update(t, m, msg)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the request's context")
	}
	if m.req.active {
		t.Fatal("request still in flight after esc")
	}
	if s := screen(m); !strings.Contains(s, "request cancelled") {
		t.Errorf("no word of the cancel:\n%s", s)
	}
	if m.panes.focus != focusInput {
		t.Errorf("esc that cancels also left the input: focus %v", m.panes.focus)
	}
}

func TestErrorsInPlainWordsKeepPreviousLead(t *testing.T) {
	resp := &api.Response{Status: 502}
	cases := []struct {
		err  error
		want string
	}{
		{&api.UnauthorizedError{StatusError: api.StatusError{Status: 401}},
			`authentication failed (HTTP 401): check the username and password of profile "prod"`},
		{&api.ForbiddenError{StatusError: api.StatusError{Status: 403}},
			"no access (HTTP 403): check customer id M30011, or ask Vitec to give this user its CRM function group"},
		{&api.NotFoundError{StatusError: api.StatusError{Status: 404, Message: "Lead not found"}},
			"not found (HTTP 404): customer M30011 has no such lead, or this user cannot see it: check both ids — server says: Lead not found"},
		{&api.RejectedError{StatusError: api.StatusError{Status: 400}, Fields: map[string][]string{"id": {"The value 'x' is not valid."}}},
			"request rejected (HTTP 400): check the customer id and the lead id — server says: id: The value 'x' is not valid."},
		{&api.ServerError{StatusError: api.StatusError{Status: 500, Message: "An error has occurred."}},
			"server error (HTTP 500 Internal Server Error): a problem on Vitec's side: retry later, or contact Vitec if it persists; r retries — server says: An error has occurred."},
		{&api.ServerError{StatusError: api.StatusError{Status: 502, Response: resp}},
			"server error (HTTP 502 Bad Gateway): a problem on Vitec's side: retry later, or contact Vitec if it persists; r retries"},
		{&api.NetworkError{Timeout: true, Err: context.DeadlineExceeded},
			"timed out: no answer in time; check the connection, or raise timeout; r retries"},
		{&api.NetworkError{Err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")},
			"network error: dial tcp 127.0.0.1:1: connect: connection refused; check the connection; r retries"},
		{&api.NetworkError{Hint: "the server's certificate is not trusted (set ca_file for a corporate proxy)"},
			"network error: the server's certificate is not trusted (set ca_file for a corporate proxy); check the connection; r retries"},
		{&api.BadResponseError{Reason: api.WrongContentType, Detail: "expected JSON, got text/html", Excerpt: "<html><title>Sign in</title>"},
			`response could not be understood: expected JSON, got text/html; check base_url of profile "prod", or sign in to the proxy — server says: <html><title>Sign in</title>`},
		{&api.BadResponseError{Reason: api.WrongContentType, Detail: "expected XML, got text/html",
			Response: &api.Response{Accept: "application/xml", ContentType: "text/html; charset=utf-8"}},
			`response could not be understood: it is text/html; charset=utf-8, not XML; check base_url of profile "prod", or sign in to the proxy`},
		{&api.BadResponseError{Reason: api.TooLarge, Detail: "the body is larger than the limit of 16 MiB"},
			`response could not be understood: the body is larger than the limit of 16 MiB; raise max_body_mib of profile "prod" if the lead is really that large`},
		{&api.BadResponseError{Reason: api.Truncated, Detail: "the body ended early"},
			"response could not be understood: the body ended early; retry, and if it keeps happening check the connection or proxy; r retries"},
		{&api.BadResponseError{Reason: api.Undecodable, Detail: "the body is not a valid JSON lead: unexpected EOF"},
			`response could not be understood: the body is not a valid JSON lead: unexpected EOF; check that base_url of profile "prod" is Express Connect`},
		{&api.ServerError{StatusError: api.StatusError{Status: 429}},
			"too many requests (HTTP 429): wait a moment, then retry; r retries"},
		{&api.ServerError{StatusError: api.StatusError{Status: 302}},
			`unexpected answer (HTTP 302 Found): check base_url of profile "prod"`},
		{&api.ServerError{StatusError: api.StatusError{Status: 500, Message: "evil\x1b]0;pwned\x07\u202etext"}},
			"server error (HTTP 500 Internal Server Error): a problem on Vitec's side: retry later, or contact Vitec if it persists; r retries — server says: evil␛]0;pwned␇\\u202etext"},
	}
	for _, tc := range cases {
		m, fc := newTest(t, 200, 40)
		m = lookUp(t, m, "LED1")
		fc.errs["BAD"] = tc.err
		m = lookUp(t, m, "BAD")
		if got := m.status.text; got != tc.want {
			t.Errorf("%T: status\n got %q\nwant %q", tc.err, got, tc.want)
		}
		s := screen(m)
		if !strings.Contains(s, tc.want) {
			t.Errorf("%T: screen lacks the error:\n%s", tc.err, s)
		}
		if m.panes.detail.leadID != "LED1" || !strings.Contains(s, "HANE99C53F2DE4F489AB1E464D0F9AFFACD") {
			t.Errorf("%T: previous lead gone after the error:\n%s", tc.err, s)
		}
		if strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("%T: control characters reached the screen", tc.err)
		}
		// The error took the focus out of the input: r retries the lookup
		// that failed, and is not typed into the Lead ID field.
		delete(fc.errs, "BAD")
		fc.leads["BAD"] = officeOnlyLead()
		m = keys(t, m, "r")
		if _, l := m.panes.input.ids(); l != "BAD" {
			t.Errorf("%T: r typed into the field: %q", tc.err, l)
		}
		if m.panes.detail.leadID != "BAD" {
			t.Errorf("%T: r did not retry the failed lead (showing %q)", tc.err, m.panes.detail.leadID)
		}
	}
}

func TestStatusBarWrapsThenCuts(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	fc.errs["BAD"] = &api.ServerError{StatusError: api.StatusError{Status: 500, Message: strings.Repeat("very long message\n", 30)}}
	m = lookUp(t, m, "BAD")
	lines := strings.Split(screen(m), "\n")
	if len(lines) != 24 {
		t.Fatalf("%d lines, want 24", len(lines))
	}
	// Two status rows above the help line; the history (folded to one row
	// at 80×24) kept its rows, the lead gave one.
	first, second := lines[21], lines[22]
	if first != "server error (HTTP 500 Internal Server Error): a problem on Vitec's side: retry " ||
		!strings.HasPrefix(second, "later, or contact Vitec if it persists; r retries — server says: very long") || !strings.HasSuffix(second, "…") {
		t.Errorf("status rows\n%q\n%q", first, second)
	}
	if m.fr.History.H != foldedHistory || !strings.HasPrefix(lines[20], "╰") {
		t.Errorf("history %+v, row above the status %q", m.fr.History, lines[20])
	}
	// A short message gives the row back.
	m = lookUp(t, m, "LED1")
	lines = strings.Split(screen(m), "\n")
	if m.fr.Status.H != 1 || m.fr.History.H != foldedHistory || !strings.HasPrefix(lines[22], "prod · connect.example │ 200 OK") {
		t.Errorf("after a good lookup: status %+v, history %+v, %q", m.fr.Status, m.fr.History, lines[22])
	}
}

// TestStatusBarAt80x24 looks at every kind of error in the smallest
// terminal the inspector is made for: what failed and what to do are there
// whole, and the server's words come after them.
func TestStatusBarAt80x24(t *testing.T) {
	const swedish = "Användaren saknar behörighet till kunden M30011 eller till funktionsgruppen CRM."
	cases := []error{
		&api.UnauthorizedError{StatusError: api.StatusError{Status: 401, Message: "Authorization has been denied for this request."}},
		&api.ForbiddenError{StatusError: api.StatusError{Status: 403, Message: swedish}},
		&api.NotFoundError{StatusError: api.StatusError{Status: 404, Message: "Det finns inget inkommande lead med id LEDBAD för kunden M30011."}},
		&api.RejectedError{StatusError: api.StatusError{Status: 400, Message: "The request is invalid."},
			Fields: map[string][]string{"id": {"Ogiltigt lead-id."}}},
		&api.ServerError{StatusError: api.StatusError{Status: 500, Message: "An error has occurred."}},
		&api.ServerError{StatusError: api.StatusError{Status: 500, Message: "500 - Internal server error."}},
		&api.ServerError{StatusError: api.StatusError{Status: 503, Message: "Service Unavailable"}},
		&api.ServerError{StatusError: api.StatusError{Status: 429}},
		&api.NetworkError{Timeout: true, Err: context.DeadlineExceeded},
		&api.NetworkError{Err: errors.New("dial tcp 10.0.0.1:443: connect: connection refused")},
		&api.NetworkError{Hint: "the server's certificate is not trusted (set ca_file for a corporate proxy)"},
		&api.BadResponseError{Reason: api.WrongContentType,
			Detail:   `expected JSON but the content type is "text/html; charset=utf-8" (a proxy or login page?)`,
			Excerpt:  "<!DOCTYPE html><html><head><title>Sign in to the corporate proxy</title></head><body>",
			Response: &api.Response{Status: 200, Accept: "application/json", ContentType: "text/html; charset=utf-8"}},
		&api.BadResponseError{Reason: api.TooLarge, Detail: "the body is larger than the limit of 16 MiB"},
	}
	for _, err := range cases {
		m, fc := newTest(t, 80, 24, func(o *Options) { o.Demo = true; o.Profile = "demo"; o.Host = "127.0.0.1:4000" })
		m = lookUp(t, m, "LED1")
		fc.errs["LEDBAD"] = err
		m = lookUp(t, m, "LEDBAD")
		lines := strings.Split(screen(m), "\n")
		if len(lines) != 24 {
			t.Fatalf("%v: %d lines", err, len(lines))
		}
		for i, l := range lines {
			if w := ansiWidth(l); w != 80 {
				t.Fatalf("%v: line %d is %d cells: %q", err, i, w, l)
			}
		}
		rows := m.fr.Status.H
		bar := strings.Join(strings.Fields(strings.Join(lines[23-rows:23], " ")), " ")
		want := strings.Join(strings.Fields(m.status.text), " ")
		advice, server, _ := strings.Cut(want, " — server says: ")
		advice, excerpt, _ := strings.Cut(advice, "; it starts: ")
		if !strings.Contains(bar, advice) {
			t.Errorf("%v: the advice is not whole in the status bar\n got %q\nwant %q", err, bar, advice)
		}
		if i := strings.Index(bar, advice); i >= 0 && server+excerpt != "" {
			after := bar[i+len(advice):]
			if !strings.HasPrefix(after, " — server says:") && !strings.HasPrefix(after, "; it starts:") {
				t.Errorf("%v: the server's words do not follow the advice: %q", err, after)
			}
		}
		if !strings.Contains(bar, want) && (rows != 2 || !strings.HasSuffix(bar, "…")) {
			t.Errorf("%v: cut on %d row(s): %q", err, rows, bar)
		}
		if !strings.HasPrefix(lines[23-rows], "«DEMO»") {
			t.Errorf("%v: the status bar does not start with DEMO: %q", err, lines[23-rows])
		}
		if m.panes.detail.leadID != "LED1" {
			t.Errorf("%v: the previous lead is gone", err)
		}
	}
}

func TestDemoSaysDEMOInWords(t *testing.T) {
	m, _ := newTest(t, 80, 24, func(o *Options) { o.Demo = true; o.Profile = "demo"; o.Host = "127.0.0.1:4000" })
	lines := strings.Split(screen(m), "\n")
	if got := lines[22]; !strings.HasPrefix(got, "«DEMO» 127.0.0.1:4000") {
		t.Errorf("status line %q", got)
	}
}

func TestFlipFetchesOtherFormatOnceAndCaches(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "f")
	if m.format() != api.XML || m.panes.raw.Format() != api.XML {
		t.Fatalf("after f: format %v, raw %v", m.format(), m.panes.raw.Format())
	}
	m = keys(t, m, "f", "f", "f")
	calls := fc.callList()
	if len(calls) != 2 || calls[1].format != api.XML {
		t.Fatalf("calls %+v, want one JSON and one XML", calls)
	}
	if m.format() != api.JSON {
		t.Errorf("after four flips: %v", m.format())
	}
	// The next lookup asks for the format on screen, and starts a new cache.
	m = keys(t, m, "f")
	m = lookUp(t, m, "LEDOFF")
	m = keys(t, m, "f")
	calls = fc.callList()
	if n := len(calls); n != 4 || calls[2].format != api.XML || calls[3].format != api.JSON {
		t.Fatalf("calls %+v", calls)
	}
}

func TestFlipInFlightShowsInStatus(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	tm, _ := m.Update(keyPress("f"))
	s := screen(tm.(Model))
	if !strings.Contains(s, "fetching the XML of M30011/LED1") || !strings.Contains(s, "Raw JSON · fetching XML…") {
		t.Errorf("while flipping:\n%s", s)
	}
}

func TestVSwitchesWhenNarrow(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = lookUp(t, m, "LED1")
	if !strings.Contains(screen(m), "Detail") || strings.Contains(screen(m), "Raw JSON") {
		t.Fatalf("narrow: expected detail alone:\n%s", screen(m))
	}
	m = keys(t, m, "v")
	if m.panes.focus != focusRaw || !strings.Contains(screen(m), "Raw JSON") || strings.Contains(screen(m), "─ Detail") {
		t.Fatalf("after v: focus %v\n%s", m.panes.focus, screen(m))
	}
	m = keys(t, m, "v")
	if m.panes.focus != focusDetail {
		t.Fatalf("v again: focus %v", m.panes.focus)
	}
	// Wide: both are visible and v does nothing.
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	s := screen(m)
	if !strings.Contains(s, "Detail") || !strings.Contains(s, "Raw JSON") {
		t.Fatalf("wide:\n%s", s)
	}
	if m.keys.Switch.Enabled() {
		t.Error("v live in the wide layout")
	}
}

func TestCopyRawBody(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	tm, cmd := m.Update(keyPress("c"))
	m = tm.(Model)
	if cmd == nil {
		t.Fatal("c gave no command")
	}
	msgs := cmdMsgs(cmd)
	if len(msgs) != 1 {
		t.Fatalf("c: %d messages", len(msgs))
	}
	// tea.SetClipboard's message is unexported; its text is the body.
	if got := strings.TrimSpace(string(m.panes.raw.Body())); !strings.Contains(asString(msgs[0]), got[:20]) {
		t.Errorf("clipboard message %q does not carry the body", asString(msgs[0]))
	}
	if !strings.Contains(screen(m), "copied the JSON body") {
		t.Errorf("no note of the copy:\n%s", screen(m))
	}
}

func TestHelpLineShowsOnlyLiveKeys(t *testing.T) {
	m, _ := newTest(t, 200, 40)
	help := func(m Model) string { return m.help.line }
	h := help(m)
	for _, want := range []string{"enter look up", "esc leave input", "tab next pane", "ctrl+c quit"} {
		if !strings.Contains(ansiStrip(h), want) {
			t.Errorf("input help lacks %q: %q", want, ansiStrip(h))
		}
	}
	for _, not := range []string{"q quit", "f ", "/ search", "d delete", "r re-run"} {
		if strings.Contains(ansiStrip(h), not) {
			t.Errorf("input help shows %q: %q", not, ansiStrip(h))
		}
	}
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "tab") // raw
	h = ansiStrip(help(m))
	for _, want := range []string{"/ search", "f XML", "c copy body", "r re-run", "q quit"} {
		if !strings.Contains(h, want) {
			t.Errorf("raw help lacks %q: %q", want, h)
		}
	}
	if strings.Contains(h, "next match") {
		t.Errorf("raw help offers n before any search: %q", h)
	}
	m = keys(t, m, "tab") // history
	h = ansiStrip(help(m))
	for _, want := range []string{"enter look up again", "/ filter", "d delete"} {
		if !strings.Contains(h, want) {
			t.Errorf("history help lacks %q: %q", want, h)
		}
	}
	if strings.Contains(h, "search") {
		t.Errorf("history help shows raw search: %q", h)
	}
}

func TestFullHelpOverlay(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = keys(t, m, "esc", "?")
	s := screen(m)
	for _, want := range []string{"Keys", "Anywhere", "History", "flip", "ctrl+c", "d", "delete"} {
		if !strings.Contains(s, want) {
			t.Errorf("help overlay lacks %q:\n%s", want, s)
		}
	}
	m = keys(t, m, "?")
	if m.help.show || strings.Contains(screen(m), "Anywhere") {
		t.Error("? did not close the help")
	}
}

func TestMouseClickFocusesAndWheelScrolls(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LEDUTM")
	f := m.fr
	m = update(t, m, tea.MouseClickMsg{X: f.History.X + 5, Y: f.History.Y + 1, Button: tea.MouseLeft})
	if m.panes.focus != focusHistory {
		t.Fatalf("click on history: focus %v", m.panes.focus)
	}
	m = update(t, m, tea.MouseClickMsg{X: f.Input.X + 3, Y: f.Input.Y + 1, Button: tea.MouseLeft})
	if m.panes.focus != focusInput || m.panes.input.active != fieldCustomer {
		t.Fatalf("click on Customer ID: focus %v field %d", m.panes.focus, m.panes.input.active)
	}
	// The wheel scrolls the pane under the pointer without focusing it.
	m = update(t, m, tea.MouseWheelMsg{X: f.Detail.X + 5, Y: f.Detail.Y + 5, Button: tea.MouseWheelDown})
	if m.panes.detail.off != wheelStep || m.panes.focus != focusInput {
		t.Fatalf("wheel over detail: off %d focus %v", m.panes.detail.off, m.panes.focus)
	}
	m = update(t, m, tea.MouseClickMsg{X: f.Raw.X + 5, Y: f.Raw.Y + 5, Button: tea.MouseLeft})
	if m.panes.focus != focusRaw {
		t.Fatalf("click on raw: focus %v", m.panes.focus)
	}
}

func TestViewFillsTheScreenAtEverySize(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = lookUp(t, m, "LEDUTM")
	for w := 1; w <= 200; w += 7 {
		for h := 1; h <= 60; h += 5 {
			m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			lines := strings.Split(screen(m), "\n")
			if len(lines) > h {
				t.Fatalf("%d×%d: %d lines", w, h, len(lines))
			}
			for i, l := range lines {
				if lw := ansiWidth(l); lw > w || (!m.fr.TooSmall && lw != w && i < h-1) {
					t.Fatalf("%d×%d: line %d is %d cells: %q", w, h, i, lw, l)
				}
			}
			if !m.fr.TooSmall && len(lines) != h {
				t.Fatalf("%d×%d: %d lines", w, h, len(lines))
			}
		}
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 20, Height: 5})
	if s := screen(m); !strings.Contains(strings.ReplaceAll(s, "\n", " "), "terminal too small") {
		t.Errorf("20×5:\n%s", s)
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 0, Height: 0})
	_ = screen(m)
}

func TestRawSearchTakesAllKeys(t *testing.T) {
	m, _ := newTest(t, 200, 40)
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "tab") // raw
	m = keys(t, m, "/")
	if !m.panes.raw.Searching() || !m.panes.takesText() {
		t.Fatal("/ did not open the raw search")
	}
	for _, k := range []string{"q", "f", "v", "i", "r", "c", "?"} {
		tm, cmd := m.Update(keyPress(k))
		if quits(cmd) || tm.(Model).panes.focus != focusRaw || tm.(Model).help.show {
			t.Fatalf("%q acted as a command while searching", k)
		}
	}
	m = keys(t, m, "Hemnet", "enter")
	if m.panes.raw.Searching() {
		t.Fatal("enter did not confirm the search")
	}
	h := ansiStrip(m.help.line)
	for _, want := range []string{"n next match", "N previous match", "esc clear search"} {
		if !strings.Contains(h, want) {
			t.Errorf("help after a search lacks %q: %q", want, h)
		}
	}
	m = keys(t, m, "esc")
	if strings.Contains(ansiStrip(m.help.line), "next match") {
		t.Errorf("esc did not clear the search: %q", ansiStrip(m.help.line))
	}
	if m.panes.focus != focusRaw {
		t.Errorf("esc in raw moved focus to %v", m.panes.focus)
	}
}

func TestBackgroundColourRebuildsStyles(t *testing.T) {
	m, _ := newTest(t, 120, 40, func(o *Options) { o.NoColor = false })
	m = lookUp(t, m, "LED1")
	dark := m.View().Content
	m = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	if m.st.IsDark {
		t.Fatal("a white background kept the dark styles")
	}
	if m.panes.detail.rendered.st != m.st {
		t.Error("the detail pane was not rendered again with the light styles")
	}
	light := m.View().Content
	if light == dark {
		t.Error("the screen looks the same on a light background")
	}
	if ansiStrip(light) != ansiStrip(dark) {
		t.Error("the text changed with the background")
	}
}

func TestNoColorBadgesReadAsText(t *testing.T) {
	m, _ := newTest(t, 120, 40) // NoColor
	m = lookUp(t, m, "LEDSTATE")
	s := m.View().Content
	for _, want := range []string{"[WaitingForCustomer]", "‹CallbackFlow›"} {
		if !strings.Contains(s, want) {
			t.Errorf("monochrome screen lacks %q", want)
		}
	}
	if strings.Contains(s, "\x1b[3") || strings.Contains(s, "\x1b[4") || strings.Contains(s, "38;") || strings.Contains(s, "48;") {
		t.Errorf("monochrome screen holds colour sequences")
	}
}

func TestPrivacyOption(t *testing.T) {
	m, _ := newTest(t, 120, 40, func(o *Options) { o.Privacy = true })
	m = lookUp(t, m, "LED1")
	s := screen(m)
	if !strings.Contains(s, "PRIVACY") {
		t.Errorf("no PRIVACY in the status bar:\n%s", s)
	}
	for _, secret := range []string{"Storgatan", "ADR3ADC7B7B0A9447CA97FCAB43E36B582C"} {
		if strings.Contains(s, secret) {
			t.Errorf("privacy mode shows %q", secret)
		}
	}
}

func TestWindowTitleAltScreenAndMouse(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	v := m.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion || v.WindowTitle != "leadinspector" {
		t.Errorf("view fields: alt %v mouse %v title %q", v.AltScreen, v.MouseMode, v.WindowTitle)
	}
}

// With the demo, a newcomer sees leads to try and can look the first one up
// with a single enter.
func TestDemoOffersLeadsToTry(t *testing.T) {
	m, fc := newTest(t, 120, 40, func(o *Options) {
		o.LeadID = "LED1"
		o.Examples = []Example{{CustomerID: "M30011", LeadID: "LED1", What: "ordinary lead"}, {CustomerID: "M99999", LeadID: "LEDX", What: "403 Forbidden"}}
	})
	s := screen(m)
	for _, want := range []string{"Leads to try", "M30011 LED1 ", "  ordinary lead", "M99999 LEDX ", "  403 Forbidden", "Lead ID LED1"} {
		if !strings.Contains(s, want) {
			t.Errorf("want %q on the first screen:\n%s", want, s)
		}
	}
	m = keys(t, m, "enter")
	if calls := fc.callList(); len(calls) != 1 || calls[0].key != (lookupKey{"M30011", "LED1"}) {
		t.Fatalf("enter should look up the pre-filled lead, calls: %v", calls)
	}
	if !strings.Contains(screen(m), "Hemnet") {
		t.Errorf("lead not shown:\n%s", screen(m))
	}
	// Typing replaces the pre-filled id rather than appending to it.
	m, _ = newTest(t, 120, 40, func(o *Options) { o.LeadID = "LED1" })
	m = keys(t, m, "LEDOFF")
	if got := m.panes.input.fields[fieldLead].Value(); got != "LEDOFF" {
		t.Errorf("Lead ID = %q, want the typed id to replace the pre-filled one", got)
	}
}

// Bubble Tea copies the root Model to the heap at every Update (its return
// value becomes a tea.Model), so its size is allocated once per key, tick
// and answer (BenchmarkUpdateSearch16MiB). It was 27 KiB before the help
// line's model, the boxes, the spinner, the scroll keys and the text fields
// went behind pointers; a pane that needs a large value should do the same
// (input.Ref for a text field).
func TestRootModelStaysSmall(t *testing.T) {
	if n := unsafe.Sizeof(Model{}); n > 8<<10 {
		t.Errorf("the root Model is %d bytes, over 8 KiB: every Update allocates that much", n)
	}
}
