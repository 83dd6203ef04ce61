package hub

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	apinotify "leadinspector/api/notify"
	"leadinspector/ui/notify"
	"leadinspector/ui/queue"
)

// refreshCounter is a session's program that counts the queue refreshes
// it is told of; a countMsg asks for the count, which then holds every
// refresh sent before it (a program reads its messages in order).
type refreshCounter struct{ n int }

type countMsg chan int

func (c refreshCounter) Init() tea.Cmd { return nil }

func (c refreshCounter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case queue.ChangedMsg:
		c.n++
	case countMsg:
		m <- c.n
	}
	return c, nil
}

func (c refreshCounter) View() tea.View { return tea.NewView("") }

// countingSession joins h as a session whose program counts refreshes;
// the returned func says how many it has had.
func countingSession(t *testing.T, h *Hub) (count func() int) {
	t.Helper()
	p := tea.NewProgram(refreshCounter{}, tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignals())
	ran := make(chan struct{})
	go func() { defer close(ran); p.Run() }()
	s := &session{program: p}
	h.mu.Lock()
	h.sessions[s] = struct{}{}
	h.mu.Unlock()
	t.Cleanup(func() { // before the hub stops (cleanups run last first)
		h.mu.Lock()
		delete(h.sessions, s)
		h.mu.Unlock()
		p.Quit()
		<-ran
	})
	return func() int {
		reply := make(countMsg, 1)
		p.Send(reply)
		return <-reply
	}
}

// The hub tells each session of new notifications at most once per tick
// of its pace (notifyEvery, twice a second): a burst of 200 stored
// notifications is one queue refresh when the first comes and one at the
// next tick, however many came between. The test holds the ticks: no
// clock, no sleep.
func TestNotificationsRefreshEachSessionOncePerTick(t *testing.T) {
	const token = "notify-pace-token-0123456789abcdefghij"
	waiting := make(chan chan time.Time) // the loop waits for the tick it takes from here
	var svc *notify.Service
	th := startHub(t, func(c *Config) {
		var err error
		// No client: no lookups, whose own refreshes would come when they end.
		svc, err = notify.Start(notify.ServiceOptions{Addr: "127.0.0.1:0", Token: token, Desk: c.Store})
		if err != nil {
			t.Fatal(err)
		}
		c.Notified = svc.Subscribe
		c.notifyPace = func() <-chan time.Time {
			tick := make(chan time.Time)
			waiting <- tick
			return tick
		}
	})
	t.Cleanup(func() { svc.Close(context.Background()) })
	a, b := countingSession(t, th.Hub), countingSession(t, th.Hub)

	posted := 0
	post := func(n int) {
		t.Helper()
		for range n {
			posted++
			nt := apinotify.Sample()
			nt.ExternalID = fmt.Sprintf("burst-%d", posted)
			resp, err := http.Post(svc.URL()+token+"?"+nt.Query().Encode(), "application/json", bytes.NewReader(nt.Body()))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNoContent {
				t.Fatalf("notification %d: %d, want 204", posted, resp.StatusCode)
			}
		}
	}
	want := func(n int, when string) {
		t.Helper()
		if ga, gb := a(), b(); ga != n || gb != n {
			t.Fatalf("%s: the sessions were told %d and %d times, want %d each (%d notifications)", when, ga, gb, n, posted)
		}
	}

	// next is the tick the loop, having told the sessions, waits for. A
	// loop that never waits for one (no limit) fails the test instead of
	// hanging it: the guard only ends a wait that would never end, it
	// times nothing the test asserts.
	next := func(when string) chan time.Time {
		t.Helper()
		select {
		case tick := <-waiting:
			return tick
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the sessions were told without a wait for the next tick", when)
			return nil
		}
	}

	want(0, "before any notification")
	post(1)
	tick := next("the first notification")
	want(1, "the first notification")
	post(199)
	want(1, "199 more before the tick")
	tick <- time.Now()
	tick = next("the tick after them")
	want(2, "the tick after them")
	tick <- time.Now() // a tick with nothing new: nothing told, the loop waits for a change
	post(50)
	tick = next("50 more after a quiet tick")
	want(3, "50 more after a quiet tick")
	post(50)
	want(3, "50 more before the tick")
	tick <- time.Now()
	next("the tick after them")
	want(4, "the tick after them")
}
