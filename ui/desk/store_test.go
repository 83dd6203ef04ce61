package desk

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var anna = Who{Person: "anna", KeyFP: "SHA256:annakey"}

func TestMigrationsNumbered(t *testing.T) {
	for i, m := range migrations {
		if m.version != i+1 {
			t.Fatalf("migration %d (%s) is numbered %d: the list must run 1, 2, 3, …", i+1, m.what, m.version)
		}
	}
}

func TestOpenMakesPrivateFileAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "desk.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.RecordLookup(ctx, anna, Lookup{Profile: "demo", CustomerID: "M1", LeadID: "LED1", Status: 200, State: "New"}, OutcomeShown); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("desk.db mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		if fi, _ := os.Stat(path + "-wal"); fi.Size() != 0 {
			t.Errorf("a clean close left a WAL of %d bytes", fi.Size())
		}
	}
	// Opened again: the schema is not applied twice, the row is there.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, err := s.History(ctx, "", 0)
	if err != nil || len(h) != 1 || h[0].LeadID != "LED1" || h[0].Person != "anna" || h[0].State != "New" {
		t.Fatalf("history after reopen = %+v, %v", h, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE schema_version SET version = 999`)
		return err
	})
	s.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("a database of a newer schema opened: %v", err)
	}
}

func TestLookupAndAuditTogether(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	bo := Who{Person: "bo", KeyFP: "SHA256:bokey"}
	s.RecordLookup(ctx, anna, Lookup{At: time.Unix(100, 0), Profile: "p", CustomerID: "M1", LeadID: "LED1", Status: 200, State: "New"}, OutcomeShown)
	s.RecordLookup(ctx, bo, Lookup{At: time.Unix(200, 0), Profile: "p", CustomerID: "M1", LeadID: "LED2", Status: 404}, OutcomeFailed)
	s.RecordContact(ctx, bo, "M1", "ADR1", 200, OutcomeShown)

	all, _ := s.History(ctx, "", 0)
	if len(all) != 2 || all[0].LeadID != "LED2" || all[1].LeadID != "LED1" {
		t.Fatalf("desk history (newest first) = %+v", all)
	}
	mine, _ := s.History(ctx, "anna", 0)
	if len(mine) != 1 || mine[0].Person != "anna" {
		t.Fatalf("anna's history = %+v", mine)
	}
	var rows []AuditRow
	s.Audit(ctx, AuditFilter{Person: "bo"}, func(r AuditRow) error { rows = append(rows, r); return nil })
	if len(rows) != 2 || rows[0].Subject != "LED2" || rows[0].Outcome != OutcomeFailed || rows[0].Status != 404 ||
		rows[1].Action != ActionContact || rows[1].Subject != "ADR1" || rows[1].KeyFP != "SHA256:bokey" {
		t.Fatalf("bo's audit = %+v", rows)
	}
	rows = nil
	s.Audit(ctx, AuditFilter{Subject: "LED1"}, func(r AuditRow) error { rows = append(rows, r); return nil })
	if len(rows) != 1 || rows[0].Person != "anna" {
		t.Fatalf("LED1's audit = %+v", rows)
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	s.RecordLookup(ctx, anna, Lookup{CustomerID: "M1", LeadID: "LED1", Status: 200}, OutcomeShown)
	for _, q := range []string{`UPDATE audit SET person = 'mallory'`, `DELETE FROM audit`} {
		err := s.Write(ctx, func(tx *sql.Tx) error { _, err := tx.Exec(q); return err })
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", q, err)
		}
	}
	n := 0
	s.Audit(ctx, AuditFilter{}, func(r AuditRow) error {
		n++
		if r.Person != "anna" {
			t.Errorf("audit row changed: %+v", r)
		}
		return nil
	})
	if n != 1 {
		t.Fatalf("%d audit rows, want 1", n)
	}
}

func TestFailedJobUndoesOnlyItself(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	boom := errors.New("boom")
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range 20 {
		wg.Go(func() {
			if i%2 == 1 {
				errs[i] = s.Write(ctx, func(tx *sql.Tx) error {
					tx.Exec(`INSERT INTO lookups (at, person, profile, customer, lead, status, state) VALUES (1,'x','p','M','BAD',0,'')`)
					return boom
				})
				return
			}
			errs[i] = s.RecordLookup(ctx, anna, Lookup{CustomerID: "M1", LeadID: fmt.Sprint("LED", i)}, OutcomeShown)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i%2 == 1) != errors.Is(err, boom) {
			t.Errorf("job %d: %v", i, err)
		}
	}
	h, _ := s.History(ctx, "", 0)
	if len(h) != 10 {
		t.Fatalf("%d lookups kept, want the 10 good ones", len(h))
	}
	for _, l := range h {
		if l.LeadID == "BAD" {
			t.Fatal("a failed job's row was committed")
		}
	}
}

func TestPurgeKeepsRecent(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	s.now = func() time.Time { return now }
	s.RecordLookup(ctx, anna, Lookup{At: now.Add(-100 * 24 * time.Hour), CustomerID: "M1", LeadID: "OLD"}, OutcomeShown)
	s.RecordLookup(ctx, anna, Lookup{At: now.Add(-time.Hour), CustomerID: "M1", LeadID: "NEW"}, OutcomeShown)
	done := make(chan struct{})
	ctx2, cancel := context.WithCancel(ctx)
	var also []time.Time // the other tables' purges, with their cut
	go func() {
		s.KeepFor(ctx2, DefaultRetention, func(l, a int64, err error) {
			if err != nil || l != 1 || a != 1 {
				t.Errorf("purge: %d lookups, %d audit rows, %v; want 1, 1", l, a, err)
			}
		}, func(_ context.Context, before time.Time) {
			also = append(also, before)
			cancel()
		})
		close(done)
	}()
	<-done
	if len(also) != 1 || !also[0].Equal(now.Add(-DefaultRetention)) {
		t.Errorf("the notifications' purge was called with %v, want once with %v", also, now.Add(-DefaultRetention))
	}
	h, _ := s.History(ctx, "", 0)
	if len(h) != 1 || h[0].LeadID != "NEW" {
		t.Fatalf("after the purge: %+v", h)
	}
	// The gate is closed again: the audit is append-only after a purge.
	err := s.Write(ctx, func(tx *sql.Tx) error { _, err := tx.Exec(`DELETE FROM audit`); return err })
	if err == nil {
		t.Fatal("the audit could be deleted after a purge")
	}
}

func TestClosedStoreRefuses(t *testing.T) {
	s := openTemp(t)
	s.Close()
	if err := s.RecordLookup(context.Background(), anna, Lookup{LeadID: "x"}, OutcomeShown); !errors.Is(err, ErrClosed) {
		t.Fatalf("write to a closed store: %v", err)
	}
}

// TestKillLosesNoCommittedRow runs a writer in a child process, kills it
// with SIGKILL while it writes, and checks that every row it was told was
// committed is in the database.
func TestKillLosesNoCommittedRow(t *testing.T) {
	if os.Getenv("DESK_KILL_CHILD") != "" {
		killChild(os.Getenv("DESK_KILL_CHILD"))
		return
	}
	path := filepath.Join(t.TempDir(), "desk.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillLosesNoCommittedRow$")
	cmd.Env = append(os.Environ(), "DESK_KILL_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := map[string]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			committed[id] = true
			if len(committed) == 300 {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	cmd.Wait()
	if len(committed) < 300 {
		t.Fatalf("the child reported only %d rows", len(committed))
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	h, _ := s.History(context.Background(), "", 0)
	have := map[string]bool{}
	for _, l := range h {
		have[l.LeadID] = true
	}
	audit := map[string]bool{}
	s.Audit(context.Background(), AuditFilter{}, func(r AuditRow) error { audit[r.Subject] = true; return nil })
	for id := range committed {
		if !have[id] || !audit[id] {
			t.Errorf("row %s was reported committed but is lost after kill -9 (history %v, audit %v)", id, have[id], audit[id])
		}
	}
}

func killChild(path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := "LED" + strconv.Itoa(g) + "x" + strconv.Itoa(i)
				if err := s.RecordLookup(context.Background(), anna, Lookup{CustomerID: "M1", LeadID: id, Status: 200}, OutcomeShown); err == nil {
					mu.Lock()
					fmt.Println("committed", id)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}
