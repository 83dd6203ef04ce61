package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
)

// reqKind says what a request is for.
type reqKind int

const (
	// kindLookup shows a lead (from the input, history or r).
	kindLookup reqKind = iota
	// kindFlip fetches the other representation of the lead on screen.
	kindFlip
	// kindWatch fetches the watched lead again and compares.
	kindWatch
)

type lookupKey struct{ customer, lead string }

// request is the one request in flight.
type request struct {
	active    bool
	seq       int
	kind      reqKind
	key       lookupKey
	format    api.Format
	started   time.Time
	cancel    context.CancelFunc
	moveFocus bool // on success, focus the detail pane
}

// shownLead is the lead on screen and the representations fetched for it.
type shownLead struct {
	seq       int
	key       lookupKey
	at        time.Time // when it was looked up
	json, xml *rawview.Prepared
}

func (s *shownLead) get(f api.Format) *rawview.Prepared {
	if f == api.XML {
		return s.xml
	}
	return s.json
}

// with returns a copy holding r too: models are values, so what they share
// is never changed in place.
func (s *shownLead) with(r *rawview.Prepared) *shownLead {
	c := *s
	if r.Result().Format == api.XML {
		c.xml = r
	} else {
		c.json = r
	}
	return &c
}

// lookupDoneMsg carries a request's outcome back to Update.
type lookupDoneMsg struct {
	seq    int
	kind   reqKind
	key    lookupKey
	format api.Format
	res    *api.Result
	doc    *rawview.Prepared // res made ready for the raw pane, in the command
	err    error
}

// lookupDone builds the message for a request's outcome. It runs in the
// command: an answer's body is prepared for the raw pane there, so that
// Update only swaps it in.
func lookupDone(seq int, kind reqKind, k lookupKey, f api.Format, res *api.Result, err error) lookupDoneMsg {
	msg := lookupDoneMsg{seq: seq, kind: kind, key: k, format: f, err: err}
	if err != nil {
		return msg
	}
	if res == nil {
		res = &api.Result{Format: f}
	}
	if res.Format == "" {
		res.Format = f
	}
	msg.res, msg.doc = res, rawview.Prepare(res)
	return msg
}

// startLookup cancels the request in flight, if any, and starts another.
// The command captures values only, never the model.
func (m *Model) startLookup(k lookupKey, f api.Format, kind reqKind, moveFocus bool) tea.Cmd {
	m.cancelRequest()
	m.seq++
	ctx, cancel := context.WithCancel(m.ctx)
	m.req = request{
		active: true, seq: m.seq, kind: kind, key: k, format: f,
		started: m.now(), cancel: cancel, moveFocus: moveFocus,
	}
	if kind != kindFlip {
		m.last = k
	}
	m.status = status{}
	client, seq := m.o.Client, m.seq
	fetch := func() tea.Msg {
		if client == nil {
			return lookupDoneMsg{seq: seq, kind: kind, key: k, format: f, err: errors.New("no API client configured")}
		}
		res, err := client.GetIncomingLead(ctx, k.customer, k.lead, f)
		return lookupDone(seq, kind, k, f, res, err)
	}
	if m.spinning {
		return fetch
	}
	m.spinning = true
	return tea.Batch(fetch, m.spin.Tick)
}

// cancelRequest stops the request in flight; its answer, if one still
// comes, is dropped.
func (m *Model) cancelRequest() bool {
	if !m.req.active {
		return false
	}
	m.req.cancel()
	m.req = request{}
	m.seq++
	return true
}

