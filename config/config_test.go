package config

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// testPassword must never show up in any error or output.
const testPassword = "s3cret-Hunter2-pw"

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfig(t *testing.T, text string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func load(t *testing.T, text string, flags Flags, env map[string]string) (*Settings, error) {
	t.Helper()
	flags.Config = writeConfig(t, text, 0o600)
	if env == nil {
		env = map[string]string{}
	}
	if env["HOME"] == "" {
		env["HOME"] = t.TempDir()
	}
	return Load(Input{Flags: flags, Getenv: envMap(env)})
}

func TestStarterIsValidAndExplainsEveryKey(t *testing.T) {
	f, err := Parse("starter.toml", []byte(Starter))
	if err != nil {
		t.Fatalf("starter does not parse: %v", err)
	}
	if f.Profile != "prod" || f.Profiles["prod"].BaseURL != DefaultBaseURL || f.UI.StateColors["New"] != "#5fafff" {
		t.Errorf("starter lost the contract's example: %+v", f)
	}
	for _, k := range Keys {
		last := k[strings.LastIndex(k, ".")+1:]
		if last == "STATE" {
			last = "state_colors"
		}
		if !strings.Contains(Starter, last) {
			t.Errorf("starter does not mention %s", k)
		}
	}
}

func TestParseErrorsNameFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		key, want  string
	}{
		{"unknown key", "profile = \"p\"\n[profiles.p]\nbase_url = \"https://x.example\"\npasword = \"x\"\n",
			4, "profiles.p.pasword", "unknown key (did you mean profiles.p.password?)"},
		{"unknown table", "[uii]\nhistory_limit = 3\n", 1, "uii", "unknown key (did you mean ui?)"},
		{"bad timeout", "[profiles.prod]\nusername = \"u\"\ntimeout = \"15 sekunder\"\n",
			3, "profiles.prod.timeout", `"15 sekunder" is not a duration`},
		{"timeout as number", "[profiles.prod]\ntimeout = 15\n", 2, "profiles.prod.timeout", `must be a duration in quotes`},
		{"bad format", "[profiles.prod]\n\nformat = \"yaml\"\n", 3, "profiles.prod.format", `unknown format "yaml": use json or xml`},
		{"http to remote host", "[profiles.prod]\nbase_url = \"http://connect.maklare.vitec.net\"\n",
			2, "profiles.prod.base_url", "uses plain http"},
		{"unknown profile", "\n\nprofile = \"staging\"\n[profiles.prod]\n", 3, "profile",
			`names profile "staging", which the file does not define (profiles: prod)`},
		{"parallel out of range", "[ui]\nparallel = 17\n", 2, "ui.parallel", "17 is out of range: use a whole number from 1 to 16"},
		{"parallel as string", "[ui]\nparallel = \"4\"\n", 2, "ui.parallel", "must be a whole number from 1 to 16, not a string"},
		{"watch too short", "[ui]\nwatch_interval = \"1s\"\n", 2, "ui.watch_interval", "out of range"},
		{"bad colour", "[ui.state_colors]\nNew = \"blue\"\n", 2, "ui.state_colors.New", `"blue" is not a colour`},
		{"colour out of range", "[ui.state_colors]\nNew = 300\n", 2, "ui.state_colors.New", "300 is not an ANSI colour"},
		{"privacy not bool", "[ui]\nprivacy = \"yes\"\n", 2, "ui.privacy", "must be true or false"},
		{"body limit", "[profiles.a]\nmax_body_mib = 0\n", 2, "profiles.a.max_body_mib", "out of range"},
		{"value for table", "[profiles]\nprod = 1\n", 2, "profiles.prod", "must be a table"},
		{"syntax", "profile = \"a\"\n[profiles.a\n", 2, "", "syntax error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("/etc/li.toml", []byte(c.text))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a config error", err)
			}
			if ce.Line != c.line || ce.Key != c.key || !strings.Contains(ce.Error(), c.want) {
				t.Errorf("got line %d key %q msg %q; want line %d key %q msg containing %q", ce.Line, ce.Key, ce.Error(), c.line, c.key, c.want)
			}
			if !strings.HasPrefix(err.Error(), "/etc/li.toml:") {
				t.Errorf("message does not start with the file: %s", err)
			}
		})
	}
}

