package ui

import (
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/detail"
	"leadinspector/ui/styles"
)

// batchTable is the batch table: one row per pasted lead, filled in as the
// answers come; rows may belong to different customers. It is the pane
// the root routes to: it owns its runner (run: the rows, their lookups and
// their cancel; batchrun.go), the rows' order on screen, the selection and
// the rendered window (batchrender.go). Answers come to its Update like
// keys do.
type batchTable struct {
	w, h    int // content area
	st      *styles.Styles
	now     time.Time
	loc     *time.Location
	privacy bool
	keys    batchKeys
	l       *i18n.Localizer // the table's words

	run    batchRun
	names  api.Names // the holders' names known so far (setNames)
	sortBy batchSort
	order  []int    // rows' indexes in screen order; replaced, never changed in place
	sel    int      // position in order
	off    int      // the first row in the window
	lines  []string // the rendered window, each exactly w cells
	paint  *batchPaint
	// input is what the input's fields held before the batch (Customer
	// ID, Lead ID): closing the table gives it back, so an opened row's
	// customer does not stay for the next id typed.
	input [2]string
}

// batchKeys are the table's keys. OpenRow, CopyTable, Close, Ticket and
// Curl return intents (they show a lead, or say what was done); RetryRow
// and Sort are the table's own.
type batchKeys struct {
	OpenRow   key.Binding // enter
	CopyTable key.Binding // c
	RetryRow  key.Binding // r
	Sort      key.Binding // s: the next order, round
	Close     key.Binding // esc: the lead on screen comes back
	Ticket    key.Binding // t
	Curl      key.Binding // C
	scroll    scrollKeys
}

func newBatchKeys(l *i18n.Localizer) batchKeys {
	return batchKeys{
		OpenRow:   bind("enter", l.T("ui.batch.key.open"), "enter"),
		CopyTable: bind("c", l.T("ui.batch.key.copy"), "c"),
		RetryRow:  bind("r", l.T("ui.batch.key.retry"), "r"),
		Sort:      bind("s", l.T("ui.batch.key.sort"), "s"),
		Close:     bind("esc", l.T("ui.batch.key.close"), "esc"),
		Ticket:    ticketKey(l),
		Curl:      curlKey(l),
		scroll:    newScrollKeys(l),
	}
}

func newBatchTable(st *styles.Styles, run batchRun, l *i18n.Localizer) batchTable {
	return batchTable{st: st, paint: newBatchPaint(st), keys: newBatchKeys(l), run: run, l: l}
}

// live is the key map enabled by the table's state.
func (p batchTable) live() batchKeys {
	k := p.keys
	r, has := p.selected()
	answered := has && r.answered()
	k.OpenRow.SetEnabled(has)
	k.CopyTable.SetEnabled(p.has())
	k.RetryRow.SetEnabled(has)
	k.Sort.SetEnabled(len(p.run.rows) > 1)
	k.Sort.SetHelp("s", p.l.T("ui.batch.key.sort_by", "Order", ((p.sortBy+1)%nSorts).name(p.l)))
	k.Close.SetEnabled(p.has())
	k.Ticket.SetEnabled(answered)
	k.Curl.SetEnabled(answered)
	return k
}

func (p batchTable) keyMap() helpKeys {
	k := p.live()
	var h helpKeys
	h.add(slotAct, k.OpenRow)
	h.add(slotRerun, k.RetryRow)
	h.add(slotWatch, k.Ticket)
	h.add(slotTable, k.CopyTable, k.Sort)
	h.add(slotCancel, k.Close) // early: the way out of the table
	h.add(slotCopy, k.Curl)
	h.add(slotScroll, k.scroll.Help)
	return h
}

// Focus and Blur change nothing: the table moves with the keys routed to
// it while it has the focus.
func (p batchTable) Focus() batchTable { return p }
func (p batchTable) Blur() batchTable  { return p }

// takesText is false: the table's keys are commands.
func (p batchTable) takesText() bool { return false }

// View is the rendered window.
func (p batchTable) View() []string { return p.lines }

