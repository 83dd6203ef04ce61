// Package config reads leadinspector's TOML file and environment and works
// out the effective settings: which profile, which server, which user, and
// where each value came from (flag > environment > file > default).
//
// Nothing here reads the process environment directly: callers pass a
// Getenv function, so tests and the program agree on what was set.
package config

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// Environment variables the program reads.
const (
	EnvConfig   = "LEADINSPECTOR_CONFIG"
	EnvProfile  = "LEADINSPECTOR_PROFILE"
	EnvBaseURL  = "LEADINSPECTOR_BASE_URL"
	EnvUsername = "LEADINSPECTOR_USERNAME"
	EnvPassword = "LEADINSPECTOR_PASSWORD"
)

// DefaultBaseURL is Express Connect's production address.
const DefaultBaseURL = "https://connect.maklare.vitec.net"

// DefaultProfile names the profile in use when the file defines none.
const DefaultProfile = "default"

// DetailOnlyProfile is the Source.Detail of a profile chosen because the
// file defines no other; printers word it in the user's language.
const DetailOnlyProfile = "the only profile"

// SourceKind says where a setting's value came from.
type SourceKind int

// Where values come from, weakest first.
const (
	Unset SourceKind = iota
	Default
	FromFile
	FromEnv
	FromFlag
	FromDemo
)

// Source is where a setting's value came from, for `config check`.
type Source struct {
	Kind SourceKind
	// Detail names the flag, variable or file key, e.g. "--timeout",
	// "LEADINSPECTOR_BASE_URL" or "profiles.prod.timeout".
	Detail string
	// Line is the file line of a key (0: none known); kept apart from
	// Detail so that `config check` can word it in the user's language.
	Line int
}

func (s Source) String() string {
	var k string
	switch s.Kind {
	case Unset:
		k = "not set"
	case Default:
		k = "default"
	case FromFile:
		k = "file"
	case FromEnv:
		k = "env"
	case FromFlag:
		k = "flag"
	case FromDemo:
		k = "demo"
	}
	if s.Line > 0 {
		return fmt.Sprintf("%s (%s, line %d)", k, s.Detail, s.Line)
	}
	if s.Detail != "" {
		return k + " (" + s.Detail + ")"
	}
	return k
}

// Flags are the global command-line flags that bear on settings. Zero values
// mean "not given".
type Flags struct {
	Config   string
	Profile  string
	BaseURL  string
	Username string
	Timeout  time.Duration
	Privacy  bool
	// Lang is --lang; "" when not given.
	Lang i18n.Lang
}

// Input is everything Load looks at besides the file itself.
type Input struct {
	Flags Flags
	// Getenv reads an environment variable; nil reads none.
	Getenv func(string) string
	// Demo skips profile and credential selection: the caller points the
	// settings at the built-in demo API with UseDemo. The file's [ui] table
	// still applies.
	Demo bool
	// CommandTimeout bounds password_command; zero means
	// DefaultCommandTimeout.
	CommandTimeout time.Duration
	// Environ is the environment password_command starts from, as
	// "NAME=value" entries, before the secrets are taken out (see
	// ChildEnv); nil means the process's own.
	Environ []string
}

// Settings are the effective settings the inspector and the commands use.
type Settings struct {
	// ConfigPath is the config file's path; ConfigFound says whether it
	// existed.
	ConfigPath  string
	ConfigFound bool
	// StateDir holds the history.
	StateDir string

	Profile string
	// Profiles lists the profiles the file defines, sorted.
	Profiles []string
	Demo     bool

	BaseURL    string
	Username   string
	CustomerID string
	// Format is the representation the raw view starts in and `get --format
	// text` requests by default.
	Format  api.Format
	Timeout time.Duration
	// CAFile is the resolved path of the profile's ca_file, "" when unset;
	// RootCAs is the system's pool plus its certificates.
	CAFile       string
	RootCAs      *x509.CertPool
	MaxBodyBytes int64

	HistoryLimit  int
	StateColors   map[string]string
	WatchInterval time.Duration
	Parallel      int
	Privacy       bool
	// Language is the language messages are in (see ResolveLanguage).
	Language i18n.Lang
	// Serve is the hub's [serve] table (serve.go).
	Serve ServeSettings

	// Sources maps each key (as in the file: "base_url", "ui.parallel") to
	// where its value came from.
	Sources map[string]Source
	// Warnings are problems worth telling the user that do not stop the
	// program, e.g. a password in a file others can read.
	// They are messages, worded in the user's language where printed.
	Warnings []i18n.Message

	pw passwordPlan
	// secretEnv names the variables besides EnvPassword that hold a
	// password, kept from every child (see ChildEnv).
	secretEnv []string
	environ   []string
	// web is the website function group's credentials plan (website.go).
	web websitePlan
}

