package config

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"time"

	"leadinspector/api/base/i18n"
)

// The notification receiver's settings in [serve] (issue 25).
const (
	// EnvNotifyToken holds the receiver's token; it wins over the file.
	EnvNotifyToken = "LEADINSPECTOR_NOTIFY_TOKEN"
	// DefaultStuckAfter: a notified lead with no accept whose last change
	// is older than this is stuck.
	DefaultStuckAfter = 24 * time.Hour
	MinStuckAfter     = time.Hour
	MaxStuckAfter     = 365 * 24 * time.Hour
)

// NotifyKeys are the receiver's [serve] keys, in the order `config check`
// prints them (after ServeKeys): the last of SettingKeys.
var NotifyKeys = SettingKeys[slices.Index(SettingKeys, "serve.notify_addr"):]

// NotifySettings are the receiver's settings. NotifyAddr "" means no
// receiver: the hub listens for notifications only where it is told to.
type NotifySettings struct {
	NotifyAddr string
	// TLSCert and TLSKey are PEM files (paths relative to the config
	// file's directory); both "" means plain HTTP, which the receiver takes
	// only on a loopback address.
	TLSCert, TLSKey string
	StuckAfter      time.Duration
	token           passwordPlan
	// raw is what the file set, for applyNotify.
	raw rawNotify
}

type rawNotify struct {
	NotifyAddr         tAddr    `toml:"notify_addr"`
	NotifyTokenCommand tString  `toml:"notify_token_command"`
	NotifyTokenEnv     tEnvName `toml:"notify_token_env"`
	TLSCert            tString  `toml:"tls_cert"`
	TLSKey             tString  `toml:"tls_key"`
	StuckAfter         tStuck   `toml:"stuck_after"`
}

type tStuck time.Duration

func (t *tStuck) UnmarshalTOML(v any) error {
	d, err := spanWithin(v, MinStuckAfter, MaxStuckAfter, "1h", "365d")
	if err == nil {
		*t = tStuck(d)
	}
	return err
}

// applyNotify works out the receiver's settings into sv.
func (s *Settings) applyNotify(f *File, getenv func(string) string, sv *ServeSettings) {
	var r rawNotify
	if f != nil {
		r = f.Serve.Notify.raw
	}
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) || f == nil {
			return p
		}
		return filepath.Join(filepath.Dir(f.Path), p)
	}
	n := NotifySettings{StuckAfter: DefaultStuckAfter}
	set := func(key string, apply func()) {
		if f.Has(key) {
			s.Sources[key] = f.source(key)
			apply()
		} else {
			s.Sources[key] = Source{Kind: Unset}
		}
	}
	set("serve.notify_addr", func() { n.NotifyAddr = string(r.NotifyAddr) })
	set("serve.tls_cert", func() { n.TLSCert = rel(string(r.TLSCert)) })
	set("serve.tls_key", func() { n.TLSKey = rel(string(r.TLSKey)) })
	s.Sources["serve.stuck_after"] = Source{Kind: Default}
	if f.Has("serve.stuck_after") {
		s.Sources["serve.stuck_after"] = f.source("serve.stuck_after")
		n.StuckAfter = time.Duration(r.StuckAfter)
	}
	// The token, as the password: the variable, else the command, else the
	// variable the file names. Never in the file itself.
	pl := passwordPlan{getenv: getenv, timeout: DefaultCommandTimeout}
	if f != nil {
		pl.path = f.Path
	}
	switch {
	case getenv(EnvNotifyToken) != "":
		pl.source, pl.envName = Source{Kind: FromEnv, Detail: EnvNotifyToken}, EnvNotifyToken
	case f.Has("serve.notify_token_command"):
		pl.source, pl.command = f.source("serve.notify_token_command"), string(r.NotifyTokenCommand)
	case f.Has("serve.notify_token_env"):
		src := f.source("serve.notify_token_env")
		pl.source = Source{Kind: FromEnv, Detail: string(r.NotifyTokenEnv) + ", named by " + src.Detail, Line: src.Line}
		pl.envName = string(r.NotifyTokenEnv)
		s.secretEnv = append(s.secretEnv, pl.envName)
	}
	s.Sources["serve.notify_token"] = pl.source
	n.token = pl
	sv.Notify = n
}

// NotifyToken is the receiver's token, running notify_token_command if that
// is where it comes from; ok false when none is configured. The token is
// never part of an error.
func (s *Settings) NotifyToken(ctx context.Context) (token string, ok bool, err error) {
	pl := s.Serve.Notify.token
	if pl.source.Kind == Unset {
		return "", false, nil
	}
	// The password's reader, pointed at the token's plan.
	t := *s
	t.pw = pl
	t.Profile = "serve"
	token, err = t.Password(ctx)
	if e := (*Error)(nil); errors.As(err, &e) {
		ne := *e
		text := any(e.Says)
		if e.Says.IsZero() {
			text = e.Msg
		}
		ne.Says = i18n.M("config.err.notify_token", "Text", text)
		err = &ne
	}
	return token, err == nil, err
}
