// Package roundtrip counts, on a test server, the round trips a client
// waited for one after another: what "names add one round trip" means,
// measured without a clock, so that a loaded machine cannot change it.
// Tests use it; the program does not.
package roundtrip

import (
	"sync"
	"time"
)

// Counter records the requests a server answers. The zero value is ready.
type Counter struct {
	mu    sync.Mutex
	spans []span // in arrival order
	gen   int    // how many times Reset was called
}

// span is one request as the server saw it: when it came, and when its
// answer was written.
type span struct{ in, out time.Time }

// Begin records a request's arrival; call end when its answer is written,
// before the handler returns: an answer that fits the server's buffer (a
// few KiB) is sent only when the handler returns, so the client cannot
// have it before end.
func (c *Counter) Begin() (end func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, gen := len(c.spans), c.gen
	c.spans = append(c.spans, span{in: time.Now()})
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.gen == gen {
			c.spans[i].out = time.Now()
		}
	}
}

// Reset forgets the requests so far, one still being answered too.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.spans, c.gen = nil, c.gen+1
}

// Rounds is the number of round trips the client waited for, one after
// another: a request sent only after another was answered is in a later
// round than that one; requests sent together share one.
func (c *Counter) Rounds() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	depth := make([]int, len(c.spans))
	most := 0
	for i, r := range c.spans {
		depth[i] = 1
		for j, q := range c.spans[:i] {
			if !q.out.IsZero() && !q.out.After(r.in) && depth[j]+1 > depth[i] {
				depth[i] = depth[j] + 1
			}
		}
		most = max(most, depth[i])
	}
	return most
}
