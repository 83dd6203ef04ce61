package config

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"leadinspector/api/base/i18n"
)

// DefaultCommandTimeout bounds password_command; long enough to type a
// passphrase into a pinentry prompt.
const DefaultCommandTimeout = 60 * time.Second

// passwordPlan says how to get the password, without holding it unless the
// file or the demo gave it literally.
type passwordPlan struct {
	source  Source
	getenv  func(string) string
	envName string
	command string
	literal string
	timeout time.Duration
	// profile and path say where to set a password, for the error when
	// none is set.
	profile, path string
}

func planPassword(f *File, p *FileProfile, getenv func(string) string, timeout time.Duration) passwordPlan {
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	pl := passwordPlan{getenv: getenv, timeout: timeout}
	if f != nil {
		pl.path = f.Path
	}
	if p != nil {
		pl.profile = p.Name
	}
	key := func(k string) string { return "profiles." + quoteKey(pl.profile) + "." + k }
	switch {
	case getenv(EnvPassword) != "":
		pl.source, pl.envName = Source{Kind: FromEnv, Detail: EnvPassword}, EnvPassword
	case p != nil && p.PasswordCommand != "":
		pl.source, pl.command = f.source(key("password_command")), p.PasswordCommand
	case p != nil && p.PasswordEnv != "":
		src := f.source(key("password_env"))
		pl.source = Source{Kind: FromEnv, Detail: p.PasswordEnv + ", named by " + src.Detail, Line: src.Line}
		pl.envName = p.PasswordEnv
	case p != nil && f.Has(key("password")):
		pl.source, pl.literal = f.source(key("password")), p.Password
	}
	return pl
}

// PasswordSource says where the password will come from; Kind is Unset when
// none is configured.
func (s *Settings) PasswordSource() Source { return s.pw.source }

// Credentials returns the username and the password, running
// password_command if that is where the password comes from. The password is
// never part of an error.
func (s *Settings) Credentials(ctx context.Context) (username, password string, err error) {
	if s.Username == "" {
		return "", "", &Error{Says: i18n.M("config.err.no_username", "Profile", strconv.Quote(s.Profile),
			"Where", s.whereToSet(`username = "…"`, i18n.M("config.err.flag_or_env", "Flag", "--username", "Env", EnvUsername)))}
	}
	pw, err := s.Password(ctx)
	return s.Username, pw, err
}

// Password gets the password from where PasswordSource says.
func (s *Settings) Password(ctx context.Context) (string, error) {
	pl := s.pw
	switch {
	case pl.envName != "":
		v := pl.getenv(pl.envName)
		if v == "" {
			return "", &Error{Says: i18n.M("config.err.password_env_empty", "Profile", strconv.Quote(s.Profile), "Env", pl.envName)}
		}
		return v, nil
	case pl.command != "":
		return s.runPasswordCommand(ctx)
	case pl.source.Kind != Unset:
		if pl.literal == "" {
			return "", &Error{Says: i18n.M("config.err.password_empty", "Profile", strconv.Quote(s.Profile))}
		}
		return pl.literal, nil
	}
	return "", &Error{Says: i18n.M("config.err.no_password", "Profile", strconv.Quote(s.Profile),
		"Where", s.whereToSet(i18n.M("config.err.password_keys"), EnvPassword))}
}

// whereToSet tells the user where a missing setting goes.
// fileKeys and envOrFlag are a string or an i18n.Message each.
func (s *Settings) whereToSet(fileKeys, envOrFlag any) i18n.Message {
	if !s.ConfigFound {
		return i18n.M("config.err.where_no_file", "Set", envOrFlag, "Keys", fileKeys, "Path", s.ConfigPath)
	}
	return i18n.M("config.err.where_file", "Keys", fileKeys, "Profile", quoteKey(s.Profile), "Path", s.ConfigPath, "Set", envOrFlag)
}

// maxCommandOutput caps what is kept of password_command's output.
const maxCommandOutput = 64 << 10

// After the first line of output, the command gets this long to exit, so
// that a failure it reports after printing (exit 1) is not taken for a
// password; a command still running then is done with all the same.
const exitGrace = 250 * time.Millisecond