// SettingKeys lists the keys of Settings.Sources in the order `config check`
// prints them.
var SettingKeys = []string{
	"profile", "base_url", "username", "password", "customer_id", "format", "timeout",
	"ca_file", "max_body_mib",
	"ui.history_limit", "ui.state_colors", "ui.watch_interval", "ui.parallel", "ui.privacy",
	"ui.language",
	// The hub's, printed in a table of their own (ServeKeys).
	"serve.ssh_addr", "serve.authorized_keys", "serve.database", "serve.retention",
	"serve.max_sessions", "serve.idle_timeout", "serve.people",
	// The notification receiver's (NotifyKeys).
	"serve.notify_addr", "serve.notify_token", "serve.tls_cert", "serve.tls_key", "serve.stuck_after",
}

// Load works out the effective settings. A missing file at the default path
// is fine; a file named by --config or LEADINSPECTOR_CONFIG must exist.
// Errors are *Error values, meant to be shown as they are.
func Load(in Input) (*Settings, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	path, explicit, err := Path(in.Flags.Config, getenv)
	if err != nil {
		return nil, err
	}
	stateDir, err := StateDir(getenv)
	if err != nil {
		return nil, err
	}
	s := &Settings{
		ConfigPath: path,
		StateDir:   stateDir,
		Sources:    map[string]Source{},
		environ:    in.Environ,
	}
	f, err := readFile(path, explicit, in.Flags.Config != "")
	if err != nil {
		return nil, err
	}
	s.ConfigFound = f != nil
	if f != nil {
		s.Profiles = f.ProfileNames()
		abs, _ := filepath.Abs(path)
		if w := f.permissionWarning(runtime.GOOS, abs, getenv); !w.IsZero() {
			s.Warnings = append(s.Warnings, w)
		}
	}
	s.applyUI(f, in.Flags)
	s.applyServe(f)
	s.applyNotify(f, getenv, &s.Serve)
	if s.Language, s.Sources["ui.language"], err = ResolveLanguage(in.Flags.Lang, f, getenv); err != nil {
		return nil, err
	}
	if in.Demo {
		s.Demo = true
		if in.Flags.Timeout != 0 {
			s.Timeout, s.Sources["timeout"] = in.Flags.Timeout, Source{Kind: FromFlag, Detail: "--timeout"}
		}
		return s, nil
	}
	p, err := s.selectProfile(f, in.Flags.Profile, getenv(EnvProfile))
	if err != nil {
		return nil, err
	}
	if err := s.applyProfile(f, p, in.Flags, getenv); err != nil {
		return nil, err
	}
	if p != nil && p.PasswordEnv != "" {
		s.secretEnv = append(s.secretEnv, p.PasswordEnv)
	}
	if p != nil && p.WebsitePasswordEnv != "" {
		s.secretEnv = append(s.secretEnv, p.WebsitePasswordEnv)
	}
	s.pw = planPassword(f, p, getenv, in.CommandTimeout)
	s.Sources["password"] = s.pw.source
	s.web = planWebsite(f, p, getenv, in.CommandTimeout)
	return s, nil
}

// ChildEnv is environ without the variables that hold a password:
// LEADINSPECTOR_PASSWORD and the one the profile's password_env names. Every
// program the inspector starts (password_command, $PAGER, $EDITOR) gets
// this, so none of them can read or leak the password.
func (s *Settings) ChildEnv(environ []string) []string { return s.childEnv(runtime.GOOS, environ) }

// childEnv is ChildEnv as on goos, where names may be case-insensitive.
func (s *Settings) childEnv(goos string, environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !s.isSecretEnv(goos, name) {
			out = append(out, kv)
		}
	}
	return out
}

