package rawview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"leadinspector/ui/cellfit"
)

// footer is the last line: the search prompt while it is open, else the
// search's state (or, without a search, how to see what is cut at the
// sides: more says a row on screen goes on to the right) and the scroll
// position. It is built every frame, so it uses the palette's escape
// sequences rather than lipgloss rendering.
func (m Model) footer(more bool) string {
	v := &m.view
	if m.search.typing() {
		return m.search.prompt(v.w, v.l, v.pal)
	}
	pos := v.position()
	left := m.search.status(v.l, v.pal)
	if left == "" {
		left = v.sideHint(more, pos)
	}
	return leftRight(left, v.pal.muted.wrap(pos), v.w)
}

// sideHint says that lines are cut and which keys show the rest, when
// there is room for it beside the position pos.
func (v viewport) sideHint(more bool, pos string) string {
	var hints []string
	w, moreText := v.l.T("ui.raw.side.wrap"), v.l.T("ui.raw.side.more")
	switch {
	case v.wrap:
		unwrap := v.l.T("ui.raw.side.unwrap")
		hints = []string{v.l.T("ui.raw.side.wrapped") + " · " + unwrap, unwrap}
	case v.xoff == 0 && more:
		hints = []string{moreText + " · " + w, v.l.T("ui.raw.side.more_short") + " · " + w, moreText, w}
	case v.xoff > 0 && more:
		both := v.l.T("ui.raw.side.both")
		hints = []string{both + " · " + w, v.l.T("ui.raw.side.both_short") + " · " + w, both}
	case v.xoff > 0:
		left := v.l.T("ui.raw.side.left")
		hints = []string{left + " · " + w, v.l.T("ui.raw.side.left_short") + " · " + w, left}
	}
	for _, h := range hints {
		if ansi.StringWidth(h)+1+ansi.StringWidth(pos) <= v.w {
			return v.pal.muted.wrap(h)
		}
	}
	return ""
}

// position is "42% · line 120/284", plus the column when scrolled sideways.
// Unwrapped, the per cent is the top line over the last top line. Wrapped,
// rows are not counted ahead (see setTop), so the top line may pass where
// unwrapped scrolling stops (a match revealed a third of the way down,
// rows scrolled on): the per cent is 100 exactly when the end is on
// screen, and short of it until then.
func (v viewport) position() string {
	d := v.doc()
	if d == nil {
		return ""
	}
	n := d.lineCount()
	maxTop := max(0, n-v.bodyRows())
	pct := 100
	switch {
	case !v.wrap:
		if maxTop > 0 {
			pct = v.top * 100 / maxTop
		}
	case v.endShown():
	case maxTop > 0:
		pct = min(99, v.top*100/maxTop)
	default:
		pct = v.top * 100 / n // a few lines, wrapped onto more rows than there are
	}
	s := v.l.T("ui.raw.position", "Pct", pct, "Line", v.top+1, "Lines", n)
	if v.xoff > 0 {
		s += v.l.T("ui.raw.column", "Col", v.xoff+1)
	}
	return s
}

// leftRight puts left and right on one line of w cells; right gives way
// first when they do not both fit.
func leftRight(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+1+rw > w {
		if lw >= w || right == "" {
			return cellfit.Fit(left, w)
		}
		return cellfit.Fit(left+" "+ansi.Truncate(right, w-lw-1, "…"), w)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

// endShown reports whether the last row of the text is on screen, wrapped:
// it follows the rows on screen only, from the line cache that drawing
// them filled.
func (v viewport) endShown() bool {
	d := v.doc()
	k, off := v.top, v.topOff
	for range v.bodyRows() {
		if k >= d.lineCount() {
			return true
		}
		line := d.line(k)
		var end int
		if r, ok := v.cache.rows[[2]int{k, off}]; ok {
			end = r.end
		} else {
			_, avail := v.rowAvail(line, off)
			end = rowEnd(line, off, avail)
		}
		if off = end; off >= len(line) {
			k, off = k+1, 0
		}
	}
	return k >= d.lineCount()
}