func (p batchTable) setStyles(st *styles.Styles) batchTable {
	p.st = st
	p.paint = newBatchPaint(st)
	p.render()
	return p
}

func (p batchTable) SetSize(w, h int) batchTable {
	p.w, p.h = max(w, 0), max(h, 0)
	p.moveTo(p.sel)
	return p
}

// setView re-renders when what the rows show depends on changed: the
// minute ages are counted in, the time zone, privacy (error excerpts).
func (p *batchTable) setView(now time.Time, loc *time.Location, privacy bool) {
	stale := now.Unix()/60 != p.now.Unix()/60 || loc != p.loc || privacy != p.privacy
	p.now, p.loc, p.privacy = now, loc, privacy
	if stale {
		p.render()
	}
}

// has is true once a batch has been started.
func (p batchTable) has() bool { return p.run.has() }

// running is true while rows are queued or in flight.
func (p batchTable) running() bool { return p.run.running() }

// progress is the status bar's words while the batch runs.
func (p batchTable) progress() string { return p.run.progress() }

// customer is the customer every row has, "" when they differ.
func (p batchTable) customer() string { return p.run.customer }

func (p batchTable) selected() (batchRow, bool) {
	if p.sel < 0 || p.sel >= len(p.order) {
		return batchRow{}, false
	}
	return p.run.rows[p.order[p.sel]], true
}

// rowsHeight is the number of rows under the header line.
func (p batchTable) rowsHeight() int { return max(p.h-1, 0) }

func (p *batchTable) moveTo(i int) {
	p.sel, p.off = selectRow(i, p.off, len(p.order), p.rowsHeight())
	p.render()
}

func (p batchTable) Update(msg tea.Msg) (batchTable, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case batchDoneMsg:
		cmd, want := p.take(msg)
		return p, cmd, want
	case heldNamesMsg:
		p.setNames(msg.names)
	case tea.KeyPressMsg:
		return p.onKey(msg)
	case tea.MouseWheelMsg:
		if d, ok := wheelFor(msg); ok {
			p.moveTo(p.sel + d)
		}
	}
	return p, nil, nil
}

// onKey acts on one of the table's keys: its own, or what it asks of the
// root.
func (p batchTable) onKey(msg tea.KeyPressMsg) (batchTable, tea.Cmd, intent) {
	k := p.live()
	r, _ := p.selected()
	switch {
	case key.Matches(msg, k.OpenRow):
		return p, nil, openRowMsg{r}
	case key.Matches(msg, k.Close):
		return p, nil, closeBatchMsg{}
	case key.Matches(msg, k.CopyTable): // the table as TSV, and the words saying so
		return p, nil, copyMsg{sanitize.Clipboard(p.tsv()), p.l.N("ui.batch.copied", len(p.run.rows))}
	case key.Matches(msg, k.Ticket, k.Curl):
		return p, nil, copyFactsMsg{p.facts(), key.Matches(msg, k.Curl)}
	case key.Matches(msg, k.RetryRow):
		return p, p.retry(), nil
	case key.Matches(msg, k.Sort):
		p.cycleSort()
	default:
		if d, ok := k.scroll.moveFor(msg, p.rowsHeight(), len(p.run.rows)); ok {
			p.moveTo(p.sel + d)
		}
	}
	return p, nil, nil
}

// clickRow selects the row at content line y.
func (p *batchTable) clickRow(y int) {
	if y >= 1 && p.off+y-1 < len(p.run.rows) {
		p.moveTo(p.off + y - 1)
	}
}

// start looks up several leads, as a table, replacing the batch there was.
// notes say what was left out.
func (p *batchTable) start(client api.LeadGetter, ids []lookupKey, profile string, format api.Format) (cmd tea.Cmd, notes string) {
	cmd, notes = p.run.start(client, ids, profile, format)
	p.sel, p.off = 0, 0
	p.resort()
	p.moveTo(0)
	return cmd, notes
}

