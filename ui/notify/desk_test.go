package notify

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	_ "modernc.org/sqlite"
)

// testDesk stands in for the desk store: the same file conventions (WAL,
// one writer connection, read-only readers) and the same Write contract
// (committed when it returns nil).
type testDesk struct {
	mu   sync.Mutex
	w, r *sql.DB
	fail error // when set, every Write fails with it
}

func (d *testDesk) Write(ctx context.Context, fn func(*sql.Tx) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return d.fail
	}
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (d *testDesk) Reader() *sql.DB { return d.r }

func openTestDesk(t testing.TB) *testDesk {
	t.Helper()
	return openTestDeskAt(t, filepath.Join(t.TempDir(), "desk.db"))
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

func openTestDeskAt(t testing.TB, path string) *testDesk {
	t.Helper()
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	if _, err := w.Exec(`CREATE TABLE IF NOT EXISTS v (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	var n int
	_ = w.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'notify_events'`).Scan(&n)
	if n == 0 {
		if _, err := w.Exec(Schema); err != nil {
			t.Fatal(err)
		}
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		t.Fatal(err)
	}
	r.SetMaxOpenConns(4)
	t.Cleanup(func() { r.Close(); w.Close() })
	return &testDesk{w: w, r: r}
}
