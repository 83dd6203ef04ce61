//go:build !unix && !windows

package history

import (
	"os"

	"leadinspector/api/base/i18n"
)

// openRegular opens path only if it is a regular file and not a symbolic
// link. Without O_NOFOLLOW the check and the open are two steps, which is
// the best this platform offers.
func openRegular(path string, flag int) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", kind(fi.Mode())))
	}
	return os.OpenFile(path, flag, 0o600)
}

// tryLock cannot lock here: the atomic rename still keeps the file whole,
// but two inspectors writing at the same moment may lose one of their
// latest changes.
func tryLock(*os.File) (held bool, err error) { return true, nil }

func unlockFile(*os.File) {}
