package notify

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"leadinspector/api/notify"
)

// timedDesk records how long each writer job of the purge took.
type timedDesk struct {
	Desk
	mu   sync.Mutex
	jobs []time.Duration
}

func (d *timedDesk) Write(ctx context.Context, fn func(*sql.Tx) error) error {
	return d.Desk.Write(ctx, func(tx *sql.Tx) error {
		start := time.Now()
		err := fn(tx)
		d.mu.Lock()
		d.jobs = append(d.jobs, time.Since(start))
		d.mu.Unlock()
		return err
	})
}

// BenchmarkPurgeMillion is the retention over 1,000,000 events of 100,000
// leads received over 30 days, cut at 15 days (half the events go, from
// nearly every lead): the purge's whole time, its longest writer job, and
// what a notification stored meanwhile waited for its commit (the
// receiver's answer waits that long; its limit is 1.5 s, Vitec's 2 s).
//
//	go test -run '^$' -bench PurgeMillion -benchtime 1x ./ui/notify
func BenchmarkPurgeMillion(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := openTestDeskAt(b, filepath.Join(b.TempDir(), "desk.db"))
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		if err := fillMillion(d, now, 1_000_000, 100_000); err != nil {
			b.Fatal(err)
		}
		td := &timedDesk{Desk: d}
		db := NewDB(td)
		rec := NewDB(d) // the receiver's, beside the purge
		ctx, cancel := context.WithCancel(context.Background())
		var waits []time.Duration
		done := make(chan struct{})
		go func() {
			defer close(done)
			for n := 0; ctx.Err() == nil; n++ {
				start := time.Now()
				if _, err := rec.Record(context.Background(), note(fmt.Sprintf("LEDLIVE%d", n), "M1", notify.CauseNewMeeting), now); err != nil {
					b.Error(err)
					return
				}
				waits = append(waits, time.Since(start))
				time.Sleep(10 * time.Millisecond)
			}
		}()
		b.StartTimer()
		start := time.Now()
		events, leads, err := db.Purge(context.Background(), now.Add(-15*24*time.Hour))
		took := time.Since(start)
		b.StopTimer()
		cancel()
		<-done
		if err != nil || events < 400_000 {
			b.Fatalf("purge: %d events, %d leads, %v", events, leads, err)
		}
		slices.Sort(td.jobs)
		slices.Sort(waits)
		b.ReportMetric(took.Seconds(), "purge-s")
		b.ReportMetric(float64(events), "events-removed")
		b.ReportMetric(float64(len(td.jobs)), "writer-jobs")
		b.ReportMetric(float64(td.jobs[len(td.jobs)-1].Milliseconds()), "longest-job-ms")
		if len(waits) > 0 {
			b.ReportMetric(float64(waits[len(waits)/2].Milliseconds()), "record-p50-ms")
			b.ReportMetric(float64(waits[len(waits)*99/100].Milliseconds()), "record-p99-ms")
			b.ReportMetric(float64(waits[len(waits)-1].Milliseconds()), "record-max-ms")
		}
	}
}
