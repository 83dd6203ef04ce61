package ui

import (
	"time"

	"leadinspector/api"
	"leadinspector/ui/detail"
	"leadinspector/ui/rawview"
)

// The lead on screen: the panes show it (detail and raw), and hold the
// representations fetched for it.

// take shows a lead just fetched (a lookup, or a watch's fetch compared
// with what was shown), and returns it.
func (m *panes) take(msg lookupDoneMsg, moveFocus bool, w *watcher, now time.Time) *api.IncomingLead {
	k, lead := msg.key, msg.res.Lead
	if lead == nil {
		lead = &api.IncomingLead{}
	}
	if msg.kind != kindWatch {
		m.show(msg.seq, k, msg.doc, now)
		m.detail.setLead(lead, k.customer, k.lead)
		if m.focus != focusBatch {
			m.leaveMain(focusBatch) // the lead just looked up takes the batch table's place
		}
		if moveFocus {
			m.setFocus(focusDetail)
		}
		return lead
	}
	same := m.shown != nil && m.shown.key == k
	var prev *api.IncomingLead
	if same {
		prev = m.detail.lead
	}
	if diff := w.compare(prev, lead, msg.res.Enums, same, now); diff != 0 || !same {
		m.show(msg.seq, k, msg.doc, now)
		m.detail.updateLead(lead, k.customer, k.lead, diff)
		return lead
	}
	// The same lead unchanged: keep the representations already fetched,
	// and the raw pane where the user scrolled it.
	m.shown = m.shown.seenAt(now)
	return lead
}

// show puts a fetched body on screen in the raw pane (the detail pane is
// told by the caller: a watch marks what changed).
func (m *panes) show(seq int, k lookupKey, doc *rawview.Prepared, at time.Time) {
	m.shown = (&shownLead{seq: seq, key: k, at: at}).with(doc)
	m.raw.Show(doc)
}

// showOther shows the other representation of the lead on screen, just
// fetched (f).
func (m *panes) showOther(msg lookupDoneMsg) {
	if m.shown != nil && m.shown.key == msg.key {
		m.shown = m.shown.with(msg.doc)
		m.raw.Show(msg.doc)
	}
}

// showFetched shows the lead on screen in format f if it was fetched
// before: at once, as it was prepared then. nil when it was not.
func (m *panes) showFetched(f api.Format) *api.Result {
	r := m.shown.get(f)
	if r != nil {
		m.raw.Show(r)
	}
	return r.Result()
}

// showRow shows a batch row's lead, from the answer the batch has.
func (m *panes) showRow(r batchRow, k lookupKey) {
	m.shown = (&shownLead{seq: -1, key: k, at: r.at, fromBatch: true}).with(r.doc)
	m.detail.setLead(r.res.Lead, k.customer, k.lead)
	m.detail.setChange(r.change())
	m.raw.Show(r.doc)
	m.setFocus(focusDetail)
}

// noteChange marks the State change the history saw for the lookup on
// screen.
func (m *panes) noteChange(msg historyMsg) {
	if m.shown == nil || msg.seq != m.shown.seq || !msg.HadPrev || m.detail.lead == nil {
		return
	}
	from, to := msg.Prev.State, m.detail.lead.State
	if from != "" && to != "" && !m.shown.enums().SameState(from, to) {
		m.detail.setChange(&detail.Change{From: from, To: to, LastSeen: msg.Prev.At})
	}
}

// format is the representation the raw pane shows; before the first
// lookup, def (the one it will ask for).
func (m panes) format(def api.Format) api.Format {
	if f := m.raw.Format(); f != "" {
		return f
	}
	return def
}

// facts are about the lookup t and C act on: the selected row in the
// batch table, else the lead on screen; nil for none.
func (m panes) facts() *ticketFacts {
	if m.focus == focusBatch {
		return m.batch.facts()
	}
	if m.shown == nil || m.detail.lead == nil {
		return nil
	}
	return &ticketFacts{key: m.shown.key, format: m.format(""), lead: m.detail.lead, change: m.detail.change, at: m.shown.at, names: m.detail.names}
}
