package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

// countingClient answers like the fake after a short wait, counting how
// many calls are in flight at once.
type countingClient struct {
	*fakeClient
	delay        time.Duration
	now, maxSeen atomic.Int32
	mu           sync.Mutex
	order        []string
}

func (c *countingClient) GetIncomingLead(ctx context.Context, cu, l string, f api.Format) (*api.Result, error) {
	n := c.now.Add(1)
	defer c.now.Add(-1)
	for {
		m := c.maxSeen.Load()
		if n <= m || c.maxSeen.CompareAndSwap(m, n) {
			break
		}
	}
	c.mu.Lock()
	c.order = append(c.order, l)
	c.mu.Unlock()
	select {
	case <-time.After(c.delay):
	case <-ctx.Done():
	}
	return c.fakeClient.GetIncomingLead(ctx, cu, l, f)
}

// mixedBatch is five ids: found, missing (404), forbidden (403), found,
// found.
const mixedBatch = "LED1\nLEDMISSING, LEDNOACCESS;LEDOFF  LEDSTATE\n"

func mixedFake(fc *fakeClient) {
	fc.errs["LEDNOACCESS"] = &api.ForbiddenError{StatusError: api.StatusError{Status: 403}}
}

func TestBatchPasteFillsRowsInOrderWithinParallel(t *testing.T) {
	m, fc := newTest(t, 120, 40, func(o *Options) { o.Parallel = 2 })
	mixedFake(fc)
	cc := &countingClient{fakeClient: fc, delay: 30 * time.Millisecond}
	m.env.Client = cc
	tm, cmd := m.Update(tea.PasteMsg{Content: mixedBatch})
	m = tm.(Model)
	if m.panes.focus != focusBatch || m.panes.main != focusBatch {
		t.Fatalf("a paste of five ids: focus %v, batch shown %v", m.panes.focus, m.panes.main == focusBatch)
	}
	// Rows are there at once, waiting.
	s := screen(m)
	if !strings.Contains(s, "Batch · customer M30011") || !strings.Contains(s, "queued") || !strings.Contains(s, "looking up…") {
		t.Errorf("before any answer:\n%s", s)
	}
	m = runConcurrently(t, m, cmd)
	if got := cc.maxSeen.Load(); got != 2 {
		t.Errorf("at most %d lookups at once, want exactly Options.Parallel = 2", got)
	}
	want := []string{"LED1", "LEDMISSING", "LEDNOACCESS", "LEDOFF", "LEDSTATE"}
	var got []string
	for _, r := range m.panes.batch.run.rows {
		got = append(got, r.lead)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows %v, want paste order %v", got, want)
	}
	s = screen(m)
	lines := strings.Split(s, "\n")
	var rowLines []int
	for _, id := range want {
		for i, l := range lines {
			if strings.Contains(l, " "+id+" ") {
				rowLines = append(rowLines, i)
				break
			}
		}
	}
	for i := 1; i < len(rowLines); i++ {
		if len(rowLines) != 5 || rowLines[i] != rowLines[i-1]+1 {
			t.Fatalf("rows on screen at lines %v, want five in paste order:\n%s", rowLines, s)
		}
	}
	for _, w := range []string{
		"[New]", "agent HANE99C53F2DE4F489AB1E464D0F9AFFACD", "AcceptObjectFlow", "3 d ",
		"not found (HTTP 404)", "no access (HTTP 403)",
		"[Completed]", "office KON7 (M30011)", "[WaitingForCustomer]", "CallbackFlow",
		"5 ids · 2 failed",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("batch table lacks %q:\n%s", w, s)
		}
	}
	if m.panes.batch.running() || strings.Contains(s, "esc cancels") {
		t.Error("batch still running after every answer")
	}
	// Each lookup is in the history, like single ones.
	if n := len(entriesOf(m)); n != 5 {
		t.Errorf("%d history entries, want 5", n)
	}
}

