// Package notify is the hub's side of Vitec's notifications: the HTTP
// receiver that stores them, the coalesced lookups that follow, the queue
// and timeline read back from the desk store, and the demo's stream.
//
// The receiver answers inside Vitec's two seconds, always: it stores first
// (committed) and does any other work later. It trusts nothing it receives:
// a notification is only a hint to look the lead up.
package notify

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"leadinspector/api/notify"
)

// Store records notifications durably. Record returns once the notification
// is committed (dup true: an identical one was stored within the last
// DedupWindow, and this one was not stored again).
type Store interface {
	Record(ctx context.Context, n notify.Notification, at time.Time) (dup bool, err error)
}

// DedupWindow is how long an identical notification counts as a redelivery.
const DedupWindow = 10 * time.Minute

// StoreTimeout bounds one Record, so that the answer goes out inside Vitec's
// two seconds even when the store hangs (then 503: Vitec retries only 5xx).
const StoreTimeout = 1500 * time.Millisecond

// Receiver is the http.Handler for POST /notify/{token}.
type Receiver struct {
	token [sha256.Size]byte
	store Store
	now   func() time.Time
	log   *slog.Logger
	// recorded is told of each notification stored (not of duplicates), after
	// the answer's fate is sealed: the lookups and live updates hang here.
	recorded func(n notify.Notification, at time.Time)
}

// ReceiverOptions configure a Receiver.
type ReceiverOptions struct {
	// Token is the secret path segment (see CheckToken). It is never logged.
	Token string
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log gets one line per refusal and failure (never the token, never
	// personal data); nil discards.
	Log *slog.Logger
	// Recorded is called after a notification is stored; nil: nothing.
	Recorded func(n notify.Notification, at time.Time)
}

// NewReceiver builds the handler. The token must pass CheckToken.
func NewReceiver(o ReceiverOptions) (*Receiver, error) {
	if err := CheckToken(o.Token); err != nil {
		return nil, err
	}
	if o.Store == nil {
		return nil, errors.New("notify: no store")
	}
	r := &Receiver{token: sha256.Sum256([]byte(o.Token)), store: o.Store, now: o.Now, log: o.Log,
		recorded: o.Recorded}
	if r.now == nil {
		r.now = time.Now
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

// Path is the receiver's path prefix; the token follows it.
const Path = "/notify/"

func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The token first: without it, nothing about this server is told (404
	// for every method and body). Compared in constant time over digests,
	// so neither its bytes nor its length leak through timing.
	seg, ok := strings.CutPrefix(r.URL.Path, Path)
	got := sha256.Sum256([]byte(seg))
	if !ok || subtle.ConstantTimeCompare(got[:], rc.token[:]) != 1 {
		rc.refuse(w, http.StatusNotFound, "wrong path or token")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rc.refuse(w, http.StatusMethodNotAllowed, "method "+r.Method)
		return
	}
	if r.ContentLength > notify.MaxBody {
		rc.refuse(w, http.StatusRequestEntityTooLarge, "body larger than 64 KiB")
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		rc.refuse(w, http.StatusBadRequest, "content type is not application/json")
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rc.refuse(w, http.StatusRequestEntityTooLarge, "body larger than 64 KiB")
			return
		}
		rc.refuse(w, http.StatusBadRequest, "body could not be read")
		return
	}
	n, err := notify.Parse(body, r.URL.Query())
	if err != nil {
		var e *notify.Error
		reason := "bad"
		if errors.As(err, &e) {
			reason = e.Reason
		}
		rc.refuse(w, http.StatusBadRequest, "not a notification: "+reason)
		return
	}
	at := rc.now()
	ctx, cancel := context.WithTimeout(r.Context(), StoreTimeout)
	dup, err := rc.store.Record(ctx, n, at)
	cancel()
	if err != nil {
		// Vitec retries only 5xx, and only when retries are on: 503 gives
		// the notification its one chance of coming again.
		w.Header().Set("Retry-After", "10")
		rc.log.Error("notification not stored", "status", http.StatusServiceUnavailable,
			"lead", n.Line(), "error", err.Error())
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	if !dup && rc.recorded != nil {
		rc.recorded(n, at)
	}
}

func (rc *Receiver) refuse(w http.ResponseWriter, status int, why string) {
	rc.log.Info("notification refused", "status", status, "reason", why)
	http.Error(w, http.StatusText(status), status)
}

// readBody reads at most MaxBody bytes; one more is an *http.MaxBytesError.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, notify.MaxBody))
}
