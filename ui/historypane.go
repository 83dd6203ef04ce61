package ui

import (
	"fmt"
	"leadinspector/api/base/i18n"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/history"
	"leadinspector/ui/input"
	"leadinspector/ui/styles"
)

// historyPane lists past lookups, newest first, with a selection and a
// filter, and owns the history's writer: lookups are recorded and entries
// deleted through it, in order, off the Update path. Rows are rendered when
// something changes, not per frame.
type historyPane struct {
	w, h    int // content area
	st      *styles.Styles
	now     time.Time
	store   *history.Writer
	keys    historyKeys
	focused bool

	all, shown []history.Entry
	deleted    []history.Entry // since the last lookup, the latest last: what u puts back
	restored   history.Entry   // put back by u: selected once the writer has
	filter     input.Ref       // by pointer: see input.Ref
	filtering  bool            // typing in the filter
	sel, off   int

	lines []string // the rendered window, each exactly w cells
	l     *i18n.Localizer

	desk deskHistory // a hub session's
}

// deskHistory is what a hub session's history pane shows: the desk's
// history (entries, from the hub), or the person's own part of it (mine);
// never this session's store. on is false outside the hub.
type deskHistory struct {
	person  string
	entries []history.Entry
	on      bool
	mine    bool
}

// historyKeys are the history pane's keys.
type historyKeys struct {
	Reopen      key.Binding // enter: look the lead up again (reopenMsg)
	Delete      key.Binding // d
	Undo        key.Binding // u: the last deletion since the last lookup
	Filter      key.Binding // /
	ClearFilter key.Binding // esc
	FilterDone  key.Binding // enter while typing the filter
	Mine        key.Binding // M: a hub session's desk history / mine
	scroll      scrollKeys
}

func newHistoryKeys(l *i18n.Localizer) historyKeys {
	return historyKeys{
		Reopen:      bind("enter", l.T("ui.history.key.reopen"), "enter"),
		Delete:      bind("d", l.T("ui.history.key.delete"), "d"),
		Undo:        bind("u", l.T("ui.history.key.undo"), "u"),
		Filter:      bind("/", l.T("ui.history.key.filter"), "/"),
		ClearFilter: bind("esc", l.T("ui.history.key.clear_filter"), "esc"),
		FilterDone:  bind("enter", l.T("ui.history.key.keep_filter"), "enter"),
		Mine:        bind("M", l.T("ui.hub.key_mine"), "M"),
		scroll:      newScrollKeys(l),
	}
}

// live is the key map enabled by the pane's state: what matches and what
// the help line shows.
func (p historyPane) live() historyKeys {
	k := p.keys
	_, has := p.selected()
	k.Reopen.SetEnabled(!p.filtering && has)
	k.Delete.SetEnabled(!p.filtering && has && !p.desk.on)
	k.Undo.SetEnabled(!p.filtering && len(p.deleted) > 0 && !p.desk.on)
	k.Mine.SetEnabled(!p.filtering && p.desk.on)
	if p.desk.on && !p.desk.mine {
		k.Mine.SetHelp("M", p.l.T("ui.hub.key_mine"))
	} else if p.desk.on {
		k.Mine.SetHelp("M", p.l.T("ui.hub.key_desk"))
	}
	k.Filter.SetEnabled(!p.filtering && len(p.all) > 0)
	k.ClearFilter.SetEnabled(p.filtering || p.filtered())
	k.FilterDone.SetEnabled(p.filtering)
	return k
}

func (p historyPane) keyMap() helpKeys {
	k := p.live()
	var h helpKeys
	h.add(slotAct, k.Reopen)
	h.add(slotFind, k.Filter)
	h.add(slotTable, k.Delete, k.Undo, k.Mine)
	h.add(slotLeave, k.ClearFilter)
	if !p.filtering {
		h.add(slotScroll, k.scroll.Help)
	}
	return h
}