func (s *Settings) isSecretEnv(goos, name string) bool {
	if sameEnvName(goos, name, EnvPassword) || sameEnvName(goos, name, EnvNotifyToken) {
		return true
	}
	for _, n := range s.secretEnv {
		if sameEnvName(goos, name, n) {
			return true
		}
	}
	return false
}

// UseDemo points the settings at the built-in demo API.
func (s *Settings) UseDemo(baseURL, username, password, customerID string) {
	demo := Source{Kind: FromDemo, Detail: "--demo"}
	s.Demo = true
	s.Profile = "demo"
	s.BaseURL = baseURL
	s.Username = username
	s.CustomerID = customerID
	if s.Format == "" {
		s.Format = api.JSON
	}
	if s.Timeout == 0 {
		s.Timeout = api.DefaultTimeout
	}
	if s.MaxBodyBytes == 0 {
		s.MaxBodyBytes = DefaultMaxBodyMiB << 20
	}
	for _, k := range []string{"profile", "base_url", "username", "password", "customer_id"} {
		s.Sources[k] = demo
	}
	for _, k := range []string{"format", "timeout", "max_body_mib"} {
		if _, ok := s.Sources[k]; !ok {
			s.Sources[k] = Source{Kind: Default}
		}
	}
	s.pw = passwordPlan{source: demo, literal: password}
}

// Path finds the config file: flag > LEADINSPECTOR_CONFIG > the platform's
// place (see ConfigFile). explicit is true when the flag or the variable
// named it.
func Path(flag string, getenv func(string) string) (path string, explicit bool, err error) {
	if flag != "" {
		return flag, true, nil
	}
	if p := getenv(EnvConfig); p != "" {
		return p, true, nil
	}
	path, err = ConfigFile(runtime.GOOS, getenv)
	return path, false, err
}

// StateDir is the directory of the program's state (the history, and the
// hub's files) on this platform; see StateDirFor.
func StateDir(getenv func(string) string) (string, error) {
	return StateDirFor(runtime.GOOS, getenv)
}

// DemoDir is where --demo keeps its state under the state directory
// stateDir: the history of its made-up leads, the stepping lead's steps and
// the demo hub's files, apart from the real profiles' (and kept across runs
// as theirs are).
func DemoDir(stateDir string) string {
	return filepath.Join(stateDir, "demo")
}

func readFile(path string, explicit, fromFlag bool) (*File, error) {
	data, fi, err := readBounded(path)
	if errors.Is(err, fs.ErrNotExist) {
		if !explicit {
			return nil, nil
		}
		by := EnvConfig
		if fromFlag {
			by = "--config"
		}
		return nil, &Error{Path: path, Says: i18n.M("config.err.no_file", "By", by)}
	}
	if says := boundedSays(err); !says.IsZero() {
		return nil, &Error{Path: path, Says: says}
	}
	if err != nil {
		return nil, &Error{Path: path, Says: i18n.M("config.err.cannot_read", "Error", plainErr(err))}
	}
	f, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	f.mode = fi.Mode().Perm()
	return f, nil
}

// plainErr is err as a message's argument, without the path an
// *fs.PathError repeats: the two causes a user meets most (no such file, no
// permission) in the user's language, any other in the system's words.
func plainErr(err error) any {
	if says := boundedSays(err); !says.IsZero() {
		return says
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return i18n.M("config.err.os.not_exist")
	case errors.Is(err, fs.ErrPermission):
		return i18n.M("config.err.os.permission")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ProfileNames lists the file's profiles, sorted.
func (f *File) ProfileNames() []string {
	if f == nil {
		return nil
	}
	names := make([]string, 0, len(f.Profiles))
	for n := range f.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// permissionWarning warns about a file that holds a password others may
// read. abs is the file's absolute path.
//
// On Unix that is its mode. On Windows there are no mode bits (Go reports
// 0666 or 0444 for every file, so the Unix check would always warn): who may
// read a file is its ACL, and what is checked instead is where the file is.
// Inside the user's profile folder (%USERPROFILE%, where %AppData% is) the
// default ACL admits only the user, SYSTEM and Administrators; elsewhere
// (C:\Tools, a shared drive) nothing is known, and the warning says so.
func (f *File) permissionWarning(goos, abs string, getenv func(string) string) i18n.Message {
	holds := false
	for _, n := range f.ProfileNames() {
		if f.Has("profiles."+quoteKey(n)+".password") || f.Has("profiles."+quoteKey(n)+".website_password") {
			holds = true
		}
	}
	switch {
	case !holds:
		return i18n.Message{}
	case goos == "windows":
		profile := getenv("USERPROFILE")
		if profile != "" && insideDir(goos, abs, profile) {
			return i18n.Message{}
		}
		if profile == "" {
			profile = "%USERPROFILE%"
		}
		return i18n.M("config.warn.outside_profile", "Path", f.Path, "Profile", profile)
	case f.mode&0o077 != 0:
		return i18n.M("config.warn.world_readable", "Path", f.Path, "Mode", fmt.Sprintf("%04o", f.mode))
	}
	return i18n.Message{}
}

// quoteKey writes one key part as toml.Key.String does.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return fmt.Sprintf("%q", k)
		}
	}
	return k
}

