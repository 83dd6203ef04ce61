// Package detail renders one lead as the inspector's detail pane: the facts a
// support person reads first. It is a pure function of the lead, the width and
// the styles, so `leadinspector get --format text` prints the same facts with
// monochrome styles.
package detail

import (
	"io"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// Options are the inputs of Render besides the lead.
type Options struct {
	// Width is the number of cells available; lines never exceed it.
	Width  int
	Styles *styles.Styles
	// Lang words every text of the pane (labels, headings, hints, ages);
	// nil means English. Values from the API are never translated.
	Lang *i18n.Localizer
	// Now is the reference for ages ("3 d ago").
	Now time.Time
	// Loc is the time zone SentAt is shown in; nil means time.Local.
	Loc *time.Location
	// Privacy masks the message, contact id, estate ids and UTM values.
	Privacy bool
	// CustomerID and LeadID are the ids the lead was looked up with.
	CustomerID, LeadID string
	// Change, when set, says the State differs from what history last saw.
	Change *Change
	// Changed marks the parts that differ from the previous lookup (watch).
	Changed Fields
	// Names are the names resolved so far for the lead's ids (nil: none):
	// each shows beside its id, or why it could not be had.
	Names *api.LeadNames
	// WholeIDs writes ids in full beside names and in the summary: text
	// output is copied into tickets, where "HAN379…" cannot be searched
	// for. A pane shortens them (the raw pane has them whole).
	WholeIDs bool
}

// Change is a State change seen between two lookups of the same lead.
type Change struct {
	From, To api.State
	// LastSeen is when the previous State was seen.
	LastSeen time.Time
}

// nbsp keeps a phrase together when wrapping; wrapped turns it back into
// a space.
const nbsp = "\u00a0"

// Mask replaces personal data in privacy mode.
const Mask = api.MaskText

// minLabelWidth is the narrowest label column; a language whose labels are
// longer widens it to its longest label plus a gap.
const minLabelWidth = 16

// minWidth is the narrowest width Render lays out for; narrower widths are
// drawn at minWidth and cut.
const minWidth = 24

// Render draws the lead. Every server string is sanitised here.
func Render(lead *api.IncomingLead, o Options) string {
	var b strings.Builder
	n := 0
	render(lead, o, func(line string) {
		if n > 0 {
			b.WriteByte('\n')
		}
		n++
		b.WriteString(line)
	})
	return b.String()
}

// RenderTo writes what Render returns, each line followed by a newline, to
// w as it goes: a 10 MiB message is never held twice. Every Write is one
// whole line, so a filter such as a colour-profile writer never sees an
// escape sequence cut in two. It returns the first write error.
func RenderTo(w io.Writer, lead *api.IncomingLead, o Options) error {
	var (
		scratch []byte
		err     error
	)
	render(lead, o, func(line string) {
		if err != nil {
			return
		}
		scratch = append(append(scratch[:0], line...), '\n')
		_, err = w.Write(scratch)
	})
	return err
}

// The order leads with what a support person reads first: the summary
// (state, type, age, holder, source) in at most two lines and the warnings,
// then the message, then the facts behind them. At 80×24 the message's
// first line is on screen for any lead.
func render(lead *api.IncomingLead, o Options, emit func(string)) {
	if o.Styles == nil {
		o.Styles = styles.New(true, true, nil)
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	if o.Lang == nil {
		o.Lang = i18n.New(i18n.English)
	}
	w := max(o.Width, minWidth)
	r := renderer{o: o, st: o.Styles, l: o.Lang, w: w, emit: emit, label: newPainter(o.Styles.Label), muted: newPainter(o.Styles.Muted)}
	if lead == nil {
		r.line(r.st.Muted.Render(r.l.T("detail.no_lead")))
		return
	}
	r.labelW = r.labelWidth()
	r.summary(lead)
	r.warnings(lead)
	r.blank()
	r.message(lead.Message)
	r.blank()
	r.ids()
	r.sent(lead)
	r.blank()
	r.receiver(lead.Receiver)
	r.blank()
	r.contact(lead)
	r.blank()
	r.source(lead.LeadSource)
	r.blank()
	r.utm(lead.UtmTags)
}

type renderer struct {
	o      Options
	st     *styles.Styles
	l      *i18n.Localizer
	w      int
	labelW int
	emit   func(line string)
	label  painter
	muted  painter
}

// painter applies a simple style by concatenation: lipgloss's Render costs
// microseconds, which adds up over thousands of UTM rows.
type painter struct{ pre, post string }

func newPainter(st lipgloss.Style) painter {
	pre, post, ok := strings.Cut(st.Render("\x00"), "\x00")
	if !ok {
		return painter{}
	}
	return painter{pre, post}
}

func (p painter) paint(s string) string { return p.pre + s + p.post }

// line writes one line, cut to the width as a last resort (callers wrap).
func (r *renderer) line(s string) {
	r.fitting(cellfit.Cut(s, r.w))
}

// fitting writes a line known to fit the width.
func (r *renderer) fitting(s string) { r.emit(s) }

func (r *renderer) blank() { r.line("") }

// labelWidth is the label column: the longest label of the language plus
// a gap, at least minLabelWidth, at most a third of the width.
func (r *renderer) labelWidth() int {
	n := minLabelWidth
	for _, s := range []string{r.l.T("detail.label.lead"), r.l.T("detail.label.customer"), r.l.T("detail.label.sent"),
		r.l.T("detail.label.contact"), r.l.T("detail.label.buying_estate"), r.l.T("detail.label.selling_estate"),
		r.l.T("detail.label.source_name"), r.l.T("detail.label.source_id"), r.l.T("detail.label.lead_type")} {
		n = max(n, cellfit.Width(s)+2)
	}
	return min(n, max(r.w/3, minLabelWidth))
}

// mark is the note after a part that changed since the previous lookup, ""
// for one that did not. Its spaces are non-breaking: it wraps as one word.
func (r *renderer) mark(f Fields) string {
	if !r.o.Changed.Has(f) {
		return ""
	}
	return " " + r.st.Warn.Bold(true).Render(strings.ReplaceAll(r.l.T("detail.changed"), " ", nbsp))
}

// headingMark is mark for a line that is not wrapped.
func (r *renderer) headingMark(f Fields) string {
	return strings.ReplaceAll(r.mark(f), nbsp, " ")
}

// missing is how an absent value reads: never a blank.
func (r *renderer) missing(what string) string { return r.st.Subtle.Render("— " + what) }

// notSet is the muted "— not set".
func (r *renderer) notSet() string { return r.missing(r.l.T("detail.not_set")) }

// field writes "label  value", wrapping a long value under itself.
func (r *renderer) field(label, value string) {
	pad := r.labelW - cellfit.Width(label)
	prefix := r.label.paint(label) + strings.Repeat(" ", max(pad, 1))
	r.wrappedW(prefix, max(r.labelW, cellfit.Width(label)+1), strings.Repeat(" ", r.labelW), value)
}

// note writes plain text wrapped to the width in one style, each line
// painted on its own so no colour runs across a line break. indent starts
// every line after the first.
func (r *renderer) note(st lipgloss.Style, indent, text string) {
	p := newPainter(st)
	avail := max(r.w-cellfit.Width(indent), 1)
	for i, l := range strings.Split(ansi.Wrap(text, avail, ""), "\n") {
		l = strings.TrimSpace(l)
		if i > 0 {
			l = indent + p.paint(l)
		} else {
			l = p.paint(l)
		}
		r.line(l)
	}
}

// wrappedW writes first+value, wrapping value at word boundaries
// (hard-breaking long ids) with cont before each continuation line; first is
// firstW cells wide, as wide as cont. Phrases joined with nbsp stay on one
// line.
func (r *renderer) wrappedW(first string, firstW int, cont, value string) {
	avail := max(r.w-firstW, 1)
	if firstW <= r.w && !strings.Contains(value, nbsp) && cellfit.Width(value) <= avail {
		r.fitting(first + value)
		return
	}
	for i, l := range strings.Split(ansi.Wrap(value, avail, ""), "\n") {
		l = strings.ReplaceAll(l, nbsp, " ")
		if i == 0 {
			r.line(first + l)
		} else {
			r.line(cont + strings.TrimLeft(l, " "))
		}
	}
}

// id renders a server id for one line, or a muted "— not set".
func (r *renderer) id(s string) string {
	if s = sanitize.Line(strings.TrimSpace(s)); s == "" {
		return r.notSet()
	}
	return s
}

func (r *renderer) private(s string) string {
	if r.o.Privacy && strings.TrimSpace(s) != "" {
		return r.muted.paint(Mask)
	}
	return r.id(s)
}

// unset reports whether t is no date: Go's zero time or .NET's unset
// DateTime (0001-01-01, in any zone), which must never read as "292 years
// ago".
func unset(t time.Time) bool { return t.IsZero() || t.Year() <= 1 }

// summary is the badges and the age, then who holds the lead and where it
// came from: two lines as a rule. A part that does not fit the first line
// starts the second; a part that does not fit the second starts a third
// (and a part wider than the pane wraps), never cut.
func (r *renderer) summary(lead *api.IncomingLead) {
	// A number the server gave no name for says so.
	first := []string{r.st.StateBadge(api.State(api.EnumText(r.l, string(lead.State))), r.l.T("detail.no_state"))}
	if strings.TrimSpace(string(lead.State)) == "" {
		first[0] = r.st.Badge(r.l.T("detail.no_state"), styles.BadgeNeutral)
	}
	if lead.LeadSource != nil && strings.TrimSpace(string(lead.LeadSource.LeadType)) != "" {
		first = append(first, r.st.Badge(api.EnumText(r.l, strings.TrimSpace(string(lead.LeadSource.LeadType))), styles.BadgeType))
	}
	if lead.IsAnonymized != nil && *lead.IsAnonymized {
		first = append(first, r.st.Badge(r.l.T("detail.badge.anonymised"), styles.BadgeGDPR))
	}
	var changed []string
	for _, f := range []Fields{FieldState, FieldLeadType, FieldAnonymised} {
		if r.o.Changed.Has(f) {
			changed = append(changed, r.fieldWord(f))
		}
	}
	if len(changed) > 0 {
		first = append(first, r.st.Warn.Bold(true).Render(r.l.T("detail.changed_fields", "Fields", strings.Join(changed, ", "))))
	}
	sep := r.muted.paint(" · ")
	var rest []string
	if unset(lead.SentAt) {
		rest = append(rest, r.missing(r.l.T("detail.sent_not_given")))
	} else if a := r.l.Ago(lead.SentAt, r.o.Now); a != "" {
		rest = append(rest, a)
	}
	rest = append(rest, r.holder(lead.Receiver))
	if s := lead.LeadSource; s != nil && strings.TrimSpace(s.Name) != "" {
		rest = append(rest, r.l.T("detail.summary.source", "Name", sanitize.Line(strings.TrimSpace(s.Name))))
	}
	line := strings.Join(first, " ")
	lw := cellfit.Width(line)
	i := 0
	for ; i < len(rest); i++ {
		pw := cellfit.Width(rest[i]) + 3
		if lw+pw > r.w {
			break
		}
		line += sep + rest[i]
		lw += pw
	}
	r.line(line)
	// The rest wraps, between its parts where it can: a cut would lose the
	// source, the part support reads last.
	var cur string
	curW := 0
	flush := func() {
		if cur != "" {
			for _, l := range strings.Split(ansi.Wrap(cur, r.w, ""), "\n") {
				r.line(strings.TrimRight(l, " "))
			}
		}
	}
	for _, part := range rest[i:] {
		pw := cellfit.Width(part)
		if cur != "" && curW+3+pw <= r.w {
			cur += sep + part
			curW += 3 + pw
			continue
		}
		flush()
		cur, curW = part, pw
	}
	flush()
}

// holder says who holds the lead: the name when the resolver gave one,
// else the id, shortened.
func (r *renderer) holder(rc *api.LeadReceiver) string {
	h := HolderOf(rc, r.o.Names)
	if h.Level == api.LevelNone {
		return r.missing(r.l.T("detail.no_receiver"))
	}
	who := h.Who()
	if r.o.WholeIDs && h.Name == "" {
		who = h.ID
	}
	return r.l.T("detail.summary.held_by", "Who", r.st.Bold.Render(who), "Level", LevelWord(r.l, h.Level))
}

// warnings are the facts that change what support does next, right under
// the summary: the three-month limit, a state change since last time.
func (r *renderer) warnings(lead *api.IncomingLead) {
	if !unset(lead.SentAt) {
		if w := r.l.TooOld(lead.SentAt, r.o.Now); w != "" {
			r.note(r.st.Warn, "", w)
		}
	}
	c := r.o.Change
	if c == nil {
		return
	}
	msg := r.l.T("detail.state_changed", "From", sanitize.Line(string(c.From)), "To", sanitize.Line(string(c.To)))
	if a := r.l.Ago(c.LastSeen, r.o.Now); a != "" && !unset(c.LastSeen) {
		msg = r.l.T("detail.state_changed_seen", "Text", msg, "Ago", a)
	}
	r.note(r.st.Warn, "", msg)
}

func (r *renderer) ids() {
	if r.o.LeadID != "" {
		r.field(r.l.T("detail.label.lead"), r.id(r.o.LeadID))
	}
	if r.o.CustomerID != "" {
		r.field(r.l.T("detail.label.customer"), r.id(r.o.CustomerID))
	}
}

func (r *renderer) sent(lead *api.IncomingLead) {
	label := r.l.T("detail.label.sent")
	if unset(lead.SentAt) {
		r.field(label, r.missing(r.l.T("detail.not_given"))+r.mark(FieldSent))
		return
	}
	v := r.l.DateTime(lead.SentAt, r.o.Loc)
	if a := r.l.Ago(lead.SentAt, r.o.Now); a != "" {
		v += r.st.Muted.Render(" · " + strings.ReplaceAll(a, " ", nbsp))
	}
	r.field(label, v+r.mark(FieldSent))
}

// receiver draws the hierarchy as a tree, the level that holds the lead
// marked.
func (r *renderer) receiver(rc *api.LeadReceiver) {
	heading := r.st.Heading.Render(r.l.T("detail.heading.receiver"))
	holder := rc.Holder()
	if holder == api.LevelNone {
		r.line(heading + r.headingMark(FieldReceiver))
		r.line(r.missing(r.l.T("detail.not_given")))
		return
	}
	// The heading says in words who holds the lead; the tree marks that
	// level with a short arrow so long ids still fit on their line.
	r.line(heading + r.st.Muted.Render("  "+r.l.T("detail.held_by_level", "Level", LevelWord(r.l, holder))+" ◀") + r.headingMark(FieldReceiver))
	mark := func(l api.Level) string {
		if l == holder {
			// Joined to the last word, so a wrap never leaves it alone.
			return nbsp + r.st.Accent.Render("◀")
		}
		return ""
	}
	var names api.LeadNames
	if r.o.Names != nil {
		names = *r.o.Names
	}
	type node struct {
		label, text string
		children    [][2]string
	}
	var nodes []node
	if a := rc.Agent; a != nil && a.ID != "" {
		n := node{label: r.l.T("detail.tree.agent"), text: r.named(a.ID, "", names.Agent) + mark(api.LevelAgent)}
		if a.Office != nil {
			n.children = append(n.children, [2]string{r.l.T("detail.tree.agents_office"), r.office(a.Office, names.AgentOffice)})
		}
		nodes = append(nodes, n)
	}
	if g := rc.UserGroup; g != nil && g.ID != "" {
		nodes = append(nodes, node{label: r.l.T("detail.tree.user_group"), text: r.named(g.ID, "", names.UserGroup) + mark(api.LevelUserGroup)})
	}
	if of := rc.Office; of != nil && (of.ID != "" || of.CustomerID != "") {
		nodes = append(nodes, node{label: r.l.T("detail.tree.office"), text: r.office(of, names.Office) + mark(api.LevelOffice)})
	}
	// A wrapped line continues under its value, not under the tree: the
	// label's width is kept as indent after the tree's own.
	item := func(branch, cont, label, text string) {
		lw := cellfit.Width(label) + 1
		r.wrappedW(r.st.Subtle.Render(branch)+label+" ", cellfit.Width(branch)+lw, r.st.Subtle.Render(cont)+strings.Repeat(" ", lw), text)
	}
	for i, n := range nodes {
		last := i == len(nodes)-1
		branch, cont := "├─ ", "│  "
		if last {
			branch, cont = "└─ ", "   "
		}
		item(branch, cont, r.st.Bold.Render(n.label), n.text)
		for j, c := range n.children {
			cb, cc := "├─ ", "│  "
			if j == len(n.children)-1 {
				cb, cc = "└─ ", "   "
			}
			item(cont+cb, cont+cc, c[0], c[1])
		}
	}
	if holder == api.LevelOffice {
		// The key triage fact: wrapped, never cut.
		r.note(r.st.Muted, "", r.l.T("detail.sharktank"))
	}
}

func (r *renderer) office(of *api.Office, n *api.Name) string {
	c := sanitize.Line(strings.TrimSpace(of.CustomerID))
	if n == nil {
		s := r.id(of.ID)
		if c != "" {
			s += r.muted.paint(" (" + r.l.T("detail.customer_beside", "ID", c) + ")")
		}
		return s
	}
	beside := ""
	if c != "" {
		beside = r.l.T("detail.customer_beside", "ID", c)
	}
	return r.named(of.ID, beside, n)
}

func (r *renderer) contact(lead *api.IncomingLead) {
	anon := lead.IsAnonymized != nil && *lead.IsAnonymized
	label := r.l.T("detail.label.contact")
	switch has := strings.TrimSpace(lead.ContactID) != ""; {
	case has && anon:
		// Vitec sets ContactId only while the contact exists, and
		// IsAnonymized when it was removed: both at once is a contradiction
		// worth a ticket.
		r.field(label, r.private(lead.ContactID)+" "+r.st.Warn.Render(strings.ReplaceAll(r.l.T("detail.contact_inconsistent"), " ", nbsp))+r.mark(FieldContact))
	case has:
		r.field(label, r.private(lead.ContactID)+r.mark(FieldContact))
	case anon:
		r.field(label, r.st.Warn.Render(r.l.T("detail.contact_removed"))+r.mark(FieldContact))
	default:
		r.field(label, r.missing(r.l.T("detail.contact_none"))+r.mark(FieldContact))
	}
	var buying, selling *api.Name
	if r.o.Names != nil {
		buying, selling = r.o.Names.BuyingEstate, r.o.Names.SellingEstate
	}
	r.field(r.l.T("detail.label.buying_estate"), r.estate(lead.BuyingEstateID, buying)+r.mark(FieldBuyingEstate))
	r.field(r.l.T("detail.label.selling_estate"), r.estate(lead.SellingEstateID, selling)+r.mark(FieldSellingEstate))
}

func (r *renderer) source(s *api.LeadSource) {
	r.line(r.st.Heading.Render(r.l.T("detail.heading.source")) + r.headingMark(FieldSource))
	if s == nil {
		r.line(r.missing(r.l.T("detail.not_given")))
		return
	}
	r.field(r.l.T("detail.label.source_name"), r.id(s.Name))
	r.field(r.l.T("detail.label.source_id"), r.id(s.ID))
	r.field(r.l.T("detail.label.lead_type"), r.id(api.EnumText(r.l, string(s.LeadType)))+r.mark(FieldLeadType))
}

func (r *renderer) message(m string) {
	r.line(r.st.Heading.Render(r.l.T("detail.heading.message")) + r.headingMark(FieldMessage))
	m = strings.TrimSpace(sanitize.Text(m))
	switch {
	case m == "":
		r.line(r.missing(r.l.T("detail.no_message")))
		return
	case r.o.Privacy:
		r.note(r.st.Muted, "", r.l.T("detail.message_hidden", "Mask", Mask))
		return
	}
	m = strings.ReplaceAll(m, "\t", "    ")
	// Line by line, so that a 10 MiB message is not copied whole; the text
	// is sanitised and unstyled, so wrapping plain text is all it needs.
	emit := func(l string, fits bool) {
		l = strings.TrimRight(l, " ")
		if fits {
			r.fitting(l) // wrapLine knows its width: no need to measure again
		} else {
			r.line(l)
		}
	}
	for m != "" {
		l, rest, _ := strings.Cut(m, "\n")
		m = rest
		// An indented line (a quote, a list) wraps under its own indent.
		if n := len(l) - len(strings.TrimLeft(l, " ")); n > 0 && n <= r.w/2 && len(l) > r.w {
			indent := l[:n]
			wrapLine(l[n:], r.w-n, func(s string, fits bool) { emit(indent+s, fits) })
			continue
		}
		wrapLine(l, r.w, emit)
	}
}

func (r *renderer) utm(tags []api.UtmTag) {
	if len(tags) == 0 {
		r.line(r.st.Heading.Render(r.l.T("detail.heading.utm")) + r.headingMark(FieldUTM))
		r.line(r.missing(r.l.T("detail.none")))
		return
	}
	r.line(r.st.Heading.Render(r.l.N("detail.heading.utm_count", len(tags))) + r.headingMark(FieldUTM))
	names := make([]string, len(tags))
	nameW := 0
	for i, t := range tags {
		names[i] = r.id(t.Name)
		nameW = max(nameW, cellfit.Width(names[i]))
	}
	nameW = min(nameW, r.w/2)
	indent := strings.Repeat(" ", nameW+2)
	for i, t := range tags {
		r.wrappedW(r.label.paint(cellfit.Fit(names[i], nameW))+"  ", nameW+2, indent, r.private(t.Value))
	}
}
