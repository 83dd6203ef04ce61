package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	apinotify "leadinspector/api/notify"
	"leadinspector/ui/notify"
)

const hubToken = "Zq8-notify-test-token-0123456789abcdef"

type fakeStore struct {
	mu  sync.Mutex
	got []apinotify.Notification
	err error
}

func (s *fakeStore) Record(_ context.Context, n apinotify.Notification, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return false, s.err
	}
	s.got = append(s.got, n)
	return false, nil
}

func startHubReceiver(t *testing.T, store *fakeStore) string {
	t.Helper()
	rc, err := notify.NewReceiver(notify.ReceiverOptions{Token: hubToken, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := notify.Listen(notify.ServerOptions{Addr: "127.0.0.1:0"}, rc)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve() }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return srv.URL()
}

func runNotifyTest(t *testing.T, a NotifyTestArgs) (int, string, string) {
	var out, errb bytes.Buffer
	code := NotifyTest(context.Background(), a, IO{Stdout: &out, Stderr: &errb})
	if strings.Contains(out.String()+errb.String(), hubToken[:12]) {
		t.Errorf("the token was printed: %q %q", out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

func TestNotifyTest(t *testing.T) {
	store := &fakeStore{}
	base := startHubReceiver(t, store)
	code, out, errs := runNotifyTest(t, NotifyTestArgs{URL: base + "/notify/" + hubToken, Cause: "NewMeeting"})
	if code != ExitOK || !strings.HasPrefix(out, "204 No Content in ") || !strings.Contains(out, "/notify/••••: the hub took") {
		t.Errorf("ok: exit %d %q %q", code, out, errs)
	}
	if len(store.got) != 1 || store.got[0].Cause != "NewMeeting" || store.got[0].ID != apinotify.Sample().ID {
		t.Errorf("the hub got %+v", store.got)
	}
	code, _, errs = runNotifyTest(t, NotifyTestArgs{URL: base + "/notify/" + hubToken + "x"})
	if code != ExitNotFound || !strings.Contains(errs, "404 Not Found") || !strings.Contains(errs, "wrong path or token") {
		t.Errorf("wrong token: exit %d %q", code, errs)
	}
	store.err = errors.New("disk full")
	code, _, errs = runNotifyTest(t, NotifyTestArgs{URL: base + "/notify/" + hubToken})
	if code != ExitHTTP || !strings.Contains(errs, "503") || !strings.Contains(errs, "cannot store notifications") {
		t.Errorf("store down: exit %d %q", code, errs)
	}
	code, _, errs = runNotifyTest(t, NotifyTestArgs{URL: "http://hub.example/notify/" + hubToken})
	if code != ExitUsage || !strings.Contains(errs, "plain http only to a loopback address") {
		t.Errorf("plain http: exit %d %q", code, errs)
	}
	code, _, errs = runNotifyTest(t, NotifyTestArgs{URL: "http://127.0.0.1:1/notify/" + hubToken})
	if code != ExitNetwork || !strings.Contains(errs, "no answer") {
		t.Errorf("nobody listening: exit %d %q", code, errs)
	}
}
