package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func loadServe(t *testing.T, text string) (*Settings, error) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state")}
	return Load(Input{Flags: Flags{Config: p}, Getenv: func(k string) string { return env[k] }, Demo: true})
}

func TestServeDefaults(t *testing.T) {
	s, err := loadServe(t, "")
	if err != nil {
		t.Fatal(err)
	}
	sv := s.Serve
	if sv.SSHAddr != "127.0.0.1:2222" || sv.MaxSessions != 50 || sv.IdleTimeout != 30*time.Minute ||
		sv.Retention != 90*24*time.Hour || sv.Database != filepath.Join(s.StateDir, "desk.db") || sv.AuthorizedKeys != "" {
		t.Fatalf("defaults: %+v", sv)
	}
	if s.Sources["serve.ssh_addr"].Kind != Default || s.Sources["serve.authorized_keys"].Kind != Unset {
		t.Fatalf("sources: %+v", s.Sources)
	}
}

func TestServeFromFile(t *testing.T) {
	s, err := loadServe(t, `
[serve]
ssh_addr = "0.0.0.0:22400"
authorized_keys = "desk_keys"
retention = "30d"
max_sessions = 7
idle_timeout = "10m"
[serve.people.anna]
language = "sv"
[serve.people.bo]
`)
	if err != nil {
		t.Fatal(err)
	}
	sv := s.Serve
	if sv.SSHAddr != "0.0.0.0:22400" || sv.MaxSessions != 7 || sv.IdleTimeout != 10*time.Minute || sv.Retention != 30*24*time.Hour {
		t.Fatalf("file values: %+v", sv)
	}
	if !filepath.IsAbs(sv.AuthorizedKeys) || filepath.Base(sv.AuthorizedKeys) != "desk_keys" ||
		filepath.Dir(sv.AuthorizedKeys) != filepath.Dir(s.ConfigPath) {
		t.Errorf("authorized_keys relative to the file: %q", sv.AuthorizedKeys)
	}
	if sv.People["anna"].Language != "sv" || sv.PeopleText() != "anna (sv), bo" {
		t.Errorf("people: %+v %q", sv.People, sv.PeopleText())
	}
	if src := s.Sources["serve.max_sessions"]; src.Kind != FromFile || src.Line != 6 {
		t.Errorf("max_sessions source: %+v", src)
	}
}

func TestServeRefusals(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[serve]\nssh_adr = \"x:1\"\n", "unknown key"},
		{"[serve]\nssh_addr = \"nowhere\"\n", "not an address"},
		{"[serve]\nmax_sessions = 0\n", "out of range"},
		{"[serve]\nidle_timeout = \"5s\"\n", "out of range"},
		{"[serve]\nretention = \"forever\"\n", "not a duration"},
		{"[serve.people.anna]\nlanguage = \"fi\"\n", "fi"},
		{"[serve.people.anna]\ncolour = \"red\"\n", "unknown key"},
	} {
		_, err := loadServe(t, c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.text, err, c.want)
		}
	}
}
