package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
)

// startLookup cancels the request in flight, if any, and starts another.
// The command captures values only, never the model.
func (m *Model) startLookup(k lookupKey, f api.Format, kind reqKind, moveFocus bool) tea.Cmd {
	m.status = status{}
	return m.req.start(m.env.ctx, m.env.Client, k, f, kind, moveFocus, m.env.now())
}

func (m Model) onLookupDone(msg lookupDoneMsg) (Model, tea.Cmd) {
	req, ok := m.req.done(msg)
	if !ok {
		return m, nil // stale: the user has moved on
	}
	k := msg.key
	if msg.err != nil {
		m.status = errStatus(msg.err, m.env.Profile, k.customer, m.privacy)
		if msg.kind == kindWatch {
			m.watch.note = "the last check failed; still watching"
		}
		if code := api.StatusOf(msg.err); code != 0 && msg.kind != kindFlip {
			// The lead was asked about and the server answered: worth a row,
			// keeping its last known State.
			return m, m.record(&history.Entry{Profile: m.env.Profile, CustomerID: k.customer, LeadID: k.lead,
				Status: code, At: m.env.now()}, msg.seq)
		}
		return m, nil
	}
	res := msg.res
	m.status = status{kind: statusOK, text: resultText(res)}
	if msg.kind == kindFlip {
		if m.shown != nil && m.shown.key == k {
			m.shown = m.shown.with(msg.doc)
			m.raw.Show(msg.doc)
		}
		return m, nil
	}
	lead := res.Lead
	if lead == nil {
		lead = &api.IncomingLead{}
	}
	same := m.shown != nil && m.shown.key == k
	switch {
	case msg.kind == kindWatch:
		var prev *api.IncomingLead
		if same {
			prev = m.detail.lead
		}
		diff := m.watch.compare(prev, lead, same, m.env.now())
		if diff != 0 || !same {
			m.show(msg.seq, k, msg)
			m.detail.updateLead(lead, k.customer, k.lead, diff)
		}
		if m.shown.key == k {
			// Keep the representations already fetched, and the raw pane
			// where the user scrolled it, but not when it was looked at.
			m.shown = m.shown.seenAt(m.env.now())
		}
	default:
		m.show(msg.seq, k, msg)
		m.detail.setLead(lead, k.customer, k.lead)
		if m.focus != focusBatch {
			m.showBatch = false // the lead just looked up takes the batch table's place
		}
		if req.moveFocus {
			m.setFocus(focusDetail)
		}
	}
	return m, m.record(&history.Entry{Profile: m.env.Profile, CustomerID: k.customer, LeadID: k.lead,
		State: lead.State, Status: res.Status, At: m.env.now()}, msg.seq)
}

// show puts a fetched lead on screen in the raw pane (the detail pane is
// told by the caller: a watch marks what changed).
func (m *Model) show(seq int, k lookupKey, msg lookupDoneMsg) {
	m.shown = (&shownLead{seq: seq, key: k, at: m.env.now()}).with(msg.doc)
	m.raw.Show(msg.doc)
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
	m.watch.stop()
	return m, m.startLookup(lookupKey{c, l}, m.format(), kindLookup, true)
}

// reopen looks up the history entry under the cursor.
func (m Model) reopen() (Model, tea.Cmd) {
	e, ok := m.hist.selected()
	if !ok {
		return m, nil
	}
	m.input.setIDs(e.CustomerID, e.LeadID)
	if e.Profile != "" && e.Profile != m.env.Profile {
		m.status = status{kind: statusNote, text: fmt.Sprintf(
			"that lookup was made with profile %s, this inspector uses %s; ids copied to the input, enter looks them up here",
			e.Profile, quoteProfile(m.env.Profile))}
		return m, nil
	}
	m.watch.stop()
	return m, m.startLookup(lookupKey{e.CustomerID, e.LeadID}, m.format(), kindLookup, false)
}

// flip shows the other representation, fetching it on first use: a
// representation fetched before is swapped in at once.
func (m Model) flip() (Model, tea.Cmd) {
	if m.shown == nil {
		return m, nil
	}
	want := m.format().Other()
	if r := m.shown.get(want); r != nil {
		m.raw.Show(r)
		m.status = status{kind: statusOK, text: resultText(r.Result())}
		return m, nil
	}
	return m, m.startLookup(m.shown.key, want, kindFlip, false)
}

