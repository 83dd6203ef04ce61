package config

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func loadNotify(t *testing.T, text string, env map[string]string) (*Settings, error) {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	e := map[string]string{"HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state")}
	for k, v := range env {
		e[k] = v
	}
	return Load(Input{Flags: Flags{Config: p}, Getenv: func(k string) string { return e[k] }, Demo: true})
}

const goodToken = "k3y-0123456789abcdefghijklmnopqrstuv"

func TestNotifySettings(t *testing.T) {
	s, err := loadNotify(t, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := s.Serve.Notify
	if n.NotifyAddr != "" || n.StuckAfter != 24*time.Hour || s.Sources["serve.notify_token"].Kind != Unset {
		t.Errorf("defaults: %+v", n)
	}
	if _, ok, err := s.NotifyToken(context.Background()); ok || err != nil {
		t.Errorf("no token configured: ok %v err %v", ok, err)
	}

	s, err = loadNotify(t, `
[serve]
notify_addr = "0.0.0.0:24500"
tls_cert = "certs/hub.crt"
tls_key = "/etc/hub.key"
stuck_after = "2d"
notify_token_command = "echo `+goodToken+`"
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	n = s.Serve.Notify
	if n.NotifyAddr != "0.0.0.0:24500" || n.TLSCert != filepath.Join(filepath.Dir(s.ConfigPath), "certs/hub.crt") ||
		n.TLSKey != "/etc/hub.key" || n.StuckAfter != 48*time.Hour {
		t.Errorf("from file: %+v", n)
	}
	if src := s.Sources["serve.stuck_after"]; src.Kind != FromFile || src.Line != 6 {
		t.Errorf("stuck_after source %+v", src)
	}
	tok, ok, err := s.NotifyToken(context.Background())
	if tok != goodToken || !ok || err != nil {
		t.Errorf("token from the command: %q %v %v", tok, ok, err)
	}
	// The variable wins over the file, and children never see it.
	s, _ = loadNotify(t, "[serve]\nnotify_token_command = \"echo other\"\n", map[string]string{EnvNotifyToken: goodToken})
	if tok, _, _ := s.NotifyToken(context.Background()); tok != goodToken {
		t.Errorf("env: %q", tok)
	}
	for _, kv := range s.ChildEnv([]string{EnvNotifyToken + "=" + goodToken, "PATH=/bin"}) {
		if strings.HasPrefix(kv, EnvNotifyToken+"=") {
			t.Error("the token reaches a child's environment")
		}
	}
	// A variable the file names.
	s, _ = loadNotify(t, "[serve]\nnotify_token_env = \"HUB_TOKEN\"\n", map[string]string{"HUB_TOKEN": goodToken})
	if tok, _, _ := s.NotifyToken(context.Background()); tok != goodToken {
		t.Errorf("notify_token_env: %q", tok)
	}
	for _, kv := range s.ChildEnv([]string{"HUB_TOKEN=" + goodToken}) {
		if strings.HasPrefix(kv, "HUB_TOKEN=") {
			t.Error("the named variable reaches a child's environment")
		}
	}
	// A failing command is an error naming the key, never the token.
	s, _ = loadNotify(t, "[serve]\nnotify_token_command = \"exit 3\"\n", nil)
	if _, ok, err := s.NotifyToken(context.Background()); ok || err == nil || !strings.Contains(err.Error(), "serve.notify_token") {
		t.Errorf("failing command: %v %v", ok, err)
	}
}

func TestNotifySettingsRefused(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[serve]\nstuck_after = \"10m\"\n", "config.toml:2: serve.stuck_after"},
		{"[serve]\nnotify_addr = \"nowhere\"\n", "config.toml:2: serve.notify_addr"},
		{"[serve]\nnotify_token = \"" + goodToken + "\"\n", "unknown key"},
	} {
		_, err := loadNotify(t, c.text, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.text, err, c.want)
		}
	}
}