func (m Model) onLookupDone(msg lookupDoneMsg) (Model, tea.Cmd) {
	if !m.req.active || msg.seq != m.seq {
		return m, nil // stale: the user has moved on
	}
	req := m.req
	req.cancel()
	m.req = request{}
	if msg.err != nil {
		m.status = status{kind: statusErr, err: msg.err, customer: msg.key.customer,
			text: errorTextFor(msg.err, m.o.Profile, msg.key.customer, m.privacy)}
		if msg.kind == kindWatch {
			m.watch.note = "the last check failed; still watching"
		}
		if code := api.StatusOf(msg.err); code != 0 && msg.kind != kindFlip {
			// The lead was asked about and the server answered: worth a row,
			// keeping its last known State.
			cmd := m.record(history.Entry{
				Profile: m.o.Profile, CustomerID: msg.key.customer, LeadID: msg.key.lead,
				Status: code, At: m.now(),
			}, msg.seq)
			return m, cmd
		}
		return m, nil
	}
	res := msg.res
	m.status = status{kind: statusOK, text: resultText(res)}
	if msg.kind == kindFlip {
		if m.shown != nil && m.shown.key == msg.key {
			m.shown = m.shown.with(msg.doc)
			m.format = res.Format
			m.raw.Show(msg.doc)
		}
		return m, nil
	}
	lead := res.Lead
	if lead == nil {
		lead = &api.IncomingLead{}
	}
	if msg.kind == kindWatch {
		return m.onWatchResult(msg, res, lead)
	}
	m.shown = (&shownLead{seq: msg.seq, key: msg.key, at: m.now()}).with(msg.doc)
	m.format = res.Format
	m.detail.setLead(lead, msg.key.customer, msg.key.lead)
	m.raw.Show(msg.doc)
	if m.focus != focusBatch {
		m.showBatch = false // the lead just looked up takes the batch table's place
	}
	if req.moveFocus {
		m.setFocus(focusDetail)
	}
	cmd := m.record(history.Entry{
		Profile: m.o.Profile, CustomerID: msg.key.customer, LeadID: msg.key.lead,
		State: lead.State, Status: res.Status, At: m.now(),
	}, msg.seq)
	return m, cmd
}

// lookUpInput looks up what the input pane holds: one lead, or several
// (typed with spaces or commas) in a batch.
func (m Model) lookUpInput() (Model, tea.Cmd) {
	c, l := m.input.ids()
	if bc, ids, ok := splitBatch(l); ok && (c != "" || bc != "") {
		if bc != "" {
			c = bc
		}
		return m.startBatch(c, ids)
	}
	// "M30011/LED…" typed (not pasted) into the Lead ID field.
	if pc, pl, ok := splitPaste(l); ok {
		c, l = pc, pl
		m.input.setIDs(c, l)
	}
	switch {
	case c == "":
		m.status = status{kind: statusNote, text: "type a Customer ID first"}
		m.focusField(fieldCustomer)
		return m, nil
	case l == "":
		m.status = status{kind: statusNote, text: "type a Lead ID first"}
		m.focusField(fieldLead)
		return m, nil
	}
	m.stopWatch("")
	cmd := m.startLookup(lookupKey{c, l}, m.format, kindLookup, true)
	return m, cmd
}

// reopen looks up the history entry under the cursor.
func (m Model) reopen() (Model, tea.Cmd) {
	e, ok := m.hist.selected()
	if !ok {
		return m, nil
	}
	m.input.setIDs(e.CustomerID, e.LeadID)
	if e.Profile != "" && e.Profile != m.o.Profile {
		m.status = status{kind: statusNote, text: fmt.Sprintf(
			"that lookup was made with profile %s, this inspector uses %s; ids copied to the input, enter looks them up here",
			e.Profile, quoteProfile(m.o.Profile))}
		return m, nil
	}
	m.stopWatch("")
	cmd := m.startLookup(lookupKey{e.CustomerID, e.LeadID}, m.format, kindLookup, false)
	return m, cmd
}

// flip shows the other representation, fetching it on first use.
func (m Model) flip() (Model, tea.Cmd) {
	if m.shown == nil {
		return m, nil
	}
	want := m.format.Other()
	if r := m.shown.get(want); r != nil {
		m.format = want
		m.raw.Show(r)
		m.status = status{kind: statusOK, text: resultText(r.Result())}
		return m, nil
	}
	cmd := m.startLookup(m.shown.key, want, kindFlip, false)
	return m, cmd
}

// historyOpenedMsg brings the opened store back from Init's command.
type historyOpenedMsg struct {
	store   *history.Store
	warn    error
	entries []history.Entry
}

