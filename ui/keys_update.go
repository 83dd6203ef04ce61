package ui

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api/sanitize"
)

// maxClipboard bounds what c copies: terminals drop larger OSC 52 writes.
const maxClipboard = 1 << 20

// onKey handles a key press: the root's own keys first, then the focused
// pane. Only the focused pane ever sees a key.
func (m Model) onKey(k tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(k, m.keys.ForceQuit) {
		return m.quit()
	}
	if m.quitting {
		return m, nil
	}
	if m.showHelp {
		switch {
		case key.Matches(k, m.keys.Quit):
			return m.quit()
		case key.Matches(k, m.keys.Help), k.String() == "esc":
			m.showHelp = false
		}
		return m, nil
	}
	// A search or filter being typed takes every key but ctrl+c.
	if m.focus == focusRaw && m.raw.Searching() || m.focus == focusHistory && m.hist.searching() {
		return m.forward(k)
	}
	switch {
	case key.Matches(k, m.keys.Next):
		m.cycle(1)
	case key.Matches(k, m.keys.Prev):
		m.cycle(-1)
	case key.Matches(k, m.keys.LookUp):
		return m.lookUpInput()
	case key.Matches(k, m.keys.OpenRow):
		return m.openRow()
	case key.Matches(k, m.keys.Reopen):
		return m.reopen()
	case key.Matches(k, m.keys.Cancel):
		// esc stops whatever runs: the request, the batch, the watch.
		watching := m.watch.on
		req := m.cancelRequest()
		m.stopWatch("")
		batch := m.cancelBatch()
		switch {
		case watching:
			m.status = status{kind: statusNote, text: "stopped watching"}
		case req && batch:
			m.status.text = "request cancelled; " + m.status.text
		case req:
			m.status = status{kind: statusNote, text: "request cancelled"}
		}
	case key.Matches(k, m.keys.StopWatch):
		m.stopWatch("stopped watching")
	case key.Matches(k, m.keys.Leave) && m.focus == focusInput:
		m.leaveInput()
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.FocusLead):
		m.enterField(fieldLead)
	case key.Matches(k, m.keys.Rerun) && m.focus == focusBatch:
		return m.retryRow()
	case key.Matches(k, m.keys.Rerun):
		if m.watch.on && m.watch.key == m.last {
			// r while watching checks now and keeps watching.
			cmd := m.watchFetch()
			return m, cmd
		}
		cmd := m.startLookup(m.last, m.format, kindLookup, false)
		return m, cmd
	case key.Matches(k, m.keys.Privacy):
		m.setPrivacy(!m.privacy)
	case key.Matches(k, m.keys.Watch):
		return m.toggleWatch()
	case key.Matches(k, m.keys.Ticket):
		return m.copySummary()
	case key.Matches(k, m.keys.Curl):
		return m.copyCurl()
	case key.Matches(k, m.keys.Pager):
		return m.openElsewhere(false)
	case key.Matches(k, m.keys.Editor):
		return m.openElsewhere(true)
	case key.Matches(k, m.keys.CopyTable):
		return m.copyTable()
	case key.Matches(k, m.keys.Flip):
		return m.flip()
	case key.Matches(k, m.keys.Switch):
		m.switchView()
	case key.Matches(k, m.keys.Copy):
		return m.copyRaw()
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.Delete):
		return m.deleteSelected()
	default:
		return m.forward(k)
	}
	return m, nil
}

// forward hands a message to the focused pane.
func (m Model) forward(msg tea.Msg) (Model, tea.Cmd) { return m.updatePane(m.focus, msg) }

// updatePane hands a message to one pane.
func (m Model) updatePane(pane focusID, msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch pane {
	case focusInput:
		m.input, cmd = m.input.Update(msg)
	case focusDetail:
		m.detail, cmd = m.detail.Update(msg)
	case focusRaw:
		m.raw, cmd = m.raw.Update(msg)
	case focusHistory:
		m.hist, cmd = m.hist.Update(msg)
	case focusBatch:
		m.batch, cmd = m.batch.Update(msg)
	}
	return m, cmd
}

// setPrivacy masks personal data in every pane (or shows it again).
func (m *Model) setPrivacy(on bool) {
	m.privacy = on
	m.raw.SetPrivacy(on)
	if m.status.kind == statusErr && m.status.err != nil {
		m.status.text = errorTextFor(m.status.err, m.o.Profile, m.status.customer, on)
	}
	if on {
		m.status.notice = "privacy on: message, contact id, estate ids and UTM values are hidden"
	} else {
		m.status.notice = "privacy off"
	}
}

// leaveInput moves from the input to the lead on screen.
func (m *Model) leaveInput() {
	if m.showRaw && !m.fr.Wide {
		m.setFocus(focusRaw)
		return
	}
	m.setFocus(focusDetail)
}

