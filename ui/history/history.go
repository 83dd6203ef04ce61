// Package history keeps the inspector's lookup history in history.json in
// the directory it is given: the state directory, which config.StateDir
// alone decides (the demo's own under it, config.DemoDir). It holds which
// leads were looked up, when, under which profile, with what HTTP status
// and last known State.
//
// It stores ids, State, status, times and profile only: no message, contact id
// or other personal data. The file is written atomically, and every write
// re-reads it under a lock and merges, so two inspectors running at once do not
// lose each other's entries. A broken file is never fatal and never silently
// lost: it is moved aside and reported once.
package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"leadinspector/api/base/i18n"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
)

const (
	fileName     = "history.json"
	lockName     = "history.lock"
	fileVersion  = 1
	defaultLimit = 1000
	// maxFileSize bounds what is read: 1000 entries take about 250 KB, so a
	// larger file is not one we wrote.
	maxFileSize = 8 << 20
	// lockWait bounds the wait for a lock another process holds: past it
	// the change is kept in memory and the caller is told why it was not saved.
	lockWait = time.Second
)

// Entry is one lead in the history. Its fields are all the file holds.
type Entry struct {
	Profile    string    `json:"profile"`
	CustomerID string    `json:"customerId"`
	LeadID     string    `json:"leadId"`
	State      api.State `json:"state,omitempty"` // last known State ("" if never seen)
	Status     int       `json:"status"`          // HTTP status of the last lookup; 0 = no response
	At         time.Time `json:"at"`              // when it was last looked up
	PrevState  api.State `json:"prevState,omitempty"`
	ChangedAt  time.Time `json:"changedAt,omitzero"` // when the change to State was seen
	// Person is who looked the lead up, in the desk hub's history; never
	// set in this file.
	Person string `json:"-"`
	// Enums are the enum names of the server the lookup went to: Record
	// reads them to tell a State that came as a number from the name
	// learned for it, and keeps none (they are not the lead's).
	Enums *api.EnumNames `json:"-"`
}

type key struct{ profile, customerID, leadID string }

func keyOf(e Entry) key { return key{e.Profile, e.CustomerID, e.LeadID} }

// normalize makes an entry's strings safe for a terminal, so that what is kept
// in memory is exactly what a reload of the file gives.
func normalize(e Entry) Entry {
	e.Profile = sanitize.Line(e.Profile)
	e.CustomerID = sanitize.Line(e.CustomerID)
	e.LeadID = sanitize.Line(e.LeadID)
	e.State = api.State(sanitize.Line(string(e.State)))
	e.PrevState = api.State(sanitize.Line(string(e.PrevState)))
	e.At = e.At.Round(0) // drop the monotonic reading: times compare as they will after a reload
	e.ChangedAt = e.ChangedAt.Round(0)
	return e
}

// Store is the history of one inspector. It is safe for concurrent use.
type Store struct {
	dir   string // "" for a history kept in memory only
	limit int
	now   func() time.Time
	// write fills the temporary file; tests replace it to simulate a full disk.
	write func(f *os.File, data []byte) error
	// lockWait is how long a lock held by another process is waited for.
	lockWait time.Duration

	mu      sync.Mutex
	entries []Entry // newest first
	// Changes of this process not yet on disk, applied on top of what the
	// file holds at the next write.
	dirty   map[key]Entry
	deleted map[key]bool
}

func newStore(dir string, limit int) *Store {
	if limit <= 0 {
		limit = defaultLimit
	}
	return &Store{
		dir:      dir,
		limit:    limit,
		now:      time.Now,
		write:    func(f *os.File, data []byte) error { _, err := f.Write(data); return err },
		lockWait: lockWait,
		dirty:    map[key]Entry{},
		deleted:  map[key]bool{},
	}
}

// Open loads the history in dir, keeping at most limit entries (1000 when
// limit <= 0). The store is always usable, even when warn is not nil: warn is
// a problem to show the user once (a broken file moved aside, an unreadable
// file, a directory where history cannot be saved). With dir "" the history
// is kept in memory only.
func Open(dir string, limit int) (s *Store, warn error) {
	s = newStore(dir, limit)
	return s, s.load()
}

