// Package hub is the desk hub (leadinspector serve): the inspector served
// over SSH, one inspector per session, with the credentials only in the hub
// process. People connect with their own key (serve.authorized_keys, the
// key's comment naming the person); each session gets its own ui.Model,
// size, colour profile and language, and shares with the others the API
// client (and so its request budget), the names cache and the desk store
// (package desk), where every lookup and contact card is recorded.
//
// Refused: password and keyboard-interactive logins, exec, subsystems
// (sftp), port and agent forwarding; a session without a terminal gets one
// line saying how to connect.
package hub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	wishtea "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	"leadinspector/ui"
	"leadinspector/ui/desk"
	"leadinspector/ui/history"
	"leadinspector/ui/notify"
	"leadinspector/ui/queue"
)

// Config is what the hub runs with.
type Config struct {
	Addr           string
	HostKey        gossh.Signer
	AuthorizedKeys string // a file of OpenSSH public keys; ignored with Demo
	// Demo accepts any key; the SSH user name is the person.
	Demo        bool
	MaxSessions int
	IdleTimeout time.Duration
	// IdleWarning is how long before the idle timeout the session is
	// warned; 0 means a minute.
	IdleWarning time.Duration
	Store       *desk.Store
	Client      Client
	// Names are shared by every session: names resolved once serve all.
	Names *api.NameCache
	// Base are the inspector's options every session starts from; the hub
	// sets the client, names, language and Hub of each.
	Base ui.Options
	// People's languages, by name; Lang is the hub's own.
	People map[string]i18n.Lang
	Lang   i18n.Lang
	Log    *slog.Logger
	// External finds the lead a partner's externalId names through the
	// stored notifications (ui/notify); nil: not asked.
	External func(ctx context.Context, externalID string) (customerID, leadID string, ok bool)
	// Notified subscribes to the stored notifications' changes
	// (notify.Service.Subscribe): every session is told of them (its queue
	// pane and timeline ask the store again). Nil: no live updates.
	Notified func() (<-chan struct{}, func())

	// notifyPace is the wait between two queue refreshes the sessions are
	// told of (see notifyLoop); nil means notifyEvery by the clock. Tests
	// hold it to count refreshes per tick without a clock.
	notifyPace func() <-chan time.Time
}

// Hub is a running desk hub.
type Hub struct {
	cfg    Config
	srv    *ssh.Server
	people *people
	log    *slog.Logger
	ln     net.Listener

	mu       sync.Mutex
	sessions map[*session]struct{}
	stopping bool
	active   atomic.Int32

	deskDirty chan struct{}
	done      chan struct{}
	stopOnce  sync.Once
}

// session is one person's inspector.
type session struct {
	id      string
	who     desk.Who
	program *tea.Program
	showing [2]string // customer, lead on screen
	input   *activity
}

// New builds the hub; Start listens.
func New(cfg Config) (*Hub, error) {
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = 50
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.IdleWarning <= 0 {
		cfg.IdleWarning = time.Minute
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if cfg.Names == nil {
		cfg.Names = api.NewNameCache()
	}
	h := &Hub{cfg: cfg, log: cfg.Log, sessions: map[*session]struct{}{},
		deskDirty: make(chan struct{}, 1), done: make(chan struct{})}
	if !cfg.Demo {
		if cfg.AuthorizedKeys == "" {
			return nil, &notify.SettingError{Says: i18n.M("hub.err.no_keys")}
		}
		h.people = &people{path: cfg.AuthorizedKeys}
		if _, problems, err := h.people.load(true); err != nil {
			return nil, keysError(cfg.AuthorizedKeys, err)
		} else {
			h.logProblems(problems)
		}
	}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		func(s *ssh.Server) error { s.AddHostKey(cfg.HostKey); return nil },
		wish.WithPublicKeyAuth(h.allow),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return h.handle }),
	)
	if err != nil {
		return nil, err
	}
	// Only a shell with a terminal: no exec, no subsystem (sftp).
	srv.SessionRequestCallback = func(sess ssh.Session, kind string) bool {
		if kind != "shell" {
			h.log.Info("refused", "what", kind, "person", h.personOf(sess), "key", keyFP(sess.PublicKey()))
			return false
		}
		return true
	}
	// Agent forwarding refused at the request; port forwarding and other
	// channels are refused by the server's defaults (no handlers).
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{
		"session": func(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
			ssh.DefaultSessionHandler(srv, conn, noAgent{nc}, ctx)
		},
	}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	srv.PasswordHandler = nil
	srv.KeyboardInteractiveHandler = nil
	srv.HandshakeTimeout = 30 * time.Second
	srv.ConnectionFailedCallback = func(_ net.Conn, err error) {
		h.log.Info("refused login", "reason", err.Error())
	}
	h.srv = srv
	return h, nil
}

