package config

import (
	"slices"
	"strings"
	"testing"
)

// How password_command is started on each platform. The Windows line is
// what CreateProcess gets; cmd.exe /S takes off the first and last quote
// and runs the rest as typed, so the quotes of a PowerShell command survive.
func TestShellCommandPerPlatform(t *testing.T) {
	const ps = `powershell -NoProfile -Command "(Get-Secret vitec -AsPlainText)"`
	for _, goos := range []string{"linux", "darwin", "freebsd"} {
		name, args, line := shellCommand(goos, `C:\Windows\system32\cmd.exe`, ps)
		if name != "sh" || !slices.Equal(args, []string{"-c", ps}) || line != "" {
			t.Errorf("%s: %s %q, line %q; want sh -c and no line", goos, name, args, line)
		}
	}
	for _, tc := range []struct{ comspec, name string }{
		{`C:\Windows\system32\cmd.exe`, `C:\Windows\system32\cmd.exe`},
		{`\\server\share\cmd.exe`, `\\server\share\cmd.exe`},
		{"", "cmd.exe"},
		{`cmd.exe`, "cmd.exe"},         // not absolute: looked up on PATH
		{`Windows\cmd.exe`, "cmd.exe"}, // relative to the current directory: never
		{`C:cmd.exe`, "cmd.exe"},       // relative to C:'s current directory
		{`/usr/bin/sh`, "cmd.exe"},     // not a Windows path
		{`C:/Windows/cmd.exe`, `C:/Windows/cmd.exe`},
	} {
		name, args, line := shellCommand("windows", tc.comspec, ps)
		if name != tc.name {
			t.Errorf("ComSpec %q: runs %q, want %q", tc.comspec, name, tc.name)
		}
		if want := `cmd.exe /D /S /C "` + ps + `"`; line != want {
			t.Errorf("command line %s\nwant         %s", line, want)
		}
		if !slices.Equal(args, []string{"/D", "/S", "/C", ps}) {
			t.Errorf("args %q", args)
		}
	}
}

// On Windows environment names are case-insensitive: a password set as
// leadinspector_password is still LEADINSPECTOR_PASSWORD to every program,
// and must not reach password_command, the pager or the editor.
func TestChildEnvIgnoresCaseOnWindows(t *testing.T) {
	s := &Settings{secretEnv: []string{"VITEC_PW"}}
	env := []string{"leadinspector_password=" + testPassword, "Vitec_Pw=" + testPassword, "Path=C:\\Windows", "=C:=C:\\Users\\x"}
	if got, want := s.childEnv("windows", env), []string{"Path=C:\\Windows", "=C:=C:\\Users\\x"}; !slices.Equal(got, want) {
		t.Errorf("windows: %q, want %q", got, want)
	}
	// Elsewhere they are other variables, which the program never reads.
	if got := s.childEnv("linux", env); len(got) != len(env) {
		t.Errorf("linux: %q", got)
	}
	if got := s.childEnv("linux", []string{"VITEC_PW=x", "LEADINSPECTOR_PASSWORD=y", "A=b"}); strings.Join(got, ",") != "A=b" {
		t.Errorf("linux, same case: %q", got)
	}
}
