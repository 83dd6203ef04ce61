package notify

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/notify"
)

// BenchmarkReceiverLoad posts 1,000 notifications a second to a receiver
// writing the real desk store (a file, synchronous=FULL commits) with the
// lookups running against a loopback demo API, and reports the answers'
// percentiles. Each b.N is one second of load: -benchtime=60x is the minute
// the budget names (2xx for all, p99 <= 50 ms, none lost):
//
//	go test -run '^$' -bench ReceiverLoad -benchtime 60x ./ui/notify
func BenchmarkReceiverLoad(b *testing.B) {
	const rate = 1000
	v := startVitec(b)
	c := v.client(b)
	d := openTestDesk(b)
	db := NewDB(d)
	lk := NewLookups(LookupsOptions{Look: ClientLookup(c, api.NewResolver(c, api.ResolverOptions{}), nil), Seen: db.SetSeen})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go lk.Run(ctx)
	rc, err := NewReceiver(ReceiverOptions{Token: testToken, Store: db, Recorded: lk.Notify})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := Listen(ServerOptions{Addr: "127.0.0.1:0"}, rc)
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	defer srv.Shutdown(context.Background())
	url := srv.URL() + Path + testToken
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}

	total := b.N * rate
	lat := make([]time.Duration, total)
	codes := make([]int, total)
	jobs := make(chan int, 1024)
	var wg sync.WaitGroup
	for w := 0; w < 128; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				n := note(fmt.Sprintf("LED%032d", i%20000), "M1", notify.Causes[i%len(notify.Causes)])
				n.Name = fmt.Sprintf("load-%d", i) // every one distinct: none is a redelivery
				start := time.Now()
				resp, err := hc.Post(url, "application/json", bytes.NewReader(n.Body()))
				lat[i] = time.Since(start)
				if err != nil {
					codes[i] = -1
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				codes[i] = resp.StatusCode
			}
		}()
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	tick := time.NewTicker(time.Second / rate)
	start := time.Now()
	for i := 0; i < total; i++ {
		<-tick.C
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	tick.Stop()
	b.StopTimer()

	bad := 0
	for _, c := range codes {
		if c < 200 || c > 299 {
			bad++
		}
	}
	var stored int
	if err := d.Reader().QueryRow(`SELECT count(*) FROM notify_events`).Scan(&stored); err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(float64(total)/elapsed.Seconds(), "sent/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(bad), "non-2xx")
	b.ReportMetric(float64(total-stored), "lost")
	// CPU of the whole process (load generator, receiver, store, lookups
	// and the demo API) per notification: what the machine's load cannot
	// inflate the way it inflates latencies.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(total), "cpu-ms/op")
	if bad > 0 || stored != total {
		b.Errorf("%d answers not 2xx; %d of %d stored", bad, stored, total)
	}
}

// BenchmarkQueueMillion fills the desk store with 1,000,000 notifications
// of 100,000 leads (as Record stores them, in bulk), then times the queue's
// first page and each filter's, and reports the bytes the file takes per
// event (budget: <= 300).
//
//	go test -run '^$' -bench QueueMillion -benchtime 20x ./ui/notify
func BenchmarkQueueMillion(b *testing.B) {
	// The first run, with b.N = 1 (also CI's "benchmarks once"), fills a
	// tenth as much: the figures the budget names come from -benchtime 2x
	// and up.
	events, leads := 1_000_000, 100_000
	if b.N == 1 {
		events, leads = 100_000, 10_000
	}
	path := filepath.Join(b.TempDir(), "desk.db")
	d := openTestDeskAt(b, path)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	fillStart := time.Now()
	if err := fillMillion(d, now, events, leads); err != nil {
		b.Fatal(err)
	}
	fill := time.Since(fillStart)
	if err := d.Close(); err != nil { // checkpoints the WAL into the file
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	d = openTestDeskAt(b, path)
	db := NewDB(d)
	ctx := context.Background()
	cutoff := now.Add(-24 * time.Hour)
	filters := []struct {
		name string
		f    Filter
	}{
		{"open", Filter{}},
		{"cause", Filter{Cause: notify.CauseLeadPostponed}},
		{"customer", Filter{Customer: "M30042"}},
		{"stuck", Filter{StuckBefore: cutoff}},
		{"since", Filter{Since: now.Add(-time.Hour)}},
		{"customer+cause", Filter{Customer: "M30042", Cause: notify.CauseNewMeeting}},
		{"text", Filter{Text: "crm-4711"}},
		{"text-none", Filter{Text: "nobody-has-this"}},
	}
	b.ResetTimer()
	took := map[string][]time.Duration{}
	for i := 0; i < b.N; i++ {
		for _, f := range filters {
			start := time.Now()
			rows, _, err := db.Page(ctx, f.f, Cursor{}, 50)
			took[f.name] = append(took[f.name], time.Since(start))
			if err != nil || len(rows) == 0 && f.f.Text != "nobody-has-this" {
				b.Fatalf("%s: %d rows, %v", f.name, len(rows), err)
			}
		}
	}
	b.StopTimer()
	// The median of the runs: this machine's load makes single runs jump.
	for _, f := range filters {
		t := took[f.name]
		slices.Sort(t)
		b.ReportMetric(float64(t[len(t)/2].Microseconds())/1000, f.name+"-ms")
	}
	b.ReportMetric(float64(fi.Size())/float64(events), "bytes/event")
	b.ReportMetric(fill.Seconds(), "fill-s")
}

// fillMillion stores events notifications of leads leads over the last
// 30 days, in the rows Record writes, made by SQLite itself in one
// statement per table (Record's way takes minutes for a million): causes
// at random, a tenth of the leads only ever waiting (NewMeeting,
// NewComeback, LeadPostponed), 200 customers, signatures at random.
func fillMillion(d Desk, now time.Time, events, leads int) error {
	start := ms(now.Add(-30 * 24 * time.Hour))
	step := (30 * 24 * time.Hour).Milliseconds() / int64(events)
	return d.Write(context.Background(), func(tx *sql.Tx) error {
		words := append(slices.Clone(notify.Causes), "IncomingLead Update", origin(note("", "", "")))
		for i := 0; i < 200; i++ {
			words = append(words, fmt.Sprintf("M%05d", 30000+i))
		}
		for i, w := range words { // ids: causes 1-10, kind 11, origin 12, customers 13-212
			if _, err := tx.Exec(`INSERT INTO notify_words (id, word) VALUES (?, ?)`, i+1, w); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM k WHERE i < ?)
			INSERT INTO notify_leads (id, lead, customer, external, first_at, last_at, last_what, events, settled, removed,
				state, holder, looked_at, look_status)
			SELECT i, printf('LED%032X', i), 13 + i % 200, 'crm-' || i, 0, 0, 0, 0, 0, 0, 'New', 'Anna Berg', 0, 200 FROM k`,
			`WITH RECURSIVE e(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM e WHERE i < ? - 1),
				r(i, lead) AS (SELECT i, 1 + abs(random()) % ? FROM e)
			INSERT INTO notify_events (lead, at, what, kind, customer, origin, sig)
			SELECT lead, ? + i * ?,
				CASE WHEN lead % 10 = 0 THEN 3 + abs(random()) % 3 ELSE 1 + abs(random()) % 10 END,
				11, 13 + lead % 200, 12, random() FROM r`,
			`UPDATE notify_leads SET
				events   = (SELECT count(*) FROM notify_events e WHERE e.lead = notify_leads.id),
				first_at = coalesce((SELECT min(at) FROM notify_events e WHERE e.lead = notify_leads.id), 0),
				last_at  = coalesce((SELECT max(at) FROM notify_events e WHERE e.lead = notify_leads.id), 0),
				last_what = coalesce((SELECT what FROM notify_events e WHERE e.lead = notify_leads.id ORDER BY at DESC LIMIT 1), 3),
				settled  = EXISTS (SELECT 1 FROM notify_events e WHERE e.lead = notify_leads.id AND e.what NOT IN (3, 4, 5))`,
		} {
			var args []any
			switch {
			case strings.Contains(q, "INSERT INTO notify_leads"):
				args = []any{leads}
			case strings.Contains(q, "INSERT INTO notify_events"):
				args = []any{events, leads, start, step}
			}
			if _, err := tx.Exec(q, args...); err != nil {
				return err
			}
		}
		return nil
	})
}