// switchView swaps detail and raw in the narrow layout's shared slot.
func (m *Model) switchView() {
	switch m.focus {
	case focusDetail:
		m.setFocus(focusRaw)
	case focusRaw:
		m.setFocus(focusDetail)
	default:
		m.showRaw = !m.showRaw
	}
}

// copyRaw copies the body as received. In privacy mode it copies what the
// pane shows, with the personal data masked: whatever leaves the inspector
// then is what the screen may show (p, then c, copies it unmasked).
func (m Model) copyRaw() (Model, tea.Cmd) {
	if len(m.raw.Body()) == 0 {
		return m, nil
	}
	// Never the raw bytes: a hostile body's escapes would replay on paste.
	body := sanitize.Clipboard(string(m.raw.Body()))
	what := m.raw.Format().Label() + " body"
	if m.privacy {
		body = sanitize.Clipboard(m.raw.Text())
		what += " with personal data masked (privacy mode)"
	}
	if len(body) > maxClipboard {
		m.status.notice = fmt.Sprintf("the %s is %s, too large for the terminal's clipboard; use leadinspector get --raw",
			what, byteSize(len(body)))
		return m, nil
	}
	m.status.notice = fmt.Sprintf("copied the %s (%s) to the clipboard", what, byteSize(len(body)))
	if m.privacy {
		m.status.notice = fmt.Sprintf("copied the %s (%s)", what, byteSize(len(body)))
	}
	return m, tea.SetClipboard(body)
}

// onPaste looks up several pasted lead ids as a batch, fills both ids from
// a recognisable paste, or else types the text into whatever field has the
// keyboard. An oversized paste is cut first.
func (m Model) onPaste(p tea.PasteMsg) (Model, tea.Cmd) {
	text := p.Content
	cut := len(text) > maxPasteBytes
	text = cutUTF8(text, maxPasteBytes)
	if m.focus == focusRaw && m.raw.Searching() || m.focus == focusHistory && m.hist.searching() {
		return m.forward(tea.PasteMsg{Content: text})
	}
	if c, ids, ok := pastedBatch(p.Content); ok {
		if c == "" {
			c, _ = m.input.ids()
		}
		if c == "" {
			m.status = status{kind: statusNote, text: fmt.Sprintf("%d lead ids pasted: type a Customer ID first, then paste them again", len(ids))}
			m.focusField(fieldCustomer)
			return m, nil
		}
		return m.startBatch(c, ids)
	}
	if c, l, ok := splitPaste(text); ok {
		m.input.setIDs(c, l)
		m.focusField(fieldLead)
		return m, nil
	}
	if m.focus == focusInput && (m.input.insert(text) || cut) {
		m.status.notice = fmt.Sprintf("the paste was %s; ids are at most %d characters, so it was cut",
			byteSize(len(p.Content)), maxIDLen)
	}
	return m, nil
}

// pastedBatch is splitBatch for a paste of any size: past
// maxBatchPasteBytes the text is cut, and the id the cut went through is
// left out.
func pastedBatch(s string) (customer string, ids []string, ok bool) {
	if len(s) <= maxBatchPasteBytes {
		return splitBatch(s)
	}
	s = cutUTF8(s, maxBatchPasteBytes)
	if i := strings.LastIndexFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }); i > 0 {
		s = s[:i]
	}
	return splitBatch(s)
}

// cutUTF8 cuts s to at most n bytes without splitting a rune.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// paneAt says which pane is drawn at (x, y).
func (m Model) paneAt(x, y int) (focusID, rect, bool) {
	f := m.fr
	switch {
	case f.TooSmall || m.showHelp:
		return 0, rect{}, false
	case f.Input.contains(x, y):
		return focusInput, f.Input, true
	case f.History.contains(x, y):
		return focusHistory, f.History, true
	case m.showBatch && f.Main.contains(x, y):
		return focusBatch, f.Main, true
	case f.Wide && f.Raw.contains(x, y), !f.Wide && m.showRaw && f.Raw.contains(x, y):
		return focusRaw, f.Raw, true
	case f.Detail.contains(x, y):
		return focusDetail, f.Detail, true
	}
	return 0, rect{}, false
}

// onClick focuses the pane clicked (and the field or row under the pointer).
func (m *Model) onClick(msg tea.MouseClickMsg) {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft {
		return
	}
	pane, r, ok := m.paneAt(mouse.X, mouse.Y)
	if !ok {
		return
	}
	switch pane {
	case focusInput:
		m.enterField(m.input.fieldAt(mouse.X - r.X - 1))
	case focusHistory:
		m.setFocus(focusHistory)
		m.hist.clickRow(mouse.Y - r.Y - 1)
	case focusBatch:
		m.setFocus(focusBatch)
		m.batch.clickRow(mouse.Y - r.Y - 1)
	default:
		m.setFocus(pane)
	}
}