func TestBatchEnterOpensRowWithoutRefetch(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	mixedFake(fc)
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	calls := len(fc.callList())
	m = keys(t, m, "down", "down", "down", "enter") // LEDOFF
	if m.panes.focus != focusDetail || m.panes.detail.leadID != "LEDOFF" || m.panes.main == focusBatch {
		t.Fatalf("enter on LEDOFF: focus %v, detail %q", m.panes.focus, m.panes.detail.leadID)
	}
	if n := len(fc.callList()); n != calls {
		t.Errorf("opening a row fetched again (%d calls, had %d)", n, calls)
	}
	s := screen(m)
	for _, w := range []string{"[Completed]", "Office KON7", "Raw JSON", "from the batch", "esc goes back to the table"} {
		if !strings.Contains(s, w) {
			t.Errorf("opened row lacks %q:\n%s", w, s)
		}
	}
	// The input names the row's lead, so no pane calls it a previous one;
	// r re-runs it; esc goes back to the table.
	if c, l := m.panes.input.ids(); c != "M30011" || l != "LEDOFF" || strings.Contains(s, "previous lead") {
		t.Errorf("opened row: input %q %q\n%s", c, l, s)
	}
	if m.req.last != (lookupKey{"M30011", "LEDOFF"}) {
		t.Errorf("r would look up %+v", m.req.last)
	}
	m = keys(t, m, "esc")
	if m.panes.focus != focusBatch || !strings.Contains(screen(m), "Batch · customer M30011") {
		t.Fatalf("esc from detail: focus %v\n%s", m.panes.focus, screen(m))
	}
	// A failed row says why, in full, and keeps the lead on screen.
	m = keys(t, m, "up", "up", "enter") // LEDMISSING
	if m.panes.detail.leadID != "LEDOFF" || !strings.Contains(screen(m), "not found (HTTP 404): customer M30011 has no such lead") {
		t.Errorf("enter on a failed row:\n%s", screen(m))
	}
}

func TestBatchCopyTSV(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	mixedFake(fc)
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	tm, cmd := m.Update(keyPress("c"))
	got := clipboardOf(t, cmd)
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("TSV has %d lines, want a header and 5 rows:\n%s", len(lines), got)
	}
	want := []string{
		"Customer ID\tLead ID\tState\tHeld by\tReceiver\tLead type\tSent at\tAge\tResult",
		"M30011\tLED1\tNew\tagent\tHANE99C53F2DE4F489AB1E464D0F9AFFACD\tAcceptObjectFlow\t2025-04-04 06:11 UTC\t3 d ago\t200 OK",
		"M30011\tLEDMISSING\t\t\t\t\t\t\tnot found (HTTP 404): customer M30011 has no such lead, or this user cannot see it: check both ids — server says: Lead not found",
		"M30011\tLEDNOACCESS\t\t\t\t\t\t\tno access (HTTP 403): check customer id M30011, or ask Vitec to give this user its CRM function group",
		"M30011\tLEDOFF\tCompleted\toffice\tKON7 (M30011)\tAcceptObjectFlow\t2024-11-02 09:00 UTC\t5 mo ago\t200 OK",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("TSV line %d\n got %q\nwant %q", i, lines[i], w)
		}
	}
	for _, l := range lines {
		if strings.Count(l, "\t") != 8 || strings.ContainsAny(l, "\x1b\r") {
			t.Errorf("TSV line not 9 plain cells: %q", l)
		}
	}
	for _, secret := range []string{"Storgatan", "ADR3ADC7B7B0A9447CA97FCAB43E36B582C", "OBJ11385", "hemnet"} {
		if strings.Contains(got, secret) {
			t.Errorf("the TSV holds %q", secret)
		}
	}
	if s := screen(tm.(Model)); !strings.Contains(s, "copied the table (5 rows, tab-separated)") {
		t.Errorf("no note of the copy:\n%s", s)
	}
}

func TestBatchEscCancelsOutstanding(t *testing.T) {
	m, fc := newTest(t, 120, 40, func(o *Options) { o.Parallel = 2 })
	fc.block = true
	fc.started = make(chan struct{}, 10)
	tm, cmd := m.Update(tea.PasteMsg{Content: "LED1 LEDOFF LEDSTATE LEDUTM"})
	m = tm.(Model)
	done := make(chan []tea.Msg)
	go func() { done <- cmdMsgs(cmd) }()
	<-fc.started
	if s := screen(m); !strings.Contains(s, "batch: 0 of 4 answered") || !strings.Contains(m.help.line, "esc cancel batch") {
		t.Errorf("while running:\n%s\n%s", s, m.help.line)
	}
	m = keys(t, m, "esc")
	var msgs []tea.Msg
	select {
	case msgs = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the batch's requests")
	}
	for _, msg := range msgs {
		m = update(t, m, msg) // late answers are dropped
	}
	for _, r := range m.panes.batch.run.rows {
		if r.state != rowCancelled {
			t.Errorf("row %s: state %v, want cancelled", r.lead, r.state)
		}
	}
	s := screen(m)
	if !strings.Contains(s, "batch cancelled: 0 answered, 4 not looked up") || !strings.Contains(s, "4 cancelled") {
		t.Errorf("after esc:\n%s", s)
	}
	if n := len(fc.callList()); n != 2 {
		t.Errorf("%d lookups started, want the 2 in flight only", n)
	}
}

