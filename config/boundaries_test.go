package config

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"leadinspector/api/i18n"
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