func (s *Settings) applyUI(f *File, fl Flags) {
	var u FileUI
	if f != nil {
		u = f.UI
	}
	s.HistoryLimit = DefaultHistoryLimit
	s.WatchInterval = DefaultWatchInterval
	s.Parallel = DefaultParallel
	for _, k := range []string{"history_limit", "state_colors", "watch_interval", "parallel", "privacy"} {
		key := "ui." + k
		if !f.Has(key) {
			s.Sources[key] = Source{Kind: Default}
			continue
		}
		s.Sources[key] = f.source(key)
		switch k {
		case "history_limit":
			s.HistoryLimit = u.HistoryLimit
		case "state_colors":
			s.StateColors = u.StateColors
		case "watch_interval":
			s.WatchInterval = u.WatchInterval
		case "parallel":
			s.Parallel = u.Parallel
		case "privacy":
			s.Privacy = u.Privacy
		}
	}
	if fl.Privacy {
		s.Privacy = true
		s.Sources["ui.privacy"] = Source{Kind: FromFlag, Detail: "--privacy"}
	}
}

// source describes a file key as a Source, with its line.
func (f *File) source(key string) Source {
	return Source{Kind: FromFile, Detail: key, Line: keyLine(f.data, splitKey(key))}
}

func (s *Settings) selectProfile(f *File, flag, env string) (*FileProfile, error) {
	names := f.ProfileNames()
	pick := func(name string, src Source, by string) (*FileProfile, error) {
		if err := checkProfileName(name, by); err != nil {
			return nil, err
		}
		s.Profile = name
		s.Sources["profile"] = src
		if p := f.profile(name); p != nil {
			return p, nil
		}
		q := strconv.Quote(name)
		var msg i18n.Message
		switch {
		case f == nil:
			msg = i18n.M("config.err.profile_undefined_no_file", "Name", q, "By", by, "Path", s.ConfigPath)
		case len(names) == 0:
			msg = i18n.M("config.err.profile_undefined_no_tables", "Name", q, "By", by, "Path", f.Path)
		default:
			msg = i18n.M("config.err.profile_undefined", "Name", q, "By", by, "Path", f.Path, "List", strings.Join(names, ", "))
		}
		return nil, &Error{Says: msg}
	}
	switch {
	case flag != "":
		return pick(flag, Source{Kind: FromFlag, Detail: "--profile"}, "--profile")
	case env != "":
		return pick(env, Source{Kind: FromEnv, Detail: EnvProfile}, EnvProfile)
	case f != nil && f.Profile != "":
		// Parse has checked that it exists.
		return pick(f.Profile, f.source("profile"), "profile")
	case len(names) == 1:
		return pick(names[0], Source{Kind: FromFile, Detail: DetailOnlyProfile}, "the file")
	case f.profile(DefaultProfile) != nil:
		return pick(DefaultProfile, Source{Kind: Default}, "default")
	case len(names) > 1:
		return nil, &Error{Path: f.Path, Says: i18n.M("config.err.several_profiles",
			"List", strings.Join(names, ", "), "First", strconv.Quote(names[0]))}
	}
	s.Profile = DefaultProfile
	s.Sources["profile"] = Source{Kind: Default}
	return nil, nil
}

func (f *File) profile(name string) *FileProfile {
	if f == nil {
		return nil
	}
	return f.Profiles[name]
}

