package hub

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	"leadinspector/ui"
	"leadinspector/ui/desk"
)

// testHub is a hub on loopback with the demo API, a desk store in a
// temporary directory and keys for anna and bo.
type testHub struct {
	*Hub
	store    *desk.Store
	hostKey  gossh.PublicKey
	keys     map[string]gossh.Signer
	keysPath string
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func startHub(t testing.TB, edit func(*Config)) *testHub {
	t.Helper()
	dir := t.TempDir()
	srv, err := demo.Start(demo.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	client, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: demo.Username, Password: demo.Password, PublicCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	store, err := desk.Open(filepath.Join(dir, "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	signer, _, err := LoadHostKey(filepath.Join(dir, HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	th := &testHub{store: store, hostKey: signer.PublicKey(), keys: map[string]gossh.Signer{},
		keysPath: filepath.Join(dir, "desk_keys")}
	var lines []string
	for _, name := range []string{"anna", "bo"} {
		th.keys[name] = newKey(t)
		lines = append(lines, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(th.keys[name].PublicKey())))+" "+name)
	}
	if err := os.WriteFile(th.keysPath, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	leads := demo.Leads()
	cfg := Config{
		Addr: "127.0.0.1:0", HostKey: signer, AuthorizedKeys: th.keysPath, Store: store, Client: client,
		Base: ui.Options{Profile: "demo", Demo: true, CustomerID: demo.CustomerID, LeadID: leads[0].LeadID, Format: api.JSON},
		Lang: i18n.English, People: map[string]i18n.Lang{"bo": i18n.Swedish},
	}
	if edit != nil {
		edit(&cfg)
	}
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Start(); err != nil {
		t.Fatal(err)
	}
	th.Hub = h
	t.Cleanup(func() {
		h.Stop(time.Second, func(i18n.Lang) string { return "the hub is restarting" })
		store.Close()
	})
	return th
}

func (th *testHub) dial(t testing.TB, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	t.Helper()
	if auth == nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(th.keys[user])}
	}
	return gossh.Dial("tcp", th.Addr(), &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.FixedHostKey(th.hostKey), Timeout: 10 * time.Second,
	})
}

// waitLimit bounds every wait for a screen: generous, for a loaded
// machine under -race; a wait that ends early costs nothing.
const waitLimit = 90 * time.Second

// screen is a session seen through a terminal emulator.
type screen struct {
	mu   sync.Mutex
	term *vt.Emulator
	gen  int          // output written so far, in writes
	seen int          // gen when last was taken
	last string       // the screen's text at seen
	raw  bytes.Buffer // everything the hub sent
	in   io.WriteCloser
	sess *gossh.Session
	done chan struct{}
	// Input goes through one queue, drained by one goroutine: the
	// terminal's answers must never wait for the hub to read (the hub may be
	// waiting for this side to read its output), as in a real terminal.
	qmu   sync.Mutex
	queue []byte
	more  chan struct{}
}

func (s *screen) push(p []byte) {
	s.qmu.Lock()
	s.queue = append(s.queue, p...)
	s.qmu.Unlock()
	select {
	case s.more <- struct{}{}:
	default:
	}
}

func (s *screen) pump() {
	for {
		select {
		case <-s.more:
		case <-s.done:
			return
		}
		s.qmu.Lock()
		p := s.queue
		s.queue = nil
		s.qmu.Unlock()
		if len(p) > 0 {
			if _, err := s.in.Write(p); err != nil {
				return
			}
		}
	}
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.raw.Write(p)
	s.gen++
	return s.term.Write(p)
}

func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen != s.seen {
		s.last, s.seen = s.term.String(), s.gen
	}
	return s.last
}

