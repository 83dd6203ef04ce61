//go:build unix

package config

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestChildEnvDropsSecrets(t *testing.T) {
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_env = \"VITEC_PW\"\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir(), "VITEC_PW": testPassword})})
	if err != nil {
		t.Fatal(err)
	}
	got := s.ChildEnv([]string{"PATH=/bin", EnvPassword + "=" + testPassword, "VITEC_PW=" + testPassword, "VITEC_PW_OLD=x", "TERM=xterm", "ODD"})
	want := []string{"PATH=/bin", "VITEC_PW_OLD=x", "TERM=xterm", "ODD"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ChildEnv = %q, want %q", got, want)
	}
	// Settings not made by Load still drop LEADINSPECTOR_PASSWORD.
	if got := (&Settings{}).ChildEnv([]string{EnvPassword + "=x", "A=b"}); len(got) != 1 || got[0] != "A=b" {
		t.Errorf("zero Settings: %q", got)
	}
}

func TestPasswordCommandSeesNoSecrets(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "env")
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_env = \"VITEC_PW\"\npassword_command = \"env > '"+dump+"'; echo from-command\"\n", 0o600)
	environ := []string{"PATH=" + os.Getenv("PATH"), "VITEC_PW=" + testPassword, "KEEP=1"}
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir(), "VITEC_PW": testPassword}), Environ: environ})
	if err != nil {
		t.Fatal(err)
	}
	if pw, err := s.Password(context.Background()); err != nil || pw != "from-command" {
		t.Fatalf("Password = %q, %v", pw, err)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), testPassword) || !strings.Contains(string(b), "KEEP=1") {
		t.Errorf("the command's environment:\n%s", b)
	}
}

// gone reports whether pid has ended (or is a zombie waiting for init).
func gone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return errors.Is(err, os.ErrNotExist) || errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
	}
	// pid (comm) STATE …: the comm may hold spaces, the state follows ") ".
	s := string(b)
	i := strings.LastIndex(s, ") ")
	return i >= 0 && strings.HasPrefix(s[i+2:], "Z")
}

func TestPasswordCommandWithALingeringChild(t *testing.T) {
	// The password is "PGID SLEEP_PID": the shell leads its own group.
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = 'sleep 300 & echo \"$$ $!\"'\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()}), CommandTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	pw, err := s.Password(context.Background())
	if err != nil {
		t.Fatalf("a lingering child failed the command: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	f := strings.Fields(pw)
	if len(f) != 2 {
		t.Fatalf("password %q", pw)
	}
	pgid, _ := strconv.Atoi(f[0])
	sleeper, _ := strconv.Atoi(f[1])
	deadline := time.Now().Add(2 * time.Second)
	for !gone(sleeper) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !gone(sleeper) {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		t.Fatalf("the background child %d outlived the command", sleeper)
	}
	if err := syscall.Kill(-pgid, 0); err == nil && !gone(sleeper) {
		t.Errorf("process group %d still has members", pgid)
	}
}

func TestPasswordCommandTimeoutEndsTheGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = 'sleep 300 & echo $! > \""+pidFile+"\"; wait'\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()}), CommandTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.Password(context.Background()); err == nil || !strings.Contains(err.Error(), "did not finish within 300ms") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	b, _ := os.ReadFile(pidFile)
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("pid file %q", b)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !gone(pid) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !gone(pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the command's child %d outlived the time limit", pid)
	}
}

func TestPasswordCommandFailureAfterALine(t *testing.T) {
	// A command that prints and then says it failed is a failure, not a
	// password.
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = \"echo not-a-password; echo 'no key' >&2; exit 2\"\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Password(context.Background()); err == nil || !strings.Contains(err.Error(), "failed (exit status 2): no key") {
		t.Errorf("err = %v", err)
	}
	// Output without a final newline is still the password.
	p = writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = \"printf pw-no-newline\"\n", 0o600)
	s, _ = Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
	if pw, err := s.Password(context.Background()); err != nil || pw != "pw-no-newline" {
		t.Errorf("Password = %q, %v", pw, err)
	}
}

func TestPasswordCommandWithAChildThatLeftTheGroup(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid")
	}
	// The child escapes the process group (a new session) and keeps the
	// output open; the shell exits without printing a newline.
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = 'setsid sleep 300 & echo $! > \""+pidFile+"\"; sleep 0.2; printf pw'\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()}), CommandTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	pw, err := s.Password(context.Background())
	if b, _ := os.ReadFile(pidFile); len(b) > 0 {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	if err != nil || pw != "pw" {
		t.Errorf("Password = %q, %v", pw, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}
