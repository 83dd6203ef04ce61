package desk

import "database/sql"

// Stmt is one of a job's statements: prepared once per store and reused by
// every later job, so that SQLite parses it once instead of at every use.
// Its first use (and any use after a failed preparation) runs the query
// text directly. It is only valid inside the job (Write) it was got in.
type Stmt struct {
	tx    *sql.Tx
	st    *sql.Stmt // nil: not prepared yet
	query string
}

// QueryRow runs the statement in the job's transaction.
func (s Stmt) QueryRow(args ...any) *sql.Row {
	if s.st != nil {
		return s.tx.Stmt(s.st).QueryRow(args...)
	}
	return s.tx.QueryRow(s.query, args...)
}

// Exec runs the statement in the job's transaction.
func (s Stmt) Exec(args ...any) (sql.Result, error) {
	if s.st != nil {
		return s.tx.Stmt(s.st).Exec(args...)
	}
	return s.tx.Exec(s.query, args...)
}

// Prepared is query as a statement of tx, the transaction of a job the
// writer runs (call it only from inside a Write job). A query not prepared
// yet runs as text this once and is prepared when the writer's batch has
// committed: preparing needs the one write connection, which the batch's
// transaction holds until then.
func (s *Store) Prepared(tx *sql.Tx, query string) Stmt {
	if st, ok := s.stmts[query]; ok {
		return Stmt{tx: tx, st: st, query: query}
	}
	if s.wanted == nil {
		s.wanted = map[string]bool{}
	}
	s.wanted[query] = true
	return Stmt{tx: tx, query: query}
}

// prepareWanted prepares the queries the last batch asked for, between
// batches, on the writer goroutine (the write connection is free). A query
// that does not prepare stays text: its jobs see its error when they run it.
func (s *Store) prepareWanted() {
	for q := range s.wanted {
		st, err := s.wdb.Prepare(q)
		if err != nil {
			continue
		}
		if s.stmts == nil {
			s.stmts = map[string]*sql.Stmt{}
		}
		s.stmts[q] = st
	}
	clear(s.wanted)
}

// closeStmts closes the prepared statements (Close, after the writer ended).
func (s *Store) closeStmts() {
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
}
