//go:build windows

package history

import (
	"errors"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"

	"leadinspector/api/base/i18n"
)

// openRegular opens path (flag is O_RDONLY or O_RDWR, maybe with O_CREATE)
// only if it is a regular file, and never through a link.
//
// Windows has no O_NOFOLLOW. A check with Lstat before opening would leave a
// moment in which the file could be swapped for a link; instead the file is
// opened with FILE_FLAG_OPEN_REPARSE_POINT, which opens a symbolic link or
// junction itself rather than what it points to (and never creates a
// dangling link's target), and the open handle is then asked what it is:
// a reparse point (link, junction, or another filter's placeholder), a
// directory, or something that is not a file on disk (a device, a pipe) is
// refused. Check and use are the same handle, so nothing can come between.
func openRegular(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|windows.O_FILE_FLAG_OPEN_REPARSE_POINT, 0o600)
	if errors.Is(err, syscall.EISDIR) {
		return nil, problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", i18n.M("ui.history.kind.dir")))
	}
	if err != nil {
		return nil, err
	}
	if err := checkRegular(f, path); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// fileAttributeTagInfo is FILE_ATTRIBUTE_TAG_INFO.
type fileAttributeTagInfo struct {
	FileAttributes uint32
	ReparseTag     uint32
}

// nameSurrogate is the reparse tag bit of the kinds that name another file:
// symbolic links, junctions (mount points).
const nameSurrogate = 0x20000000

func checkRegular(f *os.File, path string) error {
	h := windows.Handle(f.Fd())
	if t, err := windows.GetFileType(h); err != nil {
		return err
	} else if t != windows.FILE_TYPE_DISK {
		return problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", i18n.M("ui.history.kind.device")))
	}
	var info fileAttributeTagInfo
	if err := windows.GetFileInformationByHandleEx(h, windows.FileAttributeTagInfo,
		(*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		return err
	}
	switch {
	case info.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 && info.ReparseTag&nameSurrogate != 0:
		return problem(nil, i18n.M("ui.history.problem.symlink", "Path", path))
	case info.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		return problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", i18n.M("ui.history.kind.special")))
	case info.FileAttributes&windows.FILE_ATTRIBUTE_DIRECTORY != 0:
		return problem(nil, i18n.M("ui.history.problem.not_regular", "Path", path, "Kind", i18n.M("ui.history.kind.dir")))
	}
	return nil
}

// tryLock takes LockFileEx's exclusive lock on the first byte of f without
// waiting; held is false when another process has it. The lock file holds
// no data: the lock is only a token, as flock's is on Unix (LockFileEx locks
// are mandatory, so the file locked is never the history itself, which
// must stay readable and replaceable).
func tryLock(f *os.File) (held bool, err error) {
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return false, nil
	}
	return err == nil, err
}

func unlockFile(f *os.File) {
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, new(windows.Overlapped))
}