func TestErrorsNeverShowThePassword(t *testing.T) {
	for _, text := range []string{
		"[profiles.p]\npassword = " + testPassword + "\n",       // unquoted: a syntax error
		"[profiles.p]\npassword = '" + testPassword + "\n",      // unterminated
		"[profiles.p]\npassword = [\"" + testPassword + "\"]\n", // wrong type
		"[profiles.p]\npasswrd = \"" + testPassword + "\"\n",    // misspelt key
	} {
		_, err := Parse("c.toml", []byte(text))
		if err == nil {
			t.Fatalf("no error for %q", text)
		}
		if strings.Contains(err.Error(), testPassword) || strings.Contains(err.Error(), "Hunter2") {
			t.Errorf("error shows the password: %s", err)
		}
	}
}

func TestPrecedenceFlagEnvFileDefault(t *testing.T) {
	text := `profile = "prod"
[profiles.prod]
base_url = "https://file.example"
username = "file-user"
timeout = "20s"
customer_id = "M1"
format = "xml"
[profiles.test]
base_url = "https://test.example"
username = "test-user"
`
	s, err := load(t, text, Flags{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "prod" || s.BaseURL != "https://file.example" || s.Username != "file-user" || s.Timeout != 20*time.Second ||
		s.Format != api.XML || s.CustomerID != "M1" || s.MaxBodyBytes != 16<<20 || s.Parallel != 4 || s.HistoryLimit != 1000 {
		t.Errorf("file values not applied: %+v", s)
	}
	if got := s.Sources["timeout"].String(); got != "file (profiles.prod.timeout, line 5)" {
		t.Errorf("timeout source = %q", got)
	}
	if got := s.Sources["ui.parallel"].String(); got != "default" {
		t.Errorf("parallel source = %q", got)
	}

	env := map[string]string{EnvProfile: "test", EnvBaseURL: "https://env.example", EnvUsername: "env-user"}
	s, err = load(t, text, Flags{}, env)
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "test" || s.BaseURL != "https://env.example" || s.Username != "env-user" || s.Timeout != api.DefaultTimeout {
		t.Errorf("env not applied: %+v", s)
	}
	if s.Sources["base_url"].Kind != FromEnv || s.Sources["timeout"].Kind != Default {
		t.Errorf("sources: %v", s.Sources)
	}

	s, err = load(t, text, Flags{Profile: "prod", BaseURL: "https://flag.example/", Username: "flag-user", Timeout: time.Second}, env)
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "prod" || s.BaseURL != "https://flag.example" || s.Username != "flag-user" || s.Timeout != time.Second {
		t.Errorf("flags not applied: %+v", s)
	}
	if s.Sources["username"].String() != "flag (--username)" {
		t.Errorf("username source %v", s.Sources["username"])
	}
}

func TestProfileSelection(t *testing.T) {
	_, err := load(t, "[profiles.a]\n[profiles.b]\n", Flags{}, nil)
	if err == nil || !strings.Contains(err.Error(), "several profiles (a, b) and none chosen") {
		t.Errorf("got %v", err)
	}
	s, err := load(t, "[profiles.only]\nusername = \"u\"\n", Flags{}, nil)
	if err != nil || s.Profile != "only" || s.Username != "u" {
		t.Errorf("the only profile is not used: %v %+v", err, s)
	}
	_, err = load(t, "[profiles.a]\n", Flags{Profile: "nope"}, nil)
	if err == nil || !strings.Contains(err.Error(), `profile "nope" (from --profile) is not defined`) || !strings.Contains(err.Error(), "profiles: a") {
		t.Errorf("got %v", err)
	}
	_, err = load(t, "[profiles.a]\n", Flags{}, map[string]string{EnvProfile: "nope"})
	if err == nil || !strings.Contains(err.Error(), EnvProfile) {
		t.Errorf("got %v", err)
	}
}

func TestBadFlagAndEnvBaseURL(t *testing.T) {
	_, err := load(t, "", Flags{BaseURL: "http://example.com"}, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "--base-url: ") || !strings.Contains(err.Error(), "plain http") {
		t.Errorf("got %v", err)
	}
	_, err = load(t, "", Flags{}, map[string]string{EnvBaseURL: "ftp://x"})
	if err == nil || !strings.HasPrefix(err.Error(), EnvBaseURL+": ") {
		t.Errorf("got %v", err)
	}
	s, err := load(t, "", Flags{BaseURL: "http://127.0.0.1:8765"}, nil)
	if err != nil || s.BaseURL != "http://127.0.0.1:8765" {
		t.Errorf("loopback http refused: %v", err)
	}
}

func TestMissingFile(t *testing.T) {
	home := t.TempDir()
	xdg := t.TempDir()
	s, err := Load(Input{Getenv: envMap(map[string]string{"HOME": home, "XDG_CONFIG_HOME": xdg})})
	if err != nil {
		t.Fatalf("a missing default file must be fine: %v", err)
	}
	if s.ConfigFound || s.ConfigPath != filepath.Join(xdg, "leadinspector", "config.toml") || s.BaseURL != DefaultBaseURL || s.Profile != DefaultProfile {
		t.Errorf("%+v", s)
	}
	if s.StateDir != filepath.Join(home, ".local", "state", "leadinspector") {
		t.Errorf("state dir %s", s.StateDir)
	}
	_, err = Load(Input{Flags: Flags{Config: filepath.Join(home, "nope.toml")}, Getenv: envMap(map[string]string{"HOME": home})})
	if err == nil || !strings.Contains(err.Error(), "no such file (named by --config)") {
		t.Errorf("a missing named file: %v", err)
	}
}

func TestPaths(t *testing.T) {
	env := map[string]string{"HOME": "/home/u"}
	p, _, _ := Path("", envMap(env))
	if p != "/home/u/.config/leadinspector/config.toml" {
		t.Error(p)
	}
	env["XDG_CONFIG_HOME"] = "relative/ignored"
	p, _, _ = Path("", envMap(env))
	if p != "/home/u/.config/leadinspector/config.toml" {
		t.Error(p)
	}
	env["XDG_CONFIG_HOME"] = "/x"
	p, _, _ = Path("", envMap(env))
	if p != "/x/leadinspector/config.toml" {
		t.Error(p)
	}
	env[EnvConfig] = "/env.toml"
	p, explicit, _ := Path("", envMap(env))
	if p != "/env.toml" || !explicit {
		t.Error(p)
	}
	p, _, _ = Path("/flag.toml", envMap(env))
	if p != "/flag.toml" {
		t.Error(p)
	}
	env["XDG_STATE_HOME"] = "/state"
	d, _ := StateDir(envMap(env))
	if d != "/state/leadinspector" {
		t.Error(d)
	}
	if _, err := StateDir(envMap(nil)); err == nil {
		t.Error("no HOME and no XDG_STATE_HOME must be an error")
	}
}

func TestPasswordSources(t *testing.T) {
	ctx := context.Background()
	base := "[profiles.p]\nusername = \"u\"\n"

	s, err := load(t, base+"password = \""+testPassword+"\"\n", Flags{}, map[string]string{EnvPassword: "from-env"})
	if err != nil {
		t.Fatal(err)
	}
	if pw, _ := s.Password(ctx); pw != "from-env" || s.PasswordSource().Detail != EnvPassword {
		t.Errorf("LEADINSPECTOR_PASSWORD must win, got source %v", s.PasswordSource())
	}

	s, _ = load(t, base+"password_command = \"printf '%s\\\\nsecond line\\\\n' "+testPassword+"\"\npassword = \"lit\"\n", Flags{}, nil)
	if pw, err := s.Password(ctx); err != nil || pw != testPassword {
		t.Errorf("password_command: %q %v", pw, err)
	}

	s, _ = load(t, base+"password_env = \"MY_PW\"\n", Flags{}, map[string]string{"MY_PW": testPassword})
	if pw, err := s.Password(ctx); err != nil || pw != testPassword {
		t.Errorf("password_env: %q %v", pw, err)
	}
	if !strings.Contains(s.PasswordSource().String(), "MY_PW, named by profiles.p.password_env, line 3") {
		t.Errorf("source %v", s.PasswordSource())
	}
	s, _ = load(t, base+"password_env = \"MY_PW\"\n", Flags{}, nil)
	if _, err := s.Password(ctx); err == nil || !strings.Contains(err.Error(), "names MY_PW, which is not set") {
		t.Errorf("unset password_env: %v", err)
	}

	s, _ = load(t, base+"password = \""+testPassword+"\"\n", Flags{}, nil)
	if u, pw, err := s.Credentials(ctx); err != nil || pw != testPassword || u != "u" {
		t.Errorf("literal: %v", err)
	}

	s, _ = load(t, base, Flags{}, nil)
	_, err = s.Password(ctx)
	if err == nil || !strings.Contains(err.Error(), `no password for profile "p"`) || !strings.Contains(err.Error(), EnvPassword) ||
		!strings.Contains(err.Error(), "password_command, password_env or password in [profiles.p]") {
		t.Errorf("missing password: %v", err)
	}
	s, _ = load(t, "[profiles.p]\n", Flags{}, nil)
	if _, _, err := s.Credentials(ctx); err == nil || !strings.Contains(err.Error(), `no username for profile "p"`) {
		t.Errorf("missing username: %v", err)
	}
}

func TestPasswordCommandFailures(t *testing.T) {
	ctx := context.Background()
	base := "[profiles.p]\nusername = \"u\"\n"
	s, _ := load(t, base+"password_command = \"echo "+testPassword+"; echo 'gpg: decryption failed: No secret key' >&2; exit 3\"\n", Flags{}, nil)
	_, err := s.Password(ctx)
	if err == nil {
		t.Fatal("no error")
	}
	want := `password_command of profile "p" failed (exit status 3): gpg: decryption failed: No secret key; run it in a shell to see why`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
	if strings.Contains(err.Error(), testPassword) {
		t.Error("error shows the password")
	}

	s, _ = load(t, base+"password_command = \"printf '\\\\033]0;evil\\\\007' >&2; exit 1\"\n", Flags{}, nil)
	if _, err := s.Password(ctx); err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("stderr not sanitised: %q", err)
	}

	s, _ = load(t, base+"password_command = \"true\"\n", Flags{}, nil)
	if _, err := s.Password(ctx); err == nil || !strings.Contains(err.Error(), "printed nothing") {
		t.Errorf("empty output: %v", err)
	}

	p := writeConfig(t, base+"password_command = \"sleep 10\"\n", 0o600)
	s, err = Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()}), CommandTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.Password(ctx)
	if err == nil || !strings.Contains(err.Error(), "did not finish within 100ms") {
		t.Errorf("timeout: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the timeout did not stop the command")
	}
}

