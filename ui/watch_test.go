package ui

import (
	"leadinspector/api/base/i18n"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

// watching is a model watching LED1, with a clock the test moves.
func watching(t *testing.T) (Model, *fakeClient, *clock) {
	t.Helper()
	c := newClock()
	m, fc := newTest(t, 120, 40, func(o *Options) { o.Now = c.now; o.WatchInterval = 30 * time.Second })
	m = lookUp(t, m, "LED1")
	m = keys(t, m, "w")
	if !m.watch.on {
		t.Fatal("w did not start the watch")
	}
	return m, fc, c
}

// tick delivers the watch's current tick, as its timer would.
func tick(t *testing.T, m Model) Model {
	t.Helper()
	return update(t, m, watchTickMsg{gen: m.watch.gen})
}

func TestWatchCountsDownAndRefetches(t *testing.T) {
	m, fc, c := watching(t)
	if s := screen(m); !strings.Contains(s, "watching · next in 30 s") || !strings.Contains(m.help.line, "stop watching") {
		t.Fatalf("after w:\n%s", s)
	}
	c.advance(7 * time.Second)
	m = tick(t, m)
	if s := screen(m); !strings.Contains(s, "watching · next in 23 s") {
		t.Errorf("countdown after 7 s:\n%s", s)
	}
	if n := len(fc.callList()); n != 1 {
		t.Fatalf("%d calls before the interval is up", n)
	}
	// The lead moves on while watched.
	fc.mu.Lock()
	changed := typicalLead()
	changed.State = "Accepted"
	changed.Receiver.Agent.ID = "HAN0000000000000000000000000000000"
	fc.leads["LED1"] = changed
	fc.mu.Unlock()
	c.advance(23 * time.Second)
	m = tick(t, m)
	calls := fc.callList()
	if len(calls) != 2 || calls[1].key != (lookupKey{"M30011", "LED1"}) {
		t.Fatalf("calls %+v, want a second lookup of LED1", calls)
	}
	s := screen(m)
	for _, want := range []string{
		"State changed: New → Accepted; 1 more field changed: receiver", // status bar
		"watching · next in 30 s",
		"[Accepted]", "← state changed", // badge line
		"held by the agent ◀ ← changed", // receiver heading
		"HAN0000000000000000000000000000000",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("after the change the screen lacks %q:\n%s", want, s)
		}
	}
	if !m.watch.on || m.panes.focus != focusDetail {
		t.Errorf("watch on %v, focus %v", m.watch.on, m.panes.focus)
	}
	// The next check finds nothing new; the marks stay. The change is 30 s
	// old: the nearest minute.
	c.advance(30 * time.Second)
	m = tick(t, m)
	if s := screen(m); !strings.Contains(s, "no change; last change 1 min ago") || !strings.Contains(s, "← state changed") {
		t.Errorf("after an unchanged check:\n%s", s)
	}
	if n := len(fc.callList()); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	// Every check is in the history, with the State change.
	if e := entriesOf(m); len(e) != 1 || e[0].State != "Accepted" || e[0].PrevState != "New" {
		t.Errorf("history %+v", e)
	}
}

func TestWatchDropsStaleTicks(t *testing.T) {
	m, fc, c := watching(t)
	old := m.watch.gen
	m = keys(t, m, "w") // stop
	if m.watch.on || !strings.Contains(screen(m), "stopped watching") {
		t.Fatalf("w again did not stop:\n%s", screen(m))
	}
	c.advance(time.Minute)
	m = update(t, m, watchTickMsg{gen: old})
	if n := len(fc.callList()); n != 1 || m.req.active {
		t.Fatalf("a tick after the watch ended started a lookup (%d calls)", n)
	}
	m = keys(t, m, "w") // a new watch
	tm, cmd := m.Update(watchTickMsg{gen: old})
	if cmd != nil {
		t.Error("the old watch's tick was not dropped: it scheduled or fetched")
	}
	m = drain(t, tm.(Model), cmd)
	if n := len(fc.callList()); n != 1 {
		t.Errorf("%d calls after a stale tick", n)
	}
	// A tick while a check is in flight waits for it.
	c.advance(31 * time.Second)
	fc.block = true
	tm, _ = m.Update(watchTickMsg{gen: m.watch.gen})
	m = tm.(Model)
	if !m.req.active || m.req.kind != kindWatch {
		t.Fatal("the due tick did not start a check")
	}
	if s := screen(m); !strings.Contains(s, "watching: checking M30011/LED1") {
		t.Errorf("status while checking:\n%s", s)
	}
	seq := m.req.seq
	tm, _ = m.Update(watchTickMsg{gen: m.watch.gen})
	if tm.(Model).req.seq != seq {
		t.Error("a tick during a check started another")
	}
}

