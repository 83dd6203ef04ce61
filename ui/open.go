package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"leadinspector/api/base/i18n"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
)

// openReadyMsg says the temporary file for the pager or editor is written
// and the program found (or why not).
type openReadyMsg struct {
	cmd  *exec.Cmd
	path string
	prog string // as the user named it, for messages
	err  error
}

// openDoneMsg says the pager or editor has exited and the file is gone.
type openDoneMsg struct {
	prog string
	err  error
}

// openElsewhere shows the body in $PAGER (o) or $EDITOR (O) through a
// temporary file only the user can read, removed afterwards.
//
// What is written: for the pager, the text the raw pane shows (pretty,
// control characters made visible), because a pager writes to the
// terminal and PAGER=cat or less -R would pass a hostile body's escape
// sequences through; for the editor, the body exactly as received. In
// privacy mode both get the masked text: what leaves the inspector is
// what the screen may show.
func openElsewhere(raw rawPane, privacy bool, o Options, editor bool) tea.Cmd {
	if raw.Result() == nil {
		return nil
	}
	env, def := "PAGER", defaultProgram(runtime.GOOS, false)
	content := []byte(raw.Text())
	if editor {
		env, def = "EDITOR", defaultProgram(runtime.GOOS, true)
		if !privacy {
			content = raw.Body()
		}
	}
	argv := strings.Fields(o.Getenv(env))
	if len(argv) == 0 {
		argv = []string{def}
	}
	ext := ".json"
	if raw.Format() == api.XML {
		ext = ".xml"
	}
	dir, childEnv, l := o.TempDir, o.ChildEnv, o.Lang
	return func() tea.Msg {
		path, err := writeTemp(l, dir, "leadinspector-*"+ext, content)
		if err != nil {
			return openReadyMsg{prog: argv[0], err: err}
		}
		// No shell: the words of $PAGER are the program and its arguments.
		cmd := exec.Command(argv[0], append(argv[1:], path)...)
		cmd.Env = childEnv
		if cmd.Err != nil {
			rmErr := os.Remove(path)
			return openReadyMsg{prog: argv[0], err: errors.Join(cmd.Err, rmErr)}
		}
		return openReadyMsg{cmd: cmd, path: path, prog: argv[0]}
	}
}

// defaultProgram is the pager (editor: the editor) used when $PAGER
// ($EDITOR) is unset: less and vi, which every Unix and macOS has; on
// Windows more and notepad, which every Windows has (less and vi come only
// with Git for Windows and the like; set PAGER or EDITOR to use them).
func defaultProgram(goos string, editor bool) string {
	switch {
	case goos == "windows" && editor:
		return "notepad"
	case goos == "windows":
		return "more"
	case editor:
		return "vi"
	}
	return "less"
}

// writeTemp writes content to a new file readable by the user only
// (os.CreateTemp makes it 0600) and returns its path.
func writeTemp(l *i18n.Localizer, dir, pattern string, content []byte) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", fmt.Errorf("%s: %w", l.T("ui.open.temp_create"), err)
	}
	_, werr := f.Write(content)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return "", errors.Join(fmt.Errorf("%s: %w", l.T("ui.open.temp_write", "Path", f.Name()), err), os.Remove(f.Name()))
	}
	return f.Name(), nil
}

// onOpenReady runs the pager or editor once its file is written; the error
// it could not start with goes to the status bar.
func onOpenReady(l *i18n.Localizer, msg openReadyMsg, run func(*exec.Cmd, tea.ExecCallback) tea.Cmd) (tea.Cmd, *status) {
	if msg.err != nil {
		return nil, &status{kind: statusErr, text: openProblem(l, msg.prog, msg.err)}
	}
	path, prog := msg.path, msg.prog
	return run(msg.cmd, func(err error) tea.Msg {
		// Runs when the program has exited, or failed to start.
		return openDoneMsg{prog: prog, err: errors.Join(err, os.Remove(path))}
	}), nil
}

// onOpenDone says how the pager or editor ended.
func (s *status) onOpenDone(l *i18n.Localizer, msg openDoneMsg) {
	if msg.err != nil {
		*s = status{kind: statusErr, text: openProblem(l, msg.prog, msg.err)}
		return
	}
	s.notice = l.T("ui.open.closed", "Program", sanitize.Line(msg.prog))
}

// openProblem says in plain words why the pager or editor did not run.
func openProblem(l *i18n.Localizer, prog string, err error) string {
	var (
		ee *exec.ExitError
		pe *fs.PathError
	)
	missing := errors.Is(err, exec.ErrNotFound) ||
		errors.As(err, &pe) && pe.Path == prog && errors.Is(pe.Err, fs.ErrNotExist)
	prog = sanitize.Line(prog)
	switch {
	case missing:
		return l.T("ui.open.missing", "Program", strconv.Quote(prog))
	case errors.As(err, &ee):
		return l.T("ui.open.exited", "Program", prog, "Code", ee.ExitCode())
	}
	return sanitize.Line(fmt.Sprintf("%s: %v", prog, err))
}
