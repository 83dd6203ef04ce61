// Package desk is the hub's desk store: an embedded SQLite database
// (modernc.org/sqlite, pure Go) holding the desk history (every lookup by
// everyone) and the audit log (who looked at which lead or contact, when,
// with which key, and what came of it).
//
// One database file, in WAL mode, opened by Open:
//
//   - one writer goroutine owns the only write connection. Every change is a
//     job handed to it (Write, RecordLookup, RecordContact, Purge); it takes
//     the jobs queued so far into one transaction (each job in a savepoint
//     of its own, so one job's failure does not undo another's) and answers
//     each job only once that transaction is committed. A caller told nil
//     has its rows on disk: a killed hub loses no row it reported written.
//   - reads go through a separate pool of read-only connections (Reader),
//     which WAL lets run beside the writer.
//
// The schema is the numbered list in migrations.go: adding a table or an
// index is one more entry at the end of that list, nothing else.
//
// Nothing here opens a file or starts a goroutine before Open is called:
// linking the package costs a command only the SQLite driver's init.
package desk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// DefaultRetention is how long rows are kept when serve.retention is not set.
const DefaultRetention = 90 * 24 * time.Hour

// FileName is the store's file in the state directory when serve.database
// is not set.
const FileName = "desk.db"

// Store is an open desk store. It is safe for concurrent use.
type Store struct {
	path string
	wdb  *sql.DB // one connection, used only by the writer goroutine
	rdb  *sql.DB // read-only connections

	jobs   chan *job
	done   chan struct{} // closed when the writer goroutine has ended
	mu     sync.RWMutex  // held for reading while a job is handed over; Close takes it for writing
	closed bool
	now    func() time.Time

	// The writer goroutine's own (Prepared): statements prepared on the
	// write connection, and queries to prepare after the running batch.
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// job is one change made by the writer goroutine.
type job struct {
	fn    func(tx *sql.Tx) error
	reply chan error // buffered: the writer never waits for a reader
}

// ErrClosed is the answer to a change asked of a closed store.
var ErrClosed = errors.New("the desk store is closed")

// Open opens (creating it if need be, with its directory, 0700) the desk
// store at path and brings its schema up to date.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// Create the file 0600 ourselves: SQLite would create it 0644.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return nil, err
	} else {
		f.Close()
	}
	wdb, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := wdb.Ping(); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := migrate(wdb, migrations); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rdb, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		wdb.Close()
		return nil, err
	}
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	s := &Store{path: path, wdb: wdb, rdb: rdb, jobs: make(chan *job, 256), done: make(chan struct{}), now: time.Now}
	go s.writer()
	return s, nil
}

// dsn is the driver's name for the file: WAL, a wait for locks instead of
// an error, and FULL sync so that a commit survives a crash of the machine
// as well as of the process.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(FULL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// migrate applies the migrations above the database's version, each in a
// transaction with the version it brings.
func migrate(db *sql.DB, ms []migration) error {
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	var v int
	err := db.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := db.Exec(`INSERT INTO schema_version VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if v > len(ms) {
		return fmt.Errorf("the desk store's schema is version %d, newer than this program knows (%d): use a newer leadinspector", v, len(ms))
	}
	for _, m := range ms[v:] {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema step %d (%s): %w", m.version, m.what, err)
		}
		if _, err := tx.Exec(`UPDATE schema_version SET version = ?`, m.version); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("schema step %d (%s): %w", m.version, m.what, err)
		}
	}
	return nil
}

// Path is the file the store was opened at.
func (s *Store) Path() string { return s.path }

// Reader is the pool of read-only connections, for queries of packages
// that add tables of their own (see migrations.go).
func (s *Store) Reader() *sql.DB { return s.rdb }

// Write runs fn in the writer goroutine, inside a transaction (a savepoint
// of it), and returns once that transaction is committed or has failed.
// fn must only use tx; it may run beside other jobs' work in the same
// transaction, never at the same time.
func (s *Store) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	j := &job{fn: fn, reply: make(chan error, 1)}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	select {
	case s.jobs <- j:
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	s.mu.RUnlock()
	// Once handed over, the job is waited for even if ctx ends: the caller
	// must know whether its row is on disk.
	return <-j.reply
}

// writer is the one goroutine that changes the database.
func (s *Store) writer() {
	defer close(s.done)
	for j := range s.jobs {
		batch := []*job{j}
	more:
		for len(batch) < 128 {
			select {
			case j, ok := <-s.jobs:
				if !ok {
					break more
				}
				batch = append(batch, j)
			default:
				break more
			}
		}
		s.run(batch)
		s.prepareWanted()
	}
}

// run makes a batch of jobs in one transaction, each in its own savepoint.
func (s *Store) run(batch []*job) {
	errs := make([]error, len(batch))
	tx, err := s.wdb.Begin()
	if err != nil {
		for _, j := range batch {
			j.reply <- err
		}
		return
	}
	for i, j := range batch {
		if _, err := s.Prepared(tx, `SAVEPOINT job`).Exec(); err != nil {
			errs[i] = err
			continue
		}
		if err := callJob(j.fn, tx); err != nil {
			errs[i] = err
			if _, rerr := s.Prepared(tx, `ROLLBACK TO job`).Exec(); rerr != nil {
				errs[i] = errors.Join(err, rerr)
			}
		}
		if _, err := s.Prepared(tx, `RELEASE job`).Exec(); err != nil && errs[i] == nil {
			errs[i] = err
		}
	}
	if err := tx.Commit(); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
	}
	for i, j := range batch {
		j.reply <- errs[i]
	}
}

// callJob runs a job, turning a panic into its error so that one bad job
// does not end the writer.
func callJob(fn func(*sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("desk store job panicked: %v", r)
		}
	}()
	return fn(tx)
}

// Close stops taking changes, waits for the writer to commit those already
// handed over, and closes the database (checkpointing the WAL into the
// file).
func (s *Store) Close() error {
	s.mu.Lock()
	if s.wdb == nil { // a reader (OpenReader)
		s.mu.Unlock()
		return s.rdb.Close()
	}
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.jobs)
	s.mu.Unlock()
	<-s.done
	s.closeStmts()
	rerr := s.rdb.Close()
	// A clean close leaves no WAL behind: checkpoint it into the file.
	_, cerr := s.wdb.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return errors.Join(rerr, cerr, s.wdb.Close())
}

// ErrNoStore is OpenReader's answer when there is no store at the path.
var ErrNoStore = errors.New("no desk store")

// OpenReader opens an existing store for reading only (the audit command):
// no writer, no migration, nothing created. It works while the hub runs.
func OpenReader(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNoStore
		}
		return nil, err
	}
	rdb, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, err
	}
	var v int
	if err := rdb.QueryRow(`SELECT version FROM schema_version`).Scan(&v); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if v > len(migrations) {
		rdb.Close()
		return nil, fmt.Errorf("the desk store's schema is version %d, newer than this program knows (%d): use a newer leadinspector", v, len(migrations))
	}
	s := &Store{path: path, rdb: rdb, closed: true, done: make(chan struct{}), now: time.Now}
	close(s.done)
	return s, nil
}
