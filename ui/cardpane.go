package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/base/i18n"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// cardPane shows one card in the detail/raw area, as the batch table
// does: what the names of the lead on screen say about one of its ids,
// labelled by the server's own field names where Vitec does not document
// the model. esc closes it; c copies it, and is the only way the contact
// leaves the inspector.
type cardPane struct {
	w, h  int
	st    *styles.Styles
	kind  cardKind
	rows  []cardRow // what lines were rendered from
	lines []string  // each exactly w cells
	off   int
	keys  cardPaneKeys
	l     *i18n.Localizer
	// privacy says the rows are masked: the copy says so.
	privacy bool
}

// cardPaneKeys are a card's own keys; Close and Copy ask the root
// (closeCardMsg, copyMsg): they move the focus, or say what was copied.
type cardPaneKeys struct {
	Close  key.Binding // esc
	Copy   key.Binding // c
	scroll scrollKeys
}

func newCardPane(l *i18n.Localizer) cardPane {
	return cardPane{l: l, keys: cardPaneKeys{
		Close:  bind("esc", l.T("ui.card.key.close"), "esc"),
		Copy:   bind("c", l.T("ui.card.key.copy"), "c"),
		scroll: newScrollKeys(l),
	}}
}

func (p cardPane) Focus() cardPane { return p }
func (p cardPane) Blur() cardPane  { return p }

// takesText is false: a card's keys are commands.
func (p cardPane) takesText() bool { return false }

func (p cardPane) keyMap() helpKeys {
	var h helpKeys
	h.add(slotCancel, p.keys.Close)
	h.add(slotCopy, p.keys.Copy)
	h.add(slotScroll, p.keys.scroll.Help)
	return h
}

func (p cardPane) setStyles(st *styles.Styles) cardPane {
	p.st = st
	p.render()
	return p
}

func (p cardPane) SetSize(w, h int) cardPane {
	p.w, p.h = max(w, 0), max(h, 0)
	p.render()
	return p
}

func (p cardPane) Update(msg tea.Msg) (cardPane, tea.Cmd, intent) {
	d, ok := 0, false
	switch msg := msg.(type) {
	case openCardMsg:
		if p.kind != msg.kind {
			p.off = 0
		}
		p.kind = msg.kind
	case tea.KeyPressMsg:
		if key.Matches(msg, p.keys.Close, p.keys.Copy) { // one match for the scroll keys
			if key.Matches(msg, p.keys.Close) {
				return p, nil, closeCardMsg{}
			}
			return p, nil, p.copy()
		}
		d, ok = p.keys.scroll.moveFor(msg, p.h, len(p.lines))
	case tea.MouseWheelMsg:
		d, ok = wheelFor(msg)
	}
	if ok {
		p.off = clamp(p.off+d, 0, max(len(p.lines)-p.h, 0))
	}
	return p, nil, nil
}

// View is the window of lines on screen.
func (p cardPane) View() []string {
	end := min(p.off+p.h, len(p.lines))
	if p.off >= end {
		return nil
	}
	return p.lines[p.off:end]
}

// title is the box's title.
func (p cardPane) title() string { return p.l.T("ui.card.title", "Kind", p.kind.name(p.l)) }

// info is the box's note: the position when it scrolls.
func (p cardPane) info() string {
	return joinNotes(scrollNote(p.l, p.off, p.h, len(p.lines)), p.l.T("ui.card.esc_closes"))
}

// showNames takes the card's rows from what the names of the lead on
// screen know, masked in privacy mode (each refresh, while it is shown).
// It keeps no names.
func (p cardPane) showNames(n *leadNames, privacy bool) cardPane {
	p.setContent(n.card(p.kind, privacy), privacy)
	return p
}

// setContent renders the card's rows when they changed; privacy says
// they are masked.
func (p *cardPane) setContent(rows []cardRow, privacy bool) {
	p.privacy = privacy
	if slices.Equal(rows, p.rows) && p.lines != nil {
		return
	}
	p.rows = rows
	p.render()
}

// render lays the rows out: labels in a column, values wrapped beside.
func (p *cardPane) render() {
	if p.st == nil || p.w <= 0 {
		p.lines = nil
		return
	}
	labelW := 0
	for _, r := range p.rows {
		if !r.heading {
			labelW = max(labelW, ansi.StringWidth(r.label))
		}
	}
	labelW = min(labelW+2, max(p.w/2, 1))
	label, heading, muted := sgrOf(p.st.Label), sgrOf(p.st.Heading), sgrOf(p.st.Muted)
	var lines []string
	for _, r := range p.rows {
		switch {
		case r.heading:
			lines = append(lines, cellfit.Fit(heading.render(r.label), p.w))
			continue
		case r.label == "":
			for _, l := range strings.Split(ansi.Wrap(r.value, p.w, ""), "\n") {
				lines = append(lines, cellfit.Fit(muted.render(l), p.w))
			}
			continue
		}
		first := label.render(cellfit.Fit(r.label, labelW))
		pad := strings.Repeat(" ", labelW)
		for i, l := range strings.Split(ansi.Wrap(r.value, max(p.w-labelW, 1), ""), "\n") {
			lead := pad
			if i == 0 {
				lead = first
			}
			lines = append(lines, cellfit.Fit(lead+strings.TrimLeft(l, " "), p.w))
		}
	}
	p.lines = lines
	p.off = clamp(p.off, 0, max(len(lines)-p.h, 0))
}

// text is the card as plain text, for the clipboard.
func (p cardPane) text() string {
	var b strings.Builder
	b.WriteString(p.title() + "\n")
	for _, r := range p.rows {
		switch {
		case r.heading:
			b.WriteString("\n" + r.label + "\n")
		case r.label == "":
			b.WriteString(r.value + "\n")
		default:
			b.WriteString(r.label + ": " + r.value + "\n")
		}
	}
	return b.String()
}

// copy asks to put the card on the clipboard, as shown (masked in privacy
// mode).
func (p cardPane) copy() copyMsg {
	kind := strings.ToLower(p.kind.name(p.l))
	if p.privacy {
		return copyMsg{p.text(), p.l.T("ui.card.copied_masked", "Kind", kind)}
	}
	return copyMsg{p.text(), p.l.T("ui.card.copied", "Kind", kind)}
}
