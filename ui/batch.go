package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
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

// batchRow is one lead id of a batch and what its lookup gave.
type batchRow struct {
	lead  string
	state rowState
	res   *api.Result
	err   error
	at    time.Time // when the answer came
	// prev is what the history knew of the lead before this lookup, for
	// the State change.
	prev    history.Entry
	hadPrev bool
}

// batchPane is the batch table: one row per pasted lead id, filled in as
// the answers come. The lookups are commands like any other, at most
// Options.Parallel at a time; their answers carry the batch's seq, so a
// replaced batch's answers are dropped.
type batchPane struct {
	w, h    int // content area
	st      *styles.Styles
	now     time.Time
	loc     *time.Location
	privacy bool

	seq      int // of the current batch; never reused
	ctx      context.Context
	cancel   context.CancelFunc
	customer string
	profile  string
	format   api.Format
	rows     []batchRow // shared with earlier models: replaced, never changed in place
	next     int        // no row before this one is queued
	inFlight int

	sel, off int
	lines    []string // the rendered window, each exactly w cells
	paint    *batchPaint
}

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

func (p *batchPane) badge(s api.State) string {
	b, ok := p.paint.badges[s]
	if !ok {
		b = p.st.StateBadge(s)
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
	err error
}

func newBatchPane(st *styles.Styles) batchPane {
	return batchPane{st: st, paint: newBatchPaint(st)}
}

func (p *batchPane) setStyles(st *styles.Styles) {
	p.st = st
	p.paint = newBatchPaint(st)
	p.render()
}

func (p *batchPane) setSize(w, h int) {
	p.w, p.h = max(w, 0), max(h, 0)
	p.moveTo(p.sel)
}

// setView re-renders when what the rows show depends on changed: the
// minute ages are counted in, the time zone, privacy (error excerpts).
func (p *batchPane) setView(now time.Time, loc *time.Location, privacy bool) {
	stale := now.Unix()/60 != p.now.Unix()/60 || loc != p.loc || privacy != p.privacy
	p.now, p.loc, p.privacy = now, loc, privacy
	if stale {
		p.render()
	}
}

// has is true once a batch has been started.
func (p batchPane) has() bool { return len(p.rows) > 0 }

// running is true while rows are queued or in flight.
func (p batchPane) running() bool { return p.inFlight > 0 || p.nextQueued() >= 0 }

// nextQueued is the first row waiting for its lookup, -1 for none.
func (p batchPane) nextQueued() int {
	for i := p.next; i < len(p.rows); i++ {
		if p.rows[i].state == rowQueued {
			return i
		}
	}
	return -1
}

// counts says how many rows are done, failed and still open.
func (p batchPane) counts() (done, failed, open int) {
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
func (p *batchPane) cancelRun() bool {
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

func (p batchPane) selected() (batchRow, bool) {
	if p.sel < 0 || p.sel >= len(p.rows) {
		return batchRow{}, false
	}
	return p.rows[p.sel], true
}

// rowsHeight is the number of rows under the header line.
func (p batchPane) rowsHeight() int { return max(p.h-1, 0) }

func (p *batchPane) moveTo(i int) {
	p.sel, p.off = selectRow(i, p.off, len(p.rows), p.rowsHeight())
	p.render()
}

func (p batchPane) Update(msg tea.Msg) (batchPane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if d, ok := moveFor(msg, p.rowsHeight(), len(p.rows)); ok {
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
func (p *batchPane) clickRow(y int) {
	if y >= 1 && p.off+y-1 < len(p.rows) {
		p.moveTo(p.off + y - 1)
	}
}

// info is the border's note: progress, then the outcome.
func (p batchPane) info() string {
	done, failed, open := p.counts()
	n := len(p.rows)
	s := fmt.Sprintf("%d ids", n)
	if n == 1 {
		s = "1 id"
	}
	if open > 0 {
		s = fmt.Sprintf("%d of %d answered", done+failed, n)
	}
	if failed > 0 {
		s += fmt.Sprintf(" · %d failed", failed)
	}
	if c := n - done - failed - open; c > 0 {
		s += fmt.Sprintf(" · %d cancelled", c)
	}
	return s
}

// startBatch looks up several lead ids of one customer, as a table.
func (m Model) startBatch(customer string, ids []string) (Model, tea.Cmd) {
	var notes []string
	seen := make(map[string]bool, len(ids))
	uniq := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	if d := len(ids) - len(uniq); d > 0 {
		notes = append(notes, fmt.Sprintf("%d repeated %s left out", d, plural(d, "id", "ids")))
	}
	if len(uniq) > maxBatch {
		notes = append(notes, fmt.Sprintf("%d ids pasted; the first %d are looked up (more: leadinspector get %s -)",
			len(uniq), maxBatch, customer))
		uniq = uniq[:maxBatch]
	}
	m.stopWatch("")
	m.batch.cancelRun()
	ctx, cancel := context.WithCancel(m.ctx)
	b := &m.batch
	b.seq++
	b.ctx, b.cancel = ctx, cancel
	b.customer, b.profile, b.format = customer, m.o.Profile, m.format
	b.rows = make([]batchRow, len(uniq))
	for i, id := range uniq {
		b.rows[i] = batchRow{lead: id}
	}
	b.next, b.inFlight, b.sel, b.off = 0, 0, 0, 0
	m.input.setIDs(customer, m.input.fields[fieldLead].Value())
	m.setFocus(focusBatch)
	m.status = status{notice: strings.Join(notes, "; ")}
	cmds := make([]tea.Cmd, 0, m.o.Parallel+1)
	for range m.o.Parallel {
		if cmd := m.dispatch(); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	b.moveTo(0)
	if !m.spinning {
		m.spinning = true
		cmds = append(cmds, m.spin.Tick)
	}
	return m, tea.Batch(cmds...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dispatch starts the lookup of the next queued row, if any and if fewer
// than Options.Parallel are in flight. The command captures values only.
func (m *Model) dispatch() tea.Cmd {
	b := &m.batch
	i := b.nextQueued()
	if i < 0 || b.inFlight >= m.o.Parallel {
		return nil
	}
	b.next = i + 1
	b.inFlight++
	b.rows = slices.Clone(b.rows)
	b.rows[i].state = rowRunning
	client, ctx, seq, c, l, f := m.o.Client, b.ctx, b.seq, b.customer, b.rows[i].lead, b.format
	return func() tea.Msg {
		if client == nil {
			return batchDoneMsg{seq: seq, row: i, err: fmt.Errorf("no API client configured")}
		}
		res, err := client.GetIncomingLead(ctx, c, l, f)
		return batchDoneMsg{seq: seq, row: i, res: res, err: err}
	}
}

func (m Model) onBatchDone(msg batchDoneMsg) (Model, tea.Cmd) {
	b := &m.batch
	if msg.seq != b.seq || msg.row >= len(b.rows) || b.rows[msg.row].state != rowRunning {
		return m, nil // a replaced or cancelled batch
	}
	b.inFlight--
	now := m.now()
	b.now = now
	rows := slices.Clone(b.rows)
	r := &rows[msg.row]
	r.at = now
	r.prev, r.hadPrev = m.lastSeen(b.customer, r.lead)
	var cmd tea.Cmd
	switch {
	case msg.err != nil:
		r.state, r.err = rowFailed, msg.err
		if code := api.StatusOf(msg.err); code != 0 {
			cmd = m.record(history.Entry{Profile: m.o.Profile, CustomerID: b.customer, LeadID: r.lead,
				Status: code, At: now}, -1)
		}
	default:
		res := msg.res
		if res == nil {
			res = &api.Result{Format: b.format}
		}
		if res.Lead == nil {
			res.Lead = &api.IncomingLead{}
		}
		if res.Format == "" {
			res.Format = b.format
		}
		r.state, r.res = rowDone, res
		cmd = m.record(history.Entry{Profile: m.o.Profile, CustomerID: b.customer, LeadID: r.lead,
			State: res.Lead.State, Status: res.Status, At: now}, -1)
	}
	b.rows = rows
	next := m.dispatch()
	b.render()
	if !b.running() {
		b.cancel()
	}
	return m, tea.Batch(cmd, next)
}

// retryRow looks the selected row up again, within the batch (r in the
// table).
func (m Model) retryRow() (Model, tea.Cmd) {
	b := &m.batch
	r, ok := b.selected()
	if !ok || r.state == rowQueued || r.state == rowRunning {
		return m, nil
	}
	if !b.running() {
		// The batch's context ended with its last answer.
		b.ctx, b.cancel = context.WithCancel(m.ctx)
	}
	b.rows = slices.Clone(b.rows)
	b.rows[b.sel] = batchRow{lead: r.lead}
	b.next = min(b.next, b.sel)
	cmd := m.dispatch()
	b.render()
	if !m.spinning {
		m.spinning = true
		cmd = tea.Batch(cmd, m.spin.Tick)
	}
	return m, cmd
}

// lastSeen is the history's entry for a lead of this profile, before the
// lookup now being recorded.
func (m Model) lastSeen(customer, lead string) (history.Entry, bool) {
	for _, e := range m.hist.all {
		if e.Profile == m.o.Profile && e.CustomerID == customer && e.LeadID == lead {
			return e, true
		}
	}
	return history.Entry{}, false
}

// openRow shows the selected row's lead in the detail and raw panes, from
// the answer the batch already has.
func (m Model) openRow() (Model, tea.Cmd) {
	r, ok := m.batch.selected()
	if !ok {
		return m, nil
	}
	k := lookupKey{m.batch.customer, r.lead}
	switch r.state {
	case rowQueued, rowRunning:
		m.status.notice = "still looking up " + sanitize.Line(r.lead) + "; enter opens it once it is answered"
		return m, nil
	case rowCancelled:
		m.status.notice = "that lookup was cancelled; r looks it up again"
		m.last = k
		return m, nil
	case rowFailed:
		m.status = status{kind: statusErr, err: r.err, customer: k.customer,
			text: errorTextFor(r.err, m.o.Profile, k.customer, m.privacy)}
		m.last = k
		return m, nil
	}
	m.cancelRequest()
	m.stopWatch("")
	m.shown = (&shownLead{seq: -1, key: k, at: r.at}).with(r.res)
	m.format = r.res.Format
	m.last = k
	m.detail.setLead(r.res.Lead, k.customer, k.lead)
	if from, to := r.prev.State, r.res.Lead.State; r.hadPrev && from != "" && to != "" && from != to {
		m.detail.setChange(&detail.Change{From: from, To: to, LastSeen: r.prev.At})
	}
	m.raw.SetResult(r.res)
	m.status = status{kind: statusOK, text: resultText(r.res) + " · from the batch",
		notice: "shift+tab goes back to the table"}
	m.setFocus(focusDetail)
	return m, nil
}

// cancelBatch stops the batch's outstanding lookups.
func (m *Model) cancelBatch() bool {
	done, failed, open := m.batch.counts()
	if !m.batch.cancelRun() {
		return false
	}
	m.status = status{kind: statusNote, text: fmt.Sprintf("batch cancelled: %d answered, %d not looked up", done+failed, open)}
	return true
}

// holderWords names who holds the lead: level and id, "office KTR… (M30011)".
func holderWords(r *api.LeadReceiver) (level, id string) {
	switch r.Holder() {
	case api.LevelAgent:
		return "agent", sanitize.Line(r.Agent.ID)
	case api.LevelUserGroup:
		return "user group", sanitize.Line(r.UserGroup.ID)
	case api.LevelOffice:
		id := sanitize.Line(r.Office.ID)
		if r.Office.CustomerID != "" {
			id = strings.TrimSpace(id + " (" + sanitize.Line(r.Office.CustomerID) + ")")
		}
		return "office", id
	}
	return "nobody", ""
}

func leadTypeOf(l *api.IncomingLead) string {
	if l.LeadSource == nil || l.LeadSource.LeadType == "" {
		return ""
	}
	return sanitize.Line(string(l.LeadSource.LeadType))
}

// render builds the visible lines: a header, then one row per id.
func (p *batchPane) render() {
	if p.st == nil || p.w <= 0 {
		return
	}
	type row struct{ lead, badge, holder, typ, age, errText string }
	pt := p.paint
	end := min(p.off+p.rowsHeight(), len(p.rows))
	rs := make([]row, 0, max(end-p.off, 0))
	lw, bw, tw, aw, hw := len("Lead ID"), len("State"), len("Lead type"), len("Age"), len("Held by")
	for _, r := range p.rows[p.off:max(end, p.off)] {
		x := row{lead: sanitize.Line(r.lead)}
		switch r.state {
		case rowQueued:
			x.badge = pt.subtle.render("queued")
		case rowRunning:
			x.badge = pt.muted.render("looking up…")
		case rowCancelled:
			x.badge = pt.muted.render("cancelled")
		case rowFailed:
			x.errText = errorTextFor(r.err, p.profile, p.customer, p.privacy)
		case rowDone:
			l := r.res.Lead
			x.badge = p.badge(l.State)
			if r.hadPrev && r.prev.State != "" && l.State != "" && r.prev.State != l.State {
				x.badge += pt.warn.render(" was " + sanitize.Line(string(r.prev.State)))
			}
			level, id := holderWords(l.Receiver)
			x.holder = strings.TrimSpace(level + " " + id)
			x.typ = leadTypeOf(l)
			x.age = "—"
			if !l.SentAt.IsZero() {
				// The column says Age: "3 d", not "3 d ago".
				x.age = strings.TrimSuffix(detail.Age(l.SentAt, p.now), " ago")
			}
		}
		rs = append(rs, x)
		lw = max(lw, cellWidth(x.lead))
		bw = max(bw, cellWidth(x.badge))
		tw = max(tw, cellWidth(x.typ))
		aw = max(aw, cellWidth(x.age))
		hw = max(hw, cellWidth(x.holder))
	}
	lw = min(lw, 40)
	// Lead id, state and age always show; the lead type when there is
	// room; the holder takes what is left, cut with an ellipsis.
	const gap = 2
	used := 2 + lw + gap + bw + gap + aw
	showType := used+gap+tw+gap+min(hw, 24) <= p.w
	if showType {
		used += gap + tw
	}
	holderW := min(hw, p.w-used-gap)
	showHolder := holderW >= len("agent")
	if !showHolder {
		holderW = 0
	}
	cell := func(s string, w int) string { return fit(s, w) + strings.Repeat(" ", gap) }
	var head strings.Builder
	head.WriteString("  " + cell("Lead ID", lw) + cell("State", bw))
	if showHolder {
		head.WriteString(cell("Held by", holderW))
	}
	if showType {
		head.WriteString(cell("Lead type", tw))
	}
	head.WriteString("Age")
	lines := make([]string, 0, p.h)
	lines = append(lines, fit(pt.label.render(head.String()), p.w))
	if len(p.rows) == 0 {
		lines = append(lines, fit(pt.muted.render("No batch yet: paste several lead ids into the Lead ID field."), p.w))
	}
	for i, x := range rs {
		mark, idStyle := "  ", pt.text
		if p.off+i == p.sel {
			mark, idStyle = pt.accent.render("▸ "), pt.selected
		}
		var b strings.Builder
		b.WriteString(mark + idStyle.render(fit(x.lead, lw)) + strings.Repeat(" ", gap))
		if x.errText != "" {
			b.WriteString(pt.danger.render(x.errText))
			lines = append(lines, fit(b.String(), p.w))
			continue
		}
		b.WriteString(cell(x.badge, bw))
		if showHolder {
			b.WriteString(cell(x.holder, holderW))
		}
		if showType {
			b.WriteString(cell(pt.muted.render(x.typ), tw))
		}
		b.WriteString(pt.muted.render(x.age))
		lines = append(lines, fit(b.String(), p.w))
	}
	p.lines = lines
}

// tsv is the table as tab-separated values with a header line: plain,
// sanitised text, one line per id, for a spreadsheet or a ticket. It holds
// no personal data (no message, contact or estate ids, UTM values).
func (p batchPane) tsv() string {
	var b strings.Builder
	b.WriteString("Customer ID\tLead ID\tState\tHeld by\tReceiver\tLead type\tSent at\tAge\tResult\n")
	clean := func(s string) string { return strings.TrimSpace(sanitize.Line(s)) }
	for _, r := range p.rows {
		cells := []string{clean(p.customer), clean(r.lead), "", "", "", "", "", "", ""}
		switch r.state {
		case rowQueued, rowRunning:
			cells[8] = "not answered yet"
		case rowCancelled:
			cells[8] = "cancelled"
		case rowFailed:
			cells[8] = clean(errorTextFor(r.err, p.profile, p.customer, p.privacy))
		case rowDone:
			l := r.res.Lead
			cells[2] = clean(string(l.State))
			cells[3], cells[4] = holderWords(l.Receiver)
			cells[5] = leadTypeOf(l)
			if !l.SentAt.IsZero() {
				cells[6] = l.SentAt.In(p.location()).Format("2006-01-02 15:04 MST")
				cells[7] = detail.Age(l.SentAt, p.now)
			}
			cells[8] = statusWords(r.res.Status)
		}
		b.WriteString(strings.Join(cells, "\t") + "\n")
	}
	return b.String()
}

func (p batchPane) location() *time.Location {
	if p.loc == nil {
		return time.Local
	}
	return p.loc
}

// copyTable copies the batch table as TSV.
func (m Model) copyTable() (Model, tea.Cmd) {
	if !m.batch.has() {
		return m, nil
	}
	text := m.batch.tsv()
	n := len(m.batch.rows)
	m.status.notice = fmt.Sprintf("copied the table (%d %s, tab-separated) to the clipboard", n, plural(n, "row", "rows"))
	return m, tea.SetClipboard(sanitize.Clipboard(text))
}