func (s *Store) load() error {
	if s.dir == "" {
		return problem(nil, i18n.M("ui.history.problem.no_state_dir"))
	}
	var warns []error
	if err := s.probe(); err != nil {
		warns = append(warns, problem(err, i18n.M("ui.history.problem.will_not_save", "Err", quoted(err))))
	}
	// Reading without the lock is safe (writes are atomic renames); a lock
	// that cannot be had is reported by the first write, not twice.
	unlock, err := lock(filepath.Join(s.dir, lockName), s.lockWait)
	if err == nil {
		defer unlock()
	}
	disk, _, warn, err := s.read()
	switch {
	case err != nil && len(warns) > 0:
		warns = append(warns, err) // "will not be saved" is said already
	case err != nil:
		warns = append(warns, problem(err, i18n.M("ui.history.problem.read_will_not_save", "Err", quoted(err))))
	}
	if warn != nil {
		warns = append(warns, warn)
	}
	s.mu.Lock()
	s.entries = capped(disk, s.limit)
	s.mu.Unlock()
	return join(warns...)
}

// join combines problems into one error on one line, for the status bar.
func join(errs ...error) error {
	var out error
	for _, err := range errs {
		switch {
		case err == nil:
		case out == nil:
			out = err
		default:
			out = fmt.Errorf("%w; %w", out, err)
		}
	}
	return out
}

// probe checks that the directory can be created and written to.
func (s *Store) probe() error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.dir, ".probe-*")
	if err != nil {
		return err
	}
	_ = f.Close()
	return os.Remove(f.Name())
}

// Path is the history file ("" for a history kept in memory only).
func (s *Store) Path() string {
	if s.dir == "" {
		return ""
	}
	return filepath.Join(s.dir, fileName)
}

// Entries returns a copy of the history, newest first.
func (s *Store) Entries() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.entries)
}

// Last returns the entry for a lead, if the history has one.
func (s *Store) Last(profile, customerID, leadID string) (Entry, bool) {
	k := keyOf(normalize(Entry{Profile: profile, CustomerID: customerID, LeadID: leadID}))
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.entries, func(e Entry) bool { return keyOf(e) == k })
	if i < 0 {
		return Entry{}, false
	}
	return s.entries[i], true
}

// Record adds or updates the entry for e's (profile, customer id, lead id) and
// moves it to the top. An empty e.State keeps the last known State (a failed
// lookup does not forget it). When the State changes, PrevState and ChangedAt
// say from what and when; otherwise they are carried over. The newest At wins:
// an e older than the entry already held (another inspector's later lookup)
// changes nothing. A zero e.At means now. prev is the entry as it was before.
// A non-nil err means the change could not be saved (show it once); the
// history in memory has it all the same, and a later write saves it.
func (s *Store) Record(e Entry) (prev Entry, hadPrev bool, err error) {
	enums := e.Enums
	e.Enums = nil
	e = normalize(e)
	if e.CustomerID == "" || e.LeadID == "" {
		return Entry{}, false, errors.New("history: customer id and lead id are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.At.IsZero() {
		e.At = s.now().Round(0)
	}
	k := keyOf(e)
	err = s.update(func(entries []Entry) []Entry {
		i := slices.IndexFunc(entries, func(x Entry) bool { return keyOf(x) == k })
		if i >= 0 {
			prev, hadPrev = entries[i], true
			if prev.At.After(e.At) {
				return entries // a later lookup (by another inspector) stands
			}
			entries = slices.Delete(entries, i, i+1)
		}
		e.PrevState, e.ChangedAt = prev.PrevState, prev.ChangedAt
		switch {
		case e.State == "":
			e.State = prev.State
		case prev.State != "" && !enums.SameState(prev.State, e.State):
			e.PrevState, e.ChangedAt = prev.State, e.At
		}
		delete(s.deleted, k)
		s.dirty[k] = e
		return slices.Insert(entries, 0, e)
	})
	return prev, hadPrev, err
}

// Delete removes a lead from the history.
func (s *Store) Delete(profile, customerID, leadID string) error {
	k := keyOf(normalize(Entry{Profile: profile, CustomerID: customerID, LeadID: leadID}))
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(entries []Entry) []Entry {
		delete(s.dirty, k)
		s.deleted[k] = true
		return slices.DeleteFunc(entries, func(x Entry) bool { return keyOf(x) == k })
	})
}

