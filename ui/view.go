package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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
	// err and customer are kept for an error, so that its text can be
	// written again when privacy mode changes.
	err      error
	customer string
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
	status := m.statusLines(f.Status.H)
	for len(status) < f.Status.H {
		status = append(status, strings.Repeat(" ", m.w))
	}
	lines = append(lines, status...)
	lines = append(lines, m.helpLine)
	return strings.Join(lines, "\n")
}

// mainPanes draws detail and raw: side by side when wide, else the one
// in the shared slot.
func (m Model) mainPanes(lines []string) []string {
	f := m.fr
	if m.showBatch {
		title := "Batch · customer " + sanitize.Line(m.batch.customer)
		return m.boxes.pick(m.focus == focusBatch).draw(lines, f.Main.W, f.Main.H, title, m.batch.info(), m.batch.lines)
	}
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

// statusLines is profile and host (DEMO in words for the demo), then what is
// happening or what happened last, on as few lines as it needs, at most
// rows. When the message does not fit on one line, the host gives way, then
// the profile; when it still does not, it wraps onto a second line (with
// profile and host back), and only what does not fit on that is cut with ….
// Errors put what failed and what to do first, so the cut, if any, falls
// in the server's own words.
func (m Model) statusLines(rows int) []string {
	var badges strings.Builder
	if m.o.Demo {
		badges.WriteString(m.st.Demo.Render("DEMO") + " ")
	}
	if m.privacy {
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
		switch m.req.kind {
		case kindFlip:
			what = "fetching the " + m.req.format.Label() + " of " + m.req.key.customer + "/" + m.req.key.lead
		case kindWatch:
			what = "watching: checking " + m.req.key.customer + "/" + m.req.key.lead
		}
		msg.WriteString(sep + m.spin.View() + " " + sanitize.Line(what) + " · " +
			elapsed(m.now().Sub(m.req.started)) + m.st.Muted.Render(" · esc cancels"))
	case m.watch.on:
		msg.WriteString(sep + m.st.Accent.Render(sanitize.Line(m.watchStatus())))
		if m.status.text != "" {
			msg.WriteString(sep + m.statusText())
		}
	case m.status.text != "":
		msg.WriteString(sep + m.statusText())
	}
	if m.batch.running() && !m.req.active {
		done, failed, _ := m.batch.counts()
		msg.WriteString(sep + m.spin.View() + " " + fmt.Sprintf("batch: %d of %d answered", done+failed, len(m.batch.rows)) +
			m.st.Muted.Render(" · esc cancels"))
	}
	if n := m.status.notice; n != "" && !m.req.active {
		msg.WriteString(sep + m.st.Warn.Render(sanitize.Line(n)))
	}

	line := func(where string) string {
		head := badges.String() + m.st.Muted.Render(where)
		rest := msg.String()
		switch {
		case where == "" && badges.Len() == 0:
			rest = strings.TrimPrefix(rest, sep)
		case where == "":
			head = strings.TrimSuffix(badges.String(), " ")
		}
		return head + rest
	}
	wheres := []string{joinWords(profile, host), profile, ""}
	for _, where := range wheres {
		if l := line(where); ansi.StringWidth(l) <= m.w {
			return []string{fit(l, m.w)}
		}
	}
	if rows < 2 {
		return []string{fit(line(""), m.w)}
	}
	var wrapped []string
	for _, where := range wheres {
		wrapped = strings.Split(lipgloss.Wrap(line(where), m.w, ""), "\n")
		if len(wrapped) <= 2 {
			break
		}
	}
	if len(wrapped) < 2 {
		return []string{fit(wrapped[0], m.w)}
	}
	// lipgloss.Wrap carries the styles over to each line, so lines can be
	// joined again before the cut.
	return []string{fit(wrapped[0], m.w), fit(strings.Join(wrapped[1:], " "), m.w)}
}

// statusText is the last result or error, styled by its kind.
func (m Model) statusText() string {
	style := m.st.Muted
	switch m.status.kind {
	case statusOK:
		style = m.st.StatusOK
	case statusErr:
		style = m.st.StatusErr
	}
	return style.Render(sanitize.Line(m.status.text))
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
	rows := h - 2
	// The longer words when they fit, else the help line's, spread over
	// columns so that as few rows as possible are needed. When nothing fits,
	// the shortest arrangement that fits across, cut at the bottom.
	var cols [][]string
	for _, km := range []keyMap{fullKeyMap(), compactKeyMap()} {
		c, ok := helpArrange(m.helpBlocks(km), inner, rows)
		if c != nil {
			cols = c
		}
		if ok {
			break
		}
	}
	content := make([]string, rows)
	for r := range content {
		var line strings.Builder
		for i, c := range cols {
			switch {
			case r < len(c):
				line.WriteString(c[r])
			case i < len(cols)-1 && len(c) > 0:
				line.WriteString(strings.Repeat(" ", ansi.StringWidth(c[0])))
			}
		}
		content[r] = fit(line.String(), inner)
	}
	return m.boxes.focused.draw(lines, w, h, "Keys", "? or esc closes", content)
}

// helpBlocks renders each group of keys under its title.
func (m Model) helpBlocks(km keyMap) [][]string {
	titles := fullHelpTitles()
	var blocks [][]string
	for i, g := range km.FullHelp() {
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
	return blocks
}

// helpArrange spreads blocks over columns, keeping their order: of every
// way to split them, the one needing the fewest rows (then the fewest
// columns) that fits inner cells across. Each column but the last is padded
// to its width plus a gap. ok is false when even that needs more than rows
// rows; cols is nil when nothing fits across.
func helpArrange(blocks [][]string, inner, rows int) (cols [][]string, ok bool) {
	const gap = 3
	bestH := -1
	for split := 0; split < 1<<max(len(blocks)-1, 0); split++ {
		var cs [][]string
		var col []string
		for i, b := range blocks {
			if i > 0 && split&(1<<(i-1)) != 0 {
				cs = append(cs, col)
				col = nil
			}
			if len(col) > 0 {
				col = append(col, "")
			}
			col = append(col, b...)
		}
		cs = append(cs, col)
		total, tall := 0, 0
		widths := make([]int, len(cs))
		for i, c := range cs {
			for _, l := range c {
				widths[i] = max(widths[i], ansi.StringWidth(l))
			}
			if i < len(cs)-1 {
				widths[i] += gap
			}
			total += widths[i]
			tall = max(tall, len(c))
		}
		if total > inner || bestH >= 0 && (tall > bestH || tall == bestH && len(cs) >= len(cols)) {
			continue
		}
		for i := range cs[:len(cs)-1] {
			for j, l := range cs[i] {
				cs[i][j] = fit(l, widths[i])
			}
		}
		cols, bestH = cs, tall
	}
	return cols, bestH >= 0 && bestH <= rows
}

// compactKeyMap is the help line's words, for an overlay where the longer
// ones do not fit.
func compactKeyMap() keyMap {
	k := newKeyMap()
	k.ScrollAll = k.Scroll
	return k
}

// fullKeyMap is every binding with the longer words the overlay has room
// for.
func fullKeyMap() keyMap {
	k := newKeyMap()
	k.Quit.SetHelp("q", "quit (when not typing)")
	k.FocusLead.SetHelp("i", "go to Lead ID (selected: type a new one)")
	k.Clear.SetHelp("ctrl+u", "clear the field")
	k.Rerun.SetHelp("r", "look the lead up again")

	k.Copy.SetHelp("c", "copy raw body (OSC 52; masked in privacy)")
	k.Privacy.SetHelp("p", "privacy mode: hide personal data")
	k.Watch.SetHelp("w", "watch: re-fetch, mark changes")
	k.StopWatch.SetHelp("esc", "stop watching")
	k.Ticket.SetHelp("t", "copy summary for the ticket")
	k.Curl.SetHelp("C", "copy curl command (no password)")
	k.Pager.SetHelp("o", "open in $PAGER (as shown; masked in privacy)")
	k.Editor.SetHelp("O", "open in $EDITOR (as received; masked in privacy)")
	k.OpenRow.SetHelp("enter", "open the row's lead")
	k.CopyTable.SetHelp("c", "copy the table (TSV)")
	k.RetryRow.SetHelp("r", "look the row up again")
	k.Cancel.SetHelp("esc", "cancel request, batch, watch")
	k.Switch.SetHelp("v", "detail ⇄ raw (narrow)")
	k.Sideways.SetHelp("←→ h l", "raw: scroll sideways (→ marks a cut line)")
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
