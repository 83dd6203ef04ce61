// Package queue is the inspector's queue pane: the leads Vitec's
// notifications named (stored by the desk hub, package ui/notify), newest
// change first, with when, customer, lead id, the partner's externalId, the
// latest cause, the State and holder the hub's lookup saw. It filters by
// text (/, the store's text search), by the selected row's cause (c) or
// customer (m), and to the stuck leads (s); enter asks for the lead to be
// opened (OpenMsg).
//
// It knows nothing of the inspector: the root hands it keys, its size and
// styles, and ChangedMsg when new notifications are stored; it answers
// with OpenMsg and CloseMsg (what the user asked for, which the root does).
//
// Rows come from the store a page at a time (Source.Page, indexed), in
// commands: the pane never holds more than the user has paged through, and
// an answer to a question no longer current is dropped. Everything shown
// is server text: sanitised here.
package queue

import (
	"context"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/input"
	"leadinspector/ui/notify"
	"leadinspector/ui/styles"
)

// Source is where the rows come from: *notify.DB.
type Source interface {
	Page(ctx context.Context, f notify.Filter, after notify.Cursor, limit int) ([]notify.Row, notify.Cursor, error)
}

// PageSize is how many rows one question to the store asks for.
const PageSize = 100

// maxRefresh bounds the rows a refresh asks for again (the pages the user
// has scrolled through, up to this).
const maxRefresh = 2000

// Options are what the pane is built with.
type Options struct {
	Source Source
	// Ctx bounds the store's queries (the session's).
	Ctx context.Context
	// StuckAfter is serve.stuck_after; zero means notify.DefaultStuckAfter.
	StuckAfter time.Duration
	Lang       *i18n.Localizer
	Loc        *time.Location
	Now        func() time.Time
}

// Request is what the pane asks its owner to do, returned from Update
// beside the command (nil: nothing): OpenMsg or CloseMsg.
type Request interface{ isRequest() }

// OpenMsg asks for a lead to be opened in the inspector (enter on a row).
type OpenMsg struct{ CustomerID, LeadID string }

// CloseMsg asks for the pane to be closed (esc with no filter on).
type CloseMsg struct{}

func (OpenMsg) isRequest()  {}
func (CloseMsg) isRequest() {}

// ChangedMsg says notifications were stored or looked up: an open pane
// asks the store again (the hub sends it at most a few times a second).
type ChangedMsg struct{}

// PageMsg is the store's answer to one of the pane's questions: the owner
// hands it back to the pane (Update), which drops it when no longer current.
type PageMsg struct {
	seq  int
	more bool // a next page, appended; else the list from the top
	rows []notify.Row
	next notify.Cursor
	err  error
}

// KeyMap holds the pane's bindings.
type KeyMap struct {
	Open             key.Binding // enter
	Filter           key.Binding // /
	Cause, Customer  key.Binding // c, m: the selected row's, or all again
	Stuck            key.Binding // s
	Clear            key.Binding // esc: the filters off
	Close            key.Binding // esc with no filter
	FilterDone       key.Binding // enter while typing
	FilterCancel     key.Binding // esc while typing
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	Top, Bottom      key.Binding
	Scroll           key.Binding // stands for the scroll keys in the help line
}

// DefaultKeyMap is the pane's keys, worded in l's language.
func DefaultKeyMap(l *i18n.Localizer) KeyMap {
	b := func(k, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Open:         b("enter", l.T("ui.queue.key.open"), "enter"),
		Filter:       b("/", l.T("ui.queue.key.filter"), "/"),
		Cause:        b("c", l.T("ui.queue.key.cause"), "c"),
		Customer:     b("m", l.T("ui.queue.key.customer"), "m"),
		Stuck:        b("s", l.T("ui.queue.key.stuck"), "s"),
		Clear:        b("esc", l.T("ui.queue.key.clear"), "esc"),
		Close:        b("esc", l.T("ui.queue.key.close"), "esc"),
		FilterDone:   b("enter", l.T("ui.queue.key.keep_filter"), "enter"),
		FilterCancel: b("esc", l.T("ui.queue.key.clear_filter"), "esc"),
		Up:           b("↑/k", l.T("ui.key.up"), "up", "k"),
		Down:         b("↓/j", l.T("ui.key.down"), "down", "j"),
		PageUp:       b("b/pgup", l.T("ui.key.page_up"), "pgup", "b"),
		PageDown:     b("space/pgdn", l.T("ui.key.page_down"), "pgdown", "space"),
		Top:          b("g/home", l.T("ui.key.top"), "home", "g"),
		Bottom:       b("G/end", l.T("ui.key.bottom"), "end", "G"),
		Scroll:       b("↑/↓", l.T("ui.key.scroll"), "up", "down", "pgup", "pgdown", "home", "end"),
	}
}

