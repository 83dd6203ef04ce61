package queue

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api/base/i18n"
	apinotify "leadinspector/api/notify"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
	"leadinspector/ui/styles"
)

func TestMain(m *testing.M) {
	flag.Parse()
	m.Run()
}

var now = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func openDB(t testing.TB) *notify.DB {
	t.Helper()
	s, err := desk.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return notify.NewDB(s)
}

func note(lead, cust, ext, cause string) apinotify.Notification {
	return apinotify.Notification{Name: "sub", Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate,
		CustomerID: cust, ID: lead, PartnerID: "PC1", ExternalID: ext, Cause: cause, TenantID: "T1"}
}

func record(t testing.TB, db *notify.DB, n apinotify.Notification, at time.Time) {
	t.Helper()
	if _, err := db.Record(context.Background(), n, at); err != nil {
		t.Fatal(err)
	}
}

// demoQueue is a small desk: four leads, one stuck, one looked up, one
// removed.
func demoQueue(t testing.TB) *notify.DB {
	db := openDB(t)
	ctx := context.Background()
	record(t, db, note("LED39BDD2493FF3126D1EA37873E40D7549", "M30011", "crm-1001", apinotify.CauseLeadAccepted), now.Add(-3*time.Hour))
	record(t, db, note("LED39BDD2493FF3126D1EA37873E40D7549", "M30011", "crm-1001", apinotify.CauseNewMeeting), now.Add(-time.Hour))
	record(t, db, note("LED63658072F25AD462C3F3FD97C5A91C3F", "M30011", "crm-1002", apinotify.CauseNewComeback), now.Add(-30*time.Hour))
	record(t, db, note("LEDA1B2C3D4E5F60718293A4B5C6D7E8F90", "M40022", "crm-1003", apinotify.CauseLeadCanceled), now.Add(-2*time.Hour))
	rm := note("LEDA1B2C3D4E5F60718293A4B5C6D7E8F90", "M40022", "", "")
	rm.Event = apinotify.EventRemove
	record(t, db, rm, now.Add(-90*time.Minute))
	record(t, db, note("LEDFFEE0011223344556677889900AABBCC", "M40022", "crm-1004", "LeadReopened"), now.Add(-5*time.Minute))
	if err := db.SetSeen(ctx, "LED39BDD2493FF3126D1EA37873E40D7549", notify.Seen{At: now.Add(-50 * time.Minute), Status: 200, State: "New", Holder: "Anna Berg"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func newPane(t testing.TB, src Source, w, h int, lang i18n.Lang) Model {
	t.Helper()
	m := New(Options{Source: src, Lang: i18n.New(lang), Loc: time.UTC, Now: func() time.Time { return now }},
		styles.New(true, true, nil))
	m.SetSize(w, h)
	m.Focus()
	return settle(t, m, m.Load())
}

// settle runs cmd and feeds its messages back into m until nothing is left
// to do.
func settle(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	m, _ = settleMsgs(t, m, cmd)
	return m
}

func settleMsgs(t testing.TB, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 100 {
			t.Fatal("the pane keeps asking")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			var next tea.Cmd
			m, next, _ = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m, out
}

func press(t testing.TB, m Model, keys ...string) (Model, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		var req Request
		m, cmd, req = m.Update(keyPress(k))
		if req != nil {
			all = append(all, req)
		}
		m, _ = settleMsgs(t, m, cmd)
	}
	return m, all
}

func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func typeText(t testing.TB, m Model, s string) Model {
	for _, r := range s {
		m, _ = press(t, m, string(r))
	}
	return m
}

func screen(m Model) string { return ansi.Strip(m.View()) }

// The queue as a person sees it, newest change first: when, customer, lead,
// externalId, the cause (removed and stuck marked), the State seen and the
// holder; in both languages, at 80 and 120 columns.
// The busy ones are a desk like the demo hub's, in the pane of a 120- and an
// 80-column terminal: the lead ids whole at 120.
func TestGoldenQueue(t *testing.T) {
	db, busy := demoQueue(t), busyQueue(t)
	for _, c := range []struct {
		name string
		w    int
		lang i18n.Lang
		db   *notify.DB
	}{{"en_120", 120, i18n.English, db}, {"en_80", 78, i18n.English, db}, {"sv_120", 120, i18n.Swedish, db},
		{"busy_en_120", 118, i18n.English, busy}, {"busy_sv_80", 78, i18n.Swedish, busy}} {
		t.Run(c.name, func(t *testing.T) {
			m := newPane(t, c.db, c.w, 8, c.lang)
			golden.RequireEqual(t, []byte(screen(m)+"\n-- "+m.Title()+" · "+m.Info()+"\n"))
		})
	}
}

func TestEveryLineFitsTheSize(t *testing.T) {
	m := newPane(t, demoQueue(t), 61, 7, i18n.English)
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 7 {
		t.Fatalf("%d lines, want 7", len(lines))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != 61 {
			t.Errorf("line %d is %d cells wide, want 61: %q", i, w, ansi.Strip(l))
		}
	}
}

func TestOrderAndEnterOpensTheLead(t *testing.T) {
	m := newPane(t, demoQueue(t), 120, 10, i18n.English)
	var got []tea.Msg
	_, got = press(t, m, "down", "enter")
	want := OpenMsg{CustomerID: "M30011", LeadID: "LED39BDD2493FF3126D1EA37873E40D7549"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("enter on the second row asked for %v, want %v", got, want)
	}
}

func TestFilters(t *testing.T) {
	db := demoQueue(t)
	rows := func(m Model) string {
		var ids []string
		for _, r := range m.page.rows {
			ids = append(ids, r.ExternalID)
		}
		return strings.Join(ids, " ")
	}
	m := newPane(t, db, 120, 10, i18n.English)
	if got := rows(m); got != "crm-1004 crm-1001 crm-1003 crm-1002" {
		t.Fatalf("queue %q", got)
	}
	// / types a text filter: the store's text search, as it is typed.
	m, _ = press(t, m, "/")
	m = typeText(t, m, "anna")
	if got := rows(m); got != "crm-1001" {
		t.Errorf("/anna shows %q, want the lead Anna Berg holds", got)
	}
	if !strings.Contains(screen(m), "/ anna") {
		t.Errorf("the filter line is not shown:\n%s", screen(m))
	}
	m, _ = press(t, m, "esc") // leaves and clears the filter
	if got := rows(m); got != "crm-1004 crm-1001 crm-1003 crm-1002" || m.Typing() {
		t.Errorf("after esc: %q, typing %v", got, m.Typing())
	}
	// c: only the selected row's cause; again: all causes.
	m, _ = press(t, m, "down", "c")
	if got := rows(m); got != "crm-1001" || !strings.Contains(screen(m), "cause NewMeeting") {
		t.Errorf("c on NewMeeting shows %q:\n%s", got, screen(m))
	}
	m, _ = press(t, m, "c")
	// m: only the selected row's customer.
	m, _ = press(t, m, "g", "m")
	if got := rows(m); got != "crm-1004 crm-1003" {
		t.Errorf("m on M40022 shows %q", got)
	}
	m, _ = press(t, m, "m")
	// s: the stuck leads (no accept, last change over 24h ago): the query
	// `leadinspector queue --stuck` makes.
	m, _ = press(t, m, "s")
	if got := rows(m); got != "crm-1002" || !strings.Contains(screen(m), "stuck: no accept, last change over 24h ago") {
		t.Errorf("s shows %q:\n%s", got, screen(m))
	}
	// esc clears every filter; esc again asks to close the pane.
	m, _ = press(t, m, "esc")
	if got := rows(m); got != "crm-1004 crm-1001 crm-1003 crm-1002" {
		t.Errorf("esc left filters on: %q", got)
	}
	_, got := press(t, m, "esc")
	if len(got) != 1 || got[0] != (CloseMsg{}) {
		t.Errorf("esc without filters asked for %v, want CloseMsg", got)
	}
}

// Server text never reaches the terminal as it came: escapes in a cause,
// an externalId or a customer are shown inert.
func TestHostileTextSanitised(t *testing.T) {
	db := openDB(t)
	record(t, db, note("LED\x1b]0;pwned\x07", "M1\x1b[2J", "ext\x1b[31mred\u202e", "Cause\x1b[5mblink\u009b"), now.Add(-time.Minute))
	m := newPane(t, db, 160, 6, i18n.English)
	view := m.View()
	for _, bad := range []string{"\x1b]", "\x07", "\x1b[2J", "\x1b[31m", "\x1b[5m", "\u202e", "\u009b"} {
		if strings.Contains(view, bad) {
			t.Errorf("the view holds %q", bad)
		}
	}
	if !strings.Contains(screen(m), "ext␛[31mred") {
		t.Errorf("the externalId is not shown escaped:\n%s", screen(m))
	}
	tl := strings.Join(Timeline(styles.New(true, true, nil), i18n.New(i18n.English), time.UTC, []notify.Moment{
		{At: now, Event: &notify.Event{Type: "IncomingLead", Cause: "X\x1b[31m", CustomerID: "M\x1b]8;;"}},
		{At: now, Lookup: &notify.DeskLookup{Person: "bo\x1b[2J", State: "New\x1b[5m"}},
	}, 80), "\n")
	for _, bad := range []string{"\x1b]", "\x1b[2J", "\x1b[31m", "\x1b[5m"} {
		if strings.Contains(tl, bad) {
			t.Errorf("the timeline holds %q", bad)
		}
	}
}

// The pane asks the store a page at a time: a long queue is never read
// whole, and moving down reads the next page.
func TestPaged(t *testing.T) {
	db := openDB(t)
	for i := range 250 {
		record(t, db, note(fmt.Sprintf("LED%04d", i), "M1", fmt.Sprintf("e%d", i), apinotify.CauseNewMeeting), now.Add(-time.Duration(i)*time.Minute))
	}
	src := &counting{Source: db}
	m := newPane(t, src, 100, 12, i18n.English)
	if len(m.page.rows) != PageSize || src.asked != 1 || m.Info() != "100+ leads" {
		t.Fatalf("first page: %d rows after %d questions, info %q", len(m.page.rows), src.asked, m.Info())
	}
	m, _ = press(t, m, "end")
	if len(m.page.rows) != 2*PageSize {
		t.Fatalf("after end: %d rows, want the next page too", len(m.page.rows))
	}
	m, _ = press(t, m, "end", "end")
	if len(m.page.rows) != 250 || m.Info() != "250 leads" {
		t.Fatalf("at the end: %d rows, info %q", len(m.page.rows), m.Info())
	}
	for i, r := range m.page.rows {
		if want := fmt.Sprintf("LED%04d", i); r.LeadID != want {
			t.Fatalf("row %d is %s, want %s", i, r.LeadID, want)
		}
	}
	if src.maxLimit > maxRefresh {
		t.Errorf("asked for %d rows at once", src.maxLimit)
	}
}

type counting struct {
	Source
	asked, maxLimit int
}

func (c *counting) Page(ctx context.Context, f notify.Filter, after notify.Cursor, limit int) ([]notify.Row, notify.Cursor, error) {
	c.asked++
	c.maxLimit = max(c.maxLimit, limit)
	return c.Source.Page(ctx, f, after, limit)
}

// New notifications (ChangedMsg) show without a key; the selection stays
// on its lead. A burst while a question is out makes one more question,
// not one per notification.
func TestChangedRefreshesAndKeepsTheSelection(t *testing.T) {
	db := demoQueue(t)
	src := &counting{Source: db}
	m := newPane(t, src, 120, 10, i18n.English)
	m, _ = press(t, m, "down") // crm-1001
	record(t, db, note("LEDNEW0000000000000000000000000000001", "M30011", "crm-2000", apinotify.CauseLeadAccepted), now.Add(-time.Minute))
	asked := src.asked
	var cmd tea.Cmd
	m, cmd, _ = m.Update(ChangedMsg{})
	// Four more arrive before the answer: no question each.
	for range 4 {
		var c tea.Cmd
		m, c, _ = m.Update(ChangedMsg{})
		if c != nil {
			t.Fatal("a change while the store is asked made another question at once")
		}
	}
	m = settle(t, m, cmd)
	if src.asked-asked != 2 {
		t.Errorf("a burst of five made %d questions, want 2 (one, and one after it)", src.asked-asked)
	}
	if !strings.Contains(screen(m), "crm-2000") {
		t.Fatalf("the new lead is not shown:\n%s", screen(m))
	}
	if r, _ := m.Selected(); r.ExternalID != "crm-1001" {
		t.Errorf("the selection moved to %s", r.ExternalID)
	}
}

// An answer to a filter no longer typed is dropped: what shows is always
// what the filter line says.
func TestStaleAnswerDropped(t *testing.T) {
	db := demoQueue(t)
	m := newPane(t, db, 120, 10, i18n.English)
	m, _ = press(t, m, "/")
	m, first, _ := m.Update(keyPress("a"))  // "a": every lead with Anna, M…, …
	m, second, _ := m.Update(keyPress("n")) // "an"
	m2, _ := settleMsgs(t, m, second)
	m2, _ = settleMsgs(t, m2, first) // the answer to "a" comes late
	var ids []string
	for _, r := range m2.page.rows {
		ids = append(ids, r.ExternalID)
	}
	if strings.Join(ids, " ") != "crm-1001" {
		t.Errorf("after a late answer to %q the pane shows %v for %q", "a", ids, m2.by.text.Value())
	}
}

func TestNoStore(t *testing.T) {
	m := New(Options{Lang: i18n.New(i18n.English)}, styles.New(true, true, nil))
	m.SetSize(80, 4)
	if m.Available() || !strings.Contains(screen(m), "No desk store here") || m.Load() != nil {
		t.Errorf("without a store:\n%s", screen(m))
	}
}

// busyQueue is a desk like the demo hub's: long causes and States, holders
// with long names, and leads with Vitec's 35-character ids.
func busyQueue(t testing.TB) *notify.DB {
	db := openDB(t)
	ctx := context.Background()
	for i, r := range []struct{ lead, ext, cause, state, holder string }{
		{"LED63658072F25AD462C3F3FD97C5A91C3F", "crm-1002", apinotify.CauseNewMeeting, "Assigned", "Säljteamet Södermalm och Farsta"},
		{"LED1D33672F4F525FABF15167C9E0A2B1D4", "crm-1008", "AssignedValuation", "WaitingForCustomer", "Anna Berg"},
		{"LED83C9592F0647FCEFD060F4B2A1C9E7D5", "crm-1003", "Assigned", "New", "Mäklarhuset Södermalm"},
		{"LED689B1677144C14136B6458D0F3E2A1B6", "crm-1005", "LeadPostponed", "Contacted", "Cecilia Holm"},
	} {
		record(t, db, note(r.lead, "M30011", r.ext, r.cause), now.Add(-time.Duration(i+1)*20*time.Minute))
		if err := db.SetSeen(ctx, r.lead, notify.Seen{At: now.Add(-10 * time.Minute), Status: 200, State: r.state, Holder: r.holder}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// At 120 columns (the pane's 118 cells) every lead id shows whole: the
// headings and the holder's name give up their room first. Narrower, the
// id is cut with … at its end, keeping its start; every line fits.
func TestLeadIDWholeWhenThereIsRoom(t *testing.T) {
	db := busyQueue(t)
	ids := []string{"LED63658072F25AD462C3F3FD97C5A91C3F", "LED1D33672F4F525FABF15167C9E0A2B1D4",
		"LED83C9592F0647FCEFD060F4B2A1C9E7D5", "LED689B1677144C14136B6458D0F3E2A1B6"}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		m := newPane(t, db, 118, 6, lang)
		s := screen(m)
		for _, id := range ids {
			if !strings.Contains(s, id) {
				t.Errorf("%v at 118 cells: lead %s is not shown whole:\n%s", lang, id, s)
			}
		}
		for _, want := range []string{"WaitingForCustomer", "AssignedValuation", "Anna Berg", "Cecilia H"} {
			if !strings.Contains(s, want) {
				t.Errorf("%v at 118 cells: %q is not shown:\n%s", lang, want, s)
			}
		}
	}
	m := newPane(t, db, 78, 6, i18n.English)
	s := screen(m)
	for _, id := range ids {
		if !regexp.MustCompile(id[:13] + `[0-9A-F]*…`).MatchString(s) {
			t.Errorf("at 78 cells: lead %s is not cut at its end with …:\n%s", id, s)
		}
	}
	for i, l := range strings.Split(m.View(), "\n") {
		if w := ansi.StringWidth(l); w != 78 {
			t.Errorf("line %d is %d cells wide, want 78: %q", i, w, ansi.Strip(l))
		}
	}
}
