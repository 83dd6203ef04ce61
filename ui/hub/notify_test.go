package hub

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	apinotify "leadinspector/api/notify"
	"leadinspector/config"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveSettings writes a config file of the [serve] table serve (its paths
// relative to dir) and loads it as serve would, the state under dir and
// the notify token, when not "", from the environment.
func serveSettings(t *testing.T, dir, serve, token string) *config.Settings {
	t.Helper()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[serve]\n"+serve), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state")}
	if token != "" {
		env[config.EnvNotifyToken] = token
	}
	s, err := config.Load(config.Input{Flags: config.Flags{Config: cfg}, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// serve receives Vitec's notifications on serve.notify_addr with the token
// from LEADINSPECTOR_NOTIFY_TOKEN, stores them in its desk store, and never
// prints or logs the token.
func TestServeReceivesNotifications(t *testing.T) {
	const token = "serve-test-token-0123456789abcdefghij"
	dir := t.TempDir()
	keys := filepath.Join(dir, "desk_keys")
	k := newKey(t)
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(k.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	s := serveSettings(t, dir, "ssh_addr = \"127.0.0.1:0\"\nauthorized_keys = \"desk_keys\"\ndatabase = \"desk.db\"\nnotify_addr = \"127.0.0.1:0\"\n", token)
	srv, err := demo.Start(demo.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	client, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: demo.Username, Password: demo.Password, PublicCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	var out, errs lockedBuffer
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- Run(ctx, RunOptions{Settings: s, Client: client, Lang: i18n.New(i18n.English), Stdout: &out, Stderr: &errs,
			Ready: func(addr string) { ready <- addr }})
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve ended with %d: %s %s", code, out.String(), errs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	m := regexp.MustCompile(`Vitec posts to (http://127\.0\.0\.1:\d+/notify/)TOKEN`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no receiver address in:\n%s", out.String())
	}
	n := apinotify.Sample()
	resp, err := http.Post(m[1]+token+"?"+n.Query().Encode(), "application/json", bytes.NewReader(n.Body()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("got %d, want 204", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve ended with %d", code)
	}
	if strings.Contains(out.String()+errs.String(), token) {
		t.Error("serve printed or logged the token")
	}
	db, err := desk.OpenReadOnly(filepath.Join(dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, ok, err := notify.NewReader(db).Lead(context.Background(), n.ID)
	if err != nil || !ok || r.Cause != n.Cause || r.ExternalID != n.ExternalID {
		t.Errorf("stored: %+v %v %v", r, ok, err)
	}
}

// The receiver's two startup refusals (a short token, plain HTTP on an
// address other than loopback) are said in the hub's language.
func TestServeNotifyRefusalsInSwedish(t *testing.T) {
	for _, c := range []struct {
		name, addr, token, want string
	}{
		{"short token", "127.0.0.1:0", "kort-token", "notifieringens token är kortare än 32 tecken"},
		{"plain http", "0.0.0.0:0", "serve-test-token-0123456789abcdefghij", "notifieringar på 0.0.0.0:0 utan TLS: okrypterad HTTP bara på en loopback-adress"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			keys := filepath.Join(dir, "desk_keys")
			if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(newKey(t).PublicKey()), 0o600); err != nil {
				t.Fatal(err)
			}
			s := serveSettings(t, dir, "ssh_addr = \"127.0.0.1:0\"\nauthorized_keys = \"desk_keys\"\ndatabase = \"desk.db\"\nnotify_addr = \""+c.addr+"\"\n", c.token)
			var out, errs lockedBuffer
			code := Run(context.Background(), RunOptions{Settings: s, Client: nil, Lang: i18n.New(i18n.Swedish), Stdout: &out, Stderr: &errs})
			if code == 0 || !strings.Contains(errs.String(), c.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant it to say %q", code, errs.String(), c.want)
			}
			if strings.Contains(errs.String(), c.token) && len(c.token) >= 32 {
				t.Error("the token was printed")
			}
		})
	}
}

// The hub's daily retention (serve.retention, 90 days by default) removes
// the notifications older than it, as it does the desk history.
func TestServeRetentionPurgesNotifications(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "desk_keys")
	if err := os.WriteFile(keys, gossh.MarshalAuthorizedKey(newKey(t).PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "desk.db")
	store, err := desk.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	old, recent := apinotify.Sample(), apinotify.Sample()
	old.ID, recent.ID = "LEDOLD", "LEDRECENT"
	nd := notify.NewDB(store)
	if _, err := nd.Record(ctx, old, time.Now().Add(-100*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := nd.Record(ctx, recent, time.Now().Add(-80*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	store.Close()
	s := serveSettings(t, dir, "ssh_addr = \"127.0.0.1:0\"\nauthorized_keys = \"desk_keys\"\ndatabase = \"desk.db\"\n", "")
	var out, errs lockedBuffer
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan int)
	go func() {
		done <- Run(rctx, RunOptions{Settings: s, Lang: i18n.New(i18n.English), Stdout: &out, Stderr: &errs})
	}()
	defer func() { cancel(); <-done }()
	db, err := desk.OpenReadOnly(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rd := notify.NewReader(db)
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, oldThere, err1 := rd.Lead(ctx, "LEDOLD")
		_, recentThere, err2 := rd.Lead(ctx, "LEDRECENT")
		logged := strings.Contains(errs.String(), `"notified_leads_removed":1`)
		if err1 == nil && err2 == nil && !oldThere && logged {
			if !recentThere {
				t.Fatal("the retention removed a notification younger than 90 days")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the notification of 100 days ago is still stored (%v, %v %v), or the log does not say so:\n%s",
				oldThere, err1, err2, errs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A notification posted to the hub's receiver appears in the open queue of
// every session, without a key (anna's in English, bo's in Swedish).
func TestQueueLiveInEverySession(t *testing.T) {
	const token = "queue-live-token-0123456789abcdefghij"
	var svc *notify.Service
	th := startHub(t, func(c *Config) {
		var err error
		svc, err = notify.Start(notify.ServiceOptions{Addr: "127.0.0.1:0", Token: token, Desk: c.Store})
		if err != nil {
			t.Fatal(err)
		}
		c.Notified = svc.Subscribe
		c.Base.Notes = svc.DB
	})
	t.Cleanup(func() { svc.Close(context.Background()) })
	a := th.open(t, "anna", 120, 36)
	b := th.open(t, "bo", 120, 36)
	a.waitFor(t, "Lead ID")
	b.waitFor(t, "Lead-id")
	// esc apart from Q: together they read as alt+Q.
	a.keys(t, "\x1b")
	b.keys(t, "\x1b")
	a.waitFor(t, "Q queue")
	b.waitFor(t, "Q kö")
	a.keys(t, "Q")
	b.keys(t, "Q")
	a.waitFor(t, "No notified lead yet")
	b.waitFor(t, "Inget notifierat lead än")

	n := apinotify.Sample()
	n.ExternalID = "crm-live-4711"
	resp, err := http.Post(svc.URL()+token+"?"+n.Query().Encode(), "application/json", bytes.NewReader(n.Body()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("got %d, want 204", resp.StatusCode)
	}
	a.waitFor(t, "crm-live-4711")
	b.waitFor(t, "crm-live-4711")
	a.waitFor(t, "LeadAccepted")
}

// The hub's refusals about its keys are said in the hub's language: no
// authorized_keys set, and one that names no file (Go's own "stat …: no
// such file or directory" was all it said).
func TestServeKeysRefusalsInSwedish(t *testing.T) {
	for _, c := range []struct {
		name, keys, want string
	}{
		{"not set", "", "hubben släpper bara in"},
		{"no such file", "authorized_keys = \"saknas\"\n", "serve.authorized_keys: det finns ingen fil "},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := serveSettings(t, dir, "ssh_addr = \"127.0.0.1:0\"\ndatabase = \"desk.db\"\n"+c.keys, "")
			var out, errs lockedBuffer
			code := Run(context.Background(), RunOptions{Settings: s, Lang: i18n.New(i18n.Swedish), Stdout: &out, Stderr: &errs})
			if code == 0 || !strings.Contains(errs.String(), c.want) || strings.Contains(errs.String(), "no such file") {
				t.Fatalf("exit %d, stderr:\n%s\nwant it to say %q", code, errs.String(), c.want)
			}
		})
	}
}

// A keys file with no key that lets anyone in starts a hub nobody can
// reach: serve says so on stderr, in the hub's language, and keeps running
// (the file is read again when it changes).
func TestServeWarnsWhenNoKeyLetsAnyoneIn(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "desk_keys"), []byte("not a key\nssh-ed25519 broken anna\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := serveSettings(t, dir, "ssh_addr = \"127.0.0.1:0\"\nauthorized_keys = \"desk_keys\"\ndatabase = \"desk.db\"\n", "")
	var out, errs lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int)
	go func() {
		done <- Run(ctx, RunOptions{Settings: s, Lang: i18n.New(i18n.Swedish), Stdout: &out, Stderr: &errs,
			Ready: func(addr string) { ready <- addr }})
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve ended with %d:\n%s", code, errs.String())
	}
	cancel()
	<-done
	if !strings.Contains(errs.String(), "ingen nyckel i ") {
		t.Errorf("no warning that nobody can get in:\n%s", errs.String())
	}
}
