package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
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

// name is the kind's word ("Agent"); none says a lead has no such id.
func (k cardKind) name(l *i18n.Localizer) string {
	switch k {
	case cardAgent:
		return l.T("ui.card.kind.agent")
	case cardGroup:
		return l.T("ui.card.kind.group")
	case cardOffice:
		return l.T("ui.card.kind.office")
	case cardEstate:
		return l.T("ui.card.kind.estate")
	}
	return l.T("ui.card.kind.contact")
}

func (k cardKind) none(l *i18n.Localizer) string {
	switch k {
	case cardAgent:
		return l.T("ui.card.none.agent")
	case cardGroup:
		return l.T("ui.card.none.group")
	case cardOffice:
		return l.T("ui.card.none.office")
	case cardEstate:
		return l.T("ui.card.none.estate")
	}
	return l.T("ui.card.none.contact")
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
	l     *i18n.Localizer
	from  focusID // the pane it was opened from; closing goes back there
	// privacy says the rows are masked: the copy says so.
	privacy bool
}

// cardPaneKeys are a card's own keys; Close and Copy ask the root
// (closeCardMsg, copyMsg): they move the focus, or say what was copied.
type cardPaneKeys struct {
	Close  key.Binding // esc
	Copy   key.Binding // c
	scroll scrollKeys
}

