package api

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"leadinspector/api/base/i18n"
)

// BaseURLError is a base URL CheckBaseURL refused. Error is the English;
// Localize words it in the user's language.
type BaseURLError struct{ Says i18n.Message }

func (e *BaseURLError) Error() string { return i18n.InEnglish(e.Says) }

// Localize words the problem in l's language.
func (e *BaseURLError) Localize(l *i18n.Localizer) string { return l.Say(e.Says) }

var _ i18n.Localized = (*BaseURLError)(nil)

// CheckBaseURL parses and vets a base URL for Express Connect. It must be
// https, or http to a loopback host only (Basic auth would otherwise travel
// in clear), carry no credentials, query or fragment. The returned URL has no
// trailing slash in its path.
func CheckBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, &BaseURLError{i18n.M("api.base_url.empty")}
	}
	// Echo the URL in errors only when it cannot hold credentials: with an
	// "@" anywhere (user:pass@host, even unparsable or without a scheme) it
	// is described, never shown.
	var shown any = strconv.Quote(raw)
	if strings.Contains(raw, "@") {
		shown = i18n.M("api.base_url.not_shown")
	}
	errCreds := &BaseURLError{i18n.M("api.base_url.credentials")}
	refuse := func(m i18n.Message) error { return &BaseURLError{m} }
	u, err := url.Parse(raw)
	if err != nil {
		if strings.Contains(raw, "@") {
			return nil, errCreds
		}
		return nil, refuse(i18n.M("api.base_url.not_url", "URL", shown))
	}
	if u.User != nil {
		return nil, errCreds
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, refuse(i18n.M("api.base_url.scheme", "URL", shown))
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, refuse(i18n.M("api.base_url.no_host", "URL", shown))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, refuse(i18n.M("api.base_url.query", "URL", shown))
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return nil, refuse(i18n.M("api.base_url.plain_http", "URL", shown))
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
