package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/sanitize"
)

// statusKind says how the status bar's message reads.
type statusKind int

const (
	statusNone statusKind = iota
	statusOK
	statusErr
	statusNote
)

// status is what the status bar says after profile and host: the last
// result or error, and a notice (a copy, a cut paste, a history problem).
type status struct {
	kind   statusKind
	text   string
	notice string
}

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
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	if m.fr.TooSmall {
		return tooSmall(m.w, m.h)
	}
	f := m.fr
	lines := make([]string, 0, m.h)
	lines = m.boxes.pick(m.focus == focusInput).draw(lines, f.Input.W, f.Input.H, "Look up", "",
		[]string{m.inputLine})
	if m.showHelp {
		lines = m.helpOverlay(lines)
	} else {
		lines = m.mainPanes(lines)
		hist := m.boxes.pick(m.focus == focusHistory)
		lines = hist.draw(lines, f.History.W, f.History.H, "History", m.hist.info(), m.hist.lines)
	}
	lines = append(lines, m.statusLine(), m.helpLine)
	return strings.Join(lines, "\n")
}

// mainPanes draws detail and raw: side by side when wide, else the one
// in the shared slot.
func (m Model) mainPanes(lines []string) []string {
	f := m.fr
	var detail, raw []string
	if f.Wide || !m.showRaw {
		info := m.detail.position()
		if !f.Wide {
			info = joinNotes(info, "v raw")
		}
		detail = m.boxes.pick(m.focus == focusDetail).draw(nil, f.Detail.W, f.Detail.H, "Detail", info, m.detail.visible())
	}
	if f.Wide || m.showRaw {
		info := ""
		if !f.Wide {
			info = "v detail"
		}
		raw = m.boxes.pick(m.focus == focusRaw).draw(nil, f.Raw.W, f.Raw.H, m.rawTitle(), info,
			strings.Split(m.raw.View(), "\n"))
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

func (m Model) rawTitle() string {
	t := "Raw " + m.format.Label()
	if m.req.active && m.req.kind == kindFlip {
		t += " · fetching " + m.req.format.Label() + "…"
	}
	return t
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}

// statusLine is profile and host (DEMO in words for the demo), then what is
// happening or what happened last. One line: when the message does not fit,
// the host gives way first, then the profile, then the message's end.
func (m Model) statusLine() string {
	var badges strings.Builder
	if m.o.Demo {
		badges.WriteString(m.st.Demo.Render("DEMO") + " ")
	}
	if m.o.Privacy {
		badges.WriteString(m.st.Privacy.Render("PRIVACY") + " ")
	}
	profile := sanitize.Line(m.o.Profile)
	if m.o.Demo && profile == "demo" {
		profile = "" // DEMO says it already
	}
	host := sanitize.Line(m.o.Host)

	sep := m.st.Subtle.Render(" │ ")
	var msg strings.Builder
	switch {
	case m.req.active:
		what := "looking up " + m.req.key.customer + "/" + m.req.key.lead
		if m.req.kind == kindFlip {
			what = "fetching the " + m.req.format.Label() + " of " + m.req.key.customer + "/" + m.req.key.lead
		}
		msg.WriteString(sep + m.spin.View() + " " + sanitize.Line(what) + " · " +
			elapsed(m.now().Sub(m.req.started)) + m.st.Muted.Render(" · esc cancels"))
	case m.status.text != "":
		style := m.st.Muted
		switch m.status.kind {
		case statusOK:
			style = m.st.StatusOK
		case statusErr:
			style = m.st.StatusErr
		}
		msg.WriteString(sep + style.Render(sanitize.Line(m.status.text)))
	}
	if n := m.status.notice; n != "" && !m.req.active {
		msg.WriteString(sep + m.st.Warn.Render(sanitize.Line(n)))
	}
	var line string
	for _, where := range []string{joinWords(profile, host), profile, ""} {
		head := badges.String() + m.st.Muted.Render(where)
		rest := msg.String()
		switch {
		case where == "" && badges.Len() == 0:
			rest = strings.TrimPrefix(rest, sep)
		case where == "":
			head = strings.TrimSuffix(badges.String(), " ")
		}
		line = head + rest
		if ansi.StringWidth(line) <= m.w {
			break
		}
	}
	return fit(line, m.w)
}

func joinWords(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}

// helpOverlay draws every key, grouped, where the main panes and the history
// go.
func (m Model) helpOverlay(lines []string) []string {
	f := m.fr
	w, h := f.Main.W, f.Main.H+f.History.H
	inner := w - 2
	groups := fullKeyMap().FullHelp()
	titles := fullHelpTitles()
	var blocks [][]string
	for i, g := range groups {
		keyW := 0
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		block := []string{m.st.Heading.Render(titles[i])}
		for _, b := range g {
			block = append(block, helpRow(m, b, keyW))
		}
		blocks = append(blocks, block)
	}
	// As many columns as fit side by side, the blocks spread evenly.
	rows := h - 2
	var cols [][]string
	var widths []int
	for n := len(blocks); n >= 1; n-- {
		cols, widths = helpColumns(blocks, n)
		total := 0
		tall := 0
		for i := range cols {
			total += widths[i]
			tall = max(tall, len(cols[i]))
		}
		if total <= inner && tall <= rows || n == 1 {
			break
		}
	}
	content := make([]string, rows)
	for r := range content {
		var line strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				cell = fit(cell, widths[i])
			}
			line.WriteString(cell)
		}
		content[r] = fit(line.String(), inner)
	}
	return m.boxes.focused.draw(lines, w, h, "Keys", "? or esc closes", content)
}

