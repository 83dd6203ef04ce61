package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/ui/detail"
	"leadinspector/ui/history"
)

// watchState is the watch on the lead on screen (w): it is fetched again
// every Options.WatchInterval and compared with what was shown.
type watchState struct {
	on    bool
	gen   int // of the tick chain; ticks of an earlier watch are dropped
	key   lookupKey
	every time.Duration
	next  time.Time // when the next fetch is due
	// note says what the last check found, in words for the status bar.
	note string
	// changed and changedAt are the last change seen, kept on screen until
	// another change or another lead.
	changed   detail.Fields
	changedAt time.Time
}

// watchTickMsg drives the countdown and the fetches of a watch.
type watchTickMsg struct{ gen int }

// toggleWatch starts watching the lead on screen, or stops.
func (m Model) toggleWatch() (Model, tea.Cmd) {
	if m.watch.on {
		m.stopWatch("stopped watching")
		return m, nil
	}
	if m.shown == nil {
		m.status.notice = "look a lead up first, then w watches it"
		return m, nil
	}
	now := m.now()
	m.watch = watchState{on: true, gen: m.watch.gen + 1, key: m.shown.key, every: m.o.WatchInterval,
		next: now.Add(m.o.WatchInterval)}
	m.status.notice = ""
	return m, m.watchTick()
}

// stopWatch ends the watch, if any; why, when set, is said in the status
// bar.
func (m *Model) stopWatch(why string) {
	if !m.watch.on {
		return
	}
	m.watch = watchState{gen: m.watch.gen + 1}
	if why != "" {
		m.status.notice = why
	}
}

// watchTick schedules the next tick, on the second boundary of the
// countdown so that "next in N s" changes when it should.
func (m Model) watchTick() tea.Cmd {
	d := m.watch.next.Sub(m.now()) % time.Second
	if d <= 0 {
		d = time.Second
	}
	gen := m.watch.gen
	return m.after(d, func(time.Time) tea.Msg { return watchTickMsg{gen} })
}

func (m Model) onWatchTick(msg watchTickMsg) (Model, tea.Cmd) {
	if !m.watch.on || msg.gen != m.watch.gen {
		return m, nil // a tick of a watch that has ended
	}
	if m.req.active || m.now().Before(m.watch.next) {
		// Counting down, or a request (this watch's or a flip) in flight.
		return m, m.watchTick()
	}
	fetch := m.watchFetch()
	return m, tea.Batch(fetch, m.watchTick())
}

// watchFetch fetches the watched lead now; the next one is due an interval
// after this one started.
func (m *Model) watchFetch() tea.Cmd {
	m.watch.next = m.now().Add(m.watch.every)
	return m.startLookup(m.watch.key, m.format, kindWatch, false)
}

// onWatchResult compares a watch fetch with the lead on screen and shows
// what changed.
func (m Model) onWatchResult(msg lookupDoneMsg, res *api.Result, lead *api.IncomingLead) (Model, tea.Cmd) {
	now := m.now()
	var prev *api.IncomingLead
	if m.shown != nil && m.shown.key == msg.key {
		prev = m.detail.lead
	}
	diff := detail.Diff(prev, lead)
	if prev == nil {
		diff = 0 // nothing to compare with: the watch's first sight
	}
	switch {
	case diff == 0 && m.shown != nil && m.shown.key == msg.key:
		// Keep the representations already fetched, and the raw pane where
		// the user scrolled it.
		m.watch.note = "no change"
		if !m.watch.changedAt.IsZero() {
			m.watch.note += "; last change " + ago(now, m.watch.changedAt)
		}
	default:
		m.shown = (&shownLead{seq: msg.seq, key: msg.key, at: now}).with(msg.doc)
		m.format = res.Format
		m.detail.updateLead(lead, msg.key.customer, msg.key.lead, diff)
		m.raw.Show(msg.doc)
		if diff != 0 {
			m.watch.changed, m.watch.changedAt = diff, now
			m.watch.note = changeNote(prev, lead, diff)
		} else {
			m.watch.note = "no change"
		}
	}
	if m.shown != nil && m.shown.key == msg.key && !m.shown.at.Equal(now) {
		c := *m.shown // shared with earlier models: copy, never change in place
		c.at = now
		m.shown = &c
	}
	cmd := m.record(history.Entry{
		Profile: m.o.Profile, CustomerID: msg.key.customer, LeadID: msg.key.lead,
		State: lead.State, Status: res.Status, At: now,
	}, msg.seq)
	return m, cmd
}

// changeNote says what a watch fetch found: "State changed: New →
// Accepted", "2 fields changed: receiver, message". It names fields, never
// their values (bar the State), so it is safe in privacy mode.
func changeNote(prev, lead *api.IncomingLead, diff detail.Fields) string {
	others := diff &^ detail.FieldState
	var parts []string
	if diff.Has(detail.FieldState) {
		parts = append(parts, fmt.Sprintf("State changed: %s → %s", stateWord(prev.State), stateWord(lead.State)))
	}
	if n := others.Count(); n > 0 {
		word := "fields"
		if n == 1 {
			word = "field"
		}
		if len(parts) > 0 {
			parts = append(parts, fmt.Sprintf("%d more %s changed: %s", n, word, others))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s changed: %s", n, word, others))
		}
	}
	return strings.Join(parts, "; ")
}

func stateWord(s api.State) string {
	if s == "" {
		return "no state"
	}
	return sanitize.Line(string(s))
}

// watchStatus is the status bar's words for the watch: "watching · next
// in 23 s · no change".
func (m Model) watchStatus() string {
	if !m.watch.on {
		return ""
	}
	s := "watching · next in " + countdown(m.watch.next.Sub(m.now()))
	if m.watch.note != "" {
		s += " · " + m.watch.note
	}
	return s
}

// countdown rounds up to whole seconds: "23 s", never "0 s" before the
// fetch starts.
func countdown(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs <= 0 {
		return "now"
	}
	if secs >= 120 {
		return fmt.Sprintf("%d min %d s", secs/60, secs%60)
	}
	return fmt.Sprintf("%d s", secs)
}
