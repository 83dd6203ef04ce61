package rawview

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// viewport is the body on screen: the text shown (masked in privacy mode),
// where it is scrolled to, whether long lines wrap, and the rows it draws
// between the header and the footer. Of the search it knows only the
// matches it is told to mark. It is a value; its line cache sits behind a
// pointer so that View, which cannot return a model, can still fill it.
type viewport struct {
	st  *styles.Styles
	pal *palette
	l   *i18n.Localizer // the pane's own words

	w, h    int
	privacy bool

	res  *api.Result
	base *doc // the body as displayed
	priv *doc // the same with private values masked, built when needed

	top, xoff int
	// wrap shows long lines on several rows instead of cutting them; then
	// the view starts topOff bytes into line top (a later row of it).
	wrap   bool
	topOff int

	marks marks // the search's matches, drawn over the text

	cache  *lineCache
	chrome *chrome
}

// marks are the search's matches as the view draws them: their byte
// offsets in the text shown, their length, and which is the current one
// (-1 for none).
type marks struct {
	at  []int
	n   int
	cur int
}

// chrome keeps the header lines and the rule under them, which change only
// with the result, the size or the styles.
type chrome struct {
	header []string // nil until first needed
	rule   string
}

// lineCache keeps rendered body lines by line number, plus scratch buffers
// for rendering. A new one replaces it whenever rendered lines go stale.
type lineCache struct {
	lines map[int]renderedLine
	// rows are wrapped rows by line and start byte.
	rows map[[2]int]wrappedRow
	// starts are the row starts of line startsOf found so far, in order:
	// scrolling up within a long wrapped line looks them up instead of
	// measuring the line again.
	startsOf int
	starts   []int
	scratch
}

// wrappedRow is a row of a wrapped line as drawn, and where it ends.
type wrappedRow struct {
	s   string
	end int
}

// renderedLine is a body line as drawn; more says it goes on to the right.
type renderedLine struct {
	s    string
	more bool
}

type scratch struct {
	spans []span
	hits  []hit
}

type hit struct {
	start, end int
	current    bool
}

func newViewport(st *styles.Styles, l *i18n.Localizer) viewport {
	v := viewport{l: l, marks: marks{cur: -1}}
	v.setStyles(st)
	return v
}

func (v *viewport) setStyles(st *styles.Styles) {
	v.st = st
	v.pal = newPalette(st)
	v.invalidate()
	v.chrome = &chrome{}
}

func (v *viewport) setSize(w, h int) {
	v.w, v.h = max(0, w), max(0, h)
	v.chrome = &chrome{} // before setTop: the header's height depends on the size
	v.setTop(v.top)
	v.setXoff(v.xoff)
	v.invalidate()
}

// show shows a prepared body (nil for none) from the top.
func (v *viewport) show(p *Prepared) {
	v.res, v.base, v.priv = nil, nil, nil
	if p != nil {
		v.res, v.base, v.priv = p.res, p.base, p.priv
	}
	v.top, v.topOff, v.xoff = 0, 0, 0
	v.invalidate()
	v.chrome = &chrome{}
}

// setPrivacy switches to the masked text (or back), keeping the top line.
// It reports whether the text shown changed.
func (v *viewport) setPrivacy(on bool) bool {
	if on == v.privacy {
		return false
	}
	old := v.doc()
	v.privacy = on
	if old == nil {
		return false
	}
	v.setTop(v.doc().lineAt(v.carry(old.start(v.top))))
	v.invalidate()
	return true
}

// carry maps a byte offset in the text shown before the last privacy
// switch to the same place in the text shown now.
func (v viewport) carry(off int) int {
	if v.privacy {
		return v.priv.toPrivate(off)
	}
	return v.priv.toBase(off)
}

// topStart is the byte offset of the top line: where a new search starts.
func (v viewport) topStart() int {
	if d := v.doc(); d != nil {
		return d.start(v.top)
	}
	return 0
}

