package ui

import (
	tea "charm.land/bubbletea/v2"

	"leadinspector/api/base/sanitize"
	"leadinspector/ui/notify"
	"leadinspector/ui/queue"
	"leadinspector/ui/styles"
)

// queuePane is the queue of notified leads (package queue, which knows
// nothing of the inspector) as one of the inspector's panes. It has the
// detail/raw area while open (Q); the queue's requests become intents.
type queuePane struct {
	queue.Model
	loaded bool // asked the store once: later openings show it as it is
	// timelineOf is the lead whose timeline was asked for last.
	timelineOf string
}

func newQueuePane(o Options) queuePane {
	var src queue.Source
	if o.Notes != nil {
		src = o.Notes
	}
	return queuePane{Model: queue.New(queue.Options{Source: src, StuckAfter: o.StuckAfter, Lang: o.Lang, Now: o.Now}, nil)}
}

func (p queuePane) Update(msg tea.Msg) (queuePane, tea.Cmd, intent) {
	var cmd tea.Cmd
	var req queue.Request
	p.Model, cmd, req = p.Model.Update(msg)
	switch r := req.(type) {
	case queue.OpenMsg:
		return p, cmd, openQueuedMsg{customer: r.CustomerID, lead: r.LeadID}
	case queue.CloseMsg:
		return p, cmd, closeQueueMsg{}
	}
	return p, cmd, nil
}

func (p queuePane) View() []string { return splitLines(p.Model.View()) }

// title and info are the queue's box in the main area.
func (p queuePane) title() string { return p.Title() }
func (p queuePane) info() string  { return p.Info() }

func (p queuePane) setStyles(st *styles.Styles) queuePane {
	p.SetStyles(st)
	return p
}

func (p queuePane) SetSize(w, h int) queuePane {
	p.Model.SetSize(w, h)
	return p
}

func (p queuePane) Focus() queuePane {
	p.Model.Focus()
	return p
}

func (p queuePane) Blur() queuePane {
	p.Model.Blur()
	return p
}

// takesText is true while the filter is typed.
func (p queuePane) takesText() bool { return p.Typing() }

// keyMap is the queue's live keys by slot.
func (p queuePane) keyMap() helpKeys {
	k := p.KeyMap()
	var h helpKeys
	h.add(slotAct, k.Open, k.FilterDone)
	h.add(slotFind, k.Filter)
	h.add(slotTable, k.Cause, k.Customer, k.Stuck)
	h.add(slotLeave, k.FilterCancel, k.Clear, k.Close)
	h.add(slotScroll, k.Scroll)
	return h
}

// open asks the store for the queue the first time it is shown; later it
// is kept current by queue.ChangedMsg.
func (p *queuePane) open() tea.Cmd {
	if p.loaded {
		return nil
	}
	p.loaded = true
	return p.Load()
}

// openQueuedMsg asks to look a queued lead up (enter in the queue).
type openQueuedMsg struct{ customer, lead string }

// closeQueueMsg asks to close the queue (esc in it with no filter on).
type closeQueueMsg struct{}

func (openQueuedMsg) isIntent() {}
func (closeQueueMsg) isIntent() {}

// timeline is a lead's notifications and the desk's lookups of it, for
// the detail pane; replaced, never changed in place.
type timeline struct {
	lead    string
	moments []notify.Moment
}

// timelineMsg brings a lead's timeline from the store.
type timelineMsg struct{ tl *timeline }

// fetchTimeline asks the store for the timeline of the lead on screen,
// when the hub's notifications are here.
func (m Model) fetchTimeline() tea.Cmd {
	db := m.env.Notes
	if db == nil || m.panes.shown == nil {
		return nil
	}
	lead, ctx := m.panes.shown.key.lead, m.env.ctx
	return func() tea.Msg {
		_, moments, ok, err := db.LeadTimeline(ctx, lead)
		if err != nil || !ok {
			moments = nil
		}
		return timelineMsg{&timeline{lead: lead, moments: moments}}
	}
}

// listenNotes waits for news of stored notifications outside a hub
// session (the hub sends its sessions queue.ChangedMsg itself).
func listenNotes(ch <-chan struct{}) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return notesChangedMsg{}
	}
}

// notesChangedMsg is listenNotes' news: the queue refreshes, the timeline
// too, and the listening goes on.
type notesChangedMsg struct{}

// openQueue shows the queue and gives it the keyboard (Q); without the
// hub's notifications here, the status bar says why there is none.
func (m Model) openQueue() (Model, tea.Cmd) {
	if !m.panes.queue.Available() {
		serve := "leadinspector serve"
		if m.env.Demo {
			serve += " --demo" // the demo's hub keeps the demo's store
		}
		m.status.notice = m.env.Lang.T("ui.queue.unavailable", "Path", sanitize.Line(m.env.NotesPath), "Command", serve)
		return m, nil
	}
	m.panes.openMain(focusQueue, nil)
	return m, m.panes.queue.open()
}

// openQueued looks a lead of the queue up (enter on its row): its ids go
// into the input, and the detail pane takes the place of the queue, which
// Q brings back as it was.
func (m Model) openQueued(w openQueuedMsg) (Model, tea.Cmd) {
	m.panes.input.setIDs(w.customer, w.lead)
	m.watch.stop()
	m.panes.leaveInput(m.fr.Wide)
	return m, m.startLookup(lookupKey(w), m.format(), kindLookup, false)
}

// onNotes takes news of stored notifications: the queue asks the store
// again, and so does the timeline of the lead on screen.
func (m Model) onNotes(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	if m.panes.queue.loaded {
		m, cmd = m.toPane(focusQueue, queue.ChangedMsg{})
	}
	next := m.fetchTimeline()
	if _, local := msg.(notesChangedMsg); local {
		next = tea.Batch(next, listenNotes(m.env.NotesChanged))
	}
	return m, tea.Batch(cmd, next)
}

// timelineFor asks for the timeline of the lead on screen when it is not
// the one asked for last.
func (m *Model) timelineFor() tea.Cmd {
	if m.env.Notes == nil || m.panes.shown == nil || m.panes.shown.key.lead == m.panes.queue.timelineOf {
		return nil
	}
	m.panes.queue.timelineOf = m.panes.shown.key.lead
	return m.fetchTimeline()
}
