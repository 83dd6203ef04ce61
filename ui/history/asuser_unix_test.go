//go:build unix

package history

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the permission tests run as under root.
const nobody = 65534

// childEnv marks the child process asUnprivileged starts: it holds the
// name of the test the child is to run as it is.
const childEnv = "LEADINSPECTOR_TEST_UNPRIVILEGED"

// asUnprivileged lets a test of file permissions run where it would prove
// nothing: as root (CI runs as root), for whom no permission applies. It
// then runs the test again in a child process as nobody (uid and gid
// 65534, no supplementary groups), from a copy of the test binary that
// user may execute, with a temporary directory of its own, and makes the
// child's outcome this test's. It returns true when the child ran (the
// caller returns), false when the test runs here: not root, or the child.
func asUnprivileged(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) == t.Name() || os.Geteuid() != 0 {
		return false
	}
	dir, err := os.MkdirTemp("", "history-asuser-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	tmp := filepath.Join(dir, "tmp")
	for _, err := range []error{os.Chmod(dir, 0o755), os.Mkdir(tmp, 0o700), os.Chown(tmp, nobody, nobody)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "history.test")
	copyFile(t, os.Args[0], bin, 0o755)

	cmd := exec.Command(bin, "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.v", "-test.count=1")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name(), "TMPDIR="+tmp, "HOME="+tmp, "GOCOVERDIR=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("run as uid %d: %v\n%s", nobody, err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("run as uid %d: the test did not pass there:\n%s", nobody, out)
	}
	t.Logf("ran as uid %d in a child process (permissions do not apply to root)", nobody)
	return true
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
