package api

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults for Options fields left zero.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBodyBytes = 16 << 20
	DefaultRetries      = 2
	// MaxRetryAfter caps how long a Retry-After header can make us wait.
	MaxRetryAfter = 30 * time.Second
)

// Options configure a Client.
type Options struct {
	// BaseURL is the scheme and host (and optional path prefix) of Express
	// Connect, e.g. https://connect.maklare.vitec.net. Plain http is refused
	// unless the host is loopback.
	BaseURL  string
	Username string
	Password string
	// WebsiteUsername and WebsitePassword are the credentials of the website
	// function group (the Advertising/… endpoints), which Vitec may issue
	// apart from the CRM ones. When both are empty the calls use Username
	// and Password.
	WebsiteUsername string
	WebsitePassword string
	// Timeout bounds each attempt, from sending the request to the last byte
	// of the body. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBodyBytes caps the (decompressed) body. Zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// UserAgent is sent as is, e.g. "leadinspector/1.2.0".
	UserAgent string
	// RootCAs, when set, replaces the system's trusted certificates (a
	// corporate proxy's CA from the profile's ca_file).
	RootCAs *x509.CertPool
	// Retries is how many times a failed attempt may be retried (connection
	// errors, 429, 502, 503, 504 only). Negative means none; zero means
	// DefaultRetries.
	Retries int
	// PublicCredentials says the credentials are public (the built-in
	// demo's "demo"/"demo"): nothing is redacted, as a short public
	// password would only blank out ordinary words.
	PublicCredentials bool
	// Transport, when set, replaces the client's own transport (tests).
	Transport http.RoundTripper
	// Sleep waits between retries; nil means a timer that honours ctx.
	// Tests replace it to run without real waits: a client given Sleep or
	// Now (and no Budget) has budgets of its own, driven by them.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now tells the time, for durations and Retry-After dates; nil means
	// time.Now.
	Now func() time.Time
	// Budget is the request budget of the profile's credentials on this
	// server, and WebsiteBudget that of the website credentials (when they
	// differ); nil means Budgets' budget for the host and credentials.
	// Everything that sends through one budget shares its concurrency
	// limit and its pauses (see package budget).
	Budget, WebsiteBudget *budget.Budget
	// Budgets hands out the budgets not given; nil means budget.Shared,
	// the process-wide registry, so that clients of the same server and
	// credentials share one.
	Budgets *budget.Registry
}

// LeadGetter is what the inspector and the command line need of a client.
type LeadGetter interface {
	GetIncomingLead(ctx context.Context, customerID, leadID string, f Format) (*Result, error)
}

// maxRedirects bounds how many redirects one attempt follows.
const maxRedirects = 5

// errorBodyLimit bounds how much of an error response is read for its
// message; excerptLimit bounds the body kept in Response.Body.
const (
	errorBodyLimit = 64 << 10
	excerptLimit   = 4 << 10
)

// Client fetches incoming leads from Express Connect. It keeps one
// http.Client (and so its idle connections) for all lookups and is safe for
// concurrent use.
type Client struct {
	base     *url.URL
	username string
	password string
	// secrets are the forms of the credentials replaced in what the
	// server sends; none when Options.PublicCredentials is set.
	secrets   redactor
	timeout   time.Duration
	maxBody   int64
	userAgent string
	retries   int
	now       func() time.Time
	hc        *http.Client
	// budget is the request budget of these credentials on this host.
	budget *budget.Budget
	// website is this client with the website function group's
	// credentials (sharing its connections); itself when none were given.
	website *Client
	// enums are the enum names learned from this server with these
	// credentials (see EnumNames).
	enums *EnumNames
}

