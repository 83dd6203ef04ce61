package notify

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"leadinspector/api/notify"
	"leadinspector/ui/desk"
)

// Desk is what the notification tables need of the desk store: its one
// writer (Write commits before it returns) and its read-only pool.
type Desk interface {
	Write(ctx context.Context, fn func(tx *sql.Tx) error) error
	Reader() *sql.DB
}

// preparer is a Desk whose jobs can reuse prepared statements (the desk
// store): the receiver's few statements run at every notification, and
// SQLite's parser was a fifth of the hub's CPU under load.
type preparer interface {
	Prepared(tx *sql.Tx, query string) desk.Stmt
}

// stmt is query in tx, prepared once if the desk can.
func (db *DB) stmt(tx *sql.Tx, query string) interface {
	QueryRow(args ...any) *sql.Row
	Exec(args ...any) (sql.Result, error)
} {
	if p, ok := db.desk.(preparer); ok {
		return p.Prepared(tx, query)
	}
	return txStmt{tx, query}
}

// txStmt runs a query as text in a transaction (a desk without prepared
// statements).
type txStmt struct {
	tx    *sql.Tx
	query string
}

func (s txStmt) QueryRow(args ...any) *sql.Row { return s.tx.QueryRow(s.query, args...) }
func (s txStmt) Exec(args ...any) (sql.Result, error) {
	return s.tx.Exec(s.query, args...)
}

// DB keeps notifications in the desk store's tables (ui/desk/notify.go).
type DB struct {
	desk Desk
	// words caches notify_words ids that are committed. Only the writer
	// goroutine adds to the table; ids learnt inside a transaction enter
	// the cache once Write reports it committed.
	mu    sync.RWMutex
	words map[string]int64
}

// NewDB reads and writes the notification tables of desk.
func NewDB(desk Desk) *DB { return &DB{desk: desk, words: map[string]int64{}} }

// NewReader reads the notification tables through db, a read-only pool
// (desk.OpenReadOnly): Record and SetSeen fail.
func NewReader(db *sql.DB) *DB { return NewDB(readOnly{db}) }

type readOnly struct{ db *sql.DB }

func (r readOnly) Write(context.Context, func(*sql.Tx) error) error {
	return errors.New("the notification tables are open read-only")
}

func (r readOnly) Reader() *sql.DB { return r.db }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// origin is the fields that say where a notification came from, which
// rarely change: one word for all four.
func origin(n notify.Notification) string {
	return n.Name + "\x1f" + n.PartnerID + "\x1f" + n.ChainID + "\x1f" + n.TenantID
}

// Record stores n, received at at, unless an identical notification was
// stored within DedupWindow before it (dup true). It returns once the row is
// committed.
func (db *DB) Record(ctx context.Context, n notify.Notification, at time.Time) (dup bool, err error) {
	learnt := map[string]int64{}
	err = db.desk.Write(ctx, func(tx *sql.Tx) error {
		dup = false
		clear(learnt)
		sig := n.Signature()
		var one int
		err := db.stmt(tx, `SELECT 1 FROM notify_events WHERE sig = ? AND at > ? LIMIT 1`).QueryRow(
			sig, ms(at.Add(-DedupWindow))).Scan(&one)
		switch {
		case err == nil:
			dup = true
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return db.insert(tx, n, at, learnt)
	})
	if err == nil && len(learnt) > 0 {
		db.mu.Lock()
		for w, id := range learnt {
			db.words[w] = id
		}
		db.mu.Unlock()
	}
	return dup, err
}

// insert stores n, received at at, in tx: its words, its lead's row and its
// event (Record, after its redelivery check).
func (db *DB) insert(tx *sql.Tx, n notify.Notification, at time.Time, learnt map[string]int64) error {
	sig := n.Signature()
	word := func(w string) (int64, error) { return db.word(tx, w, learnt) }
	what, err := word(n.What())
	if err != nil {
		return err
	}
	kind, err := word(n.Type + " " + n.Event)
	if err != nil {
		return err
	}
	cust, err := word(n.CustomerID)
	if err != nil {
		return err
	}
	orig, err := word(origin(n))
	if err != nil {
		return err
	}
	settled, removed := 0, 0
	if notify.Settles(n.Cause) {
		settled = 1
	}
	if n.Event == notify.EventRemove {
		removed = 1
	}
	t := ms(at)
	// The latest change wins the lead's row; a late delivery of an older
	// one (a retry) only adds its event.
	var leadID int64
	err = db.stmt(tx, `
INSERT INTO notify_leads (lead, customer, external, first_at, last_at, last_what, events, settled, removed,
	state, holder, looked_at, look_status)
VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, '', '', 0, 0)
ON CONFLICT (lead) DO UPDATE SET
	customer  = CASE WHEN excluded.last_at >= last_at THEN excluded.customer ELSE customer END,
	last_what = CASE WHEN excluded.last_at >= last_at THEN excluded.last_what ELSE last_what END,
	external  = CASE WHEN excluded.external <> '' THEN excluded.external ELSE external END,
	first_at  = min(first_at, excluded.first_at),
	last_at   = max(last_at, excluded.last_at),
	events    = events + 1,
	settled   = max(settled, excluded.settled),
	removed   = max(removed, excluded.removed)
RETURNING id`).QueryRow(n.ID, cust, n.ExternalID, t, t, what, settled, removed).Scan(&leadID)
	if err != nil {
		return err
	}
	_, err = db.stmt(tx, `INSERT INTO notify_events (lead, at, what, kind, customer, origin, sig) VALUES (?, ?, ?, ?, ?, ?, ?)`).Exec(
		leadID, t, what, kind, cust, orig, sig)
	return err
}

// word is w's id in notify_words, added if new (inside tx).
func (db *DB) word(tx *sql.Tx, w string, learnt map[string]int64) (int64, error) {
	db.mu.RLock()
	id, ok := db.words[w]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	if id, ok := learnt[w]; ok {
		return id, nil
	}
	err := db.stmt(tx, `SELECT id FROM notify_words WHERE word = ?`).QueryRow(w).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = db.stmt(tx, `INSERT INTO notify_words (word) VALUES (?) RETURNING id`).QueryRow(w).Scan(&id)
	}
	if err != nil {
		return 0, err
	}
	learnt[w] = id
	return id, nil
}

