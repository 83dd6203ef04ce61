package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/history"
)

// Hub is what a session of the desk hub (leadinspector serve) changes in
// the inspector; Options.Hub is nil outside the hub, and then nothing here
// has any effect. The hub talks to a running session with the messages
// below (tea.Program.Send).
type Hub struct {
	// Person is the name of the person the session belongs to.
	Person string
	// NoOpen says why o and O (pager, editor) are off: a session's programs
	// would run on the hub, not on the person's computer.
	NoOpen string
	// Showing is told the lead on screen whenever it changes (ids "" when
	// none), so the hub can tell other sessions showing it ("also open for
	// bo"). It must not block.
	Showing func(customerID, leadID string)
	// External finds the lead a partner's own id (a notification's
	// externalId) names, through the notifications the hub stored; ok is
	// false when none or several do. Nil: not asked. It runs in a command.
	External func(ctx context.Context, externalID string) (customerID, leadID string, ok bool)
}

// externalMsg is External's answer for the id typed into Lead ID.
type externalMsg struct {
	asked, customer, lead string
	ok                    bool
}

// lookUpExternal asks the hub for the lead an id that is not a lead id
// names, before it is looked up (lookUpInput).
func (m Model) lookUpExternal(id string) tea.Cmd {
	ext, ctx := m.env.Hub.External, m.env.ctx
	return func() tea.Msg {
		c, l, ok := ext(ctx, id)
		return externalMsg{asked: id, customer: c, lead: l, ok: ok}
	}
}

// onExternal looks up the lead the hub found for a typed externalId; the id
// as typed when it found none. Dropped when the field changed meanwhile.
func (m Model) onExternal(msg externalMsg) (Model, tea.Cmd) {
	c, l := m.panes.input.ids()
	if l != msg.asked {
		return m, nil
	}
	if !msg.ok {
		return m.lookUpIDs(c, l)
	}
	m.panes.input.setIDs(msg.customer, msg.lead)
	m.watch.stop()
	return m, m.startLookup(lookupKey{msg.customer, msg.lead}, m.format(), kindLookup, true)
}

// HubNoticeMsg puts a notice from the hub in the status bar ("the hub is
// restarting", "idle: this session ends in a minute").
type HubNoticeMsg struct{ Text string }

// HubPresenceMsg says who else has the lead on screen open: the detail
// pane's title says so. Ids name the lead the names are for.
type HubPresenceMsg struct {
	CustomerID, LeadID string
	Others             []string
}

// HubDeskMsg is the desk's history, newest first, each entry with its
// Person: the history pane shows it (all of it, or the person's own).
type HubDeskMsg struct{ Entries []history.Entry }

// hubMsg is one of the messages the hub sends a session for the root;
// HubDeskMsg is the history pane's (ownerOf).
type hubMsg interface{ fromHub() }

func (HubNoticeMsg) fromHub()   {}
func (HubPresenceMsg) fromHub() {}

// onHub takes a message from the hub.
func (m *Model) onHub(msg hubMsg) {
	switch msg := msg.(type) {
	case HubNoticeMsg:
		m.status.notice = msg.Text
	case HubPresenceMsg:
		m.hubs.presence = msg
	}
}

// hubState is what the root keeps for the hub.
type hubState struct {
	reported lookupKey // the lead last told to Hub.Showing
	presence HubPresenceMsg
}

// reportShown tells the hub the lead on screen when it changed.
func (m *Model) reportShown() {
	h := m.env.Hub
	if h == nil || h.Showing == nil {
		return
	}
	var k lookupKey
	if m.panes.shown != nil {
		k = m.panes.shown.key
	}
	if k != m.hubs.reported {
		m.hubs.reported = k
		h.Showing(k.customer, k.lead)
	}
}

// presenceNote is the detail title's "also open for bo, cia" for the lead
// on screen.
func (m *Model) presenceNote() string {
	p := m.hubs.presence
	if m.env.Hub == nil || m.panes.shown == nil || len(p.Others) == 0 ||
		p.CustomerID != m.panes.shown.key.customer || p.LeadID != m.panes.shown.key.lead {
		return ""
	}
	return m.env.Lang.T("ui.hub.also_open", "Names", strings.Join(p.Others, ", "))
}