// NewClient checks o and builds a Client. The base URL must pass
// CheckBaseURL.
func NewClient(o Options) (*Client, error) {
	base, err := CheckBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		username:  o.Username,
		password:  o.Password,
		timeout:   o.Timeout,
		maxBody:   o.MaxBodyBytes,
		userAgent: o.UserAgent,
		retries:   o.Retries,
		now:       o.Now,
		enums:     &EnumNames{},
	}
	if !o.PublicCredentials {
		// Both function groups' credentials are kept from every text,
		// whichever of them a server echoes.
		c.secrets = append(secretForms(o.Username, o.Password), secretForms(o.WebsiteUsername, o.WebsitePassword)...)
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodyBytes
	}
	if c.userAgent == "" {
		c.userAgent = "leadinspector"
	}
	switch {
	case c.retries == 0:
		c.retries = DefaultRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.now == nil {
		c.now = time.Now
	}
	rt := o.Transport
	if rt == nil {
		rt = newTransport(o.RootCAs, http.ProxyFromEnvironment, net.DefaultResolver.LookupIPAddr)
	}
	c.hc = &http.Client{Transport: rt, CheckRedirect: checkRedirect}
	budgets := o.Budgets
	if budgets == nil && (o.Sleep != nil || o.Now != nil) {
		// A client with its own clock (tests) must not share a budget
		// whose pauses another clock measures.
		budgets = &budget.Registry{Options: budget.Options{Now: o.Now, Sleep: o.Sleep}}
	}
	if budgets == nil {
		budgets = budget.Shared
	}
	host := base.Host
	c.budget = o.Budget
	if c.budget == nil {
		c.budget = budgets.For(budget.KeyFor(host, o.Username, o.Password))
	}
	c.website = c
	if o.WebsiteUsername != "" || o.WebsitePassword != "" {
		w := *c
		w.username, w.password = o.WebsiteUsername, o.WebsitePassword
		w.budget = o.WebsiteBudget
		if w.budget == nil {
			w.budget = budgets.For(budget.KeyFor(host, w.username, w.password))
		}
		w.website = &w
		w.enums = &EnumNames{} // another credential set: learns for itself
		c.website = &w
	}
	return c, nil
}

// Budget is the request budget of the profile's credentials (lookups and
// the CRM functions' names), WebsiteBudget that of the website functions'
// (the same one when the profile names no website credentials).
func (c *Client) Budget() *budget.Budget { return c.budget }

// WebsiteBudget: see Budget.
func (c *Client) WebsiteBudget() *budget.Budget { return c.website.budget }

// Budgets are the client's budgets, each once: what a screen watches to say
// that the server asked to wait.
func (c *Client) Budgets() []*budget.Budget {
	if c.website.budget == c.budget {
		return []*budget.Budget{c.budget}
	}
	return []*budget.Budget{c.budget, c.website.budget}
}

// WaitWords says in a few words, in l's language, that the requests to the
// server wait out a pause: "waiting: the server asked to slow down (12 s)";
// for a pause longer than MaxRetryAfter, that nothing more is sent before
// it ends.
func WaitWords(l *i18n.Localizer, p budget.Pause, left time.Duration) string {
	secs := int((left + time.Second - 1) / time.Second)
	switch {
	case left > MaxRetryAfter:
		return l.N("api.wait.too_long", (secs+59)/60)
	case p.Throttled:
		return l.N("api.wait.throttled", max(secs, 1))
	}
	return l.N("api.wait.backoff", max(secs, 1))
}

// newTransport is http.DefaultTransport's setup (proxy from the environment,
// keep-alive, HTTP/2) with our trusted roots and bounded response headers.
// Go's transport asks for gzip itself and then inflates the body
// transparently, so the size cap applies to the inflated bytes.
//
// proxy is consulted only for requests that may use one (see noProxyFor);
// lookup resolves "localhost", which is then dialled only to loopback
// addresses (see loopbackDial).
func newTransport(roots *x509.CertPool, proxy func(*http.Request) (*url.URL, error), lookup lookupFunc) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	t.MaxResponseHeaderBytes = 1 << 20
	t.MaxIdleConnsPerHost = 4
	t.Proxy = noProxyFor(proxy)
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = loopbackDial(d.DialContext, lookup)
	return t
}

// noProxyFor wraps a proxy choice so that plain http and loopback hosts
// never go through a proxy. Plain http is only allowed to loopback (see
// CheckBaseURL), and a proxy on the way would receive the Authorization
// header in clear; Go's own rule lets "LOCALHOST" and "localhost." through.
func noProxyFor(proxy func(*http.Request) (*url.URL, error)) func(*http.Request) (*url.URL, error) {
	return func(req *http.Request) (*url.URL, error) {
		if proxy == nil || !strings.EqualFold(req.URL.Scheme, "https") || IsLoopback(req.URL.Hostname()) {
			return nil, nil
		}
		return proxy(req)
	}
}

// lookupFunc resolves a host name, as net.Resolver.LookupIPAddr does.
type lookupFunc func(ctx context.Context, host string) ([]net.IPAddr, error)

