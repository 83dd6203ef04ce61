package hub

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/config"
	"leadinspector/ui"
	"leadinspector/ui/cli"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

// RunOptions are what `leadinspector serve` hands the hub.
type RunOptions struct {
	Settings *config.Settings
	Client   Client
	// Base are the inspector's options every session starts from (as the
	// local inspector's, without client, names and language).
	Base           ui.Options
	Lang           *i18n.Localizer
	Stdout, Stderr io.Writer
	// Ready, when set, is told the address once the hub listens (tests).
	Ready func(addr string)
}

// stopGrace bounds how long a stop waits for the sessions to end.
const stopGrace = 5 * time.Second

// StoreDir is the state directory the hub keeps its host key and (by
// default) its desk store in: the demo's apart from the real one.
func StoreDir(s *config.Settings) string {
	if s.Demo {
		return config.DemoDir(s.StateDir)
	}
	return s.StateDir
}

// DatabasePath is the desk store the settings name.
func DatabasePath(s *config.Settings) string {
	if s.Demo {
		return filepath.Join(StoreDir(s), config.DeskFileName)
	}
	return s.Serve.Database
}

// Run runs the hub until ctx ends, then stops it gracefully; it returns
// the exit code.
func Run(ctx context.Context, o RunOptions) int {
	s, l := o.Settings, o.Lang
	log := slog.New(slog.NewJSONHandler(o.Stderr, nil))
	dir := StoreDir(s)
	keyPath := filepath.Join(dir, HostKeyFile)
	signer, created, err := LoadHostKey(keyPath)
	if err != nil {
		cli.Errorln(o.Stderr, sanitize.Line(err.Error()))
		return cli.ExitInternal
	}
	store, err := desk.Open(DatabasePath(s))
	if err != nil {
		cli.Errorln(o.Stderr, sanitize.Line(err.Error()))
		return cli.ExitInternal
	}
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("desk store not closed cleanly", "error", err.Error())
		} else {
			log.Info("desk store closed")
		}
	}()
	// Vitec's notifications (ui/notify): the receiver on serve.notify_addr,
	// lookups of the leads they name through the hub's client (not a
	// person's: no audit row), and with --demo a stream of its own. Closed
	// before the store.
	notes, err := notify.StartForHub(ctx, s, notify.HubOptions{Desk: store, Client: o.Client,
		Names: api.NewResolver(o.Client, api.ResolverOptions{Profile: s.Profile}), Log: log, Demo: s.Demo})
	if err != nil {
		cli.Errorln(o.Stderr, l.Error(err))
		return cli.ExitUsage
	}
	defer notes.Close(context.Background())
	if u := notes.URL(); u != "" {
		io.WriteString(o.Stdout, l.T("notify.hub.listening", "URL", u)+"\n")
		if s.Demo {
			io.WriteString(o.Stdout, l.T("notify.hub.demo")+"\n")
		}
	}
	addr := s.Serve.SSHAddr
	if s.Demo {
		// The demo lets any key in: never beyond this machine.
		_, port, _ := net.SplitHostPort(addr)
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	people := map[string]i18n.Lang{}
	for name, p := range s.Serve.People {
		people[name] = p.Language
	}
	// Every session's queue pane and timelines read the notifications.
	o.Base.Notes, o.Base.NotesPath, o.Base.StuckAfter = notes.DB, DatabasePath(s), s.Serve.Notify.StuckAfter
	h, err := New(Config{
		Addr: addr, HostKey: signer, AuthorizedKeys: s.Serve.AuthorizedKeys, Demo: s.Demo,
		MaxSessions: s.Serve.MaxSessions, IdleTimeout: s.Serve.IdleTimeout,
		Store: store, Client: o.Client, Base: o.Base, People: people, Lang: l.Lang(), Log: log,
		External: notes.DB.External, Notified: notes.Subscribe,
	})
	if err != nil {
		cli.Errorln(o.Stderr, l.Error(err)) // in the hub's language where it is worded
		return cli.ExitUsage
	}
	if err := h.Start(); err != nil {
		cli.Errorln(o.Stderr, l.Error(err))
		return cli.ExitUsage
	}
	if !h.Reachable() {
		cli.Errorln(o.Stderr, l.T("cli.warning", "Text", l.Say(i18n.M("hub.err.no_valid_keys", "Path", s.Serve.AuthorizedKeys))))
	}
	fp := Fingerprint(signer.PublicKey())
	io.WriteString(o.Stdout, l.T("hub.listening", "Addr", h.Addr())+"\n")
	if created {
		io.WriteString(o.Stdout, l.T("hub.host_key_new", "Fingerprint", fp, "Path", keyPath)+"\n")
	} else {
		io.WriteString(o.Stdout, l.T("hub.host_key", "Fingerprint", fp, "Path", keyPath)+"\n")
	}
	host, port, _ := net.SplitHostPort(h.Addr())
	if s.Demo {
		io.WriteString(o.Stdout, l.T("hub.demo_try", "Port", port, "Host", host)+"\n")
	} else {
		io.WriteString(o.Stdout, l.T("hub.try", "Port", port, "Host", host)+"\n")
	}
	log.Info("hub start", "addr", h.Addr(), "host_key", fp, "demo", s.Demo, "max_sessions", s.Serve.MaxSessions)
	if o.Ready != nil {
		o.Ready(h.Addr())
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go store.KeepFor(ctx, s.Serve.Retention, func(lookups, audit int64, err error) {
		if err != nil {
			log.Error("retention", "error", err.Error())
		} else if lookups+audit > 0 {
			log.Info("retention", "lookups_removed", lookups, "audit_rows_removed", audit)
		}
	}, func(ctx context.Context, before time.Time) {
		// Vitec's notifications (the queue, the timelines) are kept as long.
		events, leads, err := notes.DB.Purge(ctx, before)
		if err != nil {
			log.Error("retention", "what", "notifications", "error", err.Error())
		} else if events+leads > 0 {
			log.Info("retention", "notifications_removed", events, "notified_leads_removed", leads)
		}
	})
	go h.WatchKeys(ctx, 2*time.Second)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-hup:
			h.Reload(true)
			continue
		case <-ctx.Done():
		}
		break
	}
	log.Info("hub stopping", "sessions", h.Sessions())
	h.Stop(stopGrace, func(lang i18n.Lang) string { return i18n.New(lang).T("hub.restarting") })
	return cli.ExitOK
}
