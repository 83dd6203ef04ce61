package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/detail"
	"leadinspector/ui/styles"
)

// cardKind says what a card shows.
type cardKind int

const (
	cardAgent cardKind = iota + 1
	cardGroup
	cardOffice
	cardEstate
	cardContact
)

func (k cardKind) String() string {
	switch k {
	case cardAgent:
		return "Agent"
	case cardGroup:
		return "User group"
	case cardOffice:
		return "Office"
	case cardEstate:
		return "Estate"
	}
	return "Contact"
}

// cardRow is one line of a card: a label and its value, or a heading (no
// value) or a note (no label).
type cardRow struct {
	label, value string
	heading      bool
}

// cardPane shows one card in the detail/raw area, as the batch table
// does: what the names of the lead on screen say about one of its ids,
// labelled by the server's own field names where Vitec does not document
// the model. esc closes it; c copies it, and is the only way the contact
// leaves the inspector.
type cardPane struct {
	w, h  int
	st    *styles.Styles
	kind  cardKind
	rows  []cardRow // what lines were rendered from
	lines []string  // each exactly w cells
	off   int
	keys  cardPaneKeys
}

// cardPaneKeys are a card's own keys; Close and Copy are done by the root
// (they move the focus, or say what was copied).
type cardPaneKeys struct {
	Close  key.Binding // esc
	Copy   key.Binding // c
	scroll scrollKeys
}

func newCardPane() cardPane {
	return cardPane{keys: cardPaneKeys{
		Close:  bind("esc", "close card", "esc"),
		Copy:   bind("c", "copy card", "c"),
		scroll: newScrollKeys(),
	}}
}

var _ pane[cardPane] = (*cardPane)(nil)

func (p *cardPane) Focus() {}
func (p *cardPane) Blur()  {}

func (p cardPane) keyMap() helpKeys {
	var h helpKeys
	h.add(slotCancel, p.keys.Close)
	h.add(slotCopy, p.keys.Copy)
	h.add(slotScroll, p.keys.scroll.Help)
	return h
}

func (p *cardPane) setStyles(st *styles.Styles) {
	p.st = st
	p.render()
}

func (p *cardPane) SetSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.render()
}

func (p cardPane) Update(msg tea.Msg) (cardPane, tea.Cmd) {
	d, ok := 0, false
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		d, ok = p.keys.scroll.moveFor(msg, p.h, len(p.lines))
	case tea.MouseWheelMsg:
		d, ok = wheelFor(msg)
	}
	if ok {
		p.off = clamp(p.off+d, 0, max(len(p.lines)-p.h, 0))
	}
	return p, nil
}

// View is the window of lines on screen.
func (p cardPane) View() []string {
	end := min(p.off+p.h, len(p.lines))
	if p.off >= end {
		return nil
	}
	return p.lines[p.off:end]
}

// title is the box's title.
func (p cardPane) title() string { return p.kind.String() + " card" }

// info is the box's note: the position when it scrolls.
func (p cardPane) info() string { return joinNotes(scrollNote(p.off, p.h, len(p.lines)), "esc closes") }

// setContent renders the card's rows when they changed.
func (p *cardPane) setContent(rows []cardRow) {
	if slices.Equal(rows, p.rows) && p.lines != nil {
		return
	}
	p.rows = rows
	p.render()
}

// render lays the rows out: labels in a column, values wrapped beside.
func (p *cardPane) render() {
	if p.st == nil || p.w <= 0 {
		p.lines = nil
		return
	}
	labelW := 0
	for _, r := range p.rows {
		if !r.heading {
			labelW = max(labelW, ansi.StringWidth(r.label))
		}
	}
	labelW = min(labelW+2, max(p.w/2, 1))
	label, heading, muted := sgrOf(p.st.Label), sgrOf(p.st.Heading), sgrOf(p.st.Muted)
	var lines []string
	for _, r := range p.rows {
		switch {
		case r.heading:
			lines = append(lines, fit(heading.render(r.label), p.w))
			continue
		case r.label == "":
			for _, l := range strings.Split(ansi.Wrap(r.value, p.w, ""), "\n") {
				lines = append(lines, fit(muted.render(l), p.w))
			}
			continue
		}
		first := label.render(fit(r.label, labelW))
		pad := strings.Repeat(" ", labelW)
		for i, l := range strings.Split(ansi.Wrap(r.value, max(p.w-labelW, 1), ""), "\n") {
			lead := pad
			if i == 0 {
				lead = first
			}
			lines = append(lines, fit(lead+strings.TrimLeft(l, " "), p.w))
		}
	}
	p.lines = lines
	p.off = clamp(p.off, 0, max(len(lines)-p.h, 0))
}