// runPasswordCommand runs password_command through the shell (sh -c; on
// Windows cmd.exe, see shellCommand), as a process tree of its own (a
// process group; on Windows a Job object) and without the program's secrets in its environment. The
// first line of its output is the password: once it is in (or the command
// has exited, or the time limit is up) the whole group is killed, so a
// background child it left (`sleep 300 & echo pw`) neither holds us up nor
// outlives us.
func (s *Settings) runPasswordCommand(ctx context.Context) (string, error) {
	pl := s.pw
	what := i18n.M("config.err.command", "Profile", strconv.Quote(s.Profile))
	environ := s.environ
	if environ == nil {
		environ = os.Environ()
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return "", &Error{Says: i18n.M("config.err.command_error", "What", what, "Error", plainErr(err))}
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return "", &Error{Says: i18n.M("config.err.command_error", "What", what, "Error", plainErr(err))}
	}
	comspec := ""
	if pl.getenv != nil {
		comspec = pl.getenv("ComSpec")
	}
	name, args, cmdLine := shellCommand(runtime.GOOS, comspec, pl.command)
	cmd := exec.Command(name, args...)
	cmd.Env = s.ChildEnv(environ)
	// Our own pipes rather than exec's copying: Wait then returns when the
	// shell exits, not when the last process holding the pipes does.
	cmd.Stdout, cmd.Stderr = outW, errW
	// The shell and everything it starts, as one tree (proc_*.go).
	killGroup, release, err := startTree(cmd, cmdLine)
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return "", &Error{Says: i18n.M("config.err.command_start", "What", what, "Error", plainErr(err))}
	}
	defer release()

	linec := make(chan lineResult, 1)
	go func() { linec <- readFirstLine(outR) }()
	var stderr capped
	stderrDone := make(chan struct{})
	go func() {
		_, _ = io.Copy(&stderr, errR)
		close(stderrDone)
	}()
	waitc := make(chan error, 1)
	go func() { waitc <- cmd.Wait() }()
	timer := time.NewTimer(pl.timeout)
	defer timer.Stop()

	// finish ends the group and closes our end of stdout, so its reader
	// returns even if a process that left the group still holds the pipe.
	finish := func() {
		killGroup()
		outR.Close()
	}
	// stderr is only read for a message: what is in the pipe is read to
	// its end, unless a process outside the group holds it open.
	stderrText := sync.OnceValue(func() string {
		select {
		case <-stderrDone:
		case <-time.After(100 * time.Millisecond):
		}
		errR.Close()
		<-stderrDone
		return firstLine(stderr.Bytes())
	})
	defer stderrText()
	var (
		line    lineResult
		waitErr error
		exited  bool
	)
	select {
	case <-ctx.Done():
		finish()
		<-waitc
		return "", &Error{Says: i18n.M("config.err.command_interrupted", "What", what)}
	case <-timer.C:
		finish()
		<-waitc
		return "", &Error{Says: i18n.M("config.err.command_timeout", "What", what, "Limit", fmtDuration(pl.timeout))}
	case line = <-linec:
		if line.flooded {
			// More than the cap without a newline: no password, and
			// waiting would only let it write on until the time limit.
			finish()
			<-waitc
			return "", &Error{Says: i18n.M("config.err.command_flood", "What", what, "Limit", "64 KiB")}
		}
		if line.complete {
			grace := time.NewTimer(exitGrace)
			select {
			case waitErr = <-waitc:
				exited = true
			case <-grace.C:
			}
			grace.Stop()
			break
		}
		// The output ended without a newline: the shell is exiting, or
		// closed its output and goes on; wait for it within the limit.
		select {
		case waitErr = <-waitc:
			exited = true
		case <-timer.C:
			finish()
			<-waitc
			return "", &Error{Says: i18n.M("config.err.command_timeout", "What", what, "Limit", fmtDuration(pl.timeout))}
		case <-ctx.Done():
			finish()
			<-waitc
			return "", &Error{Says: i18n.M("config.err.command_interrupted", "What", what)}
		}
	case waitErr = <-waitc:
		exited = true
		// The shell is gone; whatever it printed is in the pipe, unless a
		// child it left still holds it open: ending the group closes it,
		// and a process that left the group gets a moment before our end
		// is closed under it.
		killGroup()
		select {
		case line = <-linec:
		case <-time.After(100 * time.Millisecond):
			finish()
			line = <-linec
		}
	}
	finish()
	if !exited {
		<-waitc // killed by us after giving the password: not a failure
		waitErr = nil
	}
	if waitErr != nil {
		msg := i18n.M("config.err.command_failed", "What", what, "Status", exitStatus(waitErr))
		if l := stderrText(); l != "" {
			msg = i18n.M("config.err.command_failed_said", "What", what, "Status", exitStatus(waitErr), "Said", truncate(l, 200))
		}
		return "", &Error{Says: msg}
	}
	if line.text == "" {
		return "", &Error{Says: i18n.M("config.err.command_empty", "What", what)}
	}
	return line.text, nil
}

// lineResult is the first line of a command's output; complete is true when
// it ended with a newline (rather than with the output).
type lineResult struct {
	text     string
	complete bool
	// flooded is true when the output ran past maxCommandOutput bytes
	// without a newline: the reader stops there, at once.
	flooded bool
}

// readFirstLine reads r up to its first newline, at most maxCommandOutput
// bytes; one byte more without a newline is a flood.
func readFirstLine(r io.Reader) lineResult {
	br := bufio.NewReaderSize(io.LimitReader(r, maxCommandOutput+1), 4096)
	b, err := br.ReadBytes('\n')
	if err != nil && len(b) > maxCommandOutput {
		return lineResult{flooded: true}
	}
	return lineResult{text: firstLine(b), complete: err == nil}
}

func exitStatus(err error) any {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ExitCode() >= 0 {
			return i18n.M("config.err.exit_status", "Code", ee.ExitCode())
		}
		return ee.String() // "signal: killed": the system's words
	}
	return plainErr(err)
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return strings.TrimSuffix(string(b), "\r")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// capped is a buffer that keeps the first maxCommandOutput bytes and drops
// the rest, so a runaway command cannot fill memory.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := maxCommandOutput - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
