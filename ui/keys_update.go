package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// onKey routes a key press: the global keys first, then those for the lead
// on screen, and else the focused pane, which says what it wants of the
// root (onIntent). Only the focused pane ever sees a key.
func (m Model) onKey(k tea.KeyPressMsg) (Model, tea.Cmd) {
	g := m.keys.globalKeys
	if key.Matches(k, g.ForceQuit) {
		return m, tea.Quit // Run still gives the history its time
	}
	if m.help.show {
		switch {
		case key.Matches(k, g.Quit):
			return m.quit()
		case key.Matches(k, g.CloseHelp):
			m.help.show = false
		default:
			m.help.onKey(k, m.fr.Main.W, m.fr.Main.H+m.fr.History.H)
		}
		return m, nil
	}
	// A search or filter being typed takes every key but ctrl+c.
	if m.panes.takesText() && m.panes.focus != focusInput {
		return m.toPane(m.panes.focus, k)
	}
	switch {
	case key.Matches(k, g.Next):
		m.panes.cycle(1)
	case key.Matches(k, g.Prev):
		m.panes.cycle(-1)
	case key.Matches(k, g.Cancel):
		m.cancelAll()
	case key.Matches(k, g.Quit):
		return m.quit()
	case key.Matches(k, g.FocusLead):
		m.panes.enterField(fieldLead)
	case key.Matches(k, g.Rerun):
		m.names.refreshNames() // r asks for the names again too
		if m.watch.on && m.watch.key == m.req.last {
			return m, m.watchFetch() // r while watching checks now and keeps watching
		}
		failed := m.status.kind == statusErr
		cmd := m.startLookup(m.req.last, m.format(), kindLookup, false)
		m.req.hold = failed
		return m, cmd
	case key.Matches(k, g.Privacy):
		return m, m.setPrivacy(!m.privacy)
	case key.Matches(k, g.Switch):
		m.panes.switchView()
	case key.Matches(k, g.Queue):
		return m.openQueue()
	case key.Matches(k, g.Help):
		m.help.open()
	case m.panes.takesText():
		return m.onPaneKey(k)
	default:
		return m.onLeadKey(k)
	}
	return m, nil
}

// onLeadKey acts on the lead on screen (or the batch row under the cursor).
func (m Model) onLeadKey(k tea.KeyPressMsg) (Model, tea.Cmd) {
	l := m.keys.leadKeys
	var cmd tea.Cmd
	var notice string
	switch {
	case key.Matches(k, l.Back):
		m.panes.setFocus(focusBatch)
		m.status.notice = "" // "esc goes back to the table": done
		return m, nil
	case key.Matches(k, l.StopWatch):
		m.watch.stop()
		notice = m.env.Lang.T("ui.watch.stopped")
	case key.Matches(k, l.Flip):
		return m.flip()
	case key.Matches(k, l.Watch):
		return m.toggleWatch()
	case key.Matches(k, l.Copy):
		cmd, notice = copyRaw(m.env.Lang, m.panes.raw, m.privacy)
	case key.Matches(k, l.Ticket):
		return m.copyFacts(m.panes.facts(), false)
	case key.Matches(k, l.Curl):
		return m.copyFacts(m.panes.facts(), true)
	case key.Matches(k, l.Pager, l.Editor) && m.env.Hub != nil:
		notice = m.env.Hub.NoOpen
	case key.Matches(k, l.Pager, l.Editor):
		cmd = openElsewhere(m.panes.raw, m.privacy, m.env.Options, key.Matches(k, l.Editor))
	case (m.panes.focus == focusDetail || m.panes.focus == focusRaw) && m.names.wants(k): // the card keys' panes
		return m.deliver(m.names.onKey(k))
	default:
		return m.onPaneKey(k)
	}
	if notice != "" {
		m.status.notice = notice
	}
	return m, cmd
}

// onPaneKey hands the key to the focused pane, which says what it wants
// (onIntent).
func (m Model) onPaneKey(k tea.KeyPressMsg) (Model, tea.Cmd) {
	m, cmd := m.toPane(m.panes.focus, k)
	if m.panes.batch.running() {
		cmd = tea.Batch(cmd, m.req.spinStart()) // a row retried
	}
	return m, cmd
}

// cancelAll stops whatever runs (esc): the request, the batch, the watch.
func (m *Model) cancelAll() {
	watching := m.watch.stop()
	req := m.req.cancel()
	m.names.stop()
	if s, ok := cancelledStatus(m.env.Lang, watching, req, m.panes.batch.cancelWords()); ok {
		m.status = s
	}
}

// quit ends the program once the history writes in flight are done (a
// lookup made just before q must not be lost), or after closeWait; the
// status bar says why it waits. ctrl+c does not wait.
func (m Model) quit() (Model, tea.Cmd) {
	m.req.cancel()
	m.panes.batch.cancelRun()
	store := m.panes.hist.store
	if store.Pending() == 0 {
		return m, tea.Quit
	}
	m.status = status{kind: statusNote, text: m.env.Lang.T("ui.status.saving_history")}
	return m, func() tea.Msg {
		_ = store.Wait(closeWait) // what is not saved by then, Run's Close reports
		return tea.QuitMsg{}
	}
}

// setPrivacy masks personal data in every pane (or shows it again).
func (m *Model) setPrivacy(on bool) tea.Cmd {
	m.privacy = on
	m.status.privacy(m.env.Lang, on, m.env.Profile)
	return m.panes.raw.SetPrivacy(on)
}

// onPaste looks up several pasted lead ids as a batch, fills both ids from
// a recognisable paste, or else gives the text to the focused pane.
func (m Model) onPaste(p tea.PasteMsg) (Model, tea.Cmd) {
	if m.panes.takesText() && m.panes.focus != focusInput {
		return m.toPane(m.panes.focus, tea.PasteMsg{Content: cutUTF8(p.Content, maxPasteBytes)})
	}
	switch what := readPaste(p.Content); {
	case what.ids != nil:
		return m.startBatch(what.ids)
	case what.refused != nil:
		m.status = status{kind: statusErr, text: m.env.Lang.Say(refusedMessage(what.refused))}
	case what.pair:
		m.panes.input.setIDs(what.customer, what.lead)
		m.panes.focusField(fieldLead)
	case m.panes.focus == focusInput:
		if m.panes.input.insert(what.text) || what.cut {
			m.status.notice = what.cutNotice(m.env.Lang)
		}
	}
	return m, nil
}

// syncKeys enables the root's bindings that do something now (the panes
// enable their own).
func (m *Model) syncKeys() {
	m.keys.sync(keyState{
		typing: m.panes.takesText(), busy: m.req.active, watchReq: m.req.kind == kindWatch, batch: m.panes.batch.running(),
		rerun: m.req.last.lead != "", inBatch: m.panes.focus == focusBatch, wide: m.fr.Wide, showRaw: m.panes.showRaw,
		privacy: m.privacy, watching: m.watch.on, onLead: m.panes.focus == focusDetail || m.panes.focus == focusRaw,
		shown: m.panes.shown != nil, result: m.panes.raw.Result() != nil, body: len(m.panes.raw.Body()) > 0,
		fromBatch: m.panes.shown != nil && m.panes.shown.fromBatch && m.panes.batch.has(),
		mainTaken: m.panes.main != 0,
		queue:     m.panes.queue.Available() && m.panes.focus != focusQueue, // Q says nothing new in the queue
		other:     m.format().Other().Label(),
		l:         m.env.Lang,
	})
}