// helpColumns spreads blocks over n columns in order, each column about the
// same height, and gives each column's width (with a gap but the last).
func helpColumns(blocks [][]string, n int) ([][]string, []int) {
	total := 0
	for _, b := range blocks {
		total += len(b) + 1
	}
	target := (total + n - 1) / n
	var cols [][]string
	var col []string
	for i, b := range blocks {
		left := len(blocks) - i
		if len(col) > 0 && (len(col)+1+len(b) > target || left < n-len(cols)) && len(cols) < n-1 {
			cols = append(cols, col)
			col = nil
		}
		if len(col) > 0 {
			col = append(col, "")
		}
		col = append(col, b...)
	}
	cols = append(cols, col)
	widths := make([]int, len(cols))
	for i, c := range cols {
		for _, l := range c {
			widths[i] = max(widths[i], ansi.StringWidth(l))
		}
		if i < len(cols)-1 {
			widths[i] += 3
		}
	}
	return cols, widths
}

// fullKeyMap is every binding with the longer words the overlay has room
// for.
func fullKeyMap() keyMap {
	k := newKeyMap()
	k.Quit.SetHelp("q", "quit (when not typing)")
	k.FocusLead.SetHelp("i", "go to Lead ID")
	k.Rerun.SetHelp("r", "look the lead up again")
	k.Cancel.SetHelp("esc", "cancel request; leave search")
	k.Copy.SetHelp("c", "copy raw body (OSC 52)")
	k.Switch.SetHelp("v", "detail ⇄ raw (narrow)")
	k.Help.SetHelp("?", "this help")
	return k
}

func helpRow(m Model, b key.Binding, keyW int) string {
	return m.st.HelpKey.Render(fit(b.Help().Key, keyW)) + "  " + m.st.HelpDesc.Render(b.Help().Desc)
}

// tooSmall is the whole screen when the terminal is below what the
// inspector can draw: a plain sentence, wrapped to fit.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("terminal too small: %d×%d (need at least %d×%d)", w, h, minWidth, minHeight)
	lines := strings.Split(ansi.Wrap(msg, w, ""), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = fit(l, w)
	}
	return strings.Join(lines, "\n")
}
