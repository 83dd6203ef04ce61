package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// ExplainContext is what an explanation needs to know about the lookup that
// failed, to name the profile, the customer and the time to retry. It holds
// only what every surface (status bar, CLI, batch rows, ticket) knows, so
// that one failure reads the same on each: no lead id (the surface shows it
// beside the line), no user name.
type ExplainContext struct {
	Profile    string
	CustomerID string
	// Privacy leaves out the start of a body that could not be understood:
	// it may hold a lead's message.
	Privacy bool
	// Now turns a server's Retry-After into a clock time; zero says "in 2
	// min" instead. Loc is the zone of that time (nil: time.Local).
	Now time.Time
	Loc *time.Location
	// Localizer words the explanation in the user's language. Nil means
	// English, built for each call: a screen that explains often should
	// pass its own.
	Localizer *i18n.Localizer
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
// the CLI and the README share, in the language of the ExplainContext's
// Localizer.
type Explanation struct {
	Kind Kind
	// What happened: "not found (HTTP 404)".
	What string
	// Next is what to do: "customer M30011 has no such lead, or this user
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
	// l words Line's own joins in the same language.
	l *i18n.Localizer
}

// Line is the explanation as one sanitised line: what happened, what to do,
// then the server's words, which are what a narrow screen cuts first. With
// keys (the inspector), a failure that may go away also says that r retries.
func (x Explanation) Line(keys bool) string {
	l := x.l
	if l == nil {
		l = i18n.New(i18n.English)
	}
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
		s += "; " + l.T("explain.line.retries")
	}
	if x.Server != "" {
		s += " — " + l.T("explain.line.server_says", "Text", x.Server)
	}
	return sanitize.Line(s)
}

// Explain turns an error from the client into what happened, what to do
// next and the server's words.
func Explain(err error, c ExplainContext) Explanation {
	l := c.Localizer
	if l == nil {
		l = i18n.New(i18n.English)
	}
	x := explain(err, c, l)
	if c.Privacy && x.Kind != KindBadResponse {
		x = x.private(err)
	}
	x.l = l
	return x
}

func explain(err error, c ExplainContext, l *i18n.Localizer) Explanation {
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
		profile = l.T("explain.default_profile")
	}
	switch {
	case errors.As(err, &unauth) && unauth.RedirectedTo != "":
		// The password may be right: it was (rightly) not sent to the
		// host the redirect led to, and that host refused us.
		return Explanation{Kind: KindAuth, What: l.T("explain.auth.redirected", "Host", unauth.RedirectedTo),
			Next:   l.T("explain.auth.redirected_next", "Host", unauth.RedirectedTo, "Profile", profile),
			Server: unauth.Message}
	case errors.As(err, &unauth):
		return Explanation{Kind: KindAuth, What: l.T("explain.auth.what"),
			Next:   l.T("explain.auth.next", "Profile", profile),
			Server: unauth.Message}
	case errors.As(err, &forbid):
		return Explanation{Kind: KindForbidden, What: l.T("explain.forbidden.what"),
			Next:   l.T("explain.forbidden.next", "Customer", c.CustomerID),
			Server: forbid.Message}
	case errors.As(err, &notFound):
		return Explanation{Kind: KindNotFound, What: l.T("explain.not_found.what"),
			Next: l.T("explain.not_found.next", "Customer", c.CustomerID), Server: notFound.Message}
	case errors.As(err, &rejected):
		words := rejected.Message
		if f := rejected.FieldSummary(); f != "" {
			words = strings.TrimSpace(words + " " + f)
		}
		return Explanation{Kind: KindRejected, What: l.T("explain.rejected.what"),
			Next: l.T("explain.rejected.next"), Server: words}
	case errors.As(err, &server):
		return explainStatus(server, c, profile, l)
	case errors.As(err, &network):
		return explainNetwork(network, l)
	case errors.As(err, &bad):
		x := Explanation{Kind: KindBadResponse, What: l.T("explain.bad.what", "Detail", badDetail(bad, l))}
		switch bad.Reason {
		case WrongContentType:
			x.Next = l.T("explain.bad.wrong_type", "Profile", profile)
		case TooLarge:
			x.Next = l.T("explain.bad.too_large", "Profile", profile)
		case Truncated:
			x.Next, x.Retry = l.T("explain.bad.truncated"), true
		default:
			x.Next = l.T("explain.bad.undecodable", "Profile", profile)
		}
		x.Server = bad.Excerpt
		if t := strings.TrimSpace(bad.Excerpt); c.Privacy {
			// A body that came instead of a lead may be one: a JSON one
			// is shown masked, anything else left out.
			x.Server = ""
			if t != "" && (t[0] == '{' || t[0] == '[') {
				x.Server = Mask(bad.Excerpt, JSON)
			}
		}
		return x
	case errors.As(err, &input):
		return Explanation{Kind: KindInput, What: input.Localize(l)}
	}
	return Explanation{Kind: KindInternal, What: l.T("explain.internal", "Error", l.Error(err))}
}

// private masks the personal data in what the server said, as privacy mode
// masks it in the raw pane: the values of personal fields in a JSON or XML
// text (a 400 quoting the request, a body of the wrong type), and the
// messages a 400 gives for a personal field ("message: Ring 070-…").
func (x Explanation) private(err error) Explanation {
	var rejected *RejectedError
	if errors.As(err, &rejected) && len(rejected.Fields) > 0 {
		fields := make(map[string][]string, len(rejected.Fields))
		for k, msgs := range rejected.Fields {
			name := k[strings.LastIndexAny(k, ".[")+1:]
			if PersonalField(strings.TrimRight(name, "]"), "") {
				msgs = []string{MaskText}
			}
			fields[k] = msgs
		}
		words := (&RejectedError{Fields: fields}).FieldSummary()
		x.Server = strings.TrimSpace(maskExcerpt(rejected.Message) + " " + words)
		return x
	}
	x.Server = maskExcerpt(x.Server)
	return x
}

