package config

import (
	"net"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"leadinspector/api/base/i18n"
)

// Defaults of the [serve] table (the desk hub, `leadinspector serve`).
const (
	DefaultSSHAddr     = "127.0.0.1:2222"
	DefaultRetention   = 90 * 24 * time.Hour
	DefaultMaxSessions = 50
	MaxMaxSessions     = 1000
	DefaultIdleTimeout = 30 * time.Minute
	MinIdleTimeout     = 2 * time.Minute
	MaxIdleTimeout     = 7 * 24 * time.Hour
	MinRetention       = 24 * time.Hour
	MaxRetention       = 100 * 365 * 24 * time.Hour
	// DeskFileName is the desk store's file in the state directory when
	// serve.database is not set.
	DeskFileName = "desk.db"
)

// ServeSettings are the hub's settings.
type ServeSettings struct {
	SSHAddr        string
	AuthorizedKeys string // a file of OpenSSH public keys; "" when not set
	Database       string
	Retention      time.Duration
	MaxSessions    int
	IdleTimeout    time.Duration
	// People holds each person's own settings, by the name their key's
	// comment gives.
	People map[string]Person
	// Notify is the notification receiver's (servenotify.go).
	Notify NotifySettings
}

// Person is a [serve.people.NAME] table.
type Person struct {
	Language i18n.Lang // "" when not set
}

// ServeKeys are the [serve] keys in the order `config check` prints them.
var ServeKeys = SettingKeys[slices.Index(SettingKeys, "serve.ssh_addr") : slices.Index(SettingKeys, "serve.people")+1]

type rawServe struct {
	SSHAddr        tAddr                 `toml:"ssh_addr"`
	AuthorizedKeys tString               `toml:"authorized_keys"`
	Database       tString               `toml:"database"`
	Retention      tRetention            `toml:"retention"`
	MaxSessions    tMaxSessions          `toml:"max_sessions"`
	IdleTimeout    tIdle                 `toml:"idle_timeout"`
	People         map[string]*rawPerson `toml:"people"`
	rawNotify                            // the notification receiver's keys (servenotify.go)
}

type rawPerson struct {
	Language tLang `toml:"language"`
}

func (r *rawServe) file() ServeSettings {
	s := ServeSettings{
		SSHAddr:        string(r.SSHAddr),
		AuthorizedKeys: string(r.AuthorizedKeys),
		Database:       string(r.Database),
		Retention:      time.Duration(r.Retention),
		MaxSessions:    int(r.MaxSessions),
		IdleTimeout:    time.Duration(r.IdleTimeout),
		Notify:         NotifySettings{raw: r.rawNotify},
	}
	if len(r.People) > 0 {
		s.People = map[string]Person{}
		for name, p := range r.People {
			if p == nil {
				p = &rawPerson{}
			}
			s.People[name] = Person{Language: i18n.Lang(p.Language)}
		}
	}
	return s
}

// applyServe works out the [serve] settings: the file's, else the defaults.
// Relative paths in the file are relative to the file's directory.
func (s *Settings) applyServe(f *File) {
	var fs ServeSettings
	if f != nil {
		fs = f.Serve
	}
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) || f == nil {
			return p
		}
		return filepath.Join(filepath.Dir(f.Path), p)
	}
	sv := ServeSettings{
		SSHAddr:     DefaultSSHAddr,
		Database:    filepath.Join(s.StateDir, DeskFileName),
		Retention:   DefaultRetention,
		MaxSessions: DefaultMaxSessions,
		IdleTimeout: DefaultIdleTimeout,
		People:      fs.People,
	}
	for _, key := range ServeKeys {
		if !f.Has(key) {
			if key == "serve.authorized_keys" {
				s.Sources[key] = Source{Kind: Unset}
			} else {
				s.Sources[key] = Source{Kind: Default}
			}
			continue
		}
		s.Sources[key] = f.source(key)
		switch key {
		case "serve.ssh_addr":
			sv.SSHAddr = fs.SSHAddr
		case "serve.authorized_keys":
			sv.AuthorizedKeys = rel(fs.AuthorizedKeys)
		case "serve.database":
			sv.Database = rel(fs.Database)
		case "serve.retention":
			sv.Retention = fs.Retention
		case "serve.max_sessions":
			sv.MaxSessions = fs.MaxSessions
		case "serve.idle_timeout":
			sv.IdleTimeout = fs.IdleTimeout
		}
	}
	if len(sv.People) > 0 {
		s.Sources["serve.people"] = Source{Kind: FromFile, Detail: "serve.people", Line: keyLine(f.data, splitKey("serve.people"))}
	}
	s.Serve = sv
}

// PeopleText lists the people and their settings, for `config check`:
// "anna (sv), bo".
func (sv ServeSettings) PeopleText() string {
	names := make([]string, 0, len(sv.People))
	for n := range sv.People {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		if l := sv.People[n].Language; l != "" {
			names[i] = n + " (" + string(l) + ")"
		}
	}
	return strings.Join(names, ", ")
}

type (
	tAddr        string
	tRetention   time.Duration
	tMaxSessions int
	tIdle        time.Duration
)

func (t *tAddr) UnmarshalTOML(v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
		return bad(i18n.M("hub.err.not_addr", "Value", strconv.Quote(s)))
	}
	*t = tAddr(s)
	return nil
}

func (t *tRetention) UnmarshalTOML(v any) error {
	d, err := spanWithin(v, MinRetention, MaxRetention, "1d", "36500d")
	if err == nil {
		*t = tRetention(d)
	}
	return err
}

// spanWithin reads a span ("90d", "24h") between lo and hi, whose words
// the error names.
func spanWithin(v any, lo, hi time.Duration, loWord, hiWord string) (time.Duration, error) {
	s, err := asString(v)
	if err != nil {
		return 0, bad(i18n.M("config.err.must_duration", "Type", typeName(v)))
	}
	d, err := ParseSpan(s)
	if err != nil {
		return 0, err
	}
	if d < lo || d > hi {
		return 0, bad(i18n.M("config.err.duration_range", "D", s, "Lo", loWord, "Hi", hiWord))
	}
	return d, nil
}

func (t *tMaxSessions) UnmarshalTOML(v any) error {
	n, err := asInt(v, 1, MaxMaxSessions)
	*t = tMaxSessions(n)
	return err
}

func (t *tIdle) UnmarshalTOML(v any) error {
	d, err := asDuration(v, MinIdleTimeout, MaxIdleTimeout)
	*t = tIdle(d)
	return err
}

// ParseSpan reads a span of time as a Go duration ("36h", "90m") or a
// number of days ("90d").
func ParseSpan(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(t, "d"); ok {
		if d, err := strconv.Atoi(n); err == nil && d >= 0 && d <= 1_000_000 {
			return time.Duration(d) * 24 * time.Hour, nil
		}
		return 0, bad(i18n.M("config.err.not_duration", "Value", strconv.Quote(s)))
	}
	return ParseDuration(t)
}