// Seen is what a lookup of a notified lead saw: its State and who holds it
// (by name), never its message, contact or other personal data.
type Seen struct {
	At     time.Time
	Status int // HTTP status; 0: no answer
	State  string
	Holder string
}

// SetSeen keeps what the hub's latest lookup of leadID saw. A lookup that
// got no lead (an error, a 404 after a Remove) keeps the State and holder
// seen before, with its own time and status.
func (db *DB) SetSeen(ctx context.Context, leadID string, s Seen) error {
	ok := 0
	if s.Status >= 200 && s.Status < 300 {
		ok = 1
	}
	return db.desk.Write(ctx, func(tx *sql.Tx) error {
		_, err := db.stmt(tx, `UPDATE notify_leads SET
	state  = CASE WHEN ? THEN ? ELSE state END,
	holder = CASE WHEN ? THEN ? ELSE holder END,
	looked_at = ?, look_status = ?
WHERE lead = ? AND looked_at <= ?`).Exec(
			ok, s.State, ok, s.Holder, ms(s.At), s.Status, leadID, ms(s.At))
		return err
	})
}

// DefaultStuckAfter is serve.stuck_after when unset: a lead whose last
// change is older than this, with no accept, is stuck.
const DefaultStuckAfter = 24 * time.Hour

// DeskLookup is one lookup of a lead by someone at the desk (the desk
// history, ui/desk): when, who, and what it saw.
type DeskLookup struct {
	At     time.Time `json:"at"`
	Person string    `json:"person"`
	Status int       `json:"status"`
	State  string    `json:"state"`
}

// DeskLookups is the desk's lookups of leadID, oldest first.
func (db *DB) DeskLookups(ctx context.Context, leadID string) ([]DeskLookup, error) {
	rs, err := db.desk.Reader().QueryContext(ctx, `SELECT at, person, status, state FROM lookups WHERE lead = ? ORDER BY at, id`, leadID)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []DeskLookup
	for rs.Next() {
		var k DeskLookup
		var at int64
		if err := rs.Scan(&at, &k.Person, &k.Status, &k.State); err != nil {
			return nil, err
		}
		k.At = fromMS(at)
		out = append(out, k)
	}
	return out, rs.Err()
}

// Row is one lead of the queue.
type Row struct {
	LeadID     string    `json:"leadId"`
	CustomerID string    `json:"customerId"`
	ExternalID string    `json:"externalId"`
	Cause      string    `json:"cause"` // the latest cause (else event)
	First      time.Time `json:"first"`
	Last       time.Time `json:"last"`
	Events     int       `json:"events"`
	Settled    bool      `json:"settled"`
	Removed    bool      `json:"removed"`
	State      string    `json:"state"`
	Holder     string    `json:"holder"`
	LookedAt   time.Time `json:"lookedAt"`
	LookStatus int       `json:"lookStatus"`
	// key is the row's place in the queue, for the next page.
	key int64
}