type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// loopbackDial dials "localhost" (any case, trailing dot) itself: it
// resolves the name and connects only if every address is a loopback one,
// so a hosts file or resolver that points localhost elsewhere cannot take
// the credentials off this machine. Other hosts go to dial unchanged.
func loopbackDial(dial dialFunc, lookup lookupFunc) dialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || !isLocalhostName(host) {
			return dial(ctx, network, addr)
		}
		ips, err := lookup(ctx, "localhost")
		if err != nil {
			return nil, err
		}
		if len(ips) == 0 {
			return nil, errors.New("localhost resolves to no address")
		}
		for _, ip := range ips {
			if !ip.IP.IsLoopback() {
				return nil, fmt.Errorf("localhost resolves to %s, which is not a loopback address: not connecting", ip.IP)
			}
		}
		var errs []error
		for _, ip := range ips {
			c, err := dial(ctx, network, net.JoinHostPort(ip.IP.String(), port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}

// CloseIdleConnections closes the kept-alive connections the client is not
// using.
func (c *Client) CloseIdleConnections() { c.hc.CloseIdleConnections() }

// checkRedirect follows at most maxRedirects redirects, refuses https → http
// (the password would travel in clear), and drops the Authorization header
// for any other origin, port included (Go keeps it for the same host name on
// another port). A refused redirect surfaces as its 3xx response.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if len(via) > maxRedirects || first.Scheme == "https" && req.URL.Scheme != "https" {
		return http.ErrUseLastResponse
	}
	if !strings.EqualFold(first.Scheme, req.URL.Scheme) || !strings.EqualFold(first.Host, req.URL.Host) {
		req.Header.Del("Authorization")
	}
	return nil
}

// InputError is a lookup refused before any request was sent: an empty id or
// an unknown format. It is the caller's mistake (a usage error).
type InputError struct {
	// Field names the input, e.g. "lead ID".
	Field   string
	Problem string
	// Says is the whole text as a message, when the error was made with
	// one (Field and Problem are then not needed).
	Says i18n.Message
}

// Error says what was wrong with the input, e.g. "lead ID is empty".
func (e *InputError) Error() string { return e.Localize(nil) }

// Localize words the error in l's language (nil: English).
func (e *InputError) Localize(l *i18n.Localizer) string {
	switch {
	case e.Says.IsZero():
		return e.Field + " " + e.Problem
	case l == nil:
		return i18n.InEnglish(e.Says)
	}
	return l.Say(e.Says)
}

var _ i18n.Localized = (*InputError)(nil)

// inputError is an InputError about the input field (as checkID names it).
func inputError(field string, problem i18n.Message) *InputError {
	return &InputError{Field: field, Says: i18n.M("api.input.problem", "Field", fieldWord(field), "Problem", problem)}
}

// fieldWord is an id field's name as a message.
func fieldWord(field string) any {
	switch field {
	case "customer ID":
		return i18n.M("api.input.customer")
	case "lead ID":
		return i18n.M("api.input.lead")
	case "user ID":
		return i18n.M("api.input.user")
	case "office ID":
		return i18n.M("api.input.office")
	case "estate ID":
		return i18n.M("api.input.estate")
	case "contact ID":
		return i18n.M("api.input.contact")
	}
	return field
}

// checkID refuses ids that are empty or only white space, and "." and "..",
// which a server or proxy would read as a path step rather than an id.
func checkID(field, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return inputError(field, i18n.M("api.input.empty"))
	case id == "." || id == "..":
		return inputError(field, i18n.M("api.input.dots", "ID", strconv.Quote(id)))
	}
	// The one rule for ids (SplitIDs uses it too): refused before any
	// request, with the reason.
	if why := IDProblem(id); !why.IsZero() {
		return inputError(field, why)
	}
	return nil
}

// leadURL is {base}/CRM/Lead/{customerId}/Incoming/{id}.
func (c *Client) leadURL(customerID, leadID string) *url.URL {
	return c.endpoint(nil, "CRM", "Lead", customerID, "Incoming", leadID)
}

// endpoint is {base}/{seg}/{seg}…?{query}, each segment escaped as one path
// segment: "/" becomes %2F, so an id cannot add a segment, and "?", "%",
// space and non-ASCII are escaped too.
func (c *Client) endpoint(query url.Values, segs ...string) *url.URL {
	u := *c.base
	var path, raw strings.Builder
	n := len(c.base.EscapedPath())
	for _, s := range segs {
		n += 1 + len(s)
	}
	path.Grow(n)
	raw.Grow(n + 16) // escapes lengthen it a little, mostly
	path.WriteString(strings.TrimRight(u.Path, "/"))
	raw.WriteString(strings.TrimRight(c.base.EscapedPath(), "/"))
	for _, s := range segs {
		path.WriteByte('/')
		path.WriteString(s)
		raw.WriteByte('/')
		raw.WriteString(url.PathEscape(s))
	}
	u.Path, u.RawPath = path.String(), raw.String()
	if query != nil {
		u.RawQuery = query.Encode()
	}
	return &u
}