// startBatch looks up several lead ids of one customer, as a table.
func (m Model) startBatch(customer string, ids []string) (Model, tea.Cmd) {
	m.watch.stop()
	cmd, notes := m.batch.start(m.env.Client, customer, ids, m.env.Profile, m.format())
	m.input.setIDs(customer, m.input.fields[fieldLead].Value())
	m.setFocus(focusBatch)
	m.status = status{notice: notes}
	return m, tea.Batch(cmd, m.req.spinStart())
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
		m.req.last = k
		return m, nil
	case rowFailed:
		m.status = errStatus(r.err, m.env.Profile, k.customer, m.privacy)
		m.req.last = k
		return m, nil
	}
	m.req.cancel()
	m.watch.stop()
	m.shown = (&shownLead{seq: -1, key: k, at: r.at}).with(r.doc)
	m.req.last = k
	m.detail.setLead(r.res.Lead, k.customer, k.lead)
	m.detail.setChange(r.change())
	m.raw.Show(r.doc)
	m.status = status{kind: statusOK, text: resultText(r.res) + " · from the batch",
		notice: "shift+tab goes back to the table"}
	m.setFocus(focusDetail)
	return m, nil
}

// toggleWatch starts watching the lead on screen, or stops.
func (m Model) toggleWatch() (Model, tea.Cmd) {
	if m.watch.stop() {
		m.status.notice = "stopped watching"
		return m, nil
	}
	if m.shown == nil {
		m.status.notice = "look a lead up first, then w watches it"
		return m, nil
	}
	m.status.notice = ""
	return m, m.watch.start(m.shown.key, m.env.now())
}

// watchFetch fetches the watched lead now.
func (m *Model) watchFetch() tea.Cmd {
	m.watch.fetched(m.env.now())
	return m.startLookup(m.watch.key, m.format(), kindWatch, false)
}

// record saves a lookup (nil: none) in the history.
func (m Model) record(e *history.Entry, seq int) tea.Cmd {
	if e == nil {
		return nil
	}
	return m.hist.record(*e, seq)
}

// onHistory shows the history as a change left it, and the State change a
// lookup saw.
func (m *Model) onHistory(msg historyMsg) {
	m.hist.onChange()
	m.historyProblem(msg.Problem)
	if m.shown == nil || msg.seq != m.shown.seq || !msg.HadPrev || m.detail.lead == nil {
		return
	}
	from, to := msg.Prev.State, m.detail.lead.State
	if from != "" && to != "" && from != to {
		m.detail.setChange(&detail.Change{From: from, To: to, LastSeen: msg.Prev.At})
	}
}

// historyProblem shows a problem with the history file (the writer
// reports each one once).
func (m *Model) historyProblem(err error) {
	if err != nil {
		m.status.notice = err.Error()
	}
}

// lastSeen is the history's entry for a lead of this profile, before the
// lookup now being recorded.
func (m Model) lastSeen(customer, lead string) (history.Entry, bool) {
	for _, e := range m.hist.all {
		if e.Profile == m.env.Profile && e.CustomerID == customer && e.LeadID == lead {
			return e, true
		}
	}
	return history.Entry{}, false
}

// format is the representation the raw pane shows (before the first
// lookup, the one it will ask for).
func (m Model) format() api.Format {
	if f := m.raw.Format(); f != "" {
		return f
	}
	return m.env.Format
}

// facts are about the lookup t and C act on: the selected row in the
// batch table, else the lead on screen; nil for none.
func (m Model) facts() *ticketFacts {
	if m.focus == focusBatch {
		r, ok := m.batch.selected()
		if !ok || r.state != rowDone && r.state != rowFailed {
			return nil
		}
		f := ticketFacts{key: lookupKey{m.batch.customer, r.lead}, format: m.batch.format, err: r.err, at: r.at}
		if r.state == rowDone {
			f.lead, f.format, f.change = r.res.Lead, r.res.Format, r.change()
		}
		return &f
	}
	if m.shown == nil || m.detail.lead == nil {
		return nil
	}
	return &ticketFacts{key: m.shown.key, format: m.format(), lead: m.detail.lead, change: m.detail.change, at: m.shown.at}
}

