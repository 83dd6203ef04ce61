package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"leadinspector/api/notify"
)

var t0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

func note(lead, cust, cause string) notify.Notification {
	return notify.Notification{Name: "sub", Type: notify.TypeIncomingLead, Event: notify.EventUpdate,
		CustomerID: cust, ID: lead, PartnerID: "PC1", ExternalID: "ext-" + lead, Cause: cause, TenantID: "T1"}
}

func record(t *testing.T, db *DB, n notify.Notification, at time.Time) bool {
	t.Helper()
	dup, err := db.Record(context.Background(), n, at)
	if err != nil {
		t.Fatal(err)
	}
	return dup
}

func leadIDs(rows []Row) string {
	var s []string
	for _, r := range rows {
		s = append(s, r.LeadID)
	}
	return strings.Join(s, " ")
}

func page(t *testing.T, db *DB, f Filter) []Row {
	t.Helper()
	rows, _, err := db.Page(context.Background(), f, Cursor{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestStoreQueueNewestChangeFirst(t *testing.T) {
	db := NewDB(openTestDesk(t))
	record(t, db, note("LED1", "M1", notify.CauseNewMeeting), t0)
	record(t, db, note("LED2", "M2", notify.CauseLeadAccepted), t0.Add(time.Minute))
	record(t, db, note("LED1", "M1", notify.CauseAssigned), t0.Add(2*time.Minute))
	rows := page(t, db, Filter{})
	if got := leadIDs(rows); got != "LED1 LED2" {
		t.Fatalf("queue %q, want LED1 LED2", got)
	}
	r := rows[0]
	if r.Cause != notify.CauseAssigned || r.CustomerID != "M1" || r.ExternalID != "ext-LED1" || r.Events != 2 ||
		!r.First.Equal(t0) || !r.Last.Equal(t0.Add(2*time.Minute)) || !r.Settled {
		t.Errorf("row %+v", r)
	}
	// A late delivery of an older change adds its event, not its cause.
	record(t, db, note("LED2", "M2", notify.CauseNewComeback), t0.Add(-time.Hour))
	r, ok, err := db.Lead(context.Background(), "LED2")
	if err != nil || !ok || r.Cause != notify.CauseLeadAccepted || r.Events != 2 || !r.First.Equal(t0.Add(-time.Hour)) {
		t.Errorf("after a late delivery: %+v %v %v", r, ok, err)
	}
}

func TestStoreDuplicatesWithinTenMinutes(t *testing.T) {
	db := NewDB(openTestDesk(t))
	n := note("LED1", "M1", notify.CauseNewMeeting)
	if record(t, db, n, t0) {
		t.Fatal("the first is a duplicate")
	}
	if !record(t, db, n, t0.Add(9*time.Minute+59*time.Second)) {
		t.Error("identical 9:59 later stored again")
	}
	if record(t, db, n, t0.Add(10*time.Minute)) {
		t.Error("identical 10 minutes later counted as a duplicate")
	}
	other := n
	other.TenantID = "T2"
	if record(t, db, other, t0.Add(10*time.Minute)) {
		t.Error("a different notification counted as a duplicate")
	}
	ev, _ := db.Timeline(context.Background(), "LED1")
	if len(ev) != 3 {
		t.Errorf("timeline has %d events, want 3", len(ev))
	}
}

func TestStoreFilters(t *testing.T) {
	db := NewDB(openTestDesk(t))
	now := t0.Add(48 * time.Hour)
	record(t, db, note("LEDold", "M1", notify.CauseNewMeeting), t0)                  // stuck
	record(t, db, note("LEDacc", "M1", notify.CauseLeadAccepted), t0)                // settled
	record(t, db, note("LEDnew", "M2", notify.CauseNewMeeting), now.Add(-time.Hour)) // recent
	record(t, db, note("LEDodd", "M2", "SomethingNew"), now.Add(-30*time.Hour))      // stuck, unknown cause
	rm := notify.Notification{Type: notify.TypeIncomingLead, Event: notify.EventRemove, CustomerID: "M2", ID: "LEDgone"}
	record(t, db, note("LEDgone", "M2", notify.CauseNewMeeting), t0)
	record(t, db, rm, t0.Add(time.Minute))
	cutoff := now.Add(-24 * time.Hour)
	for _, c := range []struct {
		name string
		f    Filter
		want string
	}{
		{"all", Filter{}, "LEDnew LEDodd LEDgone LEDacc LEDold"},
		{"cause", Filter{Cause: notify.CauseNewMeeting}, "LEDnew LEDold"},
		{"unknown cause as received", Filter{Cause: "SomethingNew"}, "LEDodd"},
		{"no such cause", Filter{Cause: "Nope"}, ""},
		{"customer", Filter{Customer: "M2"}, "LEDnew LEDodd LEDgone"},
		{"stuck", Filter{StuckBefore: cutoff}, "LEDodd LEDold"},
		{"since", Filter{Since: now.Add(-2 * time.Hour)}, "LEDnew"},
		{"customer and cause", Filter{Customer: "M1", Cause: notify.CauseNewMeeting}, "LEDold"},
		{"text: externalId", Filter{Text: "EXT-LEDA"}, "LEDacc"},
		{"text: cause", Filter{Text: "accepted"}, "LEDacc"},
		{"text: like is literal", Filter{Text: "%"}, ""},
	} {
		if got := leadIDs(page(t, db, c.f)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	r, _, _ := db.Lead(context.Background(), "LEDgone")
	if !r.Removed || r.Cause != notify.EventRemove {
		t.Errorf("removed lead: %+v", r)
	}
	causes, _ := db.Causes(context.Background())
	if got := strings.Join(causes, ","); got != "LeadAccepted,NewMeeting,Remove,SomethingNew" {
		t.Errorf("causes %q", got)
	}
}

// Paging visits every row once, newest first, including rows that share a
// time.
func TestStorePagingLeavesNothingOut(t *testing.T) {
	db := NewDB(openTestDesk(t))
	const n = 23
	for i := 0; i < n; i++ {
		at := t0.Add(time.Duration(i/3) * time.Minute) // three leads per minute
		record(t, db, note(fmt.Sprintf("LED%02d", i), "M1", notify.CauseNewMeeting), at)
	}
	seen := map[string]bool{}
	var cur Cursor
	var last time.Time
	pages := 0
	for {
		rows, next, err := db.Page(context.Background(), Filter{}, cur, 5)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, r := range rows {
			if seen[r.LeadID] {
				t.Errorf("%s twice", r.LeadID)
			}
			if !last.IsZero() && r.Last.After(last) {
				t.Errorf("%s out of order", r.LeadID)
			}
			seen[r.LeadID], last = true, r.Last
		}
		if next.IsZero() {
			break
		}
		cur = next
	}
	if len(seen) != n || pages != 5 {
		t.Errorf("saw %d rows in %d pages, want %d in 5", len(seen), pages, n)
	}
	count := 0
	_ = db.Each(context.Background(), Filter{}, func(Row) error { count++; return nil })
	if count != n {
		t.Errorf("Each gave %d, want %d", count, n)
	}
}

func TestStoreExternalAndTimeline(t *testing.T) {
	db := NewDB(openTestDesk(t))
	a := note("LEDA", "M1", notify.CauseLeadAccepted)
	a.ExternalID = "crm-4711"
	record(t, db, a, t0)
	a.Cause = notify.CauseNewMeeting
	record(t, db, a, t0.Add(time.Hour))
	rows, err := db.ByExternal(context.Background(), "crm-4711")
	if err != nil || len(rows) != 1 || rows[0].LeadID != "LEDA" {
		t.Fatalf("by external: %+v %v", rows, err)
	}
	if c, l, ok := db.External(context.Background(), "crm-4711"); !ok || c != "M1" || l != "LEDA" {
		t.Errorf("External: %s %s %v", c, l, ok)
	}
	b := note("LEDB", "M2", notify.CauseLeadAccepted)
	b.ExternalID = "shared"
	record(t, db, b, t0)
	b.ID = "LEDC"
	record(t, db, b, t0)
	if _, _, ok := db.External(context.Background(), "shared"); ok {
		t.Error("an externalId two leads carry named one of them")
	}
	if rows, _ := db.ByExternal(context.Background(), "crm-47"); len(rows) != 0 {
		t.Error("a prefix of an externalId found a lead")
	}
	ev, err := db.Timeline(context.Background(), "LEDA")
	if err != nil || len(ev) != 2 || ev[0].Cause != notify.CauseLeadAccepted || ev[1].Cause != notify.CauseNewMeeting ||
		ev[0].Type != "IncomingLead" || ev[0].Event != "Update" || !ev[1].At.Equal(t0.Add(time.Hour)) {
		t.Errorf("timeline %+v %v", ev, err)
	}
	if err := db.SetSeen(context.Background(), "LEDA", Seen{At: t0.Add(2 * time.Hour), Status: 200, State: "Accepted", Holder: "Anna Berg"}); err != nil {
		t.Fatal(err)
	}
	// An older lookup's answer does not overwrite a newer one's.
	_ = db.SetSeen(context.Background(), "LEDA", Seen{At: t0.Add(time.Hour), Status: 200, State: "New"})
	r, _, _ := db.Lead(context.Background(), "LEDA")
	if r.State != "Accepted" || r.Holder != "Anna Berg" || r.LookStatus != 200 {
		t.Errorf("seen %+v", r)
	}
}

// Through real HTTP into SQLite: an identical redelivery stored once, a
// store failure answered 503 and nothing stored.
func TestReceiverIntoDesk(t *testing.T) {
	desk := openTestDesk(t)
	db := NewDB(desk)
	rc, err := NewReceiver(ReceiverOptions{Token: testToken, Store: db})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(ServerOptions{Addr: "127.0.0.1:0"}, rc)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	defer srv.Shutdown(context.Background())
	u := srv.URL() + Path + testToken
	n := notify.Sample()
	for i := 0; i < 3; i++ {
		if code, _, _ := post(t, u, "application/json", bytes.NewReader(n.Body())); code != 204 {
			t.Fatalf("got %d", code)
		}
	}
	if ev, _ := db.Timeline(context.Background(), n.ID); len(ev) != 1 {
		t.Errorf("three identical deliveries stored %d times", len(ev))
	}
	desk.mu.Lock()
	desk.fail = errors.New("database is locked")
	desk.mu.Unlock()
	n.Cause = notify.CauseNewMeeting
	if code, _, _ := post(t, u, "application/json", bytes.NewReader(n.Body())); code != 503 {
		t.Errorf("store failing: got %d, want 503", code)
	}
	if ev, _ := db.Timeline(context.Background(), n.ID); len(ev) != 1 {
		t.Errorf("a refused notification was stored")
	}
}