// attempt is the outcome of one request.
type attempt struct {
	res *Result
	err error
	// retry is true when the failure may go away on another attempt.
	retry bool
	// retryAfter is the server's Retry-After, when it sent a valid one.
	retryAfter    time.Duration
	hasRetryAfter bool
}

// GetIncomingLead fetches GET {base}/CRM/Lead/{customerId}/Incoming/{id} in
// format f and decodes it.
//
// Each attempt is bounded by Options.Timeout, from sending the request to the
// last byte of the body; ctx cancels everything at once, waits included.
// Connection failures before a response and the statuses 429, 502, 503 and
// 504 are retried up to Options.Retries times, with exponential backoff and
// jitter, or after the server's Retry-After when it asks for at most
// MaxRetryAfter; a longer Retry-After ends the lookup at once with a
// ServerError carrying it. Timeouts, TLS failures, broken bodies and every
// other status are never retried.
//
// Errors are *InputError (nothing sent), *UnauthorizedError, *ForbiddenError,
// *NotFoundError, *RejectedError, *ServerError, *NetworkError and
// *BadResponseError. A body broken off mid-way (a reset or a short body) is a
// BadResponseError with Reason Truncated; running out of time while reading
// it is a NetworkError with Timeout set.
func (c *Client) GetIncomingLead(ctx context.Context, customerID, leadID string, f Format) (*Result, error) {
	if err := checkID("customer ID", customerID); err != nil {
		return nil, err
	}
	if err := checkID("lead ID", leadID); err != nil {
		return nil, err
	}
	if f != JSON && f != XML {
		return nil, inputError("format", i18n.M("api.input.bad_format", "Value", strconv.Quote(string(f))))
	}
	u := c.leadURL(customerID, leadID)
	var lead *IncomingLead
	res, err := c.get(ctx, u, f, "lead", budget.Lead, func(b []byte) error {
		var err error
		lead, err = Decode(b, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if f == JSON {
		c.nameLeadEnums(ctx, u, lead)
	}
	c.redactValue(lead)
	res.Lead = lead
	res.Enums = c.enums
	return res, nil
}

// redactValue replaces the credentials in every string of a decoded answer
// (the lead, a name's tree), so that a server echoing them cannot get them
// onto a screen through a decoded field either.
func (c *Client) redactValue(v any) {
	if len(c.secrets) > 0 {
		c.secrets.strings(reflect.ValueOf(v))
	}
}

// get is the one GET behind every call: it requests u in format f with this
// client's credentials and hands a 2xx body of the right content type and
// size to decode; what names the body in errors ("lead", "user"). It gives
// every call GetIncomingLead's guarantees: per-attempt timeout, retries
// with backoff and Retry-After, size cap, content-type check, typed errors,
// sanitised server text and the password redacted.
//
// Every attempt takes its turn from the client's budget as a request of
// class (a lead goes before names), and tells it how it went: a 429 or 503
// pauses the whole budget, and a retry waits out the budget's pause, not a
// sleep of its own.
func (c *Client) get(ctx context.Context, u *url.URL, f Format, what string, class budget.Class, decode func([]byte) error) (*Result, error) {
	start := c.now()
	var a attempt
	retriedFor := 0 // the status of the last attempt retried (0: no answer)
	for n := 1; ; n++ {
		t, err := c.budget.Acquire(ctx, class)
		if err != nil {
			switch ne := contextError(ctx); {
			case ne != nil:
				a = attempt{err: ne}
			case n == 1:
				a = attempt{err: c.pausedError(err)}
			}
			// Otherwise (a pause longer than MaxRetryAfter, or a Sleep
			// failing for another reason) the last answer stands.
			return c.finish(a, n-1, c.now().Sub(start))
		}
		w, watched := ctx.Value(watchKey{}).(*attemptWatch)
		if watched {
			if err := w.gate(); err != nil {
				// Refused once its turn came (the names of its group
				// paused while it queued): nothing sent.
				t.Release()
				if n == 1 {
					return nil, err
				}
				return c.finish(a, n-1, c.now().Sub(start))
			}
		}
		a = c.do(ctx, u, f, what, decode)
		if watched {
			// Before the slot is given back: a name queued for it must
			// find its group paused if this was the last straw.
			c.redactErr(a.err)
			w.seen(a.err)
		}
		c.report(t, a)
		if a.err == nil || !a.retry || n > c.retries || a.hasRetryAfter && a.retryAfter > MaxRetryAfter {
			res, err := c.finish(a, n, c.now().Sub(start))
			if res != nil && n > 1 {
				res.RetriedFor = retriedFor
			}
			return res, err
		}
		retriedFor = AnsweredStatus(a.err)
		// A wait the caller's deadline cannot outlast would only turn the
		// server's answer into a timeout: report the answer instead.
		if p, ok := c.budget.Paused(); ok {
			if dl, ok := ctx.Deadline(); ok && dl.Sub(c.now()) < p.Left(c.now()) {
				return c.finish(a, n, c.now().Sub(start))
			}
		}
	}
}

// attemptWatch is how the Resolver follows its names' attempts: gate is
// asked, once an attempt has its turn, whether it may still be sent (an
// error says no and is the answer), and seen hears how each attempt went
// (its error redacted). Names use it to count failures attempt by attempt
// and stop asking, retries included, as soon as their group pauses, not
// once the queue has drained.
type attemptWatch struct {
	gate func() error
	seen func(error)
}

type watchKey struct{}

// watching returns ctx with w.
func watching(ctx context.Context, w *attemptWatch) context.Context {
	return context.WithValue(ctx, watchKey{}, w)
}

// report tells the budget how an attempt went.
func (c *Client) report(t *budget.Ticket, a attempt) {
	var se *StatusError
	var ne *NetworkError
	switch {
	case a.err == nil:
		t.Done()
	case asStatusError(a.err, &se) && (se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable):
		t.Throttled(se.Status, c.secrets.text(se.Message), a.retryAfter, a.hasRetryAfter)
	case a.retry:
		status, msg := 0, ""
		if se != nil {
			status, msg = se.Status, c.secrets.text(se.Message)
		}
		t.Failed(status, msg)
	case errors.As(a.err, &ne):
		// Cancelled or out of time: nothing learnt about the server's
		// mood.
		t.Release()
	default:
		t.Done()
	}
}

// pausedError is the answer to a request the budget refused: the server
// asked every request of these credentials to wait longer than
// MaxRetryAfter, and this one was not sent. It reads as the server's
// answer that started the pause, with the wait that is left.
func (c *Client) pausedError(err error) error {
	var pe *budget.PausedError
	if !errors.As(err, &pe) {
		ne := &NetworkError{Err: err}
		ne.say(i18n.M("api.net.request_failed", "Error", cleanMessage(err.Error(), maxMessageRunes)), i18n.Message{})
		return ne
	}
	status := pe.Pause.Status
	if status == 0 {
		status = http.StatusTooManyRequests
	}
	left := (pe.Left + time.Second - 1).Truncate(time.Second)
	return &ServerError{StatusError{Status: status, Message: pe.Pause.Message, RetryAfter: left,
		RetryAt: pe.Pause.Until, Answered: c.now()}}
}

// finish stamps the attempt count and total duration on the outcome, and
// keeps the password out of any text the server sent back.
func (c *Client) finish(a attempt, attempts int, d time.Duration) (*Result, error) {
	if a.err == nil {
		a.res.Attempts = attempts
		a.res.Duration = d
		return a.res, nil
	}
	var resp *Response
	var ne *NetworkError
	var se *StatusError
	var be *BadResponseError
	switch {
	case errors.As(a.err, &ne):
		ne.Attempts = attempts
	case errors.As(a.err, &be):
		resp = be.Response
	case asStatusError(a.err, &se):
		resp = se.Response
	}
	c.redactErr(a.err)
	if resp != nil {
		resp.Attempts = attempts
		resp.Duration = d
	}
	return nil, a.err
}

// AnsweredStatus is the HTTP status of a failed request the server
// answered, 0 when no response came: StatusOf's, or the status of a
// response that could not be understood (a 200 with a proxy's login page).
func AnsweredStatus(err error) int {
	if s := StatusOf(err); s != 0 {
		return s
	}
	var b *BadResponseError
	if errors.As(err, &b) && b.Response != nil {
		return b.Response.Status
	}
	return 0
}

// StatusOf is the HTTP status of an error the server answered with (the
// types embedding StatusError), 0 for any other error.
func StatusOf(err error) int {
	var se *StatusError
	if asStatusError(err, &se) {
		return se.Status
	}
	return 0
}

// asStatusError finds the StatusError embedded in any status error type.
func asStatusError(err error, se **StatusError) bool {
	var (
		u *UnauthorizedError
		f *ForbiddenError
		n *NotFoundError
		r *RejectedError
		s *ServerError
	)
	switch {
	case errors.As(err, &u):
		*se = &u.StatusError
	case errors.As(err, &f):
		*se = &f.StatusError
	case errors.As(err, &n):
		*se = &n.StatusError
	case errors.As(err, &r):
		*se = &r.StatusError
	case errors.As(err, &s):
		*se = &s.StatusError
	default:
		return false
	}
	return true
}

// do runs one attempt: request, status, body, decoding.
func (c *Client) do(ctx context.Context, u *url.URL, f Format, what string, decode func([]byte) error) attempt {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		ne := &NetworkError{Err: err}
		ne.say(i18n.M("api.net.build"), i18n.Message{})
		return attempt{err: ne}
	}
	req.Header.Set("Accept", f.Accept())
	req.Header.Set("User-Agent", c.userAgent)
	if c.username != "" || c.password != "" {
		req.SetBasicAuth(c.username, c.password)
	}
	start := c.now()
	resp, err := c.hc.Do(req)
	if err != nil {
		ne, retry := c.networkError(ctx, actx, err)
		return attempt{err: ne, retry: retry}
	}
	defer resp.Body.Close()

	info := &Response{
		Method:      http.MethodGet,
		Path:        u.EscapedPath(),
		Host:        u.Host,
		Accept:      f.Accept(),
		Status:      resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		Size:        max(resp.ContentLength, 0),
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return c.success(ctx, actx, resp, info, f, start, what, decode)
	}
	return c.failure(ctx, actx, resp, info, start)
}

// success reads and decodes a 2xx body.
func (c *Client) success(ctx, actx context.Context, resp *http.Response, info *Response, f Format, start time.Time,
	what string, decode func([]byte) error) attempt {
	if !contentTypeMatches(info.ContentType, f) {
		body, _, _ := readCapped(resp.Body, excerptLimit, -1)
		info.Body = body
		info.Duration = c.now().Sub(start)
		got := "none"
		if info.ContentType != "" {
			got = `"` + cleanMessage(info.ContentType, 60) + `"`
		}
		return attempt{err: &BadResponseError{
			Reason:   WrongContentType,
			Detail:   fmt.Sprintf("expected %s but the content type is %s (a proxy or login page?)", f.Label(), got),
			Excerpt:  excerpt(info.ContentType, body),
			Response: info,
		}}
	}
	if resp.ContentLength > c.maxBody {
		info.Duration = c.now().Sub(start)
		return attempt{err: c.tooLarge(info, resp.ContentLength)}
	}
	body, tooLarge, err := readCapped(resp.Body, c.maxBody, resp.ContentLength)
	info.Duration = c.now().Sub(start)
	if err != nil {
		info.Size = int64(len(body))
		info.Body = head(body)
		return attempt{err: c.readError(ctx, actx, err, info, len(body), resp.ContentLength)}
	}
	if tooLarge {
		info.Body = head(body)
		return attempt{err: c.tooLarge(info, c.maxBody+1)}
	}
	info.Size = int64(len(body))
	if err := decode(body); err != nil {
		info.Body = head(body)
		return attempt{err: &BadResponseError{
			Reason:   Undecodable,
			Detail:   fmt.Sprintf("the body is not a valid %s %s: %s", f.Label(), what, cleanMessage(err.Error(), maxMessageRunes)),
			Excerpt:  excerpt(info.ContentType, body),
			Response: info,
			Err:      err,
		}}
	}
	shown, echoed := body, false
	if f == XML {
		shown = xmlForDisplay(body)
	}
	if len(c.secrets) > 0 {
		// A server that echoes the credentials must not get them onto a
		// screen, into a file or a clipboard: every display reads the
		// redacted Body and the lead, only `get --raw` the exact bytes.
		shown, echoed = c.secrets.body(shown)
	}
	return attempt{res: &Result{
		Body:         shown,
		Exact:        body,
		SecretEchoed: echoed,
		Format:       f,
		Method:       info.Method,
		Path:         info.Path,
		Host:         info.Host,
		Accept:       info.Accept,
		Status:       info.Status,
		ContentType:  info.ContentType,
		Size:         int64(len(body)),
	}}
}

// head is the start of a body kept for an error's Response.
func head(b []byte) []byte {
	if len(b) > excerptLimit {
		b = b[:excerptLimit]
	}
	return bytes.Clone(b)
}

func (c *Client) tooLarge(info *Response, size int64) *BadResponseError {
	info.Size = size
	e := &BadResponseError{Reason: TooLarge, Response: info}
	return e.say(i18n.M("api.bad.too_large", "Limit", FormatBytes(c.maxBody)))
}

// failure turns a non-2xx response into its typed error, with the server's
// own message read from a bounded part of the body.
func (c *Client) failure(ctx, actx context.Context, resp *http.Response, info *Response, start time.Time) attempt {
	body, _, _ := readCapped(resp.Body, errorBodyLimit, resp.ContentLength)
	info.Duration = c.now().Sub(start)
	info.Body = head(body)
	if info.Size < int64(len(body)) {
		info.Size = int64(len(body))
	}
	msg, fields := serverMessage(info.ContentType, body)
	se := StatusError{Status: resp.StatusCode, Message: msg, Response: info, Answered: start.Add(info.Duration)}
	se.RedirectedTo = redirectedHost(resp, info.Host)
	a := attempt{}
	if ra, at, ok := retryAfter(resp.Header.Get("Retry-After"), se.Answered); ok {
		se.RetryAfter, se.RetryAt = ra, at
		a.retryAfter, a.hasRetryAfter = ra, true
	}
	switch code := resp.StatusCode; {
	case code == http.StatusBadRequest:
		a.err = &RejectedError{StatusError: se, Fields: fields}
	case code == http.StatusUnauthorized:
		a.err = &UnauthorizedError{se}
	case code == http.StatusForbidden:
		a.err = &ForbiddenError{se}
	case code == http.StatusNotFound:
		a.err = &NotFoundError{se}
	case code >= 300 && code < 400:
		se.Message = redirectMessage(resp, msg)
		a.err = &ServerError{se}
	default:
		a.retry = code == http.StatusTooManyRequests || code == http.StatusBadGateway ||
			code == http.StatusServiceUnavailable || code == http.StatusGatewayTimeout
		a.err = &ServerError{se}
	}
	return a
}

// redirectMessage explains a redirect that was not followed.
func redirectMessage(resp *http.Response, serverMsg string) string {
	loc, err := resp.Location()
	if err != nil {
		return serverMsg
	}
	where := cleanMessage(loc.Redacted(), 100)
	if resp.Request != nil && resp.Request.URL.Scheme == "https" && loc.Scheme != "https" {
		return "refused to follow a redirect from https to " + where + ": the password would travel in clear"
	}
	return "redirect to " + where + " not followed (too many redirects)"
}

// keepWhenTooLarge is how much of a body over the limit readCapped returns.
const keepWhenTooLarge = 64 << 10

// readCapped reads r to its end, keeping at most limit bytes; tooLarge is
// true when more came, and then b is only the body's first bytes (up to
// keepWhenTooLarge). size, when known (≥ 0), sizes the first buffer so a
// body of that length is read in one piece. Otherwise the body is read into
// chunks of growing size and joined at the end, so refusing a huge or
// endless body allocates little more than limit, and accepting one about
// twice its size.
func readCapped(r io.Reader, limit, size int64) (b []byte, tooLarge bool, err error) {
	const (
		firstChunk = 32 << 10
		maxChunk   = 1 << 20
	)
	next := int64(firstChunk)
	if size >= 0 {
		next = size + 1 // +1 sees EOF without another chunk
	}
	var (
		chunks [][]byte
		total  int64
	)
	for {
		// One byte past the limit is enough to know it was exceeded.
		chunk := make([]byte, 0, min(next, limit+1-total))
		for len(chunk) < cap(chunk) && err == nil {
			var n int
			n, err = r.Read(chunk[len(chunk):cap(chunk)])
			chunk = chunk[:len(chunk)+n]
		}
		chunks = append(chunks, chunk)
		total += int64(len(chunk))
		if total > limit {
			// Only the start is of use (an excerpt): joining it all
			// would double the cost of refusing a huge body.
			return join(chunks, min(limit, keepWhenTooLarge)), true, nil
		}
		if err == io.EOF {
			return join(chunks, total), false, nil
		}
		if err != nil {
			return join(chunks, total), false, err
		}
		next = min(int64(cap(chunk))*2, maxChunk)
	}
}

// join returns the first n bytes of chunks as one slice, without copying
// when there is only one chunk.
func join(chunks [][]byte, n int64) []byte {
	if len(chunks) == 1 {
		return chunks[0][:n]
	}
	out := make([]byte, 0, n)
	for _, c := range chunks {
		out = append(out, c[:min(int64(len(c)), n-int64(len(out)))]...)
	}
	return out
}

// readError classifies a failure while reading a body: out of time, cancelled,
// a corrupt compressed body, or a body broken off (reset or short).
func (c *Client) readError(ctx, actx context.Context, err error, info *Response, got int, want int64) error {
	if ctx.Err() != nil || actx.Err() != nil {
		if ne := contextError(ctx); ne != nil {
			return ne
		}
		ne := &NetworkError{Timeout: true, Err: err}
		ne.say(i18n.M("api.net.partial", "Timeout", c.timeout.String()), i18n.M("explain.network.timeout_next"))
		return ne
	}
	var corrupt flate.CorruptInputError
	if errors.As(err, &corrupt) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) {
		e := &BadResponseError{Reason: Undecodable, Response: info, Err: err}
		return e.say(i18n.M("api.bad.corrupt"))
	}
	why := i18n.M("api.bad.broke", "Got", got)
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		why = i18n.M("api.bad.reset", "Got", got)
	case want > 0:
		why = i18n.M("api.bad.ended", "Got", got, "Want", want)
	}
	e := &BadResponseError{Reason: Truncated, Response: info, Err: err}
	return e.say(why)
}

