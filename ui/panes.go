package ui

import (
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"

	"leadinspector/api/base/sanitize"

	"leadinspector/ui/styles"
)

// panes are the inspector's panes, which of them has the focus and which
// the main area: the root's routing table (its list of panes is call).
type panes struct {
	focus   focusID
	showRaw bool // narrow layout: the raw pane has the shared slot
	// main is the pane that has the main area (the detail/raw area)
	// instead of the lead: focusBatch, focusCard or focusQueue (a mainCall
	// in panes.call); 0 while the lead has it.
	main focusID
	// from is the pane the focus came from when a main pane took it:
	// closing that pane goes back there.
	from focusID

	input  inputPane
	detail detailPane
	raw    rawPane
	hist   historyPane
	batch  batchTable
	card   cardPane
	queue  queuePane

	shown *shownLead // the lead on screen, nil before the first
}

// route hands a message to one pane and returns its command and what it
// asks the root to do (nil for nothing).
func (m *panes) route(pane focusID, msg tea.Msg) (tea.Cmd, intent) {
	op := paneOp{kind: opUpdate}
	m.call(pane, &op, msg)
	return op.cmd, op.want
}

// keyMap is the focused pane's key map for the help line.
func (m *panes) keyMap() helpKeys {
	op := paneOp{kind: opKeyMap}
	m.call(m.focus, &op, nil)
	return op.keys
}

// each makes the same call of every pane.
func (m *panes) each(op paneOp) {
	for f := range nPanes {
		m.call(f, &op, nil)
	}
}

// setFocus moves the keyboard to a pane: the old one is blurred, the new
// one focused. A pane that has the main area while shown takes it; detail
// and raw give it back to the lead. In the narrow layout, focusing detail
// or raw also puts it in the shared slot.
func (m *panes) setFocus(f focusID) {
	if f == m.focus && f != focusInput {
		return
	}
	m.each(paneOp{kind: opBlur})
	m.focus = f
	main := paneOp{kind: opMain}
	switch m.call(f, &main, nil); {
	case main.yes:
		m.main = f
	case f == focusDetail || f == focusRaw:
		m.main = 0
		m.showRaw = f == focusRaw
	}
	m.call(f, &paneOp{kind: opFocus}, nil)
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
	m.each(paneOp{kind: opSetSize, fr: fr})
}

// setStyles hands the styles to every pane.
func (m *panes) setStyles(st *styles.Styles) {
	m.each(paneOp{kind: opSetStyles, st: st})
}

// takesText is true when the focused pane takes text, so letters are not
// commands: a field, a search being typed, a filter being typed.
func (m *panes) takesText() bool {
	op := paneOp{kind: opTakesText}
	m.call(m.focus, &op, nil)
	return op.yes
}

// openMain shows a pane that has the main area while shown, hands it msg
// (what to show) and focuses it.
func (m *panes) openMain(f focusID, msg tea.Msg) {
	m.route(f, msg)
	if m.focus != f {
		m.from = m.focus
	}
	m.setFocus(f)
}

// closeMain gives the main area back to the lead, when pane f has it; if
// f had the focus, it goes back to where it came from (detail or raw:
// main panes are opened from the lead).
func (m *panes) closeMain(f focusID) {
	if m.main != f {
		return
	}
	m.main = 0
	if m.focus == f {
		back := m.from
		if back != focusRaw {
			back = focusDetail
		}
		m.setFocus(back)
	}
}

// leaveMain gives the main area back to the lead when pane f has it.
func (m *panes) leaveMain(f focusID) {
	if m.main == f {
		m.main = 0
	}
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
	stops := tabStops(m.batch.has(), m.main == focusQueue)
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
	m.leaveMain(focusBatch)
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
	m.leaveMain(focusBatch)
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
	pane, r, ok := fr.paneAt(mouse.X, mouse.Y, overlay, m.main, m.showRaw)
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
	case focusQueue:
		m.setFocus(focusQueue)
		m.queue.ClickRow(mouse.Y - r.Y - 1)
	default:
		m.setFocus(pane)
	}
}

// wheelAt is the pane under the pointer, focused or not, that a wheel
// scrolls; ok is false for none.
func (m *panes) wheelAt(msg tea.MouseWheelMsg, fr frame, overlay bool) (focusID, bool) {
	mouse := msg.Mouse()
	pane, _, ok := fr.paneAt(mouse.X, mouse.Y, overlay, m.main, m.showRaw)
	return pane, ok && pane != focusInput
}

// draw draws detail and raw: side by side when wide, else the one
// in the shared slot; or the pane that has the main area in their place.
func (m *panes) draw(lines []string, f frame, boxes boxes, l *i18n.Localizer, rawTitle, presence string) []string {
	if m.main != 0 {
		box, view := paneOp{kind: opBox}, paneOp{kind: opView}
		m.call(m.main, &box, nil)
		m.call(m.main, &view, nil)
		return boxes.pick(m.focus == m.main).draw(lines, f.Main.W, f.Main.H, box.title, box.info, view.lines)
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
