package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/detail"
	"leadinspector/ui/queue"
	"leadinspector/ui/styles"
)

// detailPane shows detail.Render's text in a scrollable window. The text is
// rendered only when something it depends on changes (lead, width, styles,
// privacy, the minute ages are counted in), never per frame, and in a
// command: a lead with a 10 MiB message takes a second to wrap, and the
// keyboard must not wait for it. Until the new text arrives the pane shows
// the previous one.
type detailPane struct {
	w, h int // content area, inside the border

	lead             *api.IncomingLead
	customer, leadID string
	change           *detail.Change
	changed          detail.Fields  // marked as changed since the previous fetch (watch)
	keepOff          bool           // the next render keeps the scroll position
	names            *api.LeadNames // resolved so far; replaced, never changed in place
	// tl is the lead's notifications and the desk's lookups of it (the
	// hub's), shown at the end; nil, or another lead's: none.
	tl *timeline
	// examples are listed while no lead has been looked up (the demo's).
	examples []Example

	rendered detailKey // what lines show
	pending  detailKey // the render in flight, if any
	lines    []string  // each exactly rendered.w cells
	// waiting is shown instead of lines while another lead's detail is
	// rendered (a 10 MiB message takes seconds): never the previous
	// lead's detail under the new lead's ids.
	waiting []string
	off     int
	keys    scrollKeys
	l       *i18n.Localizer // the pane's words and the lead's (nil: English)
}

func newDetailPane(examples []Example, l *i18n.Localizer) detailPane {
	return detailPane{examples: examples, keys: newScrollKeys(l), l: l}
}

// Focus and Blur change nothing: the pane scrolls with the keys the root
// routes to it while it has the focus.
func (p detailPane) Focus() detailPane { return p }
func (p detailPane) Blur() detailPane  { return p }

// setStyles changes nothing: the styles come with each refresh.
func (p detailPane) setStyles(*styles.Styles) detailPane { return p }

// takesText is false: the pane's keys scroll.
func (p detailPane) takesText() bool { return false }

func (p detailPane) keyMap() helpKeys {
	var h helpKeys
	h.add(slotScroll, p.keys.Help)
	return h
}

// detailRenderedMsg brings a render back from its command.
type detailRenderedMsg struct {
	key   detailKey
	lines []string
}

// detailKey is everything the rendered text depends on.
type detailKey struct {
	lead    *api.IncomingLead
	change  *detail.Change
	changed detail.Fields
	names   *api.LeadNames
	w       int
	st      *styles.Styles
	privacy bool
	minute  int64
	loc     *time.Location
	lang    *i18n.Localizer
	tl      *timeline
	// customer and leadID tell one lead from another; lead (the answer)
	// changes with every fetch of the same one.
	customer, leadID string
}

func (p detailPane) SetSize(w, h int) detailPane {
	p.w, p.h = max(w, 0), max(h, 0)
	p.scroll(0)
	return p
}

// setLead shows a new lead (from the top, once rendered).
func (p *detailPane) setLead(lead *api.IncomingLead, customer, leadID string) {
	p.lead, p.customer, p.leadID, p.change = lead, customer, leadID, nil
	p.changed, p.keepOff, p.names = 0, false, nil
}

// updateLead shows a newer answer for the same lead (a watch fetch): the
// parts that changed are marked and the scroll position stays.
func (p *detailPane) updateLead(lead *api.IncomingLead, customer, leadID string, changed detail.Fields) {
	names := p.names // the same lead's ids: its names still hold
	p.setLead(lead, customer, leadID)
	p.changed, p.keepOff, p.names = changed, true, names
}

func (p *detailPane) setChange(c *detail.Change) { p.change = c }

// refresh starts a render when the inputs changed since the last one. The
// empty pane is drawn at once.
func (p *detailPane) refresh(st *styles.Styles, privacy bool, now time.Time, loc *time.Location) tea.Cmd {
	tl := p.tl
	if tl != nil && tl.lead != p.leadID {
		tl = nil // another lead's, until this one's comes
	}
	k := detailKey{p.lead, p.change, p.changed, p.names, p.w, st, privacy, now.Unix() / 60, loc, p.l, tl, p.customer, p.leadID}
	if k == p.rendered && p.lines != nil || k == p.pending {
		return nil
	}
	if p.lead == nil {
		p.pending, p.waiting = detailKey{}, nil
		p.show(k, fitLines(emptyText(st, p.l, p.examples, p.w), p.w))
		return nil
	}
	p.pending = k
	p.waiting = nil
	if p.rendered.lead != nil && (k.customer != p.rendered.customer || k.leadID != p.rendered.leadID) {
		note := p.l.T("ui.detail.preparing", "ID", sanitize.Line(p.leadID), "Previous", sanitize.Line(p.rendered.leadID))
		p.waiting = fitLines(st.Muted.Render(ansi.Wrap(note, max(p.w, 1), "")), p.w)
	}
	lead, o := p.lead, detail.Options{
		Width: p.w, Styles: st, Lang: p.l, Now: now, Loc: loc, Privacy: privacy,
		CustomerID: p.customer, LeadID: p.leadID, Change: p.change, Changed: p.changed, Names: p.names,
	}
	return func() tea.Msg {
		lines := fitLines(detail.Render(lead, o), o.Width)
		if tl != nil {
			for _, l := range queue.Timeline(st, o.Lang, loc, tl.moments, o.Width) {
				lines = append(lines, cellfit.Fit(l, o.Width))
			}
		}
		return detailRenderedMsg{k, lines}
	}
}

