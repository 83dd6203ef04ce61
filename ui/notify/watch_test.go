package notify

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"leadinspector/api/notify"
	"leadinspector/ui/desk"
)

// A reader of the hub's file (the inspector outside a session) learns of a
// notification the hub stored.
func TestWatchSeesTheHubsCommits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	hub := NewDB(openTestDeskAt(t, path))
	record(t, hub, note("LED1", "M1", notify.CauseNewMeeting), t0)
	ro, err := desk.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := Watch(ctx, ro, 10*time.Millisecond)
	select {
	case <-ch:
		t.Fatal("a change told before any")
	case <-time.After(50 * time.Millisecond):
	}
	record(t, hub, note("LED2", "M1", notify.CauseNewMeeting), t0)
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("the hub's commit was never told")
	}
	cancel()
	for range ch { // closed once ctx ends
	}
}