func newHistoryPane(st *styles.Styles, store *history.Writer, l *i18n.Localizer) historyPane {
	f := input.New()
	f.CharLimit = 200
	f.Placeholder = l.T("ui.history.filter_placeholder")
	f.Styles = filterStyles(st)
	p := historyPane{filter: input.NewRef(f), store: store, keys: newHistoryKeys(l), l: l, st: st}
	p.render()
	return p
}

// historyOpenedMsg brings the opened history back from Init's command.
type historyOpenedMsg struct {
	warn    error
	entries []history.Entry
}

// open loads the history, in a command: the first frame does not wait for
// the disk.
func (p historyPane) open() tea.Cmd {
	store := p.store
	return func() tea.Msg {
		warn := store.Open()
		return historyOpenedMsg{warn, store.Entries()}
	}
}

// historyMsg says a change to the history was made.
type historyMsg struct {
	seq  int    // of the lookup recorded; 0 for a deletion or its undoing
	note string // what the user did, for the status bar; "" for a lookup
	history.Result
}

// record saves a lookup in the history; its historyMsg comes once the
// writer has made the change.
func (p historyPane) record(e history.Entry, seq int) tea.Cmd {
	return awaitHistory(p.store.Record(e), seq, "")
}

func awaitHistory(reply <-chan history.Result, seq int, note string) tea.Cmd {
	return func() tea.Msg { return historyMsg{seq, note, <-reply} }
}

// maxUndo bounds the deletions u can put back.
const maxUndo = 100

// forgetDeleted ends what u can undo: a lookup was made since.
func (p *historyPane) forgetDeleted() { p.deleted = nil }

// remove deletes the selected entry; u can put it back until the next
// lookup.
func (p *historyPane) remove() tea.Cmd {
	e, ok := p.selected()
	if !ok {
		return nil
	}
	p.deleted = append(p.deleted[max(len(p.deleted)-maxUndo+1, 0):len(p.deleted):len(p.deleted)], e)
	note := p.l.T("ui.history.deleted", "ID", sanitize.Line(e.CustomerID+"/"+e.LeadID))
	return awaitHistory(p.store.Delete(e.Profile, e.CustomerID, e.LeadID), 0, note)
}

// undo puts back the last entry deleted.
func (p *historyPane) undo() tea.Cmd {
	n := len(p.deleted)
	if n == 0 {
		return nil
	}
	e := p.deleted[n-1]
	p.deleted = p.deleted[: n-1 : n-1]
	p.restored = e
	note := p.l.T("ui.history.restored", "ID", sanitize.Line(e.CustomerID+"/"+e.LeadID))
	return awaitHistory(p.store.Restore(e), 0, note)
}

// onChange shows the entries as the last change left them.
func (p *historyPane) onChange() { p.setEntries(p.store.Entries(), p.focused) }

// Focus and Blur say whether the user works in the list: the selection
// then stays on its lead when the entries change.
func (p historyPane) Focus() historyPane { p.focused = true; return p }
func (p historyPane) Blur() historyPane  { p.focused = false; return p }

// View is the rendered window.
func (p historyPane) View() []string { return p.lines }

func (p historyPane) setStyles(st *styles.Styles) historyPane {
	if st != p.st {
		p.st = st
		s := filterStyles(st)
		p.filter.Edit(func(f *input.Model) { f.Styles = s })
	}
	p.render()
	return p
}

func filterStyles(st *styles.Styles) input.Styles {
	s := input.DefaultStyles()
	s.Text, s.Placeholder = st.Text, st.Subtle
	return s
}

func (p historyPane) SetSize(w, h int) historyPane {
	p.w, p.h = max(w, 0), max(h, 0)
	if fw := max(w-2, 1); p.filter.Width() != fw {
		p.filter.Edit(func(f *input.Model) { f.SetWidth(fw) })
	}
	p.render()
	return p
}