func TestPermissionWarning(t *testing.T) {
	text := "[profiles.p]\nusername = \"u\"\npassword = \"" + testPassword + "\"\n"
	p := writeConfig(t, text, 0o644)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 1 {
		t.Fatalf("warnings %v", s.Warnings)
	}
	for _, l := range []*i18n.Localizer{i18n.New(i18n.English), i18n.New(i18n.Swedish)} {
		w := l.Say(s.Warnings[0])
		if !strings.Contains(w, "chmod 600") || !strings.Contains(w, p) || strings.Contains(w, testPassword) {
			t.Errorf("%s warning %q", l.Lang(), w)
		}
	}
	if w := i18n.New(i18n.Swedish).Say(s.Warnings[0]); !strings.Contains(w, "andra användare kan läsa") {
		t.Errorf("the Swedish warning is not in Swedish: %q", w)
	}
	p = writeConfig(t, text, 0o600)
	s, _ = Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
	if len(s.Warnings) != 0 {
		t.Errorf("0600 file warned: %v", s.Warnings)
	}
	p = writeConfig(t, "[profiles.p]\npassword_command = \"x\"\n", 0o644)
	s, _ = Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()})})
	if len(s.Warnings) != 0 {
		t.Errorf("a file without password warned: %v", s.Warnings)
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "leadinspector")
	p := filepath.Join(dir, "config.toml")
	if err := Init(p); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v %v", fi.Mode(), err)
	}
	di, _ := os.Stat(dir)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", di.Mode())
	}
	if err := os.WriteFile(p, []byte("# mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = Init(p)
	if err == nil || !strings.Contains(err.Error(), "already exists; not overwriting") {
		t.Errorf("overwrite: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "# mine\n" {
		t.Error("existing file changed")
	}
}

func TestUIAndDemo(t *testing.T) {
	s, err := load(t, "[ui]\nhistory_limit = 5\nwatch_interval = \"1m\"\nparallel = 8\nprivacy = true\n[ui.state_colors]\nNew = 33\nLeadAccepted = \"#abc\"\n",
		Flags{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.HistoryLimit != 5 || s.WatchInterval != time.Minute || s.Parallel != 8 || !s.Privacy ||
		s.StateColors["New"] != "33" || s.StateColors["LeadAccepted"] != "#abc" {
		t.Errorf("%+v", s)
	}
	p := writeConfig(t, "profile = \"x\"\n[profiles.x]\n[ui]\nparallel = 2\n", 0o600)
	s, err = Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": "/h", EnvProfile: "missing"}), Demo: true})
	if err != nil {
		t.Fatalf("demo must not resolve profiles: %v", err)
	}
	s.UseDemo("http://127.0.0.1:1", "demo", "demo", "M30011")
	if pw, _ := s.Password(context.Background()); pw != "demo" || s.Profile != "demo" || s.Parallel != 2 || s.Sources["base_url"].Kind != FromDemo {
		t.Errorf("%+v", s)
	}
}

func TestCAFile(t *testing.T) {
	dir := t.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Corp CA"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[profiles.p]\nca_file = \"ca.pem\"\n"), 0o600)
	s, err := Load(Input{Flags: Flags{Config: cfg}, Getenv: envMap(map[string]string{"HOME": dir})})
	if err != nil {
		t.Fatal(err)
	}
	if s.RootCAs == nil || s.CAFile != filepath.Join(dir, "ca.pem") {
		t.Errorf("ca_file not loaded: %+v", s)
	}
	os.WriteFile(cfg, []byte("[profiles.p]\n\nca_file = \"config.toml\"\n"), 0o600)
	_, err = Load(Input{Flags: Flags{Config: cfg}, Getenv: envMap(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), ":3: profiles.p.ca_file: ") || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("bad ca_file: %v", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(Starter))
	f.Add([]byte("profile = \"a\"\n[profiles.a]\ntimeout = \"1s\"\n[ui.state_colors]\nNew = 300\n"))
	f.Add([]byte("[profiles]\na = 1\n[[ui]]\n"))
	f.Add([]byte("a.b.c = 1\n\"x.y\".z = {q = [1, {r = 2}]}\n"))
	f.Add([]byte("[profiles.\"q\\\"x\"]\nbad = \"\x1b[31m\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		file, err := Parse("fuzz.toml", data)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("not a config error: %T %v", err, err)
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07\n") {
				t.Fatalf("unsafe error text %q", err)
			}
			return
		}
		for name := range file.Profiles {
			if file.Profiles[name] == nil {
				t.Fatal("nil profile")
			}
		}
	})
}
