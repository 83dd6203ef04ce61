package notify

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"leadinspector/api"
	"leadinspector/api/notify"
)

// LookupFunc looks a notified lead up and says what it saw. It runs
// through the shared client, so the desk's one request budget bounds it.
type LookupFunc func(ctx context.Context, customerID, leadID string) Seen

// LeadGetter is what a lookup needs of the client; *api.Client has it.
type LeadGetter interface {
	GetIncomingLead(ctx context.Context, customerID, leadID string, f api.Format) (*api.Result, error)
}

// NameGetter resolves one name; *api.Resolver has it.
type NameGetter interface {
	Lookup(ctx context.Context, k api.NameKey) api.Name
}

// ClientLookup looks leads up with c and names their holder with names
// (nil: the holder's id only). It keeps the State and the holder, nothing
// else of the lead.
func ClientLookup(c LeadGetter, names NameGetter, now func() time.Time) LookupFunc {
	if now == nil {
		now = time.Now
	}
	return func(ctx context.Context, customerID, leadID string) Seen {
		res, err := c.GetIncomingLead(ctx, customerID, leadID, api.JSON)
		s := Seen{At: now()}
		if err != nil {
			s.Status = api.AnsweredStatus(err)
			return s
		}
		s.Status = res.Status
		if res.Lead == nil {
			return s
		}
		s.State = string(res.Lead.State)
		if k, ok := api.HolderKey(customerID, res.Lead.Receiver); ok {
			s.Holder = k.ID
			if names != nil {
				if n := names.Lookup(ctx, k); n.Label() != "" {
					s.Holder = n.Label()
				}
			}
		} else if r := res.Lead.Receiver; r != nil && r.Office != nil {
			s.Holder = r.Office.CustomerID
		}
		return s
	}
}

// Lookups looks notified leads up after they are stored, coalesced per lead:
// every notification of a lead that arrives before its lookup starts is
// answered by that one lookup (a burst of five makes one); one that arrives
// while it runs makes one more, after it.
type Lookups struct {
	look    LookupFunc
	seen    func(ctx context.Context, leadID string, s Seen) error
	delay   time.Duration
	workers int
	log     *slog.Logger
	// changed is told a lead's lookup was stored (live updates); may be nil.
	changed func(leadID string)

	mu      sync.Mutex
	pending map[string]*pend
	queue   []string // leads in due order (the delay is constant)
	wake    chan struct{}
	jobs    chan job
}

type pend struct {
	customer string
	due      time.Time
	running  bool
	again    bool // another notification came while running
}

type job struct{ lead, customer string }

// LookupsOptions configure Lookups.
type LookupsOptions struct {
	Look LookupFunc
	// Seen keeps what a lookup saw (DB.SetSeen).
	Seen func(ctx context.Context, leadID string, s Seen) error
	// Delay is how long a lead waits after its first notification before
	// it is looked up, so that a burst is one lookup; zero means 2s.
	Delay time.Duration
	// Workers bounds lookups at once (the budget bounds them further);
	// zero means 4.
	Workers int
	Log     *slog.Logger
	Changed func(leadID string)
}

// MaxPending bounds the leads waiting for a lookup; past it a lead's
// notification is still stored, only not looked up now (the next one is).
const MaxPending = 100_000

// NewLookups builds the coalescer; Run starts it.
func NewLookups(o LookupsOptions) *Lookups {
	if o.Delay <= 0 {
		o.Delay = 2 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Lookups{look: o.Look, seen: o.Seen, delay: o.Delay, workers: o.Workers, log: o.Log,
		changed: o.Changed, pending: map[string]*pend{}, wake: make(chan struct{}, 1), jobs: make(chan job)}
}

// Notify is told of each notification stored. A Remove is not looked up
// (the lead is gone); it drops a lookup still waiting.
func (l *Lookups) Notify(n notify.Notification, at time.Time) {
	if n.Type != notify.TypeIncomingLead {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.pending[n.ID]
	if n.Event == notify.EventRemove {
		if p != nil && !p.running {
			delete(l.pending, n.ID) // its place in the queue is skipped
		} else if p != nil {
			p.again = false
		}
		return
	}
	switch {
	case p == nil:
		if len(l.pending) >= MaxPending {
			l.log.Warn("lookups of notified leads fall behind: this one is not looked up now", "pending", len(l.pending))
			return
		}
		l.pending[n.ID] = &pend{customer: n.CustomerID, due: at.Add(l.delay)}
		l.queue = append(l.queue, n.ID)
		select {
		case l.wake <- struct{}{}:
		default:
		}
	case p.running:
		p.customer, p.again = n.CustomerID, true
	default:
		p.customer = n.CustomerID // the latest change's office
	}
}

// Pending is how many leads wait for a lookup or are being looked up.
func (l *Lookups) Pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending)
}

// Run looks leads up as they fall due, until ctx ends.
func (l *Lookups) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := 0; i < l.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-l.jobs:
					l.run(ctx, j)
				}
			}
		}()
	}
	defer wg.Wait()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		j, wait, ok := l.next()
		if ok {
			select {
			case l.jobs <- j:
				continue
			case <-ctx.Done():
				return
			}
		}
		if wait <= 0 {
			wait = time.Hour
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-l.wake:
		case <-timer.C:
		}
	}
}

// next is the first lead due (ok), or how long until the first falls due.
func (l *Lookups) next() (job, time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	for len(l.queue) > 0 {
		id := l.queue[0]
		p := l.pending[id]
		if p == nil || p.running {
			l.queue = l.queue[1:] // dropped by a Remove, or already taken
			continue
		}
		if d := p.due.Sub(now); d > 0 {
			return job{}, d, false
		}
		l.queue = l.queue[1:]
		p.running = true
		return job{lead: id, customer: p.customer}, 0, true
	}
	if len(l.queue) == 0 {
		l.queue = nil // let a burst's backing array go
	}
	return job{}, 0, false
}

func (l *Lookups) run(ctx context.Context, j job) {
	s := l.look(ctx, j.customer, j.lead)
	if ctx.Err() == nil {
		if err := l.seen(ctx, j.lead, s); err != nil {
			l.log.Error("lookup of a notified lead not stored", "error", err.Error())
		} else if l.changed != nil {
			l.changed(j.lead)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.pending[j.lead]
	if p == nil {
		return
	}
	if p.again {
		p.running, p.again, p.due = false, false, time.Now().Add(l.delay)
		l.queue = append(l.queue, j.lead)
		select {
		case l.wake <- struct{}{}:
		default:
		}
		return
	}
	delete(l.pending, j.lead)
}
