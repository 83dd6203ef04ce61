package ui

import (
	"fmt"
	"leadinspector/api/base/i18n"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/detail"
)

// watcher is the watch on the lead on screen (w): it is fetched again
// every interval and compared with what was shown. It owns its timer and
// its diff; the root fetches when it says so.
type watcher struct {
	on    bool
	gen   int // of the tick chain; ticks of an earlier watch are dropped
	key   lookupKey
	every time.Duration
	next  time.Time // when the next fetch is due
	// after schedules a timer message: tea.Tick, replaced in tests so that
	// the watch's clock does not wait for real seconds.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// note says what the last check found, in words for the status bar.
	note string
	// changed and changedAt are the last change seen, kept on screen until
	// another change or another lead.
	changed   detail.Fields
	changedAt time.Time
	l         *i18n.Localizer // its words
}

// watchTickMsg drives the countdown and the fetches of a watch.
type watchTickMsg struct{ gen int }

func newWatcher(every time.Duration, l *i18n.Localizer) watcher {
	return watcher{every: every, after: tea.Tick, l: l}
}

// start watches k from now on.
func (w *watcher) start(k lookupKey, now time.Time) tea.Cmd {
	*w = watcher{on: true, gen: w.gen + 1, key: k, every: w.every, after: w.after, l: w.l, next: now.Add(w.every)}
	return w.tick(now)
}

// stop ends the watch; it reports whether there was one.
func (w *watcher) stop() bool {
	if !w.on {
		return false
	}
	*w = watcher{gen: w.gen + 1, every: w.every, after: w.after, l: w.l}
	return true
}

// tick schedules the next tick, on the second boundary of the countdown so
// that "next in N s" changes when it should.
func (w watcher) tick(now time.Time) tea.Cmd {
	d := w.next.Sub(now) % time.Second
	if d <= 0 {
		d = time.Second
	}
	gen := w.gen
	return w.after(d, func(time.Time) tea.Msg { return watchTickMsg{gen} })
}

// onTick says whether a fetch is due (busy: a request is in flight), and
// schedules the next tick.
func (w *watcher) onTick(msg watchTickMsg, now time.Time, busy bool) (fetch bool, next tea.Cmd) {
	if !w.on || msg.gen != w.gen {
		return false, nil // a tick of a watch that has ended
	}
	if busy || now.Before(w.next) {
		return false, w.tick(now)
	}
	return true, w.tick(now)
}

// fetched notes that a fetch starts now: the next is due an interval on.
func (w *watcher) fetched(now time.Time) { w.next = now.Add(w.every) }

// compare notes what a fetch found against prev (nil: nothing to compare
// with), and returns the fields that changed; enums are the names learned
// from the server that answered.
func (w *watcher) compare(prev, lead *api.IncomingLead, enums *api.EnumNames, sameLead bool, now time.Time) detail.Fields {
	diff := detail.Diff(prev, lead, enums)
	if prev == nil {
		diff = 0 // nothing to compare with: the watch's first sight
	}
	switch {
	case diff != 0:
		w.changed, w.changedAt = diff, now
		w.note = changeNote(w.l, prev, lead, diff)
	case sameLead:
		w.note = w.l.T("ui.watch.no_change")
		if !w.changedAt.IsZero() {
			w.note = w.l.T("ui.watch.no_change_since", "Ago", w.l.Ago(w.changedAt, now))
		}
	default:
		w.note = w.l.T("ui.watch.no_change")
	}
	return diff
}

// changeNote says what a watch fetch found: "State changed: New →
// Accepted", "2 fields changed: receiver, message". It names fields, never
// their values (bar the State), so it is safe in privacy mode.
func changeNote(l *i18n.Localizer, prev, lead *api.IncomingLead, diff detail.Fields) string {
	others := diff &^ detail.FieldState
	var parts []string
	if diff.Has(detail.FieldState) {
		parts = append(parts, l.T("ui.watch.state_changed", "From", stateWord(l, prev.State), "To", stateWord(l, lead.State)))
	}
	if n := others.Count(); n > 0 {
		// The field names are detail's.
		if len(parts) > 0 {
			parts = append(parts, l.N("ui.watch.more_changed", n, "Fields", others.String()))
		} else {
			parts = append(parts, l.N("ui.watch.fields_changed", n, "Fields", others.String()))
		}
	}
	return strings.Join(parts, "; ")
}

func stateWord(l *i18n.Localizer, s api.State) string {
	if s == "" {
		return l.T("ui.watch.no_state")
	}
	return sanitize.Line(string(s))
}

// status is the status bar's words for the watch: "watching · next in
// 23 s · no change".
func (w watcher) status(now time.Time) string {
	if !w.on {
		return ""
	}
	s := w.l.T("ui.watch.status", "In", countdown(w.l, w.next.Sub(now)))
	if w.note != "" {
		s += " · " + w.note
	}
	return s
}

// countdown rounds up to whole seconds: "23 s", never "0 s" before the
// fetch starts.
func countdown(l *i18n.Localizer, d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if secs <= 0 {
		return l.T("time.age.now")
	}
	if secs >= 120 {
		return fmt.Sprintf("%d min %d s", secs/60, secs%60)
	}
	return fmt.Sprintf("%d s", secs)
}
