package config

import (
	"strings"
	"testing"

	"leadinspector/api/base/i18n"
)

// Where the config file and the state directory are, for every platform,
// from an environment alone.
func TestDirsPerPlatform(t *testing.T) {
	win := map[string]string{
		"APPDATA":      `C:\Users\Anna\AppData\Roaming`,
		"LOCALAPPDATA": `C:\Users\Anna\AppData\Local`,
		"USERPROFILE":  `C:\Users\Anna`,
	}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	for _, tc := range []struct {
		name, goos    string
		env           map[string]string
		config, state string
	}{
		{"linux", "linux", map[string]string{"HOME": "/home/anna"},
			"/home/anna/.config/leadinspector/config.toml", "/home/anna/.local/state/leadinspector"},
		{"linux XDG", "linux", map[string]string{"HOME": "/home/anna", "XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/st/"},
			"/cfg/leadinspector/config.toml", "/st/leadinspector"},
		{"linux relative XDG ignored", "linux", map[string]string{"HOME": "/home/anna", "XDG_CONFIG_HOME": "cfg", "XDG_STATE_HOME": "st"},
			"/home/anna/.config/leadinspector/config.toml", "/home/anna/.local/state/leadinspector"},
		{"macOS as Linux", "darwin", map[string]string{"HOME": "/Users/anna"},
			"/Users/anna/.config/leadinspector/config.toml", "/Users/anna/.local/state/leadinspector"},
		{"macOS XDG", "darwin", map[string]string{"HOME": "/Users/anna", "XDG_CONFIG_HOME": "/Users/anna/dot"},
			"/Users/anna/dot/leadinspector/config.toml", "/Users/anna/.local/state/leadinspector"},
		{"windows", "windows", win,
			`C:\Users\Anna\AppData\Roaming\leadinspector\config.toml`, `C:\Users\Anna\AppData\Local\leadinspector`},
		{"windows ignores HOME", "windows", with(win, "HOME", "/home/anna"),
			`C:\Users\Anna\AppData\Roaming\leadinspector\config.toml`, `C:\Users\Anna\AppData\Local\leadinspector`},
		{"windows XDG wins", "windows", with(win, "XDG_CONFIG_HOME", `D:\dot\`, "XDG_STATE_HOME", `\\srv\home\anna`),
			`D:\dot\leadinspector\config.toml`, `\\srv\home\anna\leadinspector`},
		{"windows XDG unix-style ignored", "windows", with(win, "XDG_CONFIG_HOME", "/c/Users/Anna/.config"),
			`C:\Users\Anna\AppData\Roaming\leadinspector\config.toml`, `C:\Users\Anna\AppData\Local\leadinspector`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			if got, err := ConfigFile(tc.goos, getenv); err != nil || got != tc.config {
				t.Errorf("config file %q, %v; want %q", got, err, tc.config)
			}
			if got, err := StateDirFor(tc.goos, getenv); err != nil || got != tc.state {
				t.Errorf("state dir %q, %v; want %q", got, err, tc.state)
			}
		})
	}
}

// Without the variables the places come from, the error names the one to set.
func TestDirsWithoutTheirVariables(t *testing.T) {
	for _, tc := range []struct {
		goos   string
		env    map[string]string
		config string // what the config error says
		state  string
	}{
		{"linux", nil, "set HOME or XDG_CONFIG_HOME", "set HOME or XDG_STATE_HOME"},
		{"darwin", nil, "set HOME or XDG_CONFIG_HOME", "set HOME or XDG_STATE_HOME"},
		{"windows", map[string]string{"HOME": `C:\Users\Anna`}, "application data folder: set APPDATA", "application data folder: set LOCALAPPDATA"},
		{"windows", map[string]string{"APPDATA": `AppData`, "LOCALAPPDATA": `Local`}, "set APPDATA", "set LOCALAPPDATA"},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if _, err := ConfigFile(tc.goos, getenv); err == nil || !strings.Contains(err.Error(), tc.config) {
			t.Errorf("%s %v: config error %v; want %q", tc.goos, tc.env, err, tc.config)
		}
		if _, err := StateDirFor(tc.goos, getenv); err == nil || !strings.Contains(err.Error(), tc.state) {
			t.Errorf("%s %v: state error %v; want %q", tc.goos, tc.env, err, tc.state)
		}
	}
}

// A password in the file: on Unix the mode decides; on Windows, where mode
// bits mean nothing, the place does, and the warning says what is and is
// not checked.
func TestPasswordFileWarningPerPlatform(t *testing.T) {
	f, err := Parse("config.toml", []byte("[profiles.p]\npassword = \"x\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	noPassword, err := Parse("config.toml", []byte("[profiles.p]\npassword_env = \"X\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"USERPROFILE": `C:\Users\Anna`}
	getenv := func(k string) string { return env[k] }
	say := func(m i18n.Message) string {
		if m.IsZero() {
			return ""
		}
		return i18n.InEnglish(m)
	}
	// Windows reports every file as 0666 (0444 read-only): no warning
	// for the mode there.
	f.mode, noPassword.mode = 0o666, 0o666
	for _, tc := range []struct {
		abs, want string
	}{
		{`C:\Users\Anna\AppData\Roaming\leadinspector\config.toml`, ""},
		{`c:/users/anna/config.toml`, ""},
		{`C:\Users\Anna`, ""},
		{`C:\Users\Annabel\config.toml`, `outside your profile folder (C:\Users\Anna): file permissions are not checked on Windows`},
		{`D:\shared\config.toml`, `outside your profile folder (C:\Users\Anna): file permissions are not checked on Windows`},
	} {
		if got := say(f.permissionWarning("windows", tc.abs, getenv)); tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("windows %s: %q; want %q", tc.abs, got, tc.want)
		}
		if got := say(noPassword.permissionWarning("windows", tc.abs, getenv)); got != "" {
			t.Errorf("windows %s without a password: %q", tc.abs, got)
		}
	}
	if got := say(f.permissionWarning("windows", `C:\x\config.toml`, func(string) string { return "" })); !strings.Contains(got, "(%USERPROFILE%)") {
		t.Errorf("windows without USERPROFILE: %q", got)
	}
	for _, goos := range []string{"linux", "darwin"} {
		if got := say(f.permissionWarning(goos, "/home/anna/config.toml", getenv)); !strings.Contains(got, "other users can read it (mode 0666)") {
			t.Errorf("%s 0666: %q", goos, got)
		}
		f.mode = 0o600
		if got := say(f.permissionWarning(goos, "/tmp/config.toml", getenv)); got != "" {
			t.Errorf("%s 0600: %q", goos, got)
		}
		f.mode = 0o666
	}
}
