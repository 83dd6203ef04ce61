package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"testing"

	"leadinspector/api/base/i18n"
	"leadinspector/config"
)

// config check --demo names the desk store serve --demo and audit --demo
// use (the demo's own, under the demo's state directory), not the real
// hub's; durations read as they are written in the file ("30m", not
// "30m0s").
func TestConfigCheckDemoNamesTheDemoHubsStore(t *testing.T) {
	state := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": state}
	s, err := config.Load(config.Input{Demo: true, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	s.UseDemo("http://127.0.0.1:1", "demo", "demo", "M30011")
	var out bytes.Buffer
	if code := ConfigCheck(context.Background(), s, IO{Stdout: &out, Stderr: io.Discard, Localizer: i18n.New(i18n.English)}); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	db := filepath.Join(config.DemoDir(filepath.Join(state, "leadinspector")), config.DeskFileName)
	for _, want := range []string{
		`(?m)^serve\.database +` + regexp.QuoteMeta(db) + ` +demo \(--demo\)$`,
		`(?m)^serve\.idle_timeout +30m +default$`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("config check --demo lacks %s:\n%s", want, out.String())
		}
	}
}
