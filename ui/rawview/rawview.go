// Package rawview is the inspector's raw pane: the response body exactly as
// received, pretty-printed (whitespace only), syntax-coloured, scrollable
// and searchable, under header lines describing the exchange.
//
// Server text is hostile, so the body is sanitised once when it arrives;
// what reaches the terminal is that text plus the view's own styling.
// Rendering costs what is visible, not what the body holds: the text is one
// string with a line index, lines are coloured and cut to width only when
// shown, and rendered lines are cached until something that changes them
// (size, styles, privacy, search, horizontal scroll) changes.
package rawview

import (
	"sort"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

const (
	wheelLines = 3
	sideStep   = 8
	maxQuery   = 256
)

// KeyMap holds the raw pane's bindings. While the search prompt is open,
// every key but its own (enter, esc, backspace, ctrl+u) is text.
type KeyMap struct {
	Up, Down                 key.Binding
	PageUp, PageDown         key.Binding
	HalfPageUp, HalfPageDown key.Binding
	Top, Bottom              key.Binding
	Left, Right              key.Binding
	Search, Next, Prev       key.Binding
	ClearSearch              key.Binding
	// Wrap toggles wrapping long lines instead of cutting them.
	Wrap key.Binding
	// The search prompt's keys: every other key is text for it.
	Confirm, Cancel        key.Binding
	DeleteBack, ClearInput key.Binding
}

// DefaultKeyMap is the pager-like key map of the raw pane.
func DefaultKeyMap(l *i18n.Localizer) KeyMap {
	if l == nil {
		l = i18n.New(i18n.English)
	}
	return KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("ui.key.up"))),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("ui.key.down"))),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("b/pgup", l.T("ui.key.page_up"))),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("space/pgdn", l.T("ui.key.page_down"))),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", l.T("ui.key.half_up"))),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", l.T("ui.key.half_down"))),
		Top:          key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", l.T("ui.key.top"))),
		Bottom:       key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", l.T("ui.key.bottom"))),
		Left:         key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", l.T("ui.raw.key.left"))),
		Right:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", l.T("ui.raw.key.right"))),
		Search:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", l.T("ui.raw.key.search"))),
		Next:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", l.T("ui.raw.key.next"))),
		Prev:         key.NewBinding(key.WithKeys("N"), key.WithHelp("N", l.T("ui.raw.key.prev"))),
		ClearSearch:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("ui.raw.key.clear"))),
		Confirm:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", l.T("ui.raw.key.search"))),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("ui.raw.key.leave"))),
		Wrap:         key.NewBinding(key.WithKeys("W"), key.WithHelp("W", l.T("ui.raw.key.wrap"))),
		DeleteBack:   key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
		ClearInput:   key.NewBinding(key.WithKeys("ctrl+u")),
	}
}

// Model is the raw pane. It is a value; its line cache sits behind a
// pointer so that View, which cannot return a model, can still fill it.
type Model struct {
	st   *styles.Styles
	pal  *palette
	keys KeyMap
	l    *i18n.Localizer // the pane's own words

	w, h    int
	focused bool
	privacy bool

	res  *api.Result
	base *doc // the body as displayed
	priv *doc // the same with private values masked, built when needed

	top, xoff int
	// wrap shows long lines on several rows instead of cutting them; then
	// the view starts topOff bytes into line top (a later row of it).
	wrap   bool
	topOff int

	typing  bool   // the search prompt has the keys
	input   string // what is typed at the prompt
	query   string // the confirmed search
	matches []int  // byte offsets of the matches in the current doc
	qlen    int
	cur     int // index into matches, -1 for none
	capped  bool
	pending bool // the search runs in its command
	// searchSeq numbers searches: an answer for an earlier one is dropped.
	searchSeq int

	cache  *lineCache
	chrome *chrome
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

// New returns an empty raw pane drawing with st, its words in l's language
// (nil: English).
func New(st *styles.Styles, l *i18n.Localizer) Model {
	if l == nil {
		l = i18n.New(i18n.English)
	}
	m := Model{keys: DefaultKeyMap(l), cur: -1, l: l}
	m.SetStyles(st)
	return m
}

// Lang is the language the pane speaks.
func (m Model) Lang() *i18n.Localizer { return m.l }

// SetStyles changes the styles, e.g. after the terminal reported its
// background.
func (m *Model) SetStyles(st *styles.Styles) {
	m.st = st
	m.pal = newPalette(st)
	m.invalidate()
	m.chrome = &chrome{}
}

// SetSize sets the content area inside the pane's border: View returns
// exactly h lines of exactly w cells.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = max(0, w), max(0, h)
	m.chrome = &chrome{} // before setTop: the header's height depends on the size
	m.setTop(m.top)
	m.setXoff(m.xoff)
	m.invalidate()
}

