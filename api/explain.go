package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"leadinspector/api/sanitize"
)

// ExplainContext is what an explanation needs to know about the lookup that
// failed, to name the profile, the ids and the time to retry.
type ExplainContext struct {
	Profile    string
	Username   string // "" reads "this user"
	CustomerID string
	LeadID     string
	// Privacy leaves out the start of a body that could not be understood:
	// it may hold a lead's message.
	Privacy bool
	// Now turns a server's Retry-After into a clock time; zero says "in 2
	// min" instead. Loc is the zone of that time (nil: time.Local).
	Now time.Time
	Loc *time.Location
}

// Kind names a class of failure; the CLI maps it to an exit code.
type Kind string

// Kinds of failure.
const (
	KindAuth        Kind = "auth"         // 401
	KindForbidden   Kind = "forbidden"    // 403
	KindNotFound    Kind = "not found"    // 404
	KindRejected    Kind = "rejected"     // 400
	KindServer      Kind = "server"       // 5xx, 429, other statuses
	KindNetwork     Kind = "network"      // no response, timeout, cancel
	KindBadResponse Kind = "bad response" // an answer that cannot be used
	KindInput       Kind = "input"        // nothing was sent
	KindInternal    Kind = "internal"
)

// Explanation is a failure in plain words, the one wording the status bar,
// the CLI and the README share.
type Explanation struct {
	Kind Kind
	// What happened: "not found (HTTP 404)".
	What string
	// Next is what to do: "customer M30011 has no lead LED1, or this user
	// cannot see it: check both ids"; "" when there is nothing to do.
	Next string
	// Server is the server's own words (its message, field messages, or
	// the start of a body that could not be understood), sanitised.
	Server string
	// Retry is true when the same lookup may work later.
	Retry bool
	// RetryAfter is the wait the server asked for (Retry-After); RetryAt
	// is when that wait ends, when ExplainContext.Now was given.
	RetryAfter time.Duration
	RetryAt    time.Time
}

// Line is the explanation as one sanitised line: what happened, what to do,
// then the server's words, which are what a narrow screen cuts first. With
// keys (the inspector), a failure that may go away also says that r retries.
func (x Explanation) Line(keys bool) string {
	s := x.What
	if x.Next != "" {
		// "timed out: no answer in time: check…" would read as one chain.
		sep := ": "
		if strings.Contains(x.What, ": ") {
			sep = "; "
		}
		s += sep + x.Next
	}
	if keys && x.Retry {
		s += "; r retries"
	}
	if x.Server != "" {
		s += " — server says: " + x.Server
	}
	return sanitize.Line(s)
}

// Explain turns an error from the client into what happened, what to do
// next and the server's words.
func Explain(err error, c ExplainContext) Explanation {
	var (
		unauth   *UnauthorizedError
		forbid   *ForbiddenError
		notFound *NotFoundError
		rejected *RejectedError
		server   *ServerError
		network  *NetworkError
		bad      *BadResponseError
		input    *InputError
	)
	profile := fmt.Sprintf("%q", c.Profile)
	if c.Profile == "" {
		profile = "(default)"
	}
	switch {
	case errors.As(err, &unauth):
		return Explanation{Kind: KindAuth, What: "authentication failed (HTTP 401)",
			Next:   "check the username and password of profile " + profile,
			Server: unauth.Message}
	case errors.As(err, &forbid):
		user := "this user"
		if c.Username != "" {
			user = fmt.Sprintf("user %q", c.Username)
		}
		return Explanation{Kind: KindForbidden, What: "no access (HTTP 403)",
			Next:   fmt.Sprintf("check customer id %s, or ask Vitec to give %s its CRM function group", c.CustomerID, user),
			Server: forbid.Message}
	case errors.As(err, &notFound):
		lead := "no lead " + c.LeadID
		if c.LeadID == "" {
			lead = "no such lead"
		}
		return Explanation{Kind: KindNotFound, What: "not found (HTTP 404)",
			Next:   fmt.Sprintf("customer %s has %s, or this user cannot see it: check both ids", c.CustomerID, lead),
			Server: notFound.Message}
	case errors.As(err, &rejected):
		words := rejected.Message
		if f := rejected.FieldSummary(); f != "" {
			words = strings.TrimSpace(words + " " + f)
		}
		return Explanation{Kind: KindRejected, What: "request rejected (HTTP 400)",
			Next: "check the customer id and the lead id", Server: words}
	case errors.As(err, &server):
		return explainStatus(server, c, profile)
	case errors.As(err, &network):
		return explainNetwork(network)
	case errors.As(err, &bad):
		x := Explanation{Kind: KindBadResponse, What: "response could not be understood: " + badDetail(bad)}
		switch bad.Reason {
		case WrongContentType:
			x.Next = "check base_url of profile " + profile + ", or sign in to the proxy"
		case TooLarge:
			x.Next = "raise max_body_mib of profile " + profile + " if the lead is really that large"
		case Truncated:
			x.Next, x.Retry = "retry, and if it keeps happening check the connection or proxy", true
		default:
			x.Next = "check that base_url of profile " + profile + " is Express Connect"
		}
		if !c.Privacy {
			x.Server = bad.Excerpt
		}
		return x
	case errors.As(err, &input):
		return Explanation{Kind: KindInput, What: input.Error()}
	}
	return Explanation{Kind: KindInternal, What: "internal error: " + err.Error()}
}

