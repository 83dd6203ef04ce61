package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// MinTokenLength is the shortest token the receiver takes.
const MinTokenLength = 32

// EnvToken is the environment variable that may hold the receiver's token.
const EnvToken = "LEADINSPECTOR_NOTIFY_TOKEN"

// TokenError is a token CheckToken refused; it never holds the token.
// Says is what is wrong with it.
type TokenError struct{ Says i18n.Message }

func (e *TokenError) Error() string { return i18n.InEnglish(e.Says) }

// Localize words the refusal in l's language (hub startup errors).
func (e *TokenError) Localize(l *i18n.Localizer) string { return l.Say(e.Says) }

// SettingError is a [serve] setting the receiver (or the hub) cannot
// start with; Says is what to do.
type SettingError struct{ Says i18n.Message }

func (e *SettingError) Error() string { return i18n.InEnglish(e.Says) }

// Localize words it in l's language (hub startup errors).
func (e *SettingError) Localize(l *i18n.Localizer) string { return l.Say(e.Says) }

// CheckToken refuses a token that is too short to be unguessable or that
// could not stand in a URL path as is. Only unreserved URL characters are
// allowed (letters, digits, - . _ ~), so what Vitec is given is exactly what
// arrives.
func CheckToken(tok string) error {
	if len(tok) < MinTokenLength {
		return &TokenError{i18n.M("notify.err.token_short", "Min", MinTokenLength)}
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~') {
			return &TokenError{i18n.M("notify.err.token_chars")}
		}
	}
	first := tok[0]
	for i := 1; i < len(tok); i++ {
		if tok[i] != first {
			return nil
		}
	}
	return &TokenError{i18n.M("notify.err.token_repeated")}
}

// ServerOptions are where and how the receiver listens.
type ServerOptions struct {
	// Addr is serve.notify_addr, HOST:PORT.
	Addr string
	// TLSCert and TLSKey are PEM files; both empty means plain HTTP, allowed
	// only on a loopback address (behind a reverse proxy that does TLS).
	TLSCert, TLSKey string
	Log             *slog.Logger
}

// Server is the receiver listening.
type Server struct {
	srv *http.Server
	ln  net.Listener
	tls bool
}

// PlainHTTPError is plain HTTP asked for on an address other than loopback.
type PlainHTTPError struct{ Addr string }

func (e *PlainHTTPError) message() i18n.Message {
	return i18n.M("notify.err.plain_http", "Addr", sanitize.Line(e.Addr))
}

func (e *PlainHTTPError) Error() string { return i18n.InEnglish(e.message()) }

// Localize words the refusal in l's language (hub startup errors).
func (e *PlainHTTPError) Localize(l *i18n.Localizer) string { return l.Say(e.message()) }

// Listen opens the receiver's address. Without TLS the address must be
// loopback by the client's own rule (api.IsLoopback), and the socket it
// bound is checked again (a name could resolve elsewhere).
func Listen(o ServerOptions, h http.Handler) (*Server, error) {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, fmt.Errorf("serve.notify_addr %q: %w", o.Addr, err)
	}
	if (o.TLSCert == "") != (o.TLSKey == "") {
		return nil, &SettingError{i18n.M("notify.err.tls_pair")}
	}
	useTLS := o.TLSCert != ""
	if !useTLS && !api.IsLoopback(host) {
		return nil, &PlainHTTPError{o.Addr}
	}
	var cfg *tls.Config
	if useTLS {
		cert, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("serve.tls_cert/tls_key: %w", err)
		}
		cfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, err
	}
	if !useTLS {
		if a, ok := ln.Addr().(*net.TCPAddr); !ok || !a.IP.IsLoopback() {
			_ = ln.Close()
			return nil, &PlainHTTPError{o.Addr}
		}
	}
	var errLog *slog.Logger = o.Log
	if errLog == nil {
		errLog = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           h,
		TLSConfig:         cfg,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		// The standard library's own complaints (TLS handshakes from
		// scanners) at debug level: they are noise, and never hold the
		// token (paths are not logged by it).
		ErrorLog: slog.NewLogLogger(errLog.Handler(), slog.LevelDebug),
	}
	if useTLS {
		ln = tls.NewListener(ln, cfg)
	}
	return &Server{srv: srv, ln: ln, tls: useTLS}, nil
}

// Addr is the address bound (with the port chosen for ":0").
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// URL is the receiver's base URL (scheme, host and port; no token).
func (s *Server) URL() string {
	scheme := "http"
	if s.tls {
		scheme = "https"
	}
	return scheme + "://" + s.ln.Addr().String()
}

// Serve answers until Shutdown; it returns nil after a shutdown.
func (s *Server) Serve() error {
	if err := s.srv.Serve(s.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Shutdown stops taking requests and waits for those in flight.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