// Prepared is a body made ready for the pane: pretty-printed, sanitised,
// indexed by line and masked for privacy mode. It
// is built by Prepare in the command that fetched the body, never in
// Update (a 16 MiB body takes a tenth of a second), and never changed
// afterwards, so models and goroutines may share it.
type Prepared struct {
	res        *api.Result
	base, priv *doc
}

// Prepare makes r ready for Show; nil for nil. It is the heavy part of
// showing a body: call it in a command.
func Prepare(r *api.Result) *Prepared {
	if r == nil {
		return nil
	}
	f := formatOf(r)
	states := f == api.XML && len(r.Body) <= colourLimit
	p := &Prepared{res: r, base: newDoc(displayText(r.Body, f), states)}
	p.priv = privateDoc(p.base, f, states)
	return p
}

// Result is the result prepared, nil for a nil Prepared.
func (p *Prepared) Result() *api.Result {
	if p == nil {
		return nil
	}
	return p.res
}

// SetResult shows a new body (nil for none), preparing it here: for small
// bodies and tests. The inspector prepares in a command and calls Show.
func (m *Model) SetResult(r *api.Result) { m.Show(Prepare(r)) }

// Show shows a prepared body (nil for none) from the top, without search.
// It costs nothing that grows with the body.
func (m *Model) Show(p *Prepared) {
	m.res, m.base, m.priv = nil, nil, nil
	if p != nil {
		m.res, m.base, m.priv = p.res, p.base, p.priv
	}
	m.top, m.xoff = 0, 0
	m.typing, m.input = false, ""
	m.clearSearch()
	m.invalidate()
	m.chrome = &chrome{}
}

// SetPrivacy masks (or shows again) contact id, message, estate ids and UTM
// tag values, in the text and in search, keeping the scroll position. The
// masked text was prepared with the body; a confirmed search is run again
// over the other text, in the command returned.
func (m *Model) SetPrivacy(on bool) tea.Cmd {
	if on == m.privacy {
		return nil
	}
	old := m.doc()
	m.privacy = on
	if old == nil {
		return nil
	}
	d := m.doc()
	// Carry the top line and the current match over through the edits.
	topOff := old.start(m.top)
	curOff := -1
	if m.cur >= 0 {
		curOff = m.matches[m.cur]
	}
	mapOff := m.priv.toPrivate
	if !on {
		mapOff = m.priv.toBase
	}
	m.top = d.lineAt(mapOff(topOff))
	m.setTop(m.top)
	m.invalidate()
	if m.query == "" {
		return nil
	}
	anchor := d.start(m.top)
	if curOff >= 0 {
		anchor = mapOff(curOff)
	}
	return m.startSearch(m.query, anchor, false)
}

// Focus lets the pane act on key presses.
func (m *Model) Focus() { m.focused = true }

// Blur stops the pane acting on key presses and closes an open search
// prompt (a confirmed search stays highlighted).
func (m *Model) Blur() {
	m.focused = false
	m.typing, m.input = false, ""
}

// Focused reports whether the pane acts on key presses.
func (m Model) Focused() bool { return m.focused }

// Searching reports whether the search prompt is open: every key is then
// text for it, so the root must pass all keys here.
func (m Model) Searching() bool { return m.typing }

