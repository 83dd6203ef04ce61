// Package scratch keeps the files the inspector hands to a pager or editor in
// a directory of its own: $TMPDIR/leadinspector-<uid>/<pid>-<random>, both
// levels 0700, so no other user can read a lead's body or race for its name;
// on Windows %LocalAppData%\leadinspector\scratch\<pid>-<random>, private by
// the profile's ACL (see Base).
//
// The run's directory is removed on the way out, including on a signal
// (RemoveOnSignal) or a panic that unwinds through the caller's defer; a
// directory left by a run that was killed outright is removed by the next
// run, which sees that its pid is no longer alive. On Windows, closing the
// console window (CTRL_CLOSE_EVENT) reaches the program as syscall.SIGTERM
// (Go's runtime holds the close for the handlers to finish, and Windows
// waits up to 5 s), so RemoveOnSignal with SIGTERM covers it; Ctrl+Break is
// SIGINT; Ctrl+C in the inspector is a key.
package scratch

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Dir is one run's private directory.
type Dir struct {
	path string
	once sync.Once
	err  error
}

// Base is the directory the run directories go under, on goos: the
// system's temporary directory (tempDir), shared by all users and made
// private by a 0700 directory per user; on Windows the program's state
// directory (stateDir, %LocalAppData%\leadinspector), inside the user's
// profile, whose ACL admits only the user, SYSTEM and Administrators: a
// TEMP pointed at a shared C:\Temp would give the files the ACL that
// folder hands down, and there are no mode bits to tighten it with.
func Base(goos, stateDir, tempDir string) string {
	if goos == "windows" && stateDir != "" {
		return stateDir
	}
	return tempDir
}

// parentName is the name of the per-user directory under the base: the
// user's uid where the base is shared (Unix), "scratch" on Windows, whose
// base is the user's own (and where there are no uids: Getuid is -1).
func parentName(goos string, uid int) string {
	if goos == "windows" {
		return "scratch"
	}
	return fmt.Sprintf("leadinspector-%d", uid)
}

// UserDir is the user's directory under base, which each run's directory
// goes in.
func UserDir(base string) string {
	return filepath.Join(base, parentName(runtime.GOOS, os.Getuid()))
}

// Open makes this run's directory under base (see Base), first removing
// directories that runs no longer alive left behind.
func Open(base string) (*Dir, error) {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return nil, fmt.Errorf("temporary directory %s: %w", base, err)
	}
	parent := UserDir(base)
	if err := privateDir(parent); err != nil {
		return nil, fmt.Errorf("temporary directory %s: %w", parent, err)
	}
	removeStale(parent, os.Getpid())
	path, err := os.MkdirTemp(parent, strconv.Itoa(os.Getpid())+"-*") // 0700
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	return &Dir{path: path}, nil
}

// Path is the directory to create files in.
func (d *Dir) Path() string { return d.path }

// Remove deletes the directory and everything in it. It is safe to call
// more than once and from several goroutines (a signal and the normal exit
// may both reach it); every call returns the first call's result.
func (d *Dir) Remove() error {
	d.once.Do(func() { d.err = os.RemoveAll(d.path) })
	return d.err
}

// RemoveOnSignal removes the directory as soon as one of sigs arrives, then
// calls then with the signal (to end the program). It acts at once rather
// than when the program gets round to exiting: a closed terminal (SIGHUP)
// may leave no time for that, and a pager that is still open keeps its
// already opened file. stop ends the watch.
func (d *Dir) RemoveOnSignal(then func(os.Signal), sigs ...os.Signal) (stop func()) {
	ch := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(ch, sigs...)
	go func() {
		select {
		case sig := <-ch:
			_ = d.Remove()
			then(sig)
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
		})
	}
}

// removeStale removes run directories in parent whose process is gone.
func removeStale(parent string, self int) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		pidText, _, ok := strings.Cut(e.Name(), "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid == self || !e.IsDir() || alive(pid) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// privateDir makes sure path is a directory only this user can enter,
// creating it if need be. A symlink, another user's directory or one others
// may write to is refused, not repaired: someone put it there.
func privateDir(path string) error {
	err := os.Mkdir(path, 0o700)
	if err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New("exists and is not a directory")
	}
	if err := ownedByMe(fi); err != nil {
		return err
	}
	return tighten(path, fi)
}
