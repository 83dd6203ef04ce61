package notify

import (
	"context"
	"database/sql"
	"time"
)

// Watch tells, on the channel it returns, when another connection has
// committed to the desk store since it last looked (SQLite's data_version,
// asked every interval on a connection of its own): how the inspector
// outside a hub session, reading the hub's file, learns of new
// notifications. A value waits until taken; more changes meanwhile are one.
// It ends, closing the channel, when ctx ends or the store fails it.
func Watch(ctx context.Context, db *sql.DB, every time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		defer close(out)
		conn, err := db.Conn(ctx)
		if err != nil {
			return
		}
		defer conn.Close()
		version := func() (int64, error) {
			var v int64
			err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
			return v, err
		}
		last, err := version()
		if err != nil {
			return
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			v, err := version()
			if err != nil {
				return
			}
			if v != last {
				last = v
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out
}
