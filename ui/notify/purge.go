package notify

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// purgeChunk is how many leads one writer job of Purge handles: small
// enough that a notification waiting behind it is still answered well
// inside Vitec's two seconds.
const purgeChunk = 100

// Purge removes, for the retention (serve.retention), every notification
// received before before: a lead whose latest change is older goes with
// all its events (and its row in the text index); a lead with newer
// changes keeps those, its first time and count following what is left.
// The leads are found through the read pool and removed a chunk per writer
// job, so the receiver is never held up for long.
func (db *DB) Purge(ctx context.Context, before time.Time) (events, leads int64, err error) {
	cut := ms(before)
	// Whole leads: their latest change is older than the cut.
	gone, err := db.ids(ctx, `SELECT id FROM notify_leads WHERE last_at < ?`, cut)
	if err != nil {
		return 0, 0, err
	}
	for len(gone) > 0 {
		chunk := gone[:min(purgeChunk, len(gone))]
		gone = gone[len(chunk):]
		in, args := inList(chunk)
		err := db.desk.Write(ctx, func(tx *sql.Tx) error {
			// Checked again inside the write: a notification may have
			// come for one of them since it was read.
			sel := `SELECT id FROM notify_leads WHERE id IN ` + in + ` AND last_at < ?`
			a := append(append([]any{}, args...), cut)
			r, err := tx.Exec(`DELETE FROM notify_events WHERE lead IN (`+sel+`)`, a...)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			events += n
			r, err = tx.Exec(`DELETE FROM notify_leads WHERE id IN `+in+` AND last_at < ?`, a...)
			if err != nil {
				return err
			}
			n, _ = r.RowsAffected()
			leads += n
			return nil
		})
		if err != nil {
			return events, leads, err
		}
	}
	// Leads that live on: only their old events go.
	old, err := db.ids(ctx, `SELECT id FROM notify_leads WHERE first_at < ?`, cut)
	if err != nil {
		return events, leads, err
	}
	for len(old) > 0 {
		chunk := old[:min(purgeChunk, len(old))]
		old = old[len(chunk):]
		in, args := inList(chunk)
		err := db.desk.Write(ctx, func(tx *sql.Tx) error {
			a := append(append([]any{}, args...), cut)
			r, err := tx.Exec(`DELETE FROM notify_events WHERE lead IN `+in+` AND at < ?`, a...)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			events += n
			_, err = tx.Exec(`UPDATE notify_leads SET
	first_at = coalesce((SELECT min(at) FROM notify_events e WHERE e.lead = notify_leads.id), first_at),
	events   = (SELECT count(*) FROM notify_events e WHERE e.lead = notify_leads.id)
WHERE id IN `+in+` AND first_at < ?`, a...)
			return err
		})
		if err != nil {
			return events, leads, err
		}
	}
	return events, leads, nil
}

// ids reads a column of row ids through the read pool.
func (db *DB) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rs, err := db.desk.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rs.Err()
}

// inList is "(?, ?, …)" for ids, and ids as arguments.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")", args
}
