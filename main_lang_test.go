package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"leadinspector/api/i18n"
	"leadinspector/config"
)

func TestLanguageOfTheCommandLine(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"get"}, "leadinspector: CUSTOMER_ID och LEAD_ID saknas (kör 'leadinspector get --help')"},
		{map[string]string{"LC_ALL": "sv_SE.UTF-8"}, []string{"gte"}, `okänt kommando "gte"; menade du get?`},
		{map[string]string{"LANG": "sv_SE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, []string{"get"}, "missing CUSTOMER_ID and LEAD_ID"},
		{map[string]string{"LEADINSPECTOR_LANG": "sv", "LANG": "en_US.UTF-8"}, []string{"get"}, "CUSTOMER_ID och LEAD_ID saknas"},
		// --lang wins, even on a command line that does not parse.
		{map[string]string{"LEADINSPECTOR_LANG": "sv"}, []string{"get", "--lang", "en"}, "missing CUSTOMER_ID and LEAD_ID"},
		{map[string]string{"LANG": "C"}, []string{"--lang=sv", "get", "--bogus"}, "okänd flagga --bogus"},
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"--demo"}, "inspektören behöver en terminal"},
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"get", "--timeout", "0s", "M", "L"}, `ogiltigt värde "0s" för flaggan --timeout: ange en tid över 0`},
	}
	for _, c := range cases {
		runCmd(t, c.env, "", c.args...).want(t, 2, c.want)
	}
}

func TestBadLanguageIsAUsageError(t *testing.T) {
	runCmd(t, nil, "", "--lang", "svenska", "version").want(t, 2, `invalid value "svenska" for flag --lang: use sv (Swedish) or en (English)`)
	runCmd(t, map[string]string{"LANG": "sv_SE.UTF-8"}, "", "version", "--lang=de").want(t, 2, `ogiltigt värde "de" för flaggan --lang`)
	runCmd(t, map[string]string{"LEADINSPECTOR_LANG": "fr"}, "", "version").want(t, 2, `LEADINSPECTOR_LANG: "fr" is not a language: use sv or en`)
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[ui]\nlanguage = \"se\"\n"), 0o600)
	runCmd(t, nil, "", "config", "check", "--config", p).want(t, 2, p+`:2: ui.language: "se" is not a language: use sv or en`)
}

func TestConfigCheckShowsTheLanguageAndWhere(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[profiles.p]\nusername = \"u\"\npassword_env = \"PW\"\n[ui]\nlanguage = \"sv\"\n"), 0o600)
	cases := []struct {
		env  map[string]string
		args []string
		re   string
	}{
		{map[string]string{"LANG": "en_GB.UTF-8"}, nil, `(?m)^ui\.language\s+sv\s+fil \(ui\.language, rad 5\)$`},
		{map[string]string{"LEADINSPECTOR_LANG": "en"}, nil, `(?m)^ui\.language\s+en\s+env \(LEADINSPECTOR_LANG\)$`},
		{nil, []string{"--lang", "en"}, `(?m)^ui\.language\s+en\s+flag \(--lang\)$`},
	}
	for _, c := range cases {
		env := map[string]string{"PW": testPassword}
		for k, v := range c.env {
			env[k] = v
		}
		o := runCmd(t, env, "", append([]string{"config", "check", "--config", p}, c.args...)...)
		o.want(t, 0)
		if !regexp.MustCompile(c.re).MatchString(o.stdout) {
			t.Errorf("%v %v: lacks %s:\n%s", c.env, c.args, c.re, o.stdout)
		}
	}
	o := runCmd(t, map[string]string{"LANG": "sv_SE.UTF-8"}, "", "config", "check")
	for _, re := range []string{`(?m)^ui\.language\s+sv\s+miljövariabel \(LANG=sv_SE\.UTF-8\)$`, `(?m)^password\s+inte angivet\s+—$`,
		`(?m)^konfigurationsfil: .* \(finns inte: inbyggda standardvärden gäller\)$`, `uppslagningar kan inte fungera`} {
		if !regexp.MustCompile(re).MatchString(o.stdout) {
			t.Errorf("Swedish config check lacks %s:\n%s", re, o.stdout)
		}
	}
}

// letters finds words: what a reader would take for text; paths finds
// absolute paths, which are data.
var (
	letters = regexp.MustCompile(`\p{L}{2,}`)
	paths   = regexp.MustCompile(`(^|\s)/\S*`)
)

// assertTranslated fails on any word outside Pseudo's markers in out that is
// not one of data's words (paths, ids, keys, values: what the program shows
// as it is).
func assertTranslated(t *testing.T, what, out string, data ...string) {
	t.Helper()
	if !strings.Contains(out, i18n.MarkOpen) {
		t.Errorf("%s: no message at all in the pseudo language:\n%s", what, out)
	}
	allowed := map[string]bool{}
	for _, d := range append(data, "leadinspector") {
		for _, w := range letters.FindAllString(d, -1) {
			allowed[w] = true
		}
	}
	for _, s := range i18n.Unmarked(out) {
		for _, w := range letters.FindAllString(paths.ReplaceAllString(s, " "), -1) {
			if !allowed[w] {
				t.Errorf("%s: %q is not from a catalogue (in %q):\n%s", what, w, s, out)
			}
		}
	}
}

