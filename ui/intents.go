package ui

import (
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/ui/history"
	"leadinspector/ui/queue"
	"leadinspector/ui/rawview"
)

// An intent is what a pane wants done beyond itself: a lookup, a lead
// shown, the focus moved, text on the clipboard. A pane handles its own
// keys and returns an intent from Update (its third result, nil for none);
// the root carries it out in the same Update (Model.onIntent), so a key
// typed right after cannot overtake it, as a command's answer could. The
// root never matches a pane's key bindings: it reacts to these.
type intent interface{ isIntent() }

// lookUpMsg asks to look up what the input's fields hold (enter in the
// input): one lead, or several, typed with spaces or commas, as a batch.
type lookUpMsg struct{ customer, lead string }

// leaveInputMsg asks to move the keyboard from the input to the lead on
// screen (esc in the input).
type leaveInputMsg struct{}

// reopenMsg asks to look a history entry's lead up again (enter in the
// history).
type reopenMsg struct{ entry history.Entry }

// openRowMsg asks to show a batch row's lead from the answer the batch
// already has (enter in the batch table).
type openRowMsg struct{ row batchRow }

// closeBatchMsg asks to close the batch table; the lead on screen before
// comes back (esc in the table).
type closeBatchMsg struct{}

// copyMsg asks to put text on the clipboard and say so in the status bar
// (c in the batch table or on a card). text is what is copied, already
// cleaned for the clipboard; notice replaces the status bar's notice.
type copyMsg struct{ text, notice string }

// copyFactsMsg asks to copy a summary for a ticket (t), or with curl the
// curl command (C), of one lookup: the batch row under the cursor. facts
// nil copies nothing.
type copyFactsMsg struct {
	facts *ticketFacts
	curl  bool
}

// closeCardMsg asks to close the focused card (esc on it): the focus goes
// back to where it was opened from, and a contact still on its way is not
// wanted any more.
type closeCardMsg struct{}

// openCardMsg asks to show a card of the lead on screen and focus it (a
// card key: the names ask, see leadNames.onKey); the card takes it too.
type openCardMsg struct{ kind cardKind }

// noticeMsg asks to say something in the status bar's notice.
type noticeMsg struct{ text string }

func (lookUpMsg) isIntent()     {}
func (leaveInputMsg) isIntent() {}
func (reopenMsg) isIntent()     {}
func (openRowMsg) isIntent()    {}
func (closeBatchMsg) isIntent() {}
func (copyMsg) isIntent()       {}
func (copyFactsMsg) isIntent()  {}
func (closeCardMsg) isIntent()  {}
func (openCardMsg) isIntent()   {}
func (noticeMsg) isIntent()     {}
func (nameHolderMsg) isIntent() {}

// nameHolderMsg asks to name the holder of a batch row just answered
// (seq is the batch's): the table shows the name once it comes.
type nameHolderMsg struct {
	seq      int
	customer string
	receiver *api.LeadReceiver
}

// ownerOf says which pane a message is for when it is one pane's, whoever
// sends it (a pane's own command, the names, the hub): the root hands it
// to that pane's Update. A type switch, not a method of the messages: a
// method called on Update's message would move every message to the heap.
func ownerOf(msg tea.Msg) (focusID, bool) {
	switch msg.(type) {
	case detailRenderedMsg, leadNamesMsg, timelineMsg:
		return focusDetail, true
	case rawview.SearchDoneMsg:
		return focusRaw, true
	case HubDeskMsg:
		return focusHistory, true
	case heldNamesMsg:
		return focusBatch, true
	case queue.PageMsg:
		return focusQueue, true
	}
	return 0, false
}

// onIntent carries out what a pane asked for.
func (m Model) onIntent(w intent) (Model, tea.Cmd) {
	switch w := w.(type) {
	case lookUpMsg:
		return m.lookUpInput(w.customer, w.lead)
	case leaveInputMsg:
		m.panes.leaveInput(m.fr.Wide)
	case reopenMsg:
		return m.reopen(w.entry)
	case openRowMsg:
		return m.openRow(w.row)
	case closeBatchMsg:
		m.panes.closeBatch(m.fr.Wide)
		m.status = status{kind: statusNote, text: m.env.Lang.T("ui.batch.closed")}
	case copyMsg:
		m.status.notice = w.notice
		return m, tea.SetClipboard(w.text)
	case copyFactsMsg:
		return m.copyFacts(w.facts, w.curl)
	case closeCardMsg:
		m.names.stopContact() // a contact still on its way is not wanted now
		m.panes.closeMain(focusCard)
	case openCardMsg:
		m.panes.openMain(focusCard, w)
	case noticeMsg:
		m.status.notice = w.text
	case nameHolderMsg:
		return m.deliver(m.names.forRow(w))
	case openQueuedMsg:
		return m.openQueued(w)
	case closeQueueMsg:
		m.panes.closeMain(focusQueue)
	}
	return m, nil
}

// deliver hands on what a part of the root (the names) says changes on
// screen: intents to onIntent, messages for a pane to that pane.
func (m Model) deliver(cmd tea.Cmd, show []tea.Msg) (Model, tea.Cmd) {
	cmds := []tea.Cmd{cmd}
	for _, msg := range show {
		var next tea.Cmd
		if w, ok := msg.(intent); ok {
			m, next = m.onIntent(w)
		} else if f, ok := ownerOf(msg); ok {
			m, next = m.toPane(f, msg)
		}
		cmds = append(cmds, next)
	}
	return m, tea.Batch(cmds...)
}

// copyFacts copies a summary for a ticket (curl: the curl command) of one
// lookup, and says so.
func (m Model) copyFacts(f *ticketFacts, curl bool) (Model, tea.Cmd) {
	var cmd tea.Cmd
	var notice string
	if curl {
		cmd, notice = copyCurl(m.env.Lang, f, m.env.BaseURL, m.env.Username)
	} else {
		cmd, notice = copySummary(m.env.Lang, f, m.env.Profile, m.env.now(), m.env.loc)
	}
	if notice != "" {
		m.status.notice = notice
	}
	return m, cmd
}

// toPane hands a message to one pane and carries out what it asks for.
func (m Model) toPane(f focusID, msg tea.Msg) (Model, tea.Cmd) {
	cmd, want := m.panes.route(f, msg)
	if want == nil {
		return m, cmd
	}
	m, next := m.onIntent(want)
	return m, tea.Batch(cmd, next)
}
