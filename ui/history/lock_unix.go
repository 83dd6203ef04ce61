//go:build unix

package history

import (
	"errors"
	"os"
	"syscall"

	"leadinspector/api/base/i18n"
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

// tryLock takes flock's exclusive advisory lock on f without waiting; held
// is false when another process has it.
func tryLock(f *os.File) (held bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR) {
		return false, nil
	}
	return err == nil, err
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
