// Package budget is the request budget of one server and credential set:
// how many requests may be in flight at once, and whether the server has
// asked everyone to wait. Express Connect is one partner account shared by
// a whole desk and Vitec throttles it, so everything that sends with the
// same credentials to the same host (lookups, flips, names, cards, batch
// rows, watch, get, the hub's sessions) takes its turn from one Budget.
//
// A request takes a Ticket with Acquire and gives it back with one of the
// Ticket's methods, saying how it went. A 429 or 503 pauses the whole
// budget until the server's Retry-After (nothing more is sent until then;
// queued work waits, or is refused at once when the wait is longer than
// MaxWait), then lets requests through at half the concurrency, growing
// back by one for each round of successes (additive increase,
// multiplicative decrease). Without a Retry-After, failures share one
// backoff with jitter.
//
// The package knows nothing of HTTP bodies or the API's types: the client
// in package api says what happened. Safe for concurrent use.
package budget

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults for Options left zero.
const (
	// DefaultLimit is the requests in flight to one server at once: a
	// browser's per-host connection limit, enough for one lead's names to
	// go out together beside the lead lookups.
	DefaultLimit = 6
	// MaxWait is the longest pause queued work waits out; a server asking
	// for longer ends it at once, with the server's answer.
	MaxWait = 30 * time.Second
	// backoffBase is the first shared backoff without Retry-After: the
	// n-th failure in a row waits a random time in [d/2, d), d =
	// backoffBase << (n-1), at most MaxWait.
	backoffBase = 500 * time.Millisecond
)

// Class says whose request it is. A lead (anything the user asked for: a
// lookup, a flip, a card, a batch row) goes before names waiting for a
// slot, and names never take the last slot: a lead is never delayed by
// names.
type Class int

const (
	// Lead is a request the user waits for.
	Lead Class = iota
	// Name is a name lookup, which fills in after the lead.
	Name
)