// Model is the queue pane.
type Model struct {
	src        Source
	ctx        context.Context
	stuckAfter time.Duration
	l          *i18n.Localizer
	loc        *time.Location
	now        time.Time
	st         *styles.Styles
	keys       *KeyMap // never changed: live() changes a copy

	w, h    int
	focused bool

	by   filters // what the queue is narrowed to
	page pages   // the rows the store answered, and the question in flight

	sel     int
	off     int
	selLead string // the selected row's lead, kept across refreshes

	lines []string
}

// filters are what the queue is narrowed to: the / text, and the quick
// filters by cause, by customer and to the stuck.
type filters struct {
	text     input.Ref // the / filter (by pointer: see input.Ref)
	cause    string
	customer string
	typing   bool // the / filter takes the keys
	stuck    bool
}

// pages are the rows the store has answered for the current filters, and
// the question asked of it: an answer is taken only if it is to the
// question last asked (seq).
type pages struct {
	rows   []notify.Row
	next   notify.Cursor // the next page's start; zero: none
	loaded bool          // an answer came for the current filter
	err    error
	seq    int  // the question last asked
	asking bool // its answer is awaited
	dirty  bool // changed while asking: ask again after
}

// New builds the pane; Load asks for its first page.
func New(o Options, st *styles.Styles) Model {
	if o.Ctx == nil {
		o.Ctx = context.Background()
	}
	if o.StuckAfter <= 0 {
		o.StuckAfter = notify.DefaultStuckAfter
	}
	if o.Lang == nil {
		o.Lang = i18n.New(i18n.English)
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	f := input.New()
	f.CharLimit = 200
	f.Placeholder = o.Lang.T("ui.queue.filter_placeholder")
	keys := DefaultKeyMap(o.Lang)
	m := Model{src: o.Source, ctx: o.Ctx, stuckAfter: o.StuckAfter, l: o.Lang, loc: o.Loc, now: now,
		keys: &keys, by: filters{text: input.NewRef(f)}}
	m.SetStyles(st)
	return m
}

// SetContext bounds the store's queries from now on (the program's).
func (m *Model) SetContext(ctx context.Context) {
	if ctx != nil {
		m.ctx = ctx
	}
}

// Available reports whether the pane has a store to read.
func (m Model) Available() bool { return m.src != nil }

// filter is the store's filter for what the pane shows now.
func (m Model) filter() notify.Filter {
	f := notify.Filter{Text: strings.TrimSpace(m.by.text.Value()), Cause: m.by.cause, Customer: m.by.customer}
	if m.by.stuck {
		f.StuckBefore = m.cutoff()
	}
	return f
}

// cutoff is the time before which a lead's last change makes it stuck.
func (m Model) cutoff() time.Time { return m.now.Add(-m.stuckAfter) }

// Load asks the store for the list from the top, as long as the rows
// already shown (so a refresh keeps the place), or the first page.
func (m *Model) Load() tea.Cmd {
	if m.src == nil {
		return nil
	}
	if m.page.asking {
		m.page.dirty = true
		return nil
	}
	limit := min(max(len(m.page.rows), PageSize), maxRefresh)
	return m.ask(false, notify.Cursor{}, limit)
}

// reload asks again from the top after the filter changed: an answer to
// the old filter, still on its way, is dropped.
func (m *Model) reload() tea.Cmd {
	if m.src == nil {
		return nil
	}
	m.page.loaded, m.page.dirty = false, false
	m.sel, m.off, m.selLead = 0, 0, ""
	return m.ask(false, notify.Cursor{}, PageSize)
}

func (m *Model) ask(more bool, after notify.Cursor, limit int) tea.Cmd {
	m.page.seq++
	m.page.asking = true
	seq, src, ctx, f := m.page.seq, m.src, m.ctx, m.filter()
	return func() tea.Msg {
		rows, next, err := src.Page(ctx, f, after, limit)
		return PageMsg{seq: seq, more: more, rows: rows, next: next, err: err}
	}
}

// more asks for the next page when the selection nears the end of what
// is loaded.
func (m *Model) more() tea.Cmd {
	if m.page.asking || m.page.next.IsZero() || m.sel < len(m.page.rows)-max(m.rowsHeight(), 10) {
		return nil
	}
	return m.ask(true, m.page.next, PageSize)
}

// Update takes a key (while focused), the wheel, the store's answers and
// ChangedMsg. Besides the command it returns what the user asked of the
// owner (enter: OpenMsg; esc with no filter: CloseMsg), nil for nothing.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd, Request) {
	switch msg := msg.(type) {
	case ChangedMsg:
		return m, m.Load(), nil
	case PageMsg:
		return m, m.onPage(msg), nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.PasteMsg:
		if m.by.typing {
			m.by.text.Update(msg)
			return m, m.reload(), nil
		}
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.moveTo(m.sel - 3)
		case tea.MouseWheelDown:
			m.moveTo(m.sel + 3)
		}
		return m, m.more(), nil
	}
	return m, nil, nil
}