func (s *Settings) applyProfile(f *File, p *FileProfile, fl Flags, getenv func(string) string) error {
	key := func(k string) string { return "profiles." + quoteKey(s.Profile) + "." + k }
	has := func(k string) bool { return p != nil && f.Has(key(k)) }
	fileSrc := func(k string) Source { return f.source(key(k)) }

	// base_url
	switch {
	case fl.BaseURL != "":
		u, err := api.CheckBaseURL(fl.BaseURL)
		if err != nil {
			return &Error{Key: "--base-url", Says: i18n.FromError(err)}
		}
		s.BaseURL, s.Sources["base_url"] = u.String(), Source{Kind: FromFlag, Detail: "--base-url"}
	case getenv(EnvBaseURL) != "":
		u, err := api.CheckBaseURL(getenv(EnvBaseURL))
		if err != nil {
			return &Error{Key: EnvBaseURL, Says: i18n.FromError(err)}
		}
		s.BaseURL, s.Sources["base_url"] = u.String(), Source{Kind: FromEnv, Detail: EnvBaseURL}
	case has("base_url"):
		s.BaseURL, s.Sources["base_url"] = p.BaseURL, fileSrc("base_url")
	default:
		s.BaseURL, s.Sources["base_url"] = DefaultBaseURL, Source{Kind: Default}
	}

	// username
	switch {
	case fl.Username != "":
		s.Username, s.Sources["username"] = fl.Username, Source{Kind: FromFlag, Detail: "--username"}
	case getenv(EnvUsername) != "":
		s.Username, s.Sources["username"] = getenv(EnvUsername), Source{Kind: FromEnv, Detail: EnvUsername}
	case has("username"):
		s.Username, s.Sources["username"] = p.Username, fileSrc("username")
	default:
		s.Sources["username"] = Source{Kind: Unset}
	}

	// timeout
	switch {
	case fl.Timeout != 0:
		s.Timeout, s.Sources["timeout"] = fl.Timeout, Source{Kind: FromFlag, Detail: "--timeout"}
	case has("timeout"):
		s.Timeout, s.Sources["timeout"] = p.Timeout, fileSrc("timeout")
	default:
		s.Timeout, s.Sources["timeout"] = api.DefaultTimeout, Source{Kind: Default}
	}

	if has("customer_id") {
		s.CustomerID, s.Sources["customer_id"] = p.CustomerID, fileSrc("customer_id")
	} else {
		s.Sources["customer_id"] = Source{Kind: Unset}
	}
	if has("format") {
		s.Format, s.Sources["format"] = p.Format, fileSrc("format")
	} else {
		s.Format, s.Sources["format"] = api.JSON, Source{Kind: Default}
	}
	mib := DefaultMaxBodyMiB
	if has("max_body_mib") {
		mib, s.Sources["max_body_mib"] = p.MaxBodyMiB, fileSrc("max_body_mib")
	} else {
		s.Sources["max_body_mib"] = Source{Kind: Default}
	}
	s.MaxBodyBytes = int64(mib) << 20

	s.Sources["ca_file"] = Source{Kind: Unset}
	if has("ca_file") && p.CAFile != "" {
		path := expandPath(p.CAFile, filepath.Dir(f.Path), homeDir(runtime.GOOS, getenv))
		pool, err := loadCAs(path)
		if err != nil {
			return f.errorAt(i18n.FromError(err), "profiles", s.Profile, "ca_file")
		}
		s.CAFile, s.RootCAs, s.Sources["ca_file"] = path, pool, fileSrc("ca_file")
	}
	return nil
}

// expandPath resolves ~/ against home and a relative path against the
// config file's directory.
func expandPath(p, dir, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	if !filepath.IsAbs(p) {
		return filepath.Join(dir, p)
	}
	return p
}

// loadCAs is the system's trusted certificates plus the PEM file's: a
// corporate proxy's CA is added, Vitec's own chain still verifies.
func loadCAs(path string) (*x509.CertPool, error) {
	pem, _, err := readBounded(path)
	if err != nil {
		return nil, &Error{Says: i18n.M("config.err.cannot_read_path", "Path", path, "Error", plainErr(err))}
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &Error{Says: i18n.M("config.err.no_pem", "Path", path)}
	}
	return pool, nil
}