// Options configure a Budget.
type Options struct {
	// Limit bounds the requests in flight at once; zero means
	// DefaultLimit.
	Limit int
	// MaxWait is the longest pause queued work waits out; zero means
	// MaxWait.
	MaxWait time.Duration
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// Sleep waits out a pause, honouring ctx; nil means a timer. Tests
	// replace it (with Now) to run without real waits: a pause counts as
	// over once a waiter has slept it out.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Pause is the budget's wait: nothing is sent before Until.
type Pause struct {
	Until time.Time
	// Throttled is true when the server asked to slow down (429 or 503);
	// false for the shared backoff after other failures.
	Throttled bool
	// RetryAfter is the wait the server asked for; zero when it did not
	// say (the wait is then the shared backoff).
	RetryAfter time.Duration
	// Status is the HTTP status that started the pause (0: no response),
	// and Message the server's own words with it, as the caller gave them
	// (sanitised).
	Status  int
	Message string
}

// Left is how much of the pause remains at now; zero or less when over.
func (p Pause) Left(now time.Time) time.Duration { return p.Until.Sub(now) }

// PausedError is what Acquire returns when the budget is paused for longer
// than MaxWait: the work is ended at once, nothing sent.
type PausedError struct {
	Pause Pause
	// Left is how long the pause still had to run.
	Left time.Duration
}

func (e *PausedError) Error() string {
	return "the server asked to wait " + e.Left.Round(time.Second).String() + " before the next request"
}

// Budget is one server's and credential set's request budget. Build one
// with New, or take the shared one for a key from a Registry.
type Budget struct {
	maxWait time.Duration
	now     func() time.Time
	sleep   func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	max   int // the configured limit
	limit int // the limit now: max, or less after a throttle
	inUse int
	names int // of inUse, name requests
	// leadsWaiting counts leads queued for a slot: names wait behind them.
	leadsWaiting int
	waiting      int // goroutines waiting for a slot (on wake)
	grown        int // successes since the limit last grew
	fails        int // retryable failures in a row, for the backoff
	pause        Pause
	gen          uint64        // of the pause; a waiter that slept one out ends it
	wake         chan struct{} // closed (and replaced) whenever a slot or the pause changes
	watchers     map[int]func(Pause)
	nextWatcher  int
}

// New returns a budget with o's limits.
func New(o Options) *Budget {
	b := &Budget{max: o.Limit, maxWait: o.MaxWait, now: o.Now, sleep: o.Sleep, wake: make(chan struct{})}
	if b.max <= 0 {
		b.max = DefaultLimit
	}
	if b.maxWait <= 0 {
		b.maxWait = MaxWait
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.sleep == nil {
		b.sleep = sleepContext
	}
	b.limit = b.max
	return b
}

// Ticket is one request's slot. Give it back exactly once, with Done,
// Throttled, Failed or Release.
type Ticket struct {
	b     *Budget
	class Class
	once  sync.Once
}

// Acquire waits for a slot for a request of class c: until the budget is
// not paused and fewer than its limit are in flight (names: with a slot
// left for a lead, and no lead waiting). It returns ctx's error when ctx
// ends first, and a *PausedError at once when the budget is paused for
// longer than MaxWait.
func (b *Budget) Acquire(ctx context.Context, c Class) (*Ticket, error) {
	for {
		b.mu.Lock()
		if err := ctx.Err(); err != nil {
			b.mu.Unlock()
			return nil, err
		}
		if !b.pause.Until.IsZero() {
			left := b.pause.Left(b.now())
			if left > b.maxWait {
				p := b.pause
				b.mu.Unlock()
				return nil, &PausedError{Pause: p, Left: left}
			}
			if left > 0 {
				gen := b.gen
				b.mu.Unlock()
				if err := b.sleep(ctx, left); err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					return nil, err
				}
				b.mu.Lock()
				if b.gen == gen {
					b.endPause()
				}
				b.mu.Unlock()
				continue
			}
			b.endPause()
		}
		if b.admits(c) {
			b.inUse++
			if c == Name {
				b.names++
			}
			b.mu.Unlock()
			return &Ticket{b: b, class: c}, nil
		}
		if c == Lead {
			b.leadsWaiting++
		}
		b.waiting++
		wake := b.wake
		b.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
		}
		b.mu.Lock()
		b.waiting--
		if c == Lead {
			b.leadsWaiting--
		}
		b.mu.Unlock()
	}
}

// admits says whether a request of class c may start now (b.mu held).
func (b *Budget) admits(c Class) bool {
	if b.inUse >= b.limit {
		return false
	}
	if c == Lead {
		return true
	}
	// Names keep one slot for a lead (when there is more than one), and
	// wait while a lead does.
	return b.leadsWaiting == 0 && b.names < max(1, b.limit-1)
}

// endPause ends the pause (b.mu held): requests go again, at the reduced
// limit.
func (b *Budget) endPause() {
	b.pause = Pause{}
	b.gen++
	b.broadcast()
}

// broadcast wakes every waiter (b.mu held).
func (b *Budget) broadcast() {
	if b.waiting == 0 {
		return
	}
	close(b.wake)
	b.wake = make(chan struct{})
}

// release gives a slot back (b.mu held).
func (t *Ticket) release() {
	b := t.b
	b.inUse--
	if t.class == Name {
		b.names--
	}
	b.broadcast()
}

// Done says the request was answered (any answer but the ones Throttled
// and Failed take): the shared backoff starts over, and the limit grows
// back by one after a round of answers at the current limit.
func (t *Ticket) Done() {
	t.once.Do(func() {
		b := t.b
		b.mu.Lock()
		defer b.mu.Unlock()
		t.release()
		b.fails = 0
		if b.limit < b.max {
			b.grown++
			if b.grown >= b.limit {
				b.limit++
				b.grown = 0
			}
		}
	})
}

// Release gives the slot back without an answer to judge by (cancelled,
// timed out, refused before sending): nothing else changes.
func (t *Ticket) Release() {
	t.once.Do(func() {
		t.b.mu.Lock()
		defer t.b.mu.Unlock()
		t.release()
	})
}

