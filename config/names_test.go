package config

import (
	"strings"
	"testing"
)

func TestControlCharactersInNamesAreRefused(t *testing.T) {
	cases := []struct{ text, want string }{
		{"[profiles.\"prod\\u0007\"]\nusername = \"u\"\n", `:1: profiles."prod\a": the key holds a control or invisible character (U+0007)`},
		{"[profiles.prod]\nusername = \"u\"\n[profiles.\"te\\u200dst\"]\nusername = \"v\"\n", `:3: profiles."te\u200dst": the key holds a control or invisible character (U+200D)`},
		{"[ui.state_colors]\nNew = \"#fff\"\n\"Evil\\u001b[31m\" = \"#f00\"\n", `:3: ui.state_colors.`},
		{"profile = \"p\\u202e\"\n[profiles.\"p\\u202e\"]\n", `the key holds a control or invisible character (U+202E)`},
	}
	for _, c := range cases {
		_, err := load(t, c.text, Flags{}, nil)
		if err == nil {
			t.Errorf("accepted:\n%s", c.text)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || strings.ContainsAny(err.Error(), "\a\x1b\u200d\u202e") {
			t.Errorf("%q: error %q, want it to contain %q, with nothing invisible", c.text, err, c.want)
		}
	}
	// An ordinary quoted name with a space or non-ASCII letters is fine.
	if _, err := load(t, "[profiles.\"Prod Sverige ö\"]\nusername = \"u\"\n", Flags{}, nil); err != nil {
		t.Errorf("plain name refused: %v", err)
	}
}

func TestControlCharactersInProfileFlagOrEnv(t *testing.T) {
	text := "[profiles.prod]\nusername = \"u\"\n"
	_, err := load(t, text, Flags{Profile: "prod\x1b]0;x\a"}, nil)
	if err == nil || !strings.Contains(err.Error(), `--profile: profile name "prod\x1b]0;x\a" holds a control`) {
		t.Errorf("flag: %v", err)
	}
	_, err = load(t, text, Flags{}, map[string]string{EnvProfile: "prod\n"})
	if err == nil || !strings.Contains(err.Error(), EnvProfile+`: profile name "prod\n" holds a control`) {
		t.Errorf("env: %v", err)
	}
}
