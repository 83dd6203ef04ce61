package desk

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Who is the person behind a session: the name their key's comment gives
// and the key's SHA256 fingerprint.
type Who struct {
	Person string
	KeyFP  string
}

// Lookup is one lead looked up, as the desk history keeps it: ids, the
// HTTP status and the lead's State, nothing else of the lead.
type Lookup struct {
	At         time.Time
	Person     string
	Profile    string
	CustomerID string
	LeadID     string
	Status     int    // 0 = no response
	State      string // "" when there was none
}

// Actions in the audit log.
const (
	ActionLead    = "lead"    // a lead looked up
	ActionContact = "contact" // a contact card opened
)

// Outcomes in the audit log.
const (
	OutcomeShown     = "shown"     // the answer was handed to the session
	OutcomeFailed    = "failed"    // an error answer, or none
	OutcomeCancelled = "cancelled" // the person cancelled it
)

// AuditRow is one row of the audit log.
type AuditRow struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Person     string    `json:"person"`
	KeyFP      string    `json:"keyFingerprint"`
	Action     string    `json:"action"`
	CustomerID string    `json:"customerId"`
	Subject    string    `json:"subject"` // the lead or contact id
	Status     int       `json:"status"`
	Outcome    string    `json:"outcome"`
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// RecordLookup writes one lookup to the desk history and its row to the
// audit log, in one transaction: both or neither. A nil error means both
// are committed.
func (s *Store) RecordLookup(ctx context.Context, who Who, l Lookup, outcome string) error {
	if l.At.IsZero() {
		l.At = s.now()
	}
	l.Person = who.Person
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO lookups (at, person, profile, customer, lead, status, state) VALUES (?,?,?,?,?,?,?)`,
			ms(l.At), l.Person, l.Profile, l.CustomerID, l.LeadID, l.Status, l.State); err != nil {
			return err
		}
		return insertAudit(tx, AuditRow{At: l.At, Person: who.Person, KeyFP: who.KeyFP, Action: ActionLead,
			CustomerID: l.CustomerID, Subject: l.LeadID, Status: l.Status, Outcome: outcome})
	})
}

// RecordContact writes the audit row of a contact card opened.
func (s *Store) RecordContact(ctx context.Context, who Who, customerID, contactID string, status int, outcome string) error {
	at := s.now()
	return s.Write(ctx, func(tx *sql.Tx) error {
		return insertAudit(tx, AuditRow{At: at, Person: who.Person, KeyFP: who.KeyFP, Action: ActionContact,
			CustomerID: customerID, Subject: contactID, Status: status, Outcome: outcome})
	})
}

func insertAudit(tx *sql.Tx, r AuditRow) error {
	_, err := tx.Exec(`INSERT INTO audit (at, person, key_fp, action, customer, subject, status, outcome) VALUES (?,?,?,?,?,?,?,?)`,
		ms(r.At), r.Person, r.KeyFP, r.Action, r.CustomerID, r.Subject, r.Status, r.Outcome)
	return err
}

// History is the desk history, newest first: everyone's lookups, or only
// person's when person is not "". At most limit rows (all when limit <= 0).
func (s *Store) History(ctx context.Context, person string, limit int) ([]Lookup, error) {
	q := `SELECT at, person, profile, customer, lead, status, state FROM lookups`
	var args []any
	if person != "" {
		q += ` WHERE person = ?`
		args = append(args, person)
	}
	q += ` ORDER BY at DESC, id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Lookup
	for rows.Next() {
		var l Lookup
		var at int64
		if err := rows.Scan(&at, &l.Person, &l.Profile, &l.CustomerID, &l.LeadID, &l.Status, &l.State); err != nil {
			return nil, err
		}
		l.At = fromMS(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// AuditFilter selects audit rows; zero fields select everything.
type AuditFilter struct {
	Since   time.Time
	Person  string
	Subject string // a lead or contact id
}

// Audit calls fn for each audit row the filter selects, oldest first,
// streaming: the log may be long.
func (s *Store) Audit(ctx context.Context, f AuditFilter, fn func(AuditRow) error) error {
	var where []string
	var args []any
	if !f.Since.IsZero() {
		where = append(where, `at >= ?`)
		args = append(args, ms(f.Since))
	}
	if f.Person != "" {
		where = append(where, `person = ?`)
		args = append(args, f.Person)
	}
	if f.Subject != "" {
		where = append(where, `subject = ?`)
		args = append(args, f.Subject)
	}
	q := `SELECT id, at, person, key_fp, action, customer, subject, status, outcome FROM audit`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY at, id`
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r AuditRow
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.Person, &r.KeyFP, &r.Action, &r.CustomerID, &r.Subject, &r.Status, &r.Outcome); err != nil {
			return err
		}
		r.At = fromMS(at)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Purge removes the desk history and audit rows older than before, and
// says how many of each went.
func (s *Store) Purge(ctx context.Context, before time.Time) (lookups, audit int64, err error) {
	err = s.Write(ctx, func(tx *sql.Tx) error {
		r, err := tx.Exec(`DELETE FROM lookups WHERE at < ?`, ms(before))
		if err != nil {
			return err
		}
		lookups, _ = r.RowsAffected()
		if _, err := tx.Exec(`UPDATE audit_gate SET open = 1`); err != nil {
			return err
		}
		r, err = tx.Exec(`DELETE FROM audit WHERE at < ?`, ms(before))
		if err != nil {
			return err
		}
		audit, _ = r.RowsAffected()
		_, err = tx.Exec(`UPDATE audit_gate SET open = 0`)
		return err
	})
	return lookups, audit, err
}

// KeepFor runs the retention: at once, then every day, it purges what is
// older than keep, until ctx ends. report is told of each purge's result;
// each of also then purges the tables of another package (the
// notifications) with the same cut.
func (s *Store) KeepFor(ctx context.Context, keep time.Duration, report func(lookups, audit int64, err error),
	also ...func(ctx context.Context, before time.Time)) {
	if keep <= 0 {
		keep = DefaultRetention
	}
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		before := s.now().Add(-keep)
		l, a, err := s.Purge(ctx, before)
		if report != nil {
			report(l, a, err)
		}
		for _, purge := range also {
			purge(ctx, before)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
