package api

import (
	"fmt"
	"leadinspector/api/base/i18n"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The error types below are what the client returns; callers tell them apart
// with errors.As. Messages from the server are sanitised and shortened before
// they are stored, so Error() is always safe to print.

// Response describes the HTTP response behind an error, for the raw view's
// header line and the status bar. Nil when no response arrived.
type Response struct {
	Method      string
	Path        string
	Host        string
	Accept      string
	Status      int
	ContentType string
	Size        int64
	Duration    time.Duration
	Attempts    int
	// Body is the start of the response body (at most a few KiB), as received.
	Body []byte
}

// StatusError is the part every HTTP status error shares.
type StatusError struct {
	Status int
	// Message is the server's own message (JSON or XML Message, a text
	// body, or an HTML page's title), sanitised; "" when there was none.
	Message  string
	Response *Response
	// RetryAfter is the wait the server asked for with Retry-After (429,
	// 503), at most a day (it bounds a wait, not the words); zero when it
	// did not say.
	RetryAfter time.Duration
	// RetryAt is when the server asks us to retry, unclamped: the answer's
	// arrival plus its Retry-After seconds, or its HTTP date (year 9999
	// too). Zero when it did not say. Answered is when the answer arrived,
	// so that every surface words RetryAt from the same moment.
	RetryAt, Answered time.Time
	// RedirectedTo is the host (and port) a redirect took the request to
	// when the answer came from another host than the base URL's, which
	// is never sent the credentials; "" when it came from the base URL's.
	RedirectedTo string
}

func (e *StatusError) describe(what string) string {
	s := fmt.Sprintf("%s (HTTP %d %s)", what, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// UnauthorizedError is a 401: the username or password is wrong.
type UnauthorizedError struct{ StatusError }

func (e *UnauthorizedError) Error() string {
	if e.RedirectedTo != "" {
		return i18n.InEnglish(i18n.M("explain.auth.redirected", "Host", e.RedirectedTo))
	}
	return e.describe("authentication failed")
}

// ForbiddenError is a 403: the user has no access to the customer or to the
// CRM function group.
type ForbiddenError struct{ StatusError }

func (e *ForbiddenError) Error() string { return e.describe("no access") }

// NotFoundError is a 404: no such lead for this customer (or no access to it).
type NotFoundError struct{ StatusError }

func (e *NotFoundError) Error() string { return e.describe("not found") }

// RejectedError is a 400: the server rejected the request, usually with
// validation messages per field.
type RejectedError struct {
	StatusError
	// Fields maps a field name to its validation messages (ASP.NET
	// ModelState), sanitised.
	Fields map[string][]string
}

func (e *RejectedError) Error() string {
	s := e.describe("request rejected")
	if f := e.FieldSummary(); f != "" {
		s += " (" + f + ")"
	}
	return s
}

// FieldSummary renders Fields as "field: message; field: message", sorted by
// field name.
func (e *RejectedError) FieldSummary() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, m := range e.Fields[k] {
			if k == "" {
				parts = append(parts, m)
			} else {
				parts = append(parts, k+": "+m)
			}
		}
	}
	return strings.Join(parts, "; ")
}

// ServerError is any other non-2xx status: 5xx (Vitec's side), 429 after the
// retries ran out, or an unexpected status such as a redirect that was not
// followed.
type ServerError struct{ StatusError }

func (e *ServerError) Error() string {
	what := "server error"
	switch {
	case e.Status == http.StatusTooManyRequests:
		what = "too many requests"
	case e.Status < 500:
		what = "unexpected HTTP status"
	}
	s := e.describe(what)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf("; the server asks to retry after %s", e.RetryAfter)
	}
	return s
}

// NetworkError is a failure to get a response at all: DNS, connection
// refused or reset, TLS, or a timeout.
type NetworkError struct {
	// Timeout is true when the request ran out of time.
	Timeout bool
	// Canceled is true when the caller's context was cancelled.
	Canceled bool
	// Hint is a plain-words explanation for the user in English, what
	// happened and, after "; ", what to do: "the certificate of h is not
	// trusted (…); if a corporate proxy inspects HTTPS, set ca_file …".
	Hint string
	// Why and Advice are Hint as messages, which Explain words in the
	// user's language; zero when only Hint was given.
	Why, Advice i18n.Message
	Attempts    int
	Err         error
}

// say sets what happened and what to do (zero: nothing beyond "check the
// connection"), and Hint as their English words.
func (e *NetworkError) say(why, advice i18n.Message) {
	e.Why, e.Advice = why, advice
	en := i18n.New(i18n.English)
	e.Hint = en.Say(why)
	if !advice.IsZero() {
		e.Hint += "; " + en.Say(advice)
	}
}

func (e *NetworkError) Error() string {
	switch {
	case e.Canceled:
		return "request cancelled"
	case e.Hint != "":
		return "network error: " + e.Hint
	case e.Timeout:
		return "network error: the request timed out"
	}
	return "network error: " + e.Err.Error()
}

func (e *NetworkError) Unwrap() error { return e.Err }

// BadResponseReason says why a response could not be used.
type BadResponseReason int

// Reasons for a BadResponseError.
const (
	// Undecodable: the body is not a valid lead in the requested format.
	Undecodable BadResponseReason = iota
	// WrongContentType: a 2xx whose content type is not the requested format
	// (for example a proxy's HTML login page).
	WrongContentType
	// TooLarge: the body exceeded the size limit.
	TooLarge
	// Truncated: the body ended before its declared length, or the
	// connection broke while reading it.
	Truncated
)

// BadResponseError is a response that arrived but cannot be understood.
type BadResponseError struct {
	Reason BadResponseReason
	// Detail says what was wrong, in plain words (English). Why is the
	// same as a message, for Explain to word in the user's language; zero
	// when Detail quotes the body (a decoder's error), which only Detail
	// carries, redacted.
	Detail string
	Why    i18n.Message
	// Excerpt is a short sanitised start of the body, for the user to see
	// what came instead.
	Excerpt  string
	Response *Response
	Err      error
}

func (e *BadResponseError) Error() string {
	s := "response could not be understood: " + e.Detail
	if e.Excerpt != "" {
		// Excerpt is sanitised already; quoting it again would only
		// double its escapes.
		s += " (body starts: " + e.Excerpt + ")"
	}
	return s
}

func (e *BadResponseError) Unwrap() error { return e.Err }

// say sets what was wrong, and Detail as its English words.
func (e *BadResponseError) say(why i18n.Message) *BadResponseError {
	e.Why, e.Detail = why, i18n.New(i18n.English).Say(why)
	return e
}
