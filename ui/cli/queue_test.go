package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"leadinspector/api/base/sanitize"
	apinotify "leadinspector/api/notify"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

var qNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func qNote(lead, cust, cause, ext string) apinotify.Notification {
	return apinotify.Notification{Name: "sub", Type: apinotify.TypeIncomingLead, Event: apinotify.EventUpdate,
		CustomerID: cust, ID: lead, PartnerID: "PC1", ExternalID: ext, Cause: cause, TenantID: "T1"}
}

// queueStore makes a desk store with notifications and returns its path.
func queueStore(t *testing.T, fill func(db *notify.DB, s *desk.Store)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "desk.db")
	s, err := desk.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fill(notify.NewDB(s), s)
	// The hub stays open: queue reads beside it.
	t.Cleanup(func() { s.Close() })
	return path
}

func rec(t *testing.T, db *notify.DB, n apinotify.Notification, at time.Time) {
	t.Helper()
	if _, err := db.Record(context.Background(), n, at); err != nil {
		t.Fatal(err)
	}
}

func runQueue(t *testing.T, path string, a QueueArgs) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if a.Format == "" {
		a.Format = "text"
	}
	code := Queue(context.Background(), path, 0, a, IO{Stdout: &out, Stderr: &errb, Now: func() time.Time { return qNow }, Loc: time.UTC})
	return code, out.String(), errb.String()
}

func standardQueue(t *testing.T) string {
	return queueStore(t, func(db *notify.DB, s *desk.Store) {
		rec(t, db, qNote("LEDA", "M1", apinotify.CauseLeadAccepted, "crm-1"), qNow.Add(-3*time.Hour))
		rec(t, db, qNote("LEDB", "M2", apinotify.CauseNewMeeting, "crm-2"), qNow.Add(-30*time.Hour))
		rec(t, db, qNote("LEDC", "M1", apinotify.CauseNewComeback, "crm-3"), qNow.Add(-time.Hour))
		_ = db.SetSeen(context.Background(), "LEDA", notify.Seen{At: qNow.Add(-2 * time.Hour), Status: 200, State: "Accepted", Holder: "Anna Berg"})
		rec(t, db, qNote("LEDA", "M1", apinotify.CauseNewMeeting, "crm-1"), qNow.Add(-90*time.Minute))
		_ = s.RecordLookup(context.Background(), desk.Who{Person: "bo", KeyFP: "SHA256:x"},
			desk.Lookup{At: qNow.Add(-100 * time.Minute), Profile: "prod", CustomerID: "M1", LeadID: "LEDA", Status: 200, State: "Accepted"}, desk.OutcomeShown)
	})
}

func TestQueueText(t *testing.T) {
	path := standardQueue(t)
	code, out, errs := runQueue(t, path, QueueArgs{})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "CHANGED") {
		t.Fatalf("got:\n%s", out)
	}
	want := []string{
		"2026-12-07 11:00  M1  LEDC  crm-3  NewComeback  not looked up yet",
		"2026-12-07 10:30  M1  LEDA  crm-1  NewMeeting  Accepted  Anna Berg",
		"2026-12-06 06:00  M2  LEDB  crm-2  NewMeeting (stuck)  not looked up yet",
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(lines[i+1]), "  "); !strings.HasPrefix(got, strings.Join(strings.Fields(w), "  ")) {
			t.Errorf("line %d: got %q, want %q", i+1, got, w)
		}
	}
}

func TestQueueFiltersAndLimit(t *testing.T) {
	path := standardQueue(t)
	for _, c := range []struct {
		a    QueueArgs
		want []string
	}{
		{QueueArgs{Stuck: true}, []string{"LEDB"}},
		{QueueArgs{Cause: "NewMeeting"}, []string{"LEDA", "LEDB"}},
		{QueueArgs{Customer: "M1"}, []string{"LEDC", "LEDA"}},
		{QueueArgs{Since: 2 * time.Hour}, []string{"LEDC", "LEDA"}},
		{QueueArgs{Limit: 1}, []string{"LEDC"}},
	} {
		_, out, _ := runQueue(t, path, c.a)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			got = append(got, strings.Fields(l)[3])
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%+v: got %v, want %v", c.a, got, c.want)
		}
	}
	code, out, errs := runQueue(t, path, QueueArgs{Cause: "Nope"})
	if code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(errs, "no notified lead matches") {
		t.Errorf("nothing matching: exit %d, %q, %q", code, out, errs)
	}
}

