package ui

import (
	"fmt"
	"leadinspector/api/base/i18n"
	"net/url"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
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
	// names are the receiver's names the screen shows (nil before any):
	// the ticket says who holds the lead as the screen does.
	names *api.LeadNames
}

// copySummary copies a short plain-text summary for a support ticket, and
// says so.
func copySummary(l *i18n.Localizer, f *ticketFacts, profile string, now time.Time, loc *time.Location) (tea.Cmd, string) {
	if f == nil {
		return nil, ""
	}
	if loc == nil {
		loc = time.Local
	}
	return tea.SetClipboard(sanitize.Clipboard(ticketSummary(l, *f, profile, now, loc))), l.T("ui.ticket.copied")
}

// ticketSummary is the summary t copies: customer id, lead id, state, lead
// source and type, receiver chain, sent at and age, looked up at, profile.
// Never the message, contact id, estate ids or UTM tags: a ticket is read
// by many. Plain, sanitised text, one fact a line.
func ticketSummary(tr *i18n.Localizer, f ticketFacts, profile string, now time.Time, loc *time.Location) string {
	var b strings.Builder
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-13s%s\n", label+":", value)
	}
	when := func(t time.Time) string {
		s := t.In(loc).Format("2006-01-02 15:04 MST")
		if a := tr.Ago(t, now); a != "" {
			s += " (" + a + ")"
		}
		return s
	}
	line(tr.T("ui.ticket.customer"), sanitize.Line(f.key.customer))
	line(tr.T("ui.ticket.lead"), sanitize.Line(f.key.lead))
	if l := f.lead; l != nil {
		state := stateWord(tr, l.State)
		if c := f.change; c != nil {
			if !c.LastSeen.IsZero() {
				state += " " + tr.T("ui.ticket.was_seen", "State", stateWord(tr, c.From), "Ago", tr.Ago(c.LastSeen, now))
			} else {
				state += " " + tr.T("ui.ticket.was", "State", stateWord(tr, c.From))
			}
		}
		line(tr.T("ui.ticket.state"), state)
		source := tr.T("ui.ticket.not_given")
		if s := l.LeadSource; s != nil {
			source = orNotSet(tr, sanitize.Line(s.Name))
			if t := leadTypeOf(l); t != "" {
				source += ", " + tr.T("ui.ticket.lead_type", "Type", t)
			}
		}
		line(tr.T("ui.ticket.source"), source)
		line(tr.T("ui.ticket.receiver"), receiverChain(tr, l.Receiver, f.names))
		sent := tr.T("ui.ticket.not_given")
		if !l.SentAt.IsZero() {
			sent = when(l.SentAt)
		}
		line(tr.T("ui.ticket.sent"), sent)
	} else if f.err != nil {
		line(tr.T("ui.ticket.result"), errorTextFor(tr, f.err, profile, f.key.customer, true))
	}
	looked := tr.T("ui.ticket.profile", "Profile", quoteProfile(sanitize.Line(profile)))
	if !f.at.IsZero() {
		looked = when(f.at) + ", " + looked
	}
	line(tr.T("ui.ticket.looked_up"), looked)
	return b.String()
}

func orNotSet(l *i18n.Localizer, s string) string {
	if strings.TrimSpace(s) == "" {
		return l.T("ui.ticket.not_set")
	}
	return s
}

// receiverChain is the receiver hierarchy on one line, the holder named
// first, with the names the screen shows and every id whole (a ticket is
// searched for them): "held by the agent Greta Lindqvist-Öberg (HAN…), of
// office Mäklarhuset Gamla stan (KTR…, M30011); office Mäklarhuset Gamla
// stan (KTR…, M30011)". An id whose name is not known stands alone.
func receiverChain(l *i18n.Localizer, r *api.LeadReceiver, names *api.LeadNames) string {
	holder := r.Holder()
	if holder == api.LevelNone {
		return l.T("ui.ticket.no_receiver")
	}
	var ns api.LeadNames
	if names != nil {
		ns = *names
	}
	var parts []string
	if a := r.Agent; a != nil && a.ID != "" {
		s := detail.LevelPhrase(l, api.LevelAgent, namedID(l, a.ID, "", ns.Agent))
		if a.Office != nil {
			s = l.T("ui.ticket.agent_of_office", "Agent", namedID(l, a.ID, "", ns.Agent), "Office", officeWords(l, a.Office, ns.AgentOffice))
		}
		parts = append(parts, s)
	}
	if g := r.UserGroup; g != nil && g.ID != "" {
		parts = append(parts, detail.LevelPhrase(l, api.LevelUserGroup, namedID(l, g.ID, "", ns.UserGroup)))
	}
	if o := r.Office; o != nil && (o.ID != "" || o.CustomerID != "") {
		parts = append(parts, detail.LevelPhrase(l, api.LevelOffice, officeWords(l, o, ns.Office)))
	}
	return l.T("ui.ticket.held_by", "Chain", strings.Join(parts, "; "))
}

// officeWords is an office with its customer id: "Name (KTR…, M30011)",
// "KTR… (M30011)".
func officeWords(l *i18n.Localizer, o *api.Office, n *api.Name) string {
	return namedID(l, orNotSet(l, sanitize.Line(o.ID)), sanitize.Line(strings.TrimSpace(o.CustomerID)), n)
}

// namedID is an id with its name when the resolver found one, and the
// customer it belongs to when given: "Name (ID, M30011)", "ID (M30011)",
// "ID". Sanitised; the id is never shortened.
func namedID(l *i18n.Localizer, id, customer string, n *api.Name) string {
	id = sanitize.Line(strings.TrimSpace(id))
	name := ""
	if n != nil && n.Err == nil {
		name = sanitize.Line(strings.TrimSpace(n.Label()))
	}
	switch {
	case name != "" && customer != "":
		return l.T("detail.holder.named_with_customer", "Name", name, "ID", id, "Customer", customer)
	case name != "":
		return l.T("detail.holder.named", "Name", name, "ID", id)
	case customer != "":
		return l.T("detail.holder.with_customer", "Who", id, "Customer", customer)
	}
	return id
}

// copyCurl copies the curl command that makes the same request: the user
// name, never the password (curl asks for it).
func copyCurl(l *i18n.Localizer, f *ticketFacts, baseURL, username string) (tea.Cmd, string) {
	if f == nil {
		return nil, ""
	}
	if baseURL == "" {
		return nil, l.T("ui.curl.no_base_url")
	}
	user, notice := sanitize.Line(username), l.T("ui.curl.copied")
	if user == "" {
		// USERNAME stays as it is: it is a placeholder in a shell command.
		user, notice = "USERNAME", l.T("ui.curl.copied_no_user", "Placeholder", "USERNAME")
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
