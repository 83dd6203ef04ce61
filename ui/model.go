package ui

import (
	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/queue"
	"leadinspector/ui/styles"
)

// Model is the root of the inspector. It routes; see the package comment.
//
// Every Update returns it as a tea.Model, which copies the whole struct to
// the heap: each byte of it is allocated once per message. Large parts that
// change seldom (the help line's model, the boxes, the spinner, the scroll
// keys, the text fields: input.Ref) are held by pointer and replaced, never
// changed in place, so that copies stay independent. TestRootModelStaysSmall
// keeps an eye on it.
type Model struct {
	env   env
	st    *styles.Styles
	boxes *boxes // replaced, never changed in place
	fr    frame  // the layout for the terminal's size

	panes panes // the panes and which has the focus

	keys rootKeys
	help helpBar

	req     requests // the request in flight
	status  status
	privacy bool // personal data masked everywhere (p)
	watch   watcher
	names   leadNames // the names of the ids on screen, and the cards' keys
	hubs    hubState  // a hub session's presence (unused outside the hub)
	pauses  pauses    // the request budgets' pauses, for the status bar
}

// Init asks the terminal for its background colour, opens the history and
// starts the clock that keeps ages current.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.panes.hist.open(), minuteTick(m.env.now()), m.pauses.listen(m.env.ctx),
		listenNotes(m.env.NotesChanged))
}

// Update routes a message to the root's handlers or the pane it concerns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.st = styles.New(msg.IsDark(), m.env.NoColor, m.env.StateColors)
		m.applyStyles()
	case tea.KeyPressMsg:
		m, cmd = m.onKey(msg)
	case tea.PasteMsg:
		m, cmd = m.onPaste(msg)
	case tea.MouseClickMsg:
		m.panes.onClick(msg, m.fr, m.help.show)
	case tea.MouseWheelMsg:
		if pane, ok := m.panes.wheelAt(msg, m.fr, m.help.show); ok {
			m, cmd = m.toPane(pane, msg)
		}
	case lookupDoneMsg:
		m, cmd = m.onLookupDone(msg)
	case batchDoneMsg:
		// To the table, with what only the root knows: the time, and the
		// history's entry for the lead before this lookup.
		msg.at = m.env.now()
		msg.prev, msg.hadPrev = m.panes.hist.lastSeen(m.env.Profile)(msg.key.customer, msg.key.lead)
		m, cmd = m.toPane(focusBatch, msg)
	case watchTickMsg:
		cmd = m.onWatchTick(msg)
	case openReadyMsg:
		var s *status
		if cmd, s = onOpenReady(m.env.Lang, msg, m.env.Exec); s != nil {
			m.status = *s
		}
	case openDoneMsg:
		m.status.onOpenDone(m.env.Lang, msg)
	case historyOpenedMsg:
		m, cmd = m.toPane(focusHistory, msg)
		if m.env.Hub == nil { // a hub session's history is the desk's, kept by the hub
			m.historyProblem(msg.warn)
		}
	case historyMsg:
		m.onHistory(msg)
	case pauseMsg:
		cmd = m.pauses.update(m.env.ctx, msg)
	case minuteMsg:
		cmd = minuteTick(m.env.now())
	case namesMsg:
		m, cmd = m.deliver(m.names.take(msg))
	case hubMsg:
		m.onHub(msg)
	case externalMsg:
		m, cmd = m.onExternal(msg)
	case queue.ChangedMsg, notesChangedMsg:
		m, cmd = m.onNotes(msg)
	default:
		if f, ok := ownerOf(msg); ok {
			m, cmd = m.toPane(f, msg)
			break
		}
		cmd = m.req.spinUpdate(msg, m.panes.batch.running())
	}
	refresh := m.refresh()
	m.reportShown()
	return m, tea.Batch(cmd, refresh, m.timelineFor())
}

// refresh brings what is derived from the state up to date: re-renders of
// panes whose inputs changed, the live keys and the help line. Views only
// read what this leaves behind.
func (m *Model) refresh() tea.Cmd {
	if !m.fr.TooSmall && m.fr.W > 0 {
		// The status bar grows into the history's last row, or gives it
		// back; the history grows with its entries.
		if f := layout(m.fr.W, m.fr.H, len(m.statusLines(maxStatusRows)), m.panes.hist.wantRows(), m.panes.focus == focusHistory); f != m.fr {
			m.fr = f
			m.panes.setSizes(f)
		}
	}
	now := m.env.now()
	cmd := m.panes.detail.refresh(m.st, m.privacy, now, m.env.loc)
	m.panes.hist.setNow(now)
	m.panes.queue.SetNow(now)
	m.help.queue = m.panes.queue.Available()
	m.panes.batch.setView(now, m.env.loc, m.privacy)
	m.panes.input.render()
	m.syncKeys()
	m.names.loc = m.env.loc // cards show dates where SentAt is shown
	m.names.sync(m.panes.lead(), !m.panes.takesText() && (m.panes.focus == focusDetail || m.panes.focus == focusRaw))
	m.help.cards, m.help.cardsLive = m.names.overlay()
	if m.panes.main == focusCard {
		// The card shows what the names know, as they are now.
		m.panes.card = m.panes.card.showNames(&m.names, m.privacy)
	}
	m.help.render(m.fr.W, m.keys.globalKeys.keyMap(), m.keys.leadKeys.keyMap(), m.panes.keyMap(), m.names.keys.keyMap())
	return cmd
}

func (m *Model) resize(w, h int) {
	m.fr = layout(w, h, 1, m.panes.hist.wantRows(), m.panes.focus == focusHistory)
	if m.fr.TooSmall {
		return
	}
	m.fr = layout(w, h, len(m.statusLines(maxStatusRows)), m.panes.hist.wantRows(), m.panes.focus == focusHistory)
	m.panes.setSizes(m.fr)
}

// applyStyles hands the current styles to every pane.
func (m *Model) applyStyles() {
	m.boxes = newBoxes(m.st)
	m.panes.setStyles(m.st)
	m.help.setStyles(m.st)
	m.req.setSpinStyle(m.st.Accent)
}
