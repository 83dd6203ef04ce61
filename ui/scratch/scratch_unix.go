//go:build unix

package scratch

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

func ownedByMe(fi os.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if int(st.Uid) != os.Getuid() {
		return fmt.Errorf("is owned by uid %d, not by this user", st.Uid)
	}
	return nil
}

// alive reports whether a process with this pid exists (EPERM: it does,
// under another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// tighten makes a directory of ours that was loosened (a umask or a chmod)
// 0700 again.
func tighten(path string, fi os.FileInfo) error {
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(path, 0o700)
	}
	return nil
}
