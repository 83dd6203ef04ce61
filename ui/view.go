package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// View draws the whole screen. It only lays out what Update rendered: no
// pane text is rendered here.
func (m Model) View() tea.View {
	v := tea.NewView(m.screen())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "leadinspector"
	return v
}

func (m Model) screen() string {
	f := m.fr
	if f.W <= 0 || f.H <= 0 {
		return ""
	}
	if f.TooSmall {
		return tooSmall(m.env.Lang, f.W, f.H)
	}
	lines := make([]string, 0, f.H)
	lines = m.boxes.pick(m.panes.focus == focusInput).draw(lines, f.Input.W, f.Input.H, m.env.Lang.T("ui.input.title"), "", m.panes.input.View())
	if m.help.show {
		lines = m.help.overlay(lines, m.boxes.focused, f.Main.W, f.Main.H+f.History.H)
	} else {
		lines = m.panes.draw(lines, m.fr, *m.boxes, m.env.Lang, rawTitle(m.env.Lang, m.format(), m.req.request), m.presenceNote())
		hist := m.boxes.pick(m.panes.focus == focusHistory)
		lines = hist.draw(lines, f.History.W, f.History.H, m.env.Lang.T("ui.history.title"), m.panes.hist.info(), m.panes.hist.View())
	}
	status := m.statusLines(f.Status.H)
	for len(status) < f.Status.H {
		status = append(status, strings.Repeat(" ", f.W))
	}
	lines = append(lines, status...)
	lines = append(lines, m.help.line)
	return strings.Join(lines, "\n")
}

// statusLines is the status bar on at most rows lines.
func (m Model) statusLines(rows int) []string {
	b := statusBar{st: m.st, l: m.env.Lang, demo: m.env.Demo, privacy: m.privacy, profile: m.env.Profile, host: m.env.Host,
		req: m.req.request, spin: m.req.spin.View(), now: m.env.now(), watch: m.watch.status(m.env.now()), status: m.status,
		wait: m.pauses.words(m.env.Lang)}
	b.batch = m.panes.batch.progress()
	return b.lines(m.fr.W, rows)
}
