//go:build windows

package scratch

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// ownedByMe trusts the place: the base is in the user's profile, which
// other users cannot write to, so nobody else can have made the directory.
func ownedByMe(os.FileInfo) error { return nil }

// tighten does nothing: Windows has no mode bits (a directory's ACL is
// inherited from the profile's).
func tighten(string, os.FileInfo) error { return nil }

// stillActive is the exit code GetExitCodeProcess reports for a process
// that has not ended (STILL_ACTIVE).
const stillActive = 259

// alive reports whether a process with this pid is running. A pid that
// cannot be opened for another reason than not existing (access denied:
// another user's) is taken for alive.
func alive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return !errors.Is(err, windows.ERROR_INVALID_PARAMETER)
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil {
		return true
	}
	return code == stillActive
}
