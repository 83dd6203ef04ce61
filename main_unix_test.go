//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// openInPager starts the demo in tmux, looks up its first lead and opens it
// with o in a pager that never ends by itself; it returns the session, the
// inspector's pid and the file the pager holds.
func openInPager(t *testing.T) (*tmux, int, string) {
	t.Helper()
	s := startTmux(t, 120, 40, []string{"PAGER=tail -f"}, "--demo")
	s.waitScreen("look up")
	s.keys("Enter")
	s.waitScreen("200 OK")
	s.keys("Tab") // to the detail pane (ESC then o at once would read as alt+o)
	s.keys("o")
	var files []string
	waitFor(t, "the pager's temporary file", func() bool {
		files, _ = filepath.Glob(filepath.Join(s.home, "tmp", "leadinspector-*", "*", "leadinspector-*.json"))
		return len(files) == 1
	}, s)
	info, err := os.Stat(filepath.Dir(files[0]))
	if err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the file's directory: %v %v; want mode 0700", info, err)
	}
	return s, s.pid(), files[0]
}

// pagerOf is the pid of the inspector's child (the pager).
func pagerOf(t *testing.T, pid int) int {
	t.Helper()
	// The temp file is written before the pager starts: on a loaded
	// machine the child may appear a moment after it.
	var out []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		out, _ = exec.Command("pgrep", "-P", strconv.Itoa(pid)).Output()
		if child, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			return child
		}
	}
	t.Fatalf("no pager under pid %d: %q", pid, out)
	return 0
}

func TestClosedTerminalRemovesTheTempFile(t *testing.T) {
	t.Parallel()
	s, pid, file := openInPager(t)
	s.run("kill-server") // what closing the terminal window does: SIGHUP
	waitFor(t, "the temporary directory to go", func() bool { return gone(filepath.Dir(file)) }, nil)
	waitFor(t, "the inspector to exit", func() bool { return !alive(pid) }, nil)
}

func TestSIGTERMRemovesTheTempFileWhileThePagerRuns(t *testing.T) {
	t.Parallel()
	s, pid, file := openInPager(t)
	s.run("set-option", "-t", "li", "remain-on-exit", "on") // to read its exit status
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the temporary directory to go", func() bool { return gone(filepath.Dir(file)) }, nil)
	// The pager is not signalled and holds the program in its exec: the
	// grace period ends it.
	waitFor(t, "the inspector to exit", func() bool { return !alive(pid) }, nil)
	waitFor(t, "the pane to die", func() bool {
		return strings.TrimSpace(s.run("display", "-p", "-t", "li", "#{pane_dead}")) == "1"
	}, nil)
	if code := strings.TrimSpace(s.run("display", "-p", "-t", "li", "#{pane_dead_status}")); code != "143" {
		t.Errorf("exit status %s after SIGTERM, want 143", code)
	}
}

func TestSIGINTRemovesTheTempFileOnTheWayOut(t *testing.T) {
	t.Parallel()
	_, pid, file := openInPager(t)
	pager := pagerOf(t, pid)
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_ = syscall.Kill(pager, syscall.SIGTERM) // the user leaves the pager
	waitFor(t, "the inspector to exit", func() bool { return !alive(pid) }, nil)
	if !gone(filepath.Dir(file)) {
		t.Error("the temporary directory outlived the inspector")
	}
}

func TestKilledRunsDirectoryIsCleanedAtTheNextStart(t *testing.T) {
	t.Parallel()
	s, pid, file := openInPager(t)
	pager := pagerOf(t, pid)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = syscall.Kill(pager, syscall.SIGKILL)
	waitFor(t, "the inspector to die", func() bool { return !alive(pid) }, nil)
	if gone(file) {
		t.Fatal("SIGKILL cannot be caught, yet the file is gone: the test proves nothing")
	}
	_ = exec.Command("tmux", "-S", s.sock, "kill-server").Run() // may have ended with its program
	// The next run, with the same TMPDIR, finds the dead run's directory.
	next := startTmuxIn(t, s.home, 100, 30, nil, "--demo")
	next.waitScreen("look up")
	if !gone(filepath.Dir(file)) {
		t.Error("the killed run's directory, with the lead's body, is still there after the next start")
	}
}

func TestQuitRemovesTheTempDir(t *testing.T) {
	t.Parallel()
	s, pid, file := openInPager(t)
	_ = syscall.Kill(pagerOf(t, pid), syscall.SIGTERM)
	waitFor(t, "o's file to be removed when the pager ends", func() bool { return gone(file) }, nil)
	s.waitScreen("tail exited") // killed: the inspector says so
	s.keys("q")
	waitFor(t, "the inspector to exit", func() bool { return !alive(pid) }, nil)
	if !gone(filepath.Dir(file)) {
		t.Error("the temporary directory outlived the inspector")
	}
	// The demo keeps a history of its own, apart from real profiles'.
	state := filepath.Join(s.home, "state", "leadinspector")
	if _, err := os.Stat(filepath.Join(state, "demo", "history.json")); err != nil {
		t.Errorf("the demo's history: %v", err)
	}
	if !gone(filepath.Join(state, "history.json")) {
		t.Error("the demo wrote the real profiles' history")
	}
}
