package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"leadinspector/config"
)

// configFaults are config files with one problem each, as a user writes
// them: what config check, get and the inspector's start report.
var configFaults = map[string]string{
	"unknown key":        "[profiles.p]\nbase_ur = \"https://x.example\"\n",
	"unknown, no hint":   "[profiles.p]\nfrobnicate = 1\nwibble = 2\n",
	"syntax":             "[profiles.p\n",
	"syntax, password":   "[profiles.p]\npassword = \"abc\n",
	"wrong type":         "[profiles.p]\ntimeout = 5\n",
	"out of range":       "[ui]\nparallel = 99\n",
	"not a duration":     "[profiles.p]\ntimeout = \"soon\"\n",
	"bad colour":         "[ui.state_colors]\nNew = \"mauve\"\n",
	"bad bool":           "[ui]\nprivacy = \"yes\"\n",
	"bad format":         "[profiles.p]\nformat = \"yaml\"\n",
	"bad language":       "[ui]\nlanguage = \"fi\"\n",
	"plain http":         "[profiles.p]\nbase_url = \"http://x.example\"\n",
	"credentials in url": "[profiles.p]\nbase_url = \"https://u:" + testPassword + "@x.example\"\n",
	"value for table":    "profiles = 3\n",
	"undefined profile":  "profile = \"q\"\n[profiles.p]\nusername = \"u\"\n",
	"several profiles":   "[profiles.a]\nusername = \"u\"\n[profiles.b]\nusername = \"u\"\n",
	"bad env name":       "[profiles.p]\nusername = \"u\"\npassword_env = \"A B\"\n",
}

// configData are the words a config problem shows as they are: keys,
// values, flags and environment variables.
var configData = append([]string{"leadinspector", "profiles", "base_ur", "base_url", "frobnicate", "timeout", "parallel", "soon",
	"state_colors", "New", "mauve", "rrggbb", "rgb", "ANSI", "privacy", "yes", "true", "false", "format", "yaml", "json", "xml",
	"language", "fi", "sv", "en", "https", "http", "localhost", "x.example", "URL", "profile", "username", "password_env",
	"password_command", "password", "NAME", "init", "config", "check", "get", "demo", "chmod", "LEADINSPECTOR_USERNAME",
	"LEADINSPECTOR_PASSWORD", "LEADINSPECTOR_BASE_URL", "LEADINSPECTOR_PROFILE", "PEM", "BEGIN", "CERTIFICATE", "ui", "UTF",
	"CUSTOMER", "LEAD", "CRM", "Lead", "Incoming", "customer", "lead", "M1", "L1", "pseudo", "https://connect.maklare.vitec.net",
	"default", "mode", "U+0001"}, config.SettingKeys...)

func writeFault(t *testing.T, text string, mode os.FileMode) string {
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

func TestPseudoLocaleCoversConfigProblems(t *testing.T) {
	pseudo := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
	for name, text := range configFaults {
		p := writeFault(t, text, 0o600)
		for _, args := range [][]string{{"config", "check", "--config", p}, {"get", "--config", p, "M1", "L1"}} {
			o := runCmd(t, pseudo, "", args...)
			if o.code != 2 {
				t.Errorf("%s: %v exit %d, want 2:\n%s%s", name, args, o.code, o.stdout, o.stderr)
			}
			// The TOML parser's own words ("expected …") are no catalogue's.
			if strings.HasPrefix(name, "syntax") && !strings.Contains(name, "password") {
				continue
			}
			assertTranslated(t, name+": "+strings.Join(args[:2], " "), o.stderr, configData...)
		}
	}

	// Problems of the environment and the command line, not the file.
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{config.EnvBaseURL: "ftp://x.example"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvBaseURL: "https://u:p@x.example"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvBaseURL: "https://x.example?q=1"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvProfile: "nope"}, []string{"get", "M1", "L1"}},
		{nil, []string{"get", "M1", "L1"}},                                        // no username
		{map[string]string{config.EnvUsername: "u"}, []string{"get", "M1", "L1"}}, // no password
		{nil, []string{"--demo", "get", "M1", "a\x01b"}},
		{nil, []string{"--demo", "get", "M1", "."}},
		{nil, []string{"--demo", "get", "M1", strings.Repeat("x", 41)}},
		{nil, []string{"--demo", "get", "M1", "https://x.example/not/a/lead"}},
	} {
		env := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
		for k, v := range c.env {
			env[k] = v
		}
		o := runCmd(t, env, "", c.args...)
		if o.code != 2 {
			t.Errorf("%v %v: exit %d, want 2:\n%s", c.env, c.args, o.code, o.stderr)
		}
		assertTranslated(t, strings.Join(c.args, " "), o.stderr, append(configData, "nope", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"not", "ftp", "https://x.example/not/a/lead", "q")...)
	}

	// A readable password file warns, and config check says so; the
	// password_env problem is reported too.
	p := writeFault(t, "[profiles.p]\nusername = \"u\"\npassword = \""+testPassword+"\"\n", 0o644)
	o := runCmd(t, pseudo, "", "config", "check", "--config", p)
	if !strings.Contains(o.stderr, "chmod 600") {
		t.Errorf("no warning about the readable file:\n%s", o.stderr)
	}
	assertTranslated(t, "readable password", o.stdout+o.stderr, append(configData, p, "p", "u", "••••")...)
}

