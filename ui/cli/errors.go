package cli

import (
	"errors"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
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
	// Privacy masks personal data in the server's words (--privacy).
	Privacy bool
	// Now and Loc turn a server's Retry-After into a clock time; zero Now
	// words it as a wait ("in 2 min").
	Now time.Time
	Loc *time.Location
	// Localizer words the line; nil means English.
	Localizer *i18n.Localizer
}

// Describe turns an error into the one line a user reads (what happened,
// what to do next, the server's own words: api.Explain's wording, the same
// the inspector's status bar shows) and the exit code.
func Describe(err error, l Lookup) (msg string, code int) {
	var (
		usage *UsageError
		cfg   *config.Error
	)
	switch {
	case errors.As(err, &usage):
		if l.Localizer != nil {
			return usage.Localize(l.Localizer), ExitUsage
		}
		return usage.Error(), ExitUsage
	case errors.As(err, &cfg):
		return cfg.Localize(l.Localizer), ExitUsage
	}
	x := api.Explain(err, api.ExplainContext{
		Profile: l.Profile, CustomerID: l.CustomerID, Privacy: l.Privacy,
		Now: l.Now, Loc: l.Loc, Localizer: l.Localizer,
	})
	return x.Line(false), ExitCode(x.Kind)
}

// ExitCode is the exit code the README lists for a kind of failure.
func ExitCode(k api.Kind) int {
	switch k {
	case api.KindAuth:
		return ExitAuth
	case api.KindForbidden:
		return ExitForbidden
	case api.KindNotFound:
		return ExitNotFound
	case api.KindRejected:
		return ExitRejected
	case api.KindServer:
		return ExitHTTP
	case api.KindNetwork:
		return ExitNetwork
	case api.KindBadResponse:
		return ExitBadResponse
	case api.KindInput:
		return ExitUsage
	}
	return ExitInternal
}

// Redact replaces the password in msg (see api.Redact).
func Redact(msg, username, password string) string { return api.Redact(msg, username, password) }