func (m *Model) onPage(msg PageMsg) tea.Cmd {
	if msg.seq != m.page.seq {
		return nil // a question no longer current
	}
	m.page.asking = false
	m.page.err = msg.err
	if msg.err == nil {
		if msg.more {
			m.page.rows = append(m.page.rows, msg.rows...)
		} else {
			m.page.rows = msg.rows
		}
		m.page.next = msg.next
		m.page.loaded = true
		// The selection stays on its lead when it is still listed.
		sel := min(m.sel, max(len(m.page.rows)-1, 0))
		if m.selLead != "" {
			for i, r := range m.page.rows {
				if r.LeadID == m.selLead {
					sel = i
					break
				}
			}
		}
		m.moveTo(sel)
	} else {
		m.render()
	}
	if m.page.dirty {
		m.page.dirty = false
		return m.Load()
	}
	return m.more()
}

func (m Model) onKey(k tea.KeyPressMsg) (Model, tea.Cmd, Request) {
	keys := m.live()
	if m.by.typing {
		return m.onTyping(k, keys)
	}
	row, has := m.Selected()
	switch {
	case key.Matches(k, keys.Open):
		return m, nil, OpenMsg{CustomerID: row.CustomerID, LeadID: row.LeadID}
	case key.Matches(k, keys.Close):
		return m, nil, CloseMsg{}
	case key.Matches(k, keys.Filter):
		m.by.typing = true
		m.by.text.Edit(func(f *input.Model) { f.Focus(); f.CursorEnd() })
		m.render()
		return m, nil, nil
	case key.Matches(k, keys.Cause):
		m.by.cause = toggle(m.by.cause, row.Cause, has)
	case key.Matches(k, keys.Customer):
		m.by.customer = toggle(m.by.customer, row.CustomerID, has)
	case key.Matches(k, keys.Stuck):
		m.by.stuck = !m.by.stuck
	case key.Matches(k, keys.Clear):
		m.by.text.Edit(func(f *input.Model) { f.SetValue("") })
		m.by.cause, m.by.customer, m.by.stuck = "", "", false
	default:
		return m.onMove(k, keys)
	}
	return m, m.reload(), nil
}

// toggle is a quick filter pressed: off when on, else the selected row's
// value (has: there is a selected row).
func toggle(on, row string, has bool) string {
	if on != "" || !has {
		return ""
	}
	return row
}