func explainStatus(e *ServerError, c ExplainContext, profile string) Explanation {
	x := Explanation{Kind: KindServer, Server: e.Message, RetryAfter: e.RetryAfter}
	if e.RetryAfter > 0 && !c.Now.IsZero() {
		x.RetryAt = c.Now.Add(e.RetryAfter)
	}
	when := "later"
	if e.RetryAfter > 0 {
		when = retryWhen(e.RetryAfter, x.RetryAt, c.Loc)
	}
	status := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	switch {
	case e.Status == http.StatusTooManyRequests:
		x.What, x.Retry = "too many requests (HTTP 429)", true
		x.Next = "the server asks to slow down: retry " + when
		if e.RetryAfter == 0 {
			x.Next = "wait a moment, then retry"
		}
	case e.Status >= 500:
		x.What, x.Retry = "server error ("+status+")", true
		x.Next = "a problem on Vitec's side: retry " + when + ", or contact Vitec if it persists"
	default:
		x.What = "unexpected answer (" + status + ")"
		x.Next = "check base_url of profile " + profile
	}
	return x
}

// retryWhen words a Retry-After: "in 30 s" when it is short (or no clock
// was given), else the clock time it ends, "after 15:42:10".
func retryWhen(d time.Duration, at time.Time, loc *time.Location) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("in %d s", int((d+time.Second-1)/time.Second))
	case at.IsZero():
		return fmt.Sprintf("in %d min", int((d+time.Minute-1)/time.Minute))
	}
	if loc != nil {
		at = at.In(loc)
	}
	return "after " + at.Format("15:04:05")
}

func explainNetwork(e *NetworkError) Explanation {
	x := Explanation{Kind: KindNetwork, Retry: true}
	switch {
	case e.Canceled:
		return Explanation{Kind: KindNetwork, What: "request cancelled"}
	case e.Hint != "":
		// The client's hints carry their own advice after "; ".
		var found bool
		x.What, x.Next, found = strings.Cut(e.Hint, "; ")
		x.What = "network error: " + x.What
		if !found {
			x.Next = "check the connection"
		}
	case e.Timeout:
		x.What, x.Next = "timed out: no answer in time", "check the connection, or raise timeout"
	case e.Err != nil:
		x.What, x.Next = "network error: "+e.Err.Error(), "check the connection"
	default:
		x.What, x.Next = "network error", "check the connection"
	}
	return x
}

// badDetail says what was wrong with a response. For the wrong content
// type it says it in fewer words than the client's Detail, which would
// leave no room for the advice at 80 columns.
func badDetail(bad *BadResponseError) string {
	r := bad.Response
	if bad.Reason != WrongContentType || r == nil {
		return bad.Detail
	}
	got := "no content type"
	if r.ContentType != "" {
		got = r.ContentType
	}
	want := r.Accept
	for _, f := range []Format{JSON, XML} {
		if strings.EqualFold(r.Accept, f.Accept()) {
			want = f.Label()
		}
	}
	if want == "" {
		return "it is " + got
	}
	return "it is " + got + ", not " + want
}
