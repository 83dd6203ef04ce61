package api

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	ok := []struct{ in, want string }{
		{"https://connect.maklare.vitec.net", "https://connect.maklare.vitec.net"},
		{" https://connect.maklare.vitec.net/ ", "https://connect.maklare.vitec.net"},
		{"https://proxy.example.com/vitec/", "https://proxy.example.com/vitec"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"http://127.0.0.1:1234/", "http://127.0.0.1:1234"},
		{"http://[::1]:99", "http://[::1]:99"},
		{"http://LOCALHOST:9", "http://LOCALHOST:9"},
		{"http://localhost.:9", "http://localhost.:9"},
		{"http://127.1.2.3:9", "http://127.1.2.3:9"},
	}
	for _, tt := range ok {
		u, err := CheckBaseURL(tt.in)
		if err != nil {
			t.Errorf("CheckBaseURL(%q): %v", tt.in, err)
			continue
		}
		if u.String() != tt.want {
			t.Errorf("CheckBaseURL(%q) = %q, want %q", tt.in, u, tt.want)
		}
	}
	bad := []struct{ in, wantErr string }{
		{"", "empty"},
		{"connect.maklare.vitec.net", "https://"},
		{"ftp://example.com", "https://"},
		{"https://", "no host"},
		{"http://connect.maklare.vitec.net", "plain http"},
		{"http://10.0.0.1", "plain http"},
		// Names a resolver or a proxy could send anywhere.
		{"http://demo.localhost", "plain http"},
		{"http://x.localhost:9", "plain http"},
		{"http://LOCALHOST.evil:9", "plain http"},
		{"http://localhost..:9", "plain http"},
		{"http://localhost.example.com", "plain http"},
		{"http://[fe80::1%25lo]:9", "plain http"},
		{"http://0.0.0.0:9", "plain http"},
		{"https://example.com/?x=1", "query"},
		{"https://example.com/#top", "fragment"},
		{"https://user:" + testPassword + "@example.com", "username or password"},
		{"ftp://user:" + testPassword + "@example.com", "username or password"},
		{"user:" + testPassword + "@example.com", "not shown"},
		{"https://user:" + testPassword + "@exa mple.com", "username or password"},
		{"https://example.com/a@b?x=1", "not shown"},
		{"https://exa mple.com", "not a URL"},
	}
	for _, tt := range bad {
		_, err := CheckBaseURL(tt.in)
		if err == nil {
			t.Errorf("CheckBaseURL(%q) accepted it", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("CheckBaseURL(%q) = %q, want it to mention %q", tt.in, err, tt.wantErr)
		}
		noPassword(t, err)
	}
}