// onTyping takes a key while the filter is typed: enter keeps the filter,
// esc clears it, anything else edits it (asking the store again).
func (m Model) onTyping(k tea.KeyPressMsg, keys KeyMap) (Model, tea.Cmd, Request) {
	switch {
	case key.Matches(k, keys.FilterDone):
		m.by.typing = false
		m.by.text.Edit((*input.Model).Blur)
		m.render()
		return m, nil, nil
	case key.Matches(k, keys.FilterCancel):
		m.by.typing = false
		m.by.text.Edit(func(f *input.Model) { f.Blur(); f.SetValue("") })
		return m, m.reload(), nil
	}
	before := m.by.text.Value()
	m.by.text.Update(k)
	if m.by.text.Value() == before {
		m.render() // the cursor moved
		return m, nil, nil
	}
	return m, m.reload(), nil
}

// onMove moves the selection; near the end of what is loaded it asks for
// the next page.
func (m Model) onMove(k tea.KeyPressMsg, keys KeyMap) (Model, tea.Cmd, Request) {
	page := max(m.rowsHeight()-1, 1)
	switch {
	case key.Matches(k, keys.Up):
		m.moveTo(m.sel - 1)
	case key.Matches(k, keys.Down):
		m.moveTo(m.sel + 1)
	case key.Matches(k, keys.PageUp):
		m.moveTo(m.sel - page)
	case key.Matches(k, keys.PageDown):
		m.moveTo(m.sel + page)
	case key.Matches(k, keys.Top):
		m.moveTo(0)
	case key.Matches(k, keys.Bottom):
		// The end of what is loaded: the next page follows.
		m.moveTo(len(m.page.rows) - 1)
	default:
		return m, nil, nil
	}
	return m, m.more(), nil
}

// filtered reports whether any filter is on.
func (m Model) filtered() bool {
	return strings.TrimSpace(m.by.text.Value()) != "" || m.by.cause != "" || m.by.customer != "" || m.by.stuck
}

// live is the key map enabled by the pane's state.
func (m Model) live() KeyMap {
	var k KeyMap
	if m.keys != nil {
		k = *m.keys
	}
	_, has := m.Selected()
	t := m.by.typing
	k.Open.SetEnabled(!t && has)
	k.Filter.SetEnabled(!t && m.src != nil)
	k.Cause.SetEnabled(!t && (has || m.by.cause != ""))
	k.Customer.SetEnabled(!t && (has || m.by.customer != ""))
	k.Stuck.SetEnabled(!t && m.src != nil)
	if m.by.cause != "" {
		k.Cause.SetHelp("c", m.l.T("ui.queue.key.all_causes"))
	}
	if m.by.customer != "" {
		k.Customer.SetHelp("m", m.l.T("ui.queue.key.all_customers"))
	}
	if m.by.stuck {
		k.Stuck.SetHelp("s", m.l.T("ui.queue.key.all_leads"))
	}
	k.Clear.SetEnabled(!t && m.filtered())
	k.Close.SetEnabled(!t && !m.filtered())
	k.FilterDone.SetEnabled(t)
	k.FilterCancel.SetEnabled(t)
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Scroll} {
		b.SetEnabled(!t)
	}
	return k
}

// KeyMap is the pane's bindings, enabled by its state: only the keys that
// do something now match and show.
func (m Model) KeyMap() KeyMap { return m.live() }

// Typing reports whether the filter is being typed: every key is text.
func (m Model) Typing() bool { return m.by.typing }

// Selected is the row under the cursor.
func (m Model) Selected() (notify.Row, bool) {
	if m.sel < 0 || m.sel >= len(m.page.rows) {
		return notify.Row{}, false
	}
	return m.page.rows[m.sel], true
}

// Focus and Blur say whether the pane has the keyboard.
func (m *Model) Focus() { m.focused = true; m.render() }
func (m *Model) Blur()  { m.focused = false; m.render() }

// Focused reports whether the pane has the keyboard.
func (m Model) Focused() bool { return m.focused }

