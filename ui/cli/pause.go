package cli

import (
	"io"
	"sync"
	"time"

	"leadinspector/api"
	"leadinspector/api/budget"
)

// budgeted is a client whose requests take their turn from request
// budgets (*api.Client).
type budgeted interface {
	Budgets() []*budget.Budget
}

// pauseNotices says on stderr, once for each pause, that the server asked
// every request to wait: "waiting: the server asked to slow down (2 s)",
// not one line per request held up. stop ends it, once every notice is
// written.
func pauseNotices(c api.LeadGetter, sys IO) (stop func()) {
	bc, ok := c.(budgeted)
	if !ok {
		return func() {}
	}
	ch := make(chan budget.Pause, 16)
	var stops []func()
	for _, b := range bc.Budgets() {
		stops = append(stops, b.Watch(func(p budget.Pause) {
			if p.Throttled {
				select {
				case ch <- p:
				default: // a flood of pauses: one line is as good as many
				}
			}
		}))
	}
	done := make(chan struct{})
	l := sys.l()
	go func() {
		defer close(done)
		for p := range ch {
			left := p.RetryAfter
			if left == 0 {
				left = time.Until(p.Until)
			}
			Errorln(sys.Stderr, api.WaitWords(l, p, left))
		}
	}()
	return func() {
		for _, s := range stops {
			s()
		}
		// No watcher runs once stopped: nothing sends any more.
		close(ch)
		<-done
	}
}

// lockedWriter makes a writer safe for lines written from several
// goroutines (stderr: errors, names and pause notices).
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
