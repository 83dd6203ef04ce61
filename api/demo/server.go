package demo

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Server is the demo API listening on a TCP address.
type Server struct {
	// URL is the base URL to give the client, e.g. http://127.0.0.1:41234.
	URL string

	srv  *http.Server
	done chan struct{}
}

// Start serves NewHandler(o) on addr (host:port). An empty addr means
// 127.0.0.1:0: loopback only, on a free port.
func Start(o Options, addr string) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo API: listen on %s: %w", addr, err)
	}
	s := &Server{
		URL:  baseURL(ln.Addr()),
		srv:  &http.Server{Handler: NewHandler(o), ReadHeaderTimeout: 10 * time.Second},
		done: make(chan struct{}),
	}
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns when Close is called
	}()
	return s, nil
}

// Close stops listening, drops open connections (a slow request in flight
// sees its context cancelled) and waits for the serving goroutine to end.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.done
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// baseURL names a listening address as a client reaches it: a wildcard
// address (":8080", "0.0.0.0:8080") is reached through loopback.
func baseURL(a net.Addr) string {
	host, port := "127.0.0.1", ""
	if t, ok := a.(*net.TCPAddr); ok {
		port = strconv.Itoa(t.Port)
		if !t.IP.IsUnspecified() && t.IP != nil {
			host = t.IP.String()
		}
	} else {
		h, p, err := net.SplitHostPort(a.String())
		if err == nil {
			host, port = h, p
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}
