package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/ui/history"
)

func historyRows(m Model) []string {
	var rows []string
	for _, l := range m.panes.hist.lines {
		rows = append(rows, strings.TrimRight(ansiStrip(l), " "))
	}
	return rows
}

func TestHistoryAddsNewestFirstAndDedupes(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	m = lookUp(t, m, "LEDOFF")
	m = lookUp(t, m, "LED1")
	got := entriesOf(m)
	if len(got) != 2 || got[0].LeadID != "LED1" || got[1].LeadID != "LEDOFF" {
		t.Fatalf("entries %+v, want LED1 then LEDOFF once each", got)
	}
	rows := historyRows(m)
	if len(rows) != 2 {
		t.Fatalf("rows %q", rows)
	}
	for i, want := range [][]string{
		{"M30011", "LED1", "[New]", "just now", "prod"},
		{"M30011", "LEDOFF", "[Completed]", "just now", "prod"},
	} {
		for _, w := range want {
			if !strings.Contains(rows[i], w) {
				t.Errorf("row %d %q lacks %q", i, rows[i], w)
			}
		}
	}
	// A failed lookup is listed with its status, keeping the last known state.
	m.env.Client.(*fakeClient).errs["LEDOFF"] = &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
	m = lookUp(t, m, "LEDOFF")
	rows = historyRows(m)
	if !strings.Contains(rows[0], "LEDOFF") || !strings.Contains(rows[0], "[Completed]") || !strings.Contains(rows[0], "last lookup: 404") {
		t.Errorf("failed lookup row %q", rows[0])
	}
}

func TestHistoryRelativeTimeAndProfile(t *testing.T) {
	now := testNow
	clock := func() time.Time { return now }
	m, _ := newTest(t, 120, 40, func(o *Options) { o.Now = clock })
	m = lookUp(t, m, "LED1")
	now = now.Add(5 * time.Minute)
	m = update(t, m, minuteMsg{})
	if rows := historyRows(m); !strings.Contains(rows[0], "5 min ago") {
		t.Errorf("row after 5 minutes: %q", rows[0])
	}
}

func TestHistoryEnterRerunsAndDDeletes(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	m = lookUp(t, m, "LEDOFF")
	m = keys(t, m, "tab", "tab") // detail → raw → history
	if m.panes.focus != focusHistory {
		t.Fatalf("focus %v", m.panes.focus)
	}
	m = keys(t, m, "down", "enter")
	calls := fc.callList()
	if last := calls[len(calls)-1]; last.key != (lookupKey{"M30011", "LED1"}) {
		t.Fatalf("enter on the second row looked up %+v", last)
	}
	if m.panes.detail.leadID != "LED1" || m.panes.focus != focusHistory {
		t.Fatalf("after enter: showing %q, focus %v", m.panes.detail.leadID, m.panes.focus)
	}
	// LED1 moved to the top; the cursor follows it.
	if e, _ := m.panes.hist.selected(); e.LeadID != "LED1" {
		t.Errorf("selection on %q", e.LeadID)
	}
	m = keys(t, m, "d")
	if got := entriesOf(m); len(got) != 1 || got[0].LeadID != "LEDOFF" {
		t.Fatalf("after d: %+v", got)
	}
}

func TestHistoryEntryOfAnotherProfileIsNotLookedUpHere(t *testing.T) {
	dir := t.TempDir()
	s, _ := history.Open(dir, 10)
	if _, _, err := s.Record(history.Entry{Profile: "test", CustomerID: "M1", LeadID: "L1", State: "New", Status: 200, At: testNow}); err != nil {
		t.Fatal(err)
	}
	m, fc := newTest(t, 120, 40, func(o *Options) { o.StateDir = dir })
	m = focusPane(m, focusHistory)
	m = keys(t, m, "enter")
	if len(fc.callList()) != 0 {
		t.Fatalf("looked up an entry of profile test with profile prod")
	}
	if c, l := m.panes.input.ids(); c != "M1" || l != "L1" || !strings.Contains(screen(m), "profile test") {
		t.Errorf("ids %q %q\n%s", c, l, screen(m))
	}
}

