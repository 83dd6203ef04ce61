package ui

import (
	"strings"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// The batch table's window: a header line, then one line per row in view.
//
// It is drawn by hand, not with lipgloss/table, which lays a table out by
// other rules than this one's:
//   - Cells are cut at their end ("…" by ansi.Truncate); a lead id here is
//     cut in its middle (cellfit.CutMiddle), since both its ends tell ids
//     apart, and only down to minLeadCells, giving way to the holder.
//   - Its resizer, given a width, widens every column evenly to fill it
//     (FitContent keeps content widths), and shrinks by cells the widest
//     columns, then those furthest above their median; no column goes.
//     Here each column keeps the width of its cells (the lead id at most
//     40 cells, the customer 16), the lead type goes first when there is
//     no room, and the holder takes what is left or goes (under 5 cells).
//   - A failed row is its ids and the error across the other columns;
//     lipgloss/table has no cell spanning columns.
//   - It styles every cell through a lipgloss.Style (StyleFunc, with its
//     width, height and padding rendered) and joins the cells with
//     JoinHorizontal, measuring every row, also those out of view, on each
//     String; each answer here redraws the window, so a line is a
//     concatenation of escape sequences prepared once (batchPaint), the
//     State badges kept per State, and only the rows in view are measured.
//   - The border is the inspector's box, with its title and note.

// batchGap is the space between two columns.
const batchGap = 2

// minLeadCells is the least a lead id is cut to for the holder's name:
// seven cells of each end and the ….
const minLeadCells = 15

// batchPaint is the table's styles as escape sequences, and the state
// badges drawn so far: a row is rendered by concatenation, not styling, as
// each answer redraws the window.
type batchPaint struct {
	text, muted, subtle, accent, selected, danger, warn, label sgr
	badges                                                     map[api.State]string
}

func newBatchPaint(st *styles.Styles) *batchPaint {
	return &batchPaint{
		text: sgrOf(st.Text), muted: sgrOf(st.Muted), subtle: sgrOf(st.Subtle), accent: sgrOf(st.Accent),
		selected: sgrOf(st.Selected), danger: sgrOf(st.Danger), warn: sgrOf(st.Warn), label: sgrOf(st.Label),
		badges: map[api.State]string{},
	}
}

func (p *batchTable) badge(s api.State) string {
	b, ok := p.paint.badges[s]
	if !ok {
		b = p.st.StateBadge(s, p.l.T("detail.no_state"))
		if len(p.paint.badges) < 64 { // states are few; a hostile server's are not kept
			p.paint.badges[s] = b
		}
	}
	return b
}

func leadTypeOf(l *api.IncomingLead) string {
	if l.LeadSource == nil || l.LeadSource.LeadType == "" {
		return ""
	}
	return sanitize.Line(string(l.LeadSource.LeadType))
}

// batchHeads are the header's words; the column sorted by is marked.
type batchHeads struct{ cust, lead, state, holder, typ, age string }

func (p *batchTable) heads() batchHeads {
	h := batchHeads{
		cust: p.l.T("ui.batch.head.customer"), lead: p.l.T("ui.batch.head.lead"), state: p.l.T("ui.batch.head.state"),
		holder: p.l.T("ui.batch.head.holder"), typ: p.l.T("ui.batch.head.type"), age: p.l.T("ui.batch.head.age"),
	}
	switch p.sortBy {
	case sortState:
		h.state += " ▾"
	case sortAge:
		h.age += " ▾"
	case sortHolder:
		h.holder += " ▾"
	}
	return h
}

// batchCells is one row's cells, sanitised, the badge styled as its state
// says; errText, a failed row's error, takes the place of every cell after
// the ids.
type batchCells struct{ cust, lead, badge, holder, typ, age, errText string }

func (p *batchTable) cells(r batchRow) batchCells {
	x := batchCells{cust: sanitize.Line(r.customer), lead: sanitize.Line(r.lead)}
	switch r.state {
	case rowQueued:
		x.badge = p.paint.subtle.render(p.l.T("ui.batch.row.queued"))
	case rowRunning:
		x.badge = p.paint.muted.render(p.l.T("ui.batch.row.running"))
	case rowCancelled:
		x.badge = p.paint.muted.render(p.l.T("ui.batch.row.cancelled"))
	case rowFailed:
		x.errText = errorTextFor(p.l, r.err, p.run.profile, r.customer, p.privacy)
	case rowDone:
		l := r.res.Lead
		x.badge = p.badge(l.State)
		if c := r.change(); c != nil {
			x.badge += p.paint.warn.render(" " + p.l.T("ui.batch.row.was", "State", sanitize.Line(string(c.From))))
		}
		x.holder = p.holderText(r.customer, l)
		x.typ = leadTypeOf(l)
		x.age = "—"
		if !l.SentAt.IsZero() {
			// The column says Age: "3 d", not "3 d ago".
			x.age = p.l.Age(l.SentAt, p.now)
		}
	}
	return x
}

// batchCols is the width of each column, and which columns show.
type batchCols struct {
	cust, lead, badge, holder, typ, age int
	mixed, showType, showHolder         bool // the customer column (the rows' customers differ), the lead type's, the holder's
}

// widen makes the columns as wide as one row's cells.
func (c *batchCols) widen(x batchCells) {
	c.cust = max(c.cust, cellfit.Width(x.cust))
	c.lead = max(c.lead, cellfit.Width(x.lead))
	c.badge = max(c.badge, cellfit.Width(x.badge))
	c.typ = max(c.typ, cellfit.Width(x.typ))
	c.age = max(c.age, cellfit.Width(x.age))
	c.holder = max(c.holder, cellfit.Width(x.holder))
}

// columns lays the columns out in w cells for the rows in view. Lead id,
// state and age always show, and the customer when the rows have several;
// the lead type when there is room; the holder takes what is left, cut
// with an ellipsis. One cell stays free on the right: the ages do not
// touch the border.
func columns(h batchHeads, rs []batchCells, mixed bool, w int) batchCols {
	c := batchCols{cust: cellfit.Width(h.cust), lead: cellfit.Width(h.lead), badge: cellfit.Width(h.state),
		typ: cellfit.Width(h.typ), age: cellfit.Width(h.age), holder: cellfit.Width(h.holder), mixed: mixed}
	for _, x := range rs {
		c.widen(x)
	}
	c.lead, c.cust = min(c.lead, 40), min(c.cust, 16)
	used := 2 + c.lead + batchGap + c.badge + batchGap + c.age + 1
	if mixed {
		used += c.cust + batchGap
	}
	c.showType = used+batchGap+c.typ+batchGap+min(c.holder, 24) <= w
	if c.showType {
		used += batchGap + c.typ
	}
	holderW := min(c.holder, w-used-batchGap)
	// The lead id gives way before the holder's name: it is cut in its
	// middle (its start and end still tell ids apart), down to minLeadCells.
	if give := min(c.holder-holderW, c.lead-max(cellfit.Width(h.lead), minLeadCells)); give > 0 && holderW+give >= 5 {
		c.lead -= give
		holderW += give
	}
	c.showHolder = holderW >= 5 // "agent" whole
	c.holder = 0
	if c.showHolder {
		c.holder = holderW
	}
	return c
}

// cell is s in w cells and the gap after it.
func (c batchCols) cell(s string, w int) string {
	return cellfit.Fit(s, w) + strings.Repeat(" ", batchGap)
}

// right is an age right-aligned, so that "3 d" and "12 d" line up.
func (c batchCols) right(s string) string {
	return strings.Repeat(" ", max(c.age-cellfit.Width(s), 0)) + s
}

// head is the header line, unstyled.
func (c batchCols) head(h batchHeads) string {
	var b strings.Builder
	b.WriteString("  ")
	if c.mixed {
		b.WriteString(c.cell(h.cust, c.cust))
	}
	b.WriteString(c.cell(h.lead, c.lead) + c.cell(h.state, c.badge))
	if c.showHolder {
		b.WriteString(c.cell(h.holder, c.holder))
	}
	if c.showType {
		b.WriteString(c.cell(h.typ, c.typ))
	}
	b.WriteString(c.right(h.age))
	return b.String()
}

// line is one row's line, w cells, marked when selected.
func (c batchCols) line(x batchCells, pt *batchPaint, selected bool, w int) string {
	mark, idStyle := "  ", pt.text
	if selected {
		mark, idStyle = pt.accent.render("▸ "), pt.selected
	}
	gap := strings.Repeat(" ", batchGap)
	var b strings.Builder
	b.WriteString(mark)
	if c.mixed {
		b.WriteString(idStyle.render(cellfit.Fit(x.cust, c.cust)) + gap)
	}
	b.WriteString(idStyle.render(cellfit.Fit(cellfit.CutMiddle(x.lead, c.lead), c.lead)) + gap)
	if x.errText != "" {
		b.WriteString(pt.danger.render(x.errText))
		return cellfit.Fit(cellfit.Fit(b.String(), w-1), w) // off the border too
	}
	b.WriteString(c.cell(x.badge, c.badge))
	if c.showHolder {
		b.WriteString(c.cell(x.holder, c.holder))
	}
	if c.showType {
		b.WriteString(c.cell(pt.muted.render(x.typ), c.typ))
	}
	b.WriteString(pt.muted.render(c.right(x.age)))
	return cellfit.Fit(b.String(), w)
}

// render builds the visible lines: a header, then one row per id in view.
func (p *batchTable) render() {
	if p.st == nil || p.w <= 0 {
		return
	}
	end := min(p.off+p.rowsHeight(), len(p.order))
	rs := make([]batchCells, 0, max(end-p.off, 0))
	for _, ri := range p.order[p.off:max(end, p.off)] {
		rs = append(rs, p.cells(p.run.rows[ri]))
	}
	h := p.heads()
	c := columns(h, rs, p.run.customer == "", p.w)
	lines := make([]string, 0, p.h)
	lines = append(lines, cellfit.Fit(p.paint.label.render(c.head(h)), p.w))
	if len(p.run.rows) == 0 {
		lines = append(lines, cellfit.Fit(p.paint.muted.render(p.l.T("ui.batch.empty")), p.w))
	}
	for i, x := range rs {
		lines = append(lines, c.line(x, p.paint, p.off+i == p.sel, p.w))
	}
	p.lines = lines
}