// take takes one row's answer (the rows move if sorted, the selection
// stays on its row) and starts the next lookup. A done row asks the root
// to name its holder.
func (p *batchTable) take(msg batchDoneMsg) (tea.Cmd, intent) {
	cmd, ok := p.run.take(msg)
	if !ok {
		return nil, nil
	}
	p.now = msg.at
	p.resort()
	r := p.run.rows[msg.row]
	if r.state != rowDone {
		return cmd, nil
	}
	return cmd, nameHolderMsg{seq: msg.seq, customer: r.customer, receiver: r.res.Lead.Receiver}
}

// retry looks the selected row up again, within the batch (r in the
// table).
func (p *batchTable) retry() tea.Cmd {
	if _, ok := p.selected(); !ok {
		return nil
	}
	cmd, ok := p.run.retry(p.order[p.sel])
	if ok {
		p.resort()
	}
	return cmd
}

// cancelRun stops the batch's lookups; rows not answered yet say so.
func (p *batchTable) cancelRun() bool {
	if !p.run.stop() {
		return false
	}
	p.render()
	return true
}

// cancelWords stops the batch's outstanding lookups and says what that
// left; "" when nothing was running.
func (p *batchTable) cancelWords() string {
	s := p.run.stopWords()
	if s != "" {
		p.render()
	}
	return s
}

// close ends the batch: its lookups stop and its rows go; the detail and
// raw panes have their place back.
func (p *batchTable) close() {
	p.run.end()
	p.order, p.sel, p.off = nil, 0, 0
	p.render()
}

// batchSort is the order of the table's rows on screen.
type batchSort int

const (
	sortInput  batchSort = iota // as pasted
	sortState                   // by State, then failures, then rows not answered
	sortAge                     // oldest first: what waits longest
	sortHolder                  // by who holds the lead
	nSorts
)

// name is what the header says the table is sorted by.
func (s batchSort) name(l *i18n.Localizer) string {
	switch s {
	case sortState:
		return l.T("ui.batch.sort.state")
	case sortAge:
		return l.T("ui.batch.sort.age")
	case sortHolder:
		return l.T("ui.batch.sort.holder")
	}
	return l.T("ui.batch.sort.input")
}

// cycleSort sorts the rows the next way, round to the input order.
func (p *batchTable) cycleSort() {
	p.sortBy = (p.sortBy + 1) % nSorts
	p.resort()
}

// resort puts the rows in the order asked (the input order among equals),
// keeping the selection on its row: answers arriving move rows, not the
// user's place.
func (p *batchTable) resort() {
	cur := -1
	if p.sel >= 0 && p.sel < len(p.order) {
		cur = p.order[p.sel]
	}
	rows := p.run.rows
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	if p.sortBy != sortInput {
		keys := make([]sortKey, len(rows))
		for i, r := range rows {
			keys[i] = r.sortKey(p.sortBy)
		}
		slices.SortStableFunc(order, func(a, b int) int { return keys[a].compare(keys[b]) })
	}
	p.order = order
	if i := slices.Index(order, cur); i >= 0 {
		p.sel = i
	}
	p.moveTo(p.sel)
}

// sortKey places a row: answered rows first, in the order asked; then
// failures; then rows without an answer.
type sortKey struct {
	group int
	text  string
	at    time.Time
}

func (r batchRow) sortKey(by batchSort) sortKey {
	switch r.state {
	case rowDone:
	case rowFailed:
		return sortKey{group: 2}
	default:
		return sortKey{group: 3}
	}
	l := r.res.Lead
	switch by {
	case sortState:
		return sortKey{text: strings.ToLower(string(l.State))}
	case sortAge:
		if l.SentAt.IsZero() {
			return sortKey{group: 1} // no age: after every lead that has one
		}
		return sortKey{at: l.SentAt}
	case sortHolder:
		// By level, then id: the same order in every language.
		h := detail.HolderOf(l.Receiver, nil)
		return sortKey{text: strings.ToLower(h.Level.String() + " " + h.FullID())}
	}
	return sortKey{}
}

func (a sortKey) compare(b sortKey) int {
	if a.group != b.group {
		return a.group - b.group
	}
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return strings.Compare(a.text, b.text)
}

