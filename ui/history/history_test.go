package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"leadinspector/api"
)

var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func entry(lead string, min int, state api.State) Entry {
	return Entry{Profile: "prod", CustomerID: "M30011", LeadID: lead, State: state, Status: 200, At: at(min)}
}

// open opens a store in dir and fails the test on a warning.
func open(t *testing.T, dir string, limit int) *Store {
	t.Helper()
	s, warn := Open(dir, limit)
	if warn != nil {
		t.Fatalf("Open: unexpected warning: %v", warn)
	}
	return s
}

func record(t *testing.T, s *Store, e Entry) (Entry, bool) {
	t.Helper()
	prev, ok, err := s.Record(e)
	if err != nil {
		t.Fatalf("Record(%s): %v", e.LeadID, err)
	}
	return prev, ok
}

func leads(entries []Entry) string {
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.LeadID
	}
	return strings.Join(ids, " ")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fileLeads is the lead ids in the file as written, in file order.
func fileLeads(t *testing.T, dir string) string {
	t.Helper()
	var doc struct {
		Version int
		Entries []Entry
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, fileName))), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 {
		t.Fatalf("file version = %d, want 1", doc.Version)
	}
	return leads(doc.Entries)
}

func TestRecordNewestFirstDeduplicated(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 1, "New"))
	record(t, s, entry("B", 2, "New"))
	record(t, s, entry("C", 3, "New"))
	record(t, s, entry("A", 4, "New"))
	// Same ids under another profile are another lead.
	other := entry("B", 5, "New")
	other.Profile = "test"
	record(t, s, other)

	if got, want := leads(s.Entries()), "B A C B"; got != want {
		t.Errorf("Entries = %s, want %s", got, want)
	}
	if got := fileLeads(t, dir); got != "B A C B" {
		t.Errorf("file = %s, want B A C B", got)
	}
	e, ok := s.Last("prod", "M30011", "A")
	if !ok || !e.At.Equal(at(4)) {
		t.Errorf("Last(A) = %+v, %v; want the entry at minute 4", e, ok)
	}
	if _, ok := s.Last("test", "M30011", "A"); ok {
		t.Error("Last found A under profile test, where it was never looked up")
	}
}

func TestEntriesIsACopy(t *testing.T) {
	s := open(t, t.TempDir(), 0)
	record(t, s, entry("A", 1, "New"))
	got := s.Entries()
	got[0].LeadID = "changed"
	if s.Entries()[0].LeadID != "A" {
		t.Error("changing the slice from Entries changed the store")
	}
}

func TestRecordStateChange(t *testing.T) {
	s := open(t, t.TempDir(), 0)
	if _, had := record(t, s, entry("A", 0, "New")); had {
		t.Error("first Record reported a previous entry")
	}

	prev, had := record(t, s, entry("A", 120, "Accepted"))
	if !had || prev.State != "New" || !prev.At.Equal(at(0)) {
		t.Errorf("prev = %+v, %v; want State New seen at minute 0", prev, had)
	}
	e, _ := s.Last("prod", "M30011", "A")
	if e.State != "Accepted" || e.PrevState != "New" || !e.ChangedAt.Equal(at(120)) {
		t.Errorf("after change: %+v; want Accepted, previously New, changed at minute 120", e)
	}

	// A failed lookup keeps the last known state and the change.
	failed := entry("A", 130, "")
	failed.Status = 0
	record(t, s, failed)
	e, _ = s.Last("prod", "M30011", "A")
	if e.State != "Accepted" || e.Status != 0 || e.PrevState != "New" || !e.ChangedAt.Equal(at(120)) || !e.At.Equal(at(130)) {
		t.Errorf("after failed lookup: %+v; want Accepted kept, status 0, change kept", e)
	}

	// The same state again carries the change over.
	record(t, s, entry("A", 140, "Accepted"))
	e, _ = s.Last("prod", "M30011", "A")
	if e.PrevState != "New" || !e.ChangedAt.Equal(at(120)) {
		t.Errorf("after same state: %+v; want change from New at minute 120 kept", e)
	}

	record(t, s, entry("A", 150, "Completed"))
	e, _ = s.Last("prod", "M30011", "A")
	if e.PrevState != "Accepted" || !e.ChangedAt.Equal(at(150)) {
		t.Errorf("after second change: %+v; want from Accepted at minute 150", e)
	}

	// A lead first seen failing has no state; its first state is no change.
	record(t, s, Entry{CustomerID: "M1", LeadID: "B", At: at(1)})
	record(t, s, Entry{CustomerID: "M1", LeadID: "B", State: "New", At: at(2)})
	e, _ = s.Last("", "M1", "B")
	if e.State != "New" || e.PrevState != "" || !e.ChangedAt.IsZero() {
		t.Errorf("first known state: %+v; want New without change", e)
	}
}

