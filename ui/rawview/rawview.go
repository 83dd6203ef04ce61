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
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/styles"
)

const (
	wheelLines = 3
	sideStep   = 8
	maxQuery   = 256
)

// KeyMap holds the raw pane's bindings. While the search prompt is open,
// every key is the prompt's: enter and esc end it, the text field's
// editing keys edit (cursor moves, word and line deletes), and any other
// key with text types it.
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
	// The search prompt's keys: Confirm and Cancel end it; its text field
	// deletes with DeleteBack and ClearInput (and its other editing keys).
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

// Model is the raw pane: the body on screen (viewport.go) and the search
// over it (search.go), and the keys that drive them. It is a value.
type Model struct {
	keys    *KeyMap // never changed after New: copies share it
	focused bool
	view    viewport
	search  search
}

// New returns an empty raw pane drawing with st, its words in l's language
// (nil: English).
func New(st *styles.Styles, l *i18n.Localizer) Model {
	if l == nil {
		l = i18n.New(i18n.English)
	}
	k := DefaultKeyMap(l)
	return Model{keys: &k, view: newViewport(st, l), search: newSearch(&k, st)}
}

// Lang is the language the pane speaks.
func (m Model) Lang() *i18n.Localizer { return m.view.l }

// SetStyles changes the styles, e.g. after the terminal reported its
// background.
func (m *Model) SetStyles(st *styles.Styles) {
	m.view.setStyles(st)
	m.search.setStyles(st)
}

// SetSize sets the content area inside the pane's border: View returns
// exactly h lines of exactly w cells.
func (m *Model) SetSize(w, h int) { m.view.setSize(w, h) }

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
	m.view.show(p)
	m.search.close()
	m.search.clear()
	m.view.mark(m.search.marks())
}

// SetPrivacy masks (or shows again) contact id, message, estate ids and UTM
// tag values, in the text and in search, keeping the scroll position. The
// masked text was prepared with the body; a confirmed search is run again
// over the other text, in the command returned.
func (m *Model) SetPrivacy(on bool) tea.Cmd {
	cur := m.search.current()
	if !m.view.setPrivacy(on) || m.search.query == "" {
		return nil
	}
	// The current match stays current through the edits.
	anchor := m.view.topStart()
	if cur >= 0 {
		anchor = m.view.carry(cur)
	}
	cmd := m.search.start(m.search.query, m.view.doc(), anchor, false)
	m.view.mark(m.search.marks())
	return cmd
}

// Focus lets the pane act on key presses.
func (m *Model) Focus() { m.focused = true }

// Blur stops the pane acting on key presses and closes an open search
// prompt (a confirmed search stays highlighted).
func (m *Model) Blur() {
	m.focused = false
	m.search.close()
}

// Focused reports whether the pane acts on key presses.
func (m Model) Focused() bool { return m.focused }

// Searching reports whether the search prompt is open: every key is then
// text for it, so the root must pass all keys here.
func (m Model) Searching() bool { return m.search.typing() }

// Body is the body exactly as received, for copying.
func (m Model) Body() []byte {
	if m.view.res == nil {
		return nil
	}
	return m.view.res.Body
}

// Text is the body as the pane shows it: pretty-printed, sanitised, and in
// privacy mode with the private values masked. "" without a result.
func (m Model) Text() string {
	if d := m.view.doc(); d != nil {
		return d.text
	}
	return ""
}

// Private reports whether privacy mode is on.
func (m Model) Private() bool { return m.view.privacy }

