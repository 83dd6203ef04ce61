package history

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Changes asked for before Open wait for it; all are made in the order
// asked, and each result says what the entry was before.
func TestWriterQueuesUntilOpenAndKeepsOrder(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, 0)
	first := w.Record(entry("A", 1, "New"))
	var replies []<-chan Result
	for i := range 20 {
		replies = append(replies, w.Record(entry(fmt.Sprint("L", i%3), 10+i, "New")))
	}
	if n := w.Pending(); n != 21 {
		t.Fatalf("Pending before Open = %d, want 21", n)
	}
	if warn := w.Open(); warn != nil {
		t.Fatal(warn)
	}
	if r := <-first; r.HadPrev || r.Problem != nil {
		t.Errorf("first record: %+v", r)
	}
	for i, c := range replies {
		r := <-c
		if wantPrev := i >= 3; r.HadPrev != wantPrev {
			t.Errorf("record %d: HadPrev %v, want %v", i, r.HadPrev, wantPrev)
		}
		if i >= 3 && !r.Prev.At.Equal(entry("", 10+i-3, "").At) {
			t.Errorf("record %d came after %v: out of order", i, r.Prev.At)
		}
	}
	if err := w.Close(time.Second); err != nil {
		t.Fatal(err)
	}
	if got, want := fileLeads(t, dir), "L1 L0 L2 A"; got != want {
		t.Errorf("file = %s, want %s", got, want)
	}
	if got := leads(w.Entries()); got != "L1 L0 L2 A" {
		t.Errorf("Entries = %s", got)
	}
	if r := <-w.Record(entry("Z", 99, "New")); r.Problem == nil {
		t.Error("a change after Close was accepted")
	}
}

func TestWriterDelete(t *testing.T) {
	w := NewWriter("", 0)
	_ = w.Open()
	<-w.Record(entry("A", 1, "New"))
	<-w.Record(entry("B", 2, "New"))
	if r := <-w.Delete("prod", "M30011", "A"); r.Problem != nil {
		t.Fatal(r.Problem)
	}
	if got := leads(w.Entries()); got != "B" {
		t.Errorf("after Delete: %s, want B", got)
	}
}

// The same failure on every write is reported once; Close says how many
// changes it could not wait for.
func TestWriterReportsAProblemOnceAndCloseTimesOut(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, 0)
	_ = w.Open()
	release := make(chan struct{})
	w.store.write = func(f *os.File, data []byte) error {
		<-release
		return fmt.Errorf("write %s: %w", f.Name(), syscall.ENOSPC)
	}
	a, b, c := w.Record(entry("A", 1, "New")), w.Record(entry("B", 2, "New")), w.Record(entry("C", 3, "New"))
	err := w.Close(50 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "3 changes not saved") {
		t.Errorf("Close while the disk hangs: %v", err)
	}
	close(release)
	if r := <-a; r.Problem == nil || !strings.Contains(r.Problem.Error(), "history not saved") {
		t.Errorf("first failure: %v", r.Problem)
	}
	for _, ch := range []<-chan Result{b, c} {
		if r := <-ch; r.Problem != nil {
			t.Errorf("the same failure reported again: %v", r.Problem)
		}
	}
	if got := leads(w.Entries()); got != "C B A" {
		t.Errorf("in memory: %s, want C B A", got)
	}
}

// A deletion undone puts the entry back as it was, in its place, on disk
// too; a later lookup of the lead stands over the restore.
func TestWriterRestore(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, 0)
	_ = w.Open()
	<-w.Record(entry("A", 1, "New"))
	<-w.Record(entry("B", 2, "New"))
	<-w.Record(entry("B", 3, "Assigned")) // B: New → Assigned
	<-w.Record(entry("C", 4, "New"))
	b := w.Entries()[1]
	if b.LeadID != "B" || b.PrevState != "New" {
		t.Fatalf("setup: %+v", b)
	}
	<-w.Delete("prod", "M30011", "B")
	if r := <-w.Restore(b); r.Problem != nil {
		t.Fatal(r.Problem)
	}
	if got := leads(w.Entries()); got != "C B A" {
		t.Errorf("after restore: %s, want C B A", got)
	}
	if got := w.Entries()[1]; got != b {
		t.Errorf("restored %+v, want %+v", got, b)
	}
	if got := fileLeads(t, dir); got != "C B A" {
		t.Errorf("file after restore: %s", got)
	}
	// Looked up again since: the restore changes nothing.
	<-w.Record(entry("A", 5, "Contacted"))
	old := w.Entries()[0]
	<-w.Restore(entry("A", 1, "New"))
	if got := w.Entries(); leads(got) != "A C B" || got[0] != old {
		t.Errorf("restore over a later lookup: %s %+v", leads(got), got[0])
	}
	if err := w.Close(time.Second); err != nil {
		t.Fatal(err)
	}
}