// Reachable reports whether a key lets anyone in (always, in the demo).
func (h *Hub) Reachable() bool { return h.people == nil || h.people.count() > 0 }

func (h *Hub) logProblems(problems []string) {
	for _, p := range problems {
		h.log.Warn("authorized_keys", "problem", p)
	}
}

// allow is the public key check: the key must be listed (any key in the
// demo).
func (h *Hub) allow(ctx ssh.Context, key ssh.PublicKey) bool {
	if h.cfg.Demo {
		return personName(ctx.User()) != ""
	}
	if h.people.who(key) != "" {
		return true
	}
	h.log.Info("refused login", "reason", "unknown key", "key", Fingerprint(key))
	return false
}

func (h *Hub) personOf(sess ssh.Session) string {
	if h.cfg.Demo {
		return personName(sess.User())
	}
	if k := sess.PublicKey(); k != nil {
		return h.people.who(k)
	}
	return ""
}

func keyFP(k gossh.PublicKey) string {
	if k == nil {
		return ""
	}
	return Fingerprint(k)
}

// Start listens and serves in the background; Addr then says where.
func (h *Hub) Start() error {
	ln, err := net.Listen("tcp", h.cfg.Addr)
	if err != nil {
		return err
	}
	h.ln = ln
	go h.srv.Serve(ln)
	go h.deskLoop()
	if h.cfg.Notified != nil {
		changes, cancel := h.cfg.Notified()
		go h.notifyLoop(changes, cancel)
	}
	return nil
}

// Addr is the address the hub listens on.
func (h *Hub) Addr() string { return h.ln.Addr().String() }

// Reload reads serve.authorized_keys again when force or when it changed.
func (h *Hub) Reload(force bool) {
	if h.people == nil {
		return
	}
	changed, problems, err := h.people.load(force)
	switch {
	case err != nil:
		h.log.Error("authorized_keys not read again; the keys read before still apply", "error", err.Error())
	case changed:
		h.logProblems(problems)
		h.log.Info("authorized_keys read", "keys", h.people.count())
	}
}

// WatchKeys reads the keys again whenever the file changes (checked every
// interval) until ctx ends.
func (h *Hub) WatchKeys(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.Reload(false)
		}
	}
}

// Sessions is how many sessions are open.
func (h *Hub) Sessions() int { return int(h.active.Load()) }

// Stop tells every session the hub is restarting, ends them, and stops
// listening; it waits up to grace for the sessions to end.
func (h *Hub) Stop(grace time.Duration, text func(i18n.Lang) string) {
	h.stopOnce.Do(func() { h.stop(grace, text) })
}

func (h *Hub) stop(grace time.Duration, text func(i18n.Lang) string) {
	h.mu.Lock()
	h.stopping = true
	var ss []*session
	for s := range h.sessions {
		ss = append(ss, s)
	}
	h.mu.Unlock()
	for _, s := range ss {
		s.program.Send(ui.HubNoticeMsg{Text: text(s.lang())})
	}
	if len(ss) > 0 {
		time.Sleep(min(grace/2, time.Second)) // let them read it
	}
	for _, s := range ss {
		s.program.Quit()
	}
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := h.srv.Shutdown(ctx); err != nil {
		h.srv.Close()
	}
	close(h.done)
}