func openHistory(dir string, limit int) tea.Cmd {
	return func() tea.Msg {
		s, warn := history.Open(dir, limit)
		return historyOpenedMsg{s, warn, s.Entries()}
	}
}

func (m *Model) onHistoryOpened(msg historyOpenedMsg) tea.Cmd {
	m.store = msg.store
	m.hist.setEntries(msg.entries, m.focus == focusHistory)
	if msg.warn != nil {
		m.historyProblem(msg.warn)
	}
	var cmds []tea.Cmd
	for _, e := range m.pending {
		cmds = append(cmds, m.record(e, -1))
	}
	m.pending = nil
	if m.quitting && m.writes == 0 {
		return tea.Quit
	}
	return tea.Sequence(cmds...)
}

// historyMsg reports a change to the history made in a command.
type historyMsg struct {
	seq     int // of the lookup recorded; 0 for a deletion
	prev    history.Entry
	hadPrev bool
	entries []history.Entry
	gen     uint64 // the store's generation of entries
	err     error
}

// record saves a lookup in the history, in a command (it writes a file).
func (m *Model) record(e history.Entry, seq int) tea.Cmd {
	store := m.store
	if store == nil {
		m.pending = append(m.pending, e)
		return nil
	}
	m.writes++
	return func() tea.Msg {
		prev, had, err := store.Record(e)
		entries, gen := store.Snapshot()
		return historyMsg{seq: seq, prev: prev, hadPrev: had, entries: entries, gen: gen, err: err}
	}
}

// deleteSelected removes the history entry under the cursor.
func (m Model) deleteSelected() (Model, tea.Cmd) {
	e, ok := m.hist.selected()
	if !ok || m.store == nil {
		return m, nil
	}
	store := m.store
	m.writes++
	return m, func() tea.Msg {
		err := store.Delete(e.Profile, e.CustomerID, e.LeadID)
		entries, gen := store.Snapshot()
		return historyMsg{entries: entries, gen: gen, err: err}
	}
}

func (m *Model) onHistory(msg historyMsg) tea.Cmd {
	m.writes = max(m.writes-1, 0)
	// Writes run in parallel commands: a snapshot older than the one shown
	// arrives late and is dropped.
	if msg.gen >= m.histGen {
		m.histGen = msg.gen
		m.hist.setEntries(msg.entries, m.focus == focusHistory)
	}
	if msg.err != nil {
		m.historyProblem(msg.err)
	}
	if m.quitting && m.writes == 0 {
		return tea.Quit
	}
	if m.shown == nil || msg.seq != m.shown.seq || !msg.hadPrev || m.detail.lead == nil {
		return nil
	}
	from, to := msg.prev.State, m.detail.lead.State
	if from != "" && to != "" && from != to {
		m.detail.setChange(&detail.Change{From: from, To: to, LastSeen: msg.prev.At})
	}
	return nil
}

// historyProblem shows a problem with the history file once: the same
// failure on every later write would only repeat it, a different one is news.
func (m *Model) historyProblem(err error) {
	if err.Error() == m.warned {
		return
	}
	m.warned = err.Error()
	m.status.notice = err.Error()
}

// quitWait bounds how long quitting waits for history writes in flight.
const quitWait = 2 * time.Second

// quitNowMsg ends the program when history writes took longer than quitWait.
type quitNowMsg struct{}

// quit ends the program, once the history writes in flight are done: a
// lookup made just before q must not be lost. A second ctrl+c, or quitWait,
// ends it regardless.
func (m Model) quit() (Model, tea.Cmd) {
	m.cancelRequest()
	m.batch.cancelRun()
	opening := m.store == nil && m.o.StateDir != "" && len(m.pending) > 0
	if m.quitting || m.writes == 0 && !opening {
		return m, tea.Quit
	}
	m.quitting = true
	m.status = status{kind: statusNote, text: "saving history…"}
	return m, m.after(quitWait, func(time.Time) tea.Msg { return quitNowMsg{} })
}
