package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	apinotify "leadinspector/api/notify"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
	"leadinspector/ui/queue"
)

// deskNotes is a desk store with notifications for the fake client's
// leads: LED1 accepted then a meeting booked, looked up by bo between;
// LEDOFF waiting since the day before (stuck).
func deskNotes(t *testing.T) (*notify.DB, *desk.Store) {
	t.Helper()
	st, err := desk.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	db := notify.NewDB(st)
	ctx := context.Background()
	n := func(lead, ext, cause string) apinotify.Notification {
		return apinotify.Notification{Name: "sub", Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate,
			CustomerID: "M30011", ID: lead, PartnerID: "PC1", ExternalID: ext, Cause: cause, TenantID: "T1"}
	}
	for _, r := range []struct {
		n  apinotify.Notification
		at time.Time
	}{
		{n("LEDOFF", "crm-2", apinotify.CauseNewComeback), testNow.Add(-30 * time.Hour)},
		{n("LED1", "crm-1", apinotify.CauseLeadAccepted), testNow.Add(-3 * time.Hour)},
		{n("LED1", "crm-1", apinotify.CauseNewMeeting), testNow.Add(-time.Hour)},
	} {
		if _, err := db.Record(ctx, r.n, r.at); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordLookup(ctx, desk.Who{Person: "bo"}, desk.Lookup{At: testNow.Add(-2 * time.Hour), Profile: "prod",
		CustomerID: "M30011", LeadID: "LED1", Status: 200, State: "Accepted"}, desk.OutcomeShown); err != nil {
		t.Fatal(err)
	}
	return db, st
}

func withNotes(db *notify.DB) func(*Options) {
	return func(o *Options) { o.Notes, o.NotesPath = db, "/srv/desk.db" }
}

// Q opens the queue in place of detail and raw; enter looks the lead up,
// whose detail ends with its timeline (the notifications and bo's lookup,
// oldest first); Q brings the queue back as it was, esc closes it.
func TestQueuePaneOpensTheLead(t *testing.T) {
	db, _ := deskNotes(t)
	m, fc := newTest(t, 120, 40, withNotes(db))
	m = keys(t, m, "esc", "Q")
	s := screen(m)
	for _, want := range []string{"Queue", "2 leads", "crm-1", "{NewMeeting}", "crm-2", "⚠ 1 d", "enter open lead", "/ filter"} {
		if !strings.Contains(s, want) {
			t.Errorf("the queue lacks %q:\n%s", want, s)
		}
	}
	golden.RequireEqual(t, []byte(s))
	m = keys(t, m, "enter")
	if calls := fc.callList(); len(calls) == 0 || calls[len(calls)-1].key.lead != "LED1" {
		t.Fatalf("enter on LED1's row looked up %v", calls)
	}
	s = screen(m)
	if strings.Contains(s, "crm-2") || m.panes.focus != focusDetail {
		t.Fatalf("after enter the queue still shows (focus %v):\n%s", m.panes.focus, s)
	}
	tl := strings.Join(m.panes.detail.lines, "\n")
	at := func(sub string) int { return strings.Index(tl, sub) }
	if at("Notifications (desk hub)") < 0 || !(at("{LeadAccepted}") < at("looked up by bo") && at("looked up by bo") < at("{NewMeeting}")) {
		t.Errorf("the detail's timeline, oldest first, is not there:\n%s", tl)
	}
	m = keys(t, m, "Q")
	if s := screen(m); !strings.Contains(s, "crm-2") || m.panes.focus != focusQueue {
		t.Errorf("Q did not bring the queue back:\n%s", s)
	}
	m = keys(t, m, "esc")
	if s := screen(m); strings.Contains(s, "crm-2") || m.panes.focus != focusDetail {
		t.Errorf("esc did not close the queue:\n%s", s)
	}
}

// New notifications show in an open queue without a key, and in the
// timeline of the lead on screen.
func TestQueueLive(t *testing.T) {
	db, _ := deskNotes(t)
	m, _ := newTest(t, 120, 40, withNotes(db))
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "Q")
	n := apinotify.Notification{Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate, CustomerID: "M30011",
		ID: "LED1", ExternalID: "crm-1", Cause: apinotify.CauseAssigned}
	if _, err := db.Record(context.Background(), n, testNow.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	m = update(t, m, queue.ChangedMsg{})
	if s := screen(m); !strings.Contains(s, "{Assigned}") {
		t.Errorf("the new cause is not in the queue:\n%s", s)
	}
	m = keys(t, m, "esc")
	if tl := strings.Join(m.panes.detail.lines, "\n"); !strings.Contains(tl, "{Assigned}") {
		t.Errorf("the new notification is not in the timeline:\n%s", tl)
	}
}

// Without the hub's desk store here, Q says so and where it looked, and
// neither the help line nor the overlay offers it.
func TestQueueKeyWithoutStore(t *testing.T) {
	m, _ := newTest(t, 120, 40, func(o *Options) { o.NotesPath = "/home/x/.local/state/leadinspector/desk.db" })
	m = keys(t, m, "esc")
	if strings.Contains(ansiStrip(m.help.line), "Q queue") {
		t.Errorf("the help line offers Q without a queue: %q", ansiStrip(m.help.line))
	}
	m = keys(t, m, "Q")
	if s := screen(m); !strings.Contains(s, "the queue is the desk hub's") || !strings.Contains(s, "desk.db") {
		t.Errorf("Q without a store:\n%s", s)
	}
}

// In Swedish the queue's words are Swedish, the key too.
func TestQueueSwedish(t *testing.T) {
	db, _ := deskNotes(t)
	m, _ := newTest(t, 120, 40, withNotes(db), swedish)
	m = keys(t, m, "esc")
	if !strings.Contains(ansiStrip(m.help.line), "Q kö") {
		t.Errorf("the help line: %q", ansiStrip(m.help.line))
	}
	m = keys(t, m, "Q")
	if s := screen(m); !strings.Contains(s, "Kö") || !strings.Contains(s, "ORSAK") || !strings.Contains(s, "öppna lead") {
		t.Errorf("the Swedish queue:\n%s", s)
	}
}

// The whole way in a running program (teatest): the hub's desk store read
// read-only beside its writer, Q, a notification the hub stores shown
// without a key (notify.Watch), enter looking the lead up against the demo
// API, its timeline under its detail.
func TestEndToEndQueue(t *testing.T) {
	o := startDemo(t, t.TempDir())
	path := filepath.Join(t.TempDir(), "desk.db")
	hub, err := desk.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	writer := notify.NewDB(hub)
	lead := demoLead(t, "ordinary lead")
	n := apinotify.Notification{Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate, CustomerID: lead.CustomerID,
		ID: lead.LeadID, ExternalID: "crm-e2e-1", Cause: apinotify.CauseLeadAccepted}
	if _, err := writer.Record(context.Background(), n, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	ro, err := desk.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Notes, o.NotesChanged = notify.NewReader(ro), notify.Watch(ctx, ro, 20*time.Millisecond)
	tm := startProgram(t, o)
	waitFor(t, tm, "DEMO", "Customer ID M30011")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'Q', Text: "Q"})
	waitFor(t, tm, "Queue", "crm-e2e-1", "LeadAccepted")

	n.Cause, n.ExternalID = apinotify.CauseNewMeeting, "crm-e2e-2"
	if _, err := writer.Record(context.Background(), n, time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tm, "crm-e2e-2", "NewMeeting")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "200 OK", "Hemnet")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnd})
	waitFor(t, tm, "Notifications (desk hub)")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// With a queue, ? lists Q among the keys outside a field and the queue's