// onRendered takes a finished render, unless the inputs moved on since.
func (p *detailPane) onRendered(msg detailRenderedMsg) {
	if msg.key != p.pending {
		return
	}
	p.pending, p.waiting = detailKey{}, nil
	p.show(msg.key, msg.lines)
}

func (p *detailPane) show(k detailKey, lines []string) {
	// Scrolled to the end of a lead, the end stays in view as the render
	// of the same lead grows (its timeline comes after it, and live).
	atEnd := p.off > 0 && p.off == max(len(p.lines)-p.h, 0) && k.lead == p.rendered.lead
	if k.lead != p.rendered.lead && !p.keepOff {
		p.off = 0
	}
	if k.lead == p.lead {
		p.keepOff = false
	}
	p.rendered, p.lines = k, lines
	if atEnd {
		p.off = len(lines)
	}
	p.scroll(0)
}

func (p *detailPane) scroll(delta int) {
	p.off = clamp(p.off+delta, 0, max(len(p.lines)-p.h, 0))
}

func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case detailRenderedMsg:
		p.onRendered(msg)
	case leadNamesMsg:
		p.names = msg.names
	case timelineMsg:
		// A lead's timeline, shown below its detail. The scroll position
		// stays: the render is of the same answer (show).
		p.tl = msg.tl
	case tea.KeyPressMsg:
		if d, ok := p.keys.moveFor(msg, p.h, len(p.lines)); ok {
			p.scroll(d)
		}
	case tea.MouseWheelMsg:
		if d, ok := wheelFor(msg); ok {
			p.scroll(d)
		}
	}
	return p, nil, nil
}

// View is the window of lines on screen, each exactly w cells.
func (p detailPane) View() []string {
	if p.waiting != nil {
		return p.waiting
	}
	end := min(p.off+p.h, len(p.lines))
	if p.off >= end {
		return nil
	}
	lines := p.lines[p.off:end]
	if p.rendered.w != p.w {
		// A resize whose render has not arrived yet.
		fitted := make([]string, len(lines))
		for i, l := range lines {
			fitted[i] = cellfit.Fit(l, p.w)
		}
		return fitted
	}
	return lines
}

// position is the border's scroll note, "" when everything fits.
func (p detailPane) position() string {
	if p.pending.lead != nil && p.pending.lead != p.rendered.lead {
		return p.l.T("ui.detail.rendering")
	}
	return scrollNote(p.l, p.off, p.h, len(p.lines))
}

// scrollNote is a box's position note, "12–30 of 80"; "" when all fits.
func scrollNote(l *i18n.Localizer, off, h, total int) string {
	if total <= h || h <= 0 {
		return ""
	}
	return l.T("ui.scroll.note", "First", off+1, "Last", min(off+h, total), "Total", total)
}

// emptyText is the detail pane before the first lookup: what to do, and the
// leads there are to try.
func emptyText(st *styles.Styles, l *i18n.Localizer, examples []Example, w int) string {
	if w <= 0 {
		// Not laid out yet (New, before the first size): nothing of it
		// would show, and wrapping the examples to one cell a line would
		// cost the start a few milliseconds of styling.
		return ""
	}
	var b strings.Builder
	b.WriteString(st.Muted.Render(l.T("ui.detail.empty.title")) + "\n\n" + l.T("ui.detail.empty.how"))
	if len(examples) == 0 {
		return b.String()
	}
	b.WriteString("\n\n" + st.Heading.Render(l.T("ui.detail.examples.title")) + st.Muted.Render(" "+l.T("ui.detail.examples.hint")) + "\n")
	for _, e := range examples {
		line := sanitize.Line(e.LeadID)
		if e.CustomerID != "" {
			line = sanitize.Line(e.CustomerID) + " " + line
		}
		b.WriteString(cellfit.Cut(line, w) + "\n")
		for _, l := range strings.Split(ansi.Wrap(sanitize.Line(e.What), max(w-2, 1), ""), "\n") {
			b.WriteString("  " + st.Muted.Render(strings.TrimLeft(l, " ")) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