func (s *screen) rawText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// open connects user and opens a session with a pty of w×h.
func (th *testHub) open(t testing.TB, user string, w, h int, env ...string) *screen {
	t.Helper()
	c, err := th.dial(t, user)
	if err != nil {
		t.Fatalf("%s: dial: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return openOn(t, c, w, h, env...)
}

func openOn(t testing.TB, c *gossh.Client, w, h int, env ...string) *screen {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(env); i += 2 {
		sess.Setenv(env[i], env[i+1])
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	s := &screen{term: vt.NewEmulator(w, h), sess: sess, done: make(chan struct{}), more: make(chan struct{}, 1)}
	sess.Stdout = s
	if s.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	// The terminal's answers (to the colour query) go back as input.
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := s.term.Read(buf)
			if n > 0 {
				s.push(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go s.pump()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { sess.Wait(); close(s.done) }()
	return s
}

func (s *screen) keys(t testing.TB, k string) {
	t.Helper()
	s.push([]byte(k))
}

// waitFor waits until the screen shows want.
func (s *screen) waitFor(t testing.TB, want string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		if strings.Contains(s.text(), want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the screen never showed %q:\n%s", want, s.text())
}

// waitGone waits until the screen no longer shows text.
func (s *screen) waitGone(t testing.TB, text string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		if !strings.Contains(s.text(), text) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the screen still shows %q:\n%s", text, s.text())
}

func (s *screen) waitEnd(t testing.TB) {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(waitLimit):
		t.Fatalf("the session did not end:\n%s", s.text())
	}
}

func auditRows(t testing.TB, st *desk.Store, f desk.AuditFilter) []desk.AuditRow {
	t.Helper()
	var rows []desk.AuditRow
	if err := st.Audit(context.Background(), f, func(r desk.AuditRow) error { rows = append(rows, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSessionLooksUpAndIsAudited(t *testing.T) {
	th := startHub(t, nil)
	s := th.open(t, "anna", 120, 36)
	s.waitFor(t, "Lead ID")
	lead := demo.Leads()[0]
	s.keys(t, "\r") // the demo's first lead is in the field
	s.waitFor(t, "held by")
	s.waitFor(t, "anna, just now") // the desk's history, with who and when
	s.waitFor(t, "desk · 1")

	rows := auditRows(t, th.store, desk.AuditFilter{})
	if len(rows) != 1 {
		t.Fatalf("%d audit rows, want 1: %+v", len(rows), rows)
	}
	r := rows[0]
	if r.Person != "anna" || r.KeyFP != Fingerprint(th.keys["anna"].PublicKey()) || r.Action != desk.ActionLead ||
		r.CustomerID != lead.CustomerID || r.Subject != lead.LeadID || r.Status != 200 || r.Outcome != desk.OutcomeShown {
		t.Fatalf("audit row %+v", r)
	}
	h, _ := th.store.History(context.Background(), "", 0)
	if len(h) != 1 || h[0].Person != "anna" || h[0].LeadID != lead.LeadID || h[0].State == "" {
		t.Fatalf("desk history %+v", h)
	}

	// o is off, with its reason.
	s.keys(t, "o")
	s.waitFor(t, "o and O are off in the hub")
	// c copies to the person's own terminal: an OSC 52 in this session's output.
	s.keys(t, "c")
	s.waitFor(t, "copied")
	if !strings.Contains(s.rawText(), "\x1b]52;c;") {
		t.Error("c sent no OSC 52 to the session")
	}
	// M shows only mine; q ends this session only.
	s.keys(t, "\t\t")
	s.keys(t, "M")
	s.waitFor(t, "mine · 1")
	s.keys(t, "q")
	s.waitEnd(t)
	if n := th.Sessions(); n != 0 {
		t.Errorf("%d sessions left after q", n)
	}
}

func TestPresenceAndLanguage(t *testing.T) {
	th := startHub(t, nil)
	a := th.open(t, "anna", 120, 36)
	b := th.open(t, "bo", 120, 36) // bo's entry says Swedish
	b.waitFor(t, "Lead-id")
	a.waitFor(t, "Lead ID")
	a.keys(t, "\r")
	b.keys(t, "\r")
	a.waitFor(t, "also open for bo")
	b.waitFor(t, "öppen även för anna")
	b.keys(t, "q")
	b.waitEnd(t)
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(a.text(), "also open for bo") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(a.text(), "also open for bo") {
		t.Error("bo left, and the title still says the lead is open for bo")
	}
}

func TestClientLANG(t *testing.T) {
	th := startHub(t, nil)
	th.cfg.People = nil
	s := th.open(t, "anna", 100, 30, "LANG", "sv_SE.UTF-8")
	s.waitFor(t, "Slå upp")
}

func TestRefusals(t *testing.T) {
	th := startHub(t, nil)
	t.Run("unknown key", func(t *testing.T) {
		if c, err := th.dial(t, "mallory", gossh.PublicKeys(newKey(t))); err == nil {
			c.Close()
			t.Fatal("a key not in authorized_keys was let in")
		}
	})
	t.Run("password", func(t *testing.T) {
		if c, err := th.dial(t, "anna", gossh.Password("anything")); err == nil {
			c.Close()
			t.Fatal("a password login was let in")
		}
	})
	t.Run("keyboard-interactive", func(t *testing.T) {
		ki := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
		if c, err := th.dial(t, "anna", ki); err == nil {
			c.Close()
			t.Fatal("a keyboard-interactive login was let in")
		}
	})
	c, err := th.dial(t, "anna")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t.Run("exec", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		if out, err := sess.CombinedOutput("cat /etc/passwd"); err == nil {
			t.Fatalf("exec ran: %q", out)
		}
	})
	t.Run("sftp", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		if err := sess.RequestSubsystem("sftp"); err == nil {
			t.Fatal("the sftp subsystem was granted")
		}
	})
	t.Run("local port forwarding", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		defer ln.Close()
		if conn, err := c.Dial("tcp", ln.Addr().String()); err == nil {
			conn.Close()
			t.Fatal("a direct-tcpip channel was opened")
		}
	})
	t.Run("remote port forwarding", func(t *testing.T) {
		if ln, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			ln.Close()
			t.Fatal("tcpip-forward was granted")
		}
	})
	t.Run("agent forwarding", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		ok, err := sess.SendRequest("auth-agent-req@openssh.com", true, nil)
		if err != nil || ok {
			t.Fatalf("agent forwarding request: ok=%v err=%v, want refused", ok, err)
		}
	})
	t.Run("no pty", func(t *testing.T) {
		sess, _ := c.NewSession()
		defer sess.Close()
		var out bytes.Buffer
		sess.Stdout = &out
		if err := sess.Shell(); err != nil {
			t.Fatal(err)
		}
		sess.Wait()
		if got := out.String(); !strings.Contains(got, "ssh -t -p") || strings.Count(got, "\n") != 1 {
			t.Fatalf("a session without a pty got %q, want one line saying how to connect", got)
		}
	})
}

func TestKeysReadAgain(t *testing.T) {
	th := startHub(t, nil)
	cia := newKey(t)
	if c, err := th.dial(t, "cia", gossh.PublicKeys(cia)); err == nil {
		c.Close()
		t.Fatal("cia's key was let in before it was added")
	}
	f, _ := os.OpenFile(th.keysPath, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, "%s cia\n", strings.TrimSpace(string(gossh.MarshalAuthorizedKey(cia.PublicKey()))))
	f.Close()
	th.Reload(true) // what SIGHUP does
	c, err := th.dial(t, "cia", gossh.PublicKeys(cia))
	if err != nil {
		t.Fatalf("cia's key, added and read again, was refused: %v", err)
	}
	c.Close()
	// Removed again: the change of the file is noticed by the watcher.
	os.WriteFile(th.keysPath, []byte(""), 0o600)
	later := time.Now().Add(2 * time.Second)
	os.Chtimes(th.keysPath, later, later)
	th.Reload(false)
	if c, err := th.dial(t, "anna"); err == nil {
		c.Close()
		t.Fatal("anna's key, removed from the file, was still let in")
	}
}

func TestAuditFailsClosed(t *testing.T) {
	th := startHub(t, nil)
	s := th.open(t, "anna", 120, 36)
	s.waitFor(t, "Lead ID")
	th.store.Close() // the audit cannot be written any more
	s.keys(t, "\r")
	s.waitFor(t, "audit log could not be written")
	if strings.Contains(s.text(), "held by") {
		t.Fatal("the lead was shown although its audit row was not written")
	}
}

func TestIdleTimeoutWarnsThenEnds(t *testing.T) {
	th := startHub(t, func(c *Config) { c.IdleTimeout, c.IdleWarning = 3*time.Second, 2*time.Second })
	s := th.open(t, "anna", 120, 36)
	s.waitFor(t, "ends in 2 s unless you press a key")
	s.waitEnd(t)
	if !strings.Contains(s.rawText(), "the session ended after 3 s without a key pressed") {
		t.Fatalf("no goodbye after the idle timeout:\n%q", s.rawText())
	}
}

func TestMaxSessions(t *testing.T) {
	th := startHub(t, func(c *Config) { c.MaxSessions = 1 })
	a := th.open(t, "anna", 100, 30)
	a.waitFor(t, "Lead ID")
	b := th.open(t, "bo", 100, 30)
	b.waitEnd(t)
	if !strings.Contains(b.rawText(), "hubben är full (1 session)") {
		t.Fatalf("the second session was not told the hub is full: %q", b.rawText())
	}
}

func TestStopTellsSessions(t *testing.T) {
	th := startHub(t, nil)
	s := th.open(t, "anna", 100, 30)
	s.waitFor(t, "Lead ID")
	go th.Stop(2*time.Second, func(i18n.Lang) string { return "the hub is restarting" })
	s.waitFor(t, "the hub is restarting")
	s.waitEnd(t)
}

// TestConcurrentSessions has 20 sessions look leads up at once: every
// lookup is in the desk history and the audit exactly once.
func TestConcurrentSessions(t *testing.T) {
	th := startHub(t, nil)
	const n = 20
	leads := demo.Leads()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			name := "anna"
			if i%2 == 1 {
				name = "bo"
			}
			s := th.open(t, name, 120, 36)
			s.waitFor(t, "Lead")
			for j, l := range leads[:2] {
				if j > 0 {
					s.keys(t, "i") // the Lead ID field, its value selected
					s.waitGone(t, "f XML")
				}
				s.keys(t, l.LeadID+"\r")
				s.waitFor(t, "f XML") // done: the lead's keys are live
			}
			time.Sleep(100 * time.Millisecond)
		})
	}
	wg.Wait()
	ctx := context.Background()
	h, _ := th.store.History(ctx, "", 0)
	rows := auditRows(t, th.store, desk.AuditFilter{})
	if len(h) != n*2 || len(rows) != n*2 {
		t.Fatalf("%d desk history rows and %d audit rows, want %d each", len(h), len(rows), n*2)
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.Person+" "+r.Subject]++
	}
	for _, l := range leads[:2] {
		if count["anna "+l.LeadID] != n/2 || count["bo "+l.LeadID] != n/2 {
			t.Errorf("%s: anna %d, bo %d audit rows, want %d each", l.LeadID, count["anna "+l.LeadID], count["bo "+l.LeadID], n/2)
		}
	}
}

