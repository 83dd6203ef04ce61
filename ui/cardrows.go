package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/detail"
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
