package notify

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"sync"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/notify"
	"leadinspector/config"
)

// ServiceOptions are what the hub (`leadinspector serve`) starts the
// notifications with.
type ServiceOptions struct {
	// Addr is serve.notify_addr; "" runs no receiver (unless Demo).
	Addr            string
	TLSCert, TLSKey string
	// Token is the receiver's path token (CheckToken); with Demo and no
	// Token, a random one is made.
	Token string
	Desk  Desk
	// Client looks notified leads up (the hub's shared client, so its
	// request budget); Names names their holder; nil Client: no lookups.
	Client LeadGetter
	Names  NameGetter
	Log    *slog.Logger
	// Demo adds a stream of realistic notifications for the demo leads,
	// posted to the receiver over HTTP like Vitec's (see demo.go); without
	// an Addr the receiver listens on a free loopback port.
	Demo bool
	// DemoEvery is the demo stream's pace; zero means 6s.
	DemoEvery time.Duration
	// Delay is the lookups' coalescing delay; zero means 2s.
	Delay time.Duration
}

// Service is the hub's notifications running: the receiver, the lookups
// and, in the demo, the stream. Sessions read the queue through DB and
// learn of changes through Subscribe.
type Service struct {
	DB      *DB
	server  *Server
	lookups *Lookups
	log     *slog.Logger
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// Start starts what opts ask for and returns at once; Close stops it.
func Start(opts ServiceOptions) (*Service, error) {
	if opts.Desk == nil {
		return nil, errors.New("notify: no desk store")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{DB: NewDB(opts.Desk), log: opts.Log, cancel: cancel, subs: map[chan struct{}]struct{}{}}
	if opts.Client != nil {
		s.lookups = NewLookups(LookupsOptions{Look: ClientLookup(opts.Client, opts.Names, nil), Seen: s.DB.SetSeen,
			Delay: opts.Delay, Log: opts.Log, Changed: func(string) { s.broadcast() }})
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.lookups.Run(ctx) }()
	}
	addr := opts.Addr
	if addr == "" && opts.Demo {
		addr = "127.0.0.1:0"
	}
	if addr != "" {
		token := opts.Token
		if token == "" && opts.Demo {
			token = randomToken()
		}
		rc, err := NewReceiver(ReceiverOptions{Token: token, Store: s.DB, Log: opts.Log,
			Recorded: func(n notify.Notification, at time.Time) {
				if s.lookups != nil {
					s.lookups.Notify(n, at)
				}
				s.broadcast()
			}})
		if err != nil {
			s.Close(context.Background())
			return nil, err
		}
		srv, err := Listen(ServerOptions{Addr: addr, TLSCert: opts.TLSCert, TLSKey: opts.TLSKey, Log: opts.Log}, rc)
		if err != nil {
			s.Close(context.Background())
			return nil, err
		}
		s.server = srv
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := srv.Serve(); err != nil {
				opts.Log.Error("notification receiver stopped", "error", err.Error())
			}
		}()
		// Never the token: the address and path prefix only.
		opts.Log.Info("notification receiver listening", "url", srv.URL()+Path+"…")
		if opts.Demo {
			d := newDemoStream(s.DB, srv.URL()+Path+token, opts.DemoEvery, opts.Log)
			now := time.Now()
			latest, err := d.backfill(ctx, now)
			if err != nil {
				opts.Log.Error("demo notifications not stored", "error", err.Error())
			}
			for _, n := range latest {
				if s.lookups != nil {
					s.lookups.Notify(n, now)
				}
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); d.run(ctx) }()
		}
	}
	return s, nil
}

// URL is the receiver's base URL without the token ("" when none runs).
func (s *Service) URL() string {
	if s.server == nil {
		return ""
	}
	return s.server.URL() + Path
}

// Subscribe returns a channel that gets a value (coalesced) whenever a
// notification is stored or a lookup of a notified lead is; cancel ends
// the subscription.
func (s *Service) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}
}

func (s *Service) broadcast() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // one pending wake-up says it all
		}
	}
}

// Close stops the receiver (answering the requests in flight), the
// lookups and the stream.
func (s *Service) Close(ctx context.Context) error {
	var err error
	if s.server != nil {
		err = s.server.Shutdown(ctx)
	}
	s.cancel()
	s.wg.Wait()
	return err
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HubOptions are what `serve` hands StartForHub besides the settings.
type HubOptions struct {
	Desk   Desk
	Client LeadGetter
	Names  NameGetter
	Log    *slog.Logger
	// Demo is serve --demo: the receiver on a free loopback port with a
	// token of its own, and the demo stream.
	Demo bool
}

// StartForHub starts the notifications as s's [serve] table says: the
// receiver on serve.notify_addr with the token from notify_token_command,
// notify_token_env or LEADINSPECTOR_NOTIFY_TOKEN. Without notify_addr (and
// without Demo) no receiver runs, and the queue shows what is stored.
func StartForHub(ctx context.Context, s *config.Settings, o HubOptions) (*Service, error) {
	n := s.Serve.Notify
	opts := ServiceOptions{Addr: n.NotifyAddr, TLSCert: n.TLSCert, TLSKey: n.TLSKey, Desk: o.Desk,
		Client: o.Client, Names: o.Names, Log: o.Log, Demo: o.Demo}
	if o.Demo {
		opts.Addr, opts.TLSCert, opts.TLSKey = "", "", ""
		// A token given (LEADINSPECTOR_NOTIFY_TOKEN, notify_token_*) lets
		// notify-test and curl post to the demo's receiver too; without
		// one it is random and never shown.
		tok, ok, err := s.NotifyToken(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			opts.Token = tok
		}
	} else if n.NotifyAddr != "" {
		tok, ok, err := s.NotifyToken(ctx)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &SettingError{i18n.M("notify.err.no_token", "Env", config.EnvNotifyToken)}
		}
		opts.Token = tok
	}
	return Start(opts)
}
