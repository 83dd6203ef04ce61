package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The status bar explains without a clock of its own, the CLI with one a
// little later: both say the same time, counted from the answer's arrival
// stamped on the error, not "in 1440 min".
func TestRetryAfterStatusBarAndCLISayTheSameTime(t *testing.T) {
	arrived := time.Date(2026, 12, 7, 11, 21, 2, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Now = func() time.Time { return arrived } })
	_, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
	bar := Explain(err, ExplainContext{Loc: time.UTC}).Line(true)
	cli := Explain(err, ExplainContext{Now: arrived.Add(3 * time.Second), Loc: time.UTC}).Line(false)
	const want = "retry after tomorrow 15:07"
	if !strings.Contains(bar, want) || !strings.Contains(cli, want) {
		t.Errorf("status bar %q, CLI %q: want both to say %q", bar, cli, want)
	}
}
