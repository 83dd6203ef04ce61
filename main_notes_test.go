package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	apinotify "leadinspector/api/notify"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

// The inspector reads the hub's desk store for its queue when the file is
// there (read-only, beside the hub), learns of what the hub stores next,
// and has no queue when there is none.
func TestOpenNotes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	if db, ch, closeNotes := openNotes(ctx, filepath.Join(dir, "none.db")); db != nil || ch != nil {
		t.Fatal("a queue without a desk store")
	} else {
		closeNotes()
	}
	path := filepath.Join(dir, "desk.db")
	hub, err := desk.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	db, changed, closeNotes := openNotes(ctx, path)
	if db == nil {
		t.Fatal("no queue from the hub's desk store")
	}
	defer closeNotes()
	n := apinotify.Sample()
	if _, err := notify.NewDB(hub).Record(ctx, n, time.Now()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("the hub's notification was never told")
	}
	if _, ok, err := db.Lead(ctx, n.ID); !ok || err != nil {
		t.Errorf("the inspector does not read the hub's notification: %v %v", ok, err)
	}
	if _, err := db.Record(ctx, n, time.Now()); err == nil {
		t.Error("the inspector could write the hub's store")
	}
}