func newCardPane(l *i18n.Localizer) cardPane {
	return cardPane{l: l, keys: cardPaneKeys{
		Close:  bind("esc", l.T("ui.card.key.close"), "esc"),
		Copy:   bind("c", l.T("ui.card.key.copy"), "c"),
		scroll: newScrollKeys(l),
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

func (p cardPane) Update(msg tea.Msg) (cardPane, tea.Cmd, intent) {
	d, ok := 0, false
	switch msg := msg.(type) {
	case cardRowsMsg:
		p.setContent(msg.names.card(p.kind, msg.privacy), msg.privacy)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Close):
			return p, nil, closeCardMsg{}
		case key.Matches(msg, p.keys.Copy):
			return p, nil, p.copy()
		}
		d, ok = p.keys.scroll.moveFor(msg, p.h, len(p.lines))
	case tea.MouseWheelMsg:
		d, ok = wheelFor(msg)
	}
	if ok {
		p.off = clamp(p.off+d, 0, max(len(p.lines)-p.h, 0))
	}
	return p, nil, nil
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
func (p cardPane) title() string { return p.l.T("ui.card.title", "Kind", p.kind.name(p.l)) }

// info is the box's note: the position when it scrolls.
func (p cardPane) info() string {
	return joinNotes(scrollNote(p.l, p.off, p.h, len(p.lines)), p.l.T("ui.card.esc_closes"))
}

// cardRowsMsg gives the card what the names of the lead on screen know,
// and whether personal data is masked: it takes its rows from them. The
// card must not keep names: it is sent by each refresh.
type cardRowsMsg struct {
	names   *leadNames
	privacy bool
}

// setContent renders the card's rows when they changed; privacy says
// they are masked.
func (p *cardPane) setContent(rows []cardRow, privacy bool) {
	p.privacy = privacy
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
			lines = append(lines, cellfit.Fit(heading.render(r.label), p.w))
			continue
		case r.label == "":
			for _, l := range strings.Split(ansi.Wrap(r.value, p.w, ""), "\n") {
				lines = append(lines, cellfit.Fit(muted.render(l), p.w))
			}
			continue
		}
		first := label.render(cellfit.Fit(r.label, labelW))
		pad := strings.Repeat(" ", labelW)
		for i, l := range strings.Split(ansi.Wrap(r.value, max(p.w-labelW, 1), ""), "\n") {
			lead := pad
			if i == 0 {
				lead = first
			}
			lines = append(lines, cellfit.Fit(lead+strings.TrimLeft(l, " "), p.w))
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

// copy asks to put the card on the clipboard, as shown (masked in privacy
// mode).
func (p cardPane) copy() copyMsg {
	kind := strings.ToLower(p.kind.name(p.l))
	if p.privacy {
		return copyMsg{p.text(), p.l.T("ui.card.copied_masked", "Kind", kind)}
	}
	return copyMsg{p.text(), p.l.T("ui.card.copied", "Kind", kind)}
}

// openCard shows a card in the detail/raw area and focuses it.
func (m *panes) openCard(k cardKind) {
	if m.card.kind != k {
		m.card.off = 0
	}
	m.card.kind = k
	if m.focus != focusCard {
		m.card.from = m.focus
	}
	m.setFocus(focusCard)
}

// closeCard gives the detail/raw area back to the lead.
func (m *panes) closeCard() {
	if !m.showCard {
		return
	}
	m.showCard = false
	if m.focus == focusCard {
		back := m.card.from
		if back != focusRaw {
			back = focusDetail // cards open from the lead: detail or raw
		}
		m.setFocus(back)
	}
}

// card is the rows of one card from the names of the lead on screen.
// Personal data (the contact, an estate's address and id) is masked in
// privacy mode.
func (n *leadNames) card(k cardKind, privacy bool) []cardRow {
	c := cards{privacy: privacy, l: n.l, loc: n.loc}
	if n.lead == nil {
		return []cardRow{{value: n.l.T("ui.card.no_lead")}}
	}
	v := n.got.Lead(n.key.customer, n.lead)
	rc := n.lead.Receiver
	if rc == nil {
		rc = &api.LeadReceiver{}
	}
	switch k {
	case cardAgent:
		if rc.Agent != nil {
			c.user(rc.Agent.ID, v.Agent, n.busy, n.officeName)
		}
	case cardGroup:
		if rc.UserGroup != nil {
			c.group(rc.UserGroup.ID, v.UserGroup, n.busy)
		}
	case cardOffice:
		if rc.Office != nil && rc.Office.ID != "" {
			c.office(n.l.T("ui.card.label.office"), rc.Office.ID, v.Office, n.busy)
		}
		if a := rc.Agent; a != nil && a.Office != nil && a.Office.ID != "" && (rc.Office == nil || *a.Office != *rc.Office) {
			c.office(n.l.T("ui.card.agent_office"), a.Office.ID, v.AgentOffice, n.busy)
		}
	case cardEstate:
		if id := n.lead.BuyingEstateID; id != "" {
			c.estate(n.l.T("ui.card.buying_estate"), id, v.BuyingEstate, n.busy)
		}
		if id := n.lead.SellingEstateID; id != "" {
			c.estate(n.l.T("ui.card.selling_estate"), id, v.SellingEstate, n.busy)
		}
	case cardContact:
		c.contact(n.lead.ContactID, n.contact.name, n.contact.busy)
	}
	if len(c.rows) == 0 {
		return []cardRow{{value: k.none(n.l)}}
	}
	return c.rows
}

// cards builds a card's rows.
type cards struct {
	rows    []cardRow
	privacy bool
	l       *i18n.Localizer
	loc     *time.Location // nil: time.Local
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
		// The day where the user is, as SentAt: 2025-06-30T22:00Z is
		// 1 July in Stockholm.
		loc := c.loc
		if loc == nil {
			loc = time.Local
		}
		c.add(label, t.In(loc).Format("2006-01-02"))
	}
}

// fields writes a model's fields, labelled by what Vitec documents of them
// in the user's language, else by the server's own names under the model's
// ("Price.FinalPrice"); amounts read as money (cardfields.go).
func (c *cards) fields(model string, fs []api.Field, private bool) {
	for _, f := range modelFields(c.l, model, fs) {
		label := fieldLabel(c.l, f.path)
		if private {
			c.private(label, f.value)
		} else {
			c.add(label, f.value)
		}
	}
}

// why is the note under a name that could not be had, in the user's
// language: for no access or an id not found, the line above said it and the
// server's own words (if any) follow; anything else is explained as a
// failed lookup is.
func (c *cards) why(err error) string {
	var na *api.NoAccessError
	var nf *api.NameNotFoundError
	x := api.Explain(err, api.ExplainContext{Localizer: c.l})
	if errors.As(err, &na) || errors.As(err, &nf) {
		if x.Server == "" {
			return ""
		}
		return sanitize.Line(c.l.T("explain.line.server_says", "Text", x.Server))
	}
	return x.Line(false)
}

// state says why a name is not there: still coming, or what went wrong.
// ok is true when there is one to show.
func (c *cards) state(id string, nm *api.Name, busy bool) (ok bool) {
	switch {
	case nm == nil && busy:
		c.add(c.l.T("ui.card.label.ident"), id)
		c.note(c.l.T("ui.card.looking_up"))
	case nm == nil:
		c.add(c.l.T("ui.card.label.ident"), id)
		c.note(c.l.T("ui.card.not_looked_up"))
	case nm.Err != nil:
		c.add(c.l.T("ui.card.label.ident"), id)
		c.add(c.l.T("ui.card.label.name"), detail.NameProblemIn(c.l, nm.Err))
		if why := c.why(nm.Err); why != "" {
			c.note(why)
		}
	default:
		return true
	}
	return false
}

// officeName is the resolved name of an office of the lead's customer
// (customerID "" for it), "" when it has none.
func (n *leadNames) officeName(customerID, id string) string {
	nm, ok := n.got.Get(api.KindOffice, cmpOr(customerID, n.key.customer), id)
	if !ok {
		return ""
	}
	return nm.Label()
}

// user is an agent's card; officeName gives the names of its offices that
// were resolved (the agent's own office is, with the lead), so that an
// office reads as a name with its id beside it.
func (c *cards) user(id string, nm *api.Name, busy bool, officeName func(customerID, id string) string) {
	c.heading(cardAgent.name(c.l))
	if !c.state(id, nm, busy) {
		return
	}
	u := nm.User
	c.add(c.l.T("ui.card.label.name"), u.Name)
	c.add(c.l.T("ui.card.label.title"), u.Title)
	c.add(c.l.T("ui.card.label.email"), u.Email)
	c.add(c.l.T("ui.card.label.cell_phone"), u.CellPhone)
	c.add(c.l.T("ui.card.label.public_phone"), u.PublicPhone)
	for _, o := range u.Offices {
		office := sanitize.Line(o.ID)
		if name := strings.TrimSpace(sanitize.Line(officeName(o.CustomerID, o.ID))); name != "" {
			office = name + " · " + office
		}
		if o.CustomerID != "" {
			office += " " + c.l.T("ui.card.of_customer", "Customer", sanitize.Line(o.CustomerID))
		}
		c.add(c.l.T("ui.card.label.office"), office)
	}
	c.add(c.l.T("ui.card.label.ident"), cmpOr(u.ID, id))
	if u.FromUserList {
		c.note(c.l.T("ui.card.from_user_list"))
	}
}

func (c *cards) group(id string, nm *api.Name, busy bool) {
	c.heading(cardGroup.name(c.l))
	if !c.state(id, nm, busy) {
		return
	}
	g := nm.Group
	c.add(c.l.T("ui.card.label.name"), g.Name)
	c.add(c.l.T("ui.card.label.ident"), cmpOr(g.ID, id))
	if len(g.UserIDs) > 0 {
		c.add(c.l.T("ui.card.label.users"), fmt.Sprint(len(g.UserIDs)))
	}
	c.add(c.l.T("ui.card.label.customers"), strings.Join(g.CustomerIDs, ", "))
}

func (c *cards) office(title, id string, nm *api.Name, busy bool) {
	c.heading(title)
	if !c.state(id, nm, busy) {
		return
	}
	o := nm.Office
	c.add(c.l.T("ui.card.label.name"), o.Name)
	c.add(c.l.T("ui.card.label.street"), o.StreetAddress)
	c.add(c.l.T("ui.card.label.zip"), o.ZipCode)
	c.add(c.l.T("ui.card.label.town"), o.PostalTown)
	c.add(c.l.T("ui.card.label.switchboard"), o.Switchboard)
	c.add(c.l.T("ui.card.label.email"), o.Email)
	c.add(c.l.T("ui.card.label.ident"), cmpOr(o.ID, id))
	c.add(c.l.T("ui.card.label.customer"), o.CustomerID)
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
	c.add(c.l.T("ui.card.label.ident"), id)
	c.fields("EstateType", e.EstateType, false)
	c.fields("Address", e.Address, true)
	c.fields("AssignmentType", e.AssignmentType, false)
	c.date(c.l.T("ui.card.label.assignment_date"), e.AssignmentDate)
	if a := e.PrimaryAgentID; a != "" {
		agent := sanitize.Line(a)
		switch p := nm.PrimaryAgent; {
		case p == nil:
			agent += " " + c.l.T("ui.card.looking_up_name")
		case p.Err != nil:
			agent += " · " + c.l.T("ui.card.name_problem", "Problem", detail.NameProblemIn(c.l, p.Err))
		case p.Label() != "":
			agent = sanitize.Line(p.Label()) + " (" + detail.ShortID(agent) + ")"
		}
		c.add(c.l.T("ui.card.label.primary_agent"), agent)
	}
	if len(e.Status) == 0 {
		c.add(c.l.T("ui.card.label.status"), c.l.T("ui.card.no_status"))
	}
	c.fields("Status", e.Status, false)
	c.date(c.l.T("ui.card.label.contract_date"), e.AgreementSignedAt)
	c.date(c.l.T("ui.card.label.possession"), e.PossessionAt)
	c.fields("Price", e.Price, false)
	if m := e.Commission; m != nil {
		c.add(c.l.T("ui.card.label.commission"), money(c.l, m.Value, m.Currency))
	}
}

func (c *cards) contact(id string, nm *api.Name, busy bool) {
	c.heading(cardContact.name(c.l))
	if c.privacy {
		c.note(c.l.T("ui.card.masked"))
	}
	shownID := id
	if c.privacy {
		shownID = detail.Mask
	}
	if !c.state(shownID, nm, busy) {
		return
	}
	k := nm.Contact
	c.add(c.l.T("ui.card.label.type"), string(k.Type))
	c.private(c.l.T("ui.card.label.name"), k.Name)
	c.private(c.l.T("ui.card.label.email"), k.Email)
	c.private(c.l.T("ui.card.label.email2"), k.Email2)
	c.fields("Telephone", k.Phones, true)
	c.fields("Address", k.Address, true)
	c.add(c.l.T("ui.card.label.ident"), shownID)
	c.note(c.l.T("ui.card.personal"))
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