func TestBatchCapAndDuplicates(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	var ids []string
	for i := range 250 {
		ids = append(ids, fmt.Sprintf("LED%04d", i))
	}
	ids = append(ids, "LED0001")
	tm, _ := m.Update(tea.PasteMsg{Content: strings.Join(ids, "\n")})
	m = tm.(Model)
	if n := len(m.panes.batch.run.rows); n != maxBatch {
		t.Fatalf("%d rows, want %d", n, maxBatch)
	}
	if m.panes.batch.run.rows[199].lead != "LED0199" {
		t.Errorf("last row %q", m.panes.batch.run.rows[199].lead)
	}
	for _, w := range []string{"1 repeated id left out", "250 ids pasted; the first 200 are looked up"} {
		if !strings.Contains(m.status.notice, w) {
			t.Errorf("notice %q lacks %q", m.status.notice, w)
		}
	}
	if n := len(fc.callList()); n != 0 {
		t.Errorf("%d lookups ran before their commands did", n)
	}
}

func TestPasteOneIDKeepsTodaysBehaviour(t *testing.T) {
	for _, tc := range []struct{ paste, c, l string }{
		{"LED77", "M30011", "LED77"},
		{"M123 LED9", "M123", "LED9"},
		{"M123/LED9", "M123", "LED9"},
		{"https://h/CRM/Lead/M123/Incoming/LED9", "M123", "LED9"},
		{"curl -u demo 'https://h/CRM/Lead/M123/Incoming/LED9'", "M123", "LED9"},
	} {
		m, fc := newTest(t, 80, 24)
		m = update(t, m, tea.PasteMsg{Content: tc.paste})
		if c, l := m.panes.input.ids(); c != tc.c || l != tc.l || m.panes.batch.has() || len(fc.callList()) != 0 {
			t.Errorf("paste %q: fields %q %q, batch %v, calls %d", tc.paste, c, l, m.panes.batch.has(), len(fc.callList()))
		}
	}
	// The customer may lead the list.
	m, fc := newTest(t, 80, 24)
	m = update(t, m, tea.PasteMsg{Content: "M999 LED1 LEDOFF"})
	if m.panes.batch.customer() != "M999" || len(m.panes.batch.run.rows) != 2 || fc.callList()[0].key.customer != "M999" {
		t.Errorf("customer-led list: customer %q, rows %d", m.panes.batch.customer(), len(m.panes.batch.run.rows))
	}
	// Typed into the field and entered, a list is a batch too.
	m, _ = newTest(t, 80, 24)
	m = keys(t, m, "LED1,LEDOFF", "enter")
	if len(m.panes.batch.run.rows) != 2 || m.panes.focus != focusBatch {
		t.Errorf("typed list: %d rows, focus %v", len(m.panes.batch.run.rows), m.panes.focus)
	}
}

func TestBatchTabStopAndNarrowLayout(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = update(t, m, tea.PasteMsg{Content: "LED1 LEDOFF"})
	m = keys(t, m, "tab") // detail
	if m.panes.focus != focusDetail || m.panes.main == focusBatch {
		t.Fatalf("tab from the table: focus %v", m.panes.focus)
	}
	m = keys(t, m, "shift+tab")
	if m.panes.focus != focusBatch || !strings.Contains(screen(m), "Batch · customer M30011") {
		t.Fatalf("shift+tab back: focus %v", m.panes.focus)
	}
	if m.keys.Switch.Enabled() {
		t.Error("v live in the batch table")
	}
	// A click on the table selects the row under the pointer.
	f := m.fr
	m = update(t, m, tea.MouseClickMsg{X: 5, Y: f.Main.Y + 3, Button: tea.MouseLeft})
	if m.panes.batch.sel != 1 {
		t.Errorf("click on the second row selected %d", m.panes.batch.sel)
	}
}