// text is the card as plain text, for the clipboard.
func (p cardPane) text() string {
	var b strings.Builder
	b.WriteString(p.title() + "\n")
	for _, r := range p.rows {
		switch {
		case r.heading:
			b.WriteString("\n" + r.label + "\n")
		case r.label == "":
			b.WriteString(r.value + "\n")
		default:
			b.WriteString(r.label + ": " + r.value + "\n")
		}
	}
	return b.String()
}

// copy puts the card on the clipboard, as shown (masked in privacy mode).
func (p cardPane) copy(privacy bool) (tea.Cmd, string) {
	what := strings.ToLower(p.title())
	if privacy {
		what += " with personal data masked (privacy mode)"
	}
	return tea.SetClipboard(p.text()), "copied the " + what + " to the clipboard"
}

// openCard shows a card in the detail/raw area and focuses it.
func (m *panes) openCard(k cardKind) {
	if m.card.kind != k {
		m.card.off = 0
	}
	m.card.kind = k
	m.setFocus(focusCard)
}

// closeCard gives the detail/raw area back to the lead.
func (m *panes) closeCard() {
	if !m.showCard {
		return
	}
	m.showCard = false
	if m.focus == focusCard {
		m.setFocus(focusDetail)
	}
}

// card is the rows of one card from the names of the lead on screen.
// Personal data (the contact, an estate's address and id) is masked in
// privacy mode.
func (n *leadNames) card(k cardKind, privacy bool) []cardRow {
	var c cards
	c.privacy = privacy
	if n.lead == nil {
		return []cardRow{{value: "No lead on screen."}}
	}
	v := n.got.Lead(n.key.customer, n.lead)
	rc := n.lead.Receiver
	if rc == nil {
		rc = &api.LeadReceiver{}
	}
	switch k {
	case cardAgent:
		if rc.Agent != nil {
			c.user(rc.Agent.ID, v.Agent, n.busy)
		}
	case cardGroup:
		if rc.UserGroup != nil {
			c.group(rc.UserGroup.ID, v.UserGroup, n.busy)
		}
	case cardOffice:
		if rc.Office != nil && rc.Office.ID != "" {
			c.office("Office", rc.Office.ID, v.Office, n.busy)
		}
		if a := rc.Agent; a != nil && a.Office != nil && a.Office.ID != "" && (rc.Office == nil || *a.Office != *rc.Office) {
			c.office("Agent's office", a.Office.ID, v.AgentOffice, n.busy)
		}
	case cardEstate:
		if id := n.lead.BuyingEstateID; id != "" {
			c.estate("Buying estate", id, v.BuyingEstate, n.busy)
		}
		if id := n.lead.SellingEstateID; id != "" {
			c.estate("Selling estate", id, v.SellingEstate, n.busy)
		}
	case cardContact:
		c.contact(n.lead.ContactID, n.contact, n.contactBusy)
	}
	if len(c.rows) == 0 {
		return []cardRow{{value: "The lead has no " + strings.ToLower(k.String()) + "."}}
	}
	return c.rows
}

// cards builds a card's rows.
type cards struct {
	rows    []cardRow
	privacy bool
}

func (c *cards) heading(s string) {
	if len(c.rows) > 0 {
		c.rows = append(c.rows, cardRow{})
	}
	c.rows = append(c.rows, cardRow{label: s, heading: true})
}

func (c *cards) note(s string) { c.rows = append(c.rows, cardRow{value: s}) }

// add writes a row when there is a value (server text, sanitised).
func (c *cards) add(label, value string) {
	if v := strings.TrimSpace(sanitize.Line(value)); v != "" {
		c.rows = append(c.rows, cardRow{label: label, value: v})
	}
}

// private is add for personal data.
func (c *cards) private(label, value string) {
	if c.privacy && strings.TrimSpace(value) != "" {
		value = detail.Mask
	}
	c.add(label, value)
}

func (c *cards) date(label string, t time.Time) {
	if !t.IsZero() {
		c.add(label, t.Format("2006-01-02"))
	}
}

// fields writes a model Vitec does not document, labelled by its own
// field names under the model's ("Address.StreetAddress").
func (c *cards) fields(model string, fs []api.Field, private bool) {
	for _, f := range fs {
		label := model
		if f.Label != "" && !strings.EqualFold(f.Label, model) {
			label += "." + f.Label
		}
		if private {
			c.private(label, f.Value)
		} else {
			c.add(label, f.Value)
		}
	}
}

