package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
)

// The batch runner: the jobs of a batch (one lookup per row), at most
// parallel at a time, their cancel, and their answers taken in. It knows
// nothing of the screen; the batch table (batchpane.go) shows its rows.

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

// answered is true once the server said something about the row.
func (r batchRow) answered() bool { return r.state == rowDone || r.state == rowFailed }

// change is the State change a done row saw, nil for none.
func (r batchRow) change() *detail.Change {
	if r.state != rowDone || !r.hadPrev {
		return nil
	}
	from, to := r.prev.State, r.res.Lead.State
	if from == "" || to == "" || r.res.Enums.SameState(from, to) {
		return nil
	}
	return &detail.Change{From: from, To: to, LastSeen: r.prev.At}
}

// batchDoneMsg brings one row's answer back. The root routes it to the
// batch table's Update with what only the root knows filled in: at, the
// time it came, and prev, the history's entry for the lead before this
// lookup (hadPrev false for none).
type batchDoneMsg struct {
	seq int
	row int
	key lookupKey // the row's lead
	res *api.Result
	doc *rawview.Prepared
	err error

	at      time.Time
	prev    history.Entry
	hadPrev bool
}

// recordSeq is the seq of a row's history record: one no lead on screen
// has (a lookup's is its request's, 1 and up; a row opened from the table
// has -1), so that the record marks no State change on the lead on screen
// (noteChange). A row shows its own change (batchRow.change).
const recordSeq = -2

// batchRun runs the lookups of one batch at a time: the commands like any
// other, at most parallel in flight; their answers carry the batch's seq,
// so a replaced batch's answers are dropped. rows is shared with earlier
// models: replaced, never changed in place.
type batchRun struct {
	seq      int // of the current batch; never reused
	client   api.LeadGetter
	parallel int
	parent   context.Context // of every batch's lookups
	ctx      context.Context // of this batch's
	cancel   context.CancelFunc
	customer string // of every row, "" when they differ
	profile  string
	format   api.Format
	rows     []batchRow // in input order
	next     int        // no row before this one is queued
	inFlight int
	// hist records each lookup the server answered, in the order the
	// answers come, as single lookups are: the history pane's writer.
	hist *history.Writer
	l    *i18n.Localizer // the notes' and the progress' words
}

func newBatchRun(parent context.Context, parallel int, hist *history.Writer, l *i18n.Localizer) batchRun {
	return batchRun{parent: parent, parallel: parallel, hist: hist, l: l}
}

// has is true once a batch has been started.
func (b batchRun) has() bool { return len(b.rows) > 0 }

// running is true while rows are queued or in flight.
func (b batchRun) running() bool { return b.inFlight > 0 || b.nextQueued() >= 0 }

// nextQueued is the first row waiting for its lookup, -1 for none.
func (b batchRun) nextQueued() int {
	for i := b.next; i < len(b.rows); i++ {
		if b.rows[i].state == rowQueued {
			return i
		}
	}
	return -1
}

