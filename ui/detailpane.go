package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/ui/detail"
	"leadinspector/ui/styles"
)

// detailPane shows detail.Render's text in a scrollable window. The text is
// rendered only when something it depends on changes (lead, width, styles,
// privacy, the minute ages are counted in), never per frame.
type detailPane struct {
	w, h int // content area, inside the border

	lead             *api.IncomingLead
	customer, leadID string
	change           *detail.Change

	rendered detailKey
	lines    []string // each exactly w cells
	off      int
}

// detailKey is everything the rendered text depends on.
type detailKey struct {
	lead    *api.IncomingLead
	change  *detail.Change
	w       int
	st      *styles.Styles
	privacy bool
	minute  int64
	loc     *time.Location
}

func (p *detailPane) setSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.scroll(0)
}

// setLead shows a new lead from the top.
func (p *detailPane) setLead(lead *api.IncomingLead, customer, leadID string) {
	p.lead, p.customer, p.leadID, p.change = lead, customer, leadID, nil
	p.off = 0
}

func (p *detailPane) setChange(c *detail.Change) { p.change = c }

// refresh re-renders when the inputs changed since the last render.
func (p *detailPane) refresh(st *styles.Styles, privacy bool, now time.Time, loc *time.Location) {
	k := detailKey{p.lead, p.change, p.w, st, privacy, now.Unix() / 60, loc}
	if k == p.rendered && p.lines != nil {
		return
	}
	p.rendered = k
	var text string
	if p.lead == nil {
		text = st.Muted.Render("No lead yet.") + "\n\n" +
			"Type a Lead ID above and press enter, or paste\n" +
			"CUSTOMER/LEAD or an endpoint URL into the input."
	} else {
		text = detail.Render(p.lead, detail.Options{
			Width: p.w, Styles: st, Now: now, Loc: loc, Privacy: privacy,
			CustomerID: p.customer, LeadID: p.leadID, Change: p.change,
		})
	}
	p.lines = fitLines(text, p.w)
	p.scroll(0)
}

func (p *detailPane) scroll(delta int) {
	p.off = clamp(p.off+delta, 0, max(len(p.lines)-p.h, 0))
}

func (p detailPane) Update(msg tea.Msg) (detailPane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if d, ok := moveFor(msg, p.h, len(p.lines)); ok {
			p.scroll(d)
		}
	case tea.MouseWheelMsg:
		if d, ok := wheelFor(msg); ok {
			p.scroll(d)
		}
	}
	return p, nil
}

// visible is the window of lines on screen.
func (p detailPane) visible() []string {
	end := min(p.off+p.h, len(p.lines))
	if p.off >= end {
		return nil
	}
	return p.lines[p.off:end]
}

// position is the border's scroll note, "" when everything fits.
func (p detailPane) position() string {
	return scrollNote(p.off, p.h, len(p.lines))
}

func scrollNote(off, h, total int) string {
	if total <= h || h <= 0 {
		return ""
	}
	return fmt.Sprintf("%d–%d of %d", off+1, min(off+h, total), total)
}
