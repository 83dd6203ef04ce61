package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/history"
)

// startLookup cancels the request in flight, if any, and starts another.
// The command captures values only, never the model.
func (m *Model) startLookup(k lookupKey, f api.Format, kind reqKind, moveFocus bool) tea.Cmd {
	m.status = status{}
	if kind == kindLookup {
		m.panes.hist.forgetDeleted() // u undoes deletions until the next lookup
		m.panes.endOpenedRow(k)
	}
	return m.req.start(m.env.ctx, m.env.Client, k, f, kind, moveFocus, m.env.now())
}

func (m Model) onLookupDone(msg lookupDoneMsg) (Model, tea.Cmd) {
	if m.req.active && msg.seq == m.req.seq && m.req.hold && !msg.held {
		// r after an error: the spinner shows a moment, even if the same
		// answer came back at once. esc or a new lookup still drops it.
		if d := minSpin - m.env.now().Sub(m.req.started); d > 0 {
			msg.held = true
			return m, tea.Tick(d, func(time.Time) tea.Msg { return msg })
		}
	}
	req, ok := m.req.done(msg)
	if !ok {
		return m, nil // stale: the user has moved on
	}
	k := msg.key
	leave := m.panes.leavesInput(req.moveFocus, k)
	if msg.err != nil {
		m.status = errStatus(m.env.Lang, msg.err, m.env.Profile, k.customer, m.privacy)
		if leave {
			m.panes.leaveInput(m.fr.Wide)
		}
		if msg.kind == kindWatch {
			m.watch.note = m.env.Lang.T("ui.watch.check_failed")
		}
		if code := api.AnsweredStatus(msg.err); code != 0 && msg.kind != kindFlip {
			// The lead was asked about and the server answered: worth a row,
			// keeping its last known State.
			return m, m.record(&history.Entry{Profile: m.env.Profile, CustomerID: k.customer, LeadID: k.lead,
				Status: code, At: m.env.now()}, msg.seq)
		}
		return m, nil
	}
	m.status = status{kind: statusOK, text: resultText(m.env.Lang, msg.res)}
	if msg.kind == kindFlip {
		if req.keeping {
			// The previous lead flipped: the failed lookup's error stands.
			m.status = req.keep
			m.status.notice = m.env.Lang.T("ui.status.flipped_previous", "Format", msg.res.Format.Label(), "ID", sanitize.Line(k.lead))
		}
		m.panes.showOther(msg)
		return m, nil
	}
	lead := m.panes.take(msg, leave, &m.watch, m.env.now())
	rec := m.record(&history.Entry{Profile: m.env.Profile,
		CustomerID: k.customer, LeadID: k.lead, State: lead.State, Status: msg.res.Status, At: m.env.now(),
		Enums: msg.res.Enums}, msg.seq)
	m, cmd := m.deliver(m.names.resolve(k, lead))
	return m, tea.Batch(cmd, rec)
}

// lookUpInput looks up what the input pane holds (c, l): one lead, or
// several (typed with spaces or commas) in a batch.
func (m Model) lookUpInput(c, l string) (Model, tea.Cmd) {
	if ids, ok := splitBatch(l, c); ok {
		return m.startBatch(ids)
	}
	// "M30011/LED…" typed (not pasted) into the Lead ID field.
	if pc, pl, ok := splitPaste(l); ok {
		c, l = pc, pl
		m.panes.input.setIDs(c, l)
	}
	// Not a lead id: in the hub, perhaps a partner's own id (externalId).
	if h := m.env.Hub; h != nil && h.External != nil && l != "" && !leadLike(l) {
		return m, m.lookUpExternal(l)
	}
	return m.lookUpIDs(c, l)
}

// lookUpIDs looks up the lead c/l, after checking both ids.
func (m Model) lookUpIDs(c, l string) (Model, tea.Cmd) {
	switch {
	case c == "":
		m.status = status{kind: statusNote, text: m.env.Lang.T("ui.lookup.need_customer")}
		m.panes.focusField(fieldCustomer)
		return m, nil
	case l == "":
		m.status = status{kind: statusNote, text: m.env.Lang.T("ui.lookup.need_lead")}
		m.panes.focusField(fieldLead)
		return m, nil
	}
	if field, why := idsProblem(c, l); !why.IsZero() {
		m.status = status{kind: statusErr, text: m.env.Lang.Say(why)}
		m.panes.focusField(field)
		return m, nil
	}
	m.watch.stop()
	return m, m.startLookup(lookupKey{c, l}, m.format(), kindLookup, true)
}

// reopen looks up a history entry's lead again.
func (m Model) reopen(e history.Entry) (Model, tea.Cmd) {
	m.panes.input.setIDs(e.CustomerID, e.LeadID)
	if e.Profile != "" && e.Profile != m.env.Profile {
		m.status = status{kind: statusNote, text: m.env.Lang.T("ui.lookup.other_profile",
			"Profile", e.Profile, "This", quoteProfile(m.env.Profile))}
		return m, nil
	}
	m.watch.stop()
	return m, m.startLookup(lookupKey{e.CustomerID, e.LeadID}, m.format(), kindLookup, false)
}