// SetSize sets the content area.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = max(w, 0), max(h, 0)
	if fw := max(w-2, 1); m.by.text.Width() != fw {
		m.by.text.Edit(func(f *input.Model) { f.SetWidth(fw) })
	}
	m.moveTo(m.sel)
}

// SetStyles sets the look.
func (m *Model) SetStyles(st *styles.Styles) {
	if st == nil {
		return
	}
	m.st = st
	s := input.DefaultStyles()
	s.Text, s.Placeholder = st.Text, st.Subtle
	m.by.text.Edit(func(f *input.Model) { f.Styles = s })
	m.render()
}

// SetNow moves the pane's clock (ages, and what counts as stuck); it
// renders again when the minute changed.
func (m *Model) SetNow(now time.Time) {
	if now.Unix()/60 != m.now.Unix()/60 {
		m.now = now
		m.render()
	}
}

// ClickRow selects the row at content line y.
func (m *Model) ClickRow(y int) {
	y -= m.headRows()
	if y >= 0 && m.off+y < len(m.page.rows) {
		m.moveTo(m.off + y)
	}
}

// Title is the border's title.
func (m Model) Title() string { return m.l.T("ui.queue.title") }

// Info is the border's note: how many leads are listed ("100+" when more
// pages follow).
func (m Model) Info() string {
	if !m.page.loaded {
		return ""
	}
	n := m.l.N("ui.queue.count", len(m.page.rows))
	if !m.page.next.IsZero() {
		n = m.l.N("ui.queue.count_more", len(m.page.rows))
	}
	return n
}

// View is the rendered content, exactly the size SetSize gave.
func (m Model) View() string { return strings.Join(m.lines, "\n") }

// headRows is the lines above the rows: the filter line when any filter
// is on or being typed, and the column heading.
func (m Model) headRows() int {
	n := 1
	if m.by.typing || m.filtered() {
		n++
	}
	return n
}

func (m Model) rowsHeight() int { return max(m.h-m.headRows(), 1) }

func (m *Model) moveTo(i int) {
	n := len(m.page.rows)
	m.sel = min(max(i, 0), max(n-1, 0))
	rows := m.rowsHeight()
	if m.sel < m.off {
		m.off = m.sel
	}
	if m.sel >= m.off+rows {
		m.off = m.sel - rows + 1
	}
	m.off = min(max(m.off, 0), max(n-rows, 0))
	m.selLead = ""
	if r, ok := m.Selected(); ok {
		m.selLead = r.LeadID
	}
	m.render()
}

// render builds the visible lines.
func (m *Model) render() {
	if m.st == nil || m.w <= 0 || m.h <= 0 {
		m.lines = nil
		return
	}
	lines := make([]string, 0, m.h)
	if m.by.typing || m.filtered() {
		lines = append(lines, cellfit.Fit(m.filterLine(), m.w))
	}
	cols := m.columns()
	lines = append(lines, cellfit.Fit(m.st.Muted.Render(cols.join("  ", m.heading(), nil)), m.w))
	switch {
	case m.src == nil:
		lines = append(lines, cellfit.Fit(m.st.Muted.Render(m.l.T("ui.queue.no_store")), m.w))
	case m.page.err != nil:
		lines = append(lines, cellfit.Fit(m.st.Danger.Render(m.l.T("ui.queue.cannot_read", "Error", sanitize.Line(m.page.err.Error()))), m.w))
	case !m.page.loaded:
		lines = append(lines, cellfit.Fit(m.st.Muted.Render(m.l.T("ui.queue.loading")), m.w))
	case len(m.page.rows) == 0 && m.filtered():
		lines = append(lines, cellfit.Fit(m.st.Muted.Render(m.l.T("ui.queue.no_match")), m.w))
	case len(m.page.rows) == 0:
		lines = append(lines, cellfit.Fit(m.st.Muted.Render(m.l.T("ui.queue.empty")), m.w))
	default:
		end := min(m.off+m.rowsHeight(), len(m.page.rows))
		for i := m.off; i < end; i++ {
			lines = append(lines, cols.row(m, m.page.rows[i], i == m.sel))
		}
	}
	for len(lines) < m.h {
		lines = append(lines, strings.Repeat(" ", m.w))
	}
	m.lines = lines[:m.h]
}

