package config

import (
	"strings"
)

// How password_command is started and ended is the platform's business; the
// reading of its output (password.go) is the same everywhere. The seam is
// two functions, in build-tagged files:
//
//	startTree(cmd, cmdLine) (kill, release func(), err error)
//
// starts cmd (on Windows with the command line cmdLine) so that it and every process it starts can be ended together:
// kill ends them all (it may be called more than once) and release frees
// what holds them (it is called once, when the command is done with). On
// Unix that is a process group (Setpgid, then SIGKILL to the group); on
// Windows a Job object that the command is put in before it can run.

// shellCommand is how the platform goos runs a password_command: the
// program to start, its arguments, and on Windows the whole command line
// (cmdLine; "" elsewhere), which CreateProcess takes as one string.
//
// On Unix: sh -c COMMAND.
//
// On Windows: cmd.exe /D /S /C "COMMAND", as one verbatim command line. cmd
// does not split its command line by the rules Go's argument quoting
// follows (a quote inside COMMAND would come through as \"), so the line is
// built here: with /S, cmd takes off the first and the last quote and runs
// what is between them exactly as written, so
// `powershell -NoProfile -Command "Get-Secret vitec -AsPlainText"` works as
// typed. /D skips the AutoRun commands of the registry, which could print
// a line before the password's. comspec is %ComSpec% (cmd.exe's full path),
// used when it is an absolute path; else cmd.exe is found on PATH.
func shellCommand(goos, comspec, command string) (name string, args []string, cmdLine string) {
	if goos != "windows" {
		return "sh", []string{"-c", command}, ""
	}
	name = "cmd.exe"
	if windowsAbs(comspec) {
		name = comspec
	}
	return name, []string{"/D", "/S", "/C", command}, `cmd.exe /D /S /C "` + command + `"`
}

// windowsAbs reports whether p is an absolute Windows path (C:\… or
// \\server\…), whatever the platform this runs on.
func windowsAbs(p string) bool {
	if strings.HasPrefix(p, `\\`) {
		return true
	}
	return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') &&
		(p[0] >= 'A' && p[0] <= 'Z' || p[0] >= 'a' && p[0] <= 'z')
}

// sameEnvName reports whether two environment variable names are the same
// variable on goos: on Windows names are case-insensitive, so
// "leadinspector_password" is LEADINSPECTOR_PASSWORD and must be kept from
// children too.
func sameEnvName(goos, a, b string) bool {
	if goos == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}