// setNow re-renders the ages when the minute changes.
func (p *historyPane) setNow(now time.Time) {
	if now.Unix()/60 != p.now.Unix()/60 || p.lines == nil {
		p.now = now
		p.render()
	}
}

// setEntries replaces the list. While the user works in the list the
// selection stays on the same lead; otherwise it goes to the newest entry,
// the lookup just made.
func (p *historyPane) setEntries(entries []history.Entry, keep bool) {
	if p.desk.on {
		entries = p.deskEntries()
	}
	cur, had := p.selected()
	if p.restored.LeadID != "" {
		cur, had, keep = p.restored, true, true
		p.restored = history.Entry{}
	}
	p.all = entries
	p.apply()
	p.sel = 0
	if had && keep {
		for i, e := range p.shown {
			if sameLead(e, cur) {
				p.sel = i
			}
		}
	}
	p.moveTo(p.sel)
}

func sameLead(a, b history.Entry) bool {
	return a.Profile == b.Profile && a.CustomerID == b.CustomerID && a.LeadID == b.LeadID
}

func (p *historyPane) apply() {
	if q := p.filter.Value(); strings.TrimSpace(q) != "" {
		p.shown = history.Filter(p.all, q)
	} else {
		p.shown = p.all
	}
}

func (p historyPane) selected() (history.Entry, bool) {
	if p.sel < 0 || p.sel >= len(p.shown) {
		return history.Entry{}, false
	}
	return p.shown[p.sel], true
}

// takesText is true while the filter takes every key.
func (p historyPane) takesText() bool { return p.filtering }

func (p historyPane) filtered() bool { return strings.TrimSpace(p.filter.Value()) != "" }

// wantRows is how many rows the pane would fill: its entries, and the
// filter line while there is one. The layout sizes the box to it. While a
// filter narrows the list the box keeps the size of the whole, so it does
// not jump with each key.
func (p historyPane) wantRows() int {
	if p.filtering || p.filtered() {
		return max(len(p.all), 1) + 1
	}
	return max(len(p.shown), 1)
}

// rowsHeight is the number of rows on screen, below the filter line.
func (p historyPane) rowsHeight() int {
	if p.filtering || p.filtered() {
		return max(p.h-1, 0)
	}
	return p.h
}

func (p *historyPane) moveTo(i int) {
	p.sel, p.off = selectRow(i, p.off, len(p.shown), p.rowsHeight())
	p.render()
}

// selectRow selects row i of n in a window of height rows that starts at
// off, and moves the window just enough to keep the selection in view.
func selectRow(i, off, n, rows int) (sel, newOff int) {
	sel = clamp(i, 0, max(n-1, 0))
	rows = max(rows, 1)
	if sel < off {
		off = sel
	}
	if sel >= off+rows {
		off = sel - rows + 1
	}
	return sel, clamp(off, 0, max(n-rows, 0))
}