// Body is the body exactly as received, for copying.
func (m Model) Body() []byte {
	if m.res == nil {
		return nil
	}
	return m.res.Body
}

// Text is the body as the pane shows it: pretty-printed, sanitised, and in
// privacy mode with the private values masked. "" without a result.
func (m Model) Text() string {
	if d := m.doc(); d != nil {
		return d.text
	}
	return ""
}

// Private reports whether privacy mode is on.
func (m Model) Private() bool { return m.privacy }

// Format is the representation shown: the result's format, or for a result
// that does not say, XML when the body starts with '<'. "" without a result.
func (m Model) Format() api.Format {
	if m.res == nil {
		return ""
	}
	return formatOf(m.res)
}

func formatOf(r *api.Result) api.Format {
	if r.Format != "" {
		return r.Format
	}
	if b := strings.TrimLeft(string(r.Body[:min(len(r.Body), 64)]), " \t\r\n\ufeff"); strings.HasPrefix(b, "<") {
		return api.XML
	}
	return api.JSON
}

// Result is the result shown, nil before the first lookup.
func (m Model) Result() *api.Result { return m.res }

// KeyMap returns the pane's bindings; W says what it will do.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	if m.wrap {
		k.Wrap.SetHelp("W", m.l.T("ui.raw.key.unwrap"))
	}
	return k
}

// ShortHelp lists the bindings worth a place in the help line now.
func (m Model) ShortHelp() []key.Binding {
	if m.res == nil {
		return nil
	}
	b := []key.Binding{m.keys.Down, m.keys.PageDown, m.keys.Search, m.KeyMap().Wrap}
	if len(m.matches) > 0 {
		b = append(b, m.keys.Next, m.keys.Prev)
	}
	if m.query != "" {
		b = append(b, m.keys.ClearSearch)
	}
	return b
}

// FullHelp lists all bindings, in columns.
func (m Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown},
		{k.Top, k.Bottom, k.Left, k.Right, k.Wrap},
		{k.Search, k.Next, k.Prev, k.ClearSearch},
	}
}

// Update handles keys (only when focused) and the mouse wheel.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		shift := msg.Mod.Contains(tea.ModShift)
		switch {
		case msg.Button == tea.MouseWheelLeft, msg.Button == tea.MouseWheelUp && shift:
			m.setXoff(m.xoff - sideStep)
		case msg.Button == tea.MouseWheelRight, msg.Button == tea.MouseWheelDown && shift:
			m.setXoff(m.xoff + sideStep)
		case msg.Button == tea.MouseWheelUp:
			m.scroll(-wheelLines)
		case msg.Button == tea.MouseWheelDown:
			m.scroll(wheelLines)
		}
	case SearchDoneMsg:
		m.onSearchDone(msg)
	case tea.PasteMsg:
		if m.focused && m.typing {
			m.appendInput(msg.Content)
		}
	case tea.KeyPressMsg:
		if !m.focused {
			break
		}
		if m.typing {
			return m, m.updatePrompt(msg)
		}
		if m.res == nil {
			break
		}
		k := m.keys
		rows := max(1, m.bodyRows())
		switch {
		case key.Matches(msg, k.Down):
			m.scroll(1)
		case key.Matches(msg, k.Up):
			m.scroll(-1)
		case key.Matches(msg, k.PageDown):
			m.scroll(rows)
		case key.Matches(msg, k.PageUp):
			m.scroll(-rows)
		case key.Matches(msg, k.HalfPageDown):
			m.scroll(max(1, rows/2))
		case key.Matches(msg, k.HalfPageUp):
			m.scroll(-max(1, rows/2))
		case key.Matches(msg, k.Top):
			m.setTop(0)
		case key.Matches(msg, k.Bottom):
			m.setTop(m.doc().lineCount())
			if m.wrap {
				m.scroll(-(rows - 1))
			}
		case key.Matches(msg, k.Wrap):
			m.SetWrap(!m.wrap)
		case key.Matches(msg, k.Left):
			m.setXoff(m.xoff - sideStep)
		case key.Matches(msg, k.Right):
			m.setXoff(m.xoff + sideStep)
		case key.Matches(msg, k.Search):
			m.typing, m.input = true, ""
		case key.Matches(msg, k.Next):
			m.stepMatch(1)
		case key.Matches(msg, k.Prev):
			m.stepMatch(-1)
		case key.Matches(msg, k.ClearSearch):
			if m.query != "" {
				m.clearSearch()
				m.invalidate()
			}
		}
	}
	return m, nil
}