// Every lead is printed, past any page size; --format json is one array.
func TestQueuePrintsEveryLead(t *testing.T) {
	const n = 1234
	path := queueStore(t, func(db *notify.DB, s *desk.Store) {
		for i := 0; i < n; i++ {
			rec(t, db, qNote(fmt.Sprintf("LED%05d", i), "M1", apinotify.CauseNewMeeting, ""), qNow.Add(-time.Duration(i)*time.Second))
		}
	})
	_, out, _ := runQueue(t, path, QueueArgs{})
	if got := strings.Count(out, "\n") - 1; got != n {
		t.Errorf("text: %d leads printed, want %d", got, n)
	}
	_, out, _ = runQueue(t, path, QueueArgs{Format: "json"})
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != n || rows[0]["leadId"] != "LED00000" || rows[n-1]["leadId"] != fmt.Sprintf("LED%05d", n-1) {
		t.Errorf("json: %d rows, first %v", len(rows), rows[0])
	}
}

func TestQueueTimeline(t *testing.T) {
	path := standardQueue(t)
	code, out, errs := runQueue(t, path, QueueArgs{Leads: []string{"LEDA"}})
	if code != ExitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	want := []string{
		"LEDA  customer M1  externalId crm-1  State Accepted  held by Anna Berg",
		"2026-12-07 09:00:00  LeadAccepted  M1",
		"2026-12-07 10:20:00  looked up by bo  Accepted",
		"2026-12-07 10:30:00  NewMeeting  M1",
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got:\n%s", out)
	}
	for i, w := range want {
		if got := strings.Join(strings.Fields(lines[i]), " "); got != strings.Join(strings.Fields(w), " ") {
			t.Errorf("line %d: got %q, want %q", i, got, w)
		}
	}
	// The partner's own id finds the lead.
	_, out2, _ := runQueue(t, path, QueueArgs{Leads: []string{"crm-1"}})
	if out2 != out {
		t.Errorf("by externalId:\n%s\nwant\n%s", out2, out)
	}
	code, _, errs = runQueue(t, path, QueueArgs{Leads: []string{"LEDX"}})
	if code != ExitNotFound || !strings.Contains(errs, "no notification names LEDX") {
		t.Errorf("unknown lead: exit %d %q", code, errs)
	}
	_, out, _ = runQueue(t, path, QueueArgs{Leads: []string{"LEDA"}, Format: "json"})
	var tl []struct {
		Lead    notify.Row          `json:"lead"`
		Events  []notify.Event      `json:"events"`
		Lookups []notify.DeskLookup `json:"lookups"`
	}
	if err := json.Unmarshal([]byte(out), &tl); err != nil || len(tl) != 1 || len(tl[0].Events) != 2 ||
		len(tl[0].Lookups) != 1 || tl[0].Lookups[0].Person != "bo" {
		t.Errorf("json timeline: %v %s", err, out)
	}
}