func TestBatchRetryRow(t *testing.T) {
	m, fc := newTest(t, 120, 40, func(o *Options) { o.Parallel = 1 })
	mixedFake(fc)
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	m = keys(t, m, "down", "down") // LEDNOACCESS, 403
	if !strings.Contains(m.help.line, "r retry row") {
		t.Errorf("help line in the table: %q", m.help.line)
	}
	delete(fc.errs, "LEDNOACCESS")
	fc.leads["LEDNOACCESS"] = officeOnlyLead()
	calls := len(fc.callList())
	m = keys(t, m, "r")
	if n := len(fc.callList()); n != calls+1 || fc.callList()[n-1].key.lead != "LEDNOACCESS" {
		t.Fatalf("r in the table: calls %+v", fc.callList()[calls:])
	}
	if r := m.panes.batch.run.rows[2]; r.state != rowDone || r.res.Lead.State != "Completed" {
		t.Errorf("retried row: state %v", r.state)
	}
	if s := screen(m); !strings.Contains(s, "5 ids · 1 failed") || m.panes.focus != focusBatch {
		t.Errorf("after the retry:\n%s", s)
	}
}

func TestHistoryLookupHidesTheTable(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LEDSTATE")
	m = update(t, m, tea.PasteMsg{Content: "LED1 LEDOFF"})
	m = focusPane(m, focusHistory)
	for i := 0; i < 5 && m.panes.hist.shown[m.panes.hist.sel].LeadID != "LEDSTATE"; i++ {
		m = keys(t, m, "down")
	}
	m = keys(t, m, "enter")
	if m.panes.main == focusBatch || m.panes.detail.leadID != "LEDSTATE" || !strings.Contains(screen(m), "[WaitingForCustomer]") {
		t.Errorf("history enter with the table shown: batch %v, detail %q\n%s", m.panes.main == focusBatch, m.panes.detail.leadID, screen(m))
	}
}

func TestBatchTableFitsEverySize(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	mixedFake(fc)
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	for w := 60; w <= 200; w += 7 {
		for h := 16; h <= 60; h += 5 {
			m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			lines := strings.Split(screen(m), "\n")
			if len(lines) != h {
				t.Fatalf("%d×%d: %d lines", w, h, len(lines))
			}
			for i, l := range lines[:h-1] {
				if lw := ansiWidth(l); lw != w {
					t.Fatalf("%d×%d: line %d is %d cells: %q", w, h, i, lw, l)
				}
			}
			if !strings.Contains(screen(m), "LEDNOACCESS") {
				t.Fatalf("%d×%d: a row is missing:\n%s", w, h, screen(m))
			}
		}
	}
}

func TestBatchSortAndEscCloses(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	mixedFake(fc)
	m = lookUp(t, m, "LEDUTM") // the lead on screen before the batch
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	order := func(m Model) string {
		var ids []string
		for _, i := range m.panes.batch.order {
			ids = append(ids, m.panes.batch.run.rows[i].lead)
		}
		return strings.Join(ids, " ")
	}
	// s cycles state, age, holder and back to the input order; the header
	// and the border say which.
	for _, tc := range []struct{ by, head, order string }{
		{"state", "State ▾", "LEDOFF LED1 LEDSTATE LEDMISSING LEDNOACCESS"},
		{"age", "Age ▾", "LEDOFF LED1 LEDSTATE LEDMISSING LEDNOACCESS"},
		{"holder", "Held by ▾", "LED1 LEDSTATE LEDOFF LEDMISSING LEDNOACCESS"},
		{"", "", "LED1 LEDMISSING LEDNOACCESS LEDOFF LEDSTATE"},
	} {
		m = keys(t, m, "s")
		s := screen(m)
		if got := order(m); got != tc.order {
			t.Errorf("sorted by %q: %s, want %s", tc.by, got, tc.order)
		}
		if tc.by != "" && (!strings.Contains(s, tc.head) || !strings.Contains(s, "sorted by "+tc.by)) {
			t.Errorf("sorted by %s: header does not say so:\n%s", tc.by, s)
		}
		if tc.by == "" && strings.Contains(s, "▾") {
			t.Errorf("input order still marks a column:\n%s", s)
		}
	}
	// Sorted, enter opens the row under the cursor.
	m = keys(t, m, "s", "g", "enter") // by state: LEDOFF first
	if m.panes.detail.leadID != "LEDOFF" {
		t.Fatalf("enter on the first row sorted by state opened %q", m.panes.detail.leadID)
	}
	// esc: back to the table; esc there closes it, and the lead opened
	// last is on screen again, in detail, with the keys of detail.
	m = keys(t, m, "esc", "esc")
	if m.panes.batch.has() || m.panes.main == focusBatch || m.panes.focus != focusDetail || m.panes.detail.leadID != "LEDOFF" {
		t.Fatalf("esc on the table: batch %v shown %v focus %v detail %q", m.panes.batch.has(), m.panes.main == focusBatch, m.panes.focus, m.panes.detail.leadID)
	}
	if s := screen(m); strings.Contains(s, "Batch") || !strings.Contains(s, "[Completed]") {
		t.Errorf("closed table still drawn:\n%s", s)
	}
	m = keys(t, m, "tab") // no table in the tab order any more
	if m.panes.focus == focusBatch {
		t.Error("tab went to a closed table")
	}
}