// own keys in a group of their own.
func TestQueueInTheOverlay(t *testing.T) {
	db, _ := deskNotes(t)
	m, _ := newTest(t, 120, 40, withNotes(db))
	m = keys(t, m, "esc", "?")
	s := screen(m)
	for _, want := range []string{"Q  queue", "Queue (Q)", "enter    open lead", "/ c m s  filter: text, cause, customer, stuck"} {
		if !strings.Contains(s, want) {
			t.Errorf("the overlay lacks %q:\n%s", want, s)
		}
	}
}

// In the narrow layout v swaps detail and raw in the main area. With the
// queue there it would swap them out of sight: the help line does not
// offer it, and v changes nothing.
func TestNarrowQueueOffersNoRawSwitch(t *testing.T) {
	db, _ := deskNotes(t)
	m, _ := newTest(t, 80, 24, withNotes(db))
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "esc", "Q")
	before := screen(m)
	if !strings.Contains(before, "Queue") {
		t.Fatalf("Q opened no queue:\n%s", before)
	}
	if strings.Contains(before, "v raw") || strings.Contains(before, "v detail") {
		t.Errorf("the help line offers v with the queue in the main area:\n%s", before)
	}
	if m = keys(t, m, "v"); screen(m) != before || m.panes.showRaw {
		t.Errorf("v changed the screen behind the queue (raw now %v):\n%s", m.panes.showRaw, screen(m))
	}
}

// At the end of a lead's detail, the end stays in view as its timeline
// grows (the timeline comes after the lead, and live): like a log's tail.
// Scrolled elsewhere, the view stays where it is.
func TestDetailEndFollowsTheTimeline(t *testing.T) {
	db, _ := deskNotes(t)
	m, _ := newTest(t, 120, 24, withNotes(db))
	m = lookUp(t, m, "LED1")
	m.panes.setFocus(focusDetail)
	m = keys(t, m, "G")
	if s := screen(m); !strings.Contains(s, "Notifications (desk hub)") {
		t.Fatalf("end does not show the timeline:\n%s", s)
	}
	n := apinotify.Notification{Name: "sub", Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate,
		CustomerID: "M30011", ID: "LED1", PartnerID: "PC1", ExternalID: "crm-1", Cause: apinotify.CauseLeadPostponed, TenantID: "T1"}
	if _, err := db.Record(context.Background(), n, testNow.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	m = update(t, m, notesChangedMsg{})
	if s := screen(m); !strings.Contains(s, "LeadPostponed") {
		t.Errorf("at the end, a new notification is out of view:\n%s", s)
	}
	m = keys(t, m, "g")
	n.Cause = apinotify.CauseNewMeeting
	if _, err := db.Record(context.Background(), n, testNow); err != nil {
		t.Fatal(err)
	}
	before := m.panes.detail.off
	if m = update(t, m, notesChangedMsg{}); m.panes.detail.off != before {
		t.Errorf("at the top, a new notification moved the view from line %d to %d", before, m.panes.detail.off)
	}
}

// With --demo, the queue's hint names the demo's hub, the one that keeps
// the store it looked for.
func TestQueueKeyWithoutStoreNamesTheDemoHub(t *testing.T) {
	for _, demo := range []bool{false, true} {
		m, _ := newTest(t, 120, 40, func(o *Options) { o.NotesPath, o.Demo = "/home/x/.local/state/leadinspector/demo/desk.db", demo })
		m = keys(t, m, "esc", "Q")
		s := screen(m)
		if got := strings.Contains(s, "'leadinspector serve --demo'"); got != demo {
			t.Errorf("demo %v: the hint names serve --demo: %v\n%s", demo, got, s)
		}
	}
}
