package scratch

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenIsPrivateAndRemoved(t *testing.T) {
	base := t.TempDir()
	d, err := Open(base)
	if err != nil {
		t.Fatal(err)
	}
	parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
	if filepath.Dir(d.Path()) != parent || !strings.HasPrefix(filepath.Base(d.Path()), fmt.Sprint(os.Getpid(), "-")) {
		t.Errorf("dir %s; want %s/<pid>-…", d.Path(), parent)
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{parent, d.Path()} {
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o700 {
				t.Errorf("%s: mode %v, %v; want 0700", p, fi.Mode().Perm(), err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(d.Path(), "lead.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove(); err != nil {
		t.Errorf("second Remove: %v", err)
	}
	if _, err := os.Stat(d.Path()); !os.IsNotExist(err) {
		t.Errorf("directory still there after Remove: %v", err)
	}
}

func TestOpenRefusesAPlantedParent(t *testing.T) {
	base, elsewhere := t.TempDir(), t.TempDir()
	parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
	if err := os.Symlink(elsewhere, parent); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(base); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Open through a symlinked parent: err = %v", err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("created %d entries in the link's target", len(entries))
	}
}

func TestOpenTightensALoosenedParent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix modes")
	}
	base := t.TempDir()
	parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(base); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(parent); fi.Mode().Perm() != 0o700 {
		t.Errorf("parent mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestStaleDirectoryOfADeadRunIsRemoved(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("cannot tell a dead pid here")
	}
	// A process that has exited and been waited for: its pid is free.
	gone := exec.Command(os.Args[0], "-test.run=^$")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
	stale := filepath.Join(parent, fmt.Sprintf("%d-left", gone.Process.Pid))
	live := filepath.Join(parent, fmt.Sprintf("%d-other", os.Getppid()))
	for _, d := range []string{stale, live} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "lead.json"), []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Open(base); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a dead run's directory was kept: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live run's directory was removed: %v", err)
	}
}

// The child half of the signal tests: open a directory, put a file in it,
// say where, and wait to be signalled (or panic).
func TestMain(m *testing.M) {
	if base := os.Getenv("SCRATCH_TEST_CHILD"); base != "" {
		child(base, os.Getenv("SCRATCH_TEST_PANIC") != "")
		return
	}
	os.Exit(m.Run())
}

func child(base string, panics bool) {
	d, err := Open(base)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	defer d.Remove() // what a panic unwinds through
	stop := d.RemoveOnSignal(func(sig os.Signal) {
		os.Exit(128 + int(sig.(syscall.Signal)))
	}, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := os.WriteFile(filepath.Join(d.Path(), "lead.json"), []byte(`{"secret":1}`), 0o600); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println(d.Path())
	if panics {
		panic("boom")
	}
	time.Sleep(time.Minute)
	os.Exit(3)
}

func startChild(t *testing.T, panics bool) (*exec.Cmd, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a process")
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "SCRATCH_TEST_CHILD="+t.TempDir())
	if panics {
		cmd.Env = append(cmd.Env, "SCRATCH_TEST_PANIC=1")
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !filepath.IsAbs(strings.TrimSpace(line)) {
		t.Fatalf("child said %q, %v", line, err)
	}
	return cmd, strings.TrimSpace(line)
}

func TestSignalsRemoveTheDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix signals")
	}
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, dir := startChild(t, false)
			if _, err := os.Stat(filepath.Join(dir, "lead.json")); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) {
				t.Errorf("exit code %d (%v), want %d", code, err, 128+int(sig))
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("%s left the directory with the lead's body: %v", sig, err)
			}
		})
	}
}

func TestPanicRemovesTheDirectory(t *testing.T) {
	cmd, dir := startChild(t, true)
	if err := cmd.Wait(); err == nil {
		t.Error("the panicking child exited 0")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a panic left the directory with the lead's body: %v", err)
	}
}
