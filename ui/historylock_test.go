//go:build unix

package ui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestHeldHistoryLockIsSaidOnce: another process holds history.lock. The
// lookups work, the history pane lists them, and the status bar says once
// that history is not being saved, and why.
func TestHeldHistoryLockIsSaidOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a held lock")
	}
	dir := t.TempDir()
	held, err := os.OpenFile(filepath.Join(dir, "history.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	// A second open file description is, to flock, another process.
	if err := syscall.Flock(int(held.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	m, _ := newTest(t, 120, 40, func(o *Options) { o.StateDir = dir })
	m = lookUp(t, m, "LED1")
	const said = "history not saved: history.lock is locked by another process"
	if s := screen(m); !strings.Contains(s, said) {
		t.Fatalf("after a lookup under a held lock, the status bar does not say %q:\n%s", said, s)
	}
	if rows := historyRows(m); len(rows) == 0 || !strings.Contains(rows[0], "LED1") {
		t.Errorf("the history pane does not list the lookup: %q", rows)
	}
	m.status.notice = ""
	m = lookUp(t, m, "LEDOFF")
	if s := screen(m); strings.Contains(s, said) {
		t.Errorf("the same problem was said twice:\n%s", s)
	}
}