// mark draws the search's matches over the text from now on.
func (v *viewport) mark(mk marks) {
	if mk.same(v.marks) {
		return
	}
	v.marks = mk
	v.invalidate()
}

// same reports whether a and b mark the same matches the same way.
func (a marks) same(b marks) bool {
	return a.n == b.n && a.cur == b.cur && len(a.at) == len(b.at) &&
		(len(a.at) == 0 || &a.at[0] == &b.at[0])
}

// navigate moves the view for the scrolling keys of k; it reports whether
// msg was one of them.
func (v *viewport) navigate(msg tea.KeyPressMsg, k *KeyMap) bool {
	rows := max(1, v.bodyRows())
	switch {
	case key.Matches(msg, k.Down):
		v.scroll(1)
	case key.Matches(msg, k.Up):
		v.scroll(-1)
	case key.Matches(msg, k.PageDown):
		v.scroll(rows)
	case key.Matches(msg, k.PageUp):
		v.scroll(-rows)
	case key.Matches(msg, k.HalfPageDown):
		v.scroll(max(1, rows/2))
	case key.Matches(msg, k.HalfPageUp):
		v.scroll(-max(1, rows/2))
	case key.Matches(msg, k.Top):
		v.setTop(0)
	case key.Matches(msg, k.Bottom):
		v.setTop(v.doc().lineCount())
		if v.wrap {
			v.scroll(-(rows - 1))
		}
	case key.Matches(msg, k.Wrap):
		v.setWrap(!v.wrap)
	case key.Matches(msg, k.Left):
		v.setXoff(v.xoff - sideStep)
	case key.Matches(msg, k.Right):
		v.setXoff(v.xoff + sideStep)
	default:
		return false
	}
	return true
}

// wheel scrolls for the mouse wheel: sideways with shift or a tilt.
func (v *viewport) wheel(msg tea.MouseWheelMsg) {
	shift := msg.Mod.Contains(tea.ModShift)
	switch {
	case msg.Button == tea.MouseWheelLeft, msg.Button == tea.MouseWheelUp && shift:
		v.setXoff(v.xoff - sideStep)
	case msg.Button == tea.MouseWheelRight, msg.Button == tea.MouseWheelDown && shift:
		v.setXoff(v.xoff + sideStep)
	case msg.Button == tea.MouseWheelUp:
		v.scroll(-wheelLines)
	case msg.Button == tea.MouseWheelDown:
		v.scroll(wheelLines)
	}
}

// reveal scrolls so that the n bytes at offset off (a match) are on
// screen: a third of the way down when they were off screen, and sideways
// when they are out of view.
func (v *viewport) reveal(off, n int) {
	d := v.doc()
	k := d.lineAt(off)
	rows := v.bodyRows()
	if k < v.top || k >= v.top+rows || k == v.top && v.topOff > 0 {
		v.setTop(k - rows/3)
	}
	if v.wrap {
		return
	}
	line := d.line(k)
	col := cellsOf(line[:off-d.start(k)])
	width := cellsOf(line[off-d.start(k) : min(len(line), off-d.start(k)+n)])
	// The first cell shows ← once scrolled sideways, the last one → on a
	// cut line: the match must be clear of both.
	first := v.xoff
	if v.xoff > 0 {
		first++
	}
	if col < first || col+width > v.xoff+v.w-1 {
		v.setXoff(col - v.w/4)
	}
}

// cellsOf measures s the way visibleRange cuts it.
func cellsOf(s string) int {
	w := 0
	for i := 0; i < len(s); {
		n, cw := cluster(s, i)
		i += n
		w += cw
	}
	return w
}

// setTop puts line t at the top, from its first row. Unwrapped, the last
// line stops at the bottom; wrapped, rows are not counted ahead (that
// would measure every line), so the last line may come up to the top.
func (v *viewport) setTop(t int) {
	v.topOff = 0
	d := v.doc()
	if d == nil {
		v.top = 0
		return
	}
	if v.wrap {
		v.top = max(0, min(t, d.lineCount()-1))
		return
	}
	v.top = max(0, min(t, d.lineCount()-v.bodyRows()))
}