// Stuck reports whether the row is waiting for an accept since before
// cutoff: nothing settled it, not removed, last change older than cutoff.
func (r Row) Stuck(cutoff time.Time) bool {
	return !r.Settled && !r.Removed && r.Last.Before(cutoff)
}

// Filter selects rows of the queue. Zero fields select everything.
type Filter struct {
	// Since keeps leads whose latest change is at or after it.
	Since time.Time
	// Cause keeps leads whose latest cause (else event) is exactly this.
	Cause string
	// Customer keeps leads whose latest change is this customer's.
	Customer string
	// StuckBefore, when set, keeps stuck leads (see Row.Stuck) whose last
	// change is before it.
	StuckBefore time.Time
	// Text keeps leads whose lead id, externalId, customer, cause, State or
	// holder contains it (any case).
	Text string
}

// Cursor is where a page ended; the zero Cursor is the start.
type Cursor struct {
	last int64
	id   int64
}

// IsZero reports whether c is the start (or there is no next page).
func (c Cursor) IsZero() bool { return c == Cursor{} }

const rowColumns = `l.lead, cw.word, l.external, ww.word, l.first_at, l.last_at, l.events, l.settled, l.removed,
	l.state, l.holder, l.looked_at, l.look_status, l.id`

const rowFrom = ` FROM notify_leads l
	JOIN notify_words cw ON cw.id = l.customer
	JOIN notify_words ww ON ww.id = l.last_what`

func scanRow(rs interface{ Scan(...any) error }) (Row, error) {
	var r Row
	var first, last, looked int64
	var settled, removed int
	err := rs.Scan(&r.LeadID, &r.CustomerID, &r.ExternalID, &r.Cause, &first, &last, &r.Events, &settled,
		&removed, &r.State, &r.Holder, &looked, &r.LookStatus, &r.key)
	r.First, r.Last, r.LookedAt = fromMS(first), fromMS(last), fromMS(looked)
	r.Settled, r.Removed = settled != 0, removed != 0
	return r, err
}

// Page is up to limit rows of the queue after cursor, newest change first,
// and the cursor of the next page (zero: no more). limit <= 0 means all.
func (db *DB) Page(ctx context.Context, f Filter, after Cursor, limit int) ([]Row, Cursor, error) {
	var where []string
	var args []any
	if !f.Since.IsZero() {
		where = append(where, `l.last_at >= ?`)
		args = append(args, ms(f.Since))
	}
	if f.Cause != "" {
		// An unknown word selects nothing; the subquery keeps it one query.
		where = append(where, `l.last_what = (SELECT id FROM notify_words WHERE word = ?)`)
		args = append(args, f.Cause)
	}
	if f.Customer != "" {
		where = append(where, `l.customer = (SELECT id FROM notify_words WHERE word = ?)`)
		args = append(args, f.Customer)
	}
	if !f.StuckBefore.IsZero() {
		where = append(where, `l.settled = 0 AND l.removed = 0 AND l.last_at < ?`)
		args = append(args, ms(f.StuckBefore))
	}
	if f.Text != "" {
		// One set of lead rows: ids, State and holder through the trigram
		// index (three characters or more; shorter text is read row by
		// row), customers and causes through the small words table. Both
		// ignore ASCII case. The set is looked up by rowid and sorted.
		pat := "%" + escapeLike(f.Text) + "%"
		byWord := ` UNION SELECT id FROM notify_leads WHERE customer IN (SELECT id FROM notify_words WHERE word LIKE ? ESCAPE '\')
			UNION SELECT id FROM notify_leads WHERE last_what IN (SELECT id FROM notify_words WHERE word LIKE ? ESCAPE '\')`
		if utf8.RuneCountInString(f.Text) >= 3 {
			where = append(where, `l.id IN (SELECT rowid FROM notify_search WHERE notify_search MATCH ?`+byWord+`)`)
			args = append(args, `"`+strings.ReplaceAll(f.Text, `"`, `""`)+`"`, pat, pat)
		} else {
			where = append(where, `l.id IN (SELECT id FROM notify_leads WHERE lead LIKE ? ESCAPE '\' OR external LIKE ? ESCAPE '\'
				OR state LIKE ? ESCAPE '\' OR holder LIKE ? ESCAPE '\'`+byWord+`)`)
			args = append(args, pat, pat, pat, pat, pat, pat)
		}
	}
	if !after.IsZero() {
		where = append(where, `(l.last_at < ? OR l.last_at = ? AND l.id < ?)`)
		args = append(args, after.last, after.last, after.id)
	}
	q := `SELECT ` + rowColumns + rowFrom
	if f.Text != "" && f.Cause == "" && f.Customer == "" && f.StuckBefore.IsZero() && f.Since.IsZero() {
		// The text's matches are a set of rowids: fetch those and sort
		// them, rather than walk the time index testing every lead.
		q = strings.Replace(q, "FROM notify_leads l", "FROM notify_leads l NOT INDEXED", 1)
	}
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY l.last_at DESC, l.id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit+1)
	}
	rs, err := db.desk.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, Cursor{}, err
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		r, err := scanRow(rs)
		if err != nil {
			return nil, Cursor{}, err
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, Cursor{}, err
	}
	var next Cursor
	if limit > 0 && len(out) > limit {
		out = out[:limit]
		last := out[len(out)-1]
		next = Cursor{last: ms(last.Last), id: last.key}
	}
	return out, next, nil
}