// counts says how many rows are done, failed and still open.
func (b batchRun) counts() (done, failed, open int) {
	for _, r := range b.rows {
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

// progress is the status bar's words while the batch runs, "" when it
// does not.
func (b batchRun) progress() string {
	if !b.running() {
		return ""
	}
	done, failed, _ := b.counts()
	return b.l.N("ui.status.batch", len(b.rows), "Done", done+failed)
}

// stop cancels the batch's lookups; rows not answered yet say so. false
// when nothing was running.
func (b *batchRun) stop() bool {
	if !b.running() {
		return false
	}
	b.cancel()
	rows := slices.Clone(b.rows)
	for i := range rows {
		if rows[i].state == rowQueued || rows[i].state == rowRunning {
			rows[i].state = rowCancelled
		}
	}
	b.rows, b.next, b.inFlight = rows, len(rows), 0
	return true
}

// stopWords stops the batch's lookups and says what that left; "" when
// nothing was running.
func (b *batchRun) stopWords() string {
	done, failed, open := b.counts()
	if !b.stop() {
		return ""
	}
	return b.l.T("ui.batch.cancelled", "Done", done+failed, "Open", open)
}

// end ends the batch: its lookups stop, its late answers are dropped and
// its rows go.
func (b *batchRun) end() {
	b.stop()
	b.seq++
	b.rows = nil
}

// start looks up several leads, replacing the batch there was. notes say
// what was left out.
func (b *batchRun) start(client api.LeadGetter, ids []lookupKey, profile string, format api.Format) (cmd tea.Cmd, notes string) {
	uniq, n := b.jobs(ids)
	customer := uniq[0].customer
	for _, k := range uniq {
		if k.customer != customer {
			customer = ""
		}
	}
	b.stop()
	b.seq++
	b.client = client
	b.ctx, b.cancel = context.WithCancel(b.parent)
	b.customer, b.profile, b.format = customer, profile, format
	b.rows = make([]batchRow, len(uniq))
	for i, k := range uniq {
		b.rows[i] = batchRow{customer: k.customer, lead: k.lead}
	}
	b.next, b.inFlight = 0, 0
	cmds := make([]tea.Cmd, 0, b.parallel)
	for range b.parallel {
		if cmd := b.dispatch(); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...), n
}

// jobs is the ids to look up, each once and at most maxBatch, and the
// notes saying what was left out.
func (b batchRun) jobs(ids []lookupKey) ([]lookupKey, string) {
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
		n = append(n, b.l.N("ui.batch.note.repeated", d))
	}
	if len(uniq) > maxBatch {
		n = append(n, b.l.T("ui.batch.note.too_many", "Pasted", len(uniq), "Max", maxBatch,
			"Command", "leadinspector get "+uniq[0].customer+" -"))
		uniq = uniq[:maxBatch]
	}
	return uniq, strings.Join(n, "; ")
}

// dispatch starts the lookup of the next queued row, if any and if fewer
// than parallel are in flight. The command captures values only, and
// prepares the body for the raw pane (enter opens the row).
func (b *batchRun) dispatch() tea.Cmd {
	i := b.nextQueued()
	if i < 0 || b.inFlight >= b.parallel {
		return nil
	}
	b.next = i + 1
	b.inFlight++
	b.rows = slices.Clone(b.rows)
	b.rows[i].state = rowRunning
	client, ctx, seq, k, f := b.client, b.ctx, b.seq, lookupKey{b.rows[i].customer, b.rows[i].lead}, b.format
	return func() tea.Msg {
		if client == nil {
			return batchDoneMsg{seq: seq, row: i, key: k, err: fmt.Errorf("no API client configured")}
		}
		res, err := client.GetIncomingLead(ctx, k.customer, k.lead, f)
		d := lookupDone(seq, kindLookup, k, f, res, err)
		return batchDoneMsg{seq: seq, row: i, key: k, res: d.res, doc: d.doc, err: err}
	}
}

// take takes one row's answer, records it in the history (when the server
// answered) and starts the next lookup; ok is false for a replaced or
// cancelled batch's answer, which is dropped.
func (b *batchRun) take(msg batchDoneMsg) (cmd tea.Cmd, ok bool) {
	if msg.seq != b.seq || msg.row >= len(b.rows) || b.rows[msg.row].state != rowRunning {
		return nil, false // a replaced or cancelled batch
	}
	b.inFlight--
	rows := slices.Clone(b.rows)
	r := &rows[msg.row]
	r.at, r.prev, r.hadPrev = msg.at, msg.prev, msg.hadPrev
	var rec *history.Entry
	switch {
	case msg.err != nil:
		r.state, r.err = rowFailed, msg.err
		if code := api.AnsweredStatus(msg.err); code != 0 {
			rec = &history.Entry{Profile: b.profile, CustomerID: r.customer, LeadID: r.lead, Status: code, At: msg.at}
		}
	default:
		res := msg.res
		if res == nil {
			res = &api.Result{Format: b.format}
		}
		if res.Lead == nil {
			res.Lead = &api.IncomingLead{}
		}
		r.state, r.res, r.doc = rowDone, res, msg.doc
		rec = &history.Entry{Profile: b.profile, CustomerID: r.customer, LeadID: r.lead,
			State: res.Lead.State, Status: res.Status, At: msg.at, Enums: res.Enums}
	}
	b.rows = rows
	if rec != nil {
		cmd = awaitHistory(b.hist.Record(*rec), recordSeq, "")
	}
	cmd = tea.Batch(b.dispatch(), cmd)
	if !b.running() {
		b.cancel()
	}
	return cmd, true
}

// retry queues row i again, within the batch, and starts its lookup if
// fewer than parallel are in flight; ok is false while it is queued or
// running already.
func (b *batchRun) retry(i int) (cmd tea.Cmd, ok bool) {
	if i < 0 || i >= len(b.rows) || b.rows[i].state == rowQueued || b.rows[i].state == rowRunning {
		return nil, false
	}
	if !b.running() {
		// The batch's context ended with its last answer.
		b.ctx, b.cancel = context.WithCancel(b.parent)
	}
	r := b.rows[i]
	b.rows = slices.Clone(b.rows)
	b.rows[i] = batchRow{customer: r.customer, lead: r.lead}
	b.next = min(b.next, i)
	return b.dispatch(), true
}
