package notify

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"leadinspector/ui/desk"
)

// testDesk is the real desk store with a switch that makes every change
// fail, as a full disk or a broken file would.
type testDesk struct {
	*desk.Store
	mu   sync.Mutex
	fail error
}

func (d *testDesk) Write(ctx context.Context, fn func(*sql.Tx) error) error {
	d.mu.Lock()
	err := d.fail
	d.mu.Unlock()
	if err != nil {
		return err
	}
	return d.Store.Write(ctx, fn)
}

func openTestDesk(t testing.TB) *testDesk {
	t.Helper()
	return openTestDeskAt(t, filepath.Join(t.TempDir(), "desk.db"))
}

func openTestDeskAt(t testing.TB, path string) *testDesk {
	t.Helper()
	s, err := desk.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return &testDesk{Store: s}
}
