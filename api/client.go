package api

import (
	"context"
	"crypto/x509"
	"net/http"
	"time"
)

// Defaults for Options fields left zero.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBodyBytes = 16 << 20
	DefaultRetries      = 2
	// MaxRetryAfter caps how long a Retry-After header can make us wait.
	MaxRetryAfter = 30 * time.Second
)

// Options configure a Client.
type Options struct {
	// BaseURL is the scheme and host (and optional path prefix) of Express
	// Connect, e.g. https://connect.maklare.vitec.net. Plain http is refused
	// unless the host is loopback.
	BaseURL  string
	Username string
	Password string
	// Timeout bounds each attempt, from sending the request to the last byte
	// of the body. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBodyBytes caps the (decompressed) body. Zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// UserAgent is sent as is, e.g. "leadinspector/1.2.0".
	UserAgent string
	// RootCAs, when set, replaces the system's trusted certificates (a
	// corporate proxy's CA from the profile's ca_file).
	RootCAs *x509.CertPool
	// Retries is how many times a failed attempt may be retried (connection
	// errors, 429, 502, 503, 504 only). Negative means none; zero means
	// DefaultRetries.
	Retries int
	// Transport, when set, replaces the client's own transport (tests).
	Transport http.RoundTripper
	// Sleep waits between retries; nil means a timer that honours ctx.
	// Tests replace it to run without real waits.
	Sleep func(ctx context.Context, d time.Duration) error
}

// LeadGetter is what the inspector and the command line need of a client.
type LeadGetter interface {
	GetIncomingLead(ctx context.Context, customerID, leadID string, f Format) (*Result, error)
}
