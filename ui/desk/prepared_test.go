package desk

import (
	"context"
	"database/sql"
	"testing"
)

// A job's statement runs as text the first time and prepared from the next
// batch on, with the same results, and a statement that cannot be prepared
// gives its jobs its error, every time, without stopping the writer.
func TestPreparedStatementsAreReusedAndStayCorrect(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	const q = `SELECT ? + 1`
	for i, wantPrepared := range []bool{false, true, true} {
		err := s.Write(ctx, func(tx *sql.Tx) error {
			st := s.Prepared(tx, q)
			if got := st.st != nil; got != wantPrepared {
				t.Errorf("job %d: prepared %v, want %v", i, got, wantPrepared)
			}
			var n int
			if err := st.QueryRow(i).Scan(&n); err != nil {
				return err
			}
			if n != i+1 {
				t.Errorf("job %d: %s gave %d, want %d", i, q, n, i+1)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("job %d: %v", i, err)
		}
	}
	for i := range 2 {
		err := s.Write(ctx, func(tx *sql.Tx) error {
			_, err := s.Prepared(tx, `SELECT FROM nowhere`).Exec()
			return err
		})
		if err == nil {
			t.Fatalf("bad statement, job %d: no error", i)
		}
	}
	if err := s.Write(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatalf("the writer after a bad statement: %v", err)
	}
}