// Each calls fn for every row of the queue the filter selects, newest change
// first, a page at a time (no row is left out, and memory stays bounded).
func (db *DB) Each(ctx context.Context, f Filter, fn func(Row) error) error {
	var cur Cursor
	for {
		rows, next, err := db.Page(ctx, f, cur, 500)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if next.IsZero() {
			return nil
		}
		cur = next
	}
}

// Lead is the queue's row of one lead (ok false: no notification names it).
func (db *DB) Lead(ctx context.Context, leadID string) (Row, bool, error) {
	r, err := scanRow(db.desk.Reader().QueryRowContext(ctx, `SELECT `+rowColumns+rowFrom+` WHERE l.lead = ?`, leadID))
	if errors.Is(err, sql.ErrNoRows) {
		return Row{}, false, nil
	}
	return r, err == nil, err
}

// ByExternal is the leads whose externalId is exactly id, newest change
// first: the way from a partner's own id to Vitec's.
func (db *DB) ByExternal(ctx context.Context, id string) ([]Row, error) {
	if id == "" {
		return nil, nil
	}
	rs, err := db.desk.Reader().QueryContext(ctx, `SELECT `+rowColumns+rowFrom+
		` WHERE l.external = ? ORDER BY l.last_at DESC, l.id DESC LIMIT 100`, id)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Row
	for rs.Next() {
		r, err := scanRow(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// External is the lead the partner's id names, when exactly one lead
// carries it (for the Lead ID field of a hub session).
func (db *DB) External(ctx context.Context, id string) (customerID, leadID string, ok bool) {
	rows, err := db.ByExternal(ctx, id)
	if err != nil || len(rows) != 1 {
		return "", "", false
	}
	return rows[0].CustomerID, rows[0].LeadID, true
}

// Event is one notification of a lead's timeline.
type Event struct {
	At         time.Time `json:"at"`
	Type       string    `json:"type"`
	Event      string    `json:"event"`
	Cause      string    `json:"cause"` // the cause, else the event
	CustomerID string    `json:"customerId"`
}

// Timeline is leadID's notifications, oldest first.
func (db *DB) Timeline(ctx context.Context, leadID string) ([]Event, error) {
	rs, err := db.desk.Reader().QueryContext(ctx, `
SELECT e.at, kw.word, ww.word, cw.word FROM notify_events e
	JOIN notify_leads l ON l.id = e.lead
	JOIN notify_words kw ON kw.id = e.kind
	JOIN notify_words ww ON ww.id = e.what
	JOIN notify_words cw ON cw.id = e.customer
WHERE l.lead = ? ORDER BY e.at, e.id`, leadID)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Event
	for rs.Next() {
		var e Event
		var at int64
		var kind string
		if err := rs.Scan(&at, &kind, &e.Cause, &e.CustomerID); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		e.Type, e.Event, _ = strings.Cut(kind, " ")
		out = append(out, e)
	}
	return out, rs.Err()
}

// Causes is every cause (else event) a lead's latest change has, for the
// quick filter: the documented ones first, then others as received.
func (db *DB) Causes(ctx context.Context) ([]string, error) {
	return db.wordList(ctx, `SELECT word FROM notify_words WHERE id IN (SELECT DISTINCT last_what FROM notify_leads) ORDER BY word`)
}

// Customers is every customer a lead's latest change belongs to.
func (db *DB) Customers(ctx context.Context) ([]string, error) {
	return db.wordList(ctx, `SELECT word FROM notify_words WHERE id IN (SELECT DISTINCT customer FROM notify_leads) ORDER BY word`)
}

func (db *DB) wordList(ctx context.Context, q string) ([]string, error) {
	rs, err := db.desk.Reader().QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var w string
		if err := rs.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rs.Err()
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
