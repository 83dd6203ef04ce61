package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/budget"
)

// TestStatusBarCountsDownAPause: while the server has asked every request
// to wait, the status bar says so with the seconds left, and the
// countdown moves on with the clock; when the pause ends, the words go.
func TestStatusBarCountsDownAPause(t *testing.T) {
	clk := newClock()
	b := budget.New(budget.Options{Now: clk.now})
	m, _ := newTest(t, 120, 30, func(o *Options) { o.Budgets = []*budget.Budget{b} })
	var ticks []time.Duration
	m.pauses.after = func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		ticks = append(ticks, d)
		return nil
	}
	if s := screen(m); strings.Contains(s, "waiting") {
		t.Fatalf("waiting before any pause:\n%s", s)
	}
	tk, err := b.Acquire(context.Background(), budget.Lead)
	if err != nil {
		t.Fatal(err)
	}
	// The model listens for a pause to begin, watching the budget only
	// while it listens.
	heard := make(chan tea.Msg, 1)
	go func() { heard <- m.pauses.listen(context.Background())() }()
	for b.Watchers() != 1 {
		time.Sleep(time.Millisecond)
	}
	tk.Throttled(429, "", 12*time.Second, true)
	msg := <-heard
	if _, ok := msg.(pauseStartedMsg); !ok {
		t.Fatalf("listen gave %T, want pauseStartedMsg", msg)
	}
	if n := b.Watchers(); n != 0 {
		t.Errorf("%d watchers left on the budget after listening", n)
	}
	tm, _ := m.Update(msg)
	m = tm.(Model)
	if s := screen(m); !strings.Contains(s, "waiting: the server asked to slow down (12 s)") {
		t.Errorf("the status bar does not count down the pause:\n%s", s)
	}
	if len(ticks) != 1 {
		t.Errorf("%d ticks scheduled, want 1", len(ticks))
	}
	clk.advance(4500 * time.Millisecond)
	tm, _ = m.Update(pauseTickMsg{})
	m = tm.(Model)
	if s := screen(m); !strings.Contains(s, "waiting: the server asked to slow down (8 s)") {
		t.Errorf("the countdown did not move on:\n%s", s)
	}
	if len(ticks) != 2 || ticks[1] != 500*time.Millisecond {
		t.Errorf("ticks %v, want the next on the second's boundary (500ms)", ticks)
	}
	clk.advance(8 * time.Second)
	tm, _ = m.Update(pauseTickMsg{})
	m = tm.(Model)
	if s := screen(m); strings.Contains(s, "waiting") {
		t.Errorf("still waiting after the pause:\n%s", s)
	}
	if len(ticks) != 2 {
		t.Errorf("ticks go on after the pause: %v", ticks)
	}
	// A listen that hears nothing gives up after a while and leaves no
	// watch behind: a session that ended holds nothing of a shared budget.
	m.pauses.relisten = 10 * time.Millisecond
	if msg := m.pauses.listen(context.Background())(); msg != (pauseListenMsg{}) {
		t.Errorf("an idle listen gave %T, want pauseListenMsg", msg)
	}
	if n := b.Watchers(); n != 0 {
		t.Errorf("%d watchers left on the budget", n)
	}
}

// TestBatchRowsSayNamesPaused: a batch whose name endpoints fail gives up
// on the names after three failures; the rows still come, with the
// holder's id and why there is no name.
func TestBatchRowsSayNamesPaused(t *testing.T) {
	var names atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if seg[0] == "Advertising" {
			names.Add(1)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"state":"New","receiver":{"agent":{"id":"HAN%s"}}}`, seg[len(seg)-1])
	}))
	defer srv.Close()
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: "u", Password: "secret-password", Budgets: &budget.Registry{}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	m := newWith(t, Options{Client: c, Profile: "prod", CustomerID: "M1", NoColor: true,
		Names: api.NewResolver(c, api.ResolverOptions{Profile: "prod"})}, 160, 40)
	var ids []string
	for i := range 12 {
		ids = append(ids, fmt.Sprintf("LEDP%02d", i))
	}
	tm, cmd := m.Update(tea.PasteMsg{Content: strings.Join(ids, "\n")})
	m = runConcurrently(t, tm.(Model), cmd)
	s := screen(m)
	for _, id := range ids {
		if !strings.Contains(s, id) {
			t.Errorf("row %s missing:\n%s", id, s)
		}
	}
	if !strings.Contains(s, "agent HANLEDP11 · names paused: server error (HTTP 500)") {
		t.Errorf("the last row does not say its names are paused:\n%s", s)
	}
	if n := names.Load(); n > 3+budget.DefaultLimit {
		t.Errorf("%d name requests after the names paused", n)
	}
}