// Throttled says the server asked to slow down (429 or 503): the whole
// budget pauses for retryAfter when the server gave one (hasRetryAfter),
// else for the shared backoff, and the limit halves (once per pause).
// status and message are the server's answer, for the explanation of
// work the pause ends.
func (t *Ticket) Throttled(status int, message string, retryAfter time.Duration, hasRetryAfter bool) {
	t.failed(func(b *Budget) {
		wait := retryAfter
		if !hasRetryAfter {
			wait = Backoff(b.fails)
			retryAfter = 0
		}
		if !b.paused() {
			// Multiplicative decrease, once for each time the server
			// asks; answers to requests already in flight only extend
			// the pause.
			b.limit = max(1, b.limit/2)
			b.grown = 0
		}
		b.pauseFor(Pause{Until: b.now().Add(wait), Throttled: true, RetryAfter: retryAfter, Status: status, Message: message})
	})
}

// failed ends the ticket, once, as a failure: its slot is freed, the run
// of failures grows, and then, still under the budget's lock, pause
// decides how the budget waits.
func (t *Ticket) failed(pause func(b *Budget)) {
	t.once.Do(func() {
		b := t.b
		b.mu.Lock()
		defer b.mu.Unlock()
		t.release()
		b.fails++
		pause(b)
	})
}

// Failed says the request failed in a way another attempt may mend (a
// connection error, 502, 504): the budget waits out one shared backoff,
// so that many requests failing together do not retry in step.
func (t *Ticket) Failed(status int, message string) {
	t.failed(func(b *Budget) {
		if b.paused() && b.pause.Throttled {
			return // the server's own wait stands
		}
		b.pauseFor(Pause{Until: b.now().Add(Backoff(b.fails)), Status: status, Message: message})
	})
}

// paused says whether a pause is running (b.mu held).
func (b *Budget) paused() bool {
	return !b.pause.Until.IsZero() && b.pause.Left(b.now()) > 0
}

// pauseFor starts p, or extends the pause running to p's end (b.mu held).
// Watchers hear of each pause once, when it starts.
func (b *Budget) pauseFor(p Pause) {
	if b.paused() {
		if p.Until.After(b.pause.Until) {
			b.pause.Until = p.Until
			if p.Throttled {
				b.pause.Throttled, b.pause.RetryAfter, b.pause.Status, b.pause.Message = true, p.RetryAfter, p.Status, p.Message
			}
			b.gen++
		}
		return
	}
	b.pause = p
	b.gen++
	for _, w := range b.watchers {
		w(p)
	}
}

// Paused is the pause running, and whether there is one.
func (b *Budget) Paused() (Pause, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.paused() {
		return Pause{}, false
	}
	return b.pause, true
}

// Wait is the pause running and how much of it is left by the budget's
// clock; ok is false when there is none.
func (b *Budget) Wait() (p Pause, left time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.paused() {
		return Pause{}, 0, false
	}
	return b.pause, b.pause.Left(b.now()), true
}

// Limit is the requests in flight allowed now: the configured limit, or
// less while it grows back after a throttle.
func (b *Budget) Limit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limit
}

// InFlight is the requests holding a slot now.
func (b *Budget) InFlight() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.inUse
}

// Watch calls fn, with the budget's lock held (fn must not call the
// budget; hand the pause on), each time a pause starts: once per pause,
// however many answers extend it. The returned func stops it.
func (b *Budget) Watch(fn func(Pause)) (stop func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.watchers == nil {
		b.watchers = map[int]func(Pause){}
	}
	id := b.nextWatcher
	b.nextWatcher++
	b.watchers[id] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.watchers, id)
	}
}

// Watchers is how many watch the budget's pauses now (for tests and
// diagnostics: a screen that has gone must not leave its watch behind).
func (b *Budget) Watchers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.watchers)
}

// Backoff is the shared wait after the n-th failure in a row (1-based):
// exponential with jitter, so that clients do not retry in step, and never
// above MaxWait.
func Backoff(n int) time.Duration {
	d := min(backoffBase<<min(max(n, 1)-1, 8), MaxWait)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)))
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
