package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests drive the real program in tmux, a real terminal: signals as a
// closed window sends them, and widths as a terminal draws them. They are
// skipped where tmux is not installed.

var built struct {
	once sync.Once
	path string
	err  error
}

// binary builds the program once for the tmux tests.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program and runs it in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "leadinspector-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "leadinspector")
		out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

type tmux struct {
	t    *testing.T
	sock string
	home string // HOME, XDG dirs and TMPDIR live under it
}

// startTmux runs the program in a detached tmux session of w×h cells with a
// home of its own.
func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmux {
	t.Helper()
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	return startTmuxIn(t, home, w, h, env, args...)
}

// startTmuxIn is startTmux in a given home, as a second run on the same
// machine would find it.
func startTmuxIn(t *testing.T, home string, w, h int, env []string, args ...string) *tmux {
	t.Helper()
	bin := binary(t)
	sock, err := os.CreateTemp(home, "tmux-*.sock")
	if err != nil {
		t.Fatal(err)
	}
	_ = sock.Close()
	_ = os.Remove(sock.Name())
	s := &tmux{t: t, sock: sock.Name(), home: home}
	argv := []string{"-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-s", "li",
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "--", "env",
		"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "TMPDIR=" + filepath.Join(home, "tmp"),
		"TERM=xterm-256color", "LANG=C.UTF-8"}
	argv = append(append(append(argv, env...), bin), args...)
	if out, err := exec.Command("tmux", argv...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.sock, "kill-server").Run() })
	return s
}

func (s *tmux) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmux) keys(keys ...string) { s.run(append([]string{"send-keys", "-t", "li"}, keys...)...) }

func (s *tmux) screen() string { return s.run("capture-pane", "-p", "-t", "li") }

// pid is the program's process id (env execs it in the pane).
func (s *tmux) pid() int {
	pid, err := strconv.Atoi(strings.TrimSpace(s.run("display", "-p", "-t", "li", "#{pane_pid}")))
	if err != nil {
		s.t.Fatal(err)
	}
	return pid
}

// waitFor polls until ok holds, or fails the test, showing the screen of s
// if not nil.
func waitFor(t *testing.T, what string, ok func() bool, s *tmux) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok() {
			return
		}
	}
	if s != nil {
		t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s.screen())
	}
	t.Fatalf("timed out waiting for %s", what)
}

func (s *tmux) waitScreen(want ...string) {
	s.t.Helper()
	var last string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		last = s.screen()
		missing := false
		for _, w := range want {
			missing = missing || !strings.Contains(last, w)
		}
		if !missing {
			return
		}
	}
	s.t.Fatalf("screen never showed %q:\n%s", want, last)
}

func alive(pid int) bool { return exec.Command("kill", "-0", strconv.Itoa(pid)).Run() == nil }

// A demo run starts its own history afresh: the demo makes its leads anew
// at every start (the stepping lead begins at New again), so what an older
// run saw would read as the lead going backwards.
func TestDemoHistoryStartsAfreshEachRun(t *testing.T) {
	home := t.TempDir()
	first := startTmuxIn(t, home, 120, 40, nil, "--demo")
	first.waitScreen("Look up")
	first.keys("Enter")
	first.waitScreen("just now")
	first.keys("q")
	file := filepath.Join(home, "state", "leadinspector", "demo", "history.json")
	waitFor(t, "the demo's history to be written", func() bool { return !gone(file) }, first)
	_ = exec.Command("tmux", "-S", first.sock, "kill-server").Run()

	next := startTmuxIn(t, home, 120, 40, nil, "--demo")
	next.waitScreen("Look up")
	if s := next.screen(); strings.Contains(s, "just now") || !strings.Contains(s, "No lookups yet") {
		t.Errorf("the second demo run shows the first run's history:\n%s", s)
	}
}