// Restore puts back an entry Delete removed, as it was, in its place by At
// (newest first); unless the history holds that lead again: the later
// lookup stands.
func (s *Store) Restore(e Entry) error {
	e = normalize(e)
	if e.CustomerID == "" || e.LeadID == "" {
		return errors.New("history: customer id and lead id are required")
	}
	k := keyOf(e)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.update(func(entries []Entry) []Entry {
		if slices.ContainsFunc(entries, func(x Entry) bool { return keyOf(x) == k }) {
			return entries
		}
		delete(s.deleted, k)
		s.dirty[k] = e
		i := slices.IndexFunc(entries, func(x Entry) bool { return x.At.Before(e.At) })
		if i < 0 {
			i = len(entries)
		}
		return slices.Insert(entries, i, e)
	})
}

// update applies change to the history as it is now on disk plus this
// process's unsaved changes, and saves the result. Called with s.mu held.
func (s *Store) update(change func([]Entry) []Entry) error {
	if s.dir == "" {
		s.entries = capped(change(s.entries), s.limit)
		return nil
	}
	var unlock func()
	err := os.MkdirAll(s.dir, 0o700)
	if err == nil {
		unlock, err = lock(filepath.Join(s.dir, lockName), s.lockWait)
	}
	if err != nil {
		s.entries = capped(change(s.entries), s.limit)
		return problem(err, i18n.M("ui.history.problem.not_saved", "Err", quoted(err)))
	}
	defer unlock()

	disk, movedAside, warn, err := s.read()
	switch {
	case err != nil:
		// Never overwrite a file we could not read.
		s.entries = capped(change(s.entries), s.limit)
		return problem(err, i18n.M("ui.history.problem.not_saved", "Err", quoted(err)))
	case movedAside:
		// The file was broken and has been moved aside: what this process
		// knows is all there is.
		s.entries = capped(change(s.entries), s.limit)
	default:
		// Entries skipped here were reported by Open, or are the other
		// inspector's to report: the write drops them without a word.
		warn = nil
		s.entries = capped(change(s.merge(disk)), s.limit)
	}
	if err := s.save(); err != nil {
		return join(warn, problem(err, i18n.M("ui.history.problem.not_saved", "Err", quoted(err))))
	}
	clear(s.dirty)
	clear(s.deleted)
	return warn
}

// merge lays this process's unsaved changes over the entries on disk: per
// lead the newest At wins (this process on a tie), and leads deleted here are
// dropped.
func (s *Store) merge(disk []Entry) []Entry {
	all := make([]Entry, 0, len(s.dirty)+len(disk))
	for _, e := range s.entries { // memory order: the newest first
		if _, ok := s.dirty[keyOf(e)]; ok {
			all = append(all, e)
		}
	}
	all = append(all, disk...)
	out := dedupe(all)
	return slices.DeleteFunc(out, func(e Entry) bool { return s.deleted[keyOf(e)] })
}

// dedupe keeps the entry with the newest At per lead (the first on a tie) and
// orders the result newest first, stably.
func dedupe(entries []Entry) []Entry {
	best := make(map[key]int, len(entries))
	out := make([]Entry, 0, len(entries))
	for _, e := range entries {
		k := keyOf(e)
		if i, ok := best[k]; ok {
			if e.At.After(out[i].At) {
				out[i] = e
			}
			continue
		}
		best[k] = len(out)
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return b.At.Compare(a.At) })
	return out
}

func capped(entries []Entry, limit int) []Entry {
	if len(entries) > limit {
		entries = entries[:limit]
	}
	return slices.Clip(entries)
}

type file struct {
	Version int               `json:"version"`
	Entries []json.RawMessage `json:"entries"`
}

