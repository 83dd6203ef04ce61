package ui

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The pager runs with Options.ChildEnv, not the program's environment: a
// pager that prints the password variables finds none.
func TestPagerGetsNoSecrets(t *testing.T) {
	t.Setenv("LEADINSPECTOR_PASSWORD", "pw-in-the-process")
	t.Setenv("KEEP_ME", "kept")
	var out bytes.Buffer
	run := func(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
		return func() tea.Msg {
			c.Stdout = &out
			_ = c.Run() // printenv exits 1 when a variable is missing
			return fn(nil)
		}
	}
	env := map[string]string{"PAGER": "printenv KEEP_ME LEADINSPECTOR_PASSWORD"}
	m, _ := newTest(t, 120, 40, func(o *Options) {
		o.Exec = run
		o.Getenv = func(k string) string { return env[k] }
		o.TempDir = t.TempDir()
		o.ChildEnv = []string{"PATH=" + os.Getenv("PATH"), "KEEP_ME=kept"}
	})
	m = lookUp(t, m, "LED1")
	_ = keys(t, m, "o")
	if out.String() != "kept\n" {
		t.Errorf("the pager saw %q, want only KEEP_ME", out.String())
	}
}
