//go:build unix

package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childMain runs main() itself with the arguments in LEADINSPECTOR_TEST_MAIN
// when the test binary was started as a child by startChild; it returns
// only in the parent.
func childMain() {
	if args := os.Getenv("LEADINSPECTOR_TEST_MAIN"); args != "" {
		os.Args = append([]string{"leadinspector"}, strings.Split(args, "\x1f")...)
		main()
	}
}

// startChild starts the program's main (through this test binary, as test)
// with args; stdin is a pipe the caller may keep open.
func startChild(t *testing.T, test string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *os.File) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "LEADINSPECTOR_TEST_MAIN="+strings.Join(args, "\x1f"), "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"LEADINSPECTOR_CONFIG=", "LEADINSPECTOR_PROFILE=")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	t.Cleanup(func() {
		w.Close()
		_ = cmd.Process.Kill()
	})
	return cmd, &out, w
}

// exitWithin waits for cmd to end and returns its exit status; -1 when it
// is still running after d (then it is killed).
func exitWithin(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(d):
		_ = cmd.Process.Kill()
		<-done
		return -1
	}
}

// `get` killed with SIGTERM while the names of its lead load exits 143, as
// a shell reports a death by SIGTERM, not 0 with the lead half-printed.
func TestGetSIGTERMWhileNamesLoadExits143(t *testing.T) {
	childMain()
	seed, err := os.ReadFile("api/testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	asked := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/Incoming/") {
			w.Header().Set("Content-Type", "application/json")
			w.Write(seed)
			return
		}
		asked <- struct{}{}
		<-r.Context().Done() // a name that never comes
	}))
	defer srv.Close()
	cmd, out, _ := startChild(t, "TestGetSIGTERMWhileNamesLoadExits143", []string{"LEADINSPECTOR_PASSWORD=pw-for-test"},
		"get", "--base-url", srv.URL, "--username", "u", "M30011", "LED1")
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatalf("no name was asked for:\n%s", out)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitWithin(t, cmd, 20*time.Second); code != 143 {
		t.Errorf("exit %d after SIGTERM, want 143\n%s", code, out)
	}
}

// A second SIGINT or SIGTERM ends the program whatever the first is still
// waiting for: here `get -` reading ids from a stdin that never ends.
func TestSecondSignalEndsTheProgram(t *testing.T) {
	childMain()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd, out, _ := startChild(t, "TestSecondSignalEndsTheProgram", []string{"LEADINSPECTOR_PASSWORD=pw-for-test"},
			"get", "--base-url", "http://127.0.0.1:9", "--username", "u", "M30011", "-")
		waitReading(t, cmd.Process.Pid)
		_ = cmd.Process.Signal(sig)
		time.Sleep(100 * time.Millisecond)
		_ = cmd.Process.Signal(sig)
		if code := exitWithin(t, cmd, 20*time.Second); code != 128+int(sig) {
			t.Errorf("%v twice: exit %d, want %d\n%s", sig, code, 128+int(sig), out)
		}
	}
}

// --config naming a FIFO, a device that never ends or a huge file is
// refused at once with a clear message, without reading it.
func TestConfigMustBeASmallRegularFile(t *testing.T) {
	childMain()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.toml")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct{ path, want string }{
		{fifo, "is a named pipe (FIFO), not a regular file"},
		{"/dev/zero", "is a device, not a regular file"},
		{dir, "is a directory, not a regular file"},
		{huge, "is larger than 1 MiB: not a config file"},
	} {
		cmd, out, _ := startChild(t, "TestConfigMustBeASmallRegularFile", nil, "get", "--config", tc.path, "M30011", "LED1")
		if code := exitWithin(t, cmd, 20*time.Second); code != 2 || !strings.Contains(out.String(), tc.path+": "+tc.want) {
			t.Errorf("--config %s: exit %d, %q; want 2 and %q", tc.path, code, out, tc.want)
		}
	}
}

// waitReading waits until process pid is blocked reading a pipe (its
// stdin): by then main has set up its signal handling, so a signal tests
// the program's answer to it, not the Go runtime's default of dying by it
// (a child test binary can take a while to start on a loaded machine).
// Where there is no /proc (macOS), it sleeps a while instead.
func waitReading(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		tasks, err := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/wchan")
		if err != nil || len(tasks) == 0 {
			time.Sleep(time.Second)
			return
		}
		for _, task := range tasks {
			if wchan, err := os.ReadFile(task); err == nil && strings.Contains(string(wchan), "pipe") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("process %d never read its stdin", pid)
}
