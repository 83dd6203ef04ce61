package api

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckBaseURL parses and vets a base URL for Express Connect. It must be
// https, or http to a loopback host only (Basic auth would otherwise travel
// in clear), carry no credentials, query or fragment. The returned URL has no
// trailing slash in its path.
func CheckBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("base URL is empty")
	}
	// Echo the URL in errors only when it cannot hold credentials: with an
	// "@" anywhere (user:pass@host, even unparsable or without a scheme) it
	// is described, never shown.
	shown := fmt.Sprintf("%q", raw)
	if strings.Contains(raw, "@") {
		shown = "(not shown: it contains \"@\")"
	}
	errCreds := errors.New("base URL must not contain a username or password; set username in the profile and the password as documented")
	u, err := url.Parse(raw)
	if err != nil {
		if strings.Contains(raw, "@") {
			return nil, errCreds
		}
		return nil, fmt.Errorf("base URL %s is not a URL", shown)
	}
	if u.User != nil {
		return nil, errCreds
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("base URL %s must start with https://", shown)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("base URL %s has no host", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %s must not have a query or fragment", shown)
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return nil, fmt.Errorf("base URL %s uses plain http: the password would travel in clear; use https:// (http is allowed only for localhost)", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// IsLoopback reports whether host names this machine beyond doubt: a
// literal loopback IP (127.0.0.0/8, ::1) or exactly "localhost", in any case
// and with at most one trailing dot. Names under .localhost and anything
// else that would need a resolver to say where it points are not: DNS or a
// proxy could send them anywhere, and with them the password.
func IsLoopback(host string) bool {
	if isLocalhostName(host) {
		return true
	}
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.Contains(h, "%") {
		return false // a zone makes it a link-local address, not loopback
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// isLocalhostName reports whether host is the name "localhost" (any case,
// one trailing dot allowed), which is resolved and then dialled only to
// loopback addresses.
func isLocalhostName(host string) bool {
	return strings.EqualFold(strings.TrimSuffix(host, "."), "localhost")
}
