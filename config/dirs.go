package config

import (
	"path"
	"strings"

	"leadinspector/api/base/i18n"
)

// Where the program keeps its files, as a pure function of the platform and
// its environment, so that every platform's answer is tested anywhere.
//
//	                 config file                          state directory
//	Linux, macOS …   $XDG_CONFIG_HOME/leadinspector/      $XDG_STATE_HOME/leadinspector/
//	                 (~/.config/leadinspector/)           (~/.local/state/leadinspector/)
//	Windows          $XDG_CONFIG_HOME\leadinspector\      $XDG_STATE_HOME\leadinspector\
//	                 (%AppData%\leadinspector\)           (%LocalAppData%\leadinspector\)
//
// macOS uses the XDG places, as gh and most command-line tools do, not
// ~/Library/Application Support: a terminal user looks in ~/.config. On
// Windows the XDG variables still win when set (Git for Windows, MSYS2 and
// WSL users set them); otherwise the config file roams with the profile
// (%AppData%) and the history stays on the machine (%LocalAppData%). A
// relative XDG path is ignored, as the XDG spec says.

// ConfigFile is the config file's default path on goos.
func ConfigFile(goos string, getenv func(string) string) (string, error) {
	dir, err := appDir(goos, getenv, "XDG_CONFIG_HOME", "APPDATA", ".config")
	if err != nil {
		return "", err
	}
	return joinFor(goos, dir, "config.toml"), nil
}

// StateDirFor is the state directory on goos. The history lives here, and
// so can other state (the hub's database): it is the program's own folder,
// created 0700 by whoever writes there first.
func StateDirFor(goos string, getenv func(string) string) (string, error) {
	return appDir(goos, getenv, "XDG_STATE_HOME", "LOCALAPPDATA", ".local/state")
}

// appDir is <base>/leadinspector, base being $xdg when it is absolute;
// else on Windows %win%, and elsewhere ~/underHome.
func appDir(goos string, getenv func(string) string, xdg, win, underHome string) (string, error) {
	if d := getenv(xdg); d != "" && isAbs(goos, d) {
		return joinFor(goos, d, "leadinspector"), nil
	}
	if goos == "windows" {
		d := getenv(win)
		if d == "" || !isAbs(goos, d) {
			return "", &Error{Says: i18n.M("config.err.no_appdata", "Env", win)}
		}
		return joinFor(goos, d, "leadinspector"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", &Error{Says: i18n.M("config.err.no_home", "Env", xdg)}
	}
	return joinFor(goos, home, underHome, "leadinspector"), nil
}

// homeDir is the user's home directory on goos, for ~ in paths: $HOME, or
// on Windows %USERPROFILE% when HOME is unset.
func homeDir(goos string, getenv func(string) string) string {
	if h := getenv("HOME"); h != "" || goos != "windows" {
		return h
	}
	return getenv("USERPROFILE")
}

// isAbs is filepath.IsAbs for goos.
func isAbs(goos, p string) bool {
	if goos == "windows" {
		return windowsAbs(p)
	}
	return strings.HasPrefix(p, "/")
}

// joinFor is filepath.Join for goos: on Windows with backslashes, the
// elements given with slashes too.
func joinFor(goos string, elem ...string) string {
	if goos != "windows" {
		return path.Join(elem...)
	}
	for i, e := range elem {
		elem[i] = strings.ReplaceAll(e, "/", `\`)
	}
	out := strings.TrimRight(elem[0], `\`)
	if len(out) == 2 && out[1] == ':' || out == "" {
		out += `\` // C: alone is the drive's current directory
	}
	for _, e := range elem[1:] {
		if e = strings.Trim(e, `\`); e != "" {
			if !strings.HasSuffix(out, `\`) {
				out += `\`
			}
			out += e
		}
	}
	return out
}

// insideDir reports whether path is dir or inside it, on goos (on Windows
// without regard to case or the kind of slash).
func insideDir(goos, path, dir string) bool {
	sep := "/"
	if goos == "windows" {
		sep = `\`
		path = strings.ToLower(strings.ReplaceAll(path, "/", sep))
		dir = strings.ToLower(strings.ReplaceAll(dir, "/", sep))
	}
	dir = strings.TrimRight(dir, sep)
	return dir != "" && (path == dir || strings.HasPrefix(path, dir+sep))
}
