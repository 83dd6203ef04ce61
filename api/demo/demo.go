// Package demo is the built-in demo API: an http.Handler that behaves like
// Express Connect's GET CRM/Lead/{customerId}/Incoming/{id}, in Vitec's wire
// style (camelCase JSON, DataContract XML), behind Basic auth demo/demo. It
// serves a dozen fictional leads and a set of ids that trigger each failure
// the client must handle, and the endpoints that turn the leads' ids into
// names (names.go). It needs no network and no configuration.
package demo

import (
	"crypto/subtle"
	"leadinspector/api/base/i18n"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Credentials of the demo API.
const (
	Username = "demo"
	Password = "demo"
)

// CustomerID is the demo's main customer, pre-filled in the inspector.
const CustomerID = "M30011"

// DefaultSlowDelay is how long the slow lead waits when Options.SlowDelay is
// zero.
const DefaultSlowDelay = 30 * time.Second

// Lead is one entry of the demo's catalogue, as `leadinspector demo --list`
// prints it.
type Lead struct {
	CustomerID string
	LeadID     string
	// What says in a few words what the lead shows or triggers, in English;
	// Says is the same as a message, for the user's language.
	What string
	Says i18n.Message
}

// StatesNote goes with the list of leads: the demo's states other than New
// are marked "(example state)" there because Vitec does not publish them.
func StatesNote() i18n.Message { return i18n.M("demo.list.states_note") }

// Leads lists the demo's leads: the successful ones first (the first is an
// ordinary lead that looks up fine), then the ids that trigger failures.
func Leads() []Lead {
	c := catalogue()
	en := i18n.New(i18n.English)
	out := make([]Lead, len(c))
	for i, e := range c {
		out[i] = Lead{CustomerID: e.customer, LeadID: e.id, What: en.Say(e.what), Says: e.what}
	}
	return out
}

// Options configure the demo handler.
type Options struct {
	// Now is the clock; nil means time.Now. SentAt values are relative to
	// its reading when the handler is created, and the stepping lead's
	// State follows it from the lead's first lookup.
	Now func() time.Time
	// SlowDelay is how long the slow lead waits before answering; zero
	// means DefaultSlowDelay.
	SlowDelay time.Duration
	// StepFile, when set, keeps the stepping lead's first lookup across
	// runs (one RFC 3339 time, written once): its State then goes on from
	// where an earlier run left it and never back to New, so a history kept
	// across demo runs reads true. "" keeps it for this run only.
	StepFile string
}

// NewHandler returns the demo API. It is safe for concurrent use.
func NewHandler(o Options) http.Handler {
	h := &handler{now: o.Now, slow: o.SlowDelay, leads: map[leadKey]*entry{}, customers: map[string]bool{}, stepFile: o.StepFile}
	if h.now == nil {
		h.now = time.Now
	}
	if h.slow <= 0 {
		h.slow = DefaultSlowDelay
	}
	h.start = h.now()
	for _, e := range catalogue() {
		if e.do == failForbidden {
			continue // its customer stays unknown, hence 403
		}
		h.leads[leadKey{e.customer, e.id}] = &e
		h.customers[e.customer] = true
	}
	return h
}

type leadKey struct{ customer, id string }

type handler struct {
	now       func() time.Time
	slow      time.Duration
	start     time.Time
	leads     map[leadKey]*entry
	customers map[string]bool
	// flaky counts requests for the flaky lead: odd ones fail.
	flaky atomic.Uint64
	// stepFrom is when the stepping lead was first looked up; its State
	// counts from then, so whoever watches it sees it change however long
	// after the demo's start they reach it.
	stepMu   sync.Mutex
	stepFrom time.Time
	stepFile string // where stepFrom is kept across runs ("": nowhere)
}

// stepsSinceFirstLookup is how many stepEvery periods have passed since the
// stepping lead's first lookup (this one, when it is the first).
func (h *handler) stepsSinceFirstLookup() int {
	now := h.now()
	h.stepMu.Lock()
	defer h.stepMu.Unlock()
	if h.stepFrom.IsZero() {
		h.stepFrom = h.firstLookup(now)
	}
	return int(now.Sub(h.stepFrom) / stepEvery)
}

// firstLookup is the stepping lead's first lookup: an earlier run's from
// stepFile when there is one (and it is not ahead of now), else now, which
// is then written there. A file that cannot be read or written only makes
// the steps start afresh.
func (h *handler) firstLookup(now time.Time) time.Time {
	if h.stepFile == "" {
		return now
	}
	if b, err := os.ReadFile(h.stepFile); err == nil {
		if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(b))); err == nil && !t.After(now) {
			return t
		}
	}
	if err := os.MkdirAll(filepath.Dir(h.stepFile), 0o700); err == nil {
		_ = os.WriteFile(h.stepFile, []byte(now.UTC().Format(time.RFC3339Nano)+"\n"), 0o600)
	}
	return now
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := negotiate(strings.Join(r.Header.Values("Accept"), ","))
	customer, id, ok := route(r.URL)
	if !ok {
		if n, ok := nameRoute(r.URL); ok {
			if h.gate(w, r, f, n.customer) {
				h.serveName(w, f, n)
			}
			return
		}
		// Web API routes before it authorises: unknown paths are 404 for
		// anyone.
		f.writeError(w, http.StatusNotFound, httpError{
			Message:       "No HTTP resource was found that matches the request URI '" + requestURI(r) + "'.",
			MessageDetail: "No route data was found for this request.",
		})
		return
	}
	if !h.gate(w, r, f, customer) {
		return
	}
	e := h.leads[leadKey{customer, id}]
	if e == nil || e.do == failNotFound {
		f.writeError(w, http.StatusNotFound, httpError{
			Message: "Det finns inget inkommande lead med id '" + id + "' hos kund " + customer + ".",
		})
		return
	}
	switch e.do {
	case failBadRequest:
		f.writeError(w, http.StatusBadRequest, httpError{
			Message:       "The request is invalid.",
			ModelField:    "id",
			ModelMessages: []string{"Ogiltigt lead-id."},
		})
	case failServerJSON:
		f.writeError(w, http.StatusInternalServerError, httpError{Message: "An error has occurred."})
	case failServerHTML:
		writeBody(w, http.StatusInternalServerError, "text/html", []byte(iisErrorPage))
	case serveProxyLogin:
		writeBody(w, http.StatusOK, "text/html; charset=utf-8", []byte(proxyLoginPage))
	case serveFlaky:
		if h.flaky.Add(1)%2 == 1 {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Server", "Microsoft-HTTPAPI/2.0")
			writeBody(w, http.StatusServiceUnavailable, "text/html; charset=us-ascii", []byte(serviceUnavailablePage))
			return
		}
		f.writeLead(w, e.lead(h.start))
	case serveSlow:
		t := time.NewTimer(h.slow)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return // the client gave up; nobody reads an answer
		case <-t.C:
		}
		f.writeLead(w, e.lead(h.start))
	case serveStepping:
		l := e.lead(h.start)
		steps := stepStates()
		n := h.stepsSinceFirstLookup()
		l.State = steps[max(0, min(n, len(steps)-1))]
		f.writeLead(w, l)
	default:
		f.writeLead(w, e.lead(h.start))
	}
}

