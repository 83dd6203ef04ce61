package history

import (
	"os"
	"path/filepath"
	"time"

	"leadinspector/api/base/i18n"
)

// lock takes an exclusive lock on path, so that two inspectors do not
// interleave their read-merge-write of the history. A lock held elsewhere is
// waited for up to wait: an inspector that hangs, or another program holding
// the file, must not stall this one's lookups or its quitting.
//
// The platform part is tryLock and unlockFile (lock_unix.go: flock;
// lock_windows.go: LockFileEx), and openRegular, which refuses links and
// anything but a regular file.
func lock(path string, wait time.Duration) (unlock func(), err error) {
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		var held bool
		held, err = tryLock(f)
		if err != nil || held {
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
		unlockFile(f)
		_ = f.Close()
	}, nil
}