// setWrap turns wrapping of long lines on or off, keeping the top line.
func (v *viewport) setWrap(on bool) {
	if on == v.wrap {
		return
	}
	v.wrap, v.xoff = on, 0
	v.setTop(v.top)
	v.invalidate()
}

// scroll moves the view n rows (up when negative). Unwrapped a row is a
// line; wrapped it is a row of one, measured a row at a time: a key press
// costs what it moves over, not the size of the line it is in.
func (v *viewport) scroll(n int) {
	d := v.doc()
	if !v.wrap || d == nil {
		v.setTop(v.top + n)
		return
	}
	for ; n > 0; n-- {
		line := d.line(v.top)
		_, avail := v.rowAvail(line, v.topOff)
		end := rowEnd(line, v.topOff, avail)
		switch {
		case end < len(line):
			v.noteStart(v.top, v.topOff)
			v.topOff = end
		case v.top+1 < d.lineCount():
			v.top, v.topOff = v.top+1, 0
		default:
			return
		}
	}
	for ; n < 0; n++ {
		switch {
		case v.topOff > 0:
			v.topOff = v.rowBefore(d.line(v.top), v.top, v.topOff)
		case v.top > 0:
			v.top--
			v.topOff = v.lastRow(d.line(v.top), v.top)
		default:
			return
		}
	}
}

// noteStart remembers that a row of line k starts at off (rows are
// noted in order as the view scrolls down).
func (v *viewport) noteStart(k, off int) {
	c := v.cache
	if c.startsOf != k || c.starts == nil {
		c.startsOf, c.starts = k, []int{0}
	}
	if off > c.starts[len(c.starts)-1] {
		c.starts = append(c.starts, off)
	}
}

// rowBefore is the start of the row before the one at off in line k: from
// the rows noted while scrolling down, else measured from the line's start.
func (v *viewport) rowBefore(line string, k, off int) int {
	c := v.cache
	if c.startsOf == k && len(c.starts) > 0 && c.starts[len(c.starts)-1] >= off {
		i := sort.SearchInts(c.starts, off)
		if i > 0 {
			return c.starts[i-1]
		}
		return 0
	}
	prev := 0
	for start := 0; start < off; {
		_, avail := v.rowAvail(line, start)
		prev, start = start, rowEnd(line, start, avail)
	}
	return prev
}

// lastRowLimit is the longest line whose last row scrolling up looks for;
// a longer one is entered at its first row rather than measured whole.
const lastRowLimit = 1 << 20

// lastRow is the start of the last row of line k.
func (v *viewport) lastRow(line string, k int) int {
	if len(line) > lastRowLimit {
		return 0
	}
	last := 0
	for start := 0; start < len(line); {
		_, avail := v.rowAvail(line, start)
		last, start = start, rowEnd(line, start, avail)
	}
	return last
}

func (v *viewport) setXoff(x int) {
	d := v.doc()
	limit := 0
	if d != nil && !v.wrap {
		limit = max(0, d.maxLine-v.w)
	}
	x = max(0, min(x, limit))
	if x != v.xoff {
		v.xoff = x
		v.invalidate()
	}
}

// invalidate drops the rendered lines.
func (v *viewport) invalidate() {
	v.cache = &lineCache{lines: make(map[int]renderedLine), rows: make(map[[2]int]wrappedRow)}
}

// doc is the text currently shown: masked when privacy is on.
func (v viewport) doc() *doc {
	if v.privacy && v.priv != nil {
		return v.priv
	}
	return v.base
}

func (v viewport) isXML() bool { return v.res != nil && formatOf(v.res) == api.XML }

// coloured says whether the body gets syntax colours: not above
// colourLimit, and not when there are no colours anyway.
func (v viewport) coloured() bool {
	return v.res != nil && !v.st.NoColor && len(v.res.Body) <= colourLimit
}