// filterLine is the / prompt and the quick filters on.
func (m Model) filterLine() string {
	prompt := m.st.Muted.Render("/ ")
	if m.by.typing {
		prompt = m.st.Accent.Render("/ ")
	}
	var b strings.Builder
	b.WriteString(prompt)
	if m.by.typing || strings.TrimSpace(m.by.text.Value()) != "" {
		b.WriteString(m.by.text.View())
	}
	chip := func(s string) {
		b.WriteString("  ")
		b.WriteString(m.st.Accent.Render("· " + s))
	}
	if m.by.cause != "" {
		chip(m.l.T("ui.queue.only_cause", "Cause", sanitize.Line(m.by.cause)))
	}
	if m.by.customer != "" {
		chip(m.l.T("ui.queue.only_customer", "Customer", sanitize.Line(m.by.customer)))
	}
	if m.by.stuck {
		chip(m.l.T("ui.queue.only_stuck", "After", span(m.stuckAfter)))
	}
	return b.String()
}

// span writes a span as serve.stuck_after is written: "3d", "24h", "90m".
func span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// columns are the widths of the columns for the rows on screen.
type columns struct {
	when, cust, lead, ext, cause, state, holder int
}

const gap = 2

// cells are one row's texts, sanitised, badges rendered.
type cells struct{ when, cust, lead, ext, cause, state, holder string }

func (m Model) cells(r notify.Row) cells {
	c := cells{
		when:   m.when(r.Last),
		cust:   sanitize.Line(r.CustomerID),
		lead:   sanitize.Line(r.LeadID),
		ext:    sanitize.Line(r.ExternalID),
		cause:  m.st.CauseBadge(r.Cause),
		holder: sanitize.Line(r.Holder),
	}
	if r.Stuck(m.cutoff()) {
		// Waiting for an accept since then: the age says how long.
		c.when = m.st.Warn.Render("⚠ " + c.when)
	}
	if r.Removed && r.Cause != "Remove" {
		c.cause += " " + m.st.Muted.Render(m.l.T("notify.mark.removed"))
	}
	switch {
	case r.State != "":
		c.state = m.st.StateBadge(api.State(r.State), "")
	case r.LookedAt.IsZero():
		c.state = m.st.Muted.Render(m.l.T("ui.queue.not_yet"))
	default:
		c.state = m.st.Badge(m.l.T("notify.state.failed", "Status", r.LookStatus), styles.BadgeFailed)
	}
	return c
}

// when is how long ago the lead last changed, for a column ("5 min").
func (m Model) when(at time.Time) string {
	if at.After(m.now) {
		at = m.now
	}
	return m.l.Age(at, m.now)
}