// info is the border's note: progress, then the outcome.
func (p batchTable) info() string {
	done, failed, open := p.run.counts()
	n := len(p.run.rows)
	s := p.l.N("ui.batch.info.ids", n)
	if open > 0 {
		s = p.l.N("ui.batch.info.answered", n, "Done", done+failed)
	}
	if failed > 0 {
		s += " · " + p.l.N("ui.batch.info.failed", failed)
	}
	if c := n - done - failed - open; c > 0 {
		s += " · " + p.l.N("ui.batch.info.cancelled", c)
	}
	if p.sortBy != sortInput {
		s += " · " + p.l.T("ui.batch.info.sorted_by", "Order", p.sortBy.name(p.l))
	}
	return s
}

// title is the table's border title: the customer the rows share, or how
// many there are.
func (p batchTable) title() string {
	if c := p.run.customer; c != "" {
		return p.l.T("ui.batch.title.customer", "Customer", sanitize.Line(c))
	}
	seen := map[string]bool{}
	for _, r := range p.run.rows {
		seen[r.customer] = true
	}
	return p.l.N("ui.batch.title.customers", len(seen))
}

// setNames gives the table the names of its holders.
func (p *batchTable) setNames(ns api.Names) {
	p.names = ns
	p.render()
}

// holderText is the "Held by" cell: the level and the holder's name once
// known, else its id.
func (p batchTable) holderText(customer string, l *api.IncomingLead) string {
	names := p.names.Lead(customer, l)
	w := detail.HolderOf(l.Receiver, &names).Words(p.l)
	// With the names paused, the id and why: not a name that never comes.
	var np *api.NamesPausedError
	if k, ok := api.HolderKey(customer, l.Receiver); ok && errors.As(p.names[k].Err, &np) {
		w += " · " + np.Localize(p.l)
	}
	return w
}

// facts are about the selected row, for t and C; nil before its answer.
func (p batchTable) facts() *ticketFacts {
	r, ok := p.selected()
	if !ok || !r.answered() {
		return nil
	}
	f := ticketFacts{key: lookupKey{r.customer, r.lead}, format: p.run.format, err: r.err, at: r.at}
	if r.state == rowDone {
		f.lead, f.format, f.change = r.res.Lead, r.res.Format, r.change()
		names := p.names.Lead(r.customer, r.res.Lead)
		f.names = &names
	}
	return &f
}

// tsv is the table as tab-separated values with a header line: plain,
// sanitised text, one line per id, for a spreadsheet or a ticket. It holds
// no personal data (no message, contact or estate ids, UTM values).
func (p batchTable) tsv() string {
	var b strings.Builder
	b.WriteString(p.l.T("ui.batch.tsv.header") + "\n")
	clean := func(s string) string { return strings.TrimSpace(sanitize.Line(s)) }
	for _, r := range p.run.rows {
		cells := []string{clean(r.customer), clean(r.lead), "", "", "", "", "", "", ""}
		switch r.state {
		case rowQueued, rowRunning:
			cells[8] = p.l.T("ui.batch.row.not_answered")
		case rowCancelled:
			cells[8] = p.l.T("ui.batch.row.cancelled")
		case rowFailed:
			cells[8] = clean(errorTextFor(p.l, r.err, p.run.profile, r.customer, p.privacy))
		case rowDone:
			l := r.res.Lead
			cells[2] = clean(string(l.State))
			// The holder as the table shows it, with its name once known.
			names := p.names.Lead(r.customer, l)
			h := detail.HolderOf(l.Receiver, &names)
			cells[3], cells[4] = detail.LevelWord(p.l, h.Level), h.Named(p.l)
			cells[5] = leadTypeOf(l)
			if !l.SentAt.IsZero() {
				cells[6] = l.SentAt.In(p.location()).Format("2006-01-02 15:04 MST")
				cells[7] = p.l.Ago(l.SentAt, p.now)
			}
			cells[8] = statusWords(r.res.Status)
		}
		b.WriteString(strings.Join(cells, "\t") + "\n")
	}
	return b.String()
}

func (p batchTable) location() *time.Location {
	if p.loc == nil {
		return time.Local
	}
	return p.loc
}