func (p historyPane) Update(msg tea.Msg) (historyPane, tea.Cmd, intent) {
	k := p.live()
	switch msg := msg.(type) {
	case historyOpenedMsg:
		p.setEntries(msg.entries, p.focused)
	case HubDeskMsg:
		p.setDesk(msg.Entries)
	case tea.KeyPressMsg:
		if p.filtering {
			switch {
			case key.Matches(msg, k.FilterDone):
				p.filtering = false
				p.filter.Edit((*input.Model).Blur)
			case key.Matches(msg, k.ClearFilter):
				p.filtering = false
				p.filter.Edit(func(f *input.Model) { f.Blur(); f.SetValue("") })
				p.apply()
			default:
				p.filter.Update(msg)
				p.apply()
			}
			p.moveTo(0)
			return p, nil, nil
		}
		switch {
		case key.Matches(msg, k.Reopen):
			e, _ := p.selected()
			return p, nil, reopenMsg{e}
		case key.Matches(msg, k.Filter):
			p.filtering = true
			p.filter.Edit((*input.Model).Focus)
			p.moveTo(p.sel)
		case key.Matches(msg, k.ClearFilter):
			p.filter.Edit(func(f *input.Model) { f.SetValue("") })
			p.apply()
			p.moveTo(0)
		case key.Matches(msg, k.Delete):
			return p, p.remove(), nil
		case key.Matches(msg, k.Undo):
			return p, p.undo(), nil
		case key.Matches(msg, k.Mine):
			p.desk.mine = !p.desk.mine
			p.setEntries(nil, false)
			p.moveTo(0)
		default:
			if d, ok := k.scroll.moveFor(msg, p.rowsHeight(), len(p.shown)); ok {
				p.moveTo(p.sel + d)
			}
		}
	case tea.PasteMsg:
		if p.filtering {
			p.filter.Update(msg)
			p.apply()
			p.moveTo(0)
		}
	case tea.MouseWheelMsg:
		if d, ok := wheelFor(msg); ok {
			p.moveTo(p.sel + d)
		}
	}
	return p, nil, nil
}

// clickRow selects the row at content line y.
func (p *historyPane) clickRow(y int) {
	if p.filtering || p.filtered() {
		y--
	}
	if y >= 0 && p.off+y < len(p.shown) {
		p.moveTo(p.off + y)
	}
}

// info is the border's note: the count, and how many match a filter.
func (p historyPane) info() string {
	view := ""
	switch {
	case p.desk.on && p.desk.mine:
		view = p.l.T("ui.hub.view_mine")
	case p.desk.on:
		view = p.l.T("ui.hub.view_desk")
	}
	if p.filtered() {
		return joinNotes(view, p.l.T("ui.history.filtered", "Shown", len(p.shown), "All", len(p.all)))
	}
	if len(p.all) == 0 {
		return view
	}
	return joinNotes(view, fmt.Sprintf("%d", len(p.all)))
}

// render builds the visible lines. Server-sourced cells (ids, states) are
// sanitised here even though the store already cleaned them: the pane does
// not rely on where its entries came from.
func (p *historyPane) render() {
	if p.st == nil || p.w <= 0 {
		return
	}
	lines := make([]string, 0, p.h)
	if p.filtering || p.filtered() {
		prompt := p.st.Accent.Render("/ ")
		if !p.filtering {
			prompt = p.st.Muted.Render("/ ")
		}
		lines = append(lines, cellfit.Fit(prompt+p.filter.View(), p.w))
	}
	rows := p.rowsHeight()
	switch {
	case len(p.all) == 0:
		lines = append(lines, cellfit.Fit(p.st.Muted.Render(p.l.T("ui.history.empty")), p.w))
	case len(p.shown) == 0:
		lines = append(lines, cellfit.Fit(p.st.Muted.Render(p.l.T("ui.history.no_match")), p.w))
	default:
		end := min(p.off+rows, len(p.shown))
		lines = append(lines, p.rows(p.shown[p.off:end], p.sel-p.off)...)
	}
	p.lines = lines
}

