//go:build unix

package history

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"leadinspector/api/i18n"
)

// openRegular opens path (flag is O_RDONLY or O_RDWR, maybe with O_CREATE)
// without following a symlink and only if it is a regular file. O_NONBLOCK
// makes opening a FIFO return at once instead of waiting for a writer; the
// fstat then refuses it. A dangling symlink fails with ELOOP: its target is
// never created.
func openRegular(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return nil, problem(nil, i18n.M("ui.history.problem.symlink", "Path", path))
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", kind(fi.Mode())))
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// lock takes an exclusive advisory lock on path, so that two inspectors do not
// interleave their read-merge-write of the history. A lock held elsewhere is
// waited for up to wait: an inspector that hangs, or another program holding
// the file, must not stall this one's lookups or its quitting.
func lock(path string, wait time.Duration) (unlock func(), err error) {
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil || !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			break
		}
		if !time.Now().Before(deadline) {
			err = problem(nil, i18n.M("ui.history.problem.locked", "File", filepath.Base(path)))
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
