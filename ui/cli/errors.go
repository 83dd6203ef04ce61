package cli

import (
	"errors"
	"fmt"
	"net/http"

	"leadinspector/api"
	"leadinspector/config"
)

// Lookup is what an error message needs to know about the lookup that
// failed, to say what to do next.
type Lookup struct {
	Profile    string
	Host       string
	Username   string
	CustomerID string
	LeadID     string
	// Demo is true for the built-in demo API.
	Demo bool
}

// Describe turns an error into the one line a user reads (what happened,
// what to do next, the server's own message) and the exit code.
func Describe(err error, l Lookup) (msg string, code int) {
	var (
		unauth   *api.UnauthorizedError
		forbid   *api.ForbiddenError
		notFound *api.NotFoundError
		rejected *api.RejectedError
		server   *api.ServerError
		network  *api.NetworkError
		bad      *api.BadResponseError
		input    *api.InputError
		usage    *UsageError
		cfg      *config.Error
	)
	switch {
	case errors.As(err, &unauth):
		return said(fmt.Sprintf("authentication failed (HTTP 401) for profile %q: check username and password", l.Profile), unauth.Message), ExitAuth
	case errors.As(err, &forbid):
		return said(fmt.Sprintf("no access (HTTP 403): user %q may not read leads of customer %s: check the customer id, or ask Vitec to grant this user the customer's CRM function group",
			l.Username, l.CustomerID), forbid.Message), ExitForbidden
	case errors.As(err, &notFound):
		return said(fmt.Sprintf("not found (HTTP 404): customer %s has no lead %s, or this user cannot see it: check both ids",
			l.CustomerID, l.LeadID), notFound.Message), ExitNotFound
	case errors.As(err, &rejected):
		m := rejected.Message
		if f := rejected.FieldSummary(); f != "" {
			if m != "" {
				m += " "
			}
			m += f
		}
		return said("request rejected (HTTP 400): check the customer id and the lead id", m), ExitRejected
	case errors.As(err, &server):
		what := fmt.Sprintf("server error (HTTP %d %s) from %s: a problem on Vitec's side: retry later, or contact Vitec if it persists",
			server.Status, http.StatusText(server.Status), l.Host)
		switch {
		case server.Status == http.StatusTooManyRequests:
			what = fmt.Sprintf("too many requests (HTTP 429) to %s: wait a while and retry", l.Host)
		case server.Status < 500:
			what = fmt.Sprintf("unexpected answer (HTTP %d %s) from %s: check base_url of profile %q",
				server.Status, http.StatusText(server.Status), l.Host, l.Profile)
		}
		return said(what, server.Message), ExitHTTP
	case errors.As(err, &network):
		if network.Canceled {
			return "cancelled", ExitNetwork
		}
		return network.Error(), ExitNetwork
	case errors.As(err, &bad):
		next := fmt.Sprintf("check that base_url of profile %q points at Express Connect (a proxy or login page may be answering)", l.Profile)
		switch bad.Reason {
		case api.WrongContentType:
			next = fmt.Sprintf("check base_url of profile %q, and whether a proxy wants you to sign in", l.Profile)
		case api.TooLarge:
			next = "raise max_body_mib in the profile if the lead is really that large"
		case api.Truncated:
			next = "retry; if it keeps happening, check the connection or proxy"
		}
		return bad.Error() + ": " + next, ExitBadResponse
	case errors.As(err, &input):
		return input.Error(), ExitUsage
	case errors.As(err, &usage):
		return usage.Error(), ExitUsage
	case errors.As(err, &cfg):
		return cfg.Error(), ExitUsage
	}
	return "internal error: " + err.Error(), ExitInternal
}

func said(what, server string) string {
	if server == "" {
		return what
	}
	return what + " (server said: " + server + ")"
}

// Redact replaces the password in msg (see api.Redact).
func Redact(msg, username, password string) string { return api.Redact(msg, username, password) }
