package history

import (
	"errors"
	"leadinspector/api/base/i18n"
	"slices"
	"sync"
	"time"
)

// Writer is the inspector's history: it owns a Store and makes every change
// to it on one goroutine, in the order asked, so that the caller (Bubble
// Tea's Update) never waits for the disk, keeps no list of writes of its
// own, and never sees an older list of entries after a newer one.
//
// Changes asked for before Open are queued and made once the store is open.
// Close waits, for a bounded time, for the changes still queued.
type Writer struct {
	dir   string
	limit int

	mu      sync.Mutex
	store   *Store // nil until Open
	queue   []job
	running bool          // a goroutine is working through queue
	idle    chan struct{} // closed when the queue is empty and no goroutine runs
	opened  chan struct{} // closed by Open
	closed  bool
	entries []Entry // as of the last change made: what Entries returns
	warned  string  // the cause of the last problem reported (each is reported once)
}

// job is one change; its result is sent on reply (buffered: the goroutine
// never waits for a reader).
type job struct {
	rec     Entry
	delete  bool
	restore bool
	reply   chan Result
}

// Result is what a change did.
type Result struct {
	// Prev and HadPrev are the entry as it was before a Record (for the
	// State change).
	Prev    Entry
	HadPrev bool
	// Problem is a failure to save, to show the user; nil when there was
	// none, or when it is the same failure as the last one reported (the
	// same full disk on every write would only repeat it).
	Problem error
}

// NewWriter returns the history for dir (see Open) without touching the
// disk: Open does that, in a command.
func NewWriter(dir string, limit int) *Writer {
	idle := make(chan struct{})
	close(idle)
	return &Writer{dir: dir, limit: limit, idle: idle, opened: make(chan struct{})}
}

// Open loads the history and starts on the changes queued so far. warn is a
// problem to show once (see the package's Open). It is called once; later
// calls do nothing.
func (w *Writer) Open() (warn error) {
	w.mu.Lock()
	opened := w.store != nil
	w.mu.Unlock()
	if opened {
		return nil
	}
	s, warn := Open(w.dir, w.limit)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.store = s
	close(w.opened)
	w.entries = s.Entries()
	if warn != nil {
		w.warned = cause(warn)
	}
	w.start()
	return warn
}

// Entries is the history as of the last change made, newest first: a copy,
// taken without waiting for a write in progress.
func (w *Writer) Entries() []Entry {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.entries)
}

// Record queues Store.Record(e); the result comes on the channel.
func (w *Writer) Record(e Entry) <-chan Result { return w.enqueue(job{rec: e}) }

// Delete queues Store.Delete for one lead; the result comes on the channel.
func (w *Writer) Delete(profile, customerID, leadID string) <-chan Result {
	return w.enqueue(job{rec: Entry{Profile: profile, CustomerID: customerID, LeadID: leadID}, delete: true})
}

// Restore queues Store.Restore(e): a deletion undone. The result comes on
// the channel.
func (w *Writer) Restore(e Entry) <-chan Result { return w.enqueue(job{rec: e, restore: true}) }

// Pending is the number of changes asked for and not made yet.
func (w *Writer) Pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(w.queue)
	if w.running {
		n++ // the one being made
	}
	return n
}

// Close waits up to timeout for the queued changes to be made, and refuses
// any later one. The error says how many were not saved.
func (w *Writer) Close(timeout time.Duration) error {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	return w.Wait(timeout)
}

// Wait waits up to timeout for the changes queued so far to be made; the
// error says how many were not.
func (w *Writer) Wait(timeout time.Duration) error {
	w.mu.Lock()
	nothing := w.store == nil && len(w.queue) == 0
	w.mu.Unlock()
	if nothing {
		return nil
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	// Open may still be under way (it runs in a command): queued changes
	// wait for it.
	select {
	case <-w.opened:
	case <-t.C:
		if n := w.Pending(); n > 0 {
			return problem(nil, i18n.MN("ui.history.problem.open_timeout", n, "Timeout", timeout.String()))
		}
		return nil
	}
	w.mu.Lock()
	idle := w.idle
	w.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-t.C:
		n := w.Pending()
		return problem(nil, i18n.MN("ui.history.problem.disk_timeout", n, "Timeout", timeout.String()))
	}
}

// errClosed is a change sent after Close.
var errClosed = problem(nil, i18n.M("ui.history.problem.closed"))

func (w *Writer) enqueue(j job) <-chan Result {
	j.reply = make(chan Result, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		j.reply <- Result{Problem: errClosed}
		return j.reply
	}
	w.queue = append(w.queue, j)
	if w.store != nil {
		w.start()
	}
	return j.reply
}

// start sets a goroutine to work through the queue unless one is at it.
// Called with w.mu held. The goroutine ends when the queue is empty, so an
// idle inspector holds none.
func (w *Writer) start() {
	if w.running || len(w.queue) == 0 {
		return
	}
	w.running = true
	w.idle = make(chan struct{})
	go w.work()
}

func (w *Writer) work() {
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			w.running = false
			close(w.idle)
			w.mu.Unlock()
			return
		}
		j := w.queue[0]
		w.queue = w.queue[1:]
		s := w.store
		w.mu.Unlock()

		var r Result
		var err error
		switch {
		case j.delete:
			err = s.Delete(j.rec.Profile, j.rec.CustomerID, j.rec.LeadID)
		case j.restore:
			err = s.Restore(j.rec)
		default:
			r.Prev, r.HadPrev, err = s.Record(j.rec)
		}
		entries := s.Entries()

		w.mu.Lock()
		w.entries = entries
		if err != nil && cause(err) != w.warned {
			w.warned = cause(err)
			r.Problem = err
		}
		w.mu.Unlock()
		j.reply <- r
	}
}

// cause is the innermost error's text: what two failures are compared by,
// as their outer words name a different temporary file each time.
func cause(err error) string {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}
