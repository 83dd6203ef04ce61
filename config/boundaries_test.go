package config

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"leadinspector/api/base/i18n"
)

// A file holding a password warns when anyone but its owner may read it:
// group or others, any read, write or execute bit. Only 0600 and
// stricter are quiet.
func TestPasswordFileModesAtTheEdge(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix modes on Windows")
	}
	for _, key := range []string{"password", "website_password"} {
		text := "[profiles.p]\nusername = \"u\"\n" + key + " = \"" + testPassword + "\"\n"
		for _, c := range []struct {
			mode os.FileMode
			warn bool
		}{
			{0o600, false},
			{0o400, false},
			{0o700, false},
			{0o640, true},
			{0o620, true},
			{0o610, true},
			{0o604, true},
			{0o602, true},
			{0o601, true},
			{0o644, true},
		} {
			t.Run(fmt.Sprintf("%s %04o", key, c.mode), func(t *testing.T) {
				p := writeConfig(t, text, c.mode)
				s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
				if err != nil {
					t.Fatal(err)
				}
				var said []string
				for _, w := range s.Warnings {
					said = append(said, i18n.New(i18n.English).Say(w))
				}
				if c.warn && len(said) != 1 {
					t.Errorf("a %s in a %04o file: warnings %q, want one", key, c.mode, said)
				}
				if !c.warn && len(said) != 0 {
					t.Errorf("a %s in a %04o file: warnings %q, want none", key, c.mode, said)
				}
			})
		}
	}
}

// Where the password comes from when a profile names several sources:
// LEADINSPECTOR_PASSWORD, then password_command, password_env, password.
func TestPasswordSourceLadder(t *testing.T) {
	ctx := context.Background()
	const (
		cmd = "password_command = \"echo from-command\"\n"
		env = "password_env = \"MY_PW\"\n"
		lit = "password = \"from-file\"\n"
	)
	for _, c := range []struct {
		keys string
		env  map[string]string
		want string
	}{
		{cmd + env + lit, map[string]string{EnvPassword: "from-main-env", "MY_PW": "from-env"}, "from-main-env"},
		{cmd + env + lit, map[string]string{"MY_PW": "from-env"}, "from-command"},
		{env + lit, map[string]string{"MY_PW": "from-env"}, "from-env"},
		{lit, map[string]string{"MY_PW": "from-env"}, "from-file"},
		{cmd + lit, nil, "from-command"},
		{lit, map[string]string{EnvPassword: "from-main-env"}, "from-main-env"},
	} {
		s, err := load(t, "[profiles.p]\nusername = \"u\"\n"+c.keys, Flags{}, c.env)
		if err != nil {
			t.Fatal(err)
		}
		if pw, err := s.Password(ctx); err != nil || pw != c.want {
			t.Errorf("%q with %v: %q, %v; want %q", c.keys, c.env, pw, err, c.want)
		}
	}
}