// TestColourPerSession: each session's colours follow its own terminal,
// not the hub's or another session's.
func TestColourPerSession(t *testing.T) {
	th := startHub(t, nil)
	colour := th.open(t, "anna", 120, 36, "COLORTERM", "truecolor")
	plain := th.open(t, "bo", 120, 36, "NO_COLOR", "1")
	colour.waitFor(t, "Lead ID")
	plain.waitFor(t, "Lead-id")
	colour.keys(t, "\r")
	plain.keys(t, "\r")
	colour.waitFor(t, "held by")
	plain.waitFor(t, "hos")
	if !strings.Contains(colour.rawText(), "38;2;") {
		t.Error("the truecolor session got no 24-bit colours")
	}
	if raw := plain.rawText(); strings.Contains(raw, "38;2;") || strings.Contains(raw, "38;5;") {
		t.Error("the NO_COLOR session got colours")
	}
}

// The demo's leads to try, listed before the first lookup, say what each
// shows in the session's language: serve hands the hub its examples in the
// hub's language (English here), and bo's session is Swedish.
func TestDemoExamplesInTheSessionsLanguage(t *testing.T) {
	th := startHub(t, func(c *Config) {
		en := i18n.New(i18n.English)
		for _, d := range demo.Leads() {
			c.Base.Examples = append(c.Base.Examples, ui.Example{CustomerID: d.CustomerID, LeadID: d.LeadID, What: en.Say(d.Says)})
		}
	})
	sv := i18n.New(i18n.Swedish).Say(demo.Leads()[0].Says)
	en := demo.Leads()[0].What
	sv, en = sv[:strings.Index(sv, ":")], en[:strings.Index(en, ":")]
	b := th.open(t, "bo", 120, 40)
	b.waitFor(t, sv)
	if s := b.text(); strings.Contains(s, en) {
		t.Errorf("bo's Swedish session lists the demo's leads in English (%q):\n%s", en, s)
	}
	a := th.open(t, "anna", 120, 40)
	a.waitFor(t, en)
}