func TestHistoryFilter(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	for _, l := range []string{"LED1", "LEDOFF", "LEDSTATE"} {
		m = lookUp(t, m, l)
	}
	m = focusPane(m, focusHistory)
	m = keys(t, m, "/", "complet")
	rows := historyRows(m)
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "/ complet") || !strings.Contains(rows[1], "LEDOFF") {
		t.Fatalf("filtered rows %q", rows)
	}
	if got := m.panes.hist.info(); got != "1 of 3" {
		t.Errorf("info %q", got)
	}
	// enter keeps the filter and returns the keys to the list: enter again
	// looks the entry up.
	m = keys(t, m, "enter")
	if m.panes.hist.takesText() || m.panes.hist.filter.Value() != "complet" {
		t.Fatalf("after enter: searching %v filter %q", m.panes.hist.takesText(), m.panes.hist.filter.Value())
	}
	m = keys(t, m, "enter")
	if m.panes.detail.leadID != "LEDOFF" {
		t.Errorf("enter on the filtered row showed %q", m.panes.detail.leadID)
	}
	// esc clears the filter.
	m = keys(t, m, "esc")
	if got := len(m.panes.hist.shown); got != 3 || m.panes.hist.filtered() {
		t.Errorf("after esc: %d shown", got)
	}
	m = keys(t, m, "/", "nomatch")
	if rows := historyRows(m); !strings.Contains(strings.Join(rows, "\n"), "No entry matches") {
		t.Errorf("no-match rows %q", rows)
	}
	m = keys(t, m, "esc")
	if m.panes.hist.takesText() || m.panes.hist.filtered() {
		t.Error("esc while typing the filter did not clear it")
	}
}

func TestHistoryCapAndPersistenceRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m, _ := newTest(t, 120, 40, func(o *Options) { o.StateDir = dir; o.HistoryLimit = 3 })
	for _, l := range []string{"LED1", "LEDOFF", "LEDSTATE", "LEDUTM", "LED1"} {
		m = lookUp(t, m, l)
	}
	want := []string{"LED1", "LEDUTM", "LEDSTATE"}
	check := func(m Model, when string) {
		t.Helper()
		got := entriesOf(m)
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries, want %d", when, len(got), len(want))
		}
		for i, e := range got {
			if e.LeadID != want[i] || e.CustomerID != "M30011" || e.Profile != "prod" || e.Status != 200 {
				t.Errorf("%s: entry %d = %+v", when, i, e)
			}
		}
	}
	check(m, "in memory")
	// A new inspector on the same state directory finds it all.
	m2, _ := newTest(t, 120, 40, func(o *Options) { o.StateDir = dir; o.HistoryLimit = 3 })
	check(m2, "after restart")
	if rows := historyRows(m2); len(rows) != 3 || !strings.Contains(rows[0], "LED1") {
		t.Errorf("rows after restart %q", rows)
	}
	// The file holds no personal data from the lead.
	b, err := os.ReadFile(filepath.Join(dir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"ADR3ADC7B7B0A9447CA97FCAB43E36B582C", "Storgatan", "hemnet", "OBJ11385"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("history file holds %q", secret)
		}
	}
}

func TestHistoryProblemShownOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "history.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, _ := newTest(t, 200, 40, func(o *Options) { o.StateDir = dir })
	if s := screen(m); !strings.Contains(s, "moved it to history.json.corrupt-") {
		t.Fatalf("corrupt file not reported:\n%s", s)
	}
	m = lookUp(t, m, "LED1")
	if strings.Contains(screen(m), "corrupt") {
		t.Error("the history problem was shown again")
	}
	if got := entriesOf(m); len(got) != 1 {
		t.Errorf("history after a corrupt file: %+v", got)
	}
}