// onWheel scrolls the pane under the pointer, focused or not.
func (m Model) onWheel(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	mouse := msg.Mouse()
	pane, _, ok := m.paneAt(mouse.X, mouse.Y)
	if !ok || pane == focusInput {
		return m, nil
	}
	return m.updatePane(pane, msg)
}

// syncKeys enables the bindings that do something now, so that they match
// and show in the help line only then.
func (m *Model) syncKeys() {
	k := &m.keys
	typing := m.typing()
	busy := m.req.active
	onLead := m.focus == focusDetail || m.focus == focusRaw
	_, hasEntry := m.hist.selected()
	k.typing = typing

	k.Quit.SetEnabled(!typing)
	k.Help.SetEnabled(!typing)
	k.FocusLead.SetEnabled(!typing)
	k.LookUp.SetEnabled(m.focus == focusInput)
	k.Field.SetEnabled(m.focus == focusInput)
	k.Clear.SetEnabled(m.focus == focusInput)
	k.Reopen.SetEnabled(m.focus == focusHistory && !typing && hasEntry)
	k.Delete.SetEnabled(m.focus == focusHistory && !typing && hasEntry && m.store != nil)
	k.Filter.SetEnabled(m.focus == focusHistory && !typing && len(m.hist.all) > 0)
	k.Cancel.SetEnabled(busy || m.batch.running())
	switch {
	case busy && m.req.kind == kindWatch:
		k.Cancel.SetHelp("esc", "stop watching")
	case busy:
		k.Cancel.SetHelp("esc", "cancel request")
	default:
		k.Cancel.SetHelp("esc", "cancel batch")
	}
	// esc also leaves the input, and clears a search or filter (the pane
	// does that itself; the binding is here for the help line).
	rawHelp := m.raw.ShortHelp()
	rawHas := func(name string) bool {
		return m.focus == focusRaw && slices.ContainsFunc(rawHelp, func(b key.Binding) bool { return b.Help().Key == name })
	}
	switch {
	case m.focus == focusInput:
		k.Leave.SetHelp("esc", "leave input")
	case m.focus == focusRaw && typing:
		k.Leave.SetHelp("esc", "leave search")
	case m.focus == focusHistory && (typing || m.hist.filtered()):
		k.Leave.SetHelp("esc", "clear filter")
	default:
		k.Leave.SetHelp("esc", "clear search")
	}
	k.Leave.SetEnabled(!busy && (m.focus == focusInput || typing || rawHas("esc") ||
		m.focus == focusHistory && m.hist.filtered()))
	// Once a lead is on screen, these act on it (in the batch table, on the
	// row under the cursor).
	inBatch := m.focus == focusBatch && !typing
	row, hasRow := m.batch.selected()
	rowAnswered := hasRow && (row.state == rowDone || row.state == rowFailed)
	leadKeys := !typing && onLead && m.shown != nil
	k.StopWatch.SetEnabled(m.watch.on && !busy && !typing && !m.batch.running())
	k.Privacy.SetEnabled(!typing)
	if m.privacy {
		k.Privacy.SetHelp("p", "privacy off")
	} else {
		k.Privacy.SetHelp("p", "privacy on")
	}
	k.Watch.SetEnabled(leadKeys)
	if m.watch.on {
		k.Watch.SetHelp("w", "stop watching")
	} else {
		k.Watch.SetHelp("w", "watch")
	}
	k.Ticket.SetEnabled(leadKeys || inBatch && rowAnswered)
	k.Curl.SetEnabled(leadKeys || inBatch && rowAnswered)
	k.Pager.SetEnabled(leadKeys && m.raw.Result() != nil)
	k.Editor.SetEnabled(leadKeys && m.raw.Result() != nil)
	k.OpenRow.SetEnabled(inBatch && hasRow)
	k.CopyTable.SetEnabled(inBatch && m.batch.has())
	k.Rerun.SetEnabled(!typing && m.last.lead != "" || inBatch && hasRow)
	if inBatch {
		k.Rerun.SetHelp("r", "retry row")
	} else {
		k.Rerun.SetHelp("r", "re-run")
	}
	k.Flip.SetEnabled(!typing && !busy && onLead && m.shown != nil)
	k.Flip.SetHelp("f", m.format.Other().Label())
	k.Switch.SetEnabled(!typing && !m.fr.Wide && m.focus != focusBatch)
	if m.showRaw {
		k.Switch.SetHelp("v", "detail")
	} else {
		k.Switch.SetHelp("v", "raw")
	}
	rawLive := m.focus == focusRaw && !typing && m.raw.Result() != nil
	k.Search.SetEnabled(rawLive)
	k.NextMatch.SetEnabled(rawLive && rawHas("n"))
	k.PrevMatch.SetEnabled(rawLive && rawHas("N"))
	k.Copy.SetEnabled(!typing && onLead && len(m.raw.Body()) > 0)
	k.Scroll.SetEnabled(!typing && m.focus != focusInput)
}