// contextError describes the caller's context ending: cancelled, or its own
// deadline passed. Nil when ctx is still live.
func contextError(ctx context.Context) *NetworkError {
	switch err := ctx.Err(); {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return &NetworkError{Canceled: true, Err: err}
	default:
		ne := &NetworkError{Timeout: true, Err: err}
		ne.say(i18n.M("api.net.out_of_time"), i18n.Message{})
		return ne
	}
}

// networkError classifies a failure to get any response, with a hint in
// plain words, and says whether another attempt may help.
func (c *Client) networkError(ctx, actx context.Context, err error) (*NetworkError, bool) {
	if ne := contextError(ctx); ne != nil {
		return ne, false
	}
	host := c.base.Hostname()
	inner := err
	if ue, ok := err.(*url.Error); ok {
		inner = ue.Err
	}
	ne := &NetworkError{Err: err}
	var (
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
		dnsErr    *net.DNSError
		opErr     *net.OpError
		netErr    net.Error
	)
	switch {
	case actx.Err() != nil || errors.As(err, &netErr) && netErr.Timeout():
		ne.Timeout = true
		ne.say(i18n.M("api.net.no_answer", "Host", host, "Timeout", c.timeout.String()), i18n.M("explain.network.timeout_next"))
		return ne, false
	case errors.As(err, &unknownCA):
		ne.say(i18n.M("api.net.untrusted", "Host", host), i18n.M("api.net.untrusted_next"))
		return ne, false
	case errors.As(err, &hostErr):
		ne.say(i18n.M("api.net.wrong_host", "Host", host), i18n.M("api.net.wrong_host_next"))
		return ne, false
	case errors.As(err, &invalid):
		if invalid.Reason == x509.Expired {
			ne.say(i18n.M("api.net.expired", "Host", host), i18n.M("api.net.expired_next"))
		} else {
			ne.say(i18n.M("api.net.invalid_cert", "Host", host, "Error", cleanMessage(invalid.Error(), 120)), i18n.Message{})
		}
		return ne, false
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		ne.say(i18n.M("api.net.no_tls", "Host", host), i18n.M("api.net.no_tls_next"))
		return ne, false
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			ne.say(i18n.M("api.net.no_host", "Host", host), i18n.M("api.net.no_host_next"))
			return ne, false
		}
		ne.say(i18n.M("api.net.dns", "Host", host), i18n.M("api.net.dns_next"))
		return ne, true
	case errors.Is(err, syscall.ECONNREFUSED):
		ne.say(i18n.M("api.net.refused", "Host", host), i18n.M("api.net.refused_next"))
		return ne, true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		ne.say(i18n.M("api.net.closed", "Host", host), i18n.Message{})
		return ne, true
	case errors.As(err, &opErr):
		ne.say(i18n.M("api.net.failed", "Error", cleanMessage(inner.Error(), maxMessageRunes)), i18n.Message{})
		return ne, true
	}
	if strings.Contains(inner.Error(), "malformed") {
		ne.say(i18n.M("api.net.bad_http", "Host", host, "Error", cleanMessage(inner.Error(), maxMessageRunes)), i18n.Message{})
		return ne, false
	}
	ne.say(i18n.M("api.net.request_failed", "Error", cleanMessage(inner.Error(), maxMessageRunes)), i18n.Message{})
	return ne, false
}
