package ui

import (
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"

	"leadinspector/api/base/sanitize"

	"leadinspector/ui/styles"
)

// panes are the inspector's panes and which of them has the focus: the
// root's routing table. The root embeds it.
type panes struct {
	focus     focusID
	showRaw   bool // narrow layout: the raw pane has the shared slot
	showBatch bool // the batch table has the detail/raw area
	showCard  bool // a card has the detail/raw area

	input  inputPane
	detail detailPane
	raw    rawPane
	hist   historyPane
	batch  batchTable
	card   cardPane

	shown *shownLead // the lead on screen, nil before the first
}

// route hands a message to one pane and returns its command and what it
// asks the root to do (nil for nothing): the one line of routing a new
// pane adds.
func (m *panes) route(pane focusID, msg tea.Msg) (tea.Cmd, intent) {
	var cmd tea.Cmd
	var want intent
	switch pane {
	case focusInput:
		m.input, cmd, want = m.input.Update(msg)
	case focusDetail:
		m.detail, cmd, want = m.detail.Update(msg)
	case focusRaw:
		m.raw, cmd, want = m.raw.Update(msg)
	case focusHistory:
		m.hist, cmd, want = m.hist.Update(msg)
	case focusBatch:
		m.batch, cmd, want = m.batch.Update(msg)
	case focusCard:
		m.card, cmd, want = m.card.Update(msg)
	}
	return cmd, want
}

// keyMap is the focused pane's key map for the help line.
func (m panes) keyMap() helpKeys {
	switch m.focus {
	case focusInput:
		return m.input.keyMap()
	case focusDetail:
		return m.detail.keyMap()
	case focusRaw:
		return m.raw.keyMap()
	case focusHistory:
		return m.hist.keyMap()
	case focusCard:
		return m.card.keyMap()
	}
	return m.batch.keyMap()
}

// setFocus moves the keyboard to a pane: the old one is blurred, the new
// one focused. In the narrow layout, focusing detail or raw also puts it
// in the shared slot.
func (m *panes) setFocus(f focusID) {
	if f == m.focus && f != focusInput {
		return
	}
	m.input.Blur()
	m.detail.Blur()
	m.raw.Blur()
	m.hist.Blur()
	m.batch.Blur()
	m.card.Blur()
	m.focus = f
	m.showCard = f == focusCard || m.showCard && (f == focusHistory || f == focusInput)
	switch f {
	case focusInput:
		m.input.Focus()
	case focusDetail:
		m.showRaw, m.showBatch = false, false
		m.detail.Focus()
	case focusRaw:
		m.showRaw, m.showBatch = true, false
		m.raw.Focus()
	case focusHistory:
		m.hist.Focus()
	case focusBatch:
		m.showBatch = true
		m.batch.Focus()
	case focusCard:
		m.card.Focus()
	}
}

// lead is the lead on screen, nil before the first.
func (m panes) lead() *api.IncomingLead {
	if m.shown == nil {
		return nil
	}
	return m.detail.lead
}

// setSizes gives each pane its content area in fr (inside its border).
func (m *panes) setSizes(fr frame) {
	m.input.SetSize(fr.Input.W-2, 1)
	m.detail.SetSize(fr.Detail.W-2, fr.Detail.H-2)
	m.raw.SetSize(fr.Raw.W-2, fr.Raw.H-2)
	m.hist.SetSize(fr.History.W-2, fr.History.H-2)
	m.batch.SetSize(fr.Main.W-2, fr.Main.H-2)
	m.card.SetSize(fr.Main.W-2, fr.Main.H-2)
}

// setStyles hands the styles to every pane.
func (m *panes) setStyles(st *styles.Styles) {
	m.input.setStyles(st)
	m.raw.SetStyles(st)
	m.hist.setStyles(st)
	m.batch.setStyles(st)
	m.card.setStyles(st)
}

// takesText is true when the focused pane takes text, so letters are not
// commands: a field, a search being typed, a filter being typed.
func (m panes) takesText() bool {
	switch m.focus {
	case focusInput:
		return true
	case focusRaw:
		return m.raw.Searching()
	case focusHistory:
		return m.hist.filtering
	}
	return false
}

// focusField focuses one field of the input pane.
func (m *panes) focusField(field int) {
	m.input.active = field
	m.setFocus(focusInput)
}

// enterField focuses one field of the input pane as the user moving there
// does: from elsewhere, the field selects its value.
func (m *panes) enterField(field int) {
	if m.focus == focusInput && m.input.active == field {
		return
	}
	m.focusField(field)
	m.input.enter(field)
}

// cycle moves along the tab order: Customer ID, Lead ID, the batch table
// (while there is one), detail, raw, history, and round.
func (m *panes) cycle(dir int) {
	stops := tabStops(m.batch.has())
	i := 0
	for j, s := range stops {
		if s.f == m.focus && (s.f != focusInput || s.field == m.input.active) {
			i = j
		}
	}
	s := stops[((i+dir)%len(stops)+len(stops))%len(stops)]
	if s.f == focusInput {
		m.enterField(s.field)
		return
	}
	m.setFocus(s.f)
}

