package ui

import (
	"context"
	"fmt"
	"leadinspector/api/base/i18n"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// maxBatch caps the ids of one batch: more is a wrong paste, or a job for
// `leadinspector get CUSTOMER -`.
const maxBatch = 200

// rowState is where one row of a batch is.
type rowState int

const (
	rowQueued rowState = iota
	rowRunning
	rowDone
	rowFailed
	rowCancelled
)

// batchRow is one lead of a batch and what its lookup gave.
type batchRow struct {
	customer, lead string
	state          rowState
	res            *api.Result
	doc            *rawview.Prepared // res ready for the raw pane (enter opens it)
	err            error
	at             time.Time // when the answer came
	// prev is what the history knew of the lead before this lookup, for
	// the State change.
	prev    history.Entry
	hadPrev bool
}

// batchTable is the batch table: one row per pasted lead, filled in as the
// answers come; rows may belong to different customers. It owns its rows,
// their order on screen, its lookups and their cancel: the lookups are
// commands like any other, at most parallel at a time; their answers carry
// the batch's seq, so a replaced batch's answers are dropped.
type batchTable struct {
	w, h    int // content area
	st      *styles.Styles
	now     time.Time
	loc     *time.Location
	privacy bool
	keys    batchKeys

	seq      int // of the current batch; never reused
	client   api.LeadGetter
	parallel int
	parent   context.Context // of every batch's lookups
	ctx      context.Context // of this batch's
	cancel   context.CancelFunc
	customer string // of every row, "" when they differ
	profile  string
	format   api.Format
	rows     []batchRow // in input order; shared with earlier models: replaced, never changed in place
	next     int        // no row before this one is queued
	inFlight int

	names    api.Names // the holders' names known so far (setNames)
	sortBy   batchSort
	order    []int    // rows' indexes in screen order; replaced, never changed in place
	sel, off int      // positions in order
	lines    []string // the rendered window, each exactly w cells
	paint    *batchPaint
	l        *i18n.Localizer // the table's words
	// input is what the input's fields held before the batch (Customer
	// ID, Lead ID): closing the table gives it back, so an opened row's
	// customer does not stay for the next id typed.
	input [2]string
}

// batchKeys are the table's keys. OpenRow, CopyTable, Close, Ticket and
// Curl are done by the root (they show a lead, or say what was done);
// RetryRow and Sort by the table.
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

// live is the key map enabled by the table's state.
func (p batchTable) live() batchKeys {
	k := p.keys
	r, has := p.selected()
	answered := has && (r.state == rowDone || r.state == rowFailed)
	k.OpenRow.SetEnabled(has)
	k.CopyTable.SetEnabled(p.has())
	k.RetryRow.SetEnabled(has)
	k.Sort.SetEnabled(len(p.rows) > 1)
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
func (p *batchTable) Focus() {}
func (p *batchTable) Blur()  {}

// View is the rendered window.
func (p batchTable) View() []string { return p.lines }

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

// batchDoneMsg brings one row's answer back.
type batchDoneMsg struct {
	seq int
	row int
	res *api.Result
	doc *rawview.Prepared
	err error
}

func newBatchTable(st *styles.Styles, parent context.Context, parallel int, l *i18n.Localizer) batchTable {
	return batchTable{st: st, paint: newBatchPaint(st), keys: newBatchKeys(l), parent: parent, parallel: parallel, l: l}
}

func (p *batchTable) setStyles(st *styles.Styles) {
	p.st = st
	p.paint = newBatchPaint(st)
	p.render()
}

func (p *batchTable) SetSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.moveTo(p.sel)
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
func (p batchTable) has() bool { return len(p.rows) > 0 }

// running is true while rows are queued or in flight.
func (p batchTable) running() bool { return p.inFlight > 0 || p.nextQueued() >= 0 }

// nextQueued is the first row waiting for its lookup, -1 for none.
func (p batchTable) nextQueued() int {
	for i := p.next; i < len(p.rows); i++ {
		if p.rows[i].state == rowQueued {
			return i
		}
	}
	return -1
}

// counts says how many rows are done, failed and still open.
func (p batchTable) counts() (done, failed, open int) {
	for _, r := range p.rows {
		switch r.state {
		case rowDone:
			done++
		case rowFailed:
			failed++
		case rowQueued, rowRunning:
			open++
		}
	}
	return done, failed, open
}

// cancelRun stops the batch's lookups; rows not answered yet say so.
func (p *batchTable) cancelRun() bool {
	if !p.running() {
		return false
	}
	p.cancel()
	rows := slices.Clone(p.rows)
	for i := range rows {
		if rows[i].state == rowQueued || rows[i].state == rowRunning {
			rows[i].state = rowCancelled
		}
	}
	p.rows, p.next, p.inFlight = rows, len(rows), 0
	p.render()
	return true
}

func (p batchTable) selected() (batchRow, bool) {
	if p.sel < 0 || p.sel >= len(p.order) {
		return batchRow{}, false
	}
	return p.rows[p.order[p.sel]], true
}

// close ends the batch: its lookups stop and its rows go; the detail and
// raw panes have their place back.
func (p *batchTable) close() {
	p.cancelRun()
	p.seq++
	p.rows, p.order, p.sel, p.off = nil, nil, 0, 0
	p.render()
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
	order := make([]int, len(p.rows))
	for i := range order {
		order[i] = i
	}
	if p.sortBy != sortInput {
		keys := make([]sortKey, len(p.rows))
		for i, r := range p.rows {
			keys[i] = r.sortKey(p.sortBy, p.l)
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

func (r batchRow) sortKey(by batchSort, lang *i18n.Localizer) sortKey {
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

// rowsHeight is the number of rows under the header line.
func (p batchTable) rowsHeight() int { return max(p.h-1, 0) }

func (p *batchTable) moveTo(i int) {
	p.sel, p.off = selectRow(i, p.off, len(p.order), p.rowsHeight())
	p.render()
}

func (p batchTable) Update(msg tea.Msg) (batchTable, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		k := p.live()
		if key.Matches(msg, k.RetryRow) {
			return p, p.retry()
		}
		if key.Matches(msg, k.Sort) {
			p.cycleSort()
			return p, nil
		}
		if d, ok := k.scroll.moveFor(msg, p.rowsHeight(), len(p.rows)); ok {
			p.moveTo(p.sel + d)
		}
	case tea.MouseWheelMsg:
		if d, ok := wheelFor(msg); ok {
			p.moveTo(p.sel + d)
		}
	}
	return p, nil
}

// clickRow selects the row at content line y.
func (p *batchTable) clickRow(y int) {
	if y >= 1 && p.off+y-1 < len(p.rows) {
		p.moveTo(p.off + y - 1)
	}
}

// info is the border's note: progress, then the outcome.
func (p batchTable) info() string {
	done, failed, open := p.counts()
	n := len(p.rows)
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
	if p.customer != "" {
		return p.l.T("ui.batch.title.customer", "Customer", sanitize.Line(p.customer))
	}
	seen := map[string]bool{}
	for _, r := range p.rows {
		seen[r.customer] = true
	}
	return p.l.N("ui.batch.title.customers", len(seen))
}

// start looks up several leads, as a table, replacing the batch there was.
// notes say what was left out.
func (p *batchTable) start(client api.LeadGetter, ids []lookupKey, profile string, format api.Format) (cmd tea.Cmd, notes string) {
	var n []string
	seen := make(map[lookupKey]bool, len(ids))
	uniq := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if d := len(ids) - len(uniq); d > 0 {
		n = append(n, p.l.N("ui.batch.note.repeated", d))
	}
	if len(uniq) > maxBatch {
		n = append(n, p.l.T("ui.batch.note.too_many", "Pasted", len(uniq), "Max", maxBatch,
			"Command", "leadinspector get "+uniq[0].customer+" -"))
		uniq = uniq[:maxBatch]
	}
	customer := uniq[0].customer
	for _, k := range uniq {
		if k.customer != customer {
			customer = ""
		}
	}
	p.cancelRun()
	p.seq++
	p.client = client
	p.ctx, p.cancel = context.WithCancel(p.parent)
	p.customer, p.profile, p.format = customer, profile, format
	p.rows = make([]batchRow, len(uniq))
	for i, k := range uniq {
		p.rows[i] = batchRow{customer: k.customer, lead: k.lead}
	}
	p.next, p.inFlight, p.sel, p.off = 0, 0, 0, 0
	p.resort()
	cmds := make([]tea.Cmd, 0, p.parallel)
	for range p.parallel {
		if cmd := p.dispatch(); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	p.moveTo(0)
	return tea.Batch(cmds...), strings.Join(n, "; ")
}

// dispatch starts the lookup of the next queued row, if any and if fewer
// than parallel are in flight. The command captures values only, and
// prepares the body for the raw pane (enter opens the row).
func (p *batchTable) dispatch() tea.Cmd {
	i := p.nextQueued()
	if i < 0 || p.inFlight >= p.parallel {
		return nil
	}
	p.next = i + 1
	p.inFlight++
	p.rows = slices.Clone(p.rows)
	p.rows[i].state = rowRunning
	client, ctx, seq, c, l, f := p.client, p.ctx, p.seq, p.rows[i].customer, p.rows[i].lead, p.format
	return func() tea.Msg {
		if client == nil {
			return batchDoneMsg{seq: seq, row: i, err: fmt.Errorf("no API client configured")}
		}
		res, err := client.GetIncomingLead(ctx, c, l, f)
		d := lookupDone(seq, kindLookup, lookupKey{c, l}, f, res, err)
		return batchDoneMsg{seq: seq, row: i, res: d.res, doc: d.doc, err: err}
	}
}

// onDone takes one row's answer and starts the next lookup. rec is the
// history entry to record for it, nil when there is none (a replaced
// batch, or no answer from the server). lastSeen is the history's entry
// for a lead before this lookup, for the State change.
func (p *batchTable) onDone(msg batchDoneMsg, now time.Time, lastSeen func(customer, lead string) (history.Entry, bool)) (next tea.Cmd, rec *history.Entry) {
	if msg.seq != p.seq || msg.row >= len(p.rows) || p.rows[msg.row].state != rowRunning {
		return nil, nil // a replaced or cancelled batch
	}
	p.inFlight--
	p.now = now
	rows := slices.Clone(p.rows)
	r := &rows[msg.row]
	r.at = now
	r.prev, r.hadPrev = lastSeen(r.customer, r.lead)
	switch {
	case msg.err != nil:
		r.state, r.err = rowFailed, msg.err
		if code := api.AnsweredStatus(msg.err); code != 0 {
			rec = &history.Entry{Profile: p.profile, CustomerID: r.customer, LeadID: r.lead, Status: code, At: now}
		}
	default:
		res := msg.res
		if res == nil {
			res = &api.Result{Format: p.format}
		}
		if res.Lead == nil {
			res.Lead = &api.IncomingLead{}
		}
		r.state, r.res, r.doc = rowDone, res, msg.doc
		rec = &history.Entry{Profile: p.profile, CustomerID: r.customer, LeadID: r.lead,
			State: res.Lead.State, Status: res.Status, At: now}
	}
	p.rows = rows
	next = p.dispatch()
	p.resort()
	if !p.running() {
		p.cancel()
	}
	return next, rec
}

// retry looks the selected row up again, within the batch (r in the
// table).
func (p *batchTable) retry() tea.Cmd {
	r, ok := p.selected()
	if !ok || r.state == rowQueued || r.state == rowRunning {
		return nil
	}
	if !p.running() {
		// The batch's context ended with its last answer.
		p.ctx, p.cancel = context.WithCancel(p.parent)
	}
	i := p.order[p.sel]
	p.rows = slices.Clone(p.rows)
	p.rows[i] = batchRow{customer: r.customer, lead: r.lead}
	p.next = min(p.next, i)
	cmd := p.dispatch()
	p.resort()
	return cmd
}

// change is the State change a done row saw, nil for none.
func (r batchRow) change() *detail.Change {
	if r.state != rowDone || !r.hadPrev {
		return nil
	}
	from, to := r.prev.State, r.res.Lead.State
	if from == "" || to == "" || api.SameState(from, to) {
		return nil
	}
	return &detail.Change{From: from, To: to, LastSeen: r.prev.At}
}

// cancelWords stops the batch's outstanding lookups and says what that
// left; "" when nothing was running.
func (p *batchTable) cancelWords() string {
	done, failed, open := p.counts()
	if !p.cancelRun() {
		return ""
	}
	return p.l.T("ui.batch.cancelled", "Done", done+failed, "Open", open)
}

func leadTypeOf(l *api.IncomingLead) string {
	if l.LeadSource == nil || l.LeadSource.LeadType == "" {
		return ""
	}
	return sanitize.Line(string(l.LeadSource.LeadType))
}

// minLeadCells is the least a lead id is cut to for the holder's name:
// seven cells of each end and the ….
const minLeadCells = 15

// render builds the visible lines: a header, then one row per id.
func (p *batchTable) render() {
	if p.st == nil || p.w <= 0 {
		return
	}
	type row struct{ cust, lead, badge, holder, typ, age, errText string }
	pt := p.paint
	end := min(p.off+p.rowsHeight(), len(p.order))
	rs := make([]row, 0, max(end-p.off, 0))
	// The column sorted by is marked in the header.
	heads := map[batchSort]string{sortState: p.l.T("ui.batch.head.state"), sortAge: p.l.T("ui.batch.head.age"), sortHolder: p.l.T("ui.batch.head.holder")}
	if h, ok := heads[p.sortBy]; ok {
		heads[p.sortBy] = h + " ▾"
	}
	mixed := p.customer == ""
	headCust, headLead, headType := p.l.T("ui.batch.head.customer"), p.l.T("ui.batch.head.lead"), p.l.T("ui.batch.head.type")
	cw, lw, bw, tw := cellfit.Width(headCust), cellfit.Width(headLead), cellfit.Width(heads[sortState]), cellfit.Width(headType)
	aw, hw := cellfit.Width(heads[sortAge]), cellfit.Width(heads[sortHolder])
	for _, ri := range p.order[p.off:max(end, p.off)] {
		r := p.rows[ri]
		x := row{cust: sanitize.Line(r.customer), lead: sanitize.Line(r.lead)}
		switch r.state {
		case rowQueued:
			x.badge = pt.subtle.render(p.l.T("ui.batch.row.queued"))
		case rowRunning:
			x.badge = pt.muted.render(p.l.T("ui.batch.row.running"))
		case rowCancelled:
			x.badge = pt.muted.render(p.l.T("ui.batch.row.cancelled"))
		case rowFailed:
			x.errText = errorTextFor(p.l, r.err, p.profile, r.customer, p.privacy)
		case rowDone:
			l := r.res.Lead
			x.badge = p.badge(l.State)
			if r.hadPrev && r.prev.State != "" && l.State != "" && !api.SameState(r.prev.State, l.State) {
				x.badge += pt.warn.render(" " + p.l.T("ui.batch.row.was", "State", sanitize.Line(string(r.prev.State))))
			}
			x.holder = p.holderText(r.customer, l)
			x.typ = leadTypeOf(l)
			x.age = "—"
			if !l.SentAt.IsZero() {
				// The column says Age: "3 d", not "3 d ago".
				x.age = p.l.Age(l.SentAt, p.now)
			}
		}
		rs = append(rs, x)
		cw = max(cw, cellfit.Width(x.cust))
		lw = max(lw, cellfit.Width(x.lead))
		bw = max(bw, cellfit.Width(x.badge))
		tw = max(tw, cellfit.Width(x.typ))
		aw = max(aw, cellfit.Width(x.age))
		hw = max(hw, cellfit.Width(x.holder))
	}
	lw, cw = min(lw, 40), min(cw, 16)
	// Lead id, state and age always show, and the customer when the rows
	// have several; the lead type when there is room; the holder takes
	// what is left, cut with an ellipsis. One cell stays free on the right:
	// the ages do not touch the border.
	const gap = 2
	used := 2 + lw + gap + bw + gap + aw + 1
	if mixed {
		used += cw + gap
	}
	showType := used+gap+tw+gap+min(hw, 24) <= p.w
	if showType {
		used += gap + tw
	}
	holderW := min(hw, p.w-used-gap)
	// The lead id gives way before the holder's name: it is cut in its
	// middle (its start and end still tell ids apart), down to minLeadCells.
	if give := min(hw-holderW, lw-max(cellfit.Width(headLead), minLeadCells)); give > 0 && holderW+give >= 5 {
		lw -= give
		holderW += give
	}
	showHolder := holderW >= 5 // "agent" whole
	if !showHolder {
		holderW = 0
	}
	cell := func(s string, w int) string { return cellfit.Fit(s, w) + strings.Repeat(" ", gap) }
	// Ages are right-aligned, so that "3 d" and "12 d" line up.
	right := func(s string) string { return strings.Repeat(" ", max(aw-cellfit.Width(s), 0)) + s }
	var head strings.Builder
	head.WriteString("  ")
	if mixed {
		head.WriteString(cell(headCust, cw))
	}
	head.WriteString(cell(headLead, lw) + cell(heads[sortState], bw))
	if showHolder {
		head.WriteString(cell(heads[sortHolder], holderW))
	}
	if showType {
		head.WriteString(cell(headType, tw))
	}
	head.WriteString(right(heads[sortAge]))
	lines := make([]string, 0, p.h)
	lines = append(lines, cellfit.Fit(pt.label.render(head.String()), p.w))
	if len(p.rows) == 0 {
		lines = append(lines, cellfit.Fit(pt.muted.render(p.l.T("ui.batch.empty")), p.w))
	}
	for i, x := range rs {
		mark, idStyle := "  ", pt.text
		if p.off+i == p.sel {
			mark, idStyle = pt.accent.render("▸ "), pt.selected
		}
		var b strings.Builder
		b.WriteString(mark)
		if mixed {
			b.WriteString(idStyle.render(cellfit.Fit(x.cust, cw)) + strings.Repeat(" ", gap))
		}
		b.WriteString(idStyle.render(cellfit.Fit(cellfit.CutMiddle(x.lead, lw), lw)) + strings.Repeat(" ", gap))
		if x.errText != "" {
			b.WriteString(pt.danger.render(x.errText))
			lines = append(lines, cellfit.Fit(cellfit.Fit(b.String(), p.w-1), p.w)) // off the border too
			continue
		}
		b.WriteString(cell(x.badge, bw))
		if showHolder {
			b.WriteString(cell(x.holder, holderW))
		}
		if showType {
			b.WriteString(cell(pt.muted.render(x.typ), tw))
		}
		b.WriteString(pt.muted.render(right(x.age)))
		lines = append(lines, cellfit.Fit(b.String(), p.w))
	}
	p.lines = lines
}

// tsv is the table as tab-separated values with a header line: plain,
// sanitised text, one line per id, for a spreadsheet or a ticket. It holds
// no personal data (no message, contact or estate ids, UTM values).
func (p batchTable) tsv() string {
	var b strings.Builder
	b.WriteString(p.l.T("ui.batch.tsv.header") + "\n")
	clean := func(s string) string { return strings.TrimSpace(sanitize.Line(s)) }
	for _, r := range p.rows {
		cells := []string{clean(r.customer), clean(r.lead), "", "", "", "", "", "", ""}
		switch r.state {
		case rowQueued, rowRunning:
			cells[8] = p.l.T("ui.batch.row.not_answered")
		case rowCancelled:
			cells[8] = p.l.T("ui.batch.row.cancelled")
		case rowFailed:
			cells[8] = clean(errorTextFor(p.l, r.err, p.profile, r.customer, p.privacy))
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

// copyTable is the table as TSV for the clipboard, and the words saying so.
func (p batchTable) copyTable() (tea.Cmd, string) {
	if !p.has() {
		return nil, ""
	}
	n := len(p.rows)
	return tea.SetClipboard(sanitize.Clipboard(p.tsv())), p.l.N("ui.batch.copied", n)
}