func (m *Model) updatePrompt(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Confirm):
		m.typing = false
		m.invalidate()
		if d := m.doc(); d != nil {
			return m.startSearch(m.input, d.start(m.top), true)
		}
		m.clearSearch()
	case key.Matches(msg, m.keys.Cancel):
		m.typing, m.input = false, ""
		m.clearSearch()
		m.invalidate()
	case key.Matches(msg, m.keys.DeleteBack):
		if _, n := utf8.DecodeLastRuneInString(m.input); n > 0 {
			m.input = m.input[:len(m.input)-n]
		}
	case key.Matches(msg, m.keys.ClearInput):
		m.input = ""
	default:
		if msg.Text != "" {
			m.appendInput(msg.Text)
		}
	}
	return nil
}

func (m *Model) appendInput(s string) {
	s = sanitize.Line(s)
	for _, r := range s {
		if utf8.RuneCountInString(m.input) >= maxQuery {
			break
		}
		m.input += string(r)
	}
}

// SearchDoneMsg brings a search's matches back from its command. Answers
// of a search since replaced (another query, body or privacy mode) are
// dropped.
type SearchDoneMsg struct {
	seq     int
	matches []int
	capped  bool
	cur     int
	reveal  bool
}

// startSearch clears the search and, for a non-empty q, returns the command
// that finds q case-insensitively in the shown text (masked when privacy is
// on): the current match is the first at or after byte offset anchor, and
// reveal scrolls to it.
func (m *Model) startSearch(q string, anchor int, reveal bool) tea.Cmd {
	m.clearSearch()
	d := m.doc()
	if q == "" || d == nil {
		return nil
	}
	m.query, m.pending = q, true
	seq := m.searchSeq
	return func() tea.Msg {
		fq := fold(q)
		offs, capped := findAll(d.text, fq)
		cur := -1
		if len(offs) > 0 {
			cur = matchAtOrAfter(offs, anchor)
		}
		return SearchDoneMsg{seq: seq, matches: offs, capped: capped, cur: cur, reveal: reveal}
	}
}

func (m *Model) onSearchDone(msg SearchDoneMsg) {
	if !m.pending || msg.seq != m.searchSeq {
		return
	}
	m.pending = false
	m.matches, m.capped, m.cur = msg.matches, msg.capped, msg.cur
	m.qlen = len(fold(m.query))
	if msg.reveal && len(m.matches) > 0 {
		m.reveal()
	}
	m.invalidate()
}

// clearSearch forgets the search; an answer still on its way is dropped.
func (m *Model) clearSearch() {
	m.query, m.matches, m.qlen, m.cur, m.capped, m.pending = "", nil, 0, -1, false, false
	m.searchSeq++
}