// state says why a name is not there: still coming, or what went wrong.
// ok is true when there is one to show.
func (c *cards) state(id string, nm *api.Name, busy bool) (ok bool) {
	switch {
	case nm == nil && busy:
		c.add("Id", id)
		c.note("looking up…")
	case nm == nil:
		c.add("Id", id)
		c.note("not looked up (r looks the lead up again)")
	case nm.Err != nil:
		c.add("Id", id)
		c.add("Name", detail.NameProblem(nm.Err))
		c.note(sanitize.Line(nm.Err.Error()))
	default:
		return true
	}
	return false
}

func (c *cards) user(id string, nm *api.Name, busy bool) {
	c.heading("Agent")
	if !c.state(id, nm, busy) {
		return
	}
	u := nm.User
	c.add("Name", u.Name)
	c.add("Title", u.Title)
	c.add("E-mail", u.Email)
	c.add("Cell phone", u.CellPhone)
	c.add("Public phone", u.PublicPhone)
	for _, o := range u.Offices {
		office := sanitize.Line(o.ID)
		if o.CustomerID != "" {
			office += " (customer " + sanitize.Line(o.CustomerID) + ")"
		}
		c.add("Office", office)
	}
	c.add("Id", cmpOr(u.ID, id))
	if u.FromUserList {
		c.note("Not on the website: from the user list (User/GetUser), which has no phones or offices.")
	}
}

func (c *cards) group(id string, nm *api.Name, busy bool) {
	c.heading("User group")
	if !c.state(id, nm, busy) {
		return
	}
	g := nm.Group
	c.add("Name", g.Name)
	c.add("Id", cmpOr(g.ID, id))
	if len(g.UserIDs) > 0 {
		c.add("Users", fmt.Sprint(len(g.UserIDs)))
	}
	c.add("Customers", strings.Join(g.CustomerIDs, ", "))
}

func (c *cards) office(title, id string, nm *api.Name, busy bool) {
	c.heading(title)
	if !c.state(id, nm, busy) {
		return
	}
	o := nm.Office
	c.add("Name", o.Name)
	c.add("Street address", o.StreetAddress)
	c.add("Zip code", o.ZipCode)
	c.add("Postal town", o.PostalTown)
	c.add("Switchboard", o.Switchboard)
	c.add("E-mail", o.Email)
	c.add("Id", cmpOr(o.ID, id))
	c.add("Customer", o.CustomerID)
}

func (c *cards) estate(title, id string, nm *api.Name, busy bool) {
	c.heading(title)
	if c.privacy {
		id = detail.Mask
	}
	if !c.state(id, nm, busy) {
		return
	}
	e := nm.Estate
	c.add("Id", id)
	c.fields("EstateType", e.EstateType, false)
	c.fields("Address", e.Address, true)
	c.fields("AssignmentType", e.AssignmentType, false)
	c.date("Assignment date", e.AssignmentDate)
	if a := e.PrimaryAgentID; a != "" {
		agent := sanitize.Line(a)
		switch p := nm.PrimaryAgent; {
		case p == nil:
			agent += " (looking up the name…)"
		case p.Err != nil:
			agent += " · name: " + detail.NameProblem(p.Err)
		case p.Label() != "":
			agent = sanitize.Line(p.Label()) + " (" + detail.ShortID(agent) + ")"
		}
		c.add("Primary agent", agent)
	}
	if len(e.Status) == 0 {
		c.add("Status", "— none sent (Vitec leaves it empty for valuation and writing assignments)")
	}
	c.fields("Status", e.Status, false)
	c.date("Contract date", e.AgreementSignedAt)
	c.date("Possession", e.PossessionAt)
	c.fields("Price", e.Price, false)
	if m := e.Commission; m != nil {
		c.add("Commission", strings.TrimSpace(m.Value+" "+m.Currency))
	}
}

func (c *cards) contact(id string, nm *api.Name, busy bool) {
	c.heading("Contact")
	if c.privacy {
		c.note("Personal data masked (privacy mode: p shows it).")
	}
	shownID := id
	if c.privacy {
		shownID = detail.Mask
	}
	if !c.state(shownID, nm, busy) {
		return
	}
	k := nm.Contact
	c.add("Type", string(k.Type))
	c.private("Name", k.Name)
	c.private("E-mail", k.Email)
	c.private("E-mail 2", k.Email2)
	c.fields("Telephone", k.Phones, true)
	c.fields("Address", k.Address, true)
	c.add("Id", shownID)
	c.note("Personal data: fetched when this card was opened, kept only while the lead is on screen, never in the history or the ticket summary.")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cardAt is the pane under the pointer when a card has the detail/raw
// area.
func (m panes) cardAt(f focusID) focusID {
	if m.showCard && (f == focusDetail || f == focusRaw || f == focusBatch) {
		return focusCard
	}
	return f
}