// flip shows the other representation, fetching it on first use: a
// representation fetched before is swapped in at once.
func (m Model) flip() (Model, tea.Cmd) {
	if m.panes.shown == nil {
		return m, nil
	}
	want := m.format().Other()
	// After a failed lookup the panes show the previous lead: flipping it
	// must not put its 200 where the error was.
	previous := m.status.kind == statusErr && m.panes.shown.key != m.req.last
	if r := m.panes.showFetched(want); r != nil {
		if previous {
			m.status.notice = m.env.Lang.T("ui.status.flipped_previous", "Format", want.Label(), "ID", sanitize.Line(m.panes.shown.key.lead))
		} else {
			m.status = status{kind: statusOK, text: resultText(m.env.Lang, r)}
		}
		return m, nil
	}
	keep := m.status
	cmd := m.startLookup(m.panes.shown.key, want, kindFlip, false)
	if previous {
		m.req.keep, m.req.keeping = keep, true
	}
	return m, cmd
}

// startBatch looks up several leads, as a table. A lead with no customer
// named is the input's Customer ID's; with none there either, the user is
// asked for one.
func (m Model) startBatch(ids []lookupKey) (Model, tea.Cmd) {
	c, _ := m.panes.input.ids()
	all := withCustomer(ids, c)
	if all == nil {
		m.status = status{kind: statusNote, text: m.env.Lang.N("ui.paste.no_customer", len(ids))}
		m.panes.focusField(fieldCustomer)
		return m, nil
	}
	m.watch.stop()
	m.panes.hist.forgetDeleted()
	before := [2]string{m.panes.input.fields[fieldCustomer].Value(), m.panes.input.fields[fieldLead].Value()}
	cmd, notes := m.panes.batch.start(m.env.Client, all, m.env.Profile, m.format())
	m.panes.batch.input = before
	if c := m.panes.batch.customer(); c != "" {
		m.panes.input.setIDs(c, m.panes.input.fields[fieldLead].Value())
	}
	m.panes.setFocus(focusBatch)
	m.status = status{notice: notes}
	return m, tea.Batch(cmd, m.req.spinStart())
}

// openRow shows a batch row's lead in the detail and raw panes, from the
// answer the batch already has.
func (m Model) openRow(r batchRow) (Model, tea.Cmd) {
	k := lookupKey{r.customer, r.lead}
	switch r.state {
	case rowQueued, rowRunning:
		m.status.notice = m.env.Lang.T("ui.batch.row_busy", "ID", sanitize.Line(r.lead))
		return m, nil
	case rowCancelled:
		m.status.notice = m.env.Lang.T("ui.batch.row_cancelled")
		m.req.last = k
		return m, nil
	case rowFailed:
		m.status = errStatus(m.env.Lang, r.err, m.env.Profile, k.customer, m.privacy)
		m.req.last = k
		return m, nil
	}
	m.req.cancel()
	m.watch.stop()
	m.req.last = k
	m.panes.input.setIDs(k.customer, k.lead) // the input names the lead on screen
	m.panes.showRow(r, k)
	m.status = status{kind: statusOK, text: resultText(m.env.Lang, r.res) + " · " + m.env.Lang.T("ui.batch.from_batch"),
		notice: m.env.Lang.T("ui.batch.esc_back")}
	return m.deliver(m.names.resolve(k, r.res.Lead))
}

// toggleWatch starts watching the lead on screen, or stops.
func (m Model) toggleWatch() (Model, tea.Cmd) {
	if m.watch.stop() {
		m.status.notice = m.env.Lang.T("ui.watch.stopped")
		return m, nil
	}
	if k := m.req.last; m.status.kind == statusErr && k.lead != "" && (m.panes.shown == nil || m.panes.shown.key != k) {
		// The lookup failed: there is no lead of that id to watch.
		m.status.notice = m.env.Lang.T("ui.watch.failed", "ID", sanitize.Line(k.lead))
		return m, nil
	}
	if m.panes.shown == nil {
		m.status.notice = m.env.Lang.T("ui.watch.no_lead")
		return m, nil
	}
	m.status.notice = ""
	return m, m.watch.start(m.panes.shown.key, m.env.now())
}

// onWatchTick fetches the watched lead when its time has come.
func (m *Model) onWatchTick(msg watchTickMsg) tea.Cmd {
	fetch, next := m.watch.onTick(msg, m.env.now(), m.req.active)
	if fetch {
		next = tea.Batch(m.watchFetch(), next)
	}
	return next
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
	return m.panes.hist.record(*e, seq)
}

// onHistory shows the history as a change left it, and the State change a
// lookup saw.
func (m *Model) onHistory(msg historyMsg) {
	m.panes.hist.onChange()
	if msg.note != "" {
		m.status = status{kind: statusNote, text: msg.note} // whole: it names the key that undoes
	}
	m.historyProblem(msg.Problem)
	m.panes.noteChange(msg)
}

// historyProblem shows a problem with the history file (the writer
// reports each one once).
func (m *Model) historyProblem(err error) {
	if err != nil {
		m.status.notice = history.Words(m.env.Lang, err)
	}
}

// format is the representation the raw pane shows (before the first
// lookup, the one it will ask for).
func (m Model) format() api.Format { return m.panes.format(m.env.Format) }