func TestStateChangeShownInDetailAndHistory(t *testing.T) {
	now := testNow
	clock := func() time.Time { return now }
	m, fc := newTest(t, 160, 50, func(o *Options) { o.Now = clock })
	m = lookUp(t, m, "LED1")
	now = now.Add(2 * time.Hour)
	changed := typicalLead()
	changed.State = "Accepted"
	fc.leads["LED1"] = changed
	m = keys(t, m, "r")
	s := screen(m)
	if !strings.Contains(s, "New → Accepted") {
		t.Errorf("no state change on screen:\n%s", s)
	}
	if m.panes.detail.change == nil || m.panes.detail.change.From != "New" || m.panes.detail.change.To != "Accepted" ||
		!m.panes.detail.change.LastSeen.Equal(testNow) {
		t.Errorf("detail change %+v", m.panes.detail.change)
	}
	if rows := historyRows(m); !strings.Contains(rows[0], "New → Accepted") {
		t.Errorf("history row %q", rows[0])
	}
}

func TestHistoryWheelAndClick(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	for _, l := range []string{"LED1", "LEDOFF", "LEDSTATE", "LEDUTM"} {
		m = lookUp(t, m, l)
	}
	f := m.fr
	m = update(t, m, tea.MouseClickMsg{X: f.History.X + 4, Y: f.History.Y + 3, Button: tea.MouseLeft})
	if e, _ := m.panes.hist.selected(); m.panes.focus != focusHistory || e.LeadID != "LEDOFF" {
		t.Fatalf("click on the third row selected %q (focus %v)", e.LeadID, m.panes.focus)
	}
}

func TestHistoryKeepsLongLeadIDWhole(t *testing.T) {
	const long = "LED7216862FF0AD4AE38061A04A9AC4D60D"
	m, fc := newTest(t, 80, 24)
	fc.leads[long] = typicalLead()
	m = lookUp(t, m, long)
	m = lookUp(t, m, "LEDMISSING0000000000000000000000000")
	m = focusPane(m, focusHistory) // at 80×24 the history unfolds when focused
	rows := historyRows(m)
	if !strings.Contains(rows[1], long) || !strings.Contains(rows[0], "LEDMISSING0000000000000000000000000") {
		t.Errorf("lead ids cut at 80 columns:\n%s", strings.Join(rows, "\n"))
	}
	// The newest lookup is selected while the list is not in use.
	if e, _ := m.panes.hist.selected(); e.LeadID != "LEDMISSING0000000000000000000000000" {
		t.Errorf("selected %q, want the newest", e.LeadID)
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 60, Height: 16})
	for _, r := range historyRows(m) {
		if ansiWidth(r) > 58 {
			t.Errorf("row wider than the pane: %q", r)
		}
	}
}

// q right after a lookup must not lose it: the program ends once the
// history's writer has made the change, and meanwhile the status bar says
// why it waits. Here the history is not even open yet when q comes.
func TestQuitWaitsForTheHistoryWrite(t *testing.T) {
	dir := t.TempDir()
	m := New(Options{Client: newFake(), Profile: "prod", CustomerID: "M30011", NoColor: true, StateDir: dir,
		Now: func() time.Time { return testNow }})
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m.panes.focusField(fieldLead)
	m = keys(t, m, "LED1")
	tm, cmd := m.Update(keyPress("enter"))
	m = tm.(Model)
	var done tea.Msg
	for _, msg := range cmdMsgs(cmd) {
		if d, ok := msg.(lookupDoneMsg); ok {
			done = d
		}
	}
	if done == nil {
		t.Fatal("no lookup ran")
	}
	tm, _ = m.Update(done) // the history write is queued, its answer not awaited
	m = tm.(Model)

	tm, cmd = m.Update(keyPress("q"))
	m = tm.(Model)
	if !strings.Contains(screen(m), "saving history") {
		t.Errorf("the status bar should say it is saving:\n%s", screen(m))
	}
	_ = m.panes.hist.open()() // Init's command, late
	if !quits(cmd) {
		t.Fatal("the program should end once the write is done")
	}
	s, _ := history.Open(dir, 10)
	if _, ok := s.Last("prod", "M30011", "LED1"); !ok {
		t.Error("the lookup is not in the history file")
	}
}