// Format is the representation shown: the result's format, or for a result
// that does not say, XML when the body starts with '<'. "" without a result.
func (m Model) Format() api.Format {
	if m.view.res == nil {
		return ""
	}
	return formatOf(m.view.res)
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
func (m Model) Result() *api.Result { return m.view.res }

// KeyMap returns the pane's bindings; W says what it will do.
func (m Model) KeyMap() KeyMap {
	k := *m.keys
	if m.view.wrap {
		k.Wrap.SetHelp("W", m.view.l.T("ui.raw.key.unwrap"))
	}
	return k
}

// ShortHelp lists the bindings worth a place in the help line now.
func (m Model) ShortHelp() []key.Binding {
	if m.view.res == nil {
		return nil
	}
	b := []key.Binding{m.keys.Down, m.keys.PageDown, m.keys.Search, m.KeyMap().Wrap}
	if len(m.search.matches) > 0 {
		b = append(b, m.keys.Next, m.keys.Prev)
	}
	if m.search.query != "" {
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

// Update handles keys (only when focused), pastes into the search prompt,
// the mouse wheel and the answers of searches.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		m.view.wheel(msg)
	case SearchDoneMsg:
		m.searchDone(msg)
	case tea.PasteMsg:
		if m.focused && m.search.typing() {
			m.search.edit(msg)
		}
	case tea.KeyPressMsg:
		if m.focused {
			return m, m.key(msg)
		}
	}
	return m, nil
}

// key routes a key press: all of them to the search prompt while it is
// open, else the scrolling keys to the view and the rest to the search.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.search.typing() {
		return m.promptKey(msg)
	}
	if m.view.res == nil {
		return nil
	}
	if m.view.navigate(msg, m.keys) {
		return nil // a scrolling key
	}
	switch {
	case key.Matches(msg, m.keys.Search):
		m.search.open()
	case key.Matches(msg, m.keys.Next):
		m.step(1)
	case key.Matches(msg, m.keys.Prev):
		m.step(-1)
	case key.Matches(msg, m.keys.ClearSearch) && m.search.query != "":
		m.search.clear()
		m.view.mark(m.search.marks())
	}
	return nil
}

// promptKey is a key press while the search prompt is open: enter searches
// for what was typed from the top line on, esc drops the prompt and the
// search, any other key edits the text.
func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, m.keys.Confirm):
		q := m.search.typed()
		m.search.close()
		cmd = m.search.start(q, m.view.doc(), m.view.topStart(), true)
	case key.Matches(msg, m.keys.Cancel):
		m.search.close()
		m.search.clear()
	default:
		m.search.edit(msg)
		return nil
	}
	m.view.mark(m.search.marks())
	return cmd
}

// searchDone takes a search's answer: the matches marked, the current one
// scrolled into view when the search asked for it.
func (m *Model) searchDone(msg SearchDoneMsg) {
	ok, reveal := m.search.done(msg)
	if !ok {
		return
	}
	if reveal {
		m.view.reveal(m.search.current(), m.search.qlen)
	}
	m.view.mark(m.search.marks())
}

// step makes the next match (dir 1) or the previous one (-1) current and
// scrolls to it.
func (m *Model) step(dir int) {
	if m.search.step(dir) {
		m.view.reveal(m.search.current(), m.search.qlen)
		m.view.mark(m.search.marks())
	}
}

// SetWrap turns wrapping of long lines on or off, keeping the top line.
func (m *Model) SetWrap(on bool) { m.view.setWrap(on) }

// Wrapped reports whether long lines are wrapped.
func (m Model) Wrapped() bool { return m.view.wrap }

// layout says which rows the pane has: header lines, rule, body rows,
// footer.
func (m Model) layout() (header int, rule bool, body int, footer bool) {
	return m.view.layout(m.search.typing())
}

// View draws the pane: exactly h lines of exactly w cells.
func (m Model) View() string {
	v := m.view
	if v.w <= 0 || v.h <= 0 {
		return ""
	}
	if v.res == nil {
		return v.empty()
	}
	header, rule, body, footer := m.layout()
	rows := make([]string, 0, v.h)
	rows = append(rows, v.headerRows()[:header]...)
	if rule {
		rows = append(rows, v.rule())
	}
	rows, more := v.body(rows, body)
	if footer {
		rows = append(rows, m.footer(more))
	}
	return strings.Join(rows, "\n")
}