// closeBatch closes the batch table (esc on it): the lead on screen before
// comes back, and the input holds what it held before the batch.
func (m *panes) closeBatch(wide bool) {
	in := m.batch.input
	m.batch.close()
	m.input.setIDs(in[0], in[1])
	m.showBatch = false
	m.leaveInput(wide)
}

// endOpenedRow ends the mode a batch row opened puts the panes in (esc goes
// back to the table) when another lead is looked up: the table closes, so
// that esc does what it does without a batch and the help line no longer
// offers the way back. Looking the opened row up again keeps the table.
func (m *panes) endOpenedRow(k lookupKey) {
	if m.shown == nil || !m.shown.fromBatch || m.shown.key == k || !m.batch.has() {
		return
	}
	m.batch.close()
	m.showBatch = false
}

// leavesInput says whether the outcome of a lookup of k takes the focus
// out of the input: every outcome of one typed there does, so that the keys
// the status names (r retries, i edits the id) are commands, not text;
// unless the user has already typed another id, and types on.
func (m panes) leavesInput(typed bool, k lookupKey) bool {
	return typed && m.focus == focusInput && m.input.key() == k
}

// leaveInput moves from the input to the lead on screen.
func (m *panes) leaveInput(wide bool) {
	if m.showRaw && !wide {
		m.setFocus(focusRaw)
		return
	}
	m.setFocus(focusDetail)
}

// switchView swaps detail and raw in the narrow layout's shared slot.
func (m *panes) switchView() {
	switch m.focus {
	case focusDetail:
		m.setFocus(focusRaw)
	case focusRaw:
		m.setFocus(focusDetail)
	default:
		m.showRaw = !m.showRaw
	}
}

// onClick focuses the pane clicked (and the field or row under the pointer).
func (m *panes) onClick(msg tea.MouseClickMsg, fr frame, overlay bool) {
	mouse := msg.Mouse()
	pane, r, ok := fr.paneAt(mouse.X, mouse.Y, overlay, m.showBatch, m.showRaw)
	pane = m.cardAt(pane)
	if mouse.Button != tea.MouseLeft || !ok {
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

// wheelAt is the pane under the pointer, focused or not, that a wheel
// scrolls; ok is false for none.
func (m *panes) wheelAt(msg tea.MouseWheelMsg, fr frame, overlay bool) (focusID, bool) {
	mouse := msg.Mouse()
	pane, _, ok := fr.paneAt(mouse.X, mouse.Y, overlay, m.showBatch, m.showRaw)
	pane = m.cardAt(pane)
	return pane, ok && pane != focusInput
}

// draw draws detail and raw: side by side when wide, else the one
// in the shared slot; or the batch table in their place.
func (m panes) draw(lines []string, f frame, boxes boxes, l *i18n.Localizer, rawTitle, presence string) []string {
	if m.showCard {
		return boxes.pick(m.focus == focusCard).draw(lines, f.Main.W, f.Main.H, m.card.title(), m.card.info(), m.card.View())
	}
	if m.showBatch {
		return boxes.pick(m.focus == focusBatch).draw(lines, f.Main.W, f.Main.H, m.batch.title(), m.batch.info(), m.batch.View())
	}
	var detail, raw []string
	stale := m.staleNote(l)
	if f.Wide || !m.showRaw {
		info := m.detail.position()
		if !f.Wide {
			info = joinNotes(info, l.T("ui.pane.v_raw"))
		}
		title := joinNotes(joinNotes(l.T("ui.pane.detail"), stale), presence)
		detail = boxes.pick(m.focus == focusDetail).draw(nil, f.Detail.W, f.Detail.H, title, info, m.detail.View())
	}
	if f.Wide || m.showRaw {
		info := ""
		if !f.Wide {
			info = l.T("ui.pane.v_detail")
		}
		raw = boxes.pick(m.focus == focusRaw).draw(nil, f.Raw.W, f.Raw.H, joinNotes(rawTitle, stale), info, m.raw.View())
	}
	switch {
	case detail == nil:
		return append(lines, raw...)
	case raw == nil:
		return append(lines, detail...)
	}
	for i := range detail {
		lines = append(lines, detail[i]+raw[i])
	}
	return lines
}

// staleNote is the pane titles' warning when the lead on screen is not the
// one the input names (a failed lookup kept it, or the user moved on):
// "previous lead LED39BDD2493F…", with its customer when that differs too.
// The raw header then describes that lead's own exchange, not the input's.
func (m panes) staleNote(l *i18n.Localizer) string {
	if m.shown == nil {
		return ""
	}
	in, on := m.input.key(), m.shown.key
	if in == on {
		return ""
	}
	id := shortID(on.lead)
	if in.customer != on.customer {
		id = shortID(on.customer) + "/" + id
	}
	return l.T("ui.pane.previous_lead", "ID", id)
}

// shortID is an id cut for a title: its start is what people compare.
func shortID(id string) string {
	const keep = 13
	id = sanitize.Line(id)
	if r := []rune(id); len(r) > keep+1 {
		return string(r[:keep]) + "…"
	}
	return id
}
