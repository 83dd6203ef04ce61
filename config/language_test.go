package config

import (
	"strings"
	"testing"

	"leadinspector/api/base/i18n"
)

func TestLanguagePrecedence(t *testing.T) {
	const sv, en = "[ui]\nlanguage = \"sv\"\n", "[ui]\nlanguage = \"en\"\n"
	cases := []struct {
		name     string
		file     string
		flag     i18n.Lang
		env      map[string]string
		want     i18n.Lang
		wantFrom string
	}{
		{"nothing set", "", "", nil, i18n.English, "default"},
		{"LANG", "", "", map[string]string{"LANG": "sv_SE.UTF-8"}, i18n.Swedish, "env (LANG=sv_SE.UTF-8)"},
		{"LC_MESSAGES over LANG", "", "", map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, i18n.Swedish, "env (LC_MESSAGES=sv_SE.UTF-8)"},
		{"LC_ALL over LC_MESSAGES", "", "", map[string]string{"LC_ALL": "de_DE.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, i18n.English, "env (LC_ALL=de_DE.UTF-8)"},
		{"empty LC_ALL is unset", "", "", map[string]string{"LC_ALL": "", "LANG": "sv"}, i18n.Swedish, "env (LANG=sv)"},
		{"file over locale", en, "", map[string]string{"LANG": "sv_SE.UTF-8"}, i18n.English, "file (ui.language, line 2)"},
		{"LEADINSPECTOR_LANG over file", en, "", map[string]string{EnvLang: "sv"}, i18n.Swedish, "env (LEADINSPECTOR_LANG)"},
		{"flag over everything", sv, i18n.English, map[string]string{EnvLang: "sv", "LC_ALL": "sv_SE"}, i18n.English, "flag (--lang)"},
	}
	for _, c := range cases {
		s, err := load(t, c.file, Flags{Lang: c.flag}, c.env)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if s.Language != c.want || s.Sources["ui.language"].String() != c.wantFrom {
			t.Errorf("%s: %q from %q, want %q from %q", c.name, s.Language, s.Sources["ui.language"], c.want, c.wantFrom)
		}
		// Language, used before Load, agrees with it.
		l, src, err := Language(Input{Flags: Flags{Lang: c.flag, Config: s.ConfigPath}, Getenv: envMap(c.env)})
		if err != nil || l != c.want || src.String() != c.wantFrom {
			t.Errorf("%s: Language = %q from %q (%v)", c.name, l, src, err)
		}
	}
}

func TestBadLanguagesAreClearErrors(t *testing.T) {
	_, err := load(t, "[ui]\nhistory_limit = 5\nlanguage = \"svenska\"\n", Flags{}, nil)
	if err == nil || !strings.Contains(err.Error(), `:3: ui.language: "svenska" is not a language: use sv or en`) {
		t.Errorf("file: %v", err)
	}
	_, err = load(t, "[ui]\nlangauge = \"sv\"\n", Flags{}, nil)
	if err == nil || !strings.Contains(err.Error(), "did you mean ui.language?") {
		t.Errorf("misspelt key: %v", err)
	}
	_, err = load(t, "", Flags{}, map[string]string{EnvLang: "fr", "LANG": "sv_SE.UTF-8"})
	if err == nil || !strings.Contains(err.Error(), `LEADINSPECTOR_LANG: "fr" is not a language: use sv or en`) {
		t.Errorf("env: %v", err)
	}
	// The error is worded in the locale's language.
	l, _, err := Language(Input{Getenv: envMap(map[string]string{EnvLang: "fr", "LANG": "sv_SE.UTF-8", "HOME": t.TempDir()})})
	if err == nil || l != i18n.Swedish {
		t.Errorf("Language = %q, %v", l, err)
	}
	// A broken file does not stop Language: Load reports it.
	p := writeConfig(t, "[ui\n", 0o600)
	l, _, err = Language(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"LANG": "sv"})})
	if err != nil || l != i18n.Swedish {
		t.Errorf("broken file: %q, %v", l, err)
	}
}