// Hostile values reach neither text nor JSON output in a form a terminal
// acts on.
func TestQueueHostileValues(t *testing.T) {
	evil := "\x1b]0;pwned\a\u009b31m\u202eevil\x7f"
	path := queueStore(t, func(db *notify.DB, s *desk.Store) {
		rec(t, db, qNote("LED\x1b[2J", "M1\t2", evil, evil), qNow)
	})
	_, out, _ := runQueue(t, path, QueueArgs{})
	if !sanitize.Safe(out) || strings.ContainsAny(out, "\x1b\a\u009b\u202e\x7f") {
		t.Errorf("text output unsafe: %q", out)
	}
	_, out, _ = runQueue(t, path, QueueArgs{Format: "json"})
	if strings.ContainsAny(out, "\x1b\a\u009b\u202e\x7f") {
		t.Errorf("json output unsafe: %q", out)
	}
	var rows []notify.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil || rows[0].Cause != evil || rows[0].LeadID != "LED\x1b[2J" {
		t.Errorf("json does not keep the values: %v %+v", err, rows)
	}
	_, out, _ = runQueue(t, path, QueueArgs{Leads: []string{"LED\x1b[2J"}})
	if strings.ContainsAny(out, "\x1b\a\u009b\u202e\x7f") {
		t.Errorf("timeline unsafe: %q", out)
	}
}

func TestQueueWithoutStore(t *testing.T) {
	code, _, errs := runQueue(t, filepath.Join(t.TempDir(), "none.db"), QueueArgs{})
	if code != ExitUsage || !strings.Contains(errs, "start the hub once") {
		t.Errorf("exit %d %q", code, errs)
	}
}

func TestParseQueueAndNotifyTest(t *testing.T) {
	inv, err := Parse([]string{"queue", "--since", "7d", "--cause", "NewMeeting", "--lead", "LED1", "--lead", "crm-2", "--format", "json", "--limit", "3", "--stuck"})
	if err != nil {
		t.Fatal(err)
	}
	q := inv.Queue
	if inv.Command != CmdQueue || q.Since != 7*24*time.Hour || q.Cause != "NewMeeting" || len(q.Leads) != 2 ||
		q.Format != "json" || q.Limit != 3 || !q.Stuck {
		t.Errorf("%+v", q)
	}
	for _, bad := range [][]string{{"queue", "--since", "soon"}, {"queue", "--limit", "0"}, {"queue", "--format", "xml"}, {"queue", "x"},
		{"notify-test"}, {"notify-test", "a", "b"}} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	inv, err = Parse([]string{"notify-test", "https://h/notify/x", "--cause", "NewMeeting"})
	if err != nil || inv.NotifyTest.URL != "https://h/notify/x" || inv.NotifyTest.Cause != "NewMeeting" {
		t.Errorf("%v %+v", err, inv)
	}
}

// Columns line up on screen when a value is wider than its letters (a
// holder's name in CJK, an emoji in an externalId): measured in cells.
func TestQueueColumnsAlignInCells(t *testing.T) {
	path := queueStore(t, func(db *notify.DB, s *desk.Store) {
		rec(t, db, qNote("LEDA", "M1", apinotify.CauseLeadAccepted, "crm-🏠"), qNow.Add(-3*time.Hour))
		rec(t, db, qNote("LEDB", "M2", apinotify.CauseNewMeeting, "crm-2"), qNow.Add(-2*time.Hour))
		_ = db.SetSeen(context.Background(), "LEDA", notify.Seen{At: qNow.Add(-2 * time.Hour), Status: 200, State: "Accepted", Holder: "山田 太郎"})
		_ = db.SetSeen(context.Background(), "LEDB", notify.Seen{At: qNow.Add(-2 * time.Hour), Status: 200, State: "New", Holder: "Bo"})
	})
	_, out, errs := runQueue(t, path, QueueArgs{})
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %q %q", out, errs)
	}
	head := columnStarts(lines[0])
	for _, line := range lines[1:] {
		if got := columnStarts(line); fmt.Sprint(got) != fmt.Sprint(head) {
			t.Errorf("columns start at cells %v, the heading's at %v:\n%s", got, head, out)
		}
	}
}

// columnStarts is the cell where each field of line starts, fields being
// separated by two blanks or more.
func columnStarts(line string) []int {
	var at []int
	cells, blanks := 0, 2
	for _, r := range line {
		if r == ' ' {
			blanks++
		} else {
			if blanks >= 2 {
				at = append(at, cells)
			}
			blanks = 0
		}
		cells += cellfit.Width(string(r))
	}
	return at
}
