package ui

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/detail"
)

// ticketFacts is what t and C copy about one lookup.
type ticketFacts struct {
	key    lookupKey
	format api.Format
	lead   *api.IncomingLead // nil when the lookup failed
	err    error
	change *detail.Change
	at     time.Time // when it was looked up
}

// copySummary copies a short plain-text summary for a support ticket, and
// says so.
func copySummary(f *ticketFacts, profile string, now time.Time, loc *time.Location) (tea.Cmd, string) {
	if f == nil {
		return nil, ""
	}
	if loc == nil {
		loc = time.Local
	}
	return tea.SetClipboard(sanitize.Clipboard(ticketSummary(*f, profile, now, loc))), "copied summary for the ticket"
}

// ticketSummary is the summary t copies: customer id, lead id, state, lead
// source and type, receiver chain, sent at and age, looked up at, profile.
// Never the message, contact id, estate ids or UTM tags: a ticket is read
// by many. Plain, sanitised text, one fact a line.
func ticketSummary(f ticketFacts, profile string, now time.Time, loc *time.Location) string {
	var b strings.Builder
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-13s%s\n", label+":", value)
	}
	when := func(t time.Time) string {
		s := t.In(loc).Format("2006-01-02 15:04 MST")
		if a := detail.Age(t, now); a != "" {
			s += " (" + a + ")"
		}
		return s
	}
	line("Customer ID", sanitize.Line(f.key.customer))
	line("Lead ID", sanitize.Line(f.key.lead))
	if l := f.lead; l != nil {
		state := stateWord(l.State)
		if c := f.change; c != nil {
			state += " (was " + stateWord(c.From)
			if !c.LastSeen.IsZero() {
				state += ", last seen " + detail.Age(c.LastSeen, now)
			}
			state += ")"
		}
		line("State", state)
		source := "not given"
		if s := l.LeadSource; s != nil {
			source = orNotSet(sanitize.Line(s.Name))
			if t := leadTypeOf(l); t != "" {
				source += ", lead type " + t
			}
		}
		line("Lead source", source)
		line("Receiver", receiverChain(l.Receiver))
		sent := "not given"
		if !l.SentAt.IsZero() {
			sent = when(l.SentAt)
		}
		line("Sent at", sent)
	} else if f.err != nil {
		line("Result", errorTextFor(f.err, profile, f.key.customer, true))
	}
	looked := "profile " + quoteProfile(sanitize.Line(profile))
	if !f.at.IsZero() {
		looked = when(f.at) + ", " + looked
	}
	line("Looked up", looked)
	return b.String()
}

func orNotSet(s string) string {
	if strings.TrimSpace(s) == "" {
		return "not set"
	}
	return s
}

// receiverChain is the receiver hierarchy on one line, the holder named
// first: "held by the agent HAN… (of office KTR… (M30011)); office KTR…
// (M30011)".
func receiverChain(r *api.LeadReceiver) string {
	holder := r.Holder()
	if holder == api.LevelNone {
		return "nobody (no receiver)"
	}
	office := func(o *api.Office) string {
		s := orNotSet(sanitize.Line(o.ID))
		if o.CustomerID != "" {
			s += " (" + sanitize.Line(o.CustomerID) + ")"
		}
		return s
	}
	var parts []string
	if a := r.Agent; a != nil && a.ID != "" {
		s := "agent " + sanitize.Line(a.ID)
		if a.Office != nil {
			s += " of office " + office(a.Office)
		}
		parts = append(parts, s)
	}
	if g := r.UserGroup; g != nil && g.ID != "" {
		parts = append(parts, "user group "+sanitize.Line(g.ID))
	}
	if o := r.Office; o != nil && (o.ID != "" || o.CustomerID != "") {
		parts = append(parts, "office "+office(o))
	}
	return "held by the " + strings.Join(parts, "; ")
}

// copyCurl copies the curl command that makes the same request: the user
// name, never the password (curl asks for it).
func copyCurl(f *ticketFacts, baseURL, username string) (tea.Cmd, string) {
	if f == nil {
		return nil, ""
	}
	if baseURL == "" {
		return nil, "no base URL in this profile, so no curl command"
	}
	user, notice := sanitize.Line(username), "copied the curl command (curl asks for the password)"
	if user == "" {
		user, notice = "USERNAME", "copied the curl command; put your username in place of USERNAME"
	}
	return tea.SetClipboard(sanitize.Clipboard(curlCommand(baseURL, user, f.key, f.format))), notice
}

// curlCommand is `curl -u 'USER' -H 'Accept: …' 'URL'`, every argument
// quoted for a POSIX shell and each id escaped as one path segment, as the
// client sends it.
func curlCommand(base, user string, k lookupKey, f api.Format) string {
	if f == "" {
		f = api.JSON
	}
	u := strings.TrimRight(sanitize.Line(base), "/") + "/CRM/Lead/" + url.PathEscape(k.customer) +
		"/Incoming/" + url.PathEscape(k.lead)
	return "curl -u " + shellQuote(user) + " -H " + shellQuote("Accept: "+f.Accept()) + " " + shellQuote(u)
}

// shellQuote wraps s in single quotes; a single quote inside becomes '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
