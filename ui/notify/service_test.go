package notify

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/notify"
	"leadinspector/config"
)

// serve --demo: a history at start (stuck leads among it), then a stream
// posted over HTTP to the hub's own receiver; lookups fill in the State;
// subscribers hear of it; the token is in no log line.
func TestServiceDemo(t *testing.T) {
	v := startVitec(t)
	c := v.client(t)
	logs := &syncBuffer{}
	const token = "demo-token-0123456789abcdefghijklmnop"
	s, err := Start(ServiceOptions{Desk: openTestDesk(t), Client: c, Names: api.NewResolver(c, api.ResolverOptions{}),
		Log: slog.New(slog.NewJSONHandler(logs, nil)), Demo: true, Token: token, DemoEvery: 20 * time.Millisecond, Delay: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	changed, cancel := s.Subscribe()
	defer cancel()
	ctx := context.Background()
	rows, _, err := s.DB.Page(ctx, Filter{}, Cursor{}, 0)
	if err != nil || len(rows) < 10 {
		t.Fatalf("history at start: %d leads, %v", len(rows), err)
	}
	stuck, _, _ := s.DB.Page(ctx, Filter{StuckBefore: time.Now().Add(-24 * time.Hour)}, Cursor{}, 0)
	if len(stuck) < 2 {
		t.Errorf("%d stuck leads in the demo, want some", len(stuck))
	}
	start := rows[0].Events + rows[len(rows)-1].Events
	deadline := time.After(20 * time.Second)
	for {
		select {
		case <-changed:
		case <-deadline:
			t.Fatal("the demo stream added nothing, or no lookup was stored")
		}
		rows, _, _ = s.DB.Page(ctx, Filter{}, Cursor{}, 0)
		total, looked := 0, 0
		for _, r := range rows {
			total += r.Events
			if r.State != "" {
				looked++
			}
		}
		if total > start+len(rows) && looked >= 5 {
			break
		}
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("demo receiver at %q", s.URL())
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token reached the log:\n%s", logs)
	}
}

func TestStartForHubNeedsAToken(t *testing.T) {
	s := &config.Settings{Serve: config.ServeSettings{Notify: config.NotifySettings{NotifyAddr: "127.0.0.1:0"}}}
	if _, err := StartForHub(context.Background(), s, HubOptions{Desk: openTestDesk(t)}); err == nil || !strings.Contains(err.Error(), "no token") {
		t.Errorf("no token: %v", err)
	}
	// No address: nothing listens, the queue still reads.
	svc, err := StartForHub(context.Background(), &config.Settings{}, HubOptions{Desk: openTestDesk(t)})
	if err != nil || svc.URL() != "" {
		t.Fatalf("no address: %v %q", err, svc.URL())
	}
	svc.Close(context.Background())
}

// serve --demo takes the token LEADINSPECTOR_NOTIFY_TOKEN gives, so that
// notify-test and curl can post to the demo hub's receiver as the README's
// step 3 does (the demo's own token is random and never shown).
func TestStartForHubDemoTakesTheTokenGiven(t *testing.T) {
	const token = "qa-demo-token-0123456789abcdefghijkl"
	env := map[string]string{config.EnvNotifyToken: token, "XDG_CONFIG_HOME": t.TempDir(), "XDG_STATE_HOME": t.TempDir()}
	s, err := config.Load(config.Input{Demo: true, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := StartForHub(context.Background(), s, HubOptions{Desk: openTestDesk(t), Demo: true,
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close(context.Background())
	n := notify.Sample()
	code, _, body := post(t, svc.URL()+token, "application/json", bytes.NewReader(n.Body()))
	if code != http.StatusNoContent {
		t.Errorf("POST with the token given: %d %s, want 204", code, body)
	}
}

// The [serve] mistakes the receiver stops on are said in the hub's
// language: serve --lang sv printed them in English.
func TestReceiverSettingErrorsInSwedish(t *testing.T) {
	sv := i18n.New(i18n.Swedish)
	s := &config.Settings{Serve: config.ServeSettings{Notify: config.NotifySettings{NotifyAddr: "127.0.0.1:0"}}}
	_, err := StartForHub(context.Background(), s, HubOptions{Desk: openTestDesk(t)})
	if got := sv.Error(err); !strings.Contains(got, "ingen token") {
		t.Errorf("no token, in Swedish: %q", got)
	}
	_, err = Listen(ServerOptions{Addr: "127.0.0.1:0", TLSCert: "hub.crt"}, http.NotFoundHandler())
	if got := sv.Error(err); !strings.Contains(got, "hör ihop") {
		t.Errorf("a certificate without its key, in Swedish: %q", got)
	}
}