// matchAtOrAfter is the first of matches starting at or after off,
// wrapping to the first one.
func matchAtOrAfter(matches []int, off int) int {
	lo, hi := 0, len(matches)
	for lo < hi {
		mid := (lo + hi) / 2
		if matches[mid] < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(matches) {
		return 0
	}
	return lo
}

func (m *Model) stepMatch(dir int) {
	n := len(m.matches)
	if n == 0 {
		return
	}
	m.cur = ((m.cur+dir)%n + n) % n
	m.reveal()
	m.invalidate()
}

// reveal scrolls so that the current match is on screen: a third of the
// way down when it was off screen, and sideways when it is out of view.
func (m *Model) reveal() {
	d := m.doc()
	off := m.matches[m.cur]
	k := d.lineAt(off)
	rows := m.bodyRows()
	if k < m.top || k >= m.top+rows || k == m.top && m.topOff > 0 {
		m.setTop(k - rows/3)
	}
	if m.wrap {
		return
	}
	line := d.line(k)
	col := cellsOf(line[:off-d.start(k)])
	width := cellsOf(line[off-d.start(k) : min(len(line), off-d.start(k)+m.qlen)])
	// The first cell shows ← once scrolled sideways, the last one → on a
	// cut line: the match must be clear of both.
	first := m.xoff
	if m.xoff > 0 {
		first++
	}
	if col < first || col+width > m.xoff+m.w-1 {
		m.setXoff(col - m.w/4)
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
func (m *Model) setTop(t int) {
	m.topOff = 0
	d := m.doc()
	if d == nil {
		m.top = 0
		return
	}
	if m.wrap {
		m.top = max(0, min(t, d.lineCount()-1))
		return
	}
	m.top = max(0, min(t, d.lineCount()-m.bodyRows()))
}

// SetWrap turns wrapping of long lines on or off, keeping the top line.
func (m *Model) SetWrap(on bool) {
	if on == m.wrap {
		return
	}
	m.wrap, m.xoff = on, 0
	m.setTop(m.top)
	m.invalidate()
}

// Wrapped reports whether long lines are wrapped.
func (m Model) Wrapped() bool { return m.wrap }

// scroll moves the view n rows (up when negative). Unwrapped a row is a
// line; wrapped it is a row of one, measured a row at a time: a key press
// costs what it moves over, not the size of the line it is in.
func (m *Model) scroll(n int) {
	d := m.doc()
	if !m.wrap || d == nil {
		m.setTop(m.top + n)
		return
	}
	for ; n > 0; n-- {
		line := d.line(m.top)
		_, avail := m.rowAvail(line, m.topOff)
		end := rowEnd(line, m.topOff, avail)
		switch {
		case end < len(line):
			m.noteStart(m.top, m.topOff)
			m.topOff = end
		case m.top+1 < d.lineCount():
			m.top, m.topOff = m.top+1, 0
		default:
			return
		}
	}
	for ; n < 0; n++ {
		switch {
		case m.topOff > 0:
			m.topOff = m.rowBefore(d.line(m.top), m.top, m.topOff)
		case m.top > 0:
			m.top--
			m.topOff = m.lastRow(d.line(m.top), m.top)
		default:
			return
		}
	}
}

// noteStart remembers that a row of line k starts at off (rows are
// noted in order as the view scrolls down).
func (m *Model) noteStart(k, off int) {
	c := m.cache
	if c.startsOf != k || c.starts == nil {
		c.startsOf, c.starts = k, []int{0}
	}
	if off > c.starts[len(c.starts)-1] {
		c.starts = append(c.starts, off)
	}
}

// rowBefore is the start of the row before the one at off in line k: from
// the rows noted while scrolling down, else measured from the line's start.
func (m *Model) rowBefore(line string, k, off int) int {
	c := m.cache
	if c.startsOf == k && len(c.starts) > 0 && c.starts[len(c.starts)-1] >= off {
		i := sort.SearchInts(c.starts, off)
		if i > 0 {
			return c.starts[i-1]
		}
		return 0
	}
	prev := 0
	for start := 0; start < off; {
		_, avail := m.rowAvail(line, start)
		prev, start = start, rowEnd(line, start, avail)
	}
	return prev
}

// lastRowLimit is the longest line whose last row scrolling up looks for;
// a longer one is entered at its first row rather than measured whole.
const lastRowLimit = 1 << 20

// lastRow is the start of the last row of line k.
func (m *Model) lastRow(line string, k int) int {
	if len(line) > lastRowLimit {
		return 0
	}
	last := 0
	for start := 0; start < len(line); {
		_, avail := m.rowAvail(line, start)
		last, start = start, rowEnd(line, start, avail)
	}
	return last
}

func (m *Model) setXoff(x int) {
	d := m.doc()
	limit := 0
	if d != nil && !m.wrap {
		limit = max(0, d.maxLine-m.w)
	}
	x = max(0, min(x, limit))
	if x != m.xoff {
		m.xoff = x
		m.invalidate()
	}
}

// invalidate drops the rendered lines.
func (m *Model) invalidate() {
	m.cache = &lineCache{lines: make(map[int]renderedLine), rows: make(map[[2]int]wrappedRow)}
}

// doc is the text currently shown: masked when privacy is on.
func (m Model) doc() *doc {
	if m.privacy && m.priv != nil {
		return m.priv
	}
	return m.base
}

func (m Model) isXML() bool { return m.Format() == api.XML }

// coloured says whether the body gets syntax colours: not above
// colourLimit, and not when there are no colours anyway.
func (m Model) coloured() bool {
	return m.res != nil && !m.st.NoColor && len(m.res.Body) <= colourLimit
}

// layout says which rows the pane has: header lines, rule, body rows,
// footer.
func (m Model) layout() (header int, rule bool, body int, footer bool) {
	switch {
	case m.h >= 4:
		n := max(1, len(m.headerRows()))
		return n, true, m.h - n - 2, true
	case m.h == 3:
		return 1, false, 1, true
	case m.h == 2:
		return 1, false, 0, true
	case m.h == 1 && !m.typing:
		return 1, false, 0, false
	case m.h == 1:
		return 0, false, 0, true
	}
	return 0, false, 0, false
}

// headerRows are the header lines for the current result and size, built
// once.
func (m Model) headerRows() []string {
	if m.res == nil {
		return nil
	}
	if m.chrome.header == nil {
		m.chrome.header = m.header(maxHeaderLines(m.h))
	}
	return m.chrome.header
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

func (m Model) bodyRows() int {
	_, _, body, _ := m.layout()
	return body
}

// View draws the pane: exactly h lines of exactly w cells.
func (m Model) View() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	blank := strings.Repeat(" ", m.w)
	rows := make([]string, 0, m.h)
	if m.res == nil {
		rows = append(rows, cellfit.Fit(m.st.Muted.Render(m.l.T("ui.raw.empty")), m.w))
		for len(rows) < m.h {
			rows = append(rows, blank)
		}
		return strings.Join(rows, "\n")
	}
	header, rule, body, footer := m.layout()
	rows = append(rows, m.headerRows()[:header]...)
	if rule {
		if m.chrome.rule == "" {
			m.chrome.rule = m.st.Subtle.Render(strings.Repeat("─", m.w))
		}
		rows = append(rows, m.chrome.rule)
	}
	d := m.doc()
	c := m.cache
	if len(c.lines) > 4*body+64 {
		clear(c.lines)
	}
	more := false
	if m.wrap {
		if len(c.rows) > 4*body+64 {
			clear(c.rows)
		}
		k, off := m.top, m.topOff
		for range body {
			switch {
			case d.text == "" && k == 0:
				rows = append(rows, cellfit.Fit(m.st.Muted.Render("(empty body)"), m.w))
				k++
			case k >= d.lineCount():
				rows = append(rows, blank)
			default:
				r, ok := c.rows[[2]int{k, off}]
				if !ok {
					r.s, r.end = m.renderRow(d, k, off, &c.scratch)
					c.rows[[2]int{k, off}] = r
				}
				rows = append(rows, r.s)
				if off = r.end; off >= len(d.line(k)) {
					k, off = k+1, 0
				}
			}
		}
		if footer {
			rows = append(rows, m.footer(false))
		}
		return strings.Join(rows, "\n")
	}
	for i := range body {
		k := m.top + i
		switch {
		case d.text == "" && k == 0:
			rows = append(rows, cellfit.Fit(m.st.Muted.Render("(empty body)"), m.w))
		case k >= d.lineCount():
			rows = append(rows, blank)
		default:
			l, ok := c.lines[k]
			if !ok {
				l.s, l.more = m.renderLine(d, k, &c.scratch)
				c.lines[k] = l
			}
			rows = append(rows, l.s)
			more = more || l.more
		}
	}
	if footer {
		rows = append(rows, m.footer(more))
	}
	return strings.Join(rows, "\n")
}
