package budget

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestBackoffJitters(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 50 {
		d := Backoff(1)
		if d < 250*time.Millisecond || d >= 500*time.Millisecond {
			t.Fatalf("Backoff(1) = %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("Backoff(1) took only %d values in 50 draws: no jitter", len(seen))
	}
	for _, n := range []int{2, 3, 10, 64, 1000} {
		if d := Backoff(n); d < Backoff(1)/2 || d >= MaxWait {
			t.Errorf("Backoff(%d) = %v", n, d)
		}
	}
}

func TestSleepContext(t *testing.T) {
	if err := sleepContext(context.Background(), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("sleepContext ignored the cancelled context")
	}
}

// clock is a fake time for budgets: sleeping moves it on.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.slept = append(c.slept, d)
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *clock) budget(limit int) *Budget {
	return New(Options{Limit: limit, Now: c.now, Sleep: c.sleep})
}

func TestLimitBoundsRequestsInFlight(t *testing.T) {
	b := New(Options{Limit: 3})
	var mu sync.Mutex
	in, most := 0, 0
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			tk, err := b.Acquire(context.Background(), Lead)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			in++
			most = max(most, in)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			in--
			mu.Unlock()
			tk.Done()
		})
	}
	wg.Wait()
	if most != 3 {
		t.Errorf("%d requests in flight at most, want the limit 3", most)
	}
	if n := b.InFlight(); n != 0 {
		t.Errorf("%d slots still taken", n)
	}
}

func TestNamesLeaveASlotForALead(t *testing.T) {
	b := New(Options{Limit: 3})
	ctx := context.Background()
	var names []*Ticket
	for range 2 {
		tk, err := b.Acquire(ctx, Name)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tk)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := b.Acquire(short, Name); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a third name took the last slot (err %v)", err)
	}
	lead, err := b.Acquire(ctx, Lead)
	if err != nil {
		t.Fatal(err)
	}
	// The budget is full: a lead waiting goes before a name waiting.
	got := make(chan Class, 2)
	var wg sync.WaitGroup
	wg.Go(func() {
		tk, _ := b.Acquire(ctx, Name)
		got <- Name
		tk.Done()
	})
	for b.InFlight() != 3 {
		time.Sleep(time.Millisecond)
	}
	waitingLead := make(chan struct{})
	wg.Go(func() {
		close(waitingLead)
		tk, _ := b.Acquire(ctx, Lead)
		got <- Lead
		tk.Done()
	})
	<-waitingLead
	for {
		b.mu.Lock()
		w := b.leadsWaiting
		b.mu.Unlock()
		if w == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	lead.Done()
	if first := <-got; first != Lead {
		t.Errorf("a name went before the lead waiting")
	}
	for _, n := range names {
		n.Done()
	}
	wg.Wait()
}

func TestThrottledPausesEveryoneThenGrowsBack(t *testing.T) {
	c := newClock()
	b := c.budget(6)
	ctx := context.Background()
	var seen []Pause
	stop := b.Watch(func(p Pause) { seen = append(seen, p) })
	defer stop()
	tk, _ := b.Acquire(ctx, Lead)
	other, _ := b.Acquire(ctx, Name)
	tk.Throttled(429, "Slow down.", 2*time.Second, true)
	p, ok := b.Paused()
	if !ok || p.Status != 429 || p.Message != "Slow down." || !p.Throttled || p.RetryAfter != 2*time.Second {
		t.Fatalf("Paused() = %+v, %v", p, ok)
	}
	// A request sent before the pause comes back throttled too: the same
	// pause, a little longer, and the limit halved once.
	c.t = c.t.Add(500 * time.Millisecond)
	other.Throttled(429, "Slow down.", 2*time.Second, true)
	if len(seen) != 1 {
		t.Errorf("watchers heard of %d pauses, want 1", len(seen))
	}
	if l := b.Limit(); l != 3 {
		t.Errorf("limit %d after a throttle, want 3", l)
	}
	next, err := b.Acquire(ctx, Lead)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.slept) != 1 || c.slept[0] != 2*time.Second {
		t.Errorf("waited %v, want the rest of the pause (2 s from the last answer)", c.slept)
	}
	if _, ok := b.Paused(); ok {
		t.Error("still paused after waiting it out")
	}
	next.Done()
	// Additive increase: one more slot per round of answers.
	for range 3 + 4 + 5 {
		tk, _ := b.Acquire(ctx, Lead)
		tk.Done()
	}
	if l := b.Limit(); l != 6 {
		t.Errorf("limit %d after rounds of answers, want back at 6", l)
	}
}

func TestLongPauseEndsQueuedWorkAtOnce(t *testing.T) {
	c := newClock()
	b := c.budget(6)
	tk, _ := b.Acquire(context.Background(), Lead)
	tk.Throttled(429, "", 2*time.Minute, true)
	_, err := b.Acquire(context.Background(), Name)
	var pe *PausedError
	if !errors.As(err, &pe) || pe.Left != 2*time.Minute || pe.Pause.Status != 429 {
		t.Fatalf("err = %v, want a PausedError with 2 min left", err)
	}
	if len(c.slept) != 0 {
		t.Errorf("waited %v before refusing", c.slept)
	}
}

func TestFailuresShareOneBackoff(t *testing.T) {
	c := newClock()
	b := c.budget(6)
	ctx := context.Background()
	a, _ := b.Acquire(ctx, Lead)
	a2, _ := b.Acquire(ctx, Lead)
	a.Failed(502, "")
	a2.Failed(0, "")
	p, ok := b.Paused()
	if !ok || p.Throttled {
		t.Fatalf("Paused() = %+v, %v: want a backoff", p, ok)
	}
	if left := p.Until.Sub(c.now()); left < 250*time.Millisecond || left > time.Second {
		t.Errorf("backoff of %v after two failures", left)
	}
	if l := b.Limit(); l != 6 {
		t.Errorf("limit %d: a failure is not a throttle", l)
	}
}

func TestCancelWhilePaused(t *testing.T) {
	b := New(Options{})
	tk, _ := b.Acquire(context.Background(), Lead)
	tk.Throttled(503, "", 20*time.Second, true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := b.Acquire(ctx, Lead)
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the cancellation", err)
	}
}

func TestRegistrySharesOneBudgetPerKey(t *testing.T) {
	r := &Registry{}
	a := r.For(KeyFor("Connect.example:443", "u", "p"))
	if b := r.For(KeyFor("connect.example:443", "u", "p")); a != b {
		t.Error("the same host and credentials got two budgets")
	}
	if b := r.For(KeyFor("connect.example:443", "web", "p")); a == b {
		t.Error("other credentials share a budget")
	}
	if b := r.For(KeyFor("other.example:443", "u", "p")); a == b {
		t.Error("another host shares a budget")
	}
}