func TestEveryCommandLineTextComesFromTheCatalogues(t *testing.T) {
	pseudo := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
	dir := t.TempDir()
	env := map[string]string{"LEADINSPECTOR_LANG": "pseudo", "XDG_CONFIG_HOME": dir}
	path := filepath.Join(dir, "leadinspector", "config.toml")

	o := runCmd(t, env, "", "config", "init")
	o.want(t, 0)
	assertTranslated(t, "config init", o.stdout+o.stderr, path, "username", "password_command", "password_env", "password", "config check")

	// The starter with a password: config check says it all without an error.
	env["LEADINSPECTOR_PASSWORD"] = testPassword
	o = runCmd(t, env, "", "config", "check")
	o.want(t, 0)
	data := append([]string{path, dir, "prod", "partner", "user", "https://connect.maklare.vitec.net", "json", "false", "New=#5fafff", "pseudo", "LEADINSPECTOR_PASSWORD", "M30011"},
		config.SettingKeys...)
	assertTranslated(t, "config check", o.stdout+o.stderr, data...)

	// Nothing set: the not-found and not-set words.
	o = runCmd(t, map[string]string{"LEADINSPECTOR_LANG": "pseudo", "LEADINSPECTOR_USERNAME": "u", "LEADINSPECTOR_PASSWORD": testPassword}, "", "config", "check")
	o.want(t, 0)
	assertTranslated(t, "config check, no file", o.stdout+o.stderr, append([]string{"default", "LEADINSPECTOR_USERNAME", "LEADINSPECTOR_PASSWORD",
		"LEADINSPECTOR_LANG", "pseudo", "https://connect.maklare.vitec.net", "json", "false"},
		config.SettingKeys...)...)

	for _, args := range [][]string{
		{"frobnicate"}, {"gte"}, {"get"}, {"get", "M30011"}, {"get", "--format", "yaml", "M", "L"}, {"get", "--accept", "text", "M", "L"},
		{"get", "--parallel", "17", "M", "L"}, {"get", "--parallel", "x", "M", "L"}, {"get", "--timeout", "soon", "M", "L"},
		{"get", "--timeout", "0s", "M", "L"}, {"get", "--timeout"}, {"get", "--password", "x"}, {"get", "--nope"}, {"get", "--demo=maybe", "M", "L"},
		{"get", "M", "L", "-", "L2"}, {"get", "--raw", "M", "L", "L2"}, {"get", "--format", "xml", "M", "L", "L2"}, {"---x"},
		{"config"}, {"config", "chek"}, {"config", "a", "b"}, {"help", "nope"}, {"version", "extra"}, {"--demo", "--profile", "p", "get", "M", "L"},
		{"--lang", "fi"}, {"--demo"},
	} {
		o := runCmd(t, pseudo, "", args...)
		o.want(t, 2)
		assertTranslated(t, strings.Join(args, " "), o.stderr, append(args, "CUSTOMER_ID", "LEAD_ID", "HOST", "PORT", "get", "demo", "config",
			"version", "help", "init", "path", "check", "sv", "en", "json", "xml", "text", "true", "false", "password_command", "LEADINSPECTOR_PASSWORD",
			"addr", "base-url", "profile", "username", "format", "raw", "parallel", "timeout", "lang", "stdin")...)
	}
}

func TestDemoBannerComesFromTheCatalogues(t *testing.T) {
	for _, lang := range []string{"pseudo", "sv"} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan int)
		env := map[string]string{"LEADINSPECTOR_LANG": lang, "HOME": t.TempDir()}
		go func() {
			done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, pw)
			pw.Close()
		}()
		// The banner ends with how to stop it; then the demo serves until
		// cancelled.
		var b strings.Builder
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "ctrl+c") {
				break
			}
		}
		cancel()
		go io.Copy(io.Discard, pr)
		if code := <-done; code != 0 {
			t.Errorf("%s: exit %d:\n%s", lang, code, b.String())
		}
		s := b.String()
		switch lang {
		case "pseudo":
			assertTranslated(t, "demo banner", s, "http://127.0.0.1", "LEADINSPECTOR_PASSWORD", "demo", "get", "base-url", "username",
				"curl", "CRM", "Lead", "Incoming", "list", "M30011", "LED", "leadinspector")
		case "sv":
			for _, want := range []string{"DEMO-API (påhittade leads) på http://127.0.0.1:", "användarnamn: demo", "Tryck ctrl+c för att stoppa."} {
				if !strings.Contains(s, want) {
					t.Errorf("Swedish banner lacks %q:\n%s", want, s)
				}
			}
		}
	}
}