// rows renders entries as aligned columns: customer, lead, state badge,
// state change or failed status, age, profile. The lead id column gives way
// when the pane is narrow.
func (p *historyPane) rows(entries []history.Entry, sel int) []string {
	type row struct {
		cust, lead, badge, note, when, prof string
	}
	rs := make([]row, len(entries))
	var cw, bw, nw, ww, pw, lw int
	noState := p.l.T("detail.no_state")
	for i, e := range entries {
		r := row{
			cust:  sanitize.Line(e.CustomerID),
			lead:  sanitize.Line(e.LeadID),
			badge: p.st.StateBadge(e.State, noState),
			when:  p.when(e.At),
			prof:  sanitize.Line(e.Profile),
		}
		if e.Person != "" {
			r.when = sanitize.Line(e.Person) + ", " + r.when // "anna, 5 min ago"
		}
		if e.State == "" {
			r.badge = p.st.Badge(p.l.T("ui.history.state_unknown"), styles.BadgeFailed)
		}
		switch {
		case e.Status != 0 && (e.Status < 200 || e.Status > 299):
			r.note = p.st.Danger.Render(p.l.T("ui.history.last_status", "Status", e.Status))
		case e.Status == 0:
			r.note = p.st.Warn.Render(p.l.T("ui.history.no_answer"))
		case e.PrevState != "" && e.PrevState != e.State:
			r.note = p.st.Warn.Render(sanitize.Line(string(e.PrevState)) + " → " + sanitize.Line(string(e.State)))
		}
		rs[i] = r
		cw = max(cw, cellfit.Width(r.cust))
		lw = max(lw, cellfit.Width(r.lead))
		bw = max(bw, cellfit.Width(r.badge))
		nw = max(nw, cellfit.Width(r.note))
		ww = max(ww, cellfit.Width(r.when))
		pw = max(pw, cellfit.Width(r.prof))
	}
	cw = min(cw, 16)
	// The ids and the state always show; the lead id gets its full width
	// before the optional columns (age, note, profile, in that order) take
	// what is left.
	const gap = 2
	used := 2 + cw + gap + lw + gap + bw
	show := func(w int) bool {
		if w == 0 || used+gap+w > p.w {
			return false
		}
		used += gap + w
		return true
	}
	showWhen, showNote, showProf := show(ww), show(nw), show(pw)
	if used > p.w {
		lw = max(lw-(used-p.w), min(lw, 8))
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		mark, idStyle := "  ", p.st.Text
		if i == sel {
			mark, idStyle = p.st.Accent.Render("▸ "), p.st.Selected
		}
		var b strings.Builder
		b.WriteString(mark)
		b.WriteString(idStyle.Render(cellfit.Fit(r.cust, cw) + "  " + cellfit.Fit(r.lead, lw)))
		b.WriteString(strings.Repeat(" ", gap))
		b.WriteString(cellfit.Fit(r.badge, bw))
		if showNote {
			b.WriteString(strings.Repeat(" ", gap) + cellfit.Fit(r.note, nw))
		}
		if showWhen {
			b.WriteString(strings.Repeat(" ", gap) + p.st.Muted.Render(cellfit.Fit(r.when, ww)))
		}
		if showProf {
			b.WriteString(strings.Repeat(" ", gap) + p.st.Muted.Render(r.prof))
		}
		out[i] = cellfit.Fit(b.String(), p.w)
	}
	return out
}

// when is how long ago an entry was looked up. An entry a moment ahead of
// the pane's clock (recorded since its last tick) is "just now", not "in
// 1 min".
func (p historyPane) when(at time.Time) string {
	if at.After(p.now) {
		at = p.now
	}
	return p.l.Ago(at, p.now)
}

// lastSeen looks up the history's entry for a lead of profile, before the
// lookup now being recorded.
func (p historyPane) lastSeen(profile string) func(customer, lead string) (history.Entry, bool) {
	return func(customer, lead string) (history.Entry, bool) {
		for _, e := range p.all {
			if e.Profile == profile && e.CustomerID == customer && e.LeadID == lead {
				return e, true
			}
		}
		return history.Entry{}, false
	}
}

// setDesk takes the desk's history from the hub and shows it.
func (p *historyPane) setDesk(entries []history.Entry) {
	p.desk.on = true
	p.desk.entries = entries
	p.setEntries(nil, p.focused)
}

// deskEntries is what a hub session's pane lists: the desk's history, or
// the person's own part of it.
func (p historyPane) deskEntries() []history.Entry {
	if !p.desk.mine {
		return p.desk.entries
	}
	var out []history.Entry
	for _, e := range p.desk.entries {
		if e.Person == p.desk.person {
			out = append(out, e)
		}
	}
	return out
}
