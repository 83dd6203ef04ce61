//go:build unix

package history

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"leadinspector/api/base/i18n"
)

// The refusals of openRegular and lock reach the user in their language
// (the inspector's status bar and the warning main prints), the path as it is.
func TestLockRefusalsAreWordedInTheUsersLanguage(t *testing.T) {
	sv := i18n.New(i18n.Swedish)
	dir := t.TempDir()

	sub := filepath.Join(dir, "history.json")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := openRegular(sub, os.O_RDONLY)
	if got, want := Words(sv, err), sub+" är en katalog, inte en vanlig fil"; got != want {
		t.Errorf("directory: %q, want %q", got, want)
	}
	if got, want := err.Error(), sub+" is a directory, not a regular file"; got != want {
		t.Errorf("directory, English: %q, want %q", got, want)
	}

	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
		t.Fatal(err)
	}
	_, err = openRegular(link, os.O_RDWR|os.O_CREATE)
	if got, want := Words(sv, err), link+" är en symbolisk länk; följer den inte"; got != want {
		t.Errorf("symlink: %q, want %q", got, want)
	}

	lockPath := filepath.Join(dir, "history.lock")
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	_, err = lock(lockPath, 30*time.Millisecond)
	if got := Words(sv, err); got != "history.lock är låst av en annan process" {
		t.Errorf("locked: %q", got)
	}
	if !strings.Contains(Words(i18n.New(i18n.Pseudo), err), i18n.MarkOpen) {
		t.Errorf("the pseudo language does not mark it: %q", Words(i18n.New(i18n.Pseudo), err))
	}
}