// columns fits the columns to the rows on screen and the width. Each is as
// wide as its widest cell, under its heading, and the holder's takes what
// is left. When that does not fit, room is given up in this order, so
// that the lead id, what people compare and copy, is cut last:
//
//  1. a holder's name beyond 12 cells;
//  2. the headings beyond their column's cells (cut, never below 4 cells);
//  3. a holder's name beyond 10 cells;
//  4. a cause beyond 16 cells, a State beyond 14;
//  5. the lead id beyond 14 cells (cut at its end with …, its start kept);
//  6. the holder's column;
//  7. the cause and the State beyond 12 cells;
//
// and what still does not fit is cut at the right edge.
func (m Model) columns() columns {
	var c columns // the widest cell of each column
	end := min(m.off+m.rowsHeight(), len(m.page.rows))
	for i := m.off; i < end; i++ {
		x := m.cells(m.page.rows[i])
		c.when = max(c.when, cellfit.Width(x.when))
		c.cust = max(c.cust, min(cellfit.Width(x.cust), 12))
		c.lead = max(c.lead, cellfit.Width(x.lead))
		c.ext = max(c.ext, min(cellfit.Width(x.ext), 16))
		c.cause = max(c.cause, min(cellfit.Width(x.cause), 34))
		c.state = max(c.state, min(cellfit.Width(x.state), 20))
		c.holder = max(c.holder, cellfit.Width(x.holder))
	}
	head := m.heading()
	x := c   // the widths, headings whole
	cut := c // the floor each column gives way to for its heading
	whole := func(w, cut *int, h string) {
		hw := cellfit.Width(h)
		*w, *cut = max(*w, hw), max(*cut, min(hw, 4))
	}
	whole(&x.when, &cut.when, head.when)
	whole(&x.cust, &cut.cust, head.cust)
	whole(&x.lead, &cut.lead, head.lead)
	whole(&x.ext, &cut.ext, head.ext)
	whole(&x.cause, &cut.cause, head.cause)
	whole(&x.state, &cut.state, head.state)
	whole(&x.holder, &cut.holder, head.holder)
	// give takes from a column, down to floor, what is still too much.
	give := func(w *int, floor int) {
		if over := x.width() - m.w; over > 0 {
			*w -= max(min(*w-floor, over), 0)
		}
	}
	give(&x.holder, min(x.holder, 12))
	give(&x.when, cut.when)
	give(&x.cust, cut.cust)
	give(&x.lead, cut.lead)
	give(&x.ext, cut.ext)
	give(&x.cause, cut.cause)
	give(&x.state, cut.state)
	give(&x.holder, cut.holder)
	give(&x.holder, min(x.holder, 10))
	give(&x.cause, 16)
	give(&x.state, 14)
	give(&x.lead, min(x.lead, 14))
	give(&x.holder, 0)
	give(&x.cause, 12)
	give(&x.state, 12)
	// The holder's column takes what is left; when that is too little for
	// a name and the lead id was cut, the id takes it instead.
	x.holder = 0
	rest := m.w - x.width()
	if x.lead < c.lead && rest < gap+4 {
		x.lead = min(c.lead, x.lead+max(rest, 0))
		return x
	}
	x.holder = max(rest-gap, 0)
	return x
}

// width is the cells a row takes in these columns, the selection mark
// included.
func (c columns) width() int {
	n := 2 + c.when + c.cust + c.lead + c.ext + c.cause + c.state + 5*gap
	if c.holder > 0 {
		n += gap + c.holder
	}
	return n
}

// heading is the column titles (the queue command's, in the same words).
func (m Model) heading() cells {
	l := m.l
	return cells{when: l.T("notify.col.when"), cust: l.T("notify.col.customer"), lead: l.T("notify.col.lead"),
		ext: l.T("notify.col.external"), cause: l.T("notify.col.cause"), state: l.T("notify.col.state"),
		holder: l.T("notify.col.holder")}
}

func (c columns) row(m *Model, r notify.Row, selected bool) string {
	x := m.cells(r)
	mark := "  "
	var ids func(string) string
	if selected {
		mark = m.st.Accent.Render("▸ ")
		ids = func(s string) string { return m.st.Selected.Render(s) }
	}
	return cellfit.Fit(c.join(mark, x, ids), m.w)
}

// join lays one row's cells out in the columns; ids, when set, styles the
// customer and lead (the selection).
func (c columns) join(mark string, x cells, ids func(string) string) string {
	sp := strings.Repeat(" ", gap)
	idText := cellfit.Fit(x.cust, c.cust) + sp + cellfit.Fit(x.lead, c.lead)
	if ids != nil {
		idText = ids(idText)
	}
	var b strings.Builder
	b.WriteString(mark)
	b.WriteString(cellfit.Fit(x.when, c.when))
	b.WriteString(sp)
	b.WriteString(idText)
	b.WriteString(sp)
	b.WriteString(cellfit.Fit(x.ext, c.ext))
	b.WriteString(sp)
	b.WriteString(cellfit.Fit(x.cause, c.cause))
	b.WriteString(sp)
	b.WriteString(cellfit.Fit(x.state, c.state))
	if c.holder > 0 {
		b.WriteString(sp)
		b.WriteString(cellfit.Fit(x.holder, c.holder))
	}
	return b.String()
}
