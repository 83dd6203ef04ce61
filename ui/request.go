package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"leadinspector/api"
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
	stop      context.CancelFunc
	moveFocus bool // on success, focus the detail pane
	// hold keeps the spinner up for at least minSpin, so that r after an
	// error shows that it ran even when the same error comes back at once.
	hold bool
	// keep is the status a flip of the previous lead leaves standing (the
	// error of the lookup that failed), when keeping is set.
	keep    status
	keeping bool
}

// minSpin is the least time the spinner of a held request shows.
const minSpin = 300 * time.Millisecond

// shownLead is the lead on screen and the representations fetched for it,
// prepared for the raw pane.
type shownLead struct {
	seq       int
	key       lookupKey
	at        time.Time // when it was looked up
	fromBatch bool      // a batch row opened: esc goes back to the table
	json, xml *rawview.Prepared
}

func (s *shownLead) get(f api.Format) *rawview.Prepared {
	if f == api.XML {
		return s.xml
	}
	return s.json
}

// enums are the enum names of the server the lead came from (see
// api.EnumNames); nil when not known.
func (s *shownLead) enums() *api.EnumNames {
	for _, p := range []*rawview.Prepared{s.json, s.xml} {
		if r := p.Result(); r != nil && r.Enums != nil {
			return r.Enums
		}
	}
	return nil
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

// seenAt returns a copy looked up at t.
func (s *shownLead) seenAt(t time.Time) *shownLead {
	c := *s
	c.at = t
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
	held   bool // delivered again after minSpin (request.hold)
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

// requests is the one request in flight, with the sequence numbers that
// tell its answer from a replaced one's, and the spinner that shows it.
type requests struct {
	request                 // the one in flight, if active
	seq      int            // of the latest request; older answers are dropped
	last     lookupKey      // what r looks up again
	spin     *spinner.Model // replaced, never changed in place
	spinning bool
}

func newRequests() requests {
	s := spinner.New(spinner.WithSpinner(spinner.MiniDot))
	return requests{spin: &s}
}

// start cancels the request in flight, if any, and starts another.
func (q *requests) start(parent context.Context, client api.LeadGetter, k lookupKey, f api.Format, kind reqKind,
	moveFocus bool, now time.Time) tea.Cmd {
	q.cancel()
	q.seq++
	ctx, cancel := context.WithCancel(parent)
	q.request = request{active: true, seq: q.seq, kind: kind, key: k, format: f, started: now,
		stop: cancel, moveFocus: moveFocus}
	if kind != kindFlip {
		q.last = k
	}
	seq := q.seq
	fetch := func() tea.Msg {
		if client == nil {
			return lookupDoneMsg{seq: seq, kind: kind, key: k, format: f, err: errors.New("no API client configured")}
		}
		res, err := client.GetIncomingLead(ctx, k.customer, k.lead, f)
		return lookupDone(seq, kind, k, f, res, err)
	}
	return tea.Batch(fetch, q.spinStart())
}

// cancel stops the request in flight; its answer, if one still comes, is
// dropped.
func (q *requests) cancel() bool {
	if !q.active {
		return false
	}
	q.stop()
	q.request = request{}
	q.seq++
	return true
}

// done takes the answer of the request in flight; ok is false for a stale
// one.
func (q *requests) done(msg lookupDoneMsg) (req request, ok bool) {
	if !q.active || msg.seq != q.seq {
		return request{}, false
	}
	req = q.request
	req.stop()
	q.request = request{}
	return req, true
}

// spinStart starts the spinner's ticks unless they run already.
func (q *requests) spinStart() tea.Cmd {
	if q.spinning {
		return nil
	}
	q.spinning = true
	return q.spin.Tick
}

// spinUpdate turns the spinner while a request or a batch runs.
func (q *requests) spinUpdate(msg tea.Msg, batch bool) tea.Cmd {
	t, ok := msg.(spinner.TickMsg)
	if !ok {
		return nil
	}
	if !q.active && !batch {
		q.spinning = false
		return nil
	}
	s, cmd := q.spin.Update(t)
	q.spin = &s
	return cmd
}

// setSpinStyle draws the spinner in st.
func (q *requests) setSpinStyle(st lipgloss.Style) {
	s := *q.spin
	s.Style = st
	q.spin = &s
}