// noAgent is a session channel whose agent forwarding requests are
// refused before the session sees them.
type noAgent struct{ gossh.NewChannel }

func (n noAgent) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := n.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			if r.Type == "auth-agent-req@openssh.com" {
				if r.WantReply {
					r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// deskLoop hands the desk's history to every session after lookups, at
// most four times a second.
func (h *Hub) deskLoop() {
	for {
		select {
		case <-h.done:
			return
		case <-h.deskDirty:
		}
		h.broadcastDesk()
		select {
		case <-h.done:
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// notifyEvery is the least time between two queue refreshes a session is
// told of: a burst of notifications (Vitec's 1,000 a second at most) is a
// few refreshes a second, not one per notification.
const notifyEvery = 500 * time.Millisecond

// notifyLoop tells every session when notifications were stored or
// looked up (queue.ChangedMsg), at most once per notifyEvery (a tick of
// Config.notifyPace), until the hub stops: the changes that come while it
// waits are one (the subscription keeps one pending), told at the tick.
func (h *Hub) notifyLoop(changes <-chan struct{}, cancel func()) {
	defer cancel()
	pace := h.cfg.notifyPace
	if pace == nil {
		pace = func() <-chan time.Time { return time.After(notifyEvery) }
	}
	for {
		select {
		case <-h.done:
			return
		case <-changes:
		}
		for _, p := range h.programs() {
			p.Send(queue.ChangedMsg{})
		}
		select {
		case <-h.done:
			return
		case <-pace():
		}
	}
}

// programs are the sessions' programs, taken under the lock and sent to
// after it: a session slow to read holds up only the sender.
func (h *Hub) programs() []*tea.Program {
	h.mu.Lock()
	defer h.mu.Unlock()
	ps := make([]*tea.Program, 0, len(h.sessions))
	for s := range h.sessions {
		ps = append(ps, s.program)
	}
	return ps
}

func (h *Hub) deskChanged() {
	select {
	case h.deskDirty <- struct{}{}:
	default:
	}
}

const deskRows = 200

func (h *Hub) deskEntries() []history.Entry {
	rows, err := h.cfg.Store.History(context.Background(), "", deskRows)
	if err != nil {
		h.log.Error("desk history not read", "error", err.Error())
		return nil
	}
	out := make([]history.Entry, len(rows))
	for i, r := range rows {
		out[i] = history.Entry{Profile: r.Profile, CustomerID: r.CustomerID, LeadID: r.LeadID,
			State: api.State(r.State), Status: r.Status, At: r.At, Person: r.Person}
	}
	return out
}

func (h *Hub) broadcastDesk() {
	entries := h.deskEntries()
	// Sent outside the lock: a session that is slow to read holds up only
	// this loop, never a login or another session's presence.
	for _, p := range h.programs() {
		p.Send(ui.HubDeskMsg{Entries: entries})
	}
}

// sends are messages for sessions, gathered under h.mu and sent after.
type sends []func()

func (ss sends) send() {
	for _, f := range ss {
		f()
	}
}

// showing records the lead a session has on screen and tells every
// session showing that lead (or the one it left) who else has it open.
func (h *Hub) showing(s *session, customer, lead string) {
	h.mu.Lock()
	old := s.showing
	s.showing = [2]string{customer, lead}
	out := h.presenceLocked(old)
	out = append(out, h.presenceLocked(s.showing)...)
	h.mu.Unlock()
	out.send()
}

func (h *Hub) presenceLocked(k [2]string) (out sends) {
	if k[1] == "" {
		return nil
	}
	var here []*session
	for s := range h.sessions {
		if s.showing == k {
			here = append(here, s)
		}
	}
	for _, s := range here {
		var others []string
		for _, o := range here {
			if o != s && o.who.Person != s.who.Person && !contains(others, o.who.Person) {
				others = append(others, o.who.Person)
			}
		}
		sort.Strings(others)
		p, msg := s.program, ui.HubPresenceMsg{CustomerID: k[0], LeadID: k[1], Others: others}
		out = append(out, func() { p.Send(msg) })
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// lang is the session's language, for the hub's own words to it.
func (s *session) lang() i18n.Lang { return s.input.lang }

// activity is a session's input, noting when the person last typed.
type activity struct {
	r    io.Reader
	last atomic.Int64 // Unix nanoseconds
	lang i18n.Lang
}

func (a *activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// sessionLang is a session's language: the person's entry, else the
// client's LANG (or LC_ALL, LC_MESSAGES) when sent, else the hub's.
func sessionLang(person string, env []string, people map[string]i18n.Lang, hub i18n.Lang) i18n.Lang {
	if l := people[person]; l != "" {
		return l
	}
	get := func(name string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v
			}
		}
		return ""
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := get(name); v != "" {
			return i18n.FromLocale(v)
		}
	}
	if hub == "" {
		return i18n.English
	}
	return hub
}

// handle runs one session.
func (h *Hub) handle(sess ssh.Session) {
	person := h.personOf(sess)
	fp := keyFP(sess.PublicKey())
	lang := sessionLang(person, sess.Environ(), h.cfg.People, h.cfg.Lang)
	l := i18n.New(lang)
	pty, winCh, ok := sess.Pty()
	if !ok {
		host, port, _ := net.SplitHostPort(h.Addr())
		fmt.Fprint(sess, l.T("hub.no_terminal", "Port", port, "Host", host)+"\r\n")
		h.log.Info("refused", "what", "no terminal", "person", person, "key", fp)
		sess.Exit(1)
		return
	}
	if person == "" { // the key was removed from the file since the login
		fmt.Fprint(sess, l.T("hub.key_gone")+"\r\n")
		sess.Exit(1)
		return
	}
	h.mu.Lock()
	if h.stopping || int(h.active.Load()) >= h.cfg.MaxSessions {
		h.mu.Unlock()
		fmt.Fprint(sess, l.N("hub.full", h.cfg.MaxSessions)+"\r\n")
		h.log.Info("refused", "what", "session limit", "person", person, "max", h.cfg.MaxSessions)
		sess.Exit(1)
		return
	}
	h.active.Add(1)
	h.mu.Unlock()

	who := desk.Who{Person: person, KeyFP: fp}
	s := &session{id: sess.Context().SessionID()[:12], who: who, input: &activity{r: sess, lang: lang}}
	s.input.last.Store(time.Now().UnixNano())
	client := &audited{Client: h.cfg.Client, store: h.cfg.Store, who: who, profile: h.cfg.Base.Profile, after: h.deskChanged}

	o := h.cfg.Base
	o.Client = client
	o.Names = api.NewResolver(client, api.ResolverOptions{
		Profile: o.Profile, Format: o.Format, Parallel: o.Parallel, Cache: h.cfg.Names,
	})
	o.Lang = l
	o.Examples = sayExamples(o.Examples, l)
	o.StateDir = "" // the desk store keeps the history
	o.TempDir = ""
	o.Hub = &ui.Hub{
		Person:  person,
		NoOpen:  l.T("ui.hub.no_open"),
		Showing: func(c, ld string) { go h.showing(s, c, ld) },
		// A partner's own id typed into Lead ID: the stored notifications.
		External: h.cfg.External,
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	opts := append(wishtea.MakeOptions(sess), tea.WithInput(s.input), tea.WithContext(ctx))
	if pty.Window.Width > 0 {
		opts = append(opts, tea.WithWindowSize(pty.Window.Width, pty.Window.Height))
	}
	p := tea.NewProgram(ui.New(o), opts...)
	s.program = p

	h.mu.Lock()
	h.sessions[s] = struct{}{}
	h.mu.Unlock()
	h.log.Info("session start", "session", s.id, "person", person, "key", fp, "lang", string(lang), "term", pty.Term)
	start := time.Now()

	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w := <-winCh:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	idled := make(chan struct{})
	go h.watchIdle(ctx, s, l, idled)
	go func() { // the desk's history, at once
		p.Send(ui.HubDeskMsg{Entries: h.deskEntries()})
	}()

	_, err := p.Run()
	p.Kill()
	cancel()

	h.mu.Lock()
	delete(h.sessions, s)
	gone := s.showing
	s.showing = [2]string{}
	out := h.presenceLocked(gone)
	stopping := h.stopping
	h.active.Add(-1)
	h.mu.Unlock()
	go out.send()

	reason := "quit"
	select {
	case <-idled:
		reason = "idle"
		fmt.Fprint(sess, l.T("hub.idle_ended", "Idle", spanWords(l, h.cfg.IdleTimeout))+"\r\n")
	default:
		if stopping {
			reason = "hub stopping"
			fmt.Fprint(sess, l.T("hub.restarting")+"\r\n")
		}
	}
	attrs := []any{"session", s.id, "person", person, "reason", reason, "duration", time.Since(start).Round(time.Millisecond).String()}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) {
		attrs = append(attrs, "error", err.Error())
	}
	h.log.Info("session end", attrs...)
	sess.Exit(0)
}

// watchIdle warns the session IdleWarning before its idle timeout and
// ends it at the timeout.
func (h *Hub) watchIdle(ctx context.Context, s *session, l *i18n.Localizer, idled chan<- struct{}) {
	tick := min(h.cfg.IdleTimeout/10, 5*time.Second)
	t := time.NewTicker(tick)
	defer t.Stop()
	warned := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		idle := time.Since(time.Unix(0, s.input.last.Load()))
		switch {
		case idle >= h.cfg.IdleTimeout:
			close(idled)
			s.program.Quit()
			return
		case idle >= h.cfg.IdleTimeout-h.cfg.IdleWarning && !warned:
			warned = true
			s.program.Send(ui.HubNoticeMsg{Text: l.T("hub.idle_warning", "In", spanWords(l, h.cfg.IdleWarning))})
		case idle < h.cfg.IdleTimeout-h.cfg.IdleWarning:
			warned = false
		}
	}
}

// sayExamples is examples (the demo's leads to try, which serve words in
// the hub's language) with each demo lead's words in l's, the session's.
// An example that is not one of the demo's keeps its words.
func sayExamples(examples []ui.Example, l *i18n.Localizer) []ui.Example {
	if len(examples) == 0 {
		return examples
	}
	says := map[[2]string]i18n.Message{}
	for _, d := range demo.Leads() {
		says[[2]string{d.CustomerID, d.LeadID}] = d.Says
	}
	out := slices.Clone(examples)
	for i, e := range out {
		if m, ok := says[[2]string{e.CustomerID, e.LeadID}]; ok {
			out[i].What = l.Say(m)
		}
	}
	return out
}

// spanWords is d for a sentence in l's words: "1 min", "30 min", "2 h"
// ("2 tim"); under a minute in seconds. Go's "1m0s" is no word.
func spanWords(l *i18n.Localizer, d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d%time.Hour == 0:
		return l.N("time.age.hours", int(d/time.Hour))
	}
	return l.N("time.age.minutes", int(d.Round(time.Minute)/time.Minute))
}

// keysError words a keys file that cannot be read for its reader: missing
// (the usual first mistake) in the hub's language; any other failure with
// the system's words for it.
func keysError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &notify.SettingError{Says: i18n.M("hub.err.keys_missing", "Path", path)}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is said once
	}
	return &notify.SettingError{Says: i18n.M("hub.err.keys_unreadable", "Path", path, "Error", err.Error())}
}