// A session without a terminal is told how to connect in its person's
// language: bo's entry says Swedish.
func TestNoTerminalInThePersonsLanguage(t *testing.T) {
	th := startHub(t, nil)
	c, err := th.dial(t, "bo")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, _ := c.NewSession()
	defer sess.Close()
	var out bytes.Buffer
	sess.Stdout = &out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	sess.Wait()
	if got := out.String(); !strings.Contains(got, "anslut med ssh -t -p") || strings.Count(got, "\n") != 1 {
		t.Fatalf("bo's session without a pty got %q, want one Swedish line saying how to connect", got)
	}
}

// serve without serve.authorized_keys says so in the hub's language.
func TestNoKeysInSwedish(t *testing.T) {
	_, err := New(Config{Addr: "127.0.0.1:0"})
	if got := i18n.New(i18n.Swedish).Error(err); !strings.Contains(got, "hubben släpper bara in") {
		t.Errorf("no authorized_keys, in Swedish: %q", got)
	}
}

// The idle warning and goodbye say their times in words, in the session's
// language: "om 1 min", not Go's "1m0s".
func TestIdleTimesInWords(t *testing.T) {
	sv, en := i18n.New(i18n.Swedish), i18n.New(i18n.English)
	for _, tc := range []struct {
		l    *i18n.Localizer
		d    time.Duration
		want string
	}{
		{sv, time.Minute, "1 min"}, {sv, 30 * time.Minute, "30 min"}, {sv, 2 * time.Hour, "2 tim"},
		{en, 2 * time.Hour, "2 h"}, {en, 90 * time.Minute, "90 min"}, {en, 3 * time.Second, "3 s"},
	} {
		if got := spanWords(tc.l, tc.d); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.l.Lang(), tc.d, got, tc.want)
		}
	}
}
