package notify

import (
	"context"
	"strconv"
	"testing"
	"time"

	"leadinspector/api/notify"
)

// The retention removes what was received before the cut: a lead all of
// whose notifications are older leaves the queue, its timeline and the text
// search; a lead with newer ones keeps those, with its first time and count
// following.
func TestPurgeRemovesOldNotifications(t *testing.T) {
	db := NewDB(openTestDesk(t))
	ctx := context.Background()
	cut := t0.Add(-90 * 24 * time.Hour)
	record(t, db, note("LEDOLD", "M1", notify.CauseLeadAccepted), cut.Add(-48*time.Hour))
	record(t, db, note("LEDOLD", "M1", notify.CauseNewMeeting), cut.Add(-time.Hour))
	record(t, db, note("LEDMIX", "M2", notify.CauseNewComeback), cut.Add(-time.Hour))
	record(t, db, note("LEDMIX", "M2", notify.CauseLeadAccepted), cut.Add(time.Hour))
	record(t, db, note("LEDNEW", "M3", notify.CauseNewMeeting), t0)

	events, leads, err := db.Purge(ctx, cut)
	if err != nil || events != 3 || leads != 1 {
		t.Fatalf("purge: %d events, %d leads, %v; want 3, 1", events, leads, err)
	}
	if got := leadIDs(page(t, db, Filter{})); got != "LEDNEW LEDMIX" {
		t.Fatalf("queue after the purge %q, want LEDNEW LEDMIX", got)
	}
	if got := leadIDs(page(t, db, Filter{Text: "LEDOLD"})); got != "" {
		t.Errorf("the text search still finds %q", got)
	}
	if tl, _ := db.Timeline(ctx, "LEDOLD"); len(tl) != 0 {
		t.Errorf("LEDOLD's timeline kept %d events", len(tl))
	}
	r, ok, err := db.Lead(ctx, "LEDMIX")
	if err != nil || !ok || r.Events != 1 || !r.First.Equal(cut.Add(time.Hour)) || r.Cause != notify.CauseLeadAccepted {
		t.Errorf("LEDMIX after the purge: %+v %v %v", r, ok, err)
	}
	if tl, _ := db.Timeline(ctx, "LEDMIX"); len(tl) != 1 || tl[0].Cause != notify.CauseLeadAccepted {
		t.Errorf("LEDMIX's timeline %+v, want its one newer event", tl)
	}
	// Again: nothing more to remove.
	if events, leads, err := db.Purge(ctx, cut); err != nil || events != 0 || leads != 0 {
		t.Errorf("second purge: %d, %d, %v", events, leads, err)
	}
}

// A purge of many leads goes a chunk per writer job and leaves none.
func TestPurgeInChunks(t *testing.T) {
	db := NewDB(openTestDesk(t))
	ctx := context.Background()
	n := purgeChunk*2 + 7
	for i := range n {
		record(t, db, note("LED"+strconv.Itoa(i), "M1", notify.CauseNewMeeting), t0.Add(-time.Duration(i+1)*time.Minute))
	}
	events, leads, err := db.Purge(ctx, t0)
	if err != nil || events != int64(n) || leads != int64(n) {
		t.Fatalf("purge: %d events, %d leads, %v; want %d each", events, leads, err, n)
	}
	if rows := page(t, db, Filter{}); len(rows) != 0 {
		t.Fatalf("%d leads left", len(rows))
	}
}