// maskExcerpt masks the personal values in a (possibly cut) JSON or XML
// text; any other text is kept.
func maskExcerpt(s string) string {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return s
	case t[0] == '{' || t[0] == '[':
		return Mask(s, JSON)
	case t[0] == '<':
		return Mask(s, XML)
	}
	return s
}

func explainStatus(e *ServerError, c ExplainContext, profile string, l *i18n.Localizer) Explanation {
	x := Explanation{Kind: KindServer, Server: e.Message, RetryAfter: e.RetryAfter}
	// The words count from one moment: the caller's clock, else the
	// answer's arrival, so the status bar and the CLI name the same time.
	now := c.Now
	if now.IsZero() {
		now = e.Answered
	}
	switch {
	case !e.RetryAt.IsZero():
		x.RetryAt = e.RetryAt
	case e.RetryAfter > 0 && !now.IsZero():
		x.RetryAt = now.Add(e.RetryAfter)
	}
	when := l.T("explain.status.later")
	if e.RetryAfter > 0 || !e.RetryAt.IsZero() {
		when = retryWhen(e.RetryAfter, x.RetryAt, now, c.Loc, l)
	}
	status := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	switch {
	case e.Status == http.StatusTooManyRequests:
		x.What, x.Retry = l.T("explain.status.too_many"), true
		x.Next = l.T("explain.status.slow_down", "When", when)
		if e.RetryAfter == 0 && e.RetryAt.IsZero() {
			x.Next = l.T("explain.status.wait")
		}
	case e.Status >= 500:
		x.What, x.Retry = l.T("explain.status.server", "Status", status), true
		x.Next = l.T("explain.status.server_next", "When", when)
	default:
		x.What = l.T("explain.status.unexpected", "Status", status)
		x.Next = l.T("explain.status.unexpected_next", "Profile", profile)
	}
	return x
}

// retryWhen words a Retry-After: "in 30 s" when it is short (or no clock
// was given), else the moment it ends: "after 15:42:10" today, "after
// tomorrow 15:42", "after 9 Dec 15:42" on another day, in loc (nil:
// time.Local). at is the moment, never clamped; d the (clamped) wait.
func retryWhen(d time.Duration, at, now time.Time, loc *time.Location, l *i18n.Localizer) string {
	if !at.IsZero() && !now.IsZero() {
		d = at.Sub(now)
	}
	switch {
	case d < time.Minute && (at.IsZero() || !now.IsZero()):
		return l.N("explain.status.in_seconds", int((max(d, 0)+time.Second-1)/time.Second))
	case at.IsZero():
		return l.N("time.in.minutes", int((d+time.Minute-1)/time.Minute))
	}
	if loc == nil {
		loc = time.Local
	}
	at = at.In(loc)
	if now.IsZero() {
		now = at
	}
	now = now.In(loc)
	const date = "2006-01-02"
	y, m, day := now.Date()
	switch at.Format(date) {
	case now.Format(date):
		return l.T("explain.status.after", "Time", at.Format("15:04:05"))
	case time.Date(y, m, day+1, 12, 0, 0, 0, loc).Format(date):
		return l.T("explain.status.after_tomorrow", "Time", at.Format("15:04"))
	}
	return l.T("explain.status.after_date", "Date", l.Day(at, now), "Time", at.Format("15:04"))
}

func explainNetwork(e *NetworkError, l *i18n.Localizer) Explanation {
	x := Explanation{Kind: KindNetwork, Retry: true}
	check := l.T("explain.network.check")
	switch {
	case e.Canceled:
		return Explanation{Kind: KindNetwork, What: l.T("explain.network.cancelled")}
	case !e.Why.IsZero():
		x.What, x.Next = l.T("explain.network.hint", "Hint", e.Why), check
		switch {
		case !e.Advice.IsZero():
			x.Next = l.Say(e.Advice)
		case e.Timeout:
			x.Next = l.T("explain.network.timeout_next")
		}
	case e.Hint != "":
		// A hint in English only carries its own advice after "; ".
		hint, next, found := strings.Cut(e.Hint, "; ")
		x.What, x.Next = l.T("explain.network.hint", "Hint", hint), next
		switch {
		case e.Timeout:
			// The advice for a timeout is always this one: in the user's
			// language, not the client's English.
			x.Next = l.T("explain.network.timeout_next")
		case !found:
			x.Next = check
		}
	case e.Timeout:
		x.What, x.Next = l.T("explain.network.timeout"), l.T("explain.network.timeout_next")
	case e.Err != nil:
		x.What, x.Next = l.T("explain.network.hint", "Hint", e.Err.Error()), check
	default:
		x.What, x.Next = l.T("explain.network.what"), check
	}
	return x
}

// badDetail says what was wrong with a response. For the wrong content
// type it says it in fewer words than the client's Detail, which would
// leave no room for the advice at 80 columns.
func badDetail(bad *BadResponseError, l *i18n.Localizer) string {
	r := bad.Response
	if bad.Reason != WrongContentType || r == nil {
		if !bad.Why.IsZero() {
			return l.Say(bad.Why)
		}
		return bad.Detail
	}
	got := l.T("explain.bad.no_content_type")
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
		return l.T("explain.bad.it_is", "Got", got)
	}
	return l.T("explain.bad.it_is_not", "Got", got, "Want", want)
}