// gate answers what every route checks after routing: the method, the
// credentials and the customer; false when it answered.
func (h *handler) gate(w http.ResponseWriter, r *http.Request, f format, customer string) bool {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		f.writeError(w, http.StatusMethodNotAllowed, httpError{
			Message: "The requested resource does not support http method '" + r.Method + "'.",
		})
		return false
	}
	if !authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="connect.maklare.vitec.net"`)
		f.writeError(w, http.StatusUnauthorized, httpError{Message: "Authorization has been denied for this request."})
		return false
	}
	if !h.customers[customer] {
		f.writeError(w, http.StatusForbidden, httpError{Message: "Användaren saknar behörighet till kund " + customer + "."})
		return false
	}
	return true
}

// route splits /CRM/Lead/{customerId}/Incoming/{id} (literal segments in
// any case, as ASP.NET routes them; one trailing slash allowed). The ids are
// taken from the escaped path, so an id holding an escaped '/' stays one id.
func route(u *url.URL) (customer, id string, ok bool) {
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	s := strings.Split(p, "/")
	if len(s) != 6 || s[0] != "" || !strings.EqualFold(s[1], "CRM") ||
		!strings.EqualFold(s[2], "Lead") || !strings.EqualFold(s[4], "Incoming") {
		return "", "", false
	}
	customer, err1 := url.PathUnescape(s[3])
	id, err2 := url.PathUnescape(s[5])
	if err1 != nil || err2 != nil || customer == "" || id == "" {
		return "", "", false
	}
	return customer, id, true
}

func requestURI(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

func authorized(r *http.Request) bool {
	u, p, ok := r.BasicAuth()
	// Both compared in full, so timing says nothing about which was wrong.
	uok := subtle.ConstantTimeCompare([]byte(u), []byte(Username))
	pok := subtle.ConstantTimeCompare([]byte(p), []byte(Password))
	return ok && uok&pok == 1
}

// format is the negotiated representation and the media type to answer with.
type format struct {
	xml       bool
	mediaType string
}

// negotiate picks the representation as ASP.NET Web API's default content
// negotiation does for its JSON and XML formatters: the highest quality
// match in Accept, a more specific range winning a tie, JSON before XML;
// JSON when nothing matches or Accept is absent. Browsers, whose Accept
// rates application/xml above */*, get XML, as they do from Vitec.
func negotiate(accept string) format {
	supported := [...]string{"application/json", "text/json", "application/xml", "text/xml"}
	best, bestQ, bestSpec := -1, 0.0, 0
	for i, s := range supported {
		q, spec := matchAccept(accept, s)
		if spec == 0 || q <= 0 {
			continue
		}
		if best < 0 || q > bestQ || q == bestQ && spec > bestSpec {
			best, bestQ, bestSpec = i, q, spec
		}
	}
	if best < 0 {
		best = 0
	}
	return format{xml: best >= 2, mediaType: supported[best]}
}

// matchAccept finds the most specific range in accept that covers
// mediaType: its quality and specificity (3 exact, 2 type/*, 1 */*, 0 none).
func matchAccept(accept, mediaType string) (q float64, spec int) {
	typ, sub, _ := strings.Cut(mediaType, "/")
	for _, part := range strings.Split(accept, ",") {
		params := strings.Split(part, ";")
		rt, rs, ok := strings.Cut(strings.TrimSpace(params[0]), "/")
		if !ok {
			continue
		}
		s := 0
		switch {
		case strings.EqualFold(rt, typ) && strings.EqualFold(rs, sub):
			s = 3
		case strings.EqualFold(rt, typ) && rs == "*":
			s = 2
		case rt == "*" && rs == "*":
			s = 1
		}
		if s <= spec {
			continue
		}
		pq := 1.0
		for _, p := range params[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					pq = f
				}
			}
		}
		q, spec = pq, s
	}
	return q, spec
}

func (f format) contentType() string { return f.mediaType + "; charset=utf-8" }

func (f format) writeLead(w http.ResponseWriter, l *incomingLead) {
	if f.xml {
		writeBody(w, http.StatusOK, f.contentType(), encodeXML(l))
		return
	}
	writeBody(w, http.StatusOK, f.contentType(), encodeJSON(l))
}

func (f format) writeError(w http.ResponseWriter, status int, e httpError) {
	if f.xml {
		writeBody(w, status, f.contentType(), e.xml())
		return
	}
	writeBody(w, status, f.contentType(), e.json())
}

// writeBody answers with the headers an IIS-hosted Web API sends.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Pragma", "no-cache")
	hd.Set("Expires", "-1")
	if hd.Get("Server") == "" {
		hd.Set("Server", "Microsoft-IIS/10.0")
	}
	hd.Set("X-Powered-By", "ASP.NET")
	w.WriteHeader(status)
	_, _ = w.Write(body) // a client that hung up is not an error here
}
