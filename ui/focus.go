package ui

import tea "charm.land/bubbletea/v2"

// takesText is true when the focused pane takes text, so letters are not
// commands: a field, a search being typed, a filter being typed.
func (m Model) takesText() bool {
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
func (m *Model) focusField(field int) {
	m.input.active = field
	m.setFocus(focusInput)
}

// enterField focuses one field of the input pane as the user moving there
// does: from elsewhere, the Lead ID field selects its value.
func (m *Model) enterField(field int) {
	if m.focus == focusInput && m.input.active == field {
		return
	}
	m.focusField(field)
	m.input.enter(field)
}

// cycle moves along the tab order: Customer ID, Lead ID, the batch table
// (while there is one), detail, raw, history, and round.
func (m *Model) cycle(dir int) {
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

// onClick focuses the pane clicked (and the field or row under the pointer).
func (m *Model) onClick(msg tea.MouseClickMsg) {
	mouse := msg.Mouse()
	pane, r, ok := m.fr.paneAt(mouse.X, mouse.Y, m.help.show, m.showBatch, m.showRaw)
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

// onWheel scrolls the pane under the pointer, focused or not.
func (m Model) onWheel(msg tea.MouseWheelMsg) (Model, tea.Cmd) {
	mouse := msg.Mouse()
	pane, _, ok := m.fr.paneAt(mouse.X, mouse.Y, m.help.show, m.showBatch, m.showRaw)
	if !ok || pane == focusInput {
		return m, nil
	}
	return m.updatePane(pane, msg)
}
