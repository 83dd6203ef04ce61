package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api/sanitize"
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
		return tooSmall(f.W, f.H)
	}
	lines := make([]string, 0, f.H)
	lines = m.boxes.pick(m.focus == focusInput).draw(lines, f.Input.W, f.Input.H, "Look up", "", m.input.View())
	if m.help.show {
		lines = m.help.overlay(lines, m.boxes.focused, f.Main.W, f.Main.H+f.History.H)
	} else {
		lines = m.mainPanes(lines)
		hist := m.boxes.pick(m.focus == focusHistory)
		lines = hist.draw(lines, f.History.W, f.History.H, "History", m.hist.info(), m.hist.View())
	}
	status := m.statusLines(f.Status.H)
	for len(status) < f.Status.H {
		status = append(status, strings.Repeat(" ", f.W))
	}
	lines = append(lines, status...)
	lines = append(lines, m.help.line)
	return strings.Join(lines, "\n")
}

// mainPanes draws detail and raw: side by side when wide, else the one
// in the shared slot; or the batch table in their place.
func (m Model) mainPanes(lines []string) []string {
	f := m.fr
	if m.showBatch {
		title := "Batch · customer " + sanitize.Line(m.batch.customer)
		return m.boxes.pick(m.focus == focusBatch).draw(lines, f.Main.W, f.Main.H, title, m.batch.info(), m.batch.View())
	}
	var detail, raw []string
	if f.Wide || !m.showRaw {
		info := m.detail.position()
		if !f.Wide {
			info = joinNotes(info, "v raw")
		}
		detail = m.boxes.pick(m.focus == focusDetail).draw(nil, f.Detail.W, f.Detail.H, "Detail", info, m.detail.View())
	}
	if f.Wide || m.showRaw {
		info := ""
		if !f.Wide {
			info = "v detail"
		}
		raw = m.boxes.pick(m.focus == focusRaw).draw(nil, f.Raw.W, f.Raw.H, rawTitle(m.format(), m.req.request), info, m.raw.View())
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

// statusLines is the status bar on at most rows lines.
func (m Model) statusLines(rows int) []string {
	b := statusBar{st: m.st, demo: m.env.Demo, privacy: m.privacy, profile: m.env.Profile, host: m.env.Host,
		req: m.req.request, spin: m.req.spin.View(), now: m.env.now(), watch: m.watch.status(m.env.now()), status: m.status}
	if m.batch.running() {
		done, failed, _ := m.batch.counts()
		b.batch = fmt.Sprintf("batch: %d of %d answered", done+failed, len(m.batch.rows))
	}
	return b.lines(m.fr.W, rows)
}

