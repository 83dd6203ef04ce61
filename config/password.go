package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
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
		pl.source = Source{Kind: FromEnv, Detail: p.PasswordEnv + ", named by " + src.Detail}
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
		return "", "", &Error{Msg: fmt.Sprintf("no username for profile %q: %s", s.Profile, s.whereToSet("username = \"…\"", "--username or "+EnvUsername))}
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
			return "", &Error{Msg: fmt.Sprintf("password_env of profile %q names %s, which is not set or empty", s.Profile, pl.envName)}
		}
		return v, nil
	case pl.command != "":
		return s.runPasswordCommand(ctx)
	case pl.source.Kind != Unset:
		if pl.literal == "" {
			return "", &Error{Msg: fmt.Sprintf("the password of profile %q is empty", s.Profile)}
		}
		return pl.literal, nil
	}
	return "", &Error{Msg: fmt.Sprintf("no password for profile %q: %s", s.Profile,
		s.whereToSet("password_command, password_env or password", EnvPassword))}
}

// whereToSet tells the user where a missing setting goes.
func (s *Settings) whereToSet(fileKeys, envOrFlag string) string {
	if !s.ConfigFound {
		return fmt.Sprintf("set %s, or run 'leadinspector config init' and set %s in [profiles.NAME] of %s (or try --demo)", envOrFlag, fileKeys, s.ConfigPath)
	}
	return fmt.Sprintf("set %s in [profiles.%s] of %s, or set %s", fileKeys, quoteKey(s.Profile), s.ConfigPath, envOrFlag)
}

// maxCommandOutput caps what is kept of password_command's output.
const maxCommandOutput = 64 << 10

func (s *Settings) runPasswordCommand(ctx context.Context) (string, error) {
	pl := s.pw
	ctx, cancel := context.WithTimeout(ctx, pl.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", pl.command)
	var stdout, stderr capped
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// A child that keeps the pipes open must not hold us past the timeout.
	cmd.WaitDelay = time.Second
	what := fmt.Sprintf("password_command of profile %q", s.Profile)
	err := cmd.Run()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", &Error{Msg: fmt.Sprintf("%s did not finish within %s", what, fmtDuration(pl.timeout))}
	}
	if err != nil {
		msg := fmt.Sprintf("%s failed (%s)", what, exitStatus(err))
		if line := firstLine(stderr.Bytes()); line != "" {
			msg += ": " + truncate(line, 200)
		}
		return "", &Error{Msg: msg + "; run it in a shell to see why"}
	}
	pw := firstLine(stdout.Bytes())
	if pw == "" {
		return "", &Error{Msg: what + " printed nothing on its first line of output"}
	}
	return pw, nil
}

func exitStatus(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ExitCode() >= 0 {
			return fmt.Sprintf("exit status %d", ee.ExitCode())
		}
		return ee.String()
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
