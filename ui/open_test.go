package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// fakeExec stands in for tea.ExecProcess: it records what would run and
// what the file held while it ran, then reports err.
type fakeExec struct {
	args    []string
	mode    os.FileMode
	content string
	err     error
	ran     bool
}

func (f *fakeExec) exec(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
	return func() tea.Msg {
		f.ran = true
		f.args = c.Args
		path := c.Args[len(c.Args)-1]
		if st, err := os.Stat(path); err == nil {
			f.mode = st.Mode().Perm()
		}
		b, _ := os.ReadFile(path)
		f.content = string(b)
		return fn(f.err)
	}
}

func openTest(t *testing.T, env map[string]string, privacy bool) (Model, *fakeExec, string) {
	t.Helper()
	dir := t.TempDir()
	fe := &fakeExec{}
	m, _ := newTest(t, 120, 40, func(o *Options) {
		o.Exec = fe.exec
		o.Getenv = func(k string) string { return env[k] }
		o.TempDir = dir
		o.Privacy = privacy
	})
	m = lookUp(t, m, "LED1")
	return m, fe, dir
}

func leftIn(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestOpenInPager(t *testing.T) {
	m, fe, dir := openTest(t, map[string]string{"PAGER": "cat -v"}, false)
	m = keys(t, m, "o")
	if !fe.ran {
		t.Fatal("o ran nothing")
	}
	if len(fe.args) != 3 || fe.args[0] != "cat" || fe.args[1] != "-v" ||
		!strings.HasPrefix(filepath.Base(fe.args[2]), "leadinspector-") || !strings.HasSuffix(fe.args[2], ".json") {
		t.Errorf("ran %q", fe.args)
	}
	if fe.mode != 0o600 {
		t.Errorf("file mode %v while the pager ran, want 0600", fe.mode)
	}
	if fe.content != m.panes.raw.Text() || !strings.Contains(fe.content, "Storgatan") {
		t.Errorf("the pager got %q, want the text the raw pane shows", fe.content)
	}
	if left := leftIn(t, dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
	if s := screen(m); !strings.Contains(s, "cat closed; its temporary file is removed") {
		t.Errorf("after the pager:\n%s", s)
	}
}

func TestOpenInEditorGetsTheBodyAsReceived(t *testing.T) {
	m, fe, dir := openTest(t, map[string]string{"EDITOR": "true"}, false)
	m = keys(t, m, "O")
	if len(fe.args) != 2 || fe.args[0] != "true" {
		t.Errorf("ran %q, want $EDITOR and the file", fe.args)
	}
	if fe.content != string(m.panes.raw.Body()) {
		t.Errorf("the editor got %q, want the body", fe.content)
	}
	if fe.mode != 0o600 || len(leftIn(t, dir)) != 0 {
		t.Errorf("mode %v, left %v", fe.mode, leftIn(t, dir))
	}
}

func TestOpenInPrivacyModeIsMasked(t *testing.T) {
	for _, k := range []string{"o", "O"} {
		m, fe, _ := openTest(t, map[string]string{"PAGER": "true", "EDITOR": "true"}, true)
		_ = keys(t, m, k)
		if strings.Contains(fe.content, "Storgatan") || strings.Contains(fe.content, "ADR3ADC7B7B0A9447CA97FCAB43E36B582C") ||
			!strings.Contains(fe.content, "••••") {
			t.Errorf("%s in privacy mode wrote:\n%s", k, fe.content)
		}
	}
}

func TestOpenFailuresAreSaidAndCleanedUp(t *testing.T) {
	// A program that does not exist: nothing runs, nothing is left.
	m, fe, dir := openTest(t, map[string]string{"PAGER": "no-such-pager-leadinspector --flag"}, false)
	m = keys(t, m, "o")
	if fe.ran {
		t.Error("ran a program that does not exist")
	}
	if s := screen(m); !strings.Contains(s, `cannot run "no-such-pager-leadinspector": no such program; set $PAGER or $EDITOR`) {
		t.Errorf("missing pager:\n%s", s)
	}
	if left := leftIn(t, dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
	// A pager that fails still has its file removed.
	m, fe, dir = openTest(t, map[string]string{"PAGER": "sh"}, false)
	fe.err = &exec.ExitError{}
	m = keys(t, m, "o")
	if !fe.ran || len(leftIn(t, dir)) != 0 {
		t.Errorf("ran %v, left %v", fe.ran, leftIn(t, dir))
	}
	if s := screen(m); !strings.Contains(s, "sh exited with status") {
		t.Errorf("failed pager:\n%s", s)
	}
	// A temporary directory that cannot be written.
	m, fe, _ = openTest(t, nil, false)
	m.env.TempDir = filepath.Join(t.TempDir(), "missing")
	m = keys(t, m, "o")
	if fe.ran || !strings.Contains(screen(m), "create a temporary file") {
		t.Errorf("unwritable temp dir: ran %v\n%s", fe.ran, screen(m))
	}
}

func TestOpenNeedsABody(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = keys(t, m, "esc")
	if m.keys.Pager.Enabled() || m.keys.Editor.Enabled() {
		t.Error("o/O live with no body on screen")
	}
}

func TestOpenDefaults(t *testing.T) {
	// Without $PAGER and $EDITOR: less and vi (whether installed or not).
	for k, want := range map[string]string{"o": "less", "O": "vi"} {
		m, fe, _ := openTest(t, nil, false)
		m = keys(t, m, k)
		switch {
		case fe.ran && fe.args[0] != want:
			t.Errorf("%s ran %q, want %s", k, fe.args, want)
		case !fe.ran && !strings.Contains(screen(m), `cannot run "`+want+`"`):
			t.Errorf("%s: neither ran %s nor said why:\n%s", k, want, screen(m))
		}
	}
}

// The programs used when $PAGER and $EDITOR are unset exist on each
// platform: on Windows neither less nor vi does.
func TestOpenDefaultsPerPlatform(t *testing.T) {
	for _, tc := range []struct {
		goos          string
		pager, editor string
	}{
		{"windows", "more", "notepad"},
		{"darwin", "less", "vi"},
		{"linux", "less", "vi"},
	} {
		if got := defaultProgram(tc.goos, false); got != tc.pager {
			t.Errorf("%s pager %q, want %q", tc.goos, got, tc.pager)
		}
		if got := defaultProgram(tc.goos, true); got != tc.editor {
			t.Errorf("%s editor %q, want %q", tc.goos, got, tc.editor)
		}
	}
}