// read loads the file. err means it exists but could not be read (or, broken,
// could not be moved aside) and must not be overwritten. movedAside means it
// was broken and has been renamed; warn says so, or that entries were skipped.
func (s *Store) read() (entries []Entry, movedAside bool, warn, err error) {
	path := s.Path()
	data, tooBig, err := readCapped(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil, nil
	}
	if err != nil {
		return nil, false, nil, problem(err, i18n.M("ui.history.problem.cannot_read", "Err", quoted(err)))
	}
	var doc file
	switch {
	case tooBig:
		warn, err = s.setAside(i18n.M("ui.history.problem.why.too_big", "MiB", maxFileSize>>20))
		return nil, err == nil, warn, err
	case len(bytes.TrimSpace(data)) == 0:
		// An empty file (a crash before anything was written): nothing to keep.
		return nil, false, nil, nil
	case json.Unmarshal(data, &doc) != nil:
		warn, err = s.setAside(i18n.M("ui.history.problem.why.not_json"))
		return nil, err == nil, warn, err
	case doc.Version != fileVersion:
		warn, err = s.setAside(i18n.M("ui.history.problem.why.version", "Version", doc.Version, "Want", fileVersion))
		return nil, err == nil, warn, err
	}
	skipped := 0
	for _, raw := range doc.Entries {
		var e Entry
		if json.Unmarshal(raw, &e) != nil {
			skipped++
			continue
		}
		if e = normalize(e); e.CustomerID == "" || e.LeadID == "" {
			skipped++
			continue
		}
		entries = append(entries, e)
	}
	if skipped > 0 {
		warn = problem(nil, i18n.MN("ui.history.problem.skipped", skipped, "Path", path))
	}
	return dedupe(entries), false, warn, nil
}

// readCapped reads the file at path unless it is larger than maxFileSize. It
// refuses a symlink, a FIFO or anything else but a regular file, without
// blocking. The file is closed on return, so that it can be renamed even on
// Windows.
func readCapped(path string) (data []byte, tooBig bool, err error) {
	f, err := openRegular(path, os.O_RDONLY)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxFileSize {
		return nil, true, nil // not even read
	}
	data, err = io.ReadAll(io.LimitReader(f, maxFileSize+1))
	return data, len(data) > maxFileSize, err
}

// kind names a file mode for a message: "a directory", "a named pipe".
func kind(m os.FileMode) i18n.Message {
	switch {
	case m.IsDir():
		return i18n.M("ui.history.kind.dir")
	case m&os.ModeSymlink != 0:
		return i18n.M("ui.history.kind.symlink")
	case m&os.ModeNamedPipe != 0:
		return i18n.M("ui.history.kind.pipe")
	case m&os.ModeSocket != 0:
		return i18n.M("ui.history.kind.socket")
	case m&os.ModeDevice != 0:
		return i18n.M("ui.history.kind.device")
	}
	return i18n.M("ui.history.kind.special")
}

// setAside moves a broken file out of the way, so that it is kept for the user
// to look at rather than overwritten.
func (s *Store) setAside(why i18n.Message) (warn, err error) {
	path := s.Path()
	aside := path + ".corrupt-" + s.now().Format("20060102-150405")
	for i := 1; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, os.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.corrupt-%s-%d", path, s.now().Format("20060102-150405"), i)
	}
	if err := os.Rename(path, aside); err != nil {
		return nil, problem(err, i18n.M("ui.history.problem.aside_failed", "Path", path, "Why", why, "Err", quoted(err)))
	}
	return problem(nil, i18n.M("ui.history.problem.moved_aside", "Path", path, "Why", why, "Aside", filepath.Base(aside))), nil
}

// save writes s.entries atomically: a temporary file in the same directory,
// synced, then renamed over the old one.
func (s *Store) save() error {
	doc := struct {
		Version int     `json:"version"`
		Entries []Entry `json:"entries"`
	}{fileVersion, s.entries}
	if doc.Entries == nil {
		doc.Entries = []Entry{}
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.dir, ".history-*.tmp") // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	err = s.write(tmp, append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.Path())
	}
	if err != nil {
		return err
	}
	// Make the rename itself durable; not possible on every OS, so best effort.
	if d, err := os.Open(s.dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// Filter returns the entries matching query, a case-insensitive substring of
// customer id, lead id, state or profile. Several words must all match. An
// empty query matches everything.
func Filter(entries []Entry, query string) []Entry {
	words := strings.Fields(strings.ToLower(query))
	out := make([]Entry, 0, len(entries))
	for _, e := range entries {
		fields := []string{
			strings.ToLower(e.CustomerID), strings.ToLower(e.LeadID),
			strings.ToLower(string(e.State)), strings.ToLower(e.Profile),
		}
		matches := func(w string) bool {
			return slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(f, w) })
		}
		if !slices.ContainsFunc(words, func(w string) bool { return !matches(w) }) {
			out = append(out, e)
		}
	}
	return out
}
