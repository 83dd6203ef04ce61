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
