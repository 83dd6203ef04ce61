package config

import (
	"context"
	"strings"
	"testing"
)

// The website credentials come from the same kinds of source as the CRM
// ones; without them the caller is told to use the profile's own; the CRM
// password's environment variable never stands in for the website one.
func TestWebsiteCredentials(t *testing.T) {
	ctx := context.Background()
	base := "[profiles.p]\nusername = \"u\"\npassword = \"crm\"\n"
	for name, tc := range map[string]struct {
		extra    string
		env      map[string]string
		user, pw string
		ok       bool
		fails    string
	}{
		"none":          {"", map[string]string{EnvPassword: "crm-env"}, "", "", false, ""},
		"command":       {"website_username = \"w\"\nwebsite_password_command = \"echo web-cmd\"\n", nil, "w", "web-cmd", true, ""},
		"env":           {"website_password_env = \"WEB_PW\"\n", map[string]string{"WEB_PW": "web-env"}, "u", "web-env", true, ""},
		"literal":       {"website_password = \"web-lit\"\n", nil, "u", "web-lit", true, ""},
		"username only": {"website_username = \"w\"\n", nil, "w", "crm", true, ""},
		"env unset":     {"website_password_env = \"WEB_PW\"\n", nil, "", "", true, "website credentials: password_env"},
	} {
		s, err := load(t, base+tc.extra, Flags{}, tc.env)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		u, pw, ok, err := s.WebsiteCredentials(ctx)
		if tc.fails != "" {
			if err == nil || !strings.Contains(err.Error(), tc.fails) {
				t.Errorf("%s: error %v, want %q", name, err, tc.fails)
			}
			continue
		}
		if err != nil || u != tc.user || pw != tc.pw || ok != tc.ok {
			t.Errorf("%s: %q %q %v %v, want %q %q %v", name, u, pw, ok, err, tc.user, tc.pw, tc.ok)
		}
	}
	s, _ := load(t, base+"website_password = \"web-lit\"\n", Flags{}, nil)
	if src := s.WebsitePasswordSource().String(); !strings.Contains(src, "profiles.p.website_password") {
		t.Errorf("source %q", src)
	}
	// A misspelt key gets a suggestion.
	if _, err := load(t, base+"webiste_password = \"x\"\n", Flags{}, nil); err == nil || !strings.Contains(err.Error(), "website_password") {
		t.Errorf("misspelt key: %v", err)
	}
}