func TestRecordRejectsEmptyIDs(t *testing.T) {
	s := open(t, t.TempDir(), 0)
	for _, e := range []Entry{{CustomerID: "M1"}, {LeadID: "L1"}} {
		if _, _, err := s.Record(e); err == nil {
			t.Errorf("Record(%+v) = nil error, want one", e)
		}
	}
	if n := len(s.Entries()); n != 0 {
		t.Errorf("%d entries after rejected records, want 0", n)
	}
}

func TestRecordWithoutTimeUsesClock(t *testing.T) {
	s := newStore(t.TempDir(), 0)
	s.now = func() time.Time { return t0 }
	if _, _, err := s.Record(Entry{CustomerID: "M1", LeadID: "L1"}); err != nil {
		t.Fatal(err)
	}
	if e := s.Entries()[0]; !e.At.Equal(t0) {
		t.Errorf("At = %v, want the clock's %v", e.At, t0)
	}
}

func TestCap(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 3)
	for i, id := range []string{"A", "B", "C", "D", "E"} {
		record(t, s, entry(id, i, "New"))
	}
	if got := leads(s.Entries()); got != "E D C" {
		t.Errorf("Entries = %s, want the 3 newest: E D C", got)
	}
	if got := fileLeads(t, dir); got != "E D C" {
		t.Errorf("file = %s, want E D C", got)
	}
	// A smaller limit at the next start caps what was saved with a larger one.
	if got := leads(open(t, dir, 2).Entries()); got != "E D" {
		t.Errorf("reopened with limit 2: %s, want E D", got)
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	stockholm := time.FixedZone("CET", 3600)
	want := []Entry{
		{Profile: "prod", CustomerID: "M30011", LeadID: "LED1", State: "Accepted", Status: 200,
			At: time.Date(2026, 1, 2, 3, 4, 5, 123456789, stockholm), PrevState: "New",
			ChangedAt: time.Date(2026, 1, 2, 3, 4, 5, 123456789, stockholm)},
		{Profile: "", CustomerID: "M1", LeadID: "x/y z", Status: 0, At: time.Date(2026, 1, 2, 3, 4, 5, 123456789, stockholm)},
		{Profile: "test", CustomerID: "M30011", LeadID: "LED2", State: "Något nytt", Status: 404, At: time.Date(2025, 12, 31, 23, 59, 59, 0, time.UTC)},
	}
	// Oldest first, so that the newest ends on top; LED1 changes state.
	first := want[0]
	first.State, first.PrevState, first.ChangedAt = "New", "", time.Time{}
	first.At = first.At.Add(-time.Hour)
	record(t, s, want[2])
	record(t, s, first)
	record(t, s, want[1])
	changed := want[0]
	changed.PrevState, changed.ChangedAt = "", time.Time{}
	record(t, s, changed)
	// LED1 and "x/y z" share an At: the one recorded last stays first.
	got := open(t, dir, 0).Entries()
	if len(got) != len(want) {
		t.Fatalf("reloaded %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Profile != w.Profile || g.CustomerID != w.CustomerID || g.LeadID != w.LeadID || g.State != w.State ||
			g.Status != w.Status || !g.At.Equal(w.At) || g.PrevState != w.PrevState || !g.ChangedAt.Equal(w.ChangedAt) {
			t.Errorf("entry %d reloaded as\n %+v\nwant\n %+v", i, g, w)
		}
	}
	if mem := s.Entries(); leads(mem) != leads(got) {
		t.Errorf("order in memory %s, after reload %s", leads(mem), leads(got))
	}
}

func TestFileHoldsNoPersonalData(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	lead := api.IncomingLead{
		ContactID: "CONTACT-4711-SECRET",
		Message:   "Hej! Ring mig på 070-123 45 67, Anna Andersson",
		State:     "New",
		UtmTags:   []api.UtmTag{{Name: "utm_source", Value: "newsletter-anna"}},
	}
	record(t, s, Entry{Profile: "prod", CustomerID: "M30011", LeadID: "LED1", State: lead.State, Status: 200, At: at(0)})

	content := readFile(t, filepath.Join(dir, fileName))
	for _, secret := range []string{lead.ContactID, "070-123", "Anna", "newsletter"} {
		if strings.Contains(content, secret) {
			t.Errorf("history file contains %q:\n%s", secret, content)
		}
	}
	var doc struct{ Entries []map[string]any }
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		t.Fatal(err)
	}
	allowed := []string{"profile", "customerId", "leadId", "state", "status", "at", "prevState", "changedAt"}
	for k := range doc.Entries[0] {
		if !slices.Contains(allowed, k) {
			t.Errorf("history file has field %q; it may hold only %v", k, allowed)
		}
	}
}

func TestFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix permissions")
	}
	dir := filepath.Join(t.TempDir(), "state", "leadinspector")
	s := open(t, dir, 0)
	record(t, s, entry("A", 0, "New"))
	for path, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, s.Path(): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s has mode %v, want %v", path, fi.Mode(), want)
		}
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(names) > 0 {
		t.Errorf("temporary files left behind: %v", names)
	}
}

func TestDelete(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 1, "New"))
	record(t, s, entry("B", 2, "New"))
	if err := s.Delete("prod", "M30011", "A"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("prod", "M30011", "nope"); err != nil {
		t.Errorf("Delete of an absent entry: %v", err)
	}
	if got := leads(s.Entries()); got != "B" {
		t.Errorf("Entries = %s, want B", got)
	}
	if got := leads(open(t, dir, 0).Entries()); got != "B" {
		t.Errorf("after reload: %s, want B", got)
	}
}

func TestFilter(t *testing.T) {
	entries := []Entry{
		{Profile: "prod", CustomerID: "M30011", LeadID: "LEDa1", State: "New"},
		{Profile: "test", CustomerID: "M30011", LeadID: "LEDb2", State: "Accepted"},
		{Profile: "prod", CustomerID: "M99", LeadID: "LEDc3", State: "Completed"},
	}
	tests := []struct{ query, want string }{
		{"", "LEDa1 LEDb2 LEDc3"},
		{"  ", "LEDa1 LEDb2 LEDc3"},
		{"m300", "LEDa1 LEDb2"},     // customer id, any case
		{"ledc", "LEDc3"},           // lead id
		{"accept", "LEDb2"},         // state
		{"TEST", "LEDb2"},           // profile
		{"prod new", "LEDa1"},       // every word must match
		{"m30011 complete", ""},     // no entry has both
		{"nothing here", ""},        //
		{"1\x00", ""},               // no match across field boundaries
		{"LEDa1 LEDa1", "LEDa1"},    //
		{"ed", "LEDa1 LEDb2 LEDc3"}, // order kept
	}
	for _, tt := range tests {
		if got := leads(Filter(entries, tt.query)); got != tt.want {
			t.Errorf("Filter(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestMemoryOnly(t *testing.T) {
	s, warn := Open("", 2)
	if warn == nil {
		t.Error("Open(\"\") gave no warning that history is not saved")
	}
	for i, id := range []string{"A", "B", "C"} {
		record(t, s, entry(id, i, "New"))
	}
	if got := leads(s.Entries()); got != "C B" || s.Path() != "" {
		t.Errorf("Entries = %s, Path = %q; want C B and no path", got, s.Path())
	}
}

func TestHostileTextIsMadeVisible(t *testing.T) {
	s := open(t, t.TempDir(), 0)
	record(t, s, Entry{Profile: "p\x1b]0;pwned\x07", CustomerID: "M1", LeadID: "L\u202e1", State: "New\x9b31m", At: at(0)})
	e := s.Entries()[0]
	for _, f := range []string{e.Profile, e.LeadID, string(e.State)} {
		if strings.ContainsAny(f, "\x1b\x07\u202e\u009b") {
			t.Errorf("stored %q with a control character", f)
		}
	}
	if _, ok := s.Last("p\x1b]0;pwned\x07", "M1", "L\u202e1"); !ok {
		t.Error("Last does not find the entry by the ids it was recorded with")
	}
}

// --- faults ---

func writeHistory(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fileName), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

const validFile = `{"version":1,"entries":[
 {"profile":"prod","customerId":"M30011","leadId":"OLD","state":"New","status":200,"at":"2026-03-14T09:00:00Z"}]}`

func TestCorruptFileIsSetAside(t *testing.T) {
	tests := []struct{ name, content string }{
		{"garbage", "\x00\x01not json at all"},
		{"truncated", validFile[:len(validFile)/2]},
		{"wrong version", `{"version":2,"entries":[]}`},
		{"no version", `{"entries":[]}`},
		{"null", `null`},
		{"entries not a list", `{"version":1,"entries":{"a":1}}`},
		{"a list", `[1,2,3]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeHistory(t, dir, tt.content)
			s := newStore(dir, 0)
			s.now = func() time.Time { return time.Date(2026, 3, 14, 15, 9, 26, 0, time.Local) }
			warn := s.load()
			aside := filepath.Join(dir, "history.json.corrupt-20260314-150926")
			if warn == nil || !strings.Contains(warn.Error(), filepath.Base(aside)) {
				t.Errorf("warning = %v; want one naming %s", warn, filepath.Base(aside))
			}
			if got := readFile(t, aside); got != tt.content {
				t.Errorf("set-aside file holds %q, want the original %q", got, tt.content)
			}
			if n := len(s.Entries()); n != 0 {
				t.Errorf("%d entries from a corrupt file", n)
			}
			// The store works and starts a new file.
			record(t, s, entry("A", 0, "New"))
			if got := fileLeads(t, dir); got != "A" {
				t.Errorf("new file holds %s, want A", got)
			}
			// A second corrupt file in the same second does not replace the first.
			writeHistory(t, dir, "again")
			if warn := s.load(); warn == nil || !strings.Contains(warn.Error(), "corrupt-20260314-150926-1") {
				t.Errorf("second set-aside: warning %v; want a new name", warn)
			}
			if got := readFile(t, aside); got != tt.content {
				t.Errorf("first set-aside file overwritten with %q", got)
			}
		})
	}
}

func TestEmptyFileIsEmptyHistory(t *testing.T) {
	dir := t.TempDir()
	writeHistory(t, dir, " \n")
	s := open(t, dir, 0)
	if n := len(s.Entries()); n != 0 {
		t.Errorf("%d entries from an empty file", n)
	}
}

func TestBrokenEntriesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	writeHistory(t, dir, `{"version":1,"entries":[
		{"profile":"prod","customerId":"M30011","leadId":"GOOD1","state":"New","status":200,"at":"2026-03-14T09:00:00Z"},
		{"profile":"prod","customerId":"","leadId":"L","at":"2026-03-14T09:00:00Z"},
		{"profile":"prod","customerId":"M30011","leadId":"","at":"2026-03-14T09:00:00Z"},
		{"profile":"prod","customerId":"M30011","leadId":"BADTIME","at":"yesterday"},
		{"profile":"prod","customerId":"M30011","leadId":"BADSTATUS","status":"ok","at":"2026-03-14T09:00:00Z"},
		42,
		{"profile":"prod","customerId":"M30011","leadId":"GOOD2","status":500,"at":"2026-03-14T10:00:00Z","extra":"ignored"},
		{"profile":"prod","customerId":"M30011","leadId":"GOOD1","state":"Old","status":200,"at":"2026-03-13T09:00:00Z"}
	]}`)
	s, warn := Open(dir, 0)
	if warn == nil || !strings.Contains(warn.Error(), "skipped 5") {
		t.Errorf("warning = %v; want one saying 5 entries were skipped", warn)
	}
	if got := leads(s.Entries()); got != "GOOD2 GOOD1" {
		t.Errorf("Entries = %s, want GOOD2 GOOD1 (duplicate: the newest kept)", got)
	}
	if e, _ := s.Last("prod", "M30011", "GOOD1"); e.State != "New" {
		t.Errorf("duplicate GOOD1 resolved to state %q, want the newer New", e.State)
	}
}

func TestHugeFileIsSetAside(t *testing.T) {
	dir := t.TempDir()
	writeHistory(t, dir, "")
	// A sparse 50 MB file: cheap to make, and only the cap is ever read.
	if err := os.Truncate(filepath.Join(dir, fileName), 50<<20); err != nil {
		t.Fatal(err)
	}
	s, warn := Open(dir, 0)
	if warn == nil || !strings.Contains(warn.Error(), "larger than 8 MiB") {
		t.Errorf("warning = %v; want one about the size", warn)
	}
	asides, _ := filepath.Glob(filepath.Join(dir, "history.json.corrupt-*"))
	if len(asides) != 1 {
		t.Fatalf("set-aside files: %v, want one", asides)
	}
	if fi, err := os.Stat(asides[0]); err != nil || fi.Size() != 50<<20 {
		t.Errorf("set-aside file: %v, %v; want the whole 50 MB kept", fi, err)
	}
	record(t, s, entry("A", 0, "New"))
}

func TestUnreadableFileIsNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be cannot be read, even by root.
	if err := os.MkdirAll(filepath.Join(dir, fileName, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	s, warn := Open(dir, 0)
	if warn == nil || !strings.Contains(warn.Error(), "history will not be saved") {
		t.Errorf("warning = %v; want one saying history will not be saved", warn)
	}
	_, _, err := s.Record(entry("A", 0, "New"))
	if err == nil {
		t.Error("Record over an unreadable file gave no error")
	}
	if got := leads(s.Entries()); got != "A" {
		t.Errorf("in-memory history = %s, want A", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, fileName, "x")); err != nil || !fi.IsDir() {
		t.Errorf("the unreadable file was replaced: %v", err)
	}
}

func TestUnreadableFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix permissions on Windows")
	}
	if asUnprivileged(t) {
		return // ran as an unprivileged user: root reads any file
	}
	dir := t.TempDir()
	writeHistory(t, dir, validFile)
	path := filepath.Join(dir, fileName)
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	s, warn := Open(dir, 0)
	if warn == nil {
		t.Error("no warning for an unreadable file")
	}
	if _, _, err := s.Record(entry("A", 0, "New")); err == nil {
		t.Error("Record over an unreadable file gave no error")
	}
	_ = os.Chmod(path, 0o600)
	if got := readFile(t, path); got != validFile {
		t.Errorf("unreadable file was overwritten with %q", got)
	}
}

func TestUnwritableDirectory(t *testing.T) {
	// A state directory below a regular file can be neither created nor
	// written, even by root.
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, warn := Open(filepath.Join(parent, "leadinspector"), 0)
	if warn == nil || !strings.Contains(warn.Error(), "history will not be saved") {
		t.Errorf("warning = %v; want one saying history will not be saved", warn)
	}
	if _, _, err := s.Record(entry("A", 1, "New")); err == nil {
		t.Error("Record in an unwritable directory gave no error")
	}
	record := func(e Entry) { _, _, _ = s.Record(e) }
	record(entry("B", 2, "New"))
	record(entry("A", 3, "Accepted"))
	if got := leads(s.Entries()); got != "A B" {
		t.Errorf("in-memory history = %s, want A B", got)
	}
	if e, _ := s.Last("prod", "M30011", "A"); e.PrevState != "New" {
		t.Errorf("state change not tracked in memory: %+v", e)
	}
	if err := s.Delete("prod", "M30011", "B"); err == nil {
		t.Error("Delete in an unwritable directory gave no error")
	}
	if got := leads(s.Entries()); got != "A" {
		t.Errorf("in-memory history after delete = %s, want A", got)
	}
}

func TestReadOnlyDirectoryPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix permissions on Windows")
	}
	if asUnprivileged(t) {
		return // ran as an unprivileged user: root reads any file
	}
	dir := t.TempDir()
	writeHistory(t, dir, validFile)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	s, warn := Open(dir, 0)
	if warn == nil {
		t.Error("no warning for a read-only directory")
	}
	if got := leads(s.Entries()); got != "OLD" {
		t.Errorf("history from a read-only directory = %s, want OLD", got)
	}
	if _, _, err := s.Record(entry("A", 1000, "New")); err == nil {
		t.Error("Record in a read-only directory gave no error")
	}
	if got := leads(s.Entries()); got != "A OLD" {
		t.Errorf("in-memory history = %s, want A OLD", got)
	}
}

func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 1, "New"))
	before := readFile(t, s.Path())

	s.write = func(f *os.File, data []byte) error {
		_, _ = f.Write(data[:len(data)/2])
		return fmt.Errorf("write %s: %w", f.Name(), syscall.ENOSPC)
	}
	_, _, err := s.Record(entry("B", 2, "New"))
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "history not saved") {
		t.Errorf("Record on a full disk: %v; want a 'history not saved' error wrapping ENOSPC", err)
	}
	if got := readFile(t, s.Path()); got != before {
		t.Errorf("history file changed by a failed write:\n%s", got)
	}
	assertNoTemp(t, dir)
	if got := leads(s.Entries()); got != "B A" {
		t.Errorf("in-memory history = %s, want B A", got)
	}

	// Space again: the next write saves what the failed one could not.
	s.write = func(f *os.File, data []byte) error { _, err := f.Write(data); return err }
	record(t, s, entry("C", 3, "New"))
	if got := fileLeads(t, dir); got != "C B A" {
		t.Errorf("file after the disk has space again = %s, want C B A", got)
	}
}

func TestFailedRenameLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 1, "New"))
	s.write = func(f *os.File, data []byte) error {
		// Make the rename fail: the target becomes a non-empty directory.
		_ = os.Remove(s.Path())
		_ = os.MkdirAll(filepath.Join(s.Path(), "x"), 0o700)
		_, err := f.Write(data)
		return err
	}
	if _, _, err := s.Record(entry("B", 2, "New")); err == nil {
		t.Error("Record with a failing rename gave no error")
	}
	assertNoTemp(t, dir)
}

// --- two inspectors ---

func TestTwoStoresDoNotLoseEntries(t *testing.T) {
	dir := t.TempDir()
	one, two := open(t, dir, 0), open(t, dir, 0)
	record(t, one, entry("A", 1, "New"))
	record(t, two, entry("B", 2, "New"))
	record(t, one, entry("C", 3, "New"))
	if got := fileLeads(t, dir); got != "C B A" {
		t.Fatalf("file = %s, want C B A", got)
	}
	if got := leads(one.Entries()); got != "C B A" {
		t.Errorf("first store = %s, want C B A (it sees the other's entries at its write)", got)
	}

	// The other inspector's newer lookup is what this one's prev is based on.
	record(t, two, entry("A", 4, "Accepted"))
	prev, _ := record(t, one, entry("A", 5, "Accepted"))
	if prev.State != "Accepted" || !prev.At.Equal(at(4)) {
		t.Errorf("prev = %+v; want the other inspector's Accepted at minute 4", prev)
	}
	if e, _ := one.Last("prod", "M30011", "A"); e.PrevState != "New" || !e.ChangedAt.Equal(at(4)) {
		t.Errorf("change = %+v; want from New, seen at minute 4 by the other inspector", e)
	}

	// A delete in one inspector is not undone by the other's next write.
	if err := two.Delete("prod", "M30011", "B"); err != nil {
		t.Fatal(err)
	}
	record(t, one, entry("D", 6, "New"))
	if got := fileLeads(t, dir); got != "D A C" {
		t.Errorf("file = %s, want D A C (B deleted by the other store)", got)
	}

	// An older entry does not replace a newer one from the other inspector.
	record(t, two, entry("E", 7, "New"))
	record(t, one, entry("E", 5, "Old"))
	if e, _ := open(t, dir, 0).Last("prod", "M30011", "E"); e.State != "New" {
		t.Errorf("E = %+v; want the newer lookup (New at minute 7) kept", e)
	}
}

func TestTwoStoresUnsavedChangesMerged(t *testing.T) {
	// One inspector cannot write for a while (disk full); when it can again,
	// its unsaved entries and deletes join what the other wrote meanwhile.
	dir := t.TempDir()
	one, two := open(t, dir, 0), open(t, dir, 0)
	record(t, one, entry("A", 1, "New"))
	record(t, one, entry("B", 2, "New"))
	full := func(*os.File, []byte) error { return syscall.ENOSPC }
	one.write = full
	_, _, _ = one.Record(entry("C", 3, "New"))
	_ = one.Delete("prod", "M30011", "A")
	record(t, two, entry("D", 4, "New"))
	one.write = newStore("", 0).write
	record(t, one, entry("E", 5, "New"))
	if got := fileLeads(t, dir); got != "E D C B" {
		t.Errorf("file = %s, want E D C B", got)
	}
}

func TestConcurrentStores(t *testing.T) {
	dir := t.TempDir()
	stores := []*Store{open(t, dir, 0), open(t, dir, 0)}
	for _, s := range stores {
		// Back-to-back writes can keep a lock busy past the 1 s an
		// inspector waits: this test is about merging, not giving up.
		s.lockWait = time.Minute
	}
	const perWorker = 25
	var wg sync.WaitGroup
	for si, s := range stores {
		for w := range 2 {
			wg.Go(func() {
				for i := range perWorker {
					e := entry(fmt.Sprintf("S%dW%dN%02d", si, w, i), i, "New")
					if _, _, err := s.Record(e); err != nil {
						t.Error(err)
					}
					_ = s.Entries()
					_, _ = s.Last(e.Profile, e.CustomerID, e.LeadID)
				}
			})
		}
	}
	wg.Wait()
	got := open(t, dir, 0).Entries()
	if len(got) != 4*perWorker {
		t.Errorf("file holds %d entries after concurrent writes, want %d", len(got), 4*perWorker)
	}
}

// TestTwoProcesses runs a second inspector as a real process (this test
// binary again) writing the same history at the same time.
func TestTwoProcesses(t *testing.T) {
	const n = 30
	if dir := os.Getenv("HISTORY_TEST_CHILD_DIR"); dir != "" {
		s, _ := Open(dir, 0)
		s.lockWait = time.Minute // as in TestConcurrentStores
		for i := range n {
			if _, _, err := s.Record(entry(fmt.Sprintf("CHILD%02d", i), i, "New")); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if testing.Short() {
		t.Skip("starts a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcesses$")
	cmd.Env = append(os.Environ(), "HISTORY_TEST_CHILD_DIR="+dir)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir, 0)
	s.lockWait = time.Minute
	for i := range n {
		record(t, s, entry(fmt.Sprintf("PARENT%02d", i), i, "New"))
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child inspector: %v\n%s", err, out.String())
	}
	if got := len(open(t, dir, 0).Entries()); got != 2*n {
		t.Errorf("file holds %d entries after two processes wrote %d each, want %d", got, n, 2*n)
	}
}

// --- fuzz ---

func FuzzLoad(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte(`{"version":1,"entries":[{"customerId":"M","leadId":"L","at":"2026-01-01T00:00:00Z"},{"customerId":"M","leadId":"L","at":"2027-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"version":1,"entries":[{"customerId":"\u001b[2J","leadId":"\u202e","state":"\u009b","at":"0001-01-01T00:00:00Z"}]}`))
	f.Add([]byte(`{"version":1,"entries":null}`))
	f.Add([]byte(`{"version":1.0,"entries":[{}]}`))
	f.Add([]byte("\xff\xfe{"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		writeHistory(t, dir, string(data))
		s, _ := Open(dir, 3)
		if s == nil {
			t.Fatal("Open returned no store")
		}
		entries := s.Entries()
		if len(entries) > 3 {
			t.Errorf("%d entries over the limit of 3", len(entries))
		}
		seen := map[key]bool{}
		for i, e := range entries {
			if e.CustomerID == "" || e.LeadID == "" {
				t.Errorf("entry without ids: %+v", e)
			}
			if seen[keyOf(e)] {
				t.Errorf("duplicate entry %+v", e)
			}
			seen[keyOf(e)] = true
			if i > 0 && e.At.After(entries[i-1].At) {
				t.Errorf("entries not newest first: %v after %v", e.At, entries[i-1].At)
			}
		}
		// Never silently lost: the bytes are still in the file or set aside.
		kept, _ := os.ReadFile(filepath.Join(dir, fileName))
		asides, _ := filepath.Glob(filepath.Join(dir, "history.json.corrupt-*"))
		if len(asides) > 0 {
			kept, _ = os.ReadFile(asides[0])
		}
		if string(kept) != string(data) {
			t.Errorf("file content lost: kept %q", kept)
		}
		if _, _, err := s.Record(entry("NEW", 0, "New")); err != nil {
			t.Errorf("Record after loading: %v", err)
		}
		if _, warn := Open(dir, 3); warn != nil {
			t.Errorf("file written after loading does not load cleanly: %v", warn)
		}
	})
}

func TestWarningIsOneLine(t *testing.T) {
	// Two problems at once (a directory that cannot be written and a file that
	// cannot be read) still make one line for the status bar.
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, warn := Open(filepath.Join(parent, "leadinspector"), 0)
	if warn == nil {
		t.Fatal("no warning")
	}
	dir := t.TempDir()
	writeHistory(t, dir, `{"version":1,"entries":[{"customerId":"M1"},{"leadId":"L1"}]}`)
	s := newStore(dir, 0)
	s.write = func(*os.File, []byte) error { return syscall.ENOSPC }
	_ = s.load()
	_, _, err := s.Record(entry("A", 0, "New"))
	for _, e := range []error{warn, err} {
		if e == nil || strings.Contains(e.Error(), "\n") {
			t.Errorf("problem %q: want one line", e)
		}
	}
}