// layout says which rows the pane has: header lines, rule, body rows,
// footer. A pane one row high shows the search prompt while it is open,
// else the header.
func (v viewport) layout(prompt bool) (header int, rule bool, body int, footer bool) {
	switch {
	case v.h >= 4:
		n := max(1, len(v.headerRows()))
		return n, true, v.h - n - 2, true
	case v.h == 3:
		return 1, false, 1, true
	case v.h == 2:
		return 1, false, 0, true
	case v.h == 1 && !prompt:
		return 1, false, 0, false
	case v.h == 1:
		return 0, false, 0, true
	}
	return 0, false, 0, false
}

// headerRows are the header lines for the current result and size, built
// once.
func (v viewport) headerRows() []string {
	if v.res == nil {
		return nil
	}
	if v.chrome.header == nil {
		v.chrome.header = v.header(maxHeaderLines(v.h))
	}
	return v.chrome.header
}

// maxHeaderLines is how many header lines a pane of h rows gives the
// exchange before its body: more only where the body keeps a fair share.
func maxHeaderLines(h int) int {
	switch {
	case h >= 12:
		return 3
	case h >= 8:
		return 2
	}
	return 1
}

// bodyRows is how many rows the body has (the same with the prompt open).
func (v viewport) bodyRows() int {
	_, _, body, _ := v.layout(false)
	return body
}

// empty is the pane before the first lookup: exactly h lines of w cells.
func (v viewport) empty() string {
	rows := make([]string, 0, v.h)
	rows = append(rows, cellfit.Fit(v.st.Muted.Render(v.l.T("ui.raw.empty")), v.w))
	blank := strings.Repeat(" ", v.w)
	for len(rows) < v.h {
		rows = append(rows, blank)
	}
	return strings.Join(rows, "\n")
}

// rule is the line under the header.
func (v viewport) rule() string {
	if v.chrome.rule == "" {
		v.chrome.rule = v.st.Subtle.Render(strings.Repeat("─", v.w))
	}
	return v.chrome.rule
}

// body appends n body rows to rows, from the cache where it can; more says
// a row shown goes on to the right.
func (v viewport) body(rows []string, n int) (_ []string, more bool) {
	c := v.cache
	if len(c.lines) > 4*n+64 {
		clear(c.lines)
	}
	if v.wrap {
		if len(c.rows) > 4*n+64 {
			clear(c.rows)
		}
		return v.wrappedRows(rows, n), false
	}
	return v.lineRows(rows, n)
}

// lineRows appends n rows of cut lines from the top line on.
func (v viewport) lineRows(rows []string, n int) (_ []string, more bool) {
	d, c := v.doc(), v.cache
	blank := strings.Repeat(" ", v.w)
	for i := range n {
		k := v.top + i
		switch {
		case d.text == "" && k == 0:
			rows = append(rows, v.emptyBody())
		case k >= d.lineCount():
			rows = append(rows, blank)
		default:
			l, ok := c.lines[k]
			if !ok {
				l.s, l.more = v.renderLine(d, k, &c.scratch)
				c.lines[k] = l
			}
			rows = append(rows, l.s)
			more = more || l.more
		}
	}
	return rows, more
}

// wrappedRows appends n rows of wrapped lines from the top row on.
func (v viewport) wrappedRows(rows []string, n int) []string {
	d, c := v.doc(), v.cache
	blank := strings.Repeat(" ", v.w)
	k, off := v.top, v.topOff
	for range n {
		switch {
		case d.text == "" && k == 0:
			rows = append(rows, v.emptyBody())
			k++
		case k >= d.lineCount():
			rows = append(rows, blank)
		default:
			r, ok := c.rows[[2]int{k, off}]
			if !ok {
				r.s, r.end = v.renderRow(d, k, off, &c.scratch)
				c.rows[[2]int{k, off}] = r
			}
			rows = append(rows, r.s)
			if off = r.end; off >= len(d.line(k)) {
				k, off = k+1, 0
			}
		}
	}
	return rows
}

func (v viewport) emptyBody() string { return cellfit.Fit(v.st.Muted.Render("(empty body)"), v.w) }