func TestNewLookupStopsWatch(t *testing.T) {
	for name, act := range map[string]func(*testing.T, Model) Model{
		"enter on a new id": func(t *testing.T, m Model) Model { return lookUp(t, m, "LEDOFF") },
		"history enter": func(t *testing.T, m Model) Model {
			m = focusPane(m, focusHistory)
			return keys(t, m, "enter")
		},
		"esc":   func(t *testing.T, m Model) Model { return keys(t, m, "esc") },
		"batch": func(t *testing.T, m Model) Model { return update(t, m, tea.PasteMsg{Content: "LEDOFF LEDSTATE"}) },
	} {
		t.Run(name, func(t *testing.T) {
			m, _, _ := watching(t)
			m = act(t, m)
			if m.watch.on {
				t.Errorf("still watching after %s", name)
			}
			if strings.Contains(screen(m), "watching ·") {
				t.Errorf("status still says watching:\n%s", screen(m))
			}
		})
	}
	// r checks now and keeps watching.
	m, fc, c := watching(t)
	c.advance(10 * time.Second)
	m = keys(t, m, "r")
	if !m.watch.on || len(fc.callList()) != 2 || !strings.Contains(screen(m), "watching · next in 30 s · no change") {
		t.Errorf("r while watching: on %v, calls %d\n%s", m.watch.on, len(fc.callList()), screen(m))
	}
}

func TestWatchKeepsGoingAfterAFailedCheck(t *testing.T) {
	m, fc, c := watching(t)
	fc.errs["LED1"] = &api.ServerError{StatusError: api.StatusError{Status: 503}}
	c.advance(30 * time.Second)
	m = tick(t, m)
	s := screen(m)
	if !m.watch.on || !strings.Contains(s, "the last check failed; still watching") || !strings.Contains(s, "503") {
		t.Errorf("after a failed check:\n%s", s)
	}
	if m.panes.detail.leadID != "LED1" || !strings.Contains(s, "[New]") {
		t.Error("the failed check took the lead off screen")
	}
}

func TestWatchNeedsALead(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = keys(t, m, "esc", "w")
	if m.watch.on || m.keys.Watch.Enabled() {
		t.Error("watch started with no lead on screen")
	}
}

// TestWatchDemoSteppingLead watches the demo's lead whose State moves on
// every 20 s, on the demo's clock.
func TestWatchDemoSteppingLead(t *testing.T) {
	c := newClock()
	o := demoAt(t, c.now)
	o.WatchInterval = 20 * time.Second
	m := newWith(t, o, 120, 40)
	lead := demoLead(t, "State changes")
	m = lookUp(t, m, lead.LeadID)
	if !strings.Contains(screen(m), "[New]") {
		t.Fatalf("the stepping lead does not start New:\n%s", screen(m))
	}
	m = keys(t, m, "w")
	c.advance(20 * time.Second)
	m = tick(t, m)
	s := screen(m)
	for _, want := range []string{"[Accepted]", "State changed: New → Accepted", "← state changed", "watching · next in 20 s"} {
		if !strings.Contains(s, want) {
			t.Errorf("after 20 s the screen lacks %q:\n%s", want, s)
		}
	}
	c.advance(20 * time.Second)
	m = tick(t, m)
	if s := screen(m); !strings.Contains(s, "[Contacted]") || !strings.Contains(s, "State changed: Accepted → Contacted") {
		t.Errorf("after 40 s:\n%s", s)
	}
}

func TestCountdown(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30 s", 22*time.Second + time.Millisecond: "23 s", 0: "now", -time.Second: "now",
		5 * time.Minute: "5 min 0 s",
	} {
		if got := countdown(i18n.New(i18n.English), d); got != want {
			t.Errorf("countdown(%v) = %q, want %q", d, got, want)
		}
	}
}