// The history shown is the one the writer's last change left, whatever
// order the answers of two changes arrive in.
func TestHistoryShowsTheLatestChange(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	m = lookUp(t, m, "LEDOFF")
	m = update(t, m, historyMsg{seq: 0}) // an answer arriving late, after both changes
	if got := entriesOf(m); len(got) != 2 || got[0].LeadID != "LEDOFF" || got[1].LeadID != "LED1" {
		t.Errorf("history shows %v, want LEDOFF then LED1", got)
	}
}

func TestHistoryDeleteUndoneUntilTheNextLookup(t *testing.T) {
	c := newClock()
	m, _ := newTest(t, 120, 40, func(o *Options) { o.Now = c.now })
	for _, id := range []string{"LED1", "LEDOFF", "LEDSTATE"} {
		c.advance(time.Minute)
		m = lookUp(t, m, id)
	}
	m = focusPane(m, focusHistory)
	m = keys(t, m, "down", "d") // LEDOFF, the middle one
	if got := leadsOf(m); got != "LEDSTATE LED1" {
		t.Fatalf("after d: %s", got)
	}
	s := screen(m)
	if !strings.Contains(s, "deleted M30011/LEDOFF from the history (u undoes)") || !strings.Contains(ansiStrip(m.help.line), "u undo delete") {
		t.Errorf("d does not say u undoes it:\n%s", s)
	}
	m = keys(t, m, "d", "u", "u") // LED1 too, then both back, the last first
	if got := leadsOf(m); got != "LEDSTATE LEDOFF LED1" {
		t.Fatalf("after u u: %s", got)
	}
	if !strings.Contains(screen(m), "restored M30011/LEDOFF") || strings.Contains(ansiStrip(m.help.line), "u undo") {
		t.Errorf("after the last undo:\n%s", screen(m))
	}
	if e, _ := m.panes.hist.selected(); e.LeadID != "LEDOFF" {
		t.Errorf("after undo the selection is on %s, not the entry put back", e.LeadID)
	}
	// A lookup ends what u can undo.
	m = keys(t, m, "d")
	m = lookUp(t, m, "LEDUTM")
	m = focusPane(m, focusHistory)
	m = keys(t, m, "u")
	if got := leadsOf(m); got != "LEDUTM LEDOFF LED1" && got != "LEDUTM LEDSTATE LED1" && got != "LEDUTM LEDSTATE LEDOFF" {
		t.Errorf("u after a lookup: %s", got)
	}
	if len(entriesOf(m)) != 3 {
		t.Errorf("u after a lookup put an entry back: %s", leadsOf(m))
	}
}

func TestHistoryRecordsA200ThatIsNotALead(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	login := &api.BadResponseError{Reason: api.WrongContentType, Detail: "expected JSON, got text/html",
		Response: &api.Response{Status: 200, ContentType: "text/html", Accept: "application/json"}}
	fc.errs["LEDPROXY"] = login
	m = lookUp(t, m, "LEDPROXY")
	if e := entriesOf(m); len(e) != 1 || e[0].LeadID != "LEDPROXY" || e[0].Status != 200 {
		t.Fatalf("history after a proxy's login page: %+v", e)
	}
	// In a batch too.
	fc.errs["LEDPROXY2"] = login
	m = update(t, m, tea.PasteMsg{Content: "LEDPROXY2 LED1"})
	if got := leadsOf(m); !strings.Contains(got, "LEDPROXY2") {
		t.Errorf("batch row with a login page not recorded: %s", got)
	}
	// A request that got no answer is not.
	fc.errs["LEDDOWN"] = &api.NetworkError{Err: errors.New("connection refused")}
	m = lookUp(t, m, "LEDDOWN")
	if strings.Contains(leadsOf(m), "LEDDOWN") {
		t.Error("a lookup with no answer was recorded")
	}
}

func leadsOf(m Model) string {
	var ids []string
	for _, e := range entriesOf(m) {
		ids = append(ids, e.LeadID)
	}
	return strings.Join(ids, " ")
}