func TestSwedishConfigCheckWithABrokenConfig(t *testing.T) {
	sv := map[string]string{"LANG": "sv_SE.UTF-8"}
	for _, c := range []struct{ fault, want string }{
		{"unknown key", ":2: profiles.p.base_ur: okänd nyckel (menade du profiles.p.base_url?)"},
		{"unknown, no hint", ":2: profiles.p.frobnicate: okänd nyckel (kör 'leadinspector config init' i en tillfällig katalog för att se alla nycklar, eller läs startfilen); ytterligare 1 okänd nyckel efter den"},
		{"wrong type", ":2: profiles.p.timeout: måste vara en tidslängd inom citattecken, till exempel \"15s\" eller \"1m\", inte ett tal"},
		{"out of range", ":2: ui.parallel: 99 ligger utanför intervallet: använd ett heltal från 1 till"},
		{"plain http", `:2: profiles.p.base_url: bas-URL:en "http://x.example" använder okrypterad http`},
		{"credentials in url", ":2: profiles.p.base_url: bas-URL:en får inte innehålla användarnamn eller lösenord"},
		{"syntax, password", ":2: syntaxfel (detaljerna visas inte: raden kan innehålla ett lösenord; kontrollera citattecknen)"},
		{"several profiles", `: flera profiler (a, b) och ingen vald: lägg till profile = "a" överst i filen`},
		{"undefined profile", `:1: profile: anger profilen "q", som filen inte definierar (profiler: p)`},
	} {
		p := writeFault(t, configFaults[c.fault], 0o600)
		o := runCmd(t, sv, "", "config", "check", "--config", p)
		o.want(t, 2, p+c.want)
		for _, english := range []string{"unknown", "did you mean", "must", "not a", "syntax error", "profiles:", "password would"} {
			if strings.Contains(o.stderr, english) {
				t.Errorf("%s: English %q in the Swedish message: %s", c.fault, english, o.stderr)
			}
		}
	}
	// The lookup's own problems, as config check lists them.
	p := writeFault(t, "[profiles.p]\nusername = \"u\"\npassword_env = \"NOPE\"\n", 0o600)
	o := runCmd(t, sv, "", "config", "check", "--config", p)
	if !strings.Contains(o.stdout+o.stderr, `password_env i profilen "p" anger NOPE, som inte är satt eller är tom`) {
		t.Errorf("the password problem is not in Swedish:\n%s%s", o.stdout, o.stderr)
	}
	// A file that is not there, in the user's words rather than the system's.
	p = writeFault(t, "[profiles.p]\nca_file = \"nope.pem\"\n", 0o600)
	o = runCmd(t, sv, "", "config", "check", "--config", p)
	o.want(t, 2, ":2: profiles.p.ca_file: kan inte läsa "+filepath.Join(filepath.Dir(p), "nope.pem")+": filen eller katalogen finns inte")
	// The readable file's warning.
	p = writeFault(t, "[profiles.p]\nusername = \"u\"\npassword = \""+testPassword+"\"\n", 0o644)
	o = runCmd(t, sv, "", "config", "check", "--config", p)
	if !strings.Contains(o.stderr, "andra användare kan läsa filen (läge 0644): kör 'chmod 600 "+p+"'") {
		t.Errorf("the warning is not in Swedish:\n%s", o.stderr)
	}
}
