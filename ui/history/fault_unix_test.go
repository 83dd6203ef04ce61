//go:build unix

package history

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Each test here is an attack on the files the history opens: nothing may
// block, nothing may be created through a link, and the user is told.

func TestFIFOHistoryIsRefusedWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, fileName)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	s, warn := openWithin(t, dir, 2*time.Second)
	if warn == nil || !strings.Contains(warn.Error(), "named pipe") || !strings.Contains(warn.Error(), "will not be saved") {
		t.Errorf("warning = %v; want one naming the pipe and saying history will not be saved", warn)
	}
	_, _, err := s.Record(entry("A", 0, "New"))
	if err == nil || !strings.Contains(err.Error(), "history not saved") {
		t.Errorf("Record over a FIFO: err = %v; want 'history not saved'", err)
	}
	if got := leads(s.Entries()); got != "A" {
		t.Errorf("in-memory history = %q, want A", got)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi, err)
	}
}

func TestSymlinkedHistoryIsNotFollowed(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "secret")
	if err := os.WriteFile(target, []byte(validFile), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, fileName)); err != nil {
		t.Fatal(err)
	}
	s, warn := Open(dir, 0)
	if warn == nil || !strings.Contains(warn.Error(), "symbolic link") {
		t.Errorf("warning = %v; want one saying the file is a symbolic link", warn)
	}
	if n := len(s.Entries()); n != 0 {
		t.Errorf("read %d entries through the link, want none", n)
	}
	if _, _, err := s.Record(entry("A", 0, "New")); err == nil {
		t.Error("Record through a symlinked history gave no error")
	}
	if got := readFile(t, target); got != validFile {
		t.Errorf("the link's target was changed:\n%s", got)
	}
}

func TestDanglingLockSymlinkCreatesNothing(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "created-by-inspector")
	if err := os.Symlink(target, filepath.Join(dir, lockName)); err != nil {
		t.Fatal(err)
	}
	s, _ := Open(dir, 0)
	_, _, err := s.Record(entry("A", 0, "New"))
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("Record with a symlinked lock: err = %v; want one saying it is a symbolic link", err)
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Errorf("the dangling link's target was created (%v)", err)
	}
	if got := leads(s.Entries()); got != "A" {
		t.Errorf("in-memory history = %q, want A", got)
	}
}

func TestLockThatIsNotAFileIsRefused(t *testing.T) {
	for what, create := range map[string]func(string) error{
		"a directory":  func(p string) error { return os.Mkdir(p, 0o700) },
		"a named pipe": func(p string) error { return syscall.Mkfifo(p, 0o600) },
	} {
		dir := t.TempDir()
		if err := create(filepath.Join(dir, lockName)); err != nil {
			t.Fatal(err)
		}
		s, _ := openWithin(t, dir, 2*time.Second)
		done := make(chan error, 1)
		go func() { _, _, err := s.Record(entry("A", 0, "New")); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "history not saved") {
				t.Errorf("Record with %s for the lock: err = %v", what, err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("Record with %s for the lock blocked", what)
		}
	}
}

// A second open file description holding flock is, to the store, another
// process: flock locks belong to the description, not the process.
func TestLockHeldElsewhereIsWaitedForBriefly(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 0, "New"))

	held, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := syscall.Flock(int(held.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err = s.Record(entry("B", 1, "New"))
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "history not saved: history.lock is locked by another process") {
		t.Errorf("Record under a held lock: err = %v", err)
	}
	if took < lockWait/2 || took > 3*lockWait {
		t.Errorf("Record took %v under a held lock; want about %v", took, lockWait)
	}
	// The same problem gives the same words, so the status bar says it once.
	_, _, err2 := s.Record(entry("C", 2, "New"))
	if err2 == nil || err == nil || err2.Error() != err.Error() {
		t.Errorf("second failure %v differs from the first %v", err2, err)
	}
	if got := leads(s.Entries()); got != "C B A" {
		t.Errorf("in-memory history = %q, want C B A", got)
	}
	if got := fileLeads(t, dir); got != "A" {
		t.Errorf("file = %q while locked, want A", got)
	}

	// Once the other process lets go, the next write saves everything.
	if err := syscall.Flock(int(held.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	record(t, s, entry("D", 3, "New"))
	if got := fileLeads(t, dir); got != "D C B A" {
		t.Errorf("file = %q after the lock was released, want D C B A", got)
	}
}

// openWithin opens the store and fails if that takes longer than limit (an
// open that blocks on a FIFO would hang the test: fail it instead).
func openWithin(t *testing.T, dir string, limit time.Duration) (*Store, error) {
	t.Helper()
	type opened struct {
		s    *Store
		warn error
	}
	done := make(chan opened, 1)
	go func() { s, w := Open(dir, 0); done <- opened{s, w} }()
	select {
	case o := <-done:
		return o.s, o.warn
	case <-time.After(limit):
		t.Fatalf("Open(%s) still blocked after %v", dir, limit)
		return nil, nil
	}
}