func TestBatchOfSeveralCustomers(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	m = update(t, m, tea.PasteMsg{Content: "M30011/LED1\nhttps://connect.example/CRM/Lead/M30012/Incoming/LEDOFF\n"})
	if !m.panes.batch.has() || len(m.panes.batch.run.rows) != 2 {
		t.Fatalf("two CUSTOMER/LEAD lines: %d rows; input %q", len(m.panes.batch.run.rows), m.panes.input.fields[fieldLead].Value())
	}
	var got []lookupKey
	for _, c := range fc.callList() {
		got = append(got, c.key)
	}
	if len(got) != 2 || got[0] != (lookupKey{"M30011", "LED1"}) || got[1] != (lookupKey{"M30012", "LEDOFF"}) {
		t.Errorf("looked up %v", got)
	}
	s := screen(m)
	for _, w := range []string{"Batch · 2 customers", "Customer", "M30012    LEDOFF"} {
		if !strings.Contains(s, w) {
			t.Errorf("table lacks %q:\n%s", w, s)
		}
	}
	// Each row's history entry has its own customer; opening one puts its
	// ids into the input.
	var hist []string
	for _, e := range entriesOf(m) {
		hist = append(hist, e.CustomerID+"/"+e.LeadID)
	}
	if strings.Join(hist, " ") != "M30012/LEDOFF M30011/LED1" && strings.Join(hist, " ") != "M30011/LED1 M30012/LEDOFF" {
		t.Errorf("history %v", hist)
	}
	m = keys(t, m, "down", "enter")
	if c, l := m.panes.input.ids(); c != "M30012" || l != "LEDOFF" {
		t.Errorf("opened row: input %q %q", c, l)
	}
}

// At 80×24 a full-length lead id gives way (cut in its middle) before the
// holder's name does.
func TestBatchLeadIDGivesWayToTheHolder(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	const long1, long2 = "LED83C9592F0647FCEFD060F4B24D7ED084", "LED00000000000000000000000000000001"
	fc.leads[long1], fc.leads[long2] = typicalLead(), typicalLead()
	m = update(t, m, tea.PasteMsg{Content: long1 + "\n" + long2 + "\n"})
	var row1, row2 string
	for _, l := range strings.Split(screen(m), "\n") {
		switch {
		case strings.HasPrefix(l, "┃▸ LED83C9"):
			row1 = l
		case strings.HasPrefix(l, "┃  LED0000"):
			row2 = l
		}
	}
	holder := "agent HANE99C53F2DE4F489AB1E464D0F9AFFACD"
	for _, r := range []string{row1, row2} {
		if !strings.Contains(r, holder) {
			t.Errorf("the holder is cut: %q\n%s", r, screen(m))
		}
	}
	// Cut in the middle: both ends of the id read.
	if !strings.Contains(row1, "LED83C9") || !strings.Contains(row1, "D7ED084  ") || !strings.Contains(row1, "…") {
		t.Errorf("the lead id is not cut in its middle: %q", row1)
	}
}

// A row's answer recorded while another row's lead is open says nothing
// about the open lead: the history's State before the other row's lookup
// is not a change of this one.
func TestBatchAnswerDoesNotMarkTheOpenedRow(t *testing.T) {
	m, _ := newTest(t, 140, 40)
	m = lookUp(t, m, "LEDSTATE") // the history knows LEDSTATE: WaitingForCustomer
	tm, cmd := m.Update(tea.PasteMsg{Content: "LED1\nLEDSTATE\n"})
	m, late := settleHolding(t, tm.(Model), cmd, func(msg tea.Msg) bool {
		d, ok := msg.(batchDoneMsg)
		return ok && d.key.lead == "LEDSTATE"
	})
	m = keys(t, m, "enter") // LED1, [New]
	if m.panes.detail.leadID != "LED1" {
		t.Fatalf("enter opened %q", m.panes.detail.leadID)
	}
	m = deliver(t, m, late)
	if s := screen(m); strings.Contains(s, "State changed") {
		t.Errorf("LEDSTATE's answer marked a change on LED1:\n%s", s)
	}
}
