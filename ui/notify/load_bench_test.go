package notify

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
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
	tick := time.NewTicker(time.Second / rate)
	start := time.Now()
	for i := 0; i < total; i++ {
		<-tick.C
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
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
	const events, leads = 1_000_000, 100_000
	path := filepath.Join(b.TempDir(), "desk.db")
	d := openTestDeskAt(b, path)
	db := NewDB(d)
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
	db = NewDB(d)
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
	}
	b.ResetTimer()
	worst := map[string]time.Duration{}
	for i := 0; i < b.N; i++ {
		for _, f := range filters {
			start := time.Now()
			rows, _, err := db.Page(ctx, f.f, Cursor{}, 50)
			took := time.Since(start)
			if err != nil || len(rows) == 0 {
				b.Fatalf("%s: %d rows, %v", f.name, len(rows), err)
			}
			worst[f.name] = max(worst[f.name], took)
		}
	}
	b.StopTimer()
	for _, f := range filters {
		b.ReportMetric(float64(worst[f.name].Microseconds())/1000, f.name+"-ms")
	}
	b.ReportMetric(float64(fi.Size())/events, "bytes/event")
	b.ReportMetric(fill.Seconds(), "fill-s")
}

// fillMillion stores events notifications of leads leads over the last
// 30 days, with the rows Record writes (through the same SQL, one
// transaction per 10,000).
func fillMillion(d Desk, now time.Time, events, leads int) error {
	db := NewDB(d)
	r := rand.New(rand.NewPCG(1, 2))
	at := now.Add(-30 * 24 * time.Hour)
	step := 30 * 24 * time.Hour / time.Duration(events)
	ctx := context.Background()
	for done := 0; done < events; {
		batch := min(10_000, events-done)
		err := d.Write(ctx, func(tx *sql.Tx) error {
			learnt := map[string]int64{}
			for i := 0; i < batch; i++ {
				k := r.IntN(leads)
				cause := notify.Causes[r.IntN(len(notify.Causes))]
				if k%10 == 0 { // a tenth of the leads never get past waiting
					cause = []string{notify.CauseNewMeeting, notify.CauseNewComeback, notify.CauseLeadPostponed}[r.IntN(3)]
				}
				n := note(fmt.Sprintf("LED%032X", k), fmt.Sprintf("M%05d", 30000+k%200), cause)
				n.ExternalID = fmt.Sprintf("crm-%d", k)
				at = at.Add(step)
				if err := db.insert(tx, n, at, learnt); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += batch
	}
	return nil
}
