// Package detail renders one lead as the inspector's detail pane: the facts a
// support person reads first. It is a pure function of the lead, the width and
// the styles, so `leadinspector get --format text` prints the same facts with
// monochrome styles.
package detail

import (
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/styles"
)

// Options are the inputs of Render besides the lead.
type Options struct {
	// Width is the number of cells available; lines never exceed it.
	Width  int
	Styles *styles.Styles
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

// labelWidth is the width of the label column ("Selling estate" plus a gap).
const labelWidth = 16

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

func render(lead *api.IncomingLead, o Options, emit func(string)) {
	if o.Styles == nil {
		o.Styles = styles.New(true, true, nil)
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	w := max(o.Width, minWidth)
	r := renderer{o: o, st: o.Styles, w: w, emit: emit, label: newPainter(o.Styles.Label), muted: newPainter(o.Styles.Muted)}
	if lead == nil {
		r.line(r.st.Muted.Render("No lead looked up yet."))
		return
	}
	r.badges(lead)
	r.ids()
	r.sent(lead)
	r.change()
	r.blank()
	r.receiver(lead.Receiver)
	r.blank()
	r.contact(lead)
	r.blank()
	r.source(lead.LeadSource)
	r.blank()
	r.message(lead.Message)
	r.blank()
	r.utm(lead.UtmTags)
}

type renderer struct {
	o     Options
	st    *styles.Styles
	w     int
	emit  func(line string)
	label painter
	muted painter
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

// width is ansi.StringWidth with a fast path for plain ASCII.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// line writes one line, cut to the width as a last resort (callers wrap).
func (r *renderer) line(s string) {
	if width(s) > r.w {
		s = ansi.Truncate(s, r.w, "…")
	}
	r.fitting(s)
}

// fitting writes a line known to fit the width.
func (r *renderer) fitting(s string) { r.emit(s) }

func (r *renderer) blank() { r.line("") }

// changedMark reads as text without colour too.
const changedMark = "← changed"

// mark is the note after a part that changed since the previous lookup, ""
// for one that did not. Its space is non-breaking: it wraps as one word.
func (r *renderer) mark(f Fields) string {
	if !r.o.Changed.Has(f) {
		return ""
	}
	return " " + r.st.Warn.Bold(true).Render(strings.ReplaceAll(changedMark, " ", nbsp))
}

// headingMark is mark for a line that is not wrapped.
func (r *renderer) headingMark(f Fields) string {
	return strings.ReplaceAll(r.mark(f), nbsp, " ")
}

// missing is how an absent value reads: never a blank.
func (r *renderer) missing(what string) string { return r.st.Subtle.Render("— " + what) }

// field writes "label  value", wrapping a long value under itself.
func (r *renderer) field(label, value string) {
	pad := labelWidth - width(label)
	prefix := r.label.paint(label) + strings.Repeat(" ", max(pad, 1))
	r.wrapped(prefix, strings.Repeat(" ", labelWidth), value)
}

// wrapped writes first+value, wrapping value at word boundaries (hard-breaking
// long ids) with cont before each continuation line. first and cont must be
// equally wide. Phrases joined with nbsp stay on one line.
func (r *renderer) wrapped(first, cont, value string) {
	r.wrappedW(first, width(first), cont, value)
}

// wrappedW is wrapped when the width of first is known.
func (r *renderer) wrappedW(first string, firstW int, cont, value string) {
	avail := max(r.w-firstW, 1)
	if firstW <= r.w && !strings.Contains(value, nbsp) && width(value) <= avail {
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
		return r.missing("not set")
	}
	return s
}

func (r *renderer) private(s string) string {
	if r.o.Privacy && strings.TrimSpace(s) != "" {
		return r.muted.paint(Mask)
	}
	return r.id(s)
}

func (r *renderer) badges(lead *api.IncomingLead) {
	parts := []string{r.st.StateBadge(lead.State)}
	if lead.LeadSource != nil && lead.LeadSource.LeadType != "" {
		parts = append(parts, r.st.Badge(string(lead.LeadSource.LeadType), styles.BadgeAccent))
	}
	if lead.IsAnonymized != nil && *lead.IsAnonymized {
		parts = append(parts, r.st.Badge("anonymised (GDPR)", styles.BadgeWarn))
	}
	var changed []string
	for _, f := range []Fields{FieldState, FieldLeadType, FieldAnonymised} {
		if r.o.Changed.Has(f) {
			changed = append(changed, f.String())
		}
	}
	if len(changed) > 0 {
		parts = append(parts, r.st.Warn.Bold(true).Render("← "+strings.Join(changed, ", ")+" changed"))
	}
	r.line(strings.Join(parts, " "))
	r.blank()
}

func (r *renderer) ids() {
	if r.o.LeadID != "" {
		r.field("Lead", r.id(r.o.LeadID))
	}
	if r.o.CustomerID != "" {
		r.field("Customer", r.id(r.o.CustomerID))
	}
}

func (r *renderer) sent(lead *api.IncomingLead) {
	if lead.SentAt.IsZero() {
		r.field("Sent", r.missing("not given")+r.mark(FieldSent))
		return
	}
	t := lead.SentAt.In(r.o.Loc)
	r.field("Sent", t.Format("2006-01-02 15:04 MST")+r.st.Muted.Render(" · "+strings.ReplaceAll(Age(lead.SentAt, r.o.Now), " ", nbsp))+
		r.mark(FieldSent))
	if !r.o.Now.IsZero() && lead.SentAt.Before(r.o.Now.AddDate(0, -3, 0)) {
		r.field("", r.st.Warn.Render("older than three months: no longer in Express's CRM lists"))
	}
}

func (r *renderer) change() {
	c := r.o.Change
	if c == nil {
		return
	}
	msg := fmt.Sprintf("State changed: %s → %s", r.id(string(c.From)), r.id(string(c.To)))
	if !c.LastSeen.IsZero() {
		msg += ", last seen " + Age(c.LastSeen, r.o.Now)
	}
	r.field("", r.st.Warn.Render(msg))
}

// receiver draws the hierarchy as a tree, the level that holds the lead
// marked.
func (r *renderer) receiver(rc *api.LeadReceiver) {
	holder := rc.Holder()
	if holder == api.LevelNone {
		r.line(r.st.Heading.Render("Receiver") + r.headingMark(FieldReceiver))
		r.line(r.missing("nobody: the lead has no receiver"))
		return
	}
	// The heading says in words who holds the lead; the tree marks that
	// level with a short arrow so long ids still fit on their line.
	r.line(r.st.Heading.Render("Receiver") + r.st.Muted.Render("  held by the "+holder.String()+" ◀") + r.headingMark(FieldReceiver))
	mark := func(l api.Level) string {
		if l == holder {
			return " " + r.st.Accent.Render("◀")
		}
		return ""
	}
	var names api.LeadNames
	if r.o.Names != nil {
		names = *r.o.Names
	}
	type node struct {
		text     string
		children []string
	}
	var nodes []node
	if a := rc.Agent; a != nil && a.ID != "" {
		n := node{text: r.st.Bold.Render("Agent ") + r.named(a.ID, "", names.Agent) + mark(api.LevelAgent)}
		if a.Office != nil {
			n.children = append(n.children, "Agent's office "+r.office(a.Office, names.AgentOffice))
		}
		nodes = append(nodes, n)
	}
	if g := rc.UserGroup; g != nil && g.ID != "" {
		nodes = append(nodes, node{text: r.st.Bold.Render("User group ") + r.named(g.ID, "", names.UserGroup) + mark(api.LevelUserGroup)})
	}
	if of := rc.Office; of != nil && (of.ID != "" || of.CustomerID != "") {
		nodes = append(nodes, node{text: r.st.Bold.Render("Office ") + r.office(of, names.Office) + mark(api.LevelOffice)})
	}
	for i, n := range nodes {
		last := i == len(nodes)-1
		branch, cont := "├─ ", "│  "
		if last {
			branch, cont = "└─ ", "   "
		}
		r.wrapped(r.st.Subtle.Render(branch), r.st.Subtle.Render(cont), n.text)
		for j, c := range n.children {
			cb, cc := "├─ ", "│  "
			if j == len(n.children)-1 {
				cb, cc = "└─ ", "   "
			}
			r.wrapped(r.st.Subtle.Render(cont+cb), r.st.Subtle.Render(cont+cc), c)
		}
	}
	if holder == api.LevelOffice {
		r.line(r.st.Muted.Render("Office only: probably in the office's Sharktank, nobody has picked it up yet."))
	}
}

func (r *renderer) office(of *api.Office, n *api.Name) string {
	if n == nil {
		s := r.id(of.ID)
		if of.CustomerID != "" {
			s += r.st.Muted.Render(" (customer ") + r.id(of.CustomerID) + r.st.Muted.Render(")")
		}
		return s
	}
	beside := ""
	if c := sanitize.Line(strings.TrimSpace(of.CustomerID)); c != "" {
		beside = "customer " + c
	}
	return r.named(of.ID, beside, n)
}

func (r *renderer) contact(lead *api.IncomingLead) {
	anon := lead.IsAnonymized != nil && *lead.IsAnonymized
	switch {
	case strings.TrimSpace(lead.ContactID) != "":
		r.field("Contact", r.private(lead.ContactID)+r.mark(FieldContact))
	case anon:
		r.field("Contact", r.st.Warn.Render("contact removed (GDPR)")+r.mark(FieldContact))
	default:
		r.field("Contact", r.missing("none (the contact no longer exists)")+r.mark(FieldContact))
	}
	var buying, selling *api.Name
	if r.o.Names != nil {
		buying, selling = r.o.Names.BuyingEstate, r.o.Names.SellingEstate
	}
	r.field("Buying estate", r.estate(lead.BuyingEstateID, buying)+r.mark(FieldBuyingEstate))
	r.field("Selling estate", r.estate(lead.SellingEstateID, selling)+r.mark(FieldSellingEstate))
}

func (r *renderer) source(s *api.LeadSource) {
	r.line(r.st.Heading.Render("Lead source") + r.headingMark(FieldSource))
	if s == nil {
		r.line(r.missing("not given"))
		return
	}
	r.field("Name", r.id(s.Name))
	r.field("Id", r.id(s.ID))
	r.field("Lead type", r.id(string(s.LeadType))+r.mark(FieldLeadType))
}

func (r *renderer) message(m string) {
	r.line(r.st.Heading.Render("Message") + r.headingMark(FieldMessage))
	m = strings.TrimSpace(sanitize.Text(m))
	switch {
	case m == "":
		r.line(r.missing("no message"))
		return
	case r.o.Privacy:
		r.line(r.st.Muted.Render(Mask + " (hidden in privacy mode)"))
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
		wrapLine(l, r.w, emit)
		m = rest
	}
}

func (r *renderer) utm(tags []api.UtmTag) {
	if len(tags) == 0 {
		r.line(r.st.Heading.Render("UTM tags") + r.headingMark(FieldUTM))
		r.line(r.missing("none"))
		return
	}
	r.line(r.st.Heading.Render(fmt.Sprintf("UTM tags (%d)", len(tags))) + r.headingMark(FieldUTM))
	names := make([]string, len(tags))
	nameW := 0
	for i, t := range tags {
		names[i] = r.id(t.Name)
		nameW = max(nameW, width(names[i]))
	}
	nameW = min(nameW, r.w/2)
	indent := strings.Repeat(" ", nameW+2)
	for i, t := range tags {
		name := names[i]
		if width(name) > nameW {
			name = ansi.Truncate(name, nameW, "…")
		}
		name += strings.Repeat(" ", nameW-width(name))
		r.wrappedW(r.label.paint(name)+"  ", nameW+2, indent, r.private(t.Value))
	}
}

// Age says how long ago t was, relative to now: "just now", "5 min ago",
// "3 h ago", "2 d ago", "4 mo ago", "2 y ago"; "in 5 min" for a time ahead of
// now (clock skew). A zero now gives "".
func Age(t, now time.Time) string {
	if now.IsZero() || t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		s = fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%d h", int(d/time.Hour))
	case d < 60*24*time.Hour:
		s = fmt.Sprintf("%d d", int(d/(24*time.Hour)))
	case d < 365*24*time.Hour:
		s = fmt.Sprintf("%d mo", int(d/(30*24*time.Hour)))
	default:
		s = fmt.Sprintf("%d y", int(d/(365*24*time.Hour)))
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}
